"""Write a blank workbook laid out as `schema.WORKBOOK` says, that helps while it is filled in.

Every sheet and column of the design, a 填表说明 sheet first, one grey example row per table sheet
(its first cell starts with `schema.EXAMPLE_MARK`, so the reader skips it), and Excel data validation
from the schema: a range for numbers, a drop-down list where the values come from another sheet or
from the template, an input message showing the column's rule and a Chinese error alert. Number
formats (万元 with two decimals, percent), frozen header rows, and column widths that fit the headers.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.docs import template_sections
from generator.schema import (
    BOUNDS,
    CHOICES,
    EXAMPLE_MARK,
    EXAMPLES,
    FIELD_HEADER,
    GUIDE_SHEET,
    SHEETS,
    TEMPLATE_SECTIONS,
    WORKBOOK,
    Column,
    Kind,
    Sheet,
)

LAST_ROW = 1000
"""Validation and number formats reach this row of each table sheet."""

_FORMATS = {Kind.AMOUNT: "0.00", Kind.PERCENT: "0.00%", Kind.INT: "0", Kind.DATE: "yyyy-mm-dd"}
_GREY = Font(color="808080", italic=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_SECTIONS_COLUMN = 8  # -- column H of 填表说明 lists the template's sections --
_NO_LIMIT = Decimal("999999999999")
_EARLIEST = datetime.date(2000, 1, 1)


ExcelType = Literal["whole", "decimal", "list", "date"]
Operator = Literal["between", "greaterThanOrEqual", "lessThanOrEqual"]


@dataclass(frozen=True)
class Rule:
    """The Excel data validation of one column: `kind` is Excel's type (decimal, whole, date, list)."""

    kind: ExcelType
    operator: Operator | None
    formula1: str
    formula2: str | None
    text: str
    """The rule in Chinese, for the input message, the error alert and the 填表说明 sheet."""


def _figure(number: Decimal) -> str:
    return format(number.normalize(), "f")


def rule(sheet: Sheet, column: Column, sections: str = "", present: Collection[str] | None = None) -> Rule | None:
    """Return the validation of `column` of `sheet`, or None for free text.

    `sections` is the range on the 填表说明 sheet that lists the template's sections; `present` the
    sheets the workbook has (`None`: all), since a list can only come from a sheet that is there.
    """
    low, high = BOUNDS.get((sheet.name, column.name), (None, None))
    choices = CHOICES.get((sheet.name, column.name))
    if choices and choices != TEMPLATE_SECTIONS and present is not None and choices.split(".")[0] not in present:
        return None
    if choices == TEMPLATE_SECTIONS:
        return Rule("list", None, sections, None, "模板中的章节名之一（从下拉列表中选择；全部章节见“填表说明”表 H 列）")
    if choices:
        source, name = choices.split(".")
        letter = get_column_letter(SHEETS[source].columns.index(SHEETS[source].column(name)) + 1)
        # -- the list starts below the source's grey example row: 【示例】优 is no choice --
        top = 3 if source in EXAMPLES else 2
        where = f"{quote_sheetname(source)}!${letter}${top}:${letter}${LAST_ROW}"
        return Rule("list", None, where, None, f"“{source}”表中已填的{name}之一（从下拉列表中选择）")
    if column.kind is Kind.AMOUNT:
        low = Decimal(0) if low is None else low
        return _range("decimal", low, high, "金额，单位万元，最多两位小数")
    if column.kind is Kind.PERCENT:
        low = Decimal(0) if low is None else low
        high = Decimal(1000) if high is None else high
        text = f"百分比，如 92.5%，在 {_figure(low)}%～{_figure(high)}% 之间"
        return Rule("decimal", "between", _figure(low / 100), _figure(high / 100), text)
    if column.kind is Kind.INT:
        return _range("whole", low, high, "整数")
    if column.kind is Kind.NUMBER:
        return _range("decimal", low, high, "数字")
    if column.kind is Kind.DATE:
        first = str((_EARLIEST - datetime.date(1899, 12, 30)).days)
        return Rule("date", "greaterThanOrEqual", first, None, f"日期，如 {_EARLIEST.year + 23}-03-31")
    return None


def _range(kind: ExcelType, low: Decimal | None, high: Decimal | None, what: str) -> Rule:
    if low is not None and high is not None:
        return Rule(kind, "between", _figure(low), _figure(high), f"{what}，在 {_figure(low)}～{_figure(high)} 之间")
    if low is not None:
        return Rule(kind, "greaterThanOrEqual", _figure(low), None, f"{what}，不小于 {_figure(low)}")
    if high is not None:
        return Rule(kind, "lessThanOrEqual", _figure(high), None, f"{what}，不大于 {_figure(high)}")
    return Rule(kind, "between", _figure(-_NO_LIMIT), _figure(_NO_LIMIT), what)


def _note(column: Column, found: Rule | None) -> str:
    parts = [f"{column.kind.value}，{'必填' if column.required else '可选'}。"]
    if found is not None:
        parts.append(f"填写规则：{found.text}。")
    if column.help:
        parts.append(column.help)
    return "".join(parts)


def _validation(column: Column, found: Rule, cells: str) -> DataValidation:
    check = DataValidation(
        type=found.kind,
        operator=found.operator,
        formula1=found.formula1,
        formula2=found.formula2,
        allow_blank=True,
        showDropDown=False,  # -- Excel's odd name: False shows the drop-down arrow --
        showInputMessage=True,
        showErrorMessage=True,
        errorStyle="stop",
        promptTitle=column.name[:32],
        prompt=_note(column, found)[:255],
        errorTitle="填写的值不符合要求"[:32],
        error=f"“{column.name}”应填{found.text}。请重新输入，或按 Esc 取消。"[:255],
    )
    check.add(cells)
    return check


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _header(ws: Worksheet, names: list[str]) -> None:
    ws.append(names)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = "A2"


