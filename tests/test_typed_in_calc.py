"""What a clerk types into LibreOffice Calc, read as Calc stores it: an oracle we did not write for typed input.

Calc decides what typing "95%" makes (the number 0.95 in a percent format), what "１２３" and
"2023年3月31日" become, and what a text-formatted column keeps (the text "95%"). One soffice call imports
every typed string twice, as a clerk types it into a general cell and into a cell formatted as text (the
columns of a CSV, zh-CN, "detect special numbers"); each case copies the cell Calc made, value and number
format, into a base workbook and checks what the generator says about it.

Calc also saves whole workbooks a clerk edited in it (`SAVED`): numbers in text-formatted cells, a formula
Calc computes to #DIV/0!, a sheet renamed with a trailing space; each is checked as Calc wrote it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from generator import pipeline
from tests.office import run_soffice
from tests.workbooks import bases, mutated, new_findings, put, rename_sheet

# -- separator, quote, UTF-8, first line, columns 1 standard and 2 text, zh-CN, quoted as text no, detect special numbers --
CSV_TYPED = "CSV:44,34,76,1,1/1/2/2,2052,false,true"

# fmt: off
CASES: list[tuple[str, str, str, bool, list[Any], list[tuple[str, str]]]] = [
    # (case, sheet, cell, typed into a text-formatted cell, other edits, expected findings)
    ("percent_in_a_count", "统计数据", "B2", False, [put("统计数据", "C2", "人")], [("percent_format", "统计数据!B2")]),
    ("percent_in_a_count_text", "统计数据", "B2", True, [put("统计数据", "C2", "人")], [("unit_mismatch", "统计数据!B2")]),
    ("percent_in_a_percent", "统计数据", "B2", False, [put("统计数据", "C2", "%")], []),
    ("percent_in_a_percent_text", "统计数据", "B2", True, [put("统计数据", "C2", "%")], []),
    ("count_in_a_percent", "统计数据", "B2", False, [put("统计数据", "C2", "%")], [("unit_mismatch", "统计数据!B2")]),
    ("count_in_a_count", "统计数据", "B2", False, [put("统计数据", "C2", "人")], []),
    ("yuan_in_wan_yuan", "统计数据", "B2", False, [put("统计数据", "C2", "万元")], [("unit_mismatch", "统计数据!B2")]),
    ("percent_in_a_score", "评分明细", "E2", False, [], [("percent_format", "评分明细!E2")]),
    ("percent_in_a_score_text", "评分明细", "E2", True, [], [("unit_mismatch", "评分明细!E2")]),
    ("full_width_amount", "基本信息", "B5", False, [], []),
    ("full_width_amount_text", "基本信息", "B5", True, [], []),
    ("date_with_dots", "基本信息", "B4", False, [], []),
    ("date_with_dots_text", "基本信息", "B4", True, [], []),
    ("date_in_characters", "基本信息", "B4", False, [], []),
    ("date_in_characters_text", "基本信息", "B4", True, [], []),
]
# fmt: on

TYPED = {
    "percent_in_a_count": "95%",
    "percent_in_a_percent": "96.93%",
    "count_in_a_percent": "12人",
    "count_in_a_count": "311人",
    "yuan_in_wan_yuan": "3元",
    "percent_in_a_score": "95%",
    "full_width_amount": "３０４０．１９",
    "date_with_dots": "2025.3.31",
    "date_in_characters": "2025年3月31日",
}
"""What the clerk types in each case (the `_text` case types the same into a text-formatted cell)."""


@pytest.fixture(scope="module")
def calc_cells(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, str]]:
    """Each typed string as Calc stores it, in a general and in a text cell: (value, number format) by case."""
    folder = tmp_path_factory.mktemp("calc")
    typed = list(TYPED.values())
    source = folder / "typed.csv"
    source.write_text("\n".join(f"{t},{t}" for t in typed) + "\n", encoding="utf-8")
    run_soffice([source], "xlsx", folder / "out", timeout=300, infilter=CSV_TYPED)
    sheet = openpyxl.load_workbook(folder / "out" / "typed.xlsx").active
    cells: dict[str, tuple[Any, str]] = {}
    for case, text in TYPED.items():
        row = typed.index(text) + 1
        for suffix, column in (("", 1), ("_text", 2)):
            cell = sheet.cell(row, column)
            cells[case + suffix] = (cell.value, cell.number_format)
    return cells


def test_calc_makes_what_a_clerk_sees(calc_cells: dict[str, tuple[Any, str]]) -> None:
    # -- the premise of the cases: typing "95%" makes a percent cell, a text cell keeps the text --
    assert calc_cells["percent_in_a_count"] == (0.95, "0.00%")
    assert calc_cells["percent_in_a_count_text"] == ("95%", "@")
    assert calc_cells["full_width_amount"][0] == 3040.19
    assert calc_cells["full_width_amount_text"][0] == "３０４０．１９"
    assert calc_cells["date_in_characters"][0] == dt.datetime(2025, 3, 31)


@pytest.mark.parametrize(("case", "sheet", "cell", "text", "edits", "expected"), CASES, ids=[c[0] for c in CASES])
def test_typed_in_calc(
    calc_cells: dict[str, tuple[Any, str]],
    base: Path,
    tmp_path: Path,
    case: str,
    sheet: str,
    cell: str,
    text: bool,
    edits: list[Any],
    expected: list[tuple[str, str]],
) -> None:
    value, number_format = calc_cells[case]
    assert isinstance(value, str) is (text or case.startswith("count") or case.startswith("yuan"))
    path = mutated(base, tmp_path, *edits, put(sheet, cell, value, number_format))
    assert new_findings(base, path) == expected


def test_a_percent_statistic_typed_in_calc_prints_as_typed(
    calc_cells: dict[str, tuple[Any, str]], base: Path, tmp_path: Path
) -> None:
    value, number_format = calc_cells["percent_in_a_percent"]
    path = mutated(base, tmp_path, put("统计数据", "C2", "%"), put("统计数据", "B2", value, number_format))
    stat = pipeline.check(path).stats[0]
    assert (stat.value, stat.unit) == (Decimal("96.93"), "%")


def _amounts_as_text(book: Any) -> None:
    """Format the projects' amount columns as text and type the amounts into them, as a clerk pasting from a list."""
    for row in book["重点项目"].iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            if cell.value is not None:
                cell.value, cell.number_format = str(cell.value), "@"


