"""Check a read workbook against the schema and the domain rules; return typed records.

Every problem of the workbook is collected, then one `GeneratorError` is raised listing all of them.
Warnings do not stop the build: they travel on in `Workbook.warnings`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from generator import checks, yearly
from generator.display import cell_text, display_text
from generator.errors import Finding, Findings, GeneratorError, Location
from generator.models import (
    Category,
    Deduction,
    GradeBand,
    Indicator,
    Info,
    Paragraph,
    Project,
    RawSheet,
    RawWorkbook,
    Stat,
    Text,
    Workbook,
)
from generator.schema import FIELD_HEADER, GUIDE_SHEET, SHEETS, WORKBOOK, Column, Kind, Sheet
from generator.structure import check_layout, check_merges, check_sheet
from generator.text import brace_problem, fragment, key, normalise, visible
from generator.values import CODES, Unit, ValueProblem, clean_text, is_blank, is_excel_error, parse, unit_of

Row = dict[str, tuple[Any, Location]]
"""A record as read: column name → (typed value or None when blank, the cell's location)."""


def _cell_value(found: Findings, cell: Any, column: Column, loc: Location, unit: Unit | None = None) -> Any:
    """Return the typed value of a cell, or None (blank or unreadable, a finding then recorded).

    `unit` is the unit another cell of the row declares for it; by default the column's own (`values.unit_of`).
    """
    if cell.is_formula_without_value:
        found.fail(
            "formula_without_value",
            f"“{column.name}”是公式，但文件里没有保存计算结果（工作簿可能由程序生成、从未在 Excel 中打开）。"
            "请用 Excel 或 WPS 打开该文件并保存一次后重试。",
            loc,
        )
        return None
    if is_excel_error(cell.value):
        found.fail(
            "formula_error",
            f"“{column.name}”的公式出错，单元格显示 {cell.value.strip()}。请在 Excel 或 WPS 中修正公式（或改填数值）后保存。",
            loc,
            cell.value,
        )
        return None
    if is_blank(cell.value):
        if column.required:
            found.fail("required_missing", f"“{column.name}”不能为空，请填写。", loc)
        return None
    if column.kind is Kind.TEXT:
        return _text_value(found, cell.value, column, loc)
    shown = cell_text(cell.value, cell.number_format)
    if shown is not None:
        found.shown[(loc.sheet, loc.cell)] = shown
    try:
        value = parse(cell.value, column.kind, cell.number_format, unit or unit_of(column.kind, column.unit))
    except ValueProblem as problem:
        found.fail(problem.code or CODES[column.kind], f"“{column.name}”{problem}", loc, cell.value)
        return None
    if column.kind is Kind.AMOUNT and value != value.quantize(_CENT, rounding=ROUND_HALF_UP):
        printed = value.quantize(_CENT, rounding=ROUND_HALF_UP)
        found.warn(
            "amount_rounded",
            f"“{column.name}”填的 {value} 有两位以上小数，报告按四舍五入印为 {printed} 万元。"
            f"若这正是要印的数，请把单元格改为 {printed}；否则请核对金额的单位和小数点。",
            loc,
            str(value),
        )
    return value


def _text_value(found: Findings, value: Any, column: Column, loc: Location) -> str | None:
    """Return a text cell as it shows (`text.normalise`), noting what was removed and bad braces."""
    cleaned = normalise(value, numbered=column.numbered)
    if cleaned.removed_invisible:
        found.warn(
            "control_character_removed",
            f"“{column.name}”含有看不见的字符（{visible(cleaned.removed_invisible)}：控制字符、从右到左或零宽度标记），"
            "已删除。这类字符多来自从网页或其他文档粘贴，会使两段相同的文字看起来一样却不相等。请检查原文。",
            loc,
            value,
        )
    if cleaned.removed_numbering:
        found.warn(
            "numbering_removed",
            f"“{column.name}”开头手工输入了编号“{cleaned.removed_numbering}”，已删除：报告会自动编号。"
            "请在工作簿中删去这个编号，以免下次再提示。",
            loc,
            value,
        )
    text = cleaned.text
    if column.single_line and _LINE_BREAK.search(text):
        text = _one_line(text)
        found.warn(
            "line_break_removed",
            f"“{column.name}”中有换行（Alt+Enter），它要印在一行里（标题、自评表、文件名），已去掉换行，读作“{text}”。"
            "请在工作簿中删去换行，以免下次再提示。",
            loc,
            value,
        )
    elif _LINE_BREAK.search(text):
        found.warn(
            "line_break_in_text",
            f"“{column.name}”中有单元格内换行（Alt+Enter），报告照印为段内换行：下一行不缩进，也不另起一段。"
            "若要分成两段，请把后一段写在下一行（每行一段）；若不需要换行，请删去换行。",
            loc,
            value,
        )
    problem = brace_problem(text)
    if problem:
        found.fail("placeholder_braces", f"“{column.name}”{problem}", loc, text)
    text = fragment(text) if column.fragment else text
    if not text:
        if column.required:
            found.fail("required_missing", f"“{column.name}”不能为空，请填写。", loc)
        return None
    return text


_LINE_BREAK = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
_CENT = Decimal("0.01")


def _one_line(text: str) -> str:
    """Return `text` with its line breaks removed: a space only between two Latin letters or digits."""

    def join(match: re.Match[str]) -> str:
        before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
        return " " if before.isascii() and before.isalnum() and after.isascii() and after.isalnum() else ""

    return _LINE_BREAK.sub(join, text)


def _nearest(name: str, candidates: Iterable[str], template: str = "是否应为“{}”？") -> str:
    """Return `template` filled with the candidate closest to `name`, or "" when none is close."""
    stripped = {c.strip(): c for c in candidates}
    if name in stripped:
        return template.format(stripped[name])
    close = difflib.get_close_matches(name, list(stripped), n=1, cutoff=0.5)
    return template.format(stripped[close[0]]) if close else ""


def _field_sheet(found: Findings, raw: RawSheet, sheet: Sheet) -> Row:
    values: Row = {}
    seen: dict[str, Location] = {}
    pair = {0: Column(FIELD_HEADER[0]), 1: Column(FIELD_HEADER[1])}
    refused = check_merges(found, raw, sheet, pair, records=False)
    skip = check_layout(found, raw, sheet, pair, records=False)
    for position, row in enumerate(raw.rows):
        if position in skip or (row[0].merged and row[0].merged in refused):
            continue
        label = clean_text(row[0].value)[0] if not is_blank(row[0].value) else ""
        if (label, *(clean_text(c.value)[0] for c in row[1:2])) == FIELD_HEADER or not label:
            continue
        loc = Location(found.file, sheet.name, row[0].ref)
        if label not in {c.name for c in sheet.columns}:
            found.warn(
                "unknown_field",
                f"“{label}”不是本表的项目，已忽略。{_nearest(label, [c.name for c in sheet.columns])}"
                f"本表的项目有：{'、'.join(c.name for c in sheet.columns)}。",
                loc,
                label,
            )
            continue
        if label in seen:
            found.fail("duplicate_field", f"项目“{label}”重复出现（另见 {seen[label].cell}），请只保留一行。", loc)
            continue
        seen[label] = loc
        value_cell = row[1] if len(row) > 1 else None
        value_loc = Location(found.file, sheet.name, value_cell.ref if value_cell else "B" + row[0].ref[1:])
        column = sheet.column(label)
        if value_cell is not None and value_cell.merged in refused and value_cell.merged:
            values[label] = (None, value_loc)  # -- merged_cells says what is wrong --
            continue
        values[label] = (_cell_value(found, value_cell, column, value_loc) if value_cell else None, value_loc)
        if value_cell is None and column.required:
            found.fail("required_missing", f"“{label}”不能为空，请在 B 列填写。", value_loc)
    for column in sheet.columns:
        if column.name not in values:
            values[column.name] = (None, Location(found.file, sheet.name))
            if column.required:
                found.fail(
                    "field_missing",
                    f"缺少项目“{column.name}”。请在 A 列加一行“{column.name}”，并在 B 列填写{column.kind.value}。",
                    Location(found.file, sheet.name),
                )
    return values


def _table_sheet(found: Findings, raw: RawSheet, sheet: Sheet) -> list[Row]:
    if not raw.rows:
        if sheet.min_rows:
            found.fail(
                "sheet_empty", "工作表是空的：第 1 行应为表头，从第 2 行起填写内容。", Location(found.file, sheet.name)
            )
        return []
    header = raw.rows[0]
    positions: dict[str, int] = {}
    names = {key(c.name): c.name for c in sheet.columns}
    for index, cell in enumerate(header):
        if is_blank(cell.value) or (cell.merged and index and header[index - 1].merged == cell.merged):
            continue
        text = clean_text(cell.value)[0]
        name = names.get(key(text), text)
        if name in positions:
            found.fail(
                "duplicate_column",
                f"表头“{text}”与 {header[positions[name]].ref} 的“{clean_text(header[positions[name]].value)[0]}”是同一列名，"
                "程序无法判断该用哪一列。请删除多余的一列，或把它的列名改掉。",
                Location(found.file, sheet.name, cell.ref),
                text,
            )
            continue
        positions[name] = index
    known = {c.name for c in sheet.columns}
    used = {
        index: sheet.column(name) if name in known else Column(name, required=False)
        for name, index in positions.items()
    }
    refused = check_merges(found, raw, sheet, used, records=True)
    missing = [c.name for c in sheet.columns if c.name not in positions]
    unmatched = [name for name in positions if name not in {c.name for c in sheet.columns}]
    for name in missing:
        if sheet.column(name).required:
            near = _nearest(name, unmatched, "{}")
            ref = header[positions[near]].ref if near else header[0].ref
            hint = f"表头中的“{near}”是否就是这一列？请改为“{name}”。" if near else ""
            found.fail(
                "column_missing",
                f"缺少“{name}”列。{hint}第 1 行是表头，应依次为：{'、'.join(c.name for c in sheet.columns)}。",
                Location(found.file, sheet.name, ref),
            )
    if any(sheet.column(name).required for name in missing):
        return []
    skip = check_layout(found, raw, sheet, used, records=True)
    rows: list[Row] = []
    for position, raw_row in enumerate(raw.rows[1:], start=1):
        if position in skip:
            continue
        row: Row = {}
        for column in sheet.columns:
            if column.name not in positions:
                row[column.name] = (None, Location(found.file, sheet.name))
                continue
            cell = raw_row[positions[column.name]]
            loc = Location(found.file, sheet.name, cell.ref)
            if cell.merged in refused and cell.merged:
                row[column.name] = (None, loc)  # -- merged_cells says what is wrong --
                continue
            row[column.name] = (_cell_value(found, cell, column, loc, _declared_unit(raw_row, positions, column)), loc)
        # -- an extra column reaches the template by its header name (template_check says if it is unused) --
        for name in unmatched:
            cell = raw_row[positions[name]]
            row[name] = (_extra_value(cell), Location(found.file, sheet.name, cell.ref))
        rows.append(row)
    if len(rows) < sheet.min_rows:
        found.fail(
            "sheet_empty", "这张表还没有填写内容：从第 2 行起每行填写一条。", Location(found.file, sheet.name, "A2")
        )
    return rows


def _declared_unit(raw_row: Any, positions: dict[str, int], column: Column) -> Unit | None:
    """Return the unit the row declares for `column` in its `unit_column` (None when it has none)."""
    if not column.unit_column or column.unit_column not in positions:
        return None
    cell = raw_row[positions[column.unit_column]]
    text = clean_text(cell.value)[0] if not is_blank(cell.value) else ""
    return Unit(text, cell.ref)


def _extra_value(cell: Any) -> Any:
    """Return an extra column's value: a number as a `Decimal`, anything else as text ("" when blank)."""
    if is_blank(cell.value) or is_excel_error(cell.value) or cell.is_formula_without_value:
        return ""
    if isinstance(cell.value, int | float | Decimal) and not isinstance(cell.value, bool):
        shown = display_text(cell.value, cell.number_format)
        if shown is not None:
            return shown
        try:
            return parse(cell.value, Kind.NUMBER, cell.number_format)
        except ValueProblem:
            return clean_text(cell.value)[0]
    return clean_text(cell.value)[0]


def extras(row: Row, sheet: Sheet) -> dict[str, Any]:
    """Return the values of `row`'s columns that `sheet` does not define, by header name."""
    known = {c.name for c in sheet.columns}
    return {name: value for name, (value, _) in row.items() if name not in known}


def headers(raw: RawWorkbook) -> dict[str, dict[str, Location]]:
    """Return the header names of each table sheet of `raw` that the schema does not define, with their cells."""
    found: dict[str, dict[str, Location]] = {}
    for sheet in WORKBOOK:
        raw_sheet = raw.sheets.get(sheet.name)
        if sheet.is_field_sheet or raw_sheet is None or not raw_sheet.rows:
            continue
        known = {key(c.name) for c in sheet.columns}
        for cell in raw_sheet.rows[0]:
            if not is_blank(cell.value):
                name = clean_text(cell.value)[0]
                if key(name) not in known:
                    found.setdefault(sheet.name, {}).setdefault(name, Location(raw.path, sheet.name, cell.ref))
    return found


def _complete(row: Row, sheet: Sheet) -> bool:
    """Return whether every required column of `row` has a value (problems were already recorded)."""
    return all(row[c.name][0] is not None for c in sheet.columns if c.required)


def _v(row: Row, name: str) -> Any:
    return row[name][0]


def _loc(row: Row, name: str) -> Location:
    return row[name][1]


def _row_loc(row: Row) -> Location:
    first = next(iter(row.values()))[1]
    return first


def _texts(rows: Iterable[Row], name: str) -> tuple[Text, ...]:
    return tuple(Text(_v(r, name), _loc(r, name)) for r in rows if _v(r, name) is not None)


def _year_in_name(found: Findings, path: str, year: int, loc: Location) -> None:
    years = re.findall(r"(?<!\d)(20\d{2})(?!\d)", Path(path).name)
    if years and str(year) not in years:
        found.warn(
            "year_mismatch",
            f"文件名中的年度（{years[0]}）与“年度”（{year}）不一致。请确认是否用了上一年的工作簿而忘记改年度。",
            loc,
            year,
        )


def sections(raw: RawWorkbook) -> dict[str, Location] | None:
    """Return the sections of the 正文 sheet with the cell of each one's first paragraph.

    `None` when the sheet or its 章节 column is missing (validation reports that).
    """
    return column_values(raw, "正文", "章节")


def column_values(raw: RawWorkbook, name: str, column: str) -> dict[str, Location] | None:
    """Return the distinct values of `column` of sheet `name`, each with the cell it first appears in.

    `None` when the sheet, its rows or the column are missing (validation reports that).
    """
    sheet = raw.sheets.get(name)
    if sheet is None or len(sheet.rows) < 2:  # -- no sheet, or no row: validation says so --
        return None
    header = [clean_text(c.value)[0] if not is_blank(c.value) else "" for c in sheet.rows[0]]
    if column not in header:
        return None
    index = header.index(column)
    found: dict[str, Location] = {}
    for row in sheet.rows[1:]:
        cell = row[index]
        if not is_blank(cell.value):
            found.setdefault(clean_text(cell.value)[0], Location(raw.path, sheet.name, cell.ref))
    return found


def _locs(row: Row) -> dict[str, Location]:
    return {name: loc for name, (_, loc) in row.items()}


def _check_year(found: Findings, year: int | None, loc: Location) -> None:
    if year is not None and not 1900 <= year <= 2200:
        found.fail("year_out_of_range", f"“年度”{year} 不是有效的年份，请填写四位数的年度。", loc, year)


def collect(raw: RawWorkbook, used: Iterable[str] | None = None) -> tuple[Workbook | None, list[Finding]]:
    """Return the typed records of `raw` (`None` when it has errors) and every finding, errors and warnings.

    `used` names the sheets the template prints from (`None`: every sheet); a sheet not used may be
    missing (template_check warns when one is present but unused).
    """
    needed = set(SHEETS if used is None else used)
    found = Findings(raw.path)
    if not any(sheet.rows for sheet in raw.sheets.values()):
        found.fail(
            "workbook_empty",
            "工作簿是空的，没有任何内容。请以 inputs/ 中的示例工作簿为底稿填写，或运行 python -m generator blank 生成空白工作簿。",
            Location(raw.path),
        )
        return None, found.items
    spaced = _spaced_names(raw)
    for name in raw.sheets:
        if name not in SHEETS and name not in (yearly.MARKER_SHEET, "审阅修改", GUIDE_SHEET) and name not in spaced:
            found.warn(
                "unknown_sheet",
                f"工作表“{name}”不是本工作簿规定的表，内容未被使用。如果它是规定的表，请检查表名；不需要的表可以删除。",
                Location(raw.path, name),
            )
    tables: dict[str, list[Row]] = {}
    info_row: Row = {}
    for sheet in WORKBOOK:
        if sheet.name not in raw.sheets and sheet.name not in needed:
            continue
        if sheet.name not in raw.sheets and sheet.name in spaced.values():
            typed = next(n for n, wanted in spaced.items() if wanted == sheet.name)
            found.fail(
                "sheet_name_spaces",
                f"工作表“{typed}”的名称与“{sheet.name}”只差空格或全角半角（{_shown_spaces(typed)}），"
                f"程序按表名找不到“{sheet.name}”。请双击工作表标签，把名称改为“{sheet.name}”（删去空格）。",
                Location(raw.path, typed),
                typed,
            )
            continue
        if sheet.name not in raw.sheets:
            renamed = _nearest(
                sheet.name,
                [n for n in raw.sheets if n not in SHEETS],
                "工作簿中的“{}”是否就是这张表？请改名为“" + sheet.name + "”；否则",
            )
            found.fail(
                "sheet_missing",
                f"缺少工作表“{sheet.name}”。{renamed or '请'}从 inputs/ 中的示例工作簿复制这张表，或运行 python -m generator blank 生成空白工作簿。",
                Location(raw.path, sheet.name),
            )
            continue
        check_sheet(found, raw.sheets[sheet.name], sheet)
        if sheet.is_field_sheet:
            info_row = _field_sheet(found, raw.sheets[sheet.name], sheet)
        else:
            rows = _table_sheet(found, raw.sheets[sheet.name], sheet)
            tables[sheet.name] = [r for r in rows if _complete(r, sheet)]
    if info_row:
        _check_year(found, _v(info_row, "年度"), _loc(info_row, "年度"))
    broken = frozenset(f.loc.sheet for f in found.errors)
    if "基本信息" not in broken:
        book = _records(raw, info_row, tables)
        _year_in_name(found, raw.path, book.info.year, book.info.locs["年度"])
    else:
        book = _records(raw, None, tables)
    checks.run_all(book, found, broken)
    if "基本信息" not in broken:
        yearly.check_stale_years(book, found)
    yearly.check_carried(raw, found)
    if found.errors:
        return None, found.items
    return replace(book, warnings=tuple(found.warnings)), found.items


def _spaced_names(raw: RawWorkbook) -> dict[str, str]:
    """Return the sheets of `raw` named like a schema sheet but for spaces, width or case, with that sheet's name
    (only where the schema sheet itself is missing: a look-alike beside the real one is an unknown sheet)."""
    wanted = {key(name): name for name in SHEETS}
    return {
        name: wanted[key(name)]
        for name in raw.sheets
        if name not in SHEETS and key(name) in wanted and wanted[key(name)] not in raw.sheets
    }


def _shown_spaces(name: str) -> str:
    """Return where a sheet name's invisible spaces are, in words: 末尾有一个空格."""
    parts = []
    if name != name.lstrip():
        parts.append("开头有空格")
    if name != name.rstrip():
        parts.append("末尾有空格")
    if any(ch.isspace() for ch in name.strip()):
        parts.append("中间有空格")
    return "、".join(parts) or "有全角字符或大小写不同"


def _records(raw: RawWorkbook, info_row: Row | None, tables: dict[str, list[Row]]) -> Workbook:
    """Return the records of the rows read; with `info_row` `None` (基本信息 unreadable), an empty `Info`.

    Sheets that could not be read count as empty: the checks that read them do not run.
    """
    if info_row is None:
        info_row = {c.name: (None, Location(raw.path, "基本信息")) for c in SHEETS["基本信息"].columns}
    t = {sheet.name: tables.get(sheet.name, []) for sheet in WORKBOOK if not sheet.is_field_sheet}
    year = _v(info_row, "年度")
    info = Info(
        unit_name=Text(_v(info_row, "单位名称") or "", _loc(info_row, "单位名称")),
        year=year,
        report_date=_v(info_row, "报告日期") or dt.date(year or 2000, 12, 31),
        budget=_v(info_row, "全年预算数"),
        spent=_v(info_row, "全年执行数"),
        goal_status=Text(_v(info_row, "目标完成情况") or "", _loc(info_row, "目标完成情况")),
        unfinished_reason=Text(_v(info_row, "未完成原因") or "", _loc(info_row, "未完成原因")),
        stated_total=_v(info_row, "自评总分"),
        stated_grade=_v(info_row, "评价等级"),
        locs=_locs(info_row),
    )
    return Workbook(
        path=raw.path,
        info=info,
        duties=_texts(t["部门职能"], "职责"),
        narrative=tuple(Paragraph(_v(r, "章节"), Text(_v(r, "内容"), _loc(r, "内容"))) for r in t["正文"]),
        work=tuple(
            Paragraph(_v(r, "小节标题"), Text(_v(r, "内容"), _loc(r, "内容")), _loc(r, "小节标题"))
            for r in t["重点工作"]
        ),
        stats=tuple(
            Stat(_v(r, "名称"), _v(r, "数值"), _v(r, "单位") or "", _loc(r, "数值"), _locs(r)) for r in t["统计数据"]
        ),
        projects=tuple(
            Project(
                _v(r, "项目名称"),
                _v(r, "资金来源") or "",
                _v(r, "预算数"),
                _v(r, "支出数"),
                _v(r, "执行率"),
                _row_loc(r),
                _locs(r),
                extras(r, SHEETS["重点项目"]),
            )
            for r in t["重点项目"]
        ),
        categories=tuple(
            Category(_v(r, "一级指标"), _v(r, "分值"), _row_loc(r), _locs(r), extras(r, SHEETS["一级指标"]))
            for r in t["一级指标"]
        ),
        indicators=tuple(
            Indicator(
                _v(r, "一级指标"),
                _v(r, "二级指标"),
                _v(r, "三级指标"),
                _v(r, "分值"),
                _v(r, "自评分"),
                _row_loc(r),
                _locs(r),
                extras(r, SHEETS["评分明细"]),
            )
            for r in t["评分明细"]
        ),
        deductions=tuple(
            Deduction(
                _v(r, "三级指标"),
                Text(_v(r, "扣分原因"), _loc(r, "扣分原因")),
                _v(r, "扣分"),
                _row_loc(r),
                _locs(r),
                extras(r, SHEETS["扣分明细"]),
            )
            for r in t["扣分明细"]
        ),
        problems=_texts(t["存在问题"], "问题"),
        measures=_texts(t["改进措施"], "措施"),
        grades=tuple(GradeBand(_v(r, "等级"), _v(r, "最低分"), _row_loc(r), _loc(r, "最低分")) for r in t["评价等级"]),
    )


def validate(raw: RawWorkbook) -> Workbook:
    """Return the typed records of `raw`; raise one `GeneratorError` listing every error found."""
    book, findings = collect(raw)
    if book is None:
        raise GeneratorError(f"{raw.path} 有问题，未生成报告", findings)
    return book
