"""Hostile content: markup characters print as typed, and Jinja typed into a cell is never executed."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from generator import pipeline
from tests.workbooks import TEMPLATE, mutated, put

# fmt: off
TYPED = [
    ("markup", "A&B <c> \"d\" 'e' >"),
    ("jinja_expression", "{{ ''.__class__.__mro__ }}"),
    ("jinja_statement", "{% for x in range(10**9) %}循环{% endfor %}"),
    ("jinja_in_placeholder_shape", "{{ 年度.__class__ }}"),
    ("xml_entity", "&lt;&amp;&#x41;"),
]
# fmt: on


@pytest.mark.parametrize("text", [c[1] for c in TYPED], ids=[c[0] for c in TYPED])
def test_printed_as_typed(sample: Path, tmp_path: Path, text: str) -> None:
    path = mutated(sample, tmp_path, put("正文", "B2", text), put("存在问题", "A2", text))
    output = pipeline.build(path, tmp_path / "out", TEMPLATE).output
    paragraphs = [p.text for p in Document(str(output)).paragraphs]
    assert text in paragraphs
    assert any(p.endswith(text) and p != text for p in paragraphs)  # -- the numbered problem --
