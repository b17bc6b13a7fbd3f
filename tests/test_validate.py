"""The corpus of wrong workbooks: each one small mutation of a valid base, each with the exact findings.

Every case runs on each base workbook present (see `conftest.bases`), so the expectations do not
depend on one department's figures.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import Location
from generator.models import Cell, RawSheet, RawWorkbook
from generator.read import read_workbook
from generator.validate import collect, sections
from tests.workbooks import (
    add_chart_sheet,
    add_sheet,
    baseline,
    clear_rows,
    copy,
    drop_sheet,
    findings_of,
    located,
    merge,
    mutated,
    new_findings,
    put,
    rename_sheet,
    retype,
)

_FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")

# fmt: off
CASES = [
    # -- values as people type them --
    ("amount_approximate", [put("基本信息", "B5", "约 300")], [("not_amount", "基本信息!B5")]),
    ("amount_two_points", [put("基本信息", "B6", "1.2.3")], [("not_amount", "基本信息!B6")]),
    ("amount_in_yuan_text", [put("基本信息", "B5", "30401900元")], [("unit_mismatch", "基本信息!B5")]),
    ("amount_grouped_with_unit", [retype("基本信息", "B5", lambda v: f"{v:,}万元")], []),
    ("amount_full_width", [retype("基本信息", "B6", lambda v: str(v).translate(_FULL_WIDTH))], []),
    ("amount_padded_text", [retype("重点项目", "C2", lambda v: f"  {v} ")], []),
    ("year_in_words", [put("基本信息", "B3", "二〇二二")], [("not_int", "基本信息!B3")]),
    ("year_out_of_range", [put("基本信息", "B3", 99999)], [("year_out_of_range", "基本信息!B3")]),
    ("date_impossible", [put("基本信息", "B4", "2023-02-30")], [("not_date", "基本信息!B4")]),
    ("date_as_text", [put("基本信息", "B4", "2024年3月31日")], []),
    ("required_blank", [put("基本信息", "B2", None)], [("required_missing", "基本信息!B2")]),
    ("required_spaces", [put("重点项目", "A2", "   ")], [("required_missing", "重点项目!A2")]),
    ("formula_never_calculated", [put("重点项目", "C2", "=1+1")], [("formula_without_value", "重点项目!C2")]),
    ("formula_error_shown", [put("重点项目", "C2", "#DIV/0!"), put("正文", "B2", "#REF!")], [("formula_error", "正文!B2"), ("formula_error", "重点项目!C2")]),
    ("merged_title_cells", [merge("重点工作", "A2:A3")], []),
    ("huge_number", [put("评分明细", "D2", 10**20)], [("not_number", "评分明细!D2")]),
    # -- structure --
    ("sheet_missing", [drop_sheet("评价等级")], [("sheet_missing", "评价等级")]),
    ("sheet_unknown", [add_sheet("备注", ["随手记"])], [("unknown_sheet", "备注")]),
    ("sheet_renamed_with_space", [rename_sheet("正文", "正文 ")], [("sheet_name_spaces", "正文 ")]),
    ("chart_sheet_ignored", [add_chart_sheet("图表")], []),
    ("column_renamed", [put("重点项目", "D1", "支出")], [("column_missing", "重点项目!D1")]),
    ("field_renamed", [put("基本信息", "A6", "执行数")], [("unknown_field", "基本信息!A6"), ("field_missing", "基本信息")]),
    ("field_twice", [put("基本信息", "A11", "年度"), put("基本信息", "B11", 2000)], [("duplicate_field", "基本信息!A11")]),
    ("list_empty", [clear_rows("存在问题", 2)], [("sheet_empty", "存在问题!A2")]),
    # -- amounts --
    ("negative_budget", [put("重点项目", "C2", -5)], [("negative_amount", "重点项目!C2"), ("spent_over_budget", "重点项目!D2")]),
    ("zero_budget", [put("重点项目", "C2", 0), put("重点项目", "D2", 0)], [("zero_budget", "重点项目!C2")]),  # -- a warning: it builds --
    ("spent_over_budget", [lambda book: setattr(book["基本信息"]["B6"], "value", book["基本信息"]["B5"].value * 3)], [("spent_over_budget", "基本信息!B6")]),
    ("spent_absurd_over_budget", [put("基本信息", "B6", 99999)], [("rate_absurd", "基本信息!B6")]),
    ("department_budget_zero", [put("基本信息", "B5", 0)], [("department_budget_zero", "基本信息!B5")]),
    ("project_spent_in_yuan", [put("重点项目", "C2", 9), put("重点项目", "D2", 82700)], [("rate_absurd", "重点项目!D2")]),
    ("stat_with_wan", [put("统计数据", "B2", "1.78万"), put("统计数据", "C2", "人")], [("number_with_unit", "统计数据!B2")]),
    ("stat_with_wanyuan", [put("统计数据", "B2", "12万元"), put("统计数据", "C2", "人")], [("unit_mismatch", "统计数据!B2")]),
    ("amount_three_decimals", [put("基本信息", "B5", 3040.186)], [("amount_rounded", "基本信息!B5")]),
    ("amount_three_decimals_text", [put("重点项目", "C2", "570.456")], [("amount_rounded", "重点项目!C2")]),
    ("unit_name_line_break", [retype("基本信息", "B2", lambda v: v[:6] + "\n" + v[6:])], [("line_break_removed", "基本信息!B2")]),
    ("project_name_line_break", [retype("重点项目", "A2", lambda v: v[:3] + "\r\n" + v[3:])], [("line_break_removed", "重点项目!A2")]),
    ("indicator_line_break", [retype("评分明细", "C2", lambda v: v[:2] + "\n" + v[2:])], [("line_break_removed", "评分明细!C2")]),
    ("paragraph_line_break", [retype("正文", "B2", lambda v: v[:4] + "\n" + v[4:])], [("line_break_in_text", "正文!B2")]),
    ("report_date_in_year", [retype("基本信息", "B4", lambda v: v.replace(year=v.year - 1))], [("report_date_early", "基本信息!B4")]),
    ("amount_typed_in_yuan", [put("重点项目", "C2", 5704500), put("重点项目", "D2", 5704500)], [("amount_in_yuan", "重点项目!D2"), ("project_over_department", "重点项目!C2")]),
    ("project_above_department", [put("重点项目", "C2", 5000), put("重点项目", "D2", 4000)], [("amount_in_yuan", "重点项目!C2")]),
    ("project_spent_a_trifle", [put("重点项目", "C2", 99999), put("重点项目", "D2", 1)], [("rate_absurd", "重点项目!C2")]),
    ("rate_outside_interval", [put("重点项目", "C2", 100), put("重点项目", "D2", 50), put("重点项目", "E2", "60%")], [("rate_inconsistent", "重点项目!E2")]),
    ("rate_from_yuan_within", [put("重点项目", "C2", 6.73), put("重点项目", "D2", 4.73), put("重点项目", "E2", "70.26%")], []),
    ("rate_as_percent_cell", [put("重点项目", "C2", 6.73), put("重点项目", "D2", 4.73), put("重点项目", "E2", 0.7026, "0.00%")], []),
    ("rate_not_a_number", [put("重点项目", "E2", "大约一半")], [("not_percent", "重点项目!E2")]),
    ("project_twice", [copy("重点项目", "A2", "A3")], [("duplicate_project", "重点项目!A3")]),
    # -- scores --
    ("score_negative", [put("评分明细", "E2", -1), put("基本信息", "B9", None), put("基本信息", "B10", None)], [("score_out_of_range", "评分明细!E2")]),
    ("score_above_weight", [put("评分明细", "E2", 99), put("基本信息", "B9", None), put("基本信息", "B10", None)], [("score_out_of_range", "评分明细!E2")]),
    ("weight_zero", [put("一级指标", "B2", 0)], [("weights_not_100", "一级指标"), ("category_weight_mismatch", "一级指标!B2")]),
    ("deduction_wrong_points", [put("扣分明细", "C2", 0.25)], [("deductions_mismatch", "评分明细!E2")]),
    ("deduction_negative", [put("扣分明细", "C2", -1)], [("deduction_not_positive", "扣分明细!C2"), ("deductions_mismatch", "评分明细!E2")]),
    ("deduction_unknown_indicator", [put("扣分明细", "A2", "不存在的指标")], [("unknown_indicator", "扣分明细!A2"), ("deductions_mismatch", "评分明细!E2")]),
    ("indicator_unknown_category", [put("评分明细", "A2", "不存在的类别")], [("unknown_category", "评分明细!A2"), ("category_weight_mismatch", "一级指标!B2")]),
    ("total_stated_wrong", [put("基本信息", "B9", 1)], [("total_mismatch", "基本信息!B9")]),
    ("grade_stated_wrong", [put("基本信息", "B10", "差")], [("grade_mismatch", "基本信息!B10")]),
    ("grade_bands_too_high", [put("评价等级", f"B{row}", 200) for row in range(2, 6)], [("grade_bands", "评价等级!B3"), ("grade_bands", "评价等级!B4"), ("grade_bands", "评价等级!B5"), ("grade_bands", "评价等级!B2")]),
    ("grade_twice", [copy("评价等级", "A2", "A3"), put("基本信息", "B10", None)], [("duplicate_grade", "评价等级!A3")]),
    # -- texts --
    ("placeholder_unknown", [put("正文", "B2", "共帮扶{{新增就业人}}人")], [("unknown_placeholder", "正文!B2")]),
    ("stat_twice", [copy("统计数据", "A2", "A40"), put("统计数据", "B40", 1)], [("duplicate_stat", "统计数据!A40")]),
    ("section_misspelt", [put("正文", "A2", "部门职能导言")], [("section_missing", "正文"), ("section_unused", "正文!A2")]),
    ("section_extra", [put("正文", "A40", "附录"), put("正文", "B40", "多出的一段")], [("section_unused", "正文!A40")]),
    ("year_against_file_name", [put("基本信息", "B3", 2001)], [("year_mismatch", "基本信息!B3")]),
    ("hostile_text", [put("正文", "B2", "A&B <c> \"d\" {{ ''.__class__.__mro__ }} {% for %}")], []),
]
# fmt: on


@pytest.mark.parametrize(("mutations", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_corpus(base: Path, tmp_path: Path, mutations: list, expected: list[tuple[str, str]]) -> None:
    path = mutated(base, tmp_path, *mutations)
    assert new_findings(base, path) == expected


def test_one_sheets_errors_hide_no_warning_of_another(base: Path, tmp_path: Path) -> None:
    # -- 一次列出全部问题: an error in a row never hides the warnings of the rows and sheets that read --
    path = mutated(
        base,
        tmp_path,
        put("重点项目", "C2", 100),
        put("重点项目", "D2", 50),
        put("重点项目", "E2", "60%"),
        put("重点项目", "C3", "约 300"),
        put("统计数据", "A40", "试点走访户数"),
        put("统计数据", "B40", 12),
        put("统计数据", "C40", "户"),
        put("统计数据", "B3", "约 3"),
        retype("正文", "B2", lambda v: v + "试点走访共15户。"),
        put("基本信息", "B5", "约 3000"),
    )
    assert sorted(new_findings(base, path)) == [
        ("not_amount", "基本信息!B5"),
        ("not_amount", "重点项目!C3"),
        ("not_number", "统计数据!B3"),
        ("rate_inconsistent", "重点项目!E2"),
        ("typed_figure_differs", "正文!B2"),
    ]
    # -- and the base's own warnings stay listed --
    assert set(baseline(base)) - {("rate_inconsistent", "重点项目!E2")} <= set(located(findings_of(path)))


def test_every_finding_names_file_and_says_what_to_do(base: Path, tmp_path: Path) -> None:
    path = mutated(
        base,
        tmp_path,
        put("重点项目", "C2", "约 300"),
        put("评分明细", "E2", -1),
        put("基本信息", "B9", None),
        put("基本信息", "B10", None),
        drop_sheet("存在问题"),
    )
    findings = findings_of(path)
    assert new_findings(base, path) == [
        ("not_amount", "重点项目!C2"),
        ("sheet_missing", "存在问题"),
        ("score_out_of_range", "评分明细!E2"),
    ]
    for finding in findings:
        assert finding.loc.file == str(path)
        assert finding.msg.endswith("。") or finding.msg.endswith("？")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in finding.msg)


def test_input_is_the_value_typed(base: Path, tmp_path: Path) -> None:
    findings = findings_of(mutated(base, tmp_path, put("基本信息", "B5", "约 300")))
    assert [f.input for f in findings if f.code == "not_amount"] == ["约 300"]


def test_bases_have_no_errors(base: Path) -> None:
    assert [f for f in findings_of(base) if f.is_error] == []


# -- RawWorkbook-level cases: values a spreadsheet program cannot save through openpyxl --


def _with_cell(raw: RawWorkbook, sheet: str, ref: str, value: object) -> RawWorkbook:
    rows = []
    for row in raw.sheets[sheet].rows:
        rows.append(tuple(Cell(value, c.ref, c.number_format) if c.ref == ref else c for c in row))
    return RawWorkbook(raw.path, {**raw.sheets, sheet: RawSheet(sheet, tuple(rows))})


@pytest.mark.parametrize(
    ("sheet", "ref", "value", "expected"),
    [
        ("正文", "B2", "残\x07疾人\x0b", [("control_character_removed", "正文!B2")]),
        ("基本信息", "B5", dt.datetime(2023, 1, 1), [("shown_as_date", "基本信息!B5")]),
        ("基本信息", "B5", True, [("not_amount", "基本信息!B5")]),
        ("基本信息", "B5", float("nan"), [("not_amount", "基本信息!B5")]),
        ("基本信息", "B5", float("inf"), [("not_amount", "基本信息!B5")]),
        ("基本信息", "B3", 2022.5, [("not_int", "基本信息!B3")]),
    ],
)
def test_raw_values(sample: Path, sheet: str, ref: str, value: object, expected: list[tuple[str, str]]) -> None:
    raw = _with_cell(read_workbook(sample), sheet, ref, value)
    _, findings = collect(raw)
    assert [item for item in located(findings) if item not in baseline(sample)] == expected


def test_control_characters_are_removed(sample: Path) -> None:
    book, _ = collect(_with_cell(read_workbook(sample), "正文", "B2", "残\x07疾人"))
    assert book is not None
    assert book.narrative[0].text.text == "残疾人"


def test_empty_workbook(tmp_path: Path) -> None:
    raw = RawWorkbook(str(tmp_path / "x.xlsx"), {"Sheet": RawSheet("Sheet", ())})
    assert located(collect(raw)[1]) == [("workbook_empty", "")]


def test_sections_give_first_cell(sample: Path) -> None:
    found = sections(read_workbook(sample))
    assert found is not None
    assert found["机构设置"] == Location(str(sample), "正文", "A3")
