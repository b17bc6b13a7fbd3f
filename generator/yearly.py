"""The yearly cycle's checks: prose carried over from last year unchanged, and prose that states an old year.

`next-year` (generator/next_year.py) makes next year's workbook from this year's. It lists every cell of
carried-over prose in a sheet of its own, `上年沿用`, with a fingerprint of the text it left there:

    工作表 | 单元格 | 文字开头 | 确认沿用 | 指纹

`check_carried` looks for each listed text by its fingerprint (white space ignored) in its sheet: first in
the cell it was listed at, then anywhere else in the sheet (rows inserted or deleted since move it); a
text still found as it was carried over, and whose row is not confirmed (确认沿用 = 是), is a warning at
the cell where it is now. Editing the text, or confirming that it still applies, ends the warning;
deleting the sheet ends them all.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from generator.errors import Findings, Location
from generator.models import RawWorkbook, Text, Workbook
from generator.values import clean_text, is_blank

MARKER_SHEET = "上年沿用"
CHANGES_SHEET = "审阅修改"
"""The sheet `harvest` adds to a harvested workbook, listing the reviewer's changes: last year's bookkeeping."""
HARVEST_AUTHOR = "harvest"
"""The author of the cell comments `harvest` puts on the cells it changed."""
MARKER_HEADER = ("工作表", "单元格", "文字开头", "确认沿用", "指纹")
CONFIRMED = frozenset({"是", "确认", "√", "✓", "Y", "y", "yes", "Yes", "YES"})
_YEAR_WORD = "{{年度}}"


def fingerprint(text: str) -> str:
    """Return the fingerprint of a carried text: 16 hex digits of the sha256 of its words, white space ignored."""
    return hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()[:16]


def _fingerprints(text: str) -> set[str]:
    """The fingerprints a text may have been listed under: this one, and the first (white space at the ends ignored)."""
    return {fingerprint(text), hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]}


def report_year_to_placeholder(text: str, year: int) -> str:
    """Return `text` with the report `year` written as a year (N年, N年度) turned into {{年度}}.

    Only the year followed by 年 counts: N—M年 and other years stay as written.
    """
    return re.sub(rf"(?<![\d{{}}]){year}(?=\s*年)", _YEAR_WORD, text)


# -- a year in prose stated as if it were the report year: N年度, “N年，…” at a sentence's start,
#    N年全年 / 共 / 我 / 本 …; “N年以来”, ranges and comparisons are history and stay quiet --
_STALE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?:年度(?!以来|以前|之前|同期)|年(?=全年|共|我|本|累计|完成|实现|开展|各项))"
    r"|(?:^|(?<=[。；！？\n]))\s*(?P<start>(?:19|20)\d{2})年[，,]"
)


def stale_years(text: str, year: int) -> list[str]:
    """Return the phrases of `text` that state a year before `year` as if it were the report year."""
    found = []
    for match in _STALE.finditer(text):
        stated = int(match["year"] or match["start"])
        if year - 10 <= stated < year:
            found.append(match.group(0).strip())
    return found


def _prose(book: Workbook) -> Iterable[Text]:
    yield from (p.text for p in book.narrative)
    yield from (p.text for p in book.work)
    yield from (d.reason for d in book.deductions)
    yield from book.problems
    yield from book.measures
    yield book.info.goal_status
    yield book.info.unfinished_reason


def check_stale_years(book: Workbook, found: Findings) -> None:
    """Prose that states an earlier year as if it were the report year: a warning at its cell."""
    year = book.info.year
    if not isinstance(year, int):
        return
    for text in _prose(book):
        for phrase in stale_years(text.text, year):
            found.warn(
                "stale_year",
                f"文字中的“{phrase}”是往年的年度，而本报告是 {year} 年度的：是否沿用了往年的文字？"
                f"指本报告年度时请改为 {_YEAR_WORD}（印出“{year}”）；确指往年的，可不理会本条。",
                text.loc,
                phrase,
            )


def check_carried(raw: RawWorkbook, found: Findings) -> None:
    """Prose that `next-year` carried over and that nobody has revised or confirmed since: a warning at its cell."""
    marker = raw.sheets.get(MARKER_SHEET)
    if marker is None or not marker.rows:
        return
    header = [clean_text(c.value)[0] if not is_blank(c.value) else "" for c in marker.rows[0]]
    if any(name not in header for name in MARKER_HEADER):
        found.warn(
            "carried_sheet_unreadable",
            f"“{MARKER_SHEET}”表的表头应为：{'、'.join(MARKER_HEADER)}，无法据此提示哪些文字尚未修订。"
            "请从 next-year 生成的工作簿中恢复表头；不需要这些提示时可删除这张表。",
            Location(raw.path, MARKER_SHEET, "A1"),
        )
        return
    at = {name: header.index(name) for name in MARKER_HEADER}
    # -- the texts of each sheet in reading order, with their fingerprints: a carried text is found by what it
    # says, not where it was, so rows inserted or deleted since next-year move its warning with it --
    cells: dict[str, list[tuple[str, set[str]]]] = {}
    for name, raw_sheet in raw.sheets.items():
        if name == MARKER_SHEET:
            continue
        for raw_row in raw_sheet.rows:
            for cell in raw_row:
                if not is_blank(cell.value):
                    cells.setdefault(name, []).append((cell.ref, _fingerprints(clean_text(cell.value)[0])))
    listed = []
    for row in marker.rows[1:]:
        sheet, ref, mark, digest = (
            "" if is_blank(row[at[k]].value) else clean_text(row[at[k]].value)[0].strip()
            for k in ("工作表", "单元格", "确认沿用", "指纹")
        )
        listed.append((row, sheet, ref, mark in CONFIRMED, digest))
    found_at: dict[int, str] = {}
    taken: set[tuple[str, str]] = set()
    for same_place in (True, False):  # -- first the texts still in their cell, then those that moved --
        for n, (_row, sheet, ref, _confirmed, digest) in enumerate(listed):
            if n in found_at:
                continue
            column = ref.rstrip("0123456789")
            candidates = [
                r
                for r, prints in cells.get(sheet, [])
                if digest in prints and (sheet, r) not in taken and (r == ref if same_place else True)
            ]
            candidates.sort(key=lambda r: r.rstrip("0123456789") != column)  # -- its own column first --
            if candidates:
                found_at[n] = candidates[0]
                taken.add((sheet, candidates[0]))
    for n, (row, sheet, _ref, confirmed_row, _digest) in enumerate(listed):
        if confirmed_row or n not in found_at:
            continue
        found.warn(
            "carried_unchanged",
            f"这段文字是从上一年的工作簿沿用的，还没有修改。请按本年度的情况修订；内容仍然适用时，"
            f"在“{MARKER_SHEET}”表第 {row[0].ref[1:]} 行的“确认沿用”栏填“是”。",
            Location(raw.path, sheet, found_at[n]),
        )
