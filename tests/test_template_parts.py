"""template_parts reads a template as python-docx does: python-docx itself is the oracle."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from generator import template_parts
from generator.numbering import SETTINGS_TITLE
from generator.render import numbering_rules, settings_table
from generator.template_check import numbering_rules as template_numbering_rules
from tests.broken import rezip

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "report.docx"


def _texts(element: Any) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in element.iter(qn("w:p"))]


def _python_docx(path: Path) -> tuple[list[list[str]], list[tuple[str | None, str | None]]]:
    """The stories (main document, then headers and footers) and styles python-docx gives."""
    document = docx.Document(str(path))
    others = [
        part.element
        for part in document.part.package.iter_parts()
        if re.fullmatch(r"/word/(header|footer)\d*\.xml", str(part.partname))
    ]
    stories = [_texts(e) for e in [document.element, *others]]
    return stories, [(s.style_id, s.name) for s in document.styles]


def _ours(path: Path) -> tuple[list[list[str]], list[tuple[str | None, str | None]]]:
    parts = template_parts.read(path)
    return [_texts(e) for e in [parts.document, *parts.headers_footers]], list(parts.styles)


def _with_headers(path: Path) -> Path:
    document = docx.Document(str(TEMPLATE))
    section = document.sections[0]
    section.header.paragraphs[0].text = "{{ 单位名称 }} 页眉"
    section.header.add_table(1, 2, docx.shared.Inches(3)).cell(0, 0).text = "{{ 年度 }}"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "首页 {{ 年度 }}"
    document.add_paragraph("正文", style="Heading 2")
    document.save(str(path))
    return path


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _member(name: str, data: bytes | None) -> Callable[[Path], Path]:
    return lambda path: rezip(TEMPLATE, path, {name: data})


def _edit(name: str, old: str, new: str) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        with zipfile.ZipFile(TEMPLATE) as archive:
            text = archive.read(name).decode("utf-8")
        return rezip(TEMPLATE, path, {name: re.sub(old, new, text).encode("utf-8")})

    return make


READABLE: dict[str, Callable[[Path], Path]] = {
    "shipped": lambda path: TEMPLATE,
    "headers and footers": _with_headers,
    "no styles part (python-docx's defaults)": _edit(
        "word/_rels/document.xml.rels", r"<Relationship [^>]*/styles\"[^>]*/>", ""
    ),
    "a broken part python-docx does not parse": _member("word/theme/theme1.xml", b"<oops"),
}
UNREADABLE: dict[str, Callable[[Path], Path]] = {
    "text": lambda path: _written(path, "不是模板".encode()),
    "truncated": lambda path: _written(path, TEMPLATE.read_bytes()[:5000]),
    "no document": _member("word/document.xml", None),
    "broken document": _member("word/document.xml", b"<w:document"),
    "broken settings": _member("word/settings.xml", b"<oops"),
    "a related part missing": _member("word/footer1.xml", None),
    "no package relationships": _member("_rels/.rels", None),
    "a template (.dotx) content type": _edit("[Content_Types].xml", "document.main", "template.main"),
    "a part without its content type": _edit(
        "[Content_Types].xml", r"<Override PartName=\"/word/footer1.xml\"[^>]*/>", ""
    ),
}


@pytest.mark.parametrize("make", READABLE.values(), ids=READABLE.keys())
def test_reads_what_python_docx_reads(make: Callable[[Path], Path], tmp_path: Path) -> None:
    path = make(tmp_path / "模板.docx")
    assert _ours(path) == _python_docx(path)
    assert template_numbering_rules(template_parts.read(path)) == numbering_rules(docx.Document(str(path)))


@pytest.mark.parametrize("make", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_refuses_what_python_docx_refuses(make: Callable[[Path], Path], tmp_path: Path) -> None:
    path = make(tmp_path / "模板.docx")
    with pytest.raises(Exception):  # noqa: B017, PT011 -- python-docx raises many kinds too
        _python_docx(path)
    with pytest.raises(Exception):  # noqa: B017, PT011
        template_parts.read(path)


def test_settings_table_as_render_finds_it() -> None:
    document = docx.Document(str(TEMPLATE))
    ours = template_parts.settings_table(template_parts.read(TEMPLATE).body, SETTINGS_TITLE)
    theirs = settings_table(document)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert template_parts.table_rows(ours) == template_parts.table_rows(theirs)


def test_heading_names_as_python_docx_gives_them(tmp_path: Path) -> None:
    names = dict(template_parts.read(_with_headers(tmp_path / "模板.docx")).styles)
    assert "Heading 2" in names.values()
    assert "heading 2" not in names.values()


def test_a_build_parses_the_template_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import docxtpl.template

    from generator import pipeline, template_check
    from tests.conftest import SAMPLE

    opened: list[object] = []
    real = docxtpl.template.Document

    def counted(*args: Any) -> Any:
        opened.append(args)
        return real(*args)

    def not_again(path: Path) -> template_parts.TemplateXml:
        raise AssertionError(f"{path} read a second time")

    monkeypatch.setattr(template_check, "_CACHE", {})
    monkeypatch.setattr(docxtpl.template, "Document", counted)
    monkeypatch.setattr(template_parts, "read", not_again)
    pipeline.prepare(SAMPLE, TEMPLATE)
    assert len(opened) == 1


def test_check_reads_the_template_without_python_docx(monkeypatch: pytest.MonkeyPatch) -> None:
    import docxtpl.template

    from generator import pipeline, template_check
    from tests.conftest import SAMPLE

    def refused(*args: Any) -> Any:
        raise AssertionError("python-docx opened the template for a check")

    monkeypatch.setattr(template_check, "_CACHE", {})
    monkeypatch.setattr(docxtpl.template, "Document", refused)
    monkeypatch.setattr(docx, "Document", refused)
    assert pipeline.check(SAMPLE, TEMPLATE).warnings
