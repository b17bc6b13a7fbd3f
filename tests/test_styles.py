"""generator/styles.py: a paragraph's style from a map made once, with python-docx's answers."""

from __future__ import annotations

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from generator.styles import paragraph_styles
from tests.workbooks import TEMPLATE


def _name(document: docx.document.Document, paragraph: docx.text.paragraph.Paragraph) -> str | None:
    style = paragraph_styles(document)(paragraph)
    return style.name if style is not None else None


def test_every_template_paragraph_gets_python_docx_s_style() -> None:
    document = docx.Document(str(TEMPLATE))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    style_of = paragraph_styles(document)
    assert {p.style.name for p in paragraphs if p.style is not None} > {"Normal", "Heading 1"}
    assert [style_of(p).element for p in paragraphs] == [p.style.element for p in paragraphs]


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
def test_odd_style_ids_get_python_docx_s_answer(style_id: str | None) -> None:
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


def test_without_a_default_paragraph_style_an_unstyled_paragraph_has_none() -> None:
    document = docx.Document(str(TEMPLATE))
    for style in document.styles.element.findall(docx.oxml.ns.qn("w:style")):
        if style.get(docx.oxml.ns.qn("w:default")) == "1" and style.type == WD_STYLE_TYPE.PARAGRAPH:
            del style.attrib[docx.oxml.ns.qn("w:default")]
    paragraph = document.add_paragraph("正文")
    assert paragraph.style is None
    assert paragraph_styles(document)(paragraph) is None


def test_style_of_a_table_cell_paragraph_without_its_document(tmp_path: object) -> None:
    from generator.styles import style_of

    document = docx.Document(str(TEMPLATE))
    cells = [p for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    assert cells
    assert [style_of(p).element for p in cells] == [p.style.element for p in cells]
    # -- a style added afterwards is seen: the map is made again --
    added = document.styles.add_style("新加样式", WD_STYLE_TYPE.PARAGRAPH)
    cells[0]._p.get_or_add_pPr().get_or_add_pStyle().val = added.style_id
    assert style_of(cells[0]).name == cells[0].style.name == "新加样式"
    # -- and another document's paragraphs get their own document's styles --
    other = docx.Document()
    paragraph = other.add_paragraph("x", style="Heading 1")
    assert style_of(paragraph).element is paragraph.style.element


def test_style_memo_computes_once_per_style_and_forgets_with_a_new_style() -> None:
    from generator.styles import style_memo

    document = docx.Document(str(TEMPLATE))
    paragraphs = list(document.paragraphs)
    seen: list[str | None] = []

    def name(style: object) -> str | None:
        seen.append(getattr(style, "name", None))
        return getattr(style, "name", None)

    assert [style_memo(p, "name", name) for p in paragraphs] == [p.style.name for p in paragraphs]
    assert sorted(seen, key=str) == sorted({p.style.name for p in paragraphs}, key=str)
    document.styles.add_style("新加样式", WD_STYLE_TYPE.PARAGRAPH)
    style_memo(paragraphs[0], "name", name)
    assert len(seen) == len({p.style.name for p in paragraphs}) + 1


def test_style_names_are_python_docx_s() -> None:
    from generator.styles import name_memo, style_names

    document = docx.Document(str(TEMPLATE))
    assert style_names(document) == [style.name for style in document.styles]
    assert "Heading 1" in style_names(document)  # -- python-docx's name for the stored "heading 1" --
    name_of = name_memo()
    assert [name_of(style) for style in document.styles] == [style.name for style in document.styles]
    assert name_of(None) is None
