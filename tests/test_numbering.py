from __future__ import annotations

import pytest

from generator.numbering import chinese_numeral, label


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
    ],
)
def test_chinese_numeral(n: int, text: str) -> None:
    assert chinese_numeral(n) == text


@pytest.mark.parametrize(
    ("style", "n", "text"),
    [("chinese", 2, "二、"), ("chinese_paren", 9, "（九）"), ("arabic", 11, "11."), ("arabic_paren", 4, "（4）")],
)
def test_label(style: str, n: int, text: str) -> None:
    assert label(style, n) == text


def test_out_of_range() -> None:
    with pytest.raises(ValueError, match="out of range"):
        chinese_numeral(0)
