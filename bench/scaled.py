"""Workbooks for the scaling table: the sample with many project rows, paragraphs or warnings.

Each is the sample workbook with one sheet grown; everything else stays as the sample has it.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "2022_广州市白云区残疾人联合会.xlsx"


def _projects(book: openpyxl.Workbook, rows: int, warned: int) -> None:
    """Replace the projects by `rows` projects, the first `warned` of them spending over budget (one warning each)."""
    ws = book["重点项目"]
    ws.delete_rows(2, ws.max_row)
    for i in range(rows):
        budget = 10 + i % 50
        spent = budget + 1 if i < warned else budget - (i % 3)
        ws.append([f"重点项目{i + 1:04d}号", "区级", f"{budget}.25", f"{spent}.25", None])


def _paragraphs(book: openpyxl.Workbook, count: int) -> None:
    """Add `count` paragraphs to the section 机构设置 of 正文."""
    ws = book["正文"]
    for i in range(count):
        ws.append(
            ["机构设置", f"第{i + 1}段：本单位按照年度工作计划推进各项工作，落实责任分工，定期检查进度并及时总结经验。"]
        )


def make(folder: Path, *, projects: int | None = None, warned: int = 0, paragraphs: int = 0) -> Path:
    """Return the path of a copy of the sample in `folder` with `projects` project rows (`warned` of them
    with a warning) and `paragraphs` more narrative paragraphs."""
    book = openpyxl.load_workbook(SAMPLE)
    if projects is not None:
        _projects(book, projects, warned)
    if paragraphs:
        _paragraphs(book, paragraphs)
    path = folder / f"2022_规模{projects or 0}_{warned}_{paragraphs}.xlsx"
    book.save(path)
    return path
