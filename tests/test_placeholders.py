from __future__ import annotations

import pytest

from generator import placeholders


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("新增就业{{人数}}。", "新增就业311人。"),
        ("{{ 人数 }}", "311人"),
        ("{{人数.数值}}名", "311名"),
        ("{% for x in y %}{{ ''.__class__ }}", "{% for x in y %}{{ ''.__class__ }}"),  # -- literal, never run --
        ("a & b < c", "a & b < c"),
    ],
)
def test_substitute(text: str, printed: str) -> None:
    def lookup(holder: placeholders.Placeholder) -> str:
        assert holder.name == "人数"
        return "311" if holder.number_only else "311人"

    assert placeholders.substitute(text, lookup) == printed


def test_find() -> None:
    assert [(p.name, p.number_only) for p in placeholders.find("{{甲}}与{{ 乙.数值 }}")] == [
        ("甲", False),
        ("乙", True),
    ]
