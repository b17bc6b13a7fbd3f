"""generator/table_layout.py: the 自评表's widths from its content, labels whole, groups kept together."""

from __future__ import annotations

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from generator.table_layout import CellText, column_widths, wrap
from generator.typeset import Measure
from generator.units import WORD_JOINER, join_units

J = WORD_JOINER
CELL = Measure(Pt(12), Pt(-0.25))  # -- 小四 with the body's condensing, as the table styles --
TEXT_BLOCK = Mm(156)


def test_wrap_keeps_a_number_with_its_unit_and_no_comma_starts_a_line() -> None:
    width = 6 * 11.75 * 12700  # -- six characters --
    lines = wrap(join_units("率96.93%，扣0.31分"), CELL, width)
    assert [line.replace(J, "") for line in lines] == ["率96.93%，", "扣0.31分"]
    assert wrap("一二三四五六，七", CELL, width) == ["一二三四五", "六，七"]


def test_widths_add_up_to_the_text_block_and_keep_labels_whole() -> None:
    def cells(*texts: str, label: bool = False) -> list[CellText]:
        return [CellText(tuple(t.split("\n")), CELL, label) for t in texts]

    columns = [
        cells("一级指标", "整体效能\n（50分）", label=True),
        [*cells("二级指标", label=True), *cells("预算资金支出", "资产管理规范性", "履职效益")],
        [*cells("三级指标\n（评分要点）", label=True), *cells("部门预算资金支出率", "固定资产管理规范性")],
        [*cells("分值", label=True), *cells("10", "1.5")],
        [*cells("自评分", label=True), *cells("9.69", "2.5")],
        [*cells("扣分原因", label=True), *cells(join_units("部门预算资金支出率96.93%，扣0.31分"), "")],
    ]
    margins = Pt(8.5 + 3)
    widths = column_widths(columns, TEXT_BLOCK, margins)
    assert sum(widths) == pytest.approx(TEXT_BLOCK, abs=1)
    for column, width in zip(columns, widths, strict=True):
        for cell in column:
            if cell.label:
                assert cell.widest() <= width - margins, cell.lines
    # -- 分值 and 自评分 take what their label needs, not 18 mm each --
    assert widths[3] < Mm(14)
    assert widths[4] < Mm(17)
    # -- the 二级指标 column strands no character on a line of its own --
    assert sum(c.strays(widths[1] - margins) for c in columns[1]) == 0


# -- in the built reports --------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sample_report", "dept2_report"])
def report(request: pytest.FixtureRequest) -> Document:
    return docx.Document(str(request.getfixturevalue(request.param)))


def _style(paragraph: object) -> str:
    return paragraph.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val"))  # type: ignore[attr-defined,no-any-return]


def test_header_cells_are_bold_by_their_style(report: Document) -> None:
    head, table = report.tables
    header = table._tbl.findall(qn("w:tr"))[0]
    styles = {_style(p) for p in header.iter(qn("w:p"))}
    assert styles == {"表格表头"}
    assert report.styles["表格表头"].font.bold
    labels = [c.text for row in head.rows for c in row.cells if c.paragraphs[0].style.name == "表格表头"]
    assert labels[0] == "部门（单位）\n名称"  # -- broken after （单位）, not inside 单位 --
    assert [c.text for c in table.rows[0].cells][2] == "三级指标\n（评分要点）"


