"""Turn what people type into typed values: amounts as text, full-width digits, percent signs, dates.

Each parser returns the value, or raises `ValueProblem` with a Chinese sentence saying what is wrong.
An empty cell is never a zero: callers decide what empty means.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.schema import Kind

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_UNITS = {"万元": "万元", "万": "万元", "元": "元", "%": "%", "％": "%", "分": "分"}

LIMIT = Decimal(10) ** 12
"""No figure of a report comes near this (10¹² 万元); a larger one is a typing error, not data."""

EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}
)
"""What a cell shows when its formula fails; Excel saves it as the cell's value."""


def is_excel_error(value: Any) -> bool:
    """Return whether `value` is the error a failed formula shows (#DIV/0!, #REF! …)."""
    return isinstance(value, str) and value.strip() in EXCEL_ERRORS


CODES = {
    Kind.INT: "not_int",
    Kind.AMOUNT: "not_amount",
    Kind.NUMBER: "not_number",
    Kind.PERCENT: "not_percent",
    Kind.DATE: "not_date",
}
"""The finding code of a value that cannot be read as its column's kind."""


class ValueProblem(Exception):
    """Raised when a cell's value cannot be read as the kind its column needs."""


def is_blank(value: Any) -> bool:
    """Return whether a cell counts as empty: nothing, or only white space."""
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value: Any) -> tuple[str, bool]:
    """Return the cell as text with XML-forbidden characters removed, and whether any were."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    text = str(value).strip()
    cleaned = _FORBIDDEN.sub("", text)
    return cleaned, cleaned != text


def _number_from_text(text: str, kind: Kind) -> Decimal:
    raw = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    for suffix in sorted(_UNITS, key=len, reverse=True):
        if raw.endswith(suffix):
            unit = _UNITS[suffix]
            if unit == "元" and kind is Kind.AMOUNT:
                raise ValueProblem("金额应以万元为单位填写数字，不要填“元”金额；请换算成万元（除以 10000）。")
            if unit == "%" and kind is not Kind.PERCENT and kind is not Kind.NUMBER:
                raise ValueProblem("这里应填数字，不要带百分号。")
            if unit == "万元" and kind is not Kind.AMOUNT and kind is not Kind.NUMBER:
                raise ValueProblem("这里应填数字，不要带单位。")
            raw = raw[: -len(suffix)]
            break
    if _GROUPED.fullmatch(raw):
        raw = raw.replace(",", "")
    if not _NUMBER.fullmatch(raw):
        raise ValueProblem("应填写一个数字（例如 1234.5），不能含有文字或多个小数点。")
    return Decimal(raw)


def parse(value: Any, kind: Kind, number_format: str = "General") -> Any:
    """Return `value` (not blank) read as `kind`; raise `ValueProblem` when it cannot be."""
    if kind is Kind.TEXT:
        return clean_text(value)[0]
    if kind is Kind.DATE:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        match = _DATE.fullmatch(unicodedata.normalize("NFKC", str(value)).strip())
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                pass
        raise ValueProblem("应填写日期，例如 2024-03-31 或 2024年3月31日。")
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        raise ValueProblem("应填写一个数字。")
    if isinstance(value, int | float):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise ValueProblem("应填写一个数字。")
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if kind is Kind.PERCENT and "%" in number_format:
            number *= 100  # -- a cell formatted as percent holds 0.925 for 92.5% --
    else:
        try:
            number = _number_from_text(str(value), kind)
        except InvalidOperation as exc:
            raise ValueProblem("应填写一个数字（例如 1234.5）。") from exc
    if not number.is_finite():
        raise ValueProblem("应填写一个数字。")
    if abs(number) >= LIMIT:
        raise ValueProblem("数值大得不合常理，请检查是否多输了数字。")
    if kind is Kind.INT:
        if number != number.to_integral_value():
            raise ValueProblem("应填写四位数的整数年度，例如 2024。")
        return int(number)
    return number
