"""Reading what people type: amounts as text, full-width digits, units, percents, dates; never a silent 0."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator.schema import Kind
from generator.values import Unit, ValueProblem, clean_text, is_blank, parse

D = Decimal

# fmt: off
READ = [
    ("1,234.56", Kind.AMOUNT, "General", D("1234.56")),
    (" 96.95% ", Kind.PERCENT, "General", D("96.95")),
    ("９６.９５％", Kind.PERCENT, "General", D("96.95")),
    ("１２３．４５", Kind.AMOUNT, "General", D("123.45")),
    ("570.45万元", Kind.AMOUNT, "General", D("570.45")),
    ("570.45 万", Kind.AMOUNT, "General", D("570.45")),
    ("1，234.5", Kind.AMOUNT, "General", D("1234.5")),
    ("-3", Kind.AMOUNT, "General", D("-3")),
    (".5", Kind.NUMBER, "General", D("0.5")),
    ("9.69分", Kind.NUMBER, "General", D("9.69")),
    (0.9224, Kind.PERCENT, "0.00%", D("92.24")),
    (92.24, Kind.PERCENT, "General", D("92.24")),
    (3040.19, Kind.AMOUNT, "General", D("3040.19")),
    (0.1, Kind.AMOUNT, "General", D("0.1")),
    (2022, Kind.INT, "General", 2022),
    (2022.0, Kind.INT, "General", 2022),
    ("2022", Kind.INT, "General", 2022),
    ("2023-03-31", Kind.DATE, "General", dt.date(2023, 3, 31)),
    ("2023年3月31日", Kind.DATE, "General", dt.date(2023, 3, 31)),
    ("2023/3/31", Kind.DATE, "General", dt.date(2023, 3, 31)),
    (dt.datetime(2023, 3, 31, 12), Kind.DATE, "General", dt.date(2023, 3, 31)),
    ("  正文  ", Kind.TEXT, "General", "正文"),
]

REFUSED = [
    ("约 300", Kind.AMOUNT, "不能含有文字"),
    ("1.2.3", Kind.AMOUNT, "多个小数点"),
    ("12,34", Kind.AMOUNT, "应填写一个数字"),
    ("1e5", Kind.AMOUNT, "应填写一个数字"),
    ("30401900元", Kind.AMOUNT, "万元"),
    ("96.95%", Kind.AMOUNT, "以“万元”计的数字"),
    ("570万元", Kind.PERCENT, "请填写百分比"),
    ("2022.5", Kind.INT, "整数"),
    ("明年", Kind.DATE, "日期"),
    ("2023-02-30", Kind.DATE, "日期"),
    (True, Kind.NUMBER, "数字"),
    (dt.date(2023, 1, 1), Kind.AMOUNT, "数字"),
    (dt.time(12, 0), Kind.AMOUNT, "数字"),
    (float("nan"), Kind.NUMBER, "数字"),
    (float("-inf"), Kind.NUMBER, "数字"),
    (10**13, Kind.AMOUNT, "大得不合常理"),
    ("-1000000000000", Kind.NUMBER, "大得不合常理"),
]
# fmt: on


@pytest.mark.parametrize(("value", "kind", "number_format", "expected"), READ)
def test_read(value: object, kind: Kind, number_format: str, expected: object) -> None:
    result = parse(value, kind, number_format)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(("value", "kind", "words"), REFUSED)
def test_refused(value: object, kind: Kind, words: str) -> None:
    with pytest.raises(ValueProblem, match=words):
        parse(value, kind)


@pytest.mark.parametrize(("value", "blank"), [(None, True), ("", True), ("  \t", True), ("0", False), (0, False)])
def test_blank_is_not_zero(value: object, blank: bool) -> None:
    assert is_blank(value) is blank


@pytest.mark.parametrize(
    ("value", "text", "removed"),
    [("残\x07疾人", "残疾人", True), ("A&B<c>", "A&B<c>", False), (12.0, "12", False), ("a\ufffeb", "ab", True)],
)
def test_clean_text(value: object, text: str, removed: bool) -> None:
    assert clean_text(value) == (text, removed)


@pytest.mark.parametrize(
    ("value", "example"),
    [("1.78万", "例如 17800"), ("１．７８ 万", "例如 17800"), ("2,000万", "例如 20000000"), ("12.5万元", "例如 12.5")],
)
def test_wan_in_a_plain_number_is_never_dropped(value: str, example: str) -> None:
    # -- “1.78万” in a statistic of 人 would read as 1.78: refused, with the number to type --
    with pytest.raises(ValueProblem) as caught:
        parse(value, Kind.NUMBER)
    assert caught.value.code == "number_with_unit"
    assert example in str(caught.value)


@pytest.mark.parametrize(
    ("value", "unit", "code", "words"),
    [
        ("95%", Unit("人", "C2"), "unit_mismatch", "报告会印成“95人”"),
        ("12人", Unit("%", "C2"), "unit_mismatch", "请把 C2 改为“人”"),
        ("3元", Unit("万元", "C2"), "unit_mismatch", "本行“单位”（C2）是“万元”"),
        ("95%", Unit("", "C2"), "unit_mismatch", "本行“单位”（C2）是空的"),
        ("3万元", Unit("元", "C2"), "number_with_unit", "例如 30000"),
        ("1.78万人", Unit("人", "C2"), "number_with_unit", "例如 17800"),
        ("1.78万", Unit("", "C2"), "number_with_unit", "请填写纯数字（例如 17800）"),
        ("95%", Unit("分"), "unit_mismatch", "本列以“分”为单位"),
    ],
)
def test_a_unit_that_contradicts_the_declared_one_names_both(value: str, unit: Unit, code: str, words: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse(value, Kind.NUMBER, unit=unit)
    assert caught.value.code == code
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("value", "number_format", "unit", "expected"),
    [
        ("311人", "General", Unit("人", "C2"), D(311)),
        ("96.93%", "General", Unit("%", "C2"), D("96.93")),
        (0.9693, "0.00%", Unit("%", "C2"), D("96.93")),
        ("1.78万", "General", Unit("万亩", "C2"), D("1.78")),
        (311, '0"人"', Unit("人", "C2"), D(311)),
        ("9.5分", "General", Unit("分"), D("9.5")),
    ],
)
def test_a_unit_that_agrees_is_read(value: object, number_format: str, unit: Unit, expected: Decimal) -> None:
    assert parse(value, Kind.NUMBER, number_format, unit) == expected
