"""The corpus of wrong workbooks a clerk makes in Excel, read as Excel shows them (issue 7).

Each case is one realistic edit of a valid base workbook, applied to every base (the sample in
inputs/ and the second department in tests/data/), with the exact findings it must give as
(code, sheet!cell). An empty list means: the workbook builds, and reads as Excel shows it.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

from generator import pipeline
from tests.docx_dump import visible
from tests.mutations import (
    append,
    append_at,
    copy_name,
    duplicate_row,
    hide_column,
    hide_row,
    hide_sheet,
    insert,
    number_format,
    rate_from_amounts,
    total_row,
)
from tests.workbooks import baseline, clear_rows, merge, mutated, new_findings, put, rename_sheet, retype

_ROWS = 30  # -- beyond the last row of every base --

# fmt: off
CASES = [
    # -- number formats: the value as displayed --
    ("rate_percent_format", [rate_from_amounts(2, lambda f: (f, "0.00%"))], []),
    ("rate_percent_format_whole", [rate_from_amounts(2, lambda f: (round(f * 100, 2), "0.00%"))], [("percent_scale", "重点项目!E2")]),
    ("rate_fraction_general", [rate_from_amounts(2, lambda f: (round(f, 4), "General"))], [("percent_ambiguous", "重点项目!E2")]),
    ("rate_fraction_text", [rate_from_amounts(2, lambda f: (f"{f:.4f}", "General"))], [("percent_ambiguous", "重点项目!E2")]),
    ("rate_text_with_sign", [rate_from_amounts(2, lambda f: (f"{f * 100:.2f}%", "@"))], []),
    ("rate_full_width_sign", [rate_from_amounts(2, lambda f: (f"{f * 100:.2f}％", "General"))], []),
    ("rate_whole_general", [rate_from_amounts(2, lambda f: (round(f * 100, 2), "General"))], []),
    ("rate_percent_one_decimal", [rate_from_amounts(2, lambda f: (round(f, 4) + 0.0004, "0.0%"))], [("display_differs", "重点项目!E2")]),
    ("amount_percent_format", [number_format("基本信息", "B5", "0%")], [("percent_format", "基本信息!B5")]),
    ("amount_integer_format", [number_format("基本信息", "B6", "0")], [("display_differs", "基本信息!B6")]),
    ("amount_one_decimal_format", [put("重点项目", "C2", 570.456, "0.0")], [("display_differs", "重点项目!C2")]),
    ("amount_thousands_scaled", [number_format("基本信息", "B5", "0.00,")], [("display_differs", "基本信息!B5")]),
    ("amount_two_decimals_format", [number_format("基本信息", "B5", "0.00")], []),
    ("amount_grouping_format", [number_format("基本信息", "B5", "#,##0.00")], []),
    ("amount_accounting_format", [number_format("基本信息", "B5", '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ')], []),
    ("amount_wan_unit_format", [number_format("基本信息", "B5", '0.00"万元"')], []),
    ("amount_yuan_unit_format", [number_format("基本信息", "B5", '0.00"元"')], [("unit_format", "基本信息!B5")]),
    ("amount_red_negative_format", [number_format("重点项目", "C2", "0.00;[Red]-0.00")], []),
    ("amount_text_number", [retype("重点项目", "D2", str)], []),
    ("amount_text_percent", [put("重点项目", "C2", "50%")], [("unit_mismatch", "重点项目!C2")]),
    ("score_integer_format_hides_decimal", [put("评分明细", "D2", 10.4, "0")], [("display_differs", "评分明细!D2")]),
    ("stat_percent_format", [number_format("统计数据", "B2", "0%")], [("percent_format", "统计数据!B2")]),
    ("year_date_format", [number_format("基本信息", "B3", "yyyy-mm-dd")], [("shown_as_date", "基本信息!B3")]),
    ("year_with_character", [put("基本信息", "B3", "二零二二年")], [("not_int", "基本信息!B3")]),
    ("date_lost_format", [put("基本信息", "B4", 45016, "General")], [("date_serial", "基本信息!B4")]),
    ("date_lost_format_float", [put("基本信息", "B4", 45016.0, "General")], [("date_serial", "基本信息!B4")]),
    ("date_typed_with_dots", [put("基本信息", "B4", "2024.3.31")], []),
    ("date_as_datetime", [put("基本信息", "B4", dt.datetime(2024, 3, 31, 0, 0))], []),
    ("amount_date_format", [number_format("重点项目", "C2", "yyyy/m/d")], [("shown_as_date", "重点项目!C2")]),
    # -- a unit typed or shown beside a number must be the number's unit --
    ("stat_percent_typed_in_count", [put("统计数据", "C2", "人"), put("统计数据", "B2", "95%")], [("unit_mismatch", "统计数据!B2")]),
    ("stat_count_typed_in_percent", [put("统计数据", "C2", "%"), put("统计数据", "B2", "12人")], [("unit_mismatch", "统计数据!B2")]),
    ("stat_unit_typed_as_declared", [put("统计数据", "C2", "人"), put("统计数据", "B2", "311 人")], []),
    ("stat_wan_yuan_in_yuan", [put("统计数据", "C2", "元"), put("统计数据", "B2", "3万元")], [("number_with_unit", "统计数据!B2")]),
    ("stat_yuan_in_wan_yuan", [put("统计数据", "C2", "万元"), put("统计数据", "B2", "3元")], [("unit_mismatch", "统计数据!B2")]),
    ("stat_without_unit_typed_percent", [put("统计数据", "C2", None), put("统计数据", "B2", "95%")], [("unit_mismatch", "统计数据!B2")]),
    ("stat_format_unit_differs", [put("统计数据", "C2", "人"), put("统计数据", "B2", 311, '0"人次"')], [("unit_format", "统计数据!B2")]),
    ("stat_percent_format_in_percent", [put("统计数据", "C2", "%"), put("统计数据", "B2", 0.9693, "0.00%")], []),
    ("score_typed_as_percent", [put("评分明细", "E2", "95%")], [("unit_mismatch", "评分明细!E2")]),
    ("amount_typed_in_yuan", [put("重点项目", "C2", "5704500元")], [("unit_mismatch", "重点项目!C2")]),
    # -- the grading scale: every total from 0 to 100 earns exactly one grade --
    ("grades_lowest_band_above_zero", [put("评价等级", "B5", 50)], [("grade_bands", "评价等级!B5")]),
    ("grades_bottom_band_deleted", [put("评价等级", "A5", None), put("评价等级", "B5", None)], [("grade_bands", "评价等级!B4")]),
    ("grades_same_lowest_score", [put("评价等级", "B4", 80)], [("grade_bands", "评价等级!B4")]),
    ("grades_out_of_order", [put("评价等级", "B3", 95), put("基本信息", "B10", None)], [("grade_bands", "评价等级!B3")]),
    ("grades_listed_from_the_bottom", [put("评价等级", f"{c}{r}", v) for r, row in enumerate([("差", 0), ("中", 60), ("良", 80), ("优", 90)], start=2) for c, v in zip("AB", row, strict=True)], []),
    # -- amounts orders of magnitude apart: typed in 元 beside 万元 --
    ("department_budget_in_yuan", [retype("基本信息", "B5", lambda v: round(v * 10000))], [("rate_absurd", "基本信息!B5")]),
    ("department_spent_in_yuan", [retype("基本信息", "B6", lambda v: round(v * 10000))], [("rate_absurd", "基本信息!B6")]),
    ("department_both_in_yuan", [retype("基本信息", "B5", lambda v: round(v * 10000)), retype("基本信息", "B6", lambda v: round(v * 10000))], [("amount_in_yuan", "基本信息!B5"), ("amount_in_yuan", "基本信息!B6")]),
    ("project_budget_in_yuan", [retype("重点项目", "C2", lambda v: round(v * 10000))], [("rate_absurd", "重点项目!C2")]),
    ("project_both_in_yuan", [retype("重点项目", "C2", lambda v: round(v * 10000)), retype("重点项目", "D2", lambda v: round(v * 10000))], [("amount_in_yuan", "重点项目!D2"), ("project_over_department", "重点项目!C2")]),
    ("project_spent_nothing", [put("重点项目", "D2", 0)], []),
    # -- merged cells --
    ("merge_budget_across_projects", [merge("重点项目", "C2:C3")], [("merged_cells", "重点项目!C2")]),
    ("merge_name_across_projects", [merge("重点项目", "A2:A3")], [("merged_cells", "重点项目!A2")]),
    ("merge_source_down", [merge("重点项目", "B2:B3")], []),
    ("merge_budget_and_spent", [merge("重点项目", "C2:D2")], [("merged_cells", "重点项目!C2")]),
    ("merge_header", [merge("重点项目", "C1:D1")], [("merged_cells", "重点项目!C1"), ("column_missing", "重点项目!A1")]),
    ("merge_header_down", [merge("重点项目", "C1:C2")], [("merged_cells", "重点项目!C1")]),
    ("merge_info_values", [merge("基本信息", "B5:B6")], [("merged_cells", "基本信息!B5")]),
    ("merge_info_label_value", [merge("基本信息", "A8:B8")], [("merged_cells", "基本信息!A8")]),
    ("merge_category_down", [merge("评分明细", "A2:A3")], []),
    ("merge_weights_across", [merge("评分明细", "D2:D3")], [("merged_cells", "评分明细!D2")]),
    ("merge_deduction_reasons", [merge("扣分明细", "B2:B3")], [("merged_cells", "扣分明细!B2")]),
    ("merge_problems", [merge("存在问题", "A2:A3")], [("merged_cells", "存在问题!A2")]),
    ("merge_outside_table", [merge("重点项目", "H2:I3")], []),
    ("merge_work_titles", [merge("重点工作", "A2:A4")], []),
    # -- what the clerk cannot see --
    ("hidden_project_row", [hide_row("重点项目", 3)], [("hidden_row", "重点项目!A3")]),
    ("hidden_empty_row", [hide_row("重点项目", _ROWS)], []),
    ("hidden_info_row", [hide_row("基本信息", 8)], [("hidden_row", "基本信息!A8")]),
    ("hidden_indicator_row", [hide_row("评分明细", 3)], [("hidden_row", "评分明细!A3")]),
    ("hidden_problem_row", [hide_row("存在问题", 2)], [("hidden_row", "存在问题!A2")]),
    ("hidden_source_column", [hide_column("重点项目", "B")], [("hidden_column", "重点项目!B1")]),
    ("hidden_empty_column", [hide_column("重点项目", "H")], []),
    ("hidden_stat_note_column", [hide_column("统计数据", "D")], [("hidden_column", "统计数据!D1")]),
    ("hidden_sheet", [hide_sheet("存在问题")], [("hidden_sheet", "存在问题")]),
    ("hidden_two_rows_two_sheets", [hide_row("部门职能", 2), hide_row("改进措施", 2)], [("hidden_row", "部门职能!A2"), ("hidden_row", "改进措施!A2")]),
    # -- rows that are no record --
    ("total_row_projects", [total_row("重点项目", "合计", "CD")], [("total_row", "重点项目!A{last}")]),
    ("subtotal_row_projects", [total_row("重点项目", "小计", "CD")], [("total_row", "重点项目!A{last}")]),
    ("total_row_spaced", [total_row("重点项目", "合  计", "CD")], [("total_row", "重点项目!A{last}")]),
    ("total_row_with_colon", [total_row("重点项目", "总计：", "CD")], [("total_row", "重点项目!A{last}")]),
    ("total_row_categories", [total_row("一级指标", "合计", "B")], [("total_row", "一级指标!A{last}")]),
    ("total_row_indicators", [total_row("评分明细", "合计", "DE")], [("total_row", "评分明细!A{last}")]),
    ("total_in_second_column", [append("评分明细", None, "合计", None, 100, 90)], [("total_row", "评分明细!B{last}")]),
    ("note_row_projects", [append("重点项目", "注：金额单位为万元。")], [("note_row", "重点项目!A{last}")]),
    ("note_row_problems", [append("存在问题", "说明：以上问题均已整改。")], [("note_row", "存在问题!A{last}")]),
    ("note_row_star", [append("评分明细", "※ 分值合计为 100 分")], [("note_row", "评分明细!A{last}")]),
    ("incomplete_row_source_only", [append("重点项目", None, "市区两级")], [("incomplete_row", "重点项目!B{last}")]),
    ("incomplete_row_stray_cell", [append_at("评分明细", "F", "待核")], [("incomplete_row", "评分明细!F{last}")]),
    ("row_of_spaces", [append("重点项目", "  ", "　", " ", " ")], []),
    ("row_of_zero_width", [append("存在问题", "\u200b")], []),
    ("blank_row_between", [insert("存在问题", 2)], []),
    # -- headers and names after normalisation --
    ("duplicate_header", [put("重点项目", "F1", "预算数")], [("duplicate_column", "重点项目!F1")]),
    ("duplicate_header_spaced", [put("重点项目", "F1", " 预算数 ")], [("duplicate_column", "重点项目!F1")]),
    ("duplicate_header_full_width_space", [put("评分明细", "F1", "自评分\u3000")], [("duplicate_column", "评分明细!F1")]),
    ("header_spaced_inside", [put("重点项目", "C1", "预 算 数")], []),
    ("duplicate_project_inner_space", [copy_name("重点项目", "A2", "A3", lambda v: v[:2] + " " + v[2:])], [("duplicate_project", "重点项目!A3")]),
    ("duplicate_project_width", [put("重点项目", "A2", "残疾人项目(一)"), put("重点项目", "A3", "残疾人项目（一）")], [("duplicate_project", "重点项目!A3")]),
    ("duplicate_stat_spaced", [duplicate_row("统计数据", 2, lambda v: v[:2] + " " + v[2:])], [("duplicate_stat", "统计数据!A{last}")]),
    ("duplicate_category_spaced", [duplicate_row("一级指标", 2, lambda v: v[:1] + "\u3000" + v[1:])], [("duplicate_category", "一级指标!A{last}"), ("weights_not_100", "一级指标"), ("category_without_rows", "一级指标!A{last}")]),
    # -- text that is not what it looks like --
    ("escape_control_character", [put("正文", "B2", "文字_x000B_说明")], [("control_character_removed", "正文!B2")]),
    ("escape_literal", [put("正文", "B2", "变量名_x005F_x000B_照印")], []),
    ("escape_in_name", [retype("重点项目", "A2", lambda v: v + "_x0007_")], [("control_character_removed", "重点项目!A2")]),
    ("right_to_left_mark", [retype("存在问题", "A2", lambda v: "\u202e" + v)], [("control_character_removed", "存在问题!A2")]),
    ("zero_width_space_in_name", [retype("重点项目", "A2", lambda v: v[:2] + "\u200b" + v[2:])], [("control_character_removed", "重点项目!A2")]),
    ("byte_order_mark", [retype("部门职能", "A2", lambda v: "\ufeff" + v)], [("control_character_removed", "部门职能!A2")]),
    ("numbering_duty", [retype("部门职能", "A2", lambda v: "（一）" + v)], [("numbering_removed", "部门职能!A2")]),
    ("numbering_problem", [retype("存在问题", "A2", lambda v: "1." + v)], [("numbering_removed", "存在问题!A2")]),
    ("numbering_measure", [retype("改进措施", "A2", lambda v: "一、" + v)], [("numbering_removed", "改进措施!A2")]),
    ("numbering_project", [retype("重点项目", "A2", lambda v: "1、" + v)], [("numbering_removed", "重点项目!A2")]),
    ("numbering_circled", [retype("改进措施", "A2", lambda v: "①" + v)], [("numbering_removed", "改进措施!A2")]),
    ("numbering_half_width_parens", [retype("存在问题", "A2", lambda v: "(1)" + v)], [("numbering_removed", "存在问题!A2")]),
    ("numbering_work_title", [retype("重点工作", "A2", lambda v: "（1）" + v)], [("numbering_removed", "重点工作!A2")]),
    ("numbering_category", [retype("一级指标", "A2", lambda v: "1." + v)], [("numbering_removed", "一级指标!A2")]),
    ("decimal_is_no_numbering", [retype("存在问题", "A2", lambda v: "1.5万元资金" + v)], []),
    ("paragraph_first_is_kept", [retype("正文", "B3", lambda v: "一是" + v)], []),
    ("braces_full_width", [put("正文", "B2", "全年预算执行率｛｛预算执行率｝｝。")], [("placeholder_braces", "正文!B2")]),
    ("braces_mixed_width", [put("正文", "B2", "全年预算执行率{{预算执行率｝｝。")], [("placeholder_braces", "正文!B2")]),
    ("brace_missing_end", [put("正文", "B2", "全年预算执行率{{预算执行率}。")], [("placeholder_braces", "正文!B2")]),
    ("brace_missing_start", [put("扣分明细", "B2", "执行率{预算执行率}}")], [("placeholder_braces", "扣分明细!B2")]),
    ("braces_single", [put("存在问题", "A2", "预算执行率仅{预算执行率}。")], [("placeholder_braces", "存在问题!A2")]),
    ("braces_in_table_header_text", [put("基本信息", "B7", "完成率{{预算执行率}")], [("placeholder_braces", "基本信息!B7")]),
    ("reason_ends_with_full_stop", [retype("扣分明细", "B2", lambda v: v + "。")], []),
    ("project_name_ends_with_full_stop", [retype("重点项目", "A2", lambda v: v + "。")], []),
    # -- messages that used to mislead --
    ("score_above_weight", [put("评分明细", "E2", 99), put("基本信息", "B9", None), put("基本信息", "B10", None)], [("score_out_of_range", "评分明细!E2")]),
    ("zero_budget_project", [put("重点项目", "C2", 0), put("重点项目", "D2", 0)], [("zero_budget", "重点项目!C2")]),
    ("unit_name_very_long", [put("基本信息", "B2", "示例市东湖区农业农村局所属事业单位" * 20)], [("unit_name_long", "基本信息!B2")]),
    ("unit_name_fits", [put("基本信息", "B2", "示例市东湖区农业农村局所属事业单位" * 2)], []),
    # -- amounts typed with a unit other than 万元: the unit named, the 万元 to type given --
    ("amount_in_yi_yuan", [put("重点项目", "C2", "0.04206亿元")], [("unit_mismatch", "重点项目!C2")]),
    ("amount_in_thousand_yuan", [put("基本信息", "B5", "1250.5千元")], [("unit_mismatch", "基本信息!B5")]),
    ("amount_in_yuan_with_unit", [put("重点项目", "D2", "415300元")], [("unit_mismatch", "重点项目!D2")]),
    ("amount_in_wan_word", [retype("重点项目", "C2", lambda v: f"{v}万")], []),
    # -- what a clerk does: spaces, full-width digits, dates as text, pasted rows, empty and renamed sheets --
    ("amount_trailing_space", [put("重点项目", "C2", "570.45 ")], []),
    ("amount_full_width_digits", [retype("重点项目", "D2", lambda v: str(v).translate(str.maketrans("0123456789.", "０１２３４５６７８９．")))], []),
    ("date_typed_in_characters", [put("基本信息", "B4", "2025年3月31日")], []),
    ("date_typed_with_spaces", [put("基本信息", "B4", " 2025.3.31 ")], []),
    ("year_typed_with_character", [put("基本信息", "B3", "2022年")], [("not_int", "基本信息!B3")]),
    ("pasted_project_again", [duplicate_row("重点项目", 2, lambda v: v)], [("duplicate_project", "重点项目!A{last}")]),
    ("pasted_duty_again", [duplicate_row("部门职能", 2, lambda v: v)], [("duplicate_text", "部门职能!A{last}")]),
    ("pasted_problem_again", [duplicate_row("存在问题", 2, lambda v: v)], [("duplicate_text", "存在问题!A{last}")]),
    ("pasted_measure_again_spaced", [duplicate_row("改进措施", 2, lambda v: v + " ")], [("duplicate_text", "改进措施!A{last}")]),
    ("pasted_paragraph_again", [duplicate_row("正文", 2, lambda v: v)], [("duplicate_text", "正文!B{last}")]),
    ("pasted_work_paragraph_again", [duplicate_row("重点工作", 2, lambda v: v)], [("duplicate_text", "重点工作!B{last}")]),
    ("pasted_deduction_again", [duplicate_row("扣分明细", 2, lambda v: v)], [("deductions_mismatch", "评分明细!E{deducted}"), ("duplicate_text", "扣分明细!B{last}")]),
    ("required_sheet_header_only", [clear_rows("存在问题", 2)], [("sheet_empty", "存在问题!A2")]),
    ("required_sheet_emptied", [clear_rows("存在问题", 1)], [("sheet_empty", "存在问题")]),
    ("sheet_name_trailing_space", [rename_sheet("改进措施", "改进措施 ")], [("sheet_name_spaces", "改进措施 ")]),
    ("sheet_name_full_width_space", [rename_sheet("存在问题", "存在\u3000问题")], [("sheet_name_spaces", "存在\u3000问题")]),
    ("formula_error_shown", [put("重点项目", "E2", "#DIV/0!")], [("formula_error", "重点项目!E2")]),
    # -- a negative statistic: no count is below zero; other units may fall, unless the name says so a warning --
    ("stat_negative_count", [append("统计数据", "全民健身活动场次", -5, "场")], [("negative_count", "统计数据!B{last}")]),
    ("stat_negative_count_in_wan", [append("统计数据", "服务人次", -1.2, "万人次")], [("negative_count", "统计数据!B{last}")]),
    ("stat_negative_typed_as_text", [append("统计数据", "培训人数", "-12", "人")], [("negative_count", "统计数据!B{last}")]),
    ("stat_negative_percent", [append("统计数据", "满意度", -3.5, "%")], [("negative_stat", "统计数据!B{last}")]),
    ("stat_negative_no_unit", [append("统计数据", "结算指数", -2)], [("negative_stat", "统计数据!B{last}")]),
    ("stat_negative_signed_name", [append("统计数据", "参训人数同比增减", -12, "人")], []),
    ("stat_negative_growth_rate", [append("统计数据", "支出增长率", -3.5, "%")], []),
    ("stat_zero_count", [append("统计数据", "全民健身活动场次", 0, "场")], []),
    # -- all at once: a problem in one sheet never hides another's --
    ("errors_in_three_sheets", [put("基本信息", "B5", "约 300"), put("重点项目", "C2", -5), merge("评分明细", "D2:D3")], [("not_amount", "基本信息!B5"), ("merged_cells", "评分明细!D2"), ("negative_amount", "重点项目!C2"), ("spent_over_budget", "重点项目!D2")]),
]
# fmt: on


@functools.cache
def _last_rows(base: Path) -> dict[str, int]:
    """Return the number of the row a row appended to each sheet of `base` gets."""
    book = openpyxl.load_workbook(base)
    return {ws.title: ws.max_row + 1 for ws in book.worksheets}


@functools.cache
def _deducted_row(base: Path) -> int:
    """Return the row of 评分明细 holding the indicator of 扣分明细's first deduction (its 自评分 is in column E)."""
    book = openpyxl.load_workbook(base)
    indicator = book["扣分明细"]["A2"].value
    return next(c.row for c in book["评分明细"]["C"] if c.value == indicator)


