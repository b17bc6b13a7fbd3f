"""The corpus of broken templates: every syntax error and unknown name, each with its paragraph's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import template_check
from tests.workbooks import TEMPLATE, edited_template, findings_of, new_findings

TITLE = "{{ 单位名称 }}{{ 年度 }}年部门整体支出绩效自评报告"
PROJECT = "{{ 项.名称 }}，…"
SCALE = "{{ 年度 }}年本部门全年预算数…"
LEVEL2 = "{{ 行.二级指标 }}"
ORGANISATION = "{%p for 段 in 正文.机构设置 %}"


def P(text: str) -> str:
    """Return how a finding in the template paragraph `text` is located."""
    return f"段落“{text}”"


# fmt: off
CASES = [
    ("unknown_name", {TITLE: "{{ 单位名 }}{{ 年度 }}年报告"}, [("template_undefined", P("{{ 单位名 }}{{ 年度 }}年报告"))]),
    ("unclosed_expression", {TITLE: "{{ 单位名称 }}{{ 年度 }年报告"}, [("template_syntax", P("{{ 单位名称 }}{{ 年度 }年报告"))]),
    ("bad_expression", {TITLE: "{{ 单位名称 + }}年报告"}, [("template_syntax", P("{{ 单位名称 + }}年报告"))]),
    ("unknown_attribute", {PROJECT: "{{ 项.名 }}，预算{{ 项.预算数 }}万元。"}, [("template_undefined", P("{{ 项.名 }}，预算{{ 项.预算数 }}万元。"))]),
    ("unknown_filter", {TITLE: "{{ 单位名称|upperr }}报告"}, [("template_undefined", P("{{ 单位名称|upperr }}报告"))]),
    ("unknown_tag", {TITLE: "{% foo %}报告"}, [("template_syntax", P("{% foo %}报告"))]),
    ("block_unclosed", {TITLE: "{% if 年度 %}{{ 单位名称 }}报告"}, [("template_block_unclosed", P("{% if 年度 %}{{ 单位名称 }}报告"))]),
    ("end_without_start", {TITLE: "{{ 单位名称 }}报告{% endif %}"}, [("template_block_mismatch", P("{{ 单位名称 }}报告{% endif %}"))]),
    ("else_without_if", {TITLE: "{{ 单位名称 }}{% else %}报告"}, [("template_block_mismatch", P("{{ 单位名称 }}{% else %}报告"))]),
    ("end_with_extra", {TITLE: "{% if 年度 %}{{ 单位名称 }}{% endif 年度 %}"}, [("template_syntax", P("{% if 年度 %}{{ 单位名称 }}{% endif 年度 %}"))]),
    ("loop_variable_outside_loop", {TITLE: "{{ 项.名称 }}报告"}, [("template_undefined", P("{{ 项.名称 }}报告"))]),
    ("in_table_cell", {LEVEL2: "{{ 行.二级 }}"}, [("template_undefined", P("{{ 行.二级 }}"))]),
    ("all_of_them", {TITLE: "{{ 单位名 }}报告", SCALE: "全年预算数{{ 全年预算数 }万元", LEVEL2: "{{ 行.二级 }}"}, [("template_undefined", P("{{ 单位名 }}报告")), ("template_syntax", P("全年预算数{{ 全年预算数 }万元")), ("template_undefined", P("{{ 行.二级 }}"))]),
    ("section_not_in_workbook", {ORGANISATION: "{%p for 段 in 正文.机构职责 %}"}, [("section_missing", "正文"), ("section_unused", "正文!A3")]),
]
# fmt: on


@pytest.mark.parametrize(("edits", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_corpus(sample: Path, tmp_path: Path, edits: dict[str, str], expected: list[tuple[str, str]]) -> None:
    template = edited_template(tmp_path, edits)
    assert new_findings(sample, sample, template) == expected


def test_template_findings_name_the_template(sample: Path, tmp_path: Path) -> None:
    template = edited_template(tmp_path, {TITLE: "{{ 单位名 }}报告"})
    [finding] = [f for f in findings_of(sample, template) if f.code.startswith("template")]
    assert finding.loc.file == str(template)
    assert "单位名称" in finding.msg  # -- the nearest name is suggested --


def test_template_not_a_docx(sample: Path, tmp_path: Path) -> None:
    template = tmp_path / "template.docx"
    template.write_text("不是 Word 文档", encoding="utf-8")
    assert new_findings(sample, sample, template) == [("template_unreadable", "")]


def test_shipped_template_is_clean() -> None:
    use = template_check.inspect(TEMPLATE)
    assert use.findings == ()
    assert "机构设置" in use.sections


def test_long_paragraph_is_shortened(tmp_path: Path) -> None:
    template = edited_template(tmp_path, {TITLE: "{{ 未知 }}" + "很长的段落" * 30})
    [finding] = template_check.inspect(template).findings
    assert len(finding.loc.paragraph) == 60
    assert finding.loc.paragraph.endswith("…")


def test_paragraphs_are_read_from_the_package_as_python_docx_reads_them(tmp_path: Path) -> None:
    import re

    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(TEMPLATE))
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "首页页眉 {{ 年度 }}"
    section.header.paragraphs[0].text = "页眉 {{ 单位名称 }}"
    path = tmp_path / "template.docx"
    document.save(str(path))

    reopened = docx.Document(str(path))
    parts = [reopened.part] + [
        part
        for part in reopened.part.package.iter_parts()
        if re.fullmatch(r"/word/(header|footer)\d*\.xml", str(part.partname))
    ]
    expected = [
        "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        for part in parts
        for paragraph in part.element.iter(qn("w:p"))
    ]
    assert "首页页眉 {{ 年度 }}" in expected
    assert template_check.paragraphs(path) == expected
