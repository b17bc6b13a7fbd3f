"""What a number cell shows for its number format, as Excel and WPS display it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.display import cell_text, display_text, is_date_format, shown


# fmt: off
@pytest.mark.parametrize(("value", "fmt", "number", "exact", "percent", "unit"), [
    ("570.456", "General", "570.456", True, False, ""),
    ("570.456", "0.00", "570.46", False, False, ""),
    ("570.45", "0.00", "570.45", True, False, ""),
    ("570.45", "0.0", "570.5", False, False, ""),
    ("570.45", "0", "570", False, False, ""),
    ("1234.5", "#,##0.00", "1234.50", True, False, ""),
    ("1234567", "0.00,", "1234.57", False, False, ""),
    ("0.54", "0%", "54", True, True, ""),
    ("0.9224", "0.00%", "92.24", True, True, ""),
    ("92.24", "0.00%", "9224.00", True, True, ""),
    ("570.45", '0.00"万元"', "570.45", True, False, "万元"),
    ("-5", "0.00;[Red]-0.00", "-5.00", True, False, ""),
    ("0", '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "0", True, False, "-"),
])
# fmt: on
def test_shown(value: str, fmt: str, number: str, exact: bool, percent: bool, unit: str) -> None:
    view = shown(Decimal(value), fmt)
    assert (view.number, view.exact, view.percent, view.unit) == (Decimal(number), exact, percent, unit)


@pytest.mark.parametrize(
    ("fmt", "date"),
    [("yyyy-mm-dd", True), ('yyyy"年"m"月"d"日"', True), ("[$-804]yyyy/m/d", True), ("0.00", False), ("General", False)],
)
def test_is_date_format(fmt: str, date: bool) -> None:
    assert is_date_format(fmt) is date


def test_display_text() -> None:
    assert display_text(0.54, "0%") == "54%"
    assert display_text(570.456, "0.0") == "570.5"
    assert display_text(570.45, "General") is None


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (0.95, "0%", "95%"),
        (98.74, "0.00%", "9874.00%"),
        (122.3, "0.00", "122.30"),
        (95.0, "General", "95"),
        (0.9874, "General", "0.9874"),
        (-5, "General", "-5"),
        (3500, '0.00"万元"', "3500.00万元"),
        ("95%", "General", "95%"),
        (True, "General", "TRUE"),
        (1e28, "General", "10000000000000000000000000000"),
    ],
)
def test_cell_text_is_what_the_cell_shows(value: object, fmt: str, text: str) -> None:
    assert cell_text(value, fmt) == text


def test_cell_text_leaves_dates_alone() -> None:
    assert cell_text(45016, "yyyy-mm-dd") is None
