"""Write a blank workbook laid out as `schema.WORKBOOK` says: the header rows, the field names, notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font

from generator.schema import FIELD_HEADER, WORKBOOK, Kind

_WIDTH = {Kind.TEXT: 60, Kind.DATE: 14}


def write_blank(
    path: Path, sheets: Sequence[str] | None = None, extra: Mapping[str, Sequence[str]] | None = None
) -> None:
    """Write to `path` a workbook with every sheet and column of the design, and no content.

    `sheets` limits it to the sheets a template uses (`None`: all); `extra` adds the extra columns a
    template prints, by sheet (see `template_check.design`).
    """
    book = openpyxl.Workbook()
    for default in list(book.worksheets):
        book.remove(default)
    bold = Font(bold=True)
    for sheet in WORKBOOK:
        if sheets is not None and sheet.name not in sheets:
            continue
        ws = book.create_sheet(sheet.name)
        if sheet.is_field_sheet:
            ws.append(list(FIELD_HEADER))
            for column in sheet.columns:
                ws.append([column.name, None])
                note = f"{column.kind.value}，{'必填' if column.required else '可选'}。{column.help}"
                ws.cell(ws.max_row, 1).comment = Comment(note, "模板")
            ws.column_dimensions["A"].width = 18
            ws.column_dimensions["B"].width = 80
        else:
            ws.append([c.name for c in sheet.columns])
            for index, column in enumerate(sheet.columns, start=1):
                note = f"{column.kind.value}，{'必填' if column.required else '可选'}。{column.help}"
                ws.cell(1, index).comment = Comment(note, "模板")
                letter = ws.cell(1, index).column_letter
                ws.column_dimensions[letter].width = (
                    _WIDTH.get(column.kind, 14)
                    if index > 1 or len(sheet.columns) == 1 or column.kind is not Kind.TEXT
                    else 24
                )
            for name in (extra or {}).get(sheet.name, ()):
                ws.cell(1, ws.max_column + 1, name).comment = Comment("模板新增的列，按列名印出。", "模板")
        for cell in ws[1]:
            cell.font = bold
            cell.alignment = Alignment(vertical="center")
        ws.freeze_panes = "A2"
    book.save(path)
