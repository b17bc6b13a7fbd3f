"""The layout of a sheet as the clerk sees it: hidden rows and columns, merged cells, rows that are no record.

A layout that could mean two things is refused with a located finding instead of read one way:
content the clerk cannot see (a hidden sheet, row or column), a merged range that spreads one value
over several records or columns, and rows that are not records at all (合计 rows, notes, leftovers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from generator.errors import Findings, Location
from generator.models import Cell, RawSheet
from generator.schema import Column, Sheet
from generator.text import key
from generator.values import is_blank

_REF = re.compile(r"([A-Z]+)(\d+)")
_TOTAL = re.compile(r"(合计|小计|总计|共计|总合计|合计数|总计数|累计)[:：]?")
_NOTE = re.compile(r"(注|备注|说明|填表说明|注意|填报说明)\s*\d*\s*[:：]|[※*＊]")


def column_index(letters: str) -> int:
    """Return the number of a column from its letters: A → 1, AA → 27."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - ord("A") + 1
    return number


def split_ref(ref: str) -> tuple[int, int]:
    """Return (row, column) of a cell reference such as "C7"."""
    match = _REF.fullmatch(ref)
    assert match is not None, ref
    return int(match[2]), column_index(match[1])


def _letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _text(cell: Cell) -> str:
    return "" if is_blank(cell.value) else key(str(cell.value))


def check_sheet(found: Findings, raw: RawSheet, sheet: Sheet) -> None:
    """Refuse a sheet of the workbook's design that is hidden: its content would print unseen."""
    if raw.hidden and raw.rows:
        found.fail(
            "hidden_sheet",
            f"工作表“{sheet.name}”在 Excel 中被隐藏了，但它的内容会印入报告。"
            "请右键单击任一工作表标签→“取消隐藏”，检查这张表的内容后保存。",
            Location(found.file, sheet.name),
        )


def check_layout(
    found: Findings, raw: RawSheet, sheet: Sheet, used: Mapping[int, Column], *, records: bool
) -> set[int]:
    """Add the findings about the layout of `raw`; return the indexes of rows not to read as records.

    `used` maps the index of each column read (0 = A) to its column of the design; with `records`,
    row 0 is the header and every other row a record, else (a field sheet) every row is one field.
    Merged ranges are checked by `check_merges`, which the caller runs first.
    """
    skip: set[int] = set()
    header = raw.rows[0] if raw.rows else ()
    for index in sorted(used):
        if index + 1 in raw.hidden_columns:
            content = next((row[index] for row in raw.rows if not is_blank(row[index].value)), None)
            if content is not None:
                found.fail(
                    "hidden_column",
                    f"{_letters(index + 1)} 列在 Excel 中被隐藏了，但有内容，会印入报告。"
                    "请选中两侧的列，右键→“取消隐藏”，检查内容；不需要的列请删除。",
                    Location(found.file, sheet.name, header[index].ref if header else content.ref),
                )
    for position, row in enumerate(raw.rows):
        filled = [row[i] for i in sorted(used) if i < len(row) and not is_blank(row[i].value)]
        number = split_ref(row[0].ref)[0]
        if number in raw.hidden_rows and any(not is_blank(c.value) for c in row):
            shown = next(c for c in row if not is_blank(c.value))
            found.fail(
                "hidden_row",
                f"第 {number} 行在 Excel 中被隐藏了（或被筛选掉），但有内容，会印入报告。"
                "请取消隐藏（或清除筛选）并检查这一行；不需要的行请删除。",
                Location(found.file, sheet.name, shown.ref),
            )
            skip.add(position)
            continue
        if not records or position == 0:
            continue
        if any(_TOTAL.fullmatch(_text(c)) for c in filled):
            cell = next(c for c in filled if _TOTAL.fullmatch(_text(c)))
            found.fail(
                "total_row",
                f"第 {number} 行是“{str(cell.value).strip()}”行。合计由程序计算，这一行会被当作一条记录印出。"
                "请删除这一行。",
                Location(found.file, sheet.name, cell.ref),
                str(cell.value).strip(),
            )
            skip.add(position)
            continue
        first: Cell | None = next((c for c in row if not is_blank(c.value)), None)
        if first is not None and _NOTE.match(_text(first)):
            found.fail(
                "note_row",
                f"第 {number} 行是说明文字，不是一条记录，会被当作记录读取。请删除这一行（说明可写在其他工作表或批注中）。",
                Location(found.file, sheet.name, first.ref),
                str(first.value).strip()[:40],
            )
            skip.add(position)
            continue
        required = [i for i, column in used.items() if column.required]
        if first is not None and all(i >= len(row) or is_blank(row[i].value) for i in required):
            found.fail(
                "incomplete_row",
                f"第 {number} 行的必填列都是空的，只有 {first.ref} 有内容，不是一条完整的记录。"
                f"若这一行不需要，请删除整行；若是一条记录，请填写{'、'.join(used[i].name for i in sorted(required))}。",
                Location(found.file, sheet.name, first.ref),
                str(first.value).strip()[:40],
            )
            skip.add(position)
    return skip


def check_merges(
    found: Findings, raw: RawSheet, sheet: Sheet, used: Mapping[int, Column], *, records: bool
) -> set[str]:
    """Add a finding for each merged range that spreads one value over records or columns; return them.

    A range down one column whose design allows it (`Column.groups`) means "these rows share it".
    `used` maps the index of each column read to its column; ranges outside them are left alone.
    """
    refused: set[str] = set()
    header_row = split_ref(raw.rows[0][0].ref)[0] if raw.rows else 1
    ranges = dict.fromkeys(c.merged for row in raw.rows for c in row if c.merged)
    for rng in ranges:
        start, end = rng.split(":")
        (top, left), (bottom, right) = split_ref(start), split_ref(end)
        columns = [used[i - 1] for i in range(left, right + 1) if i - 1 in used]
        if not columns:
            continue
        loc = Location(found.file, sheet.name, start)
        if right > left or not records or top <= header_row or not columns[0].groups:
            refused.add(rng)
        if right > left:
            names = "、".join(f"“{c.name}”" for c in columns)
            found.fail(
                "merged_cells",
                f"单元格 {rng} 横跨 {right - left + 1} 列合并（涉及{names}），程序无法判断这个值属于哪一列。"
                "请取消合并（开始→合并后居中），每列分别填写。",
                loc,
                rng,
            )
        elif not records or top <= header_row or not columns[0].groups:
            what = "个项目" if not records else "条记录"
            found.fail(
                "merged_cells",
                f"单元格 {rng} 跨 {bottom - top + 1} 行合并，合并后只有第 {top} 行有值，"
                f"其余{'各行' if records else '各项'}的“{columns[0].name}”无法确定（Excel 中看到的是一个值，却涉及 {bottom - top + 1} {what}）。"
                "请取消合并（开始→合并后居中），每行分别填写。",
                loc,
                rng,
            )
    return refused
