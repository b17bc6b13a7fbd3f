"""Check a PDF LibreOffice made against the report it came from: no character lost, no font silently replaced.

- The text: every character of the document (white space aside) must be in the PDF's text layer, in
  order. `pdftotext -raw` gives the text in the order it was drawn (table cells one after the other);
  what the PDF has in addition (page numbers, the header row repeated on each page) is allowed, what it
  lacks is reported with its page and the words around it.
- The fonts: each font the document names (仿宋_GB2312, 方正小标宋简体 …) that fontconfig does not have is
  reported with the face it was replaced by (`fc-list`, `fc-match`), so that the user knows the PDF does
  not look as the report will in Word.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Finding, Location

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONTEXT = 10
"""Characters shown on each side of a missing one."""
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Missing:
    """Characters of the document absent from the PDF: what, on which page, amid which words."""

    text: str
    page: int
    before: str
    after: str
    paragraph: str


def _visible(text: str) -> str:
    """`text` without white space and invisible format characters (word joiners, zero-width spaces)."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def document_paragraphs(docx: Path) -> list[str]:
    """Return the text of every paragraph of the document's body, table cells included, in order."""
    with zipfile.ZipFile(docx) as package:
        root = ET.fromstring(package.read("word/document.xml"))
    return ["".join(_own_text(p)) for p in root.iter(f"{W}p")]


def _own_text(element: ET.Element) -> Iterator[str]:
    """The w:t texts inside `element`, those of a paragraph nested in it (a text box) left to that paragraph."""
    for child in element:
        if child.tag == f"{W}t":
            yield child.text or ""
        elif child.tag != f"{W}p":
            yield from _own_text(child)


