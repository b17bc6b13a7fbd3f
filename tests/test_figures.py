from __future__ import annotations

from decimal import Decimal

import pytest

from generator import figures


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("3040.19", "3040.19"),
        ("112.80", "112.8"),
        ("9", "9"),
        ("9.00", "9"),
        ("17826", "17826"),
        ("0.125", "0.13"),  # -- 四舍五入: Babel and round() would give 0.12 --
        ("2.675", "2.68"),
        ("0.005", "0.01"),
        ("-0.004", "0"),
        ("1234567.891", "1234567.89"),  # -- no thousands separator --
    ],
)
def test_fmt(value: str, printed: str) -> None:
    assert figures.fmt(Decimal(value)) == printed


@pytest.mark.parametrize(
    ("spent", "budget", "printed"),
    [
        ("2947.37", "3040.19", "96.95%"),
        ("276.48", "276.48", "100%"),
        ("79.88", "80.04", "99.8%"),
        ("7.01", "8", "87.63%"),
    ],
)
def test_rate(spent: str, budget: str, printed: str) -> None:
    rate = figures.rate(Decimal(spent), Decimal(budget))
    assert rate is not None
    assert figures.fmt_percent(rate) == printed


def test_rate_of_zero_budget_is_none() -> None:
    assert figures.rate(Decimal(1), Decimal(0)) is None


@pytest.mark.parametrize(
    ("spent", "budget", "stated", "inside"),
    [
        ("4.73", "6.73", "70.26", True),  # -- the seed's rate, computed from 元 --
        ("112.8", "122.3", "92.24", True),
        ("573.49", "573.77", "99.96", False),  # -- no amounts that round to these give 99.96% --
        ("4.73", "6.73", "71", False),
    ],
)
def test_rate_interval(spent: str, budget: str, stated: str, inside: bool) -> None:
    interval = figures.rate_interval(Decimal(spent), Decimal(budget))
    assert interval is not None
    assert (interval[0] <= Decimal(stated) <= interval[1]) is inside


@pytest.mark.parametrize(
    "value", ["0.125", "-0.004", "3040.19", "1E+3", "12.50", "123456789.555", "-7.005", "0", "99.995"]
)
def test_fmt_prints_what_babel_format_decimal_prints(value: str) -> None:
    from babel.numbers import format_decimal

    rounded = figures.round2(Decimal(value))
    assert figures.fmt(Decimal(value)) == format_decimal(rounded if rounded else Decimal(0), "0.##", locale="zh_CN")
