"""Read a workbook into cells with locations. No business rules here: only what a person sees.

Only this module imports openpyxl. A file that cannot be read as a workbook raises a
`GeneratorError` with one finding saying, in Chinese, what the file is and what to do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from generator.errors import Finding, GeneratorError, Location
from generator.models import Cell, RawSheet, RawWorkbook

MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
"""A workbook whose parts unpack to more than this is refused (a report's workbook is a few hundred KB)."""

MAX_ROWS = 5000
MAX_COLUMNS = 50
"""A sheet larger than this is refused before it is loaded."""

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # -- .xls, and .xlsx files saved with a password --

_OTHER_FORMATS = {
    ".xls": "这是旧版 Excel 97-2003 格式（.xls），请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后重试。",
    ".xlsb": "这是 Excel 二进制工作簿（.xlsb），请在 Excel 中“另存为” Excel 工作簿（.xlsx）后重试。",
    ".ods": "这是 OpenDocument 表格（.ods），请“另存为” Excel 工作簿（.xlsx）后重试。",
    ".csv": "这是 CSV 文本文件，只能保存一张表；请使用 inputs/ 中示例工作簿（.xlsx）的格式填写。",
    ".et": "这是 WPS 表格格式（.et），请在 WPS 中“另存为” Excel 工作簿（.xlsx）后重试。",
}

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def _fail(path: Path, code: str, msg: str) -> GeneratorError:
    return GeneratorError(f"无法读取 {path}", [Finding(code, msg, Location(file=str(path)))])


def _check_container(path: Path) -> None:
    """Refuse, with one clear sentence, anything that is not a readable .xlsx of sane size."""
    if not path.exists():
        raise _fail(path, "file_not_found", "文件不存在，请检查路径和文件名。")
    if path.is_dir():
        raise _fail(path, "not_a_file", "这是一个文件夹而不是工作簿文件。")
    suffix = path.suffix.lower()
    if suffix in _OTHER_FORMATS:
        raise _fail(path, "unsupported_format", _OTHER_FORMATS[suffix])
    if path.stat().st_size == 0:
        raise _fail(path, "empty_file", "文件是空的（0 字节），请重新保存工作簿后再试。")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        raise _fail(
            path,
            "encrypted_or_xls",
            "文件设置了打开密码，或是旧版 .xls 格式。请在 Excel 或 WPS 中取消密码（文件→信息→保护工作簿），"
            "并“另存为” Excel 工作簿（.xlsx）后重试。",
        )
    if not zipfile.is_zipfile(path):
        raise _fail(
            path,
            "not_xlsx",
            "文件不是 Excel 工作簿（.xlsx），可能已损坏或只是改了扩展名。请用 Excel 或 WPS 打开并另存为 .xlsx。",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            total = sum(m.file_size for m in members)
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _fail(path, "corrupt_xlsx", "工作簿文件已损坏，无法解压。请用 Excel 或 WPS 打开修复后另存。") from exc
    if bad is not None:
        raise _fail(path, "corrupt_xlsx", "工作簿文件已损坏（部分内容校验失败）。请用 Excel 或 WPS 打开修复后另存。")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _fail(
            path,
            "too_large",
            f"工作簿解压后超过 {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB，远大于一份报告所需。"
            "请删除多余的工作表、图片或空行后重试。",
        )
    if "xl/workbook.xml" not in names:
        raise _fail(path, "not_xlsx", "文件是压缩包但不是 Excel 工作簿。请用 Excel 或 WPS 另存为 .xlsx。")


def _load(path: Path, *, data_only: bool, read_only: bool = False) -> Any:
    try:
        return openpyxl.load_workbook(path, data_only=data_only, read_only=read_only)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise _fail(
            path, "corrupt_xlsx", "工作簿内容已损坏，无法读取。请用 Excel 或 WPS 打开修复后另存为 .xlsx。"
        ) from exc
    except Exception as exc:  # -- openpyxl raises many kinds on malformed XML; none is the user's bug --
        raise _fail(
            path, "corrupt_xlsx", "工作簿内容已损坏，无法读取。请用 Excel 或 WPS 打开修复后另存为 .xlsx。"
        ) from exc


def _check_size(path: Path) -> None:
    book = _load(path, data_only=True, read_only=True)
    try:
        for ws in book.worksheets:
            rows, cols = ws.max_row or 0, ws.max_column or 0
            if rows > MAX_ROWS or cols > MAX_COLUMNS:
                raise GeneratorError(
                    f"无法读取 {path}",
                    [
                        Finding(
                            "sheet_too_large",
                            f"工作表有 {rows} 行、{cols} 列，超出上限（{MAX_ROWS} 行、{MAX_COLUMNS} 列）。"
                            "请删除表格下方或右侧多余的内容（包括只设了格式的空行）后重试。",
                            Location(file=str(path), sheet=ws.title),
                        )
                    ],
                )
    finally:
        book.close()


def _sheet(ws: Worksheet, formulas: Worksheet | None) -> RawSheet:
    merged: dict[tuple[int, int], Any] = {}
    for rng in ws.merged_cells.ranges:
        top_left = ws.cell(rng.min_row, rng.min_col).value
        for merged_row in range(rng.min_row, rng.max_row + 1):
            for merged_col in range(rng.min_col, rng.max_col + 1):
                merged[(merged_row, merged_col)] = top_left
    width = ws.max_column
    rows: list[tuple[Cell, ...]] = []
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=width), start=1):
        cells = []
        for c, cell in enumerate(row, start=1):
            value = merged.get((r, c), cell.value)
            missing = False
            if value is None and formulas is not None:
                source = formulas.cell(r, c).value
                missing = isinstance(source, str) and source.startswith("=")
            cells.append(Cell(value, f"{get_column_letter(c)}{r}", cell.number_format, missing))
        if any(cell.value not in (None, "") or cell.is_formula_without_value for cell in cells):
            rows.append(tuple(cells))
    return RawSheet(ws.title, tuple(rows))


def read_workbook(path: Path) -> RawWorkbook:
    """Return every sheet of the workbook at `path` as cells with their references.

    Merged cells read as the value shown; formulas read as Excel's cached value, and a formula with
    no cached value is marked so that validation can name it.
    """
    _check_container(path)
    _check_size(path)
    values = _load(path, data_only=True)
    formulas = _load(path, data_only=False)
    sheets = {ws.title: _sheet(ws, formulas[ws.title]) for ws in values.worksheets}
    values.close()
    formulas.close()
    return RawWorkbook(str(path), sheets)
