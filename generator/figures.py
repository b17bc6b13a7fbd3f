"""Exact arithmetic and the printed forms of figures (PRODUCT.md §4).

Every figure is a `Decimal`, rounded 四舍五入 (`ROUND_HALF_UP`) to two decimals before Babel formats
it: Babel, like `round()`, would otherwise round half to even.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.core import Locale
from babel.numbers import NumberPattern, parse_pattern

CENT = Decimal("0.01")
HALF_CENT = Decimal("0.005")
HUNDRED = Decimal(100)

# -- "0.##": no thousands separator, at most two decimals, trailing zeros dropped (1234.56, 12.5, 9) --
_PATTERN = "0.##"
_LOCALE = "zh_CN"


@cache
def _format() -> tuple[NumberPattern, Locale]:
    """Return the pattern and the locale, parsed once (`format_decimal` parses both again on every call)."""
    return parse_pattern(_PATTERN), Locale.parse(_LOCALE)


def round2(value: Decimal) -> Decimal:
    """Return `value` rounded 四舍五入 to two decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """Return the printed form of `value`: 1234.56, 12.5, 100, -0.5."""
    rounded = round2(value)
    if rounded == 0:
        rounded = Decimal(0)  # -- never print "-0" --
    pattern, locale = _format()
    # -- what babel.numbers.format_decimal(rounded, format=_PATTERN, locale=_LOCALE) returns --
    text: str = pattern.apply(rounded, locale, decimal_quantization=True, group_separator=True, numbering_system="latn")
    return text


def fmt_percent(value: Decimal) -> str:
    """Return the printed form of a percentage given in percent units: 12.5 → "12.5%"."""
    return f"{fmt(value)}%"


def rate(spent: Decimal, budget: Decimal) -> Decimal | None:
    """Return 支出 / 预算 in percent, unrounded; `None` when the budget prints as zero (below 0.005)."""
    if round2(budget) == 0:
        return None
    return spent / budget * HUNDRED


def rate_interval(spent: Decimal, budget: Decimal) -> tuple[Decimal, Decimal] | None:
    """Return the interval of rates (percent) consistent with two amounts printed to two decimals.

    Each amount may be anything that rounds to its printed value, so the true rate lies between
    (spent − 0.005) / (budget + 0.005) and (spent + 0.005) / (budget − 0.005). A stated rate, itself
    rounded to two decimals, is consistent when it lies within half a cent of that interval.
    `None` when the budget is too small for the interval to be bounded.
    """
    if budget - HALF_CENT <= 0:
        return None
    low = max(spent - HALF_CENT, Decimal(0)) / (budget + HALF_CENT) * HUNDRED
    high = (spent + HALF_CENT) / (budget - HALF_CENT) * HUNDRED
    return low - HALF_CENT, high + HALF_CENT
