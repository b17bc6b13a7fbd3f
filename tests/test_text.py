"""The one text normaliser: escapes, invisible characters, hand-typed numbering, braces, names, fragments."""

from __future__ import annotations

import pytest

from generator.text import brace_problem, decode_escapes, fragment, key, mend, normalise


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
