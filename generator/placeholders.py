"""Placeholders in workbook text: `{{名称}}` prints a named figure with its unit, `{{名称.数值}}` the number.

Workbook text is never run as a template: only this one pattern is replaced, and everything else,
`{% … %}` and other braces included, stays literal text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>[^{}.\s]+?)\s*(?:\.\s*(?P<attr>数值)\s*)?\}\}")
"""`{{ 名称 }}` or `{{ 名称.数值 }}`; spaces inside the braces are allowed."""


@dataclass(frozen=True)
class Placeholder:
    """One placeholder found in a text."""

    name: str
    number_only: bool
    source: str


Lookup = Callable[[Placeholder], str]
"""Prints one placeholder."""


def find(text: str) -> Iterator[Placeholder]:
    """Yield the placeholders of `text` in order."""
    for match in PLACEHOLDER.finditer(text):
        yield Placeholder(match["name"], match["attr"] is not None, match.group(0))


def substitute(text: str, lookup: Lookup) -> str:
    """Return `text` with each placeholder replaced by `lookup(placeholder)`."""
    return PLACEHOLDER.sub(lambda m: lookup(Placeholder(m["name"], m["attr"] is not None, m.group(0))), text)


COMPUTED = ("单位名称", "年度", "全年预算数", "全年执行数", "预算执行率", "自评总分", "评价等级")
"""Names of the computed figures that workbook text may cite besides the 统计数据 sheet."""