def pdf_pages(pdf: Path, program: str = "pdftotext") -> list[str]:
    """Return the text of each page of `pdf` in drawing order (`pdftotext -raw`)."""
    done = subprocess.run(
        [program, "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        check=True,
    )
    pages = done.stdout.decode("utf-8", "replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def missing_text(paragraphs: list[str], pages: list[str]) -> list[Missing]:
    """Return the runs of document characters the PDF text lacks, in document order."""
    doc_chars: list[str] = []
    doc_para: list[int] = []
    for index, text in enumerate(paragraphs):
        for ch in _visible(text):
            doc_chars.append(ch)
            doc_para.append(index)
    pdf_chars: list[str] = []
    pdf_page: list[int] = []
    for number, text in enumerate(pages, start=1):
        for ch in _visible(text):
            pdf_chars.append(ch)
            pdf_page.append(number)
    doc, pdf = "".join(doc_chars), "".join(pdf_chars)
    found = []
    matcher = difflib.SequenceMatcher(None, doc, pdf, autojunk=False)
    for op, a1, a2, b1, _b2 in matcher.get_opcodes():
        if op not in ("delete", "replace"):
            continue
        page = pdf_page[min(b1, len(pdf_page) - 1)] if pdf_page else 1
        found.append(
            Missing(
                doc[a1:a2],
                page,
                doc[max(0, a1 - CONTEXT) : a1],
                doc[a2 : a2 + CONTEXT],
                paragraphs[doc_para[a1]],
            )
        )
    return found


def text_findings(docx: Path, pdf: Path, program: str = "pdftotext") -> list[Finding]:
    """Return one finding per run of characters of `docx` missing from `pdf`."""
    found = missing_text(document_paragraphs(docx), pdf_pages(pdf, program))
    return [
        Finding(
            "pdf_text_missing",
            f"PDF 第 {m.page} 页缺少“{m.text}”：…{m.before}【{m.text}】{m.after}…。LibreOffice 排版时丢掉了这些"
            "字符，这份 PDF 不能发出。Word 报告不受影响：请在 Word 或 WPS 中另存为 PDF，并把此问题告诉模板的维护者。",
            Location(file=str(docx), paragraph=_short(m.paragraph)),
            input=m.text,
        )
        for m in found
    ]


def _short(text: str, limit: int = 30) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


# -- fonts -------------------------------------------------------------------------------------------------

_FONT_ATTRIBUTES = ("ascii", "hAnsi", "eastAsia", "cs")
_STORY = re.compile(r"word/(document|header\d+|footer\d+)\.xml")


def _fonts_of(element: ET.Element) -> list[str]:
    names = []
    for fonts in element.iter(f"{W}rFonts"):
        names += [v for v in (fonts.get(f"{W}{a}") for a in _FONT_ATTRIBUTES) if v]
    return names


def requested_fonts(docx: Path) -> list[str]:
    """Return the font names the document asks for, in first-use order.

    Those of the default run properties, of the styles its paragraphs, runs and tables use (with the
    styles they are based on) and of its runs; the unused styles a template carries are left out.
    """
    names: dict[str, None] = {}
    with zipfile.ZipFile(docx) as package:
        styles = ET.fromstring(package.read("word/styles.xml"))
        stories = [ET.fromstring(package.read(n)) for n in package.namelist() if _STORY.fullmatch(n)]
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    wanted = [s.get(f"{W}styleId") for s in by_id.values() if s.get(f"{W}default") == "1"]
    for story in stories:
        for tag in ("pStyle", "rStyle", "tblStyle"):
            wanted += [e.get(f"{W}val") for e in story.iter(f"{W}{tag}")]
    defaults = styles.find(f"{W}docDefaults")
    for name in _fonts_of(defaults) if defaults is not None else []:
        names[name] = None
    seen: set[str | None] = set()
    while wanted:
        style_id = wanted.pop(0)
        if style_id in seen or style_id not in by_id:
            continue
        seen.add(style_id)
        style = by_id[style_id]
        names.update(dict.fromkeys(_fonts_of(style)))
        based = style.find(f"{W}basedOn")
        if based is not None:
            wanted.append(based.get(f"{W}val"))
    for story in stories:
        names.update(dict.fromkeys(_fonts_of(story)))
    return list(names)


def installed_families(fc_list: str) -> set[str]:
    """Return every family name fontconfig knows (each font's names in all languages)."""
    done = subprocess.run([fc_list, ":", "family"], capture_output=True, timeout=TIMEOUT_SECONDS, check=True)
    families: set[str] = set()
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        families.update(part.strip().replace("\\-", "-") for part in line.split(","))
    return families


def substitute(name: str, fc_match: str) -> str:
    """Return the family fontconfig uses for `name`."""
    done = subprocess.run(
        [fc_match, "-f", "%{family[0]}", name], capture_output=True, timeout=TIMEOUT_SECONDS, check=True
    )
    return done.stdout.decode("utf-8", "replace").strip()


def substituted_fonts(docx: Path) -> list[tuple[str, str]]:
    """Return (font asked for, font used instead) for each font of `docx` that is not installed.

    Empty when nothing is missing, or when fontconfig is not there to ask (Windows, macOS without it).
    """
    fc_list, fc_match = shutil.which("fc-list"), shutil.which("fc-match")
    if fc_list is None or fc_match is None:
        return []
    try:
        families = installed_families(fc_list)
        return [(name, substitute(name, fc_match)) for name in requested_fonts(docx) if name not in families]
    except (OSError, subprocess.SubprocessError):
        return []


def font_notice(pairs: list[tuple[str, str]]) -> str | None:
    """Return the sentence telling the user which fonts the PDF replaced, or None when none were."""
    if not pairs:
        return None
    listed = "，".join(f"{asked} → {used or '（未知）'}" for asked, used in pairs)
    return (
        f"这台电脑没有安装报告要求的 {len(pairs)} 种字体，PDF 中已用其他字体代替：{listed}。"
        "PDF 的字形和分页因此可能与 Word 中不同；要得到正式版式，请安装这些字体后重新生成 PDF。"
    )