def test_column_widths_add_up_to_the_text_block(report: Document) -> None:
    section = report.sections[0]
    text_block = Emu(section.page_width - section.left_margin - section.right_margin)
    assert abs(text_block - TEXT_BLOCK) < Mm(0.1)
    for table in report.tables:
        grid = table._tbl.find(qn("w:tblGrid"))
        widths = [int(c.get(qn("w:w"))) for c in grid.findall(qn("w:gridCol"))]
        assert sum(widths) == round(text_block.twips)
        assert int(table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == sum(widths)


def test_each_group_keeps_its_rows_together(report: Document) -> None:
    table = report.tables[1]
    rows = table._tbl.findall(qn("w:tr"))

    def merge(row: object) -> str | None:
        merged = row.find(qn("w:tc")).find(qn("w:tcPr")).find(qn("w:vMerge"))  # type: ignore[attr-defined]
        return None if merged is None else merged.get(qn("w:val"), "continue")

    def keeps(row: object) -> bool:
        return all(p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None for p in row.iter(qn("w:p")))  # type: ignore[attr-defined]

    groups = 0
    for row, after in zip(rows, rows[1:], strict=False):
        if merge(after) == "continue":
            assert keeps(row)
        elif merge(row) is not None:
            groups += 1
            assert not keeps(row)  # -- a group's last row lets the page break after it --
    assert groups >= 4


def test_figures_are_in_one_style(report: Document) -> None:
    head, table = report.tables
    figures = [c for c in table.rows[1].cells[3:5]] + [head.rows[1].cells[i] for i in (1, 3, 5)]
    assert {c.paragraphs[0].style.name for c in figures} == {"表格数字"}


def test_a_group_taller_than_a_page_is_cut_and_its_label_repeated() -> None:
    from generator import table_layout
    from tests.conftest import TEMPLATE

    document = docx.Document(str(TEMPLATE))
    rows = 30
    table = document.add_table(rows=rows, cols=3)
    label = table.cell(0, 0).merge(table.cell(rows - 1, 0))
    label.text = "整体效能\n（50分）"
    for index in range(rows):
        for col, text in ((1, f"第{index + 1}行"), (2, "扣分原因的文字" * 12)):
            cell = table.cell(index, col)
            cell.text = text
            cell.paragraphs[0].style = document.styles["表格文字"]
    table_layout.layout_table(table._tbl, document)

    firsts = [tr.find(qn("w:tc")) for tr in table._tbl.findall(qn("w:tr"))]
    starts = [
        i for i, tc in enumerate(firsts) if tc.find(qn("w:tcPr")).find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    ]
    assert len(starts) >= 2  # -- at least one continuation --
    assert starts[0] == 0
    for start in starts[1:]:
        text = "".join(t.text for t in firsts[start].iter(qn("w:t")))
        assert text == "整体效能（50\u2060分\u2060）（续）"
    # -- each part keeps together, and the page may break between parts --
    trs = table._tbl.findall(qn("w:tr"))
    for start, end in zip(starts, [*starts[1:], rows], strict=True):
        kept = [all(p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None for p in trs[i].iter(qn("w:p")))
                for i in range(start, end)]  # fmt: skip
        assert kept == [True] * (end - start - 1) + [False]


# -- keeping rows with the next: python-docx's markup, made without its lookups ---------------------------------


@pytest.mark.parametrize(
    "ppr",
    [
        None,
        "<w:pPr/>",
        '<w:pPr><w:pStyle w:val="a"/><w:jc w:val="center"/></w:pPr>',
        '<w:pPr><w:keepNext w:val="0"/><w:spacing w:after="0"/></w:pPr>',
        "<w:pPr><w:rPr><w:b/></w:rPr><w:keepLines/></w:pPr>",
        "<w:pPr><w:keepNext/><w:keepNext/></w:pPr>",
        '<w:pPr><w:jc w:val="left"/><w:widowControl/></w:pPr>',  # -- out of schema order: python-docx's pick --
    ],
)
@pytest.mark.parametrize("keep", [True, False])
def test_keep_next_is_python_docx_s(ppr: str | None, keep: bool) -> None:
    from docx.oxml.parser import parse_xml

    from generator.table_layout import _keep_next

    def row() -> object:
        inner = ppr or ""
        return parse_xml(
            f"<w:tr {docx.oxml.ns.nsdecls('w')}><w:tc><w:p>{inner}<w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr>"
        )

    ours, theirs = row(), row()
    _keep_next(ours, keep)  # type: ignore[arg-type]
    for p in theirs.iter(qn("w:p")):  # type: ignore[attr-defined]
        found = p.get_or_add_pPr()
        if keep:
            found.keepNext_val = True
        else:
            found._remove_keepNext()
    assert docx.oxml.xmlchemy.serialize_for_reading(ours) == docx.oxml.xmlchemy.serialize_for_reading(theirs)


# -- wrapping measured from character classes: the same lines as measuring each candidate line -----------------


def _reference_wrap(text: str, measure: Measure, width: float) -> list[str]:
    """Greedy wrapping that measures each candidate line's text as a whole: the reference."""
    from generator.table_layout import _NO_LINE_END, _NO_LINE_START, tokens

    lines: list[list[str]] = [[]]
    for token in tokens(text):
        line = lines[-1]
        if not line or measure.width("".join(line) + token) <= width:
            line.append(token)
            continue
        if (token[0] in _NO_LINE_START or line[-1][-1] in _NO_LINE_END) and len(line) > 1:
            lines.append([line.pop(), token])
        else:
            lines.append([token])
    return ["".join(line) for line in lines]


def test_wrapping_is_the_reference_s_at_every_width() -> None:
    import random

    rng = random.Random(13)
    alphabet = ["部", "门", "，", "。", "、", "%", "1", "9", ".", "ab", " ", "（", "）", J, "扣0.31分", "“", "”"]
    for measure in (CELL, Measure(Pt(16), Pt(0)), Measure(Pt(10.5), Pt(0.5))):
        for _ in range(300):
            line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            cell = CellText((line,), measure, False)
            for width in (measure.size * rng.uniform(0.5, 20) for _ in range(8)):
                assert wrap(line, measure, width) == _reference_wrap(line, measure, width)
                assert cell.wrapped(width) == [_reference_wrap(line, measure, width) if line else [""]]


# -- no character alone on a cell's last line ----------------------------------------------------------------

CHAR = 11.75 * 12700  # -- one 小四 character with the condensing, in EMU --


@pytest.mark.parametrize(
    ("text", "chars", "lines"),
    [
        ("预算编制准确性", 6, ["预算编制", "准确性"]),
        ("主要农作物病虫害统防统治覆盖率", 6, ["主要农作物", "病虫害统防", "统治覆盖率"]),
        ("可“次产”", 4, ["可", "“次产”"]),  # -- neither "产”" alone nor a line ending in “ --
        ("部门预算资金", 6, ["部门预算资金"]),  # -- one line: nothing to even out --
    ],
)
def test_balanced_lines_are_even_and_as_many_as_wrapping_gives(text: str, chars: int, lines: list[str]) -> None:
    from generator.table_layout import balanced

    assert balanced(text, CELL, chars * CHAR) == lines
    assert len(lines) == len(wrap(text, CELL, chars * CHAR))


def test_an_opening_quote_never_ends_a_line() -> None:
    assert wrap("一二三四五“六”", CELL, 6 * CHAR) == ["一二三四五", "“六”"]


def test_quotes_drawn_half_wide_are_reckoned_with() -> None:
    """LibreOffice draws “ ” half a character wide with the stand-in for 仿宋: "率" would be left alone there."""
    from generator.table_layout import _lone_if_narrow, _lone_last

    text = "“三公”经费控制率"
    assert not _lone_last(wrap(text, CELL, 7 * CHAR))
    assert _lone_if_narrow(text, CELL, 7 * CHAR)


def test_a_cell_that_would_leave_one_character_alone_gets_even_lines() -> None:
    from generator import table_layout
    from tests.conftest import TEMPLATE

    document = docx.Document(str(TEMPLATE))
    table = document.add_table(rows=1, cols=2)
    for col, text in enumerate(["农村居民满意度", "部门预算资金支出率为93.84%"]):
        cell = table.cell(0, col)
        cell.text = text
        cell.paragraphs[0].style = document.styles["表格文字"]
    grid = table_layout.Grid.of(table._tbl)
    margins = float(grid.margins() + table_layout.SLACK)
    widths = [6 * CHAR + margins, 8 * CHAR + margins]  # -- "度" and "%" alone at these widths --
    assert table_layout.even_out(grid, widths, margins, table_layout.Cells(document)) == 1
    assert [c.text for c in table.rows[0].cells] == ["农村居民\n满意度", "部门预算资金支出率为93.84%"]
