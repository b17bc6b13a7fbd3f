"""Figures as the template sees them, and the Jinja filters that print them.

A `Figure` is a number (`Decimal`) that prints in its printed form (PRODUCT.md §4): `{{ 全年预算数 }}`
prints 1234.5 as before, while `{{ 项.预算数 - 项.支出数 }}` subtracts exactly, 四舍五入 on printing.
It is a `str` subclass so that every place that printed, joined or searched the printed text keeps
working; arithmetic and comparisons between figures are numeric. Float arithmetic is never used:
`|float` and `|int` are refused by the template check (see `template_check.FLOAT_FILTERS`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator import figures, numbering

Number = Decimal | int


class Figure(str):
    """A number printed in its printed form, with an optional unit (`%`, `人`, `万元`).

    `value` is the exact `Decimal`; the text is `figures.fmt(value) + unit`. Arithmetic with another
    figure, a `Decimal` or an `int` gives a figure without unit (a percentage keeps its `%` when added
    to or subtracted from one); `+` with text joins text, as before. Comparisons with numbers compare
    values; truth is "not zero".
    """

    value: Decimal
    unit: str

    def __new__(cls, value: Number, unit: str = "") -> Figure:
        number = Decimal(value)
        self = str.__new__(cls, figures.fmt(number) + unit)  # -- not super(): a subclass may mix in another str --
        self.value = number
        self.unit = unit
        return self

    # -- Jinja reads attributes by name: {{ 统计数据.服务人次.数值 }} --
    @property
    def 数值(self) -> Figure:  # noqa: N802 -- the template's name for "the number alone"
        return Figure(self.value)

    @property
    def 单位(self) -> str:  # noqa: N802
        return self.unit

    def __repr__(self) -> str:
        return f"Figure({self.value!r}, {self.unit!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Figure, (self.value, self.unit))

    @staticmethod
    def _number(other: Any) -> Decimal | None:
        if isinstance(other, Figure):
            return other.value
        if isinstance(other, Decimal | int) and not isinstance(other, bool):
            return Decimal(other)
        if isinstance(other, float):
            return Decimal(repr(other))  # -- a literal in the template, such as 0.5 --
        return None

    def _unit_with(self, other: Any) -> str:
        other_unit = other.unit if isinstance(other, Figure) else ""
        return self.unit if other_unit in ("", self.unit) else ""

    def __add__(self, other: Any) -> Any:
        if isinstance(other, str) and not isinstance(other, Figure):
            return str(self) + other  # -- text joined to a figure, as before: "96.95" + "%" --
        number = self._number(other)
        if number is None:
            return NotImplemented
        return Figure(self.value + number, self._unit_with(other))

    def __radd__(self, other: Any) -> Any:
        number = self._number(other)
        if number is None:
            return NotImplemented
        return Figure(number + self.value, self._unit_with(other))

    def __sub__(self, other: Any) -> Figure:
        number = self._number(other)
        if number is None:
            return NotImplemented
        return Figure(self.value - number, self._unit_with(other))

    def __rsub__(self, other: Any) -> Figure:
        number = self._number(other)
        if number is None:
            return NotImplemented
        return Figure(number - self.value, self._unit_with(other))

    def __mul__(self, other: Any) -> Any:
        number = self._number(other)
        if number is None:
            return NotImplemented
        return Figure(self.value * number)

    def __rmul__(self, other: Any) -> Any:
        return self.__mul__(other)

    def __truediv__(self, other: Any) -> Figure:
        number = self._number(other)
        if number is None:
            return NotImplemented
        return Figure(self.value / number)

    def __rtruediv__(self, other: Any) -> Figure:
        number = self._number(other)
        if number is None:
            return NotImplemented
        return Figure(number / self.value)

    def __neg__(self) -> Figure:
        return Figure(-self.value, self.unit)

    def __abs__(self) -> Figure:
        return Figure(abs(self.value), self.unit)

    def __bool__(self) -> bool:
        return self.value != 0

    def _compare(self, other: Any, op: Callable[[Decimal, Decimal], bool]) -> Any:
        number = self._number(other)
        if number is None:
            return NotImplemented
        return op(self.value, number)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str) and not isinstance(other, Figure):
            return str.__eq__(self, other)
        result = self._compare(other, lambda a, b: a == b)
        return NotImplemented if result is NotImplemented else bool(result)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return NotImplemented if equal is NotImplemented else not equal

    __hash__ = str.__hash__

    def __lt__(self, other: Any) -> bool:
        return self._compare(other, lambda a, b: a < b)  # type: ignore[no-any-return]

    def __le__(self, other: Any) -> bool:
        return self._compare(other, lambda a, b: a <= b)  # type: ignore[no-any-return]

    def __gt__(self, other: Any) -> bool:
        return self._compare(other, lambda a, b: a > b)  # type: ignore[no-any-return]

    def __ge__(self, other: Any) -> bool:
        return self._compare(other, lambda a, b: a >= b)  # type: ignore[no-any-return]


class NotANumber(TypeError):
    """Raised when a filter is given what it cannot print (text to |万元, a year to |中文日期): a template mistake.

    It carries the filter's name, the value it was given, what it expects (数字 or 日期) and, for |合计,
    the attribute summed, so that the template check can say what to change (`template_eval`).
    """

    def __init__(self, filter_name: str, value: Any, expects: str = "数字", attribute: str | None = None) -> None:
        self.filter_name = filter_name
        self.value = value
        self.expects = expects
        self.attribute = attribute
        super().__init__(f"过滤器“{filter_name}”要用在{expects}上")


def figure(value: Any, filter_name: str = "数值", attribute: str | None = None) -> Figure:
    """Return `value` as a figure; raise `NotANumber` (naming `filter_name`) when it is not a number."""
    if isinstance(value, Figure):
        return value
    number = Figure._number(value)
    if number is None:
        raise NotANumber(filter_name, value, "数字", attribute)
    return Figure(number)


# -- the filters: {{ 全年预算数|万元 }} … (names listed in docs/template.md) --


def wan_yuan(value: Any) -> str:
    """1234.5 → "1234.5万元"."""
    return figures.fmt(figure(value, "万元").value) + "万元"


def percent(value: Any) -> str:
    """A figure in percent units: 12.5 → "12.5%"."""
    return figures.fmt_percent(figure(value, "百分比").value)


def score(value: Any) -> str:
    """A score: 88.5 → "88.5分"."""
    return figures.fmt(figure(value, "分").value) + "分"


def number(value: Any) -> str:
    """The number alone, without unit: 12.5% → "12.5"."""
    return figures.fmt(figure(value, "数值").value)


def round_half_up(value: Any, places: int = 2) -> Figure:
    """Round 四舍五入 to `places` decimals (0.125 → 0.13), keeping the unit."""
    item = figure(value, "四舍五入")
    exponent = Decimal(1).scaleb(-int(places))
    return Figure(item.value.quantize(exponent, rounding=ROUND_HALF_UP), item.unit)


def total(items: Iterable[Any], attribute: str | None = None) -> Figure:
    """Return the 合计 of `items` (or of each item's `attribute`), each taken as printed (四舍五入 to two decimals).

    So a 合计 row always equals the sum of the figures printed above it.
    """
    result = Decimal(0)
    unit: str | None = None
    for item in items:
        value = item[attribute] if attribute is not None and isinstance(item, dict) else item
        if attribute is not None and not isinstance(item, dict):
            value = getattr(item, attribute)
        entry = figure(value, "合计", attribute)
        unit = entry.unit if unit is None or unit == entry.unit else ""
        result += figures.round2(entry.value)
    return Figure(result, unit or "")


def chinese_date(value: Any) -> str:
    """A date as 公文 write it: 2024-01-05 → "2024年1月5日"."""
    if not isinstance(value, dt.date):
        raise NotANumber("中文日期", value, "日期")
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_numeral_date(value: Any) -> str:
    """A date in Chinese numerals, as 公文 before GB/T 9704-2012 write it: 2024-01-05 → "二〇二四年一月五日"."""
    if not isinstance(value, dt.date):
        raise NotANumber("汉字日期", value, "日期")
    year = "".join("〇一二三四五六七八九"[int(d)] for d in str(value.year))
    return f"{year}年{numbering.chinese_numeral(value.month)}月{numbering.chinese_numeral(value.day)}日"


FILTERS: dict[str, tuple[Callable[..., Any], str]] = {
    "万元": (wan_yuan, "金额加单位：1234.5万元"),
    "百分比": (percent, "百分数：12.5%"),
    "分": (score, "分数加单位：88.5分"),
    "数值": (number, "只印数字，不带单位：12.5"),
    "四舍五入": (round_half_up, "四舍五入到指定位数，如 四舍五入(1)；默认两位"),
    "合计": (total, "各项之和（每项按印出的两位小数相加），如 重点项目|合计('预算数')"),
    "中文日期": (chinese_date, "日期：2024年1月5日"),
    "汉字日期": (chinese_numeral_date, "日期用汉字数字：二〇二四年一月五日"),
}
"""Filter name → (function, what it prints), for the environment and for the docs."""
