from __future__ import annotations

import re

import pytest

from generator.numbering import SettingProblem, chinese_numeral, label, rules, typed_label


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


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("一、基本情况", "一、"),
        ("（三）加强管理", "（三）"),
        ("(2)改善环境", "(2)"),
        ("1、统筹", "1、"),
        ("12.推进", "12."),
        ("①健全", "①"),
        ("1.5亿元用于", None),
        ("2022年", None),
        ("一是严格落实", None),
        ("十分重视", None),
    ],
)
def test_typed_label(text: str, typed: str | None) -> None:
    assert typed_label(text) == typed


@pytest.mark.parametrize(
    ("sample", "level", "labels"),
    [("一、", "1", "一、二、"), ("1、", "列表", "1、2、"), ("①", "3", "①②"), ("（1）", "列表", "（1）（2）")],
)
def test_settings_table(sample: str, level: str, labels: str) -> None:
    rules_found = rules([], [["编号设置", "", ""], ["样式", "级别", "格式"], ["某样式", level, sample]])
    rule = rules_found["某样式"]
    assert rule.level == (0 if level == "列表" else int(level))
    assert label(rule.format, 1) + label(rule.format, 2) == labels
    assert "Heading 1" not in rules_found  # -- the table alone decides --


def test_style_names_add_list_formats() -> None:
    found = rules(["编号1、", "编号①", "编号x", "Normal"])
    assert (found["编号1、"].format, found["编号①"].format) == ("arabic_dun", "circled")
    assert "编号x" not in found
    assert found["Heading 3"].format == "arabic"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["Heading 1", "1", "1)"], "格式“1)”无法识别"),
        (["Heading 1", "五", "1、"], "级别“五”无法识别"),
        (["", "1", "1、"], "没有填写样式名"),
    ],
)
def test_settings_table_problems(row: list[str], message: str) -> None:
    with pytest.raises(SettingProblem, match=re.escape(message)):
        rules([], [["编号设置"], row])
