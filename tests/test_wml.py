"""generator/wml.py: texts and style ids read from lxml are python-docx's answers."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.text.paragraph import Paragraph

from generator import wml
from tests.workbooks import TEMPLATE

ODD = (
    f'<w:p {docx.oxml.ns.nsdecls("w")}><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
    "<w:r><w:t>甲</w:t><w:tab/><w:t xml:space='preserve'> 乙 </w:t><w:br/><w:br w:type='page'/><w:cr/></w:r>"
    "<w:hyperlink><w:r><w:t>链接</w:t><w:noBreakHyphen/><w:ptab w:relativeTo='margin' w:alignment='left' w:leader='none'/></w:r></w:hyperlink>"
    "<w:ins><w:r><w:t>插入的不算</w:t></w:r></w:ins><w:r><w:rPr><w:b/></w:rPr><w:t/></w:r><w:r><w:t>丙</w:t></w:r></w:p>"
)
"""A paragraph with every kind of run content python-docx reads, a hyperlink, an insertion and an empty w:t."""


def test_clark_names_are_qn_s() -> None:
    names = {key: value for key, value in vars(wml).items() if key.isupper() and key != "W" and isinstance(value, str)}
    assert len(names) > 15
    for value in names.values():
        assert value == qn("w:" + value.removeprefix(wml.W))


def test_odd_paragraph_text_runs_and_style_are_python_docx_s() -> None:
    p = parse_xml(ODD)
    paragraph = Paragraph(p, None)  # type: ignore[arg-type]
    assert wml.paragraph_text(p) == paragraph.text == "甲\t 乙 \n\n链接-\t丙"
    assert [wml.run_text(r._r) for r in paragraph.runs] == [r.text for r in paragraph.runs]
    assert wml.has_runs(p)
    assert wml.style_id(p) == p.style == "Heading1"


def test_no_runs_no_style() -> None:
    p = parse_xml(f"<w:p {docx.oxml.ns.nsdecls('w')}><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>")
    assert not wml.has_runs(p)
    assert Paragraph(p, None).runs == []
    assert wml.style_id(p) is None is p.style


@pytest.mark.parametrize("report", ["sample_report", "dept2_report"])
def test_every_report_paragraph_has_python_docx_s_text(report: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(report)
    for document in (docx.Document(str(path)), docx.Document(str(TEMPLATE))):
        paragraphs = [Paragraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]
        assert len(paragraphs) > 50
        assert [wml.paragraph_text(p._p) for p in paragraphs] == [p.text for p in paragraphs]
        assert [wml.style_id(p._p) for p in paragraphs] == [p._p.style for p in paragraphs]
        assert [wml.has_runs(p._p) for p in paragraphs] == [bool(p.runs) for p in paragraphs]
