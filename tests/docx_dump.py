"""Readable dumps of a .docx for golden files and text comparisons."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree


def visible(text: str) -> str:
    """`text` as a reader sees it: without the word joiners that keep a figure with its unit (generator/units.py)."""
    return text.replace("\u2060", "")


def _cell_texts(table: Table) -> list[list[str]]:
    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            continued = merge is not None and merge.get(qn("w:val")) in (None, "continue")
            text = visible("".join(t.text or "" for t in tc.iter(qn("w:t"))))
            cells.append("〃" if continued else text)
        rows.append(cells)
    return rows


def blocks(path: Path) -> list[tuple[str, str]]:
    """Return the body in document order as (kind, text): paragraphs with their style, tables as rows."""
    document = docx.Document(str(path))
    out: list[tuple[str, str]] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            out.append((paragraph.style.name if paragraph.style is not None else "", visible(paragraph.text)))
        elif child.tag == qn("w:tbl"):
            for row in _cell_texts(Table(child, document)):
                out.append(("table", " | ".join(row)))
    return out


def text_dump(path: Path) -> str:
    """Return the golden text dump: one line per paragraph `[style] text`, table rows, then footers."""
    lines = [f"[{kind}] {text}" if kind != "table" else f"| {text} |" for kind, text in blocks(path)]
    document = docx.Document(str(path))
    for index, section in enumerate(document.sections):
        for name in ("header", "even_page_header", "footer", "even_page_footer"):
            part = getattr(section, name)
            if part.is_linked_to_previous:
                continue
            fields = "".join(t.text or "" for t in part._element.iter(qn("w:instrText"))).strip()
            text = " / ".join(p.text for p in part.paragraphs)
            lines.append(f"[section {index} {name}] {text}" + (f" {{field: {fields}}}" if fields else ""))
    return "\n".join(lines) + "\n"


def document_xml(path: Path) -> str:
    """Return word/document.xml pretty-printed, for a golden that shows formatting changes."""
    document = docx.Document(str(path))
    return etree.tostring(document.element, pretty_print=True, encoding="unicode")


def plain_text(path: Path) -> list[str]:
    """Return the text of every paragraph and table cell, in document order."""
    document = docx.Document(str(path))
    texts: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            texts.append(visible(Paragraph(child, document).text))
        elif child.tag == qn("w:tbl"):
            for row in _cell_texts(Table(child, document)):
                texts += [cell for cell in row if cell != "〃"]
    return texts
