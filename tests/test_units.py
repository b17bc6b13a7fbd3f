"""generator/units.py: every figure with its unit joined, in a run of its own without an East Asian language.

That the joined figures hold together in LibreOffice's rendering is tested on the rendered reports in
tests/test_pdf.py (`test_no_figure_is_split_from_its_unit`).
"""

from __future__ import annotations

import re

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from generator import provenance, units
from generator.units import NO_LANGUAGE, WORD_JOINER, join_units, segments
from tests.conftest import TEMPLATE

J = WORD_JOINER


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("部门预算资金支出率96.93%，扣0.31分", f"部门预算资金支出率96.93{J}%{J}，扣{J}0.31{J}分"),
        ("新建高标准农田2.4万亩", f"新建高标准农田2.4{J}万{J}亩"),
        ("共支出1,234.56万元。", f"共支出1,234.56{J}万{J}元{J}。"),
        ("帮扶300余名残疾人", f"帮扶300{J}余{J}名残疾人"),
        ("惠及1.7万残疾人", f"惠及1.7{J}万残疾人"),
        ("（50分）", f"（50{J}分{J}）"),
        ("2022年度", "2022年度"),  # -- a year is not a figure with a unit --
        ("2024年3月15日", "2024年3月15日"),  # -- nor a date --
        ("执行率为100%", f"执行率为100{J}%"),
        (f"扣{J}1{J}分", f"扣{J}1{J}分"),  # -- joining twice changes nothing --
    ],
)
def test_figures_are_joined_to_their_units(text: str, joined: str) -> None:
    assert join_units(text) == joined


def test_segments_are_the_figures_and_the_text_between() -> None:
    assert segments("完成计划的80%，扣2分；2个片区") == [
        ("完成计划的", False),
        (f"80{J}%{J}，", True),
        (f"扣{J}2{J}分{J}；", True),
        (f"2{J}个", True),
        ("片区", False),
    ]
    assert segments("2022年度") == [("2022年度", False)]


def _document(*runs: str) -> Document:
    document = docx.Document(str(TEMPLATE))
    paragraph = document.add_paragraph()
    for text in runs:
        run = paragraph.add_run()
        for index, line in enumerate(text.split("\n")):
            if index:
                run.add_break()
            run.add_text(line)
    return document


def _runs(document: Document) -> list[tuple[str, bool]]:
    """(text, without East Asian language) of each run of the last paragraph; a line break is "\\n"."""
    paragraph = document.paragraphs[-1]._p
    out = []
    for run in paragraph.iter(qn("w:r")):
        text = "".join(
            "\n" if child.tag == qn("w:br") else child.text or "" for child in run if child.tag != qn("w:rPr")
        )
        lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        out.append((text, lang is not None and lang.get(qn("w:eastAsia")) == NO_LANGUAGE))
    return out


def test_each_figure_gets_a_run_of_its_own() -> None:
    document = _document("部门预算资金支出率96.93%，扣0.31分，其余")
    assert units.apply(document) == 2
    assert _runs(document) == [
        ("部门预算资金支出率", False),
        (f"96.93{J}%{J}，", True),
        (f"扣{J}0.31{J}分{J}，", True),
        ("其余", False),
    ]


def test_a_figure_over_two_runs_is_joined_across_them() -> None:
    """A warning's comment marks the number of "99.96%" but not its unit: two runs, both kept together."""
    document = _document("执行率为99.96", "%。")
    units.apply(document)
    assert _runs(document) == [("执行率为", False), ("99.96", True), (f"{J}%{J}。", True)]


def test_a_line_break_stays_in_its_place() -> None:
    document = _document("整体效能\n（50分）")
    units.apply(document)
    assert _runs(document) == [("整体效能\n（", False), (f"50{J}分{J}）", True)]


def test_the_figure_keeps_the_formatting_of_its_run() -> None:
    document = _document("得分95.69分")
    run = document.paragraphs[-1].runs[0]
    run.bold = True
    units.apply(document)
    figure = document.paragraphs[-1]._p.findall(qn("w:r"))[-1]
    rpr = figure.find(qn("w:rPr"))
    assert [child.tag for child in rpr] == [qn("w:b"), qn("w:lang")]


def test_applying_twice_changes_nothing() -> None:
    document = _document("扣2分；共支出2947.37万元。")
    units.apply(document)
    once = etree.tostring(document.element.body)
    assert units.apply(document) == 0
    assert etree.tostring(document.element.body) == once


def test_text_without_figures_is_left_alone() -> None:
    document = _document("2022年度部门整体支出绩效自评报告")
    before = etree.tostring(document.element.body)
    assert units.apply(document) == 0
    assert etree.tostring(document.element.body) == before


# -- in the built reports -------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sample_report", "dept2_report"])
def report(request: pytest.FixtureRequest) -> Document:
    return docx.Document(str(request.getfixturevalue(request.param)))


def test_every_figure_of_the_report_is_joined_and_without_east_asian_language(report: Document) -> None:
    figures = 0
    for paragraph in report.element.body.iter(qn("w:p")):
        chars = [
            (ch, units._is_figure(t.getparent()))
            for t in paragraph.iter(qn("w:t"))
            if next(t.iterancestors(qn("w:p"))) is paragraph
            for ch in t.text or ""
        ]
        text = "".join(ch for ch, _ in chars)
        assert text == join_units(text)
        visible = [(ch, figure) for ch, figure in chars if ch != WORD_JOINER]
        for start, end, _ in units._figures("".join(ch for ch, _ in visible)):
            figures += 1
            assert all(figure for _, figure in visible[start:end]), text
    assert figures > 20


def test_the_report_reads_back_without_joiners(report: Document) -> None:
    texts = [provenance.paragraph_text(p) for p in report.element.body.iter(qn("w:p"))]
    assert not any(WORD_JOINER in text for text in texts)
    assert any(re.search(r"\d+(\.\d+)?万元", text) for text in texts)
