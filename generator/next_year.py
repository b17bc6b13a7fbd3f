"""Make next year's workbook from this year's: carry what stays, clear what is filled anew, mark the prose.

What happens to each column is `Column.carry` in `schema.py`:

- `KEEP`: carried as it is (单位名称, duties, the indicator framework and grade bands, names, units);
- `CLEAR`: emptied (amounts, rates, scores, deductions, statistic values, 报告日期), so that `check`
  names each cell still to fill;
- `NEW_YEAR`: the new report year;
- `REVISE`: carried prose; the old report year written in it (N年, N年度) becomes {{年度}}, the cell
  is highlighted with a comment, and it is listed with its text's fingerprint in the sheet `上年沿用`
  (see `yearly.py`), so that `check` warns while it is left unchanged.

The new workbook is written beside the old one and never over an existing file.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from generator import yearly
from generator.errors import Finding, GeneratorError, Location, UsageError
from generator.read import read_workbook
from generator.schema import FIELD_HEADER, WORKBOOK, Carry, Column, Kind, Sheet
from generator.values import ValueProblem, clean_text, is_blank, parse
from generator.write import write_atomic

HIGHLIGHT = PatternFill("solid", fgColor="FFF2CC")
"""Light yellow: the fill of carried-over prose."""
AUTHOR = "next-year"


@dataclass(frozen=True)
class NextYear:
    """The workbook written: where, for which year, how many cells were cleared and how many texts carried."""

    path: Path
    year: int
    cleared: int
    carried: int


def _text(value: Any) -> str:
    return "" if is_blank(value) else clean_text(value)[0].strip()


def _old_year(book: Any, path: Path) -> tuple[int | None, Location]:
    """Return the 年度 of the workbook and its cell; None when it cannot be read."""
    loc = Location(str(path), "基本信息")
    if "基本信息" not in book.sheetnames:
        return None, loc
    ws = book["基本信息"]
    for row in ws.iter_rows(min_col=1, max_col=2):
        if _text(row[0].value) == "年度":
            cell = row[1]
            loc = Location(str(path), "基本信息", cell.coordinate)
            try:
                return (parse(cell.value, Kind.INT, cell.number_format) if not is_blank(cell.value) else None), loc
            except ValueProblem:
                return None, loc
    return None, loc


def target_path(source: Path, old: int | None, new: int) -> Path:
    """Return the new workbook's path: the old name with its year replaced, else `{new}_` before it."""
    if old is not None and re.search(rf"(?<!\d){old}(?!\d)", source.name):
        return source.with_name(re.sub(rf"(?<!\d){old}(?!\d)", str(new), source.name, count=1))
    return source.with_name(f"{new}_{source.name}")


class _Pass:
    """One pass over the workbook, counting what it does and collecting the carried cells."""

    def __init__(self, old: int) -> None:
        self.old = old
        self.cleared = 0
        self.carried: list[tuple[str, str, str]] = []

    def apply(self, ws: Worksheet, column: Column, cell: Any, new_year: int, previous: str | None) -> None:
        if isinstance(cell, MergedCell):  # -- only the top-left cell of a merged range holds a value --
            return
        if column.carry is Carry.CLEAR:
            if cell.value is not None:
                cell.value = None
                self.cleared += 1
        elif column.carry is Carry.NEW_YEAR:
            cell.value = new_year
        elif column.carry is Carry.REVISE:
            value = cell.value
            if not isinstance(value, str) or is_blank(value) or value.startswith("="):
                return
            text = yearly.report_year_to_placeholder(value, self.old)
            cell.value = text
            if previous is not None and previous == value:  # -- a merged-looking run: mark its first cell only --
                return
            cell.fill = HIGHLIGHT
            cell.comment = Comment(
                f"沿用自 {self.old} 年的工作簿：请按本年度的情况修订。内容仍然适用时，"
                f"在“{yearly.MARKER_SHEET}”表对应行的“确认沿用”栏填“是”。",
                AUTHOR,
                width=300,
                height=90,
            )
            self.carried.append((ws.title, cell.coordinate, _text(text)))


def _field_sheet(ws: Worksheet, sheet: Sheet, run: _Pass, new_year: int) -> None:
    names = {c.name: c for c in sheet.columns}
    for row in ws.iter_rows(min_col=1, max_col=2):
        label = _text(row[0].value)
        if label in names and (label, _text(row[1].value)) != FIELD_HEADER:
            run.apply(ws, names[label], row[1], new_year, None)


