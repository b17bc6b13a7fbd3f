"""generator/render.py: numbering looks paragraph styles up in a map made once, with python-docx's answers."""

from __future__ import annotations

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from generator.render import paragraph_style_names
from tests.workbooks import TEMPLATE


def _name(document: docx.document.Document, paragraph: docx.text.paragraph.Paragraph) -> str | None:
    names, default = paragraph_style_names(document)
    style_id = paragraph._p.style
    return names.get(style_id, default) if style_id else default


def test_the_map_gives_python_docx_style_name_for_every_template_paragraph() -> None:
    document = docx.Document(str(TEMPLATE))
    paragraphs = list(document.paragraphs)
    assert {p.style.name for p in paragraphs if p.style is not None} > {"Normal", "Heading 1"}
    assert [_name(document, p) for p in paragraphs] == [p.style.name if p.style else None for p in paragraphs]


@pytest.mark.parametrize(
    "style_id",
    [
        pytest.param(None, id="no style"),
        pytest.param("Heading2", id="a paragraph style"),
        pytest.param("NoSuchStyle", id="an unknown id"),
        pytest.param("DefaultParagraphFont", id="a character style's id"),
        pytest.param("", id="an empty id"),
    ],
)
def test_the_map_agrees_with_python_docx_on_odd_style_ids(style_id: str | None) -> None:
    document = docx.Document(str(TEMPLATE))
    paragraph = document.add_paragraph("正文")
    if style_id is not None:
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style_id
    expected = paragraph.style.name if paragraph.style is not None else None
    assert _name(document, paragraph) == expected


def test_a_style_id_defined_twice_takes_the_first_as_python_docx_does() -> None:
    document = docx.Document(str(TEMPLATE))
    first = document.styles.add_style("甲样式", WD_STYLE_TYPE.PARAGRAPH)
    second = document.styles.add_style("乙样式", WD_STYLE_TYPE.PARAGRAPH)
    second.style_id = first.style_id
    paragraph = document.add_paragraph("正文")
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = first.style_id
    assert _name(document, paragraph) == paragraph.style.name == "甲样式"
