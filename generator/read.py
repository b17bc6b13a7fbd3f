"""Read a workbook into cells with locations. No business rules here: only what a person sees.

Only this module imports openpyxl. A file that cannot be read as a workbook raises a
`GeneratorError` with one finding saying, in Chinese, what the file is and what to do.
"""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml import ElementTree as DefusedET
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator import oserrors
from generator.errors import Finding, GeneratorError, Location, UsageError
from generator.models import Cell, RawSheet, RawWorkbook
from generator.schema import EXAMPLE_MARK
from generator.values import is_blank

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
OTHER_FORMAT_SUFFIXES = tuple(_OTHER_FORMATS)
"""Spreadsheets of a format the tool cannot read: in a folder they are listed (unsupported_format), not skipped."""

_STRICT = b"purl.oclc.org/ooxml/spreadsheetml/main"
"""The namespace of Strict Open XML workbooks, which openpyxl reads as empty."""


def _fail(path: Path, code: str, msg: str, sheet: str = "") -> GeneratorError:
    return GeneratorError(f"无法读取 {path}", [Finding(code, msg, Location(file=str(path), sheet=sheet))])


def _check_container(path: Path) -> None:
    """Refuse, with one clear sentence, anything that is not a readable .xlsx of sane size."""
    if not path.exists():
        raise UsageError(
            f"找不到 {path}",
            [
                Finding(
                    "file_not_found", "文件不存在。请检查路径和文件名（包括扩展名 .xlsx）。", Location(file=str(path))
                )
            ],
        )
    if not path.is_file():
        raise UsageError(
            f"无法读取 {path}",
            [
                Finding(
                    "not_a_file",
                    "这不是一个普通文件。请指定工作簿文件（.xlsx）或放有工作簿的文件夹。",
                    Location(file=str(path)),
                )
            ],
        )
    suffix = path.suffix.lower()
    if suffix in _OTHER_FORMATS:
        raise _fail(path, "unsupported_format", _OTHER_FORMATS[suffix])
    if path.stat().st_size == 0:
        raise _fail(path, "empty_file", "文件是空的（0 字节），请重新保存工作簿后再试。")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        # -- a Compound File holds either an encrypted .xlsx (its EncryptedPackage stream) or a real .xls --
        with path.open("rb") as handle:
            encrypted = "EncryptedPackage".encode("utf-16-le") in handle.read(MAX_UNCOMPRESSED_BYTES)
        if encrypted:
            raise _fail(
                path,
                "encrypted_workbook",
                "工作簿设置了打开密码，程序无法读取。请在 Excel 或 WPS 中打开，取消密码"
                "（文件→信息→保护工作簿→用密码进行加密，清空密码）后保存，再重试。",
            )
        raise _fail(
            path,
            "old_xls",
            "这是旧版 Excel 97-2003 格式（.xls）的文件，只是扩展名写成了 .xlsx。"
            "请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（.xlsx）后重试。",
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
            # -- sizes are checked before anything is unpacked, so a zip bomb is refused unread; --
            # -- a member whose real size exceeds its stated one fails the CRC check of testzip() --
            total = sum(m.file_size for m in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _fail(
                    path,
                    "too_large",
                    f"工作簿解压后超过 {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB，远大于一份报告所需。"
                    "请删除多余的工作表、图片或空行后重试。",
                )
            bad = archive.testzip()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise _fail(path, "corrupt_xlsx", "工作簿文件已损坏，无法解压。请用 Excel 或 WPS 打开修复后另存。") from exc
    if bad is not None:
        raise _fail(path, "corrupt_xlsx", "工作簿文件已损坏（部分内容校验失败）。请用 Excel 或 WPS 打开修复后另存。")
    if "xl/workbook.xml" not in names:
        raise _fail(path, "not_xlsx", "文件是压缩包但不是 Excel 工作簿。请用 Excel 或 WPS 另存为 .xlsx。")
    with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as part:
        strict = _STRICT in part.read(4096)
    if strict:
        raise _fail(
            path,
            "strict_ooxml",
            "工作簿保存成了“Strict Open XML 电子表格”格式，程序读不了它的内容。请在 Excel 中“另存为”，"
            "保存类型选“Excel 工作簿(*.xlsx)”后重试。",
        )


_CORRUPT = "工作簿内容已损坏，无法读取。请用 Excel 或 WPS 打开修复后另存为 .xlsx。"


def _causes(exc: BaseException | None) -> list[BaseException]:
    chain: list[BaseException] = []
    while exc is not None and exc not in chain:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    return chain


def _unreadable(path: Path, exc: BaseException) -> GeneratorError:
    # -- openpyxl wraps the parser's error in its own ValueError --
    if any(isinstance(e, DefusedXmlException) for e in _causes(exc)):
        return _fail(
            path,
            "unsafe_xml",
            "工作簿中含有不安全的 XML 内容（实体或文档类型定义），已拒绝读取。请用 Excel 或 WPS 打开并另存为新的 .xlsx。",
        )
    return _fail(path, "corrupt_xlsx", _CORRUPT)


def _load(path: Path, stream: BinaryIO, *, data_only: bool, read_only: bool = False) -> Any:
    """Return the workbook read from `stream`, an open file of `path` that the caller closes.

    openpyxl leaves the files it opens itself unclosed when it fails part-way.
    """
    try:
        stream.seek(0)
        with warnings.catch_warnings():
            # -- "extension not supported", "no default style": about features we never read --
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(stream, data_only=data_only, read_only=read_only)
    except Exception as exc:  # -- openpyxl raises many kinds on malformed XML; none is the user's bug --
        raise _unreadable(path, exc) from exc


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CHUNK = 1 << 20
_OVERLAP = 64  # -- longer than any row start tag, so none is split between two reads unseen --


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


def _scan_part(archive: zipfile.ZipFile, member: str, rows: int, cells: float) -> tuple[bool, bool]:
    """Return whether the sheet XML `member` has more than `rows` rows or `cells` cells, reading no
    further than that, and whether it holds a formula."""
    row_count = cell_count = 0
    formula = False
    tail = b""
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK):
            buffer = tail + chunk
            cut = max(len(buffer) - _OVERLAP, 0)
            row_count += sum(1 for m in _ROW_TAG.finditer(buffer) if m.start() < cut)
            cell_count += sum(1 for m in _CELL_TAG.finditer(buffer) if m.start() < cut)
            formula = formula or any(m.start() < cut for m in _FORMULA_TAG.finditer(buffer))
            if row_count > rows or cell_count > cells:
                return True, formula
            tail = buffer[cut:]
    row_count += len(_ROW_TAG.findall(tail))
    cell_count += len(_CELL_TAG.findall(tail))
    return row_count > rows or cell_count > cells, formula or _FORMULA_TAG.search(tail) is not None


def _rows_over(archive: zipfile.ZipFile, member: str, limit: int) -> bool:
    """Return whether the sheet XML `member` has more than `limit` rows, reading no further than that."""
    return _scan_part(archive, member, limit, float("inf"))[0]


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return the zip member of each worksheet with the sheet's name; {} when the parts cannot be read."""
    try:
        book = DefusedET.fromstring(archive.read("xl/workbook.xml"))
        rels = DefusedET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, DefusedXmlException, ET.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels if r.tag.endswith("Relationship")}
    members: dict[str, str] = {}
    for sheet in book.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        members[member] = sheet.get("name", "")
    return members