def _table_sheet(ws: Worksheet, sheet: Sheet, run: _Pass, new_year: int) -> None:
    rows = ws.iter_rows()
    header = next((r for r in rows if any(not is_blank(c.value) for c in r)), None)
    if header is None:
        return
    positions = {_text(c.value): i for i, c in enumerate(header) if not is_blank(c.value)}
    columns = [(c, positions[c.name]) for c in sheet.columns if c.name in positions]
    previous: dict[str, str | None] = {c.name: None for c, _ in columns}
    for row in rows:
        if all(is_blank(c.value) for c in row):
            continue
        for column, index in columns:
            if index < len(row):
                value = row[index].value
                original = value if isinstance(value, str) else None
                run.apply(ws, column, row[index], new_year, previous[column.name])
                previous[column.name] = original


def _marker_sheet(book: Any, carried: list[tuple[str, str, str]], old: int) -> None:
    if yearly.MARKER_SHEET in book.sheetnames:
        del book[yearly.MARKER_SHEET]
    ws = book.create_sheet(yearly.MARKER_SHEET)
    ws.append(list(yearly.MARKER_HEADER))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws["A1"].comment = Comment(
        f"由 next-year 从 {old} 年的工作簿生成：下列单元格的文字沿用自上一年，已标黄。逐条修订；内容仍然适用时在"
        "“确认沿用”栏填“是”。check 对仍未修订、也未确认的文字给出警告。全部处理完后可删除本表。",
        AUTHOR,
        width=320,
        height=120,
    )
    for sheet, ref, text in carried:
        ws.append([sheet, ref, text[:40], None, yearly.fingerprint(text)])
    for letter, width in zip("ABCDE", (12, 10, 60, 10, 20), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _drop_harvest_marks(book: Any) -> None:
    """Remove last year's harvest bookkeeping: its change list (old cell addresses) and its cell marks."""
    if yearly.CHANGES_SHEET in book.sheetnames:
        del book[yearly.CHANGES_SHEET]
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None and cell.comment.author == yearly.HARVEST_AUTHOR:
                    cell.comment = None
                    cell.fill = PatternFill()


def make_next_year(source: Path, year: int | None = None) -> NextYear:
    """Write next year's workbook beside `source` and return what was done; raise `GeneratorError` on problems.

    `year` is the new report year (the old one plus one by default). An existing file is never replaced.
    """
    read_workbook(source)  # -- refuses, with a located finding, what is not a readable workbook of sane size --
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # -- openpyxl's notes about features it does not keep --
        book = openpyxl.load_workbook(source)
    old, loc = _old_year(book, source)
    if old is None:
        raise GeneratorError(
            f"无法确定 {source} 的年度",
            [Finding("year_unreadable", "“基本信息”中的“年度”为空或不是四位数的年份。请填写年度后重试。", loc)],
        )
    new = year if year is not None else old + 1
    if not 1900 <= new <= 2200 or new == old:
        raise UsageError(
            f"新年度 {new} 无法使用",
            [Finding("bad_year", f"新年度应为四位数的年份，且不同于工作簿的年度 {old}。", loc, input=new)],
        )
    target = target_path(source, old, new)
    exists = UsageError(
        f"{target} 已存在，未写入",
        [
            Finding(
                "next_year_exists",
                "下一年的工作簿已经存在，为免覆盖已填写的内容，没有写入任何文件。要重新生成，请先把它移走或改名。",
                Location(str(target)),
            )
        ],
    )
    if target.exists():
        raise exists
    _drop_harvest_marks(book)
    run = _Pass(old)
    for sheet in WORKBOOK:
        if sheet.name not in book.sheetnames:
            continue
        ws = book[sheet.name]
        (_field_sheet if sheet.is_field_sheet else _table_sheet)(ws, sheet, run, new)
    _marker_sheet(book, run.carried, old)
    stream = io.BytesIO()
    book.save(stream)
    try:
        _write_new(target, stream.getvalue())
    except FileExistsError:
        raise exists from None
    return NextYear(target, new, run.cleared, len(run.carried))


def _write_new(target: Path, data: bytes) -> None:
    """Write `data` to `target`, which must not exist: complete or not at all, and never over another file."""
    temp = target.with_name(f".{target.name}.next-year.tmp")
    write_atomic(temp, data)
    try:
        os.link(temp, target)  # -- fails when `target` appeared meanwhile --
    except FileExistsError:
        raise
    except OSError:  # -- a file system without hard links --
        with target.open("xb") as stream:
            stream.write(data)
    finally:
        temp.unlink(missing_ok=True)