def _expected(base: Path, expected: list[tuple[str, str]]) -> list[tuple[str, str]]:
    last = _last_rows(base)
    fields = {
        "last": lambda where: last[where.split("!")[0]],
        "deducted": lambda where: _deducted_row(base),
    }
    return [
        (code, where.format(**{name: row(where) for name, row in fields.items() if f"{{{name}}}" in where}))
        for code, where in expected
    ]


def test_corpus_is_large_enough() -> None:
    assert len(CASES) * 2 >= 100
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("mutations", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_corpus(base: Path, tmp_path: Path, mutations: list, expected: list[tuple[str, str]]) -> None:
    path = mutated(base, tmp_path, *mutations)
    assert new_findings(base, path) == _expected(base, expected)


def _printed(path: Path, out: Path) -> list[str]:
    return [visible(p.text) for p in Document(str(pipeline.build(path, out).output)).paragraphs]


def test_fragments_print_inside_sentences(base: Path, tmp_path: Path) -> None:
    path = mutated(
        base,
        tmp_path,
        retype("扣分明细", "B2", lambda v: v + "。"),
        retype("重点项目", "A2", lambda v: v + "。"),
        put("重点项目", "B2", "市区两级。"),
    )
    printed = "\n".join(_printed(path, tmp_path / "out"))
    for doubled in ("。，", "。；", "。。", "。扣", "。预算"):
        assert doubled not in printed


def _end_section_with_full_stop(section: str) -> Any:
    def apply(book: Any) -> None:
        for row in book["正文"].iter_rows(min_row=2):
            if row[0].value == section:
                row[1].value = str(row[1].value).rstrip("。") + "。"

    return apply


def test_section_printed_inside_a_sentence_keeps_no_full_stop(base: Path, tmp_path: Path) -> None:
    path = mutated(base, tmp_path, _end_section_with_full_stop("自评结论"))
    printed = "\n".join(_printed(path, tmp_path / "out"))
    assert "。，整体自评得分" not in printed
    assert "，整体自评得分" in printed


def test_zero_budget_project_prints_without_rate(base: Path, tmp_path: Path) -> None:
    path = mutated(
        base, tmp_path, put("重点项目", "A2", "零预算项目"), put("重点项目", "C2", 0), put("重点项目", "D2", 0)
    )
    line = next(p for p in _printed(path, tmp_path / "out") if "零预算项目" in p)
    assert (
        line.endswith("零预算项目，市区两级预算0万元，共支出0万元。")
        or line.endswith("零预算项目，预算0万元，共支出0万元。")
        or "共支出0万元。" in line
    )
    assert "执行率" not in line


def test_messages_say_the_right_thing(base: Path, tmp_path: Path) -> None:
    from tests.workbooks import findings_of

    path = mutated(base, tmp_path, put("评分明细", "E2", 99), put("基本信息", "B3", "二零二二年"))
    messages = {f.code: f.msg for f in findings_of(path)}
    assert "少 -" not in "".join(messages.values())
    assert "2024" in messages["not_int"]
    assert "1234.5" not in messages["not_int"]


def test_long_unit_name_builds_with_short_file_name(base: Path, tmp_path: Path) -> None:
    unit = "示例市东湖区农业农村局所属事业单位" * 20
    built = pipeline.build(mutated(base, tmp_path, put("基本信息", "B2", unit)), tmp_path / "out")
    assert len(built.output.name.encode("utf-8")) <= 200
    document = Document(str(built.output))
    assert len(document.core_properties.title) <= 255
    assert unit in document.paragraphs[0].text.replace("\n", "")


def test_total_row_inserted_hides_no_other_row(base: Path, tmp_path: Path) -> None:
    # -- the rows below the inserted one move down, and so do the base's own warnings on them --
    path = mutated(base, tmp_path, insert("重点项目", 3, "总计", None, 1, 1))
    moved = [
        (code, f"重点项目!{where[5]}{int(where[6:]) + 1}")
        for code, where in baseline(base)
        if where.startswith("重点项目!") and int(where[6:]) >= 3
    ]
    assert new_findings(base, path) == [("total_row", "重点项目!A3"), *moved]


def test_an_amount_in_another_unit_names_it_and_the_figure_to_type(base: Path, tmp_path: Path) -> None:
    from tests.workbooks import findings_of

    path = mutated(base, tmp_path, put("重点项目", "C2", "0.04206亿元"), put("基本信息", "B5", "1250.5千元"))
    messages = {f.loc.cell: f.msg for f in findings_of(path) if f.code == "unit_mismatch"}
    assert "“亿元”" in messages["C2"]
    assert "请填 420.6（" in messages["C2"]
    assert "“千元”" in messages["B5"]
    assert "请填 125.05（" in messages["B5"]
    assert "不要填“元”金额" not in "".join(messages.values())


def test_a_suggested_rate_is_printed_by_the_figure_rules(base: Path, tmp_path: Path) -> None:
    from tests.workbooks import findings_of

    path = mutated(
        base,
        tmp_path,
        put("重点项目", "E2", 98.7398953875416, "0.00%"),
        put("重点项目", "E3", 0.987398953875416, "General"),
    )
    messages = {f.loc.cell: f.msg for f in findings_of(path)}
    assert "显示为 9873.99%" in messages["E2"]
    assert "请直接输入“98.74%”" in messages["E2"]
    assert "例如“98.74%”" in messages["E3"]
    assert "98.7398953875416%" not in "".join(messages.values())
