"""Numbering labels made from position: 一、 （一） 1. 1、 （1） ①, and which styles are numbered how.

Which paragraph styles are numbered, at which level and in which format is read from the template
itself (see `rules`): a small settings table headed “编号设置”, or else the default rules plus any
style named “编号” followed by a format sample (“编号1、”, “编号①”).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


def circled(n: int) -> str:
    """Return ① … ⑳ … ㊿ for 1–50, and （n） beyond."""
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return f"（{n}）"


LABELS = {
    "chinese": lambda n: f"{chinese_numeral(n)}、",
    "chinese_paren": lambda n: f"（{chinese_numeral(n)}）",
    "arabic": lambda n: f"{n}.",
    "arabic_dun": lambda n: f"{n}、",
    "arabic_paren": lambda n: f"（{n}）",
    "circled": circled,
}
"""Label formats by name: 一、 （一） 1. 1、 （1） ①."""

SAMPLES = {
    "一、": "chinese",
    "（一）": "chinese_paren",
    "1.": "arabic",
    "1、": "arabic_dun",
    "（1）": "arabic_paren",
    "①": "circled",
}
"""Each format as a template writes it (its first label), for the settings table and style names."""


def label(style: str, n: int) -> str:
    """Return the label of the `n`-th item (from 1) in the format named `style` (a name or a sample such as "1、")."""
    return LABELS[SAMPLES.get(style, style)](n)


@dataclass(frozen=True)
class Numbered:
    """How paragraphs of one style are numbered: their `level` (1–4 a heading, 0 a list) and label `format`."""

    level: int
    format: str


DEFAULT_RULES: dict[str, Numbered] = {
    "Heading 1": Numbered(1, "chinese"),
    "Heading 2": Numbered(2, "chinese_paren"),
    "Heading 3": Numbered(3, "arabic"),
    "Heading 4": Numbered(4, "arabic_paren"),
    "编号（一）": Numbered(0, "chinese_paren"),
    "编号1.": Numbered(0, "arabic"),
}
"""The rules of a template without a settings table. A list restarts under each heading."""

SETTINGS_TITLE = "编号设置"
"""The text of the first cell of the settings table; the table is removed from the report."""
SETTINGS_HEADER = ("样式", "级别", "格式")
LIST_LEVEL = "列表"
MAX_LEVEL = 4
_STYLE_NAME = re.compile("编号(" + "|".join(re.escape(s) for s in SAMPLES) + ")")


class SettingProblem(ValueError):
    """Raised when a row of the settings table cannot be understood; the message is Chinese."""


def rules_from_table(rows: Sequence[Sequence[str]]) -> dict[str, Numbered]:
    """Return the rules of a settings table given as its rows of cell texts (the title row first).

    Raise `SettingProblem` naming the row when a level or format is not one the tool knows.
    """
    found: dict[str, Numbered] = {}
    for index, row in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in row] + ["", "", ""]
        style, level, sample = cells[:3]
        if (style, level, sample) == SETTINGS_HEADER or not any((style, level, sample)):
            continue
        if sample not in SAMPLES:
            raise SettingProblem(
                f"“{SETTINGS_TITLE}”表第 {index} 行的格式“{sample}”无法识别；格式应为以下之一：{'、'.join(SAMPLES)}。"
            )
        if level == LIST_LEVEL:
            number = 0
        elif level.isdigit() and 1 <= int(level) <= MAX_LEVEL:
            number = int(level)
        else:
            raise SettingProblem(
                f"“{SETTINGS_TITLE}”表第 {index} 行的级别“{level}”无法识别；标题级别填 1–{MAX_LEVEL}，列表填“{LIST_LEVEL}”。"
            )
        if not style:
            raise SettingProblem(f"“{SETTINGS_TITLE}”表第 {index} 行没有填写样式名。")
        found[style] = Numbered(number, SAMPLES[sample])
    return found


def rules(style_names: Iterable[str], table: Sequence[Sequence[str]] | None = None) -> dict[str, Numbered]:
    """Return the numbering rules of a template with styles `style_names` and settings `table` (or `None`).

    With a table, the table alone decides. Without one: the default rules, plus each style named
    “编号” followed by a format sample (“编号1、” numbers a list 1、 2、 …).
    """
    if table is not None:
        return rules_from_table(table)
    found = dict(DEFAULT_RULES)
    for name in style_names:
        match = _STYLE_NAME.fullmatch(name)
        if match and name not in found:
            found[name] = Numbered(0, SAMPLES[match.group(1)])
    return found


TYPED_LABEL = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[）)]|[\u2460-\u2473])"
)
"""A numbering label typed at the start of a text: 一、 （一） (一) 1. 1、 （1） (1) ①."""


def typed_label(text: str) -> str | None:
    """Return the numbering label typed at the start of `text`, or `None`."""
    match = TYPED_LABEL.match(text)
    return match.group(0).strip() if match else None
