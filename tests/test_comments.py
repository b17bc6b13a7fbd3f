"""Warnings travel into the report as Word comments (author 校验) on the paragraphs they concern."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from generator import comments, pipeline
from generator.aggregate import aggregate
from generator.models import Cell, RawSheet, RawWorkbook
from generator.read import read_workbook
from generator.render import render
from generator.validate import collect
from tests.conftest import TEMPLATE, mutated, put


def commented(path: Path) -> list[tuple[str, str, str]]:
    """Return (author, comment text, text of the paragraph it is anchored on) for each comment of `path`."""
    document = Document(str(path))
    anchors: dict[str, str] = {}
    for paragraph in document.element.body.iter(qn("w:p")):
        for start in paragraph.iter(qn("w:commentRangeStart")):
            anchors[start.get(qn("w:id"))] = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
    return [(c.author, c.text, anchors[str(c.comment_id)]) for c in document.comments]


def build(path: Path, out: Path) -> Path:
    return pipeline.build(path, out, TEMPLATE).output


@pytest.mark.parametrize(
    ("mutation", "code_words", "anchor"),
    [
        (put("重点项目", "D2", 99999), "支出数 99999 万元大于预算数", "{name}，"),
        (put("基本信息", "B6", 99999), "全年执行数 99999 万元大于全年预算数", "全年执行数99999万元"),
        (put("基本信息", "B3", 2001), "文件名中的年度", "部门整体支出绩效自评报告"),
    ],
    ids=["project_figure", "department_figure", "no_paragraph_goes_on_title"],
)
def test_warning_becomes_comment(sample: Path, tmp_path: Path, mutation: object, code_words: str, anchor: str) -> None:
    path = mutated(sample, tmp_path, mutation)  # type: ignore[arg-type]
    name = read_workbook(path).sheets["重点项目"].rows[1][0].value
    [(author, text, paragraph)] = commented(build(path, tmp_path / "out"))
    assert author == "校验"
    assert code_words in text
    assert anchor.format(name=name) in paragraph


def test_project_comment_is_on_the_project_line_only(sample: Path, tmp_path: Path) -> None:
    path = mutated(sample, tmp_path, put("重点项目", "D2", 99999))
    name = read_workbook(path).sheets["重点项目"].rows[1][0].value
    [(_, text, paragraph)] = commented(build(path, tmp_path / "out"))
    assert paragraph.startswith(f"1.{name}，")
    assert "重点项目!D2" in text


def test_narrative_warning_is_on_its_paragraph(sample: Path) -> None:
    raw = read_workbook(sample)
    sheet = raw.sheets["正文"]
    rows = [tuple(Cell(c.value + "\x07", c.ref) if c.ref == "B3" else c for c in row) for row in sheet.rows]
    raw = RawWorkbook(raw.path, {**raw.sheets, "正文": RawSheet("正文", tuple(rows))})
    book, findings = collect(raw)
    assert book is not None
    report = aggregate(book)
    document = render(report, TEMPLATE)
    assert comments.annotate(document, book, report, book.warnings) == 1
    [comment] = list(document.comments)
    start = next(document.element.body.iter(qn("w:commentRangeStart")))
    paragraph = start.getparent()
    text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
    assert text == sheet.rows[2][1].value
    assert "正文!B3" in comment.text


def test_no_warning_no_comment(sample: Path, tmp_path: Path) -> None:
    assert commented(build(sample, tmp_path)) == []