def _too_large(path: Path, sheet: str) -> GeneratorError:
    return _fail(
        path,
        "sheet_too_large",
        f"工作表超出上限（{MAX_ROWS} 行、{MAX_COLUMNS} 列），远大于一份报告所需。"
        "请删除表格下方或右侧多余的内容（包括只设了格式的空行）后重试。",
        sheet=sheet,
    )


def _check_size(path: Path, stream: BinaryIO) -> set[str] | None:
    """Refuse a sheet with more rows or cells than a report needs, reading no further than the limit;
    return the names of the sheets that hold a formula (None when the parts naming the sheets are unreadable).

    The stated dimensions of a sheet may be wrong (programs often write none), so rows and cells are
    counted in the sheet's XML as it streams past, stopping at the first over the limit (openpyxl would
    parse the whole sheet to find its size). Bounded so, the sheet is loaded once; `_check_dimensions`
    then looks at where its cells are.
    """
    stream.seek(0)
    with_formulas: set[str] = set()
    with zipfile.ZipFile(stream) as archive:
        names = set(archive.namelist())
        members = _sheet_members(archive)
        for member, title in members.items():
            if member not in names:
                continue
            over, formula = _scan_part(archive, member, MAX_ROWS, MAX_ROWS * MAX_COLUMNS)
            if over:
                raise _too_large(path, title)
            if formula:
                with_formulas.add(title)
    return with_formulas if members else None


