"""Turn what people type into typed values: amounts as text, full-width digits, percent signs, dates.

Each parser returns the value, or raises `ValueProblem` with a Chinese sentence saying what is wrong.
An empty cell is never a zero: callers decide what empty means.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from generator import display, figures
from generator.schema import Kind
from generator.text import normalise

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
    """Raised when a cell's value cannot be read as the kind its column needs; `code` when not the kind's."""

    def __init__(self, msg: str, code: str | None = None) -> None:
        super().__init__(msg)
        self.code = code


@dataclass(frozen=True)
class Unit:
    """The unit a cell's number is in, as the workbook declares it: `text` ("" for none), and `cell` when
    another cell of the row declares it (统计数据's 单位 column; "" when the column's unit is fixed)."""

    text: str
    cell: str = ""

    def says(self) -> str:
        """Return where and what the declared unit is, as a clause: 本行“单位”（C2）是“人”."""
        if not self.cell:
            return f"本列以“{self.text}”为单位"
        return f"本行“单位”（{self.cell}）是“{self.text}”" if self.text else f"本行“单位”（{self.cell}）是空的"


_UNIT_OF_KIND = {Kind.AMOUNT: "万元", Kind.PERCENT: "%"}
_APPROXIMATE = ("左右", "以上", "以下", "上下", "多", "余", "约", "近", "超", "不到", "不足")
"""Words after a number that make it an estimate, not a unit: such text is no number at all."""
_MONEY = re.compile(r"[十百千万亿]*元|[十百千万亿]+")
"""A money unit: 元, 千元, 亿元 …, or a magnitude alone (万, 亿), which counts 元."""
_MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_SUFFIXED = re.compile(r"([+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+))([^\d.,+-][^\d]{0,5})")


def unit_of(kind: Kind, unit: str | None = None) -> Unit | None:
    """Return the unit a column's numbers are in: `unit` when the schema names one, else its kind's (万元, %)."""
    if unit is not None:
        return Unit(unit)
    return Unit(_UNIT_OF_KIND[kind]) if kind in _UNIT_OF_KIND else None


def _agrees(typed: str, unit: str) -> bool:
    """Return whether a unit typed or shown beside a number is the declared one (万 stands for 万元, 万亩 …)."""
    return typed == unit or (typed == "万" and unit.startswith("万"))


def _unit_problem(shown: str, digits: str, typed: str, unit: Unit, kind: Kind) -> ValueProblem:
    """Return the problem of a number typed or shown with a unit that contradicts the declared one."""
    number = digits.replace(",", "")
    if typed.startswith("万") and typed[1:] in ("", unit.text) and not unit.text.startswith("万"):
        try:
            example = f"例如 {_plain(Decimal(number) * 10000)}"
        except InvalidOperation:
            example = "例如 17800"
        return ValueProblem(
            f"数字后写了“{typed}”，而{unit.says()}，程序不会按“万”换算。"
            f"请填写{f'以“{unit.text}”计的' if unit.text else ''}纯数字（{example}），单位不写在这一格。",
            "number_with_unit",
        )
    if kind is Kind.AMOUNT and _MONEY.fullmatch(typed):
        return _money_problem(shown, number, typed, unit)
    if not unit.cell:
        wanted = "百分比，例如 92.5%" if kind is Kind.PERCENT else f"以“{unit.text}”计的数字，不带单位"
        return ValueProblem(f"填的“{shown}”带单位“{typed}”，而{unit.says()}。请填写{wanted}。", "unit_mismatch")
    printed = f"报告会印成“{number}{unit.text}”" if unit.text else f"报告只印出数字“{number}”"
    return ValueProblem(
        f"填的“{shown}”带单位“{typed}”，而{unit.says()}，{printed}。请只填数字（如 {number}），单位写在“单位”列；"
        f"若单位确是“{typed}”，请把 {unit.cell} 改为“{typed}”。",
        "unit_mismatch",
    )


def _money_problem(shown: str, number: str, typed: str, unit: Unit) -> ValueProblem:
    """Return the problem of an amount typed in 元, 千元, 亿元 …: the unit typed, and the 万元 figure to type."""
    yuan = Decimal(1)
    for char in typed.rstrip("元"):
        yuan *= _MAGNITUDES[char]
    name = typed if typed.endswith("元") else f"{typed}元"
    try:
        wan = Decimal(number) * yuan / 10000
    except InvalidOperation:
        return ValueProblem(
            f"填的“{shown}”以“{name}”为单位，而{unit.says()}。请换算成万元，只填数字。", "unit_mismatch"
        )
    figure = figures.fmt(wan)
    exact = "" if figures.round2(wan) == wan else f"（{_plain(wan)} 万元，按两位小数四舍五入）"
    return ValueProblem(
        f"填的“{shown}”以“{name}”为单位，而{unit.says()}，程序不换算。{shown}即 {figure} 万元{exact}："
        f"请填 {figure}（只填数字，不带单位）。",
        "unit_mismatch",
    )


_EXAMPLES = {Kind.INT: "2024", Kind.AMOUNT: "1234.5", Kind.NUMBER: "1234.5", Kind.PERCENT: "92.5%"}


def _example(kind: Kind) -> str:
    return _EXAMPLES.get(kind, "1234.5")


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f") if number == number.to_integral_value() else format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def is_blank(value: Any) -> bool:
    """Return whether a cell counts as empty: nothing, or only white space and invisible characters."""
    if not isinstance(value, str):
        return value is None
    # -- a text starting with a letter or digit keeps it through `normalise`: no need to run it --
    return not value[:1].isalnum() and not normalise(value).text


def clean_text(value: Any) -> tuple[str, bool]:
    """Return the cell as the text it shows (`text.normalise`), and whether invisible characters were removed."""
    cleaned = normalise(value)
    return cleaned.text, bool(cleaned.removed_invisible)


def _number_from_text(text: str, kind: Kind, unit: Unit | None) -> tuple[Decimal, str]:
    raw = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    found = ""
    suffixed = _SUFFIXED.fullmatch(raw) if unit is not None else None
    if unit is not None and suffixed and not any(word in suffixed[2] for word in _APPROXIMATE):
        digits, typed = suffixed[1], suffixed[2]
        if not _agrees(typed, unit.text):
            raise _unit_problem(text.strip(), digits, typed, unit, kind)
        raw, found = digits, unit.text
    for suffix in sorted(_UNITS, key=len, reverse=True) if unit is None else ():
        if raw.endswith(suffix):
            word = _UNITS[suffix]
            if word == "元" and kind is Kind.AMOUNT:
                raise ValueProblem("金额应以万元为单位填写数字，不要填“元”金额；请换算成万元（除以 10000）。")
            if word == "%" and kind is not Kind.PERCENT and kind is not Kind.NUMBER:
                raise ValueProblem("这里应填数字，不要带百分号。")
            if word == "万元" and kind is not Kind.AMOUNT and kind is not Kind.NUMBER:
                raise ValueProblem("这里应填数字，不要带单位。")
            if word == "万元" and kind is Kind.NUMBER:
                raise _magnitude(raw[: -len(suffix)], suffix)
            raw = raw[: -len(suffix)]
            found = word
            break
    if _GROUPED.fullmatch(raw):
        raw = raw.replace(",", "")
    if not _NUMBER.fullmatch(raw):
        raise ValueProblem(f"应填写一个数字（例如 {_example(kind)}），不能含有文字或多个小数点。")
    return Decimal(raw), found


def _magnitude(number: str, word: str) -> ValueProblem:
    """Return the problem of a number typed with 万 where the column holds plain numbers (its unit is written apart)."""
    try:
        example = f"例如 {_plain(Decimal(number.replace(',', '')) * 10000)}" if word == "万" else f"例如 {number}"
    except InvalidOperation:
        example = "例如 17800"
    return ValueProblem(
        f"数字后写了“{word}”，程序不会按“{word}”换算。请填写纯数字（{example}），单位不写在这一格。",
        "number_with_unit",
    )


def _serial_date(value: float) -> str:
    """Return the date an Excel serial number stands for (1900 date system), or "" when none."""
    if not 1 <= value < 2958466:
        return ""
    return (dt.date(1899, 12, 30) + dt.timedelta(days=int(value))).isoformat()


def _percent(number: Decimal, typed_sign: bool, percent_format: bool, raw: Decimal, shown_as: str = "") -> Decimal:
    """Return the percentage a rate cell means, refusing a number that could mean two rates."""
    if percent_format:
        if abs(raw) > 10:
            rate = figures.fmt_percent(raw)
            raise ValueProblem(
                f"单元格设为百分比格式，填的 {figures.fmt(raw)} 在 Excel 中显示为 {shown_as}。"
                f"若执行率是 {rate}，请直接输入“{rate}”（带百分号），或把单元格格式改为“常规”。",
                "percent_scale",
            )
        return number
    if not typed_sign and number != 0 and abs(number) <= 1:
        raise ValueProblem(
            f"填的是 {_plain(number)}，没有百分号，无法判断是 {figures.fmt_percent(number * 100)}"
            f" 还是 {figures.fmt_percent(number)}。请输入带百分号的执行率，例如“{figures.fmt_percent(number * 100)}”。",
            "percent_ambiguous",
        )
    return number


def parse(value: Any, kind: Kind, number_format: str = "General", unit: Unit | None = None) -> Any:
    """Return `value` (not blank) read as `kind`, as the cell shows it; raise `ValueProblem` when it cannot be.

    A number is read as displayed with its number format: a percent cell holding 0.925 is 92.5%. A
    number whose display hides what the report would print (570.456 shown as 570.5) is refused.
    `unit` is the unit the number is in (by default its kind's: 万元, %): a unit typed after the number,
    shown by its number format, or a percent format, that is not this unit is refused (`unit_mismatch`,
    `unit_format`, `percent_format`), naming both.
    """
    unit = unit if unit is not None else unit_of(kind)
    if kind is Kind.TEXT:
        return clean_text(value)[0]
    if kind is Kind.DATE:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool) and _serial_date(value):
            raise ValueProblem(
                f"显示为数字 {_plain(Decimal(repr(value)))}，这是 Excel 的日期序列号（即 {_serial_date(value)}），"
                "单元格丢了日期格式。请把单元格格式设为“日期”，或直接输入如 2024-03-31 的日期。",
                "date_serial",
            )
        match = _DATE.fullmatch(unicodedata.normalize("NFKC", str(value)).strip())
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                pass
        raise ValueProblem("应填写日期，例如 2024-03-31 或 2024年3月31日。")
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        shown = value.date() if isinstance(value, dt.datetime) and value.time() == dt.time() else value
        raise ValueProblem(
            f"单元格格式是日期或时间，显示为 {shown}，不是数字。请把单元格格式改为“常规”或“数值”，"
            f"再填写数字（例如 {_example(kind)}）。",
            "shown_as_date",
        )
    if isinstance(value, bool):
        raise ValueProblem(f"应填写一个数字（例如 {_example(kind)}）。")
    if isinstance(value, int | float):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise ValueProblem(f"应填写一个数字（例如 {_example(kind)}）。")
        raw = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if abs(raw) >= LIMIT:
            raise ValueProblem("数值大得不合常理，请检查是否多输了数字。")
        view = display.shown(raw, number_format)
        number = raw * 100 if view.percent else raw
        # -- a statistic in % may be a percent cell: it shows the number the report prints with its % --
        if view.percent and kind is not Kind.PERCENT and not (unit is not None and unit.text == "%"):
            declared = f"，而{unit.says()}" if unit is not None else ""
            raise ValueProblem(
                f"单元格设为百分比格式，显示为 {_plain(view.number)}%{declared}。这里应填{kind.value}（单位另写）："
                "请把单元格格式改为“常规”或“数值”，再核对数字。",
                "percent_format",
            )
        if kind is Kind.PERCENT:
            number = _percent(number, False, view.percent, raw, display.display_text(raw, number_format) or "")
        shown_unit = "".join(ch for ch in view.unit if ch.isalpha() or ch == "%")
        if unit is not None and shown_unit and not _agrees(shown_unit, unit.text):
            raise ValueProblem(
                f"单元格格式在数字后显示“{view.unit.strip()}”，而{unit.says()}。请把单元格格式改为“常规”或“数值”，"
                f"并确认数字是以“{unit.text or '（无单位）'}”计的数。",
                "unit_format",
            )
        if not view.exact and abs(number) < LIMIT:
            printed = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if view.number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) != printed:
                sign = "%" if view.percent else ""
                raise ValueProblem(
                    f"单元格显示 {_plain(view.number)}{sign}，实际数值是 {_plain(number)}{sign}，报告会印出 "
                    f"{_plain(printed)}{sign}，与显示不符。请把数值改成显示的数，或在“设置单元格格式”中增加小数位数。",
                    "display_differs",
                )
    else:
        try:
            number, typed = _number_from_text(str(value), kind, unit)
        except InvalidOperation as exc:
            raise ValueProblem(f"应填写一个数字（例如 {_example(kind)}）。") from exc
        if kind is Kind.PERCENT:
            number = _percent(number, typed == "%", False, number)
    if not number.is_finite():
        raise ValueProblem(f"应填写一个数字（例如 {_example(kind)}）。")
    if abs(number) >= LIMIT:
        raise ValueProblem("数值大得不合常理，请检查是否多输了数字。")
    if kind is Kind.INT:
        if number != number.to_integral_value():
            raise ValueProblem("应填写四位数的整数年度，例如 2024。")
        return int(number)
    return number
