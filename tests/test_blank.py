"""The blank workbook helps while typing: Excel data validation from the schema, 填表说明, grey examples."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator import pipeline
from generator.blank import LAST_ROW, write_blank
from generator.docs import template_sections
from generator.errors import GeneratorError
from generator.read import read_workbook
from generator.schema import BOUNDS, CHOICES, EXAMPLE_MARK, EXAMPLES, GUIDE_SHEET, SHEETS, WORKBOOK, Kind
from tests import office
from tests.conftest import TEMPLATE

CHINESE = re.compile("[\u4e00-\u9fff]")
NUMERIC = (Kind.AMOUNT, Kind.PERCENT, Kind.INT, Kind.NUMBER, Kind.DATE)
RULED = [
    (sheet.name, column.name)
    for sheet in WORKBOOK
    for column in sheet.columns
    if column.kind in NUMERIC or (sheet.name, column.name) in CHOICES
]


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "空白.xlsx"
    write_blank(path, TEMPLATE)
    return path


@pytest.fixture(scope="module")
def book(blank: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(blank)


def cells_of(sheet: str, column: str) -> str:
    """Return the cells a column's rule must cover: B of its row on a field sheet, rows 2… on a table sheet."""
    design = SHEETS[sheet]
    index = [c.name for c in design.columns].index(column)
    if design.is_field_sheet:
        return f"B{index + 2}"
    letter = openpyxl.utils.get_column_letter(index + 1)
    return f"{letter}2:{letter}{LAST_ROW}"


def validation(book: openpyxl.Workbook, sheet: str, column: str) -> DataValidation:
    (found,) = [dv for dv in book[sheet].data_validations.dataValidation if str(dv.sqref) == cells_of(sheet, column)]
    return found


def accepts(book: openpyxl.Workbook, dv: DataValidation, value: Any) -> bool:
    """Return whether Excel lets `value` into a cell under `dv`, by the validation's own definition."""
    if value is None:
        return bool(dv.allow_blank)
    if dv.type == "list":
        sheet, cells = dv.formula1.rsplit("!", 1)
        source: Worksheet = book[sheet.strip("'")]
        allowed = {cell.value for row in source[cells.replace("$", "")] for cell in row if cell.value is not None}
        return value in allowed
    if isinstance(value, datetime.date):
        value = (value - datetime.date(1899, 12, 30)).days
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return False  # -- text typed into a number cell --
    if isinstance(value, str) or (dv.type == "whole" and number != number.to_integral_value()):
        return False
    low = Decimal(dv.formula1)
    if dv.operator == "between":
        return low <= number <= Decimal(dv.formula2)
    if dv.operator == "greaterThanOrEqual":
        return number >= low
    if dv.operator == "lessThanOrEqual":
        return number <= low
    raise AssertionError(f"operator {dv.operator} not expected")


def test_the_tables_of_the_schema_name_real_columns() -> None:
    for sheet, column in [*BOUNDS, *CHOICES]:
        assert SHEETS[sheet].column(column)
    for sheet, example in EXAMPLES.items():
        assert len(example) == len(SHEETS[sheet].columns), sheet
        assert str(example[0]).startswith(EXAMPLE_MARK)
    assert {s.name for s in WORKBOOK if not s.is_field_sheet} == set(EXAMPLES)


@pytest.mark.parametrize(("sheet", "column"), RULED)
def test_every_numeric_and_choice_column_is_validated(book: openpyxl.Workbook, sheet: str, column: str) -> None:
    dv = validation(book, sheet, column)
    kind = SHEETS[sheet].column(column).kind
    expected = "list" if (sheet, column) in CHOICES else {Kind.INT: "whole", Kind.DATE: "date"}.get(kind, "decimal")
    assert dv.type == expected
    assert dv.errorStyle == "stop"
    assert dv.showErrorMessage
    assert dv.showInputMessage
    assert dv.promptTitle == column
    assert CHINESE.search(dv.error)
    assert CHINESE.search(dv.errorTitle)
    assert "填写规则：" in dv.prompt


