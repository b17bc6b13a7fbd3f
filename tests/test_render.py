"""generator/render.py: the 。 of a workbook text inside a sentence is dropped wherever python-docx would see it."""

from __future__ import annotations

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn

from generator.render import mend_sentences
from generator.text import mend
from tests.workbooks import TEMPLATE


def python_docx_mend(document: Document) -> None:
    """The mending as it was written on python-docx's proxies: the reference."""
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for paragraph in paragraphs:
        text = paragraph.text
        if not any(mark in text for mark in ("。，", "。、", "。；", "。：")):
            continue
        runs = [run for run in paragraph.runs if run.text]
        for run, after in zip(runs, [*runs[1:], None], strict=True):
            mended = mend(run.text + (after.text[:1] if after is not None else ""))
            mended = mended[:-1] if after is not None and mended.endswith(after.text[:1]) else mended
            if mended != run.text:
                run.text = mended


def _document() -> Document:
    """Paragraphs and a table with merged cells, each mended as often as python-docx lists it: "甲。" "。，乙"
    in two runs loses one 。 per pass."""
    document = docx.Document(str(TEMPLATE))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    document.add_paragraph("目标已完成。，").add_run("下一句。")
    paragraph = document.add_paragraph("工作甲。 。")
    paragraph.add_run("，工作乙。；")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0))  # -- a vertical merge: python-docx gives its cell twice --
    table.cell(2, 1).merge(table.cell(2, 2))  # -- a horizontal one: twice too --
    for (row, col), texts in {
        (0, 0): "合并甲。|。，乙",
        (2, 1): "横跨乙。|。，丙",
        (0, 1): "普通。，",
        (1, 2): "无",
    }.items():
        for text in texts.split("|"):
            table.cell(row, col).paragraphs[0].add_run(text)
    inner = table.cell(1, 1).add_table(rows=1, cols=1)  # -- a nested table: python-docx does not look inside --
    inner.cell(0, 0).paragraphs[0].add_run("嵌套。，")
    return document


def test_mending_is_python_docx_s_paragraph_for_paragraph() -> None:
    ours, reference = _document(), _document()
    mend_sentences(ours)
    python_docx_mend(reference)
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in ours.element.body.iter(qn("w:p"))]
    assert texts == ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in reference.element.body.iter(qn("w:p"))]
    assert "目标已完成，下一句。" in texts
    assert "普通，" in texts
    assert "嵌套。，" in texts
    # -- the merged cells mended twice, as python-docx lists them twice; a body paragraph once --
    assert "合并甲，乙" in texts
    assert "横跨乙，丙" in texts
    document = docx.Document(str(TEMPLATE))
    paragraph = document.add_paragraph("正文甲。")
    paragraph.add_run("。，乙")
    mend_sentences(document)
    assert paragraph.text == "正文甲。，乙"


@pytest.mark.parametrize("passes", [1, 2])
def test_mending_twice_is_python_docx_s_too(passes: int) -> None:
    ours, reference = _document(), _document()
    for _ in range(passes):
        mend_sentences(ours)
        python_docx_mend(reference)
    assert ours.element.body.xml == reference.element.body.xml
