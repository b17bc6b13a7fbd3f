"""Mutations of the layout a clerk can make in Excel: hide, filter, format, insert and append rows.

They complete the value mutations of `tests/workbooks.py` for the corpus of `tests/test_corpus.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tests.workbooks import Mutation


def hide_row(sheet: str, row: int) -> Mutation:
    def apply(book: Any) -> None:
        book[sheet].row_dimensions[row].hidden = True

    return apply


def hide_column(sheet: str, letter: str) -> Mutation:
    def apply(book: Any) -> None:
        book[sheet].column_dimensions[letter].hidden = True

    return apply


def hide_sheet(sheet: str) -> Mutation:
    def apply(book: Any) -> None:
        book[sheet].sheet_state = "hidden"

    return apply


def number_format(sheet: str, cell: str, fmt: str) -> Mutation:
    def apply(book: Any) -> None:
        book[sheet][cell].number_format = fmt

    return apply


def append(sheet: str, *values: Any) -> Mutation:
    """Add a row after the last row of `sheet`."""

    def apply(book: Any) -> None:
        book[sheet].append(list(values))

    return apply


def append_at(sheet: str, column: str, value: Any) -> Mutation:
    """Add a row after the last, holding only `value` in `column`."""

    def apply(book: Any) -> None:
        ws = book[sheet]
        ws[f"{column}{ws.max_row + 1}"] = value

    return apply


def insert(sheet: str, row: int, *values: Any) -> Mutation:
    """Insert a row before `row` (the rows below move down, as in Excel)."""

    def apply(book: Any) -> None:
        ws = book[sheet]
        ws.insert_rows(row)
        for column, value in enumerate(values, start=1):
            ws.cell(row, column).value = value

    return apply


def total_row(sheet: str, label: str, columns: Sequence[str]) -> Mutation:
    """Append a total row: `label` in column A, the sum of each of `columns` below it."""

    def apply(book: Any) -> None:
        ws = book[sheet]
        last = ws.max_row
        ws[f"A{last + 1}"] = label
        for letter in columns:
            ws[f"{letter}{last + 1}"] = sum(c.value for c in ws[letter][1:last] if isinstance(c.value, int | float))

    return apply


def rate_from_amounts(row: int, form: Callable[[float], tuple[Any, str]]) -> Mutation:
    """Set 重点项目!E{row} to the project's own rate, typed as `form(fraction)` gives (value, number format)."""

    def apply(book: Any) -> None:
        ws = book["重点项目"]
        fraction = float(ws[f"D{row}"].value) / float(ws[f"C{row}"].value)
        value, fmt = form(fraction)
        ws[f"E{row}"].value = value
        ws[f"E{row}"].number_format = fmt

    return apply


def copy_name(sheet: str, source: str, target: str, how: Callable[[Any], Any]) -> Mutation:
    """Set `target` to `how(value of source)`: a second name that looks like the first."""

    def apply(book: Any) -> None:
        book[sheet][target].value = how(book[sheet][source].value)

    return apply


def duplicate_row(sheet: str, row: int, how: Callable[[Any], Any]) -> Mutation:
    """Append a copy of `row` whose first cell is `how(first cell)`: the same record under a look-alike name."""

    def apply(book: Any) -> None:
        ws = book[sheet]
        values = [c.value for c in ws[row]]
        values[0] = how(values[0])
        ws.append(values)

    return apply