OUT_OF_RULE = [
    ("基本信息", "年度", 2022, [1999, 2101, "二〇二二", Decimal("2022.5")]),
    ("基本信息", "报告日期", datetime.date(2023, 3, 31), [datetime.date(1999, 12, 31), "去年年底"]),
    ("基本信息", "全年预算数", Decimal("3040.19"), [Decimal("-0.01"), "约300"]),
    ("基本信息", "自评总分", Decimal("95.69"), [Decimal("100.01"), Decimal(-1), "满分"]),
    ("统计数据", "数值", Decimal(-3), ["很多"]),
    ("重点项目", "预算数", Decimal("120.5"), [Decimal(-5), "120.5万"]),
    ("重点项目", "执行率", Decimal("0.925"), [Decimal("-0.01"), Decimal("10.01"), "92.5"]),
    ("一级指标", "分值", Decimal(40), [Decimal(101), "四十"]),
    ("评分明细", "自评分", Decimal("9.5"), [Decimal(-1), Decimal(120)]),
    ("扣分明细", "扣分", Decimal("0.31"), [Decimal(-1)]),
    ("评价等级", "最低分", Decimal(90), [Decimal(-10), Decimal(101)]),
]


@pytest.mark.parametrize(("sheet", "column", "good", "bad"), OUT_OF_RULE, ids=[f"{s}.{c}" for s, c, *_ in OUT_OF_RULE])
def test_a_value_outside_the_rule_is_rejected(
    book: openpyxl.Workbook, sheet: str, column: str, good: Any, bad: list[Any]
) -> None:
    dv = validation(book, sheet, column)
    assert accepts(book, dv, good)
    assert accepts(book, dv, None)  # -- an optional cell may stay empty; the checks say which must be filled --
    for value in bad:
        assert not accepts(book, dv, value), value


def test_every_numeric_rule_refuses_text(book: openpyxl.Workbook) -> None:
    for sheet, column in RULED:
        if (sheet, column) not in CHOICES:
            assert not accepts(book, validation(book, sheet, column), "不是数字"), (sheet, column)


@pytest.mark.parametrize(
    ("sheet", "column", "source", "cell"),
    [
        ("评分明细", "一级指标", "一级指标", "A3"),
        ("扣分明细", "三级指标", "评分明细", "C3"),
        ("基本信息", "评价等级", "评价等级", "A3"),
    ],
)
def test_a_choice_must_be_on_its_list(sheet: str, column: str, source: str, cell: str, blank: Path) -> None:
    book = openpyxl.load_workbook(blank)
    book[source][cell] = "已填的名称"
    dv = validation(book, sheet, column)
    assert accepts(book, dv, "已填的名称")
    assert not accepts(book, dv, "表中没有的名称")