def _check_dimensions(path: Path, book: Any) -> None:
    """Refuse a sheet whose cells reach beyond the row or column limit (a far cell, a long row)."""
    for ws in book.worksheets:
        if isinstance(ws, Worksheet) and (ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS):
            raise _too_large(path, ws.title)


def _hidden_columns(ws: Worksheet) -> set[int]:
    hidden: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min is not None:
            hidden.update(range(dim.min, (dim.max or dim.min) + 1))
    return hidden


def _is_example(cells: list[Cell]) -> bool:
    first = cells[0].value if cells else None
    return isinstance(first, str) and first.startswith(EXAMPLE_MARK)


def _sheet(ws: Worksheet, formulas: Worksheet | None) -> RawSheet:
    merged: dict[tuple[int, int], tuple[Any, str]] = {}
    for rng in ws.merged_cells.ranges:
        top_left = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = (top_left, rng.coord)
    hidden_columns = _hidden_columns(ws)
    width = ws.max_column
    rows: list[tuple[Cell, ...]] = []
    hidden_rows: set[int] = set()
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=width), start=1):
        cells = []
        for c, cell in enumerate(row, start=1):
            value, merge = merged.get((r, c), (cell.value, ""))
            missing = False
            if value is None and formulas is not None:
                source = formulas.cell(r, c).value
                missing = isinstance(source, str) and source.startswith("=")
            cells.append(Cell(value, f"{get_column_letter(c)}{r}", cell.number_format, missing, merge))
        if _is_example(cells):  # -- a grey example row of the blank workbook (schema.EXAMPLE_MARK) --
            continue
        if any(not is_blank(cell.value) or cell.is_formula_without_value for cell in cells):
            rows.append(tuple(cells))
            if r in ws.row_dimensions and ws.row_dimensions[r].hidden:
                hidden_rows.add(r)
    return RawSheet(
        ws.title, tuple(rows), ws.sheet_state != "visible", frozenset(hidden_rows), frozenset(hidden_columns)
    )


def read_workbook(path: Path) -> RawWorkbook:
    """Return every sheet of the workbook at `path` (see `_read`); a file the system cannot read is a finding."""
    try:
        return _read(path)
    except OSError as exc:
        raise _fail(
            path,
            "file_unreadable",
            f"无法读取这个文件（{oserrors.describe(exc)}）。请检查文件的读取权限，关闭独占打开它的程序，"
            "或把它复制到本机的文件夹后重试。",
        ) from exc


def _read(path: Path) -> RawWorkbook:
    """Return every sheet of the workbook at `path` as cells with their references.

    Merged cells read as the value shown; formulas read as Excel's cached value, and a formula with
    no cached value is marked so that validation can name it. The workbook is loaded once for its
    values, and a second time for its formulas only when a sheet has one.
    """
    _check_container(path)
    with path.open("rb") as stream:
        with_formulas = _check_size(path, stream)
        values = _load(path, stream, data_only=True)
        _check_dimensions(path, values)
        formulas = _load(path, stream, data_only=False) if with_formulas is None or with_formulas else None
        try:
            sheets = {
                ws.title: _sheet(ws, formulas[ws.title] if formulas is not None else None)
                for ws in values.worksheets
                if isinstance(ws, Worksheet)
            }
        except Exception as exc:  # -- openpyxl parses some parts lazily --
            raise _unreadable(path, exc) from exc
    return RawWorkbook(str(path), sheets)