def _fit(ws: Worksheet, index: int, texts: list[str], least: int = 10, most: int = 60) -> None:
    ws.column_dimensions[get_column_letter(index)].width = min(max(least, *(_width(t) + 4 for t in texts)), most)


def _field_sheet(ws: Worksheet, sheet: Sheet, sections: str, present: Collection[str]) -> None:
    _header(ws, list(FIELD_HEADER))
    for row, column in enumerate(sheet.columns, start=2):
        ws.cell(row, 1, column.name)
        found = rule(sheet, column, sections, present)
        ws.cell(row, 1).comment = Comment(_note(column, found), "填表说明")
        value = ws.cell(row, 2)
        if column.kind in _FORMATS:
            value.number_format = _FORMATS[column.kind]
        if found is not None:
            ws.add_data_validation(_validation(column, found, value.coordinate))
    _fit(ws, 1, [FIELD_HEADER[0], *(c.name for c in sheet.columns)])
    ws.column_dimensions["B"].width = 80


def _table_sheet(ws: Worksheet, sheet: Sheet, sections: str, present: Collection[str], extra: Sequence[str]) -> None:
    _header(ws, [c.name for c in sheet.columns])
    example = EXAMPLES.get(sheet.name)
    if example is not None:
        ws.append(list(example))
        for cell in ws[2]:
            cell.font = _GREY
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        found = rule(sheet, column, sections, present)
        ws.cell(1, index).comment = Comment(_note(column, found), "填表说明")
        if column.kind in _FORMATS:
            ws.column_dimensions[letter].number_format = _FORMATS[column.kind]
            if example is not None:
                ws.cell(2, index).number_format = _FORMATS[column.kind]
        if found is not None:
            ws.add_data_validation(_validation(column, found, f"{letter}2:{letter}{LAST_ROW}"))
        wide = column.kind is Kind.TEXT and index == len(sheet.columns) and not column.groups
        _fit(ws, index, [column.name, *(str(v) for v in (example or ())[index - 1 : index])], 60 if wide else 12)
    for name in extra:
        index = ws.max_column + 1
        ws.cell(1, index, name).comment = Comment("模板新增的列，按列名印出。", "填表说明")
        ws.cell(1, index).font = Font(bold=True)
        ws.cell(1, index).fill = _HEADER_FILL
        _fit(ws, index, [name], 12)


def _guide(ws: Worksheet, sections: list[str], present: Collection[str]) -> None:
    lines = [
        "填表说明",
        "每个单位每年填写一个工作簿，放入 inputs/ 后生成报告。表名和列名（第 1 行）不要改动；表内行数不限。",
        f"灰色斜体的行是示例（第一格以“{EXAMPLE_MARK}”开头），程序读取时跳过；可以照着填写，填好后删除或保留均可。",
        "选中单元格时会显示该列的填写规则；填入不符合规则的值时 Excel/WPS 会拒绝并说明原因。",
        "金额一律以万元为单位填数字（两位小数）；执行率填百分比（如 92.5%）。编号（一）、1.、（1）由程序生成，不要手工输入。",
        "各表、各列的详细说明见下表；程序的检查（python -m generator check）会一次列出全部问题及其单元格。",
        "",
    ]
    for text in lines:
        ws.append([text])
    ws["A1"].font = Font(bold=True, size=14)
    header = ["工作表", "列（或项目）", "类型", "必填", "填写规则", "说明"]
    ws.append(header)
    top = ws.max_row
    for cell in ws[top]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for sheet in WORKBOOK:
        if sheet.name not in present:
            continue
        for column in sheet.columns:
            found = rule(sheet, column, "", present)
            ws.append(
                [
                    sheet.name,
                    column.name,
                    column.kind.value,
                    "是" if column.required else "否",
                    found.text if found is not None else "",
                    column.help,
                ]
            )
    for index, width in enumerate([12, 16, 14, 6, 40, 70], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.cell(1, _SECTIONS_COLUMN, "正文的章节（“正文”表“章节”列可选的值）").font = Font(bold=True)
    for row, name in enumerate(sections, start=2):
        ws.cell(row, _SECTIONS_COLUMN, name)
    ws.column_dimensions[get_column_letter(_SECTIONS_COLUMN)].width = 36
    ws.freeze_panes = f"A{top + 1}"


def write_blank(
    path: Path,
    template: Path,
    sheets: Sequence[str] | None = None,
    extra: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Write to `path` a workbook with every sheet and column of the design, no content but grey examples.

    The 正文 sections of `template` become the choices of the 章节 column. `sheets` limits the workbook to
    the sheets a template uses (`None`: all); `extra` adds the extra columns a template prints, by sheet
    (see `template_check.design`).
    """
    sections = template_sections(template)
    present = [s.name for s in WORKBOOK if sheets is None or s.name in sheets]
    letter = get_column_letter(_SECTIONS_COLUMN)
    where = f"{quote_sheetname(GUIDE_SHEET)}!${letter}$2:${letter}${len(sections) + 1}"
    book = openpyxl.Workbook()
    for default in list(book.worksheets):
        book.remove(default)
    _guide(book.create_sheet(GUIDE_SHEET), sections, present)
    for sheet in WORKBOOK:
        if sheet.name not in present:
            continue
        ws = book.create_sheet(sheet.name)
        if sheet.is_field_sheet:
            _field_sheet(ws, sheet, where, present)
        else:
            _table_sheet(ws, sheet, where, present, (extra or {}).get(sheet.name, ()))
    book.save(path)
