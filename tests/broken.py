"""Builders of broken and hostile files, shared by test_read.py and test_cli.py.

Each builder takes a valid base workbook and a folder and returns the path of the file it made.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

Builder = Callable[[Path, Path], Path]

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
"""The Compound File header: .xls files, and .xlsx files saved with a password, start with it."""


def rezip(base: Path, target: Path, parts: dict[str, bytes | None]) -> Path:
    """Copy the zip `base` to `target`, replacing (or, with `None`, dropping) the members named in `parts`."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            if member.filename in parts:
                data = parts[member.filename]
                if data is not None:
                    out.writestr(member.filename, data)
            else:
                out.writestr(member, source.read(member.filename))
        for name, data in parts.items():
            if name not in source.namelist() and data is not None:
                out.writestr(name, data)
    return target


def text_file(base: Path, folder: Path) -> Path:
    path = folder / "报告数据.xlsx"
    path.write_text("这不是工作簿，只是改了扩展名的文本。", encoding="utf-8")
    return path


def truncated(base: Path, folder: Path) -> Path:
    data = base.read_bytes()
    path = folder / base.name
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt_member(base: Path, folder: Path) -> Path:
    """Damage the compressed bytes of the first member, keeping the zip's directory intact."""
    data = bytearray(base.read_bytes())
    with zipfile.ZipFile(base) as archive:
        first = archive.infolist()[0]
    start = first.header_offset + 30 + len(first.filename.encode()) + len(first.extra)
    for i in range(start, start + min(first.compress_size, 64)):
        data[i] ^= 0xFF
    path = folder / base.name
    path.write_bytes(bytes(data))
    return path


def old_xls(base: Path, folder: Path) -> Path:
    path = folder / "2022_旧格式.xls"
    path.write_bytes(OLE_MAGIC + bytes(504))
    return path


def password_protected(base: Path, folder: Path) -> Path:
    """An encrypted .xlsx: a Compound File (EncryptionInfo + EncryptedPackage streams) named .xlsx."""
    path = folder / base.name
    path.write_bytes(OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le"))
    return path


def other_format(suffix: str) -> Builder:
    def build(base: Path, folder: Path) -> Path:
        path = folder / f"2022_数据{suffix}"
        path.write_bytes(b"PK\x03\x04" if suffix != ".csv" else "项目,内容\n单位名称,示例\n".encode())
        return path

    return build


def empty_workbook(base: Path, folder: Path) -> Path:
    path = folder / "2022_空白.xlsx"
    openpyxl.Workbook().save(path)
    return path


def zero_bytes(base: Path, folder: Path) -> Path:
    path = folder / base.name
    path.write_bytes(b"")
    return path


def missing(base: Path, folder: Path) -> Path:
    return folder / "不存在的工作簿.xlsx"


def no_workbook_xml(base: Path, folder: Path) -> Path:
    return rezip(base, folder / base.name, {"xl/workbook.xml": None})


def bad_sheet_xml(base: Path, folder: Path) -> Path:
    return rezip(base, folder / base.name, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"})


def entity_expansion(base: Path, folder: Path) -> Path:
    """The "billion laughs" in a sheet: nested entities that expand to gigabytes if a parser resolves them."""
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    doctype = '<!DOCTYPE worksheet [<!ENTITY lol0 "lol">' + lol + "]>"
    with zipfile.ZipFile(base) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    xml = re.sub(r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "") + doctype, xml, count=1)
    xml = xml.replace(
        "<sheetData>", '<sheetData><row r="99"><c r="A99" t="inlineStr"><is><t>&lol9;</t></is></c></row>', 1
    )
    return rezip(base, folder / base.name, {"xl/worksheets/sheet1.xml": xml.encode()})


def zip_bomb(base: Path, folder: Path) -> Path:
    """A member that unpacks to 200 MB from about 200 KB."""
    path = folder / base.name
    rezip(base, path, {})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/media/bomb.bin", "w") as out:
        chunk = bytes(1024 * 1024)
        for _ in range(200):
            out.write(chunk)
    return path


def million_rows(base: Path, folder: Path) -> Path:
    """The first sheet replaced by one of a million rows, with no stated dimension (as programs write it)."""
    buffer = io.StringIO()
    buffer.write('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    for row in range(1, 1_000_001):
        buffer.write(f'<row r="{row}"><c r="A{row}"><v>{row}</v></c></row>')
    buffer.write("</sheetData></worksheet>")
    return rezip(base, folder / base.name, {"xl/worksheets/sheet1.xml": buffer.getvalue().encode()})


def wide_sheet(base: Path, folder: Path) -> Path:
    book = openpyxl.load_workbook(base)
    book["基本信息"].cell(1, 200).value = "多余的列"
    path = folder / base.name
    book.save(path)
    return path


def xls_named_xlsx(base: Path, folder: Path) -> Path:
    """A real .xls (a Compound File with a Workbook stream) renamed to .xlsx."""
    path = folder / base.name
    path.write_bytes(OLE_MAGIC + bytes(504) + "Workbook".encode("utf-16-le") + bytes(64))
    return path


def strict_ooxml(base: Path, folder: Path) -> Path:
    """A workbook saved by Excel as "Strict Open XML Spreadsheet": the strict namespaces."""
    with zipfile.ZipFile(base) as archive:
        xml = archive.read("xl/workbook.xml").decode()
    xml = xml.replace(
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"
    )
    return rezip(base, folder / base.name, {"xl/workbook.xml": xml.encode()})