SAVED = {
    "as_is": ([], []),
    "amounts_as_text": ([_amounts_as_text], []),
    "formula_dividing_by_zero": ([put("重点项目", "E2", "=C2/0")], [("formula_error", "重点项目!E2")]),
    "sheet_renamed_with_a_space": ([rename_sheet("改进措施", "改进措施 ")], [("sheet_name_spaces", "改进措施 ")]),
}
"""Workbooks a clerk edits and saves in LibreOffice Calc: Calc computes the formula and writes every part."""


@pytest.fixture(scope="module")
def saved_by_calc(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[Path, str], Path]:
    """Each base × case of `SAVED`, opened and saved again by LibreOffice Calc (one soffice call)."""
    folder = tmp_path_factory.mktemp("saved")
    made = {
        (base, case): mutated(base, folder, *edits, name=f"{base.stem[:4]}-{case}.xlsx")
        for base in bases()
        for case, (edits, _) in SAVED.items()
    }
    run_soffice(list(made.values()), "xlsx", folder / "calc", timeout=600)
    return {key: folder / "calc" / path.name for key, path in made.items()}


@pytest.mark.parametrize("case", list(SAVED))
def test_saved_by_calc(saved_by_calc: dict[tuple[Path, str], Path], base: Path, tmp_path: Path, case: str) -> None:
    path = saved_by_calc[(base, case)]
    assert path.is_file(), f"LibreOffice did not save {path.name}"
    assert new_findings(base, path) == SAVED[case][1]
    if not SAVED[case][1]:
        pipeline.build(path, tmp_path)
