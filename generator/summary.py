"""Write a batch's summary workbook (`汇总.xlsx`): one row per workbook, then every finding with its place.

The first sheet has a frozen header row and filters, one row per workbook in the batch's order, and a
link to each report written (relative to the summary, which sits in the same folder). The second sheet
lists every finding with its file, sheet, cell and paragraph. Saved atomically.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.batch import SUMMARY_COLUMNS, Outcome, Status, as_decimal
from generator.write import write_atomic

FINDING_COLUMNS = ("单位", "工作簿", "级别", "工作表", "单元格", "段落", "代码", "说明", "输入")
_WIDTHS = {"单位": 30, "报告": 60, "工作簿": 40, "说明": 80, "输入": 24}
_LINK = Font(color="0563C1", underline="single")


def _header(ws: Worksheet, columns: Sequence[str]) -> None:
    ws.append(list(columns))
    for index, name in enumerate(columns, start=1):
        cell = ws.cell(1, index)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 10)
    ws.freeze_panes = "A2"


def _link(target: Path, folder: Path) -> str:
    """Return the hyperlink to `target` relative to `folder`, with forward slashes (Excel and WPS accept both)."""
    try:
        return Path(os.path.relpath(target, folder)).as_posix()
    except ValueError:  # -- another drive on Windows --
        return target.resolve().as_uri()


def summary_bytes(outcomes: Sequence[Outcome], folder: Path) -> bytes:
    """Return the summary workbook of `outcomes` as .xlsx bytes; links are relative to `folder`."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "汇总"
    _header(ws, (*SUMMARY_COLUMNS, "工作簿"))
    for outcome in outcomes:
        ws.append(
            [
                outcome.unit or outcome.workbook.name,
                outcome.year,
                outcome.status.value,
                as_decimal(outcome.score),
                outcome.grade or None,
                len(outcome.errors),
                len(outcome.warnings),
                outcome.report.name if outcome.report else None,
                str(outcome.workbook),
            ]
        )
        if outcome.report:
            cell = ws.cell(ws.max_row, SUMMARY_COLUMNS.index("报告") + 1)
            cell.hyperlink = _link(outcome.report, folder)
            cell.font = _LINK
        elif outcome.stale:  # -- last run's report, out of date: named, not linked --
            cell = ws.cell(ws.max_row, SUMMARY_COLUMNS.index("报告") + 1)
            cell.value = "、".join(f"{p.name}（已过期，本次未生成）" for p in outcome.stale)
            cell.font = Font(color="C00000")
        if outcome.status is Status.FAILED:
            ws.cell(ws.max_row, SUMMARY_COLUMNS.index("状态") + 1).font = Font(color="C00000", bold=True)
    ws.auto_filter.ref = f"A1:{get_column_letter(ws.max_column)}{max(ws.max_row, 2)}"

    found = book.create_sheet("问题")
    _header(found, FINDING_COLUMNS)
    for outcome in outcomes:
        for finding in outcome.findings:
            loc = finding.loc
            value = finding.input
            found.append(
                [
                    outcome.unit or outcome.workbook.name,
                    loc.file or str(outcome.workbook),
                    finding.severity.value,
                    loc.sheet or None,
                    loc.cell or None,
                    loc.paragraph or None,
                    finding.code,
                    finding.msg,
                    None if value is None else str(value),
                ]
            )
    found.auto_filter.ref = f"A1:{get_column_letter(found.max_column)}{max(found.max_row, 2)}"
    for row in found.iter_rows(
        min_row=2, min_col=FINDING_COLUMNS.index("说明") + 1, max_col=FINDING_COLUMNS.index("说明") + 1
    ):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def write_summary(outcomes: Sequence[Outcome], folder: Path, name: str) -> Path:
    """Write the summary workbook of `outcomes` to `folder`/`name` atomically and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    write_atomic(path, summary_bytes(outcomes, folder))
    return path
