"""Numbering labels made from position: 一、 （一） 1. （1）."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """Return `n` (1–9999) in Chinese numerals: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 105 → 一百零五."""
    if not 1 <= n <= 9999:
        raise ValueError(f"chinese_numeral: {n} is out of range")
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    parts: list[str] = []
    pending_zero = False
    for size, name in units:
        digit, n = divmod(n, size)
        if digit:
            if pending_zero:
                parts.append("零")
                pending_zero = False
            parts.append(_DIGITS[digit] + name)
        elif parts:
            pending_zero = True
    text = "".join(parts)
    # -- 一十二 is written 十二 when it leads --
    return text[1:] if text.startswith("一十") else text


LABELS = {
    "chinese": lambda n: f"{chinese_numeral(n)}、",
    "chinese_paren": lambda n: f"（{chinese_numeral(n)}）",
    "arabic": lambda n: f"{n}.",
    "arabic_paren": lambda n: f"（{n}）",
}
"""Label formats by name: 一、 （一） 1. （1）."""


def label(style: str, n: int) -> str:
    """Return the label of the `n`-th item (from 1) in the format named `style`."""
    return LABELS[style](n)
