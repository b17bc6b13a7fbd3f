"""Names made from the workbook that other systems cap: file names and Word document properties.

A 单位名称 is printed in full in the report, but a file name holds at most 255 bytes on common file
systems (about 80 Chinese characters) and a Word document property at most 255 characters. Both
are shortened here, the same way everywhere; `checks.py` warns when it happens.
"""

from __future__ import annotations

import re

PROPERTY_CHARS = 255
"""Word (and python-docx) refuse a core document property longer than this."""

FILE_UNIT_BYTES = 150
"""The unit's part of a report's file name, in UTF-8 bytes: with the year, the fixed words, "（新生成）"
and a temporary suffix the whole name stays well under the 255 bytes of ext4, NTFS and APFS."""

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _shorten(text: str, fits: int, measure: type[bytes] | type[str] = str) -> str:
    def size(t: str) -> int:
        return len(t.encode("utf-8")) if measure is bytes else len(t)

    if size(text) <= fits:
        return text
    mark = "等"
    while text and size(text + mark) > fits:
        text = text[:-1]
    return text + mark


def file_unit(unit_name: str) -> str:
    """Return the unit's name as it goes into a file name: unsafe characters replaced, shortened to fit."""
    unit = _UNSAFE.sub("_", unit_name).strip() or "未命名单位"
    return _shorten(unit, FILE_UNIT_BYTES, bytes)


def property_text(text: str) -> str:
    """Return `text` shortened to what a Word document property holds."""
    return _shorten(text, PROPERTY_CHARS)


def is_long(unit_name: str) -> bool:
    """Return whether the unit's name must be shortened in a file name or a document property."""
    title = f"{unit_name}0000年部门整体支出绩效自评报告"
    return file_unit(unit_name) != (_UNSAFE.sub("_", unit_name).strip() or "未命名单位") or len(title) > PROPERTY_CHARS