def test_no_list_offers_an_example_row(book: openpyxl.Workbook) -> None:
    lists = [dv for ws in book.worksheets for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len([dv for dv in lists if "!" in dv.formula1]) >= 3
    for dv in lists:
        sheet, cells = dv.formula1.rsplit("!", 1)
        offered = [c.value for row in book[sheet.strip("'")][cells.replace("$", "")] for c in row]
        assert not any(EXAMPLE_MARK in str(v) for v in offered), dv.formula1
        assert not accepts(book, dv, next(v for v in EXAMPLES.get(sheet.strip("'"), ("-",)) if v is not None))


def test_sections_come_from_the_template(book: openpyxl.Workbook) -> None:
    dv = validation(book, "正文", "章节")
    sections = template_sections(TEMPLATE)
    assert sections
    for name in sections:
        assert accepts(book, dv, name)
    assert not accepts(book, dv, "没有的章节")


def test_guide_sheet_explains_every_column(book: openpyxl.Workbook) -> None:
    assert book.sheetnames[0] == GUIDE_SHEET
    guide = book[GUIDE_SHEET]
    rows = {(row[0], row[1]) for row in guide.iter_rows(values_only=True)}
    for sheet in WORKBOOK:
        for column in sheet.columns:
            assert (sheet.name, column.name) in rows
    assert any(EXAMPLE_MARK in str(cell.value) for cell in guide["A"])


def test_example_rows_are_grey_and_not_read(blank: Path, book: openpyxl.Workbook) -> None:
    for name, example in EXAMPLES.items():
        ws = book[name]
        typed = [c.value for c in ws[2]]
        assert [v if v is None or isinstance(v, str) else Decimal(str(v)) for v in typed] == list(example)
        assert ws["A2"].font.color.rgb.endswith("808080")
    raw = read_workbook(blank)
    for name in EXAMPLES:
        assert [[c.value for c in row] for row in raw.sheets[name].rows] == [[c.name for c in SHEETS[name].columns]]


def test_formats_frozen_headers_and_widths(book: openpyxl.Workbook) -> None:
    assert book["重点项目"].column_dimensions["C"].number_format == "0.00"
    assert book["重点项目"]["C2"].number_format == "0.00"
    assert book["重点项目"].column_dimensions["E"].number_format == "0.00%"
    assert book["基本信息"]["B5"].number_format == "0.00"
    for sheet in WORKBOOK:
        ws = book[sheet.name]
        assert ws.freeze_panes == "A2"
        for index, cell in enumerate(ws[1], start=1):
            width = ws.column_dimensions[openpyxl.utils.get_column_letter(index)].width
            assert width >= 2 * len(str(cell.value)) + 2, (sheet.name, cell.value)


def filled(blank: Path, folder: Path) -> Path:
    """Return a copy of the blank with a few values of every kind typed in."""
    book = openpyxl.load_workbook(blank)
    info = book["基本信息"]
    for cell, value in [("B2", "示例单位"), ("B3", 2023), ("B4", datetime.date(2024, 3, 31)), ("B5", 120.5)]:
        info[cell] = value
    info["B6"] = 118.25
    projects = book["重点项目"]
    for column, value in zip("ABCDE", ["第一个项目", "市区两级", 100, 92.5, 0.925], strict=True):
        projects[f"{column}3"] = value
        # -- as Excel does when typing into a column that has a format --
        projects[f"{column}3"].number_format = projects.column_dimensions[column].number_format
    path = folder / "已填.xlsx"
    book.save(path)
    return path


def normalised(book: openpyxl.Workbook) -> set[tuple[str, ...]]:
    """Return every validation as (sheet, cells, type, operator, limits) with LibreOffice's spelling removed."""
    found = set()
    for ws in book.worksheets:
        for dv in ws.data_validations.dataValidation:
            formulas = [dv.formula1.replace("'", "")]
            if dv.type != "list":
                formulas = [str(Decimal(dv.formula1))]
                if dv.operator == "between":
                    formulas.append(str(Decimal(dv.formula2)))
            operator = "" if dv.type == "list" else dv.operator
            found.add((ws.title, str(dv.sqref), dv.type, operator, *formulas, dv.errorStyle, dv.error, dv.prompt))
    return found


def findings(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(GeneratorError) as exc:
        pipeline.check(path, TEMPLATE)
    return [(f.code, f.loc.sheet, f.loc.cell) for f in exc.value.findings]


def test_saved_by_libreoffice_it_still_validates_and_reads_the_same(blank: Path, tmp_path: Path) -> None:
    office.require("soffice")
    ours = filled(blank, tmp_path)
    theirs = office.convert(ours, "xlsx:Calc MS Excel 2007 XML", tmp_path / "libreoffice")
    assert normalised(openpyxl.load_workbook(theirs)) == normalised(openpyxl.load_workbook(ours))
    assert len(normalised(openpyxl.load_workbook(ours))) == len(RULED)
    read_ours, read_theirs = read_workbook(ours), read_workbook(theirs)
    assert {n: [[c.value for c in r] for r in s.rows] for n, s in read_theirs.sheets.items()} == {
        n: [[c.value for c in r] for r in s.rows] for n, s in read_ours.sheets.items()
    }
    assert findings(theirs) == findings(ours)


def test_an_example_row_in_a_filled_workbook_changes_nothing(sample: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(sample)
    ws = book["重点项目"]
    ws.insert_rows(2)
    for index, value in enumerate(EXAMPLES["重点项目"], start=1):
        ws.cell(2, index, value)
    marked = tmp_path / sample.name
    book.save(marked)
    before = [(f.code, f.loc.sheet) for f in pipeline.check(sample, TEMPLATE).warnings]
    after = [(f.code, f.loc.sheet) for f in pipeline.check(marked, TEMPLATE).warnings]
    assert after == before
    assert len(pipeline.check(marked, TEMPLATE).projects) == len(pipeline.check(sample, TEMPLATE).projects)
