"""The one text normaliser: escapes, invisible characters, hand-typed numbering, braces, names, fragments."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.text import NUMBERING, Cleaned, brace_problem, decode_escapes, fragment, key, mend, normalise
from generator.values import is_blank


# fmt: off
@pytest.mark.parametrize(("typed", "text", "invisible", "numbering"), [
    ("加强_x000B_工作", "加强工作", "\x0b", ""),
    ("变量_x005F_x000B_", "变量_x000B_", "", ""),
    ("\u202e反向", "反向", "\u202e", ""),
    ("零\u200b宽", "零宽", "\u200b", ""),
    ("\ufeff开头", "开头", "\ufeff", ""),
    ("（一）加强", "加强", "", "（一）"),
    ("(二) 加强", "加强", "", "(二)"),
    ("三、加强", "加强", "", "三、"),
    ("1.加强", "加强", "", "1."),
    ("12、加强", "加强", "", "12、"),
    ("（3）加强", "加强", "", "（3）"),
    ("①加强", "加强", "", "①"),
    ("第一条 加强", "加强", "", "第一条"),
    ("1.5万亩", "1.5万亩", "", ""),
    ("一是加强", "一是加强", "", ""),
    ("2022年完成", "2022年完成", "", ""),
    ("（一）", "（一）", "", ""),
])
# fmt: on
def test_normalise(typed: str, text: str, invisible: str, numbering: str) -> None:
    cleaned = normalise(typed, numbered=True)
    assert (cleaned.text, cleaned.removed_invisible, cleaned.removed_numbering) == (text, invisible, numbering)


def test_numbering_kept_where_the_report_does_not_number() -> None:
    assert normalise("1.加强").text == "1.加强"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{{年度}}", False),
        ("{{ 年度.数值 }}", False),
        ("{% for x in y %}", False),
        ("{{年度}", True),
        ("{年度}}", True),
        ("{年度}", True),
        ("｛｛年度｝｝", True),
        ("{{年度｝｝", True),
    ],
)
def test_brace_problem(text: str, problem: bool) -> None:
    assert bool(brace_problem(text)) is problem


def test_key_makes_look_alikes_equal() -> None:
    assert key("项目（一） ") == key("项目(一)") == key("项目 (一)")
    assert key("GDP") == key("ｇｄｐ")


def test_fragment_and_mend() -> None:
    assert fragment("未及时备案。") == "未及时备案"
    assert mend("取得成效。，整体") == "取得成效，整体"
    assert mend("取得成效。整体") == "取得成效。整体"
    assert decode_escapes("_x0041__x4E2D_") == "A中"


_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]"
_INVISIBLE = "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"


def _slow(text: str, numbered: bool) -> Cleaned:
    """`normalise` of a text as it was written before its shortcut: every regex on every text."""
    text = decode_escapes(text)
    invisible = "".join(re.findall(_CONTROL, text)) + "".join(re.findall(_INVISIBLE, text))
    text = re.sub(_CONTROL, "", re.sub(_INVISIBLE, "", text)).strip()
    numbering = ""
    match = NUMBERING.match(text) if numbered else None
    if match and match.end() < len(text):
        numbering, text = match.group(0).strip(), text[match.end() :].strip()
    return Cleaned(text, invisible, numbering)


_PIECES = st.sampled_from(["_x000D_", "_x005F_", "_x4E00_", "\u200b", "\x07", "\ufeff", "\u3000", " ", "\t", "（一）", "1."])


@given(st.lists(st.one_of(st.text(max_size=4), _PIECES), max_size=6).map("".join), st.booleans())
def test_normalise_shortcut_gives_the_same(text: str, numbered: bool) -> None:
    assert normalise(text, numbered=numbered) == _slow(text, numbered)
    assert is_blank(text) == (not _slow(text, False).text)
