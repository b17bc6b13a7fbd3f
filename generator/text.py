"""The one text normaliser: every text a workbook cell gives is read through `normalise`.

What the report prints must be what the clerk sees in Excel or WPS. Text can differ from what it looks
like in three ways, each handled here and nowhere else:

- Excel's escapes `_xHHHH_` (how Excel and LibreOffice store a control character) are decoded;
- characters nobody can see (control, right-to-left and zero-width marks) are removed, with a note;
- numbering typed by hand in a list the report numbers itself is removed, with a note.

Names are compared by `key` (NFKC, no white space, case folded), so that two names that look alike
count as the same name. Text itself is never NFKC-normalised: that would turn Chinese full-width
punctuation （，） into ASCII.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")

_NUMERALS = "一二三四五六七八九十百"
NUMBERING = re.compile(
    rf"^\s*(?:"
    rf"[（(]\s*[{_NUMERALS}]+\s*[）)]\s*[、.．]?"  # -- （一） (一) --
    rf"|[{_NUMERALS}]+\s*[、.．]"  # -- 一、 --
    r"|[（(]\s*\d{1,2}\s*[）)]\s*[、.．]?"  # -- （1） (1) --
    r"|\d{1,2}\s*(?:[、．]|\.(?!\d))"  # -- 1、 1. 1． (not 1.5) --
    r"|[①-⑳]"  # -- ① --
    r"|第[一二三四五六七八九十]+[条项点]\s*[、.．：:]?"  # -- 第一条 --
    r")\s*"
)
"""Numbering typed by hand at the start of a list item: （一） 一、 (1) 1. 1、 ① 第一条."""

_SENTENCE_END = re.compile(r"[。．.;；，,、\s]+$")


@dataclass(frozen=True)
class Cleaned:
    """A cell's text as shown, and what was removed to get it (empty strings when nothing was)."""

    text: str
    removed_invisible: str = ""
    removed_numbering: str = ""


def decode_escapes(text: str) -> str:
    """Return `text` with Excel's `_xHHHH_` escapes decoded (`_x005F_` is a literal underscore)."""
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)


def as_text(value: Any) -> str:
    """Return a cell value as the text it shows (numbers without a trailing .0, dates as dates)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    return str(value)


def normalise(value: Any, *, numbered: bool = False) -> Cleaned:
    """Return the text of a cell as a reader sees it.

    Escapes are decoded; control, right-to-left and zero-width characters removed; white space at
    the ends stripped. With `numbered`, numbering typed by hand at the start is removed too.
    """
    if type(value) is str:  # -- the same texts are asked about again and again (blank? shown? a name?) --
        return _normalise_text(value, numbered)
    return _normalise(value, numbered)


@functools.lru_cache(maxsize=4096)
def _normalise_text(text: str, numbered: bool) -> Cleaned:
    return _normalise(text, numbered)


def _normalise(value: Any, numbered: bool) -> Cleaned:
    text = as_text(value)
    invisible = ""
    # -- most cells hold neither an escape nor a character that is not printable (every control and
    #    invisible character is one): for them the answer is the stripped text, found without the regexes --
    if "_x" in text or not text.isprintable():
        text = decode_escapes(text)
        invisible = "".join(_CONTROL.findall(text)) + "".join(_INVISIBLE.findall(text))
        text = _CONTROL.sub("", _INVISIBLE.sub("", text))
    text = text.strip()
    numbering = ""
    if numbered:
        match = NUMBERING.match(text)
        if match and match.end() < len(text):
            numbering = match.group(0).strip()
            text = text[match.end() :].strip()
    return Cleaned(text, invisible, numbering)


def visible(chars: str) -> str:
    """Return the characters `chars` named so a reader can find them: U+200B, U+000B …"""
    names = []
    for ch in dict.fromkeys(chars):
        names.append(f"U+{ord(ch):04X}")
    return "、".join(names)


@functools.lru_cache(maxsize=4096)  # -- the same names are compared again and again --
def key(name: str) -> str:
    """Return the form under which two names count as the same: NFKC, no white space, case folded."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


_DOUBLED = re.compile(r"[。．]+\s*(?=[，、；：,;])")


def mend(text: str) -> str:
    """Return `text` without a full stop right before a comma, enumeration comma, semicolon or colon.

    A workbook text ending in 。 that the template prints inside a sentence would otherwise read "。，".
    """
    return _DOUBLED.sub("", text)


def fragment(text: str) -> str:
    """Return `text` without the sentence punctuation at its end: it is printed inside a sentence."""
    return _SENTENCE_END.sub("", text)


_BRACES = frozenset("{}｛｝")
_FULLWIDTH = re.compile(r"[｛{][｛{]|[｝}][｝}]")
_PLACEHOLDER_SHAPE = re.compile(r"\{\{[^{}]*\}\}")
_LONE = re.compile(r"\{\{|\}\}|\{(?=[^\W_])|(?<=[^\W_])\}")


def brace_problem(text: str) -> str:
    """Return what is wrong with the placeholder braces of `text`, or "" when nothing is.

    A placeholder is `{{名称}}`. Braces typed with a Chinese input method (｛｛ ｝｝) or a brace
    missing (`{{名称}`, `{名称}}`, `{名称}`) would print literally; both are reported instead.
    Other braces (`{%`, a lone `}` after punctuation) are ordinary text.
    """
    if not _BRACES.intersection(text):  # -- most texts have no brace at all --
        return ""
    if any("｛" in m or "｝" in m for m in _FULLWIDTH.findall(text)):
        return "含有全角花括号“｛｛”或“｝｝”（中文输入法输入的）。引用数字请用半角花括号写成 {{名称}}。"
    if _LONE.search(_PLACEHOLDER_SHAPE.sub("", text)):
        return "花括号不成对（少了“{”或“}”）。引用数字请写成 {{名称}}，前后各两个半角花括号。"
    return ""
