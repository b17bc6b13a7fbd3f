"""The corpus of broken templates: every syntax error and unknown name, each with its paragraph's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import template_check
from generator.render import context, environment
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
    # -- the mistakes that used to pass silently and change the output --
    ("plain_for_across_paragraphs", {ORGANISATION: "{% for 段 in 正文.机构设置 %}"}, [("template_loop_across_paragraphs", P("{% for 段 in 正文.机构设置 %}"))]),
    ("text_beside_p_tag", {ORGANISATION: "机构设置如下：{%p for 段 in 正文.机构设置 %}"}, [("template_text_beside_p_tag", P("机构设置如下：{%p for 段 in 正文.机构设置 %}"))]),
    ("full_width_braces", {TITLE: "｛｛ 单位名称 ｝｝{{ 年度 }}年报告"}, [("template_fullwidth_braces", P("｛｛ 单位名称 ｝｝{{ 年度 }}年报告"))]),
    ("tr_outside_table", {ORGANISATION: "{%tr for 段 in 正文.机构设置 %}"}, [("template_tr_outside_table", P("{%tr for 段 in 正文.机构设置 %}"))]),
    ("float_arithmetic", {PROJECT: "{{ 项.名称 }}结余{{ 项.预算数|float - 项.支出数|float }}万元。"}, [("template_float", P("{{ 项.名称 }}结余{{ 项.预算数|float - 项.支出数|float }}万元。"))] * 2),
    ("int_filter", {TITLE: "{{ 单位名称 }}{{ 全年预算数|int }}"}, [("template_float", P("{{ 单位名称 }}{{ 全年预算数|int }}"))]),
    ("typed_number_in_heading", {"基本情况": "一、基本情况"}, [("template_numbering_typed", P("一、基本情况"))]),
    ("statistic_not_in_workbook", {TITLE: "{{ 单位名称 }}{{ 统计数据.没有这个数 }}"}, [("stat_missing", "统计数据")]),
    ("guarded_statistic_is_optional", {TITLE: "{{ 单位名称 }}{% if 统计数据.没有这个数 %}{{ 统计数据.没有这个数 }}{% endif %}"}, []),
    ("extra_column_not_in_workbook", {LEVEL2: "{{ 行.指标解释 }}"}, [("template_undefined", P("{{ 行.指标解释 }}"))]),
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


def test_did_you_mean_lists_every_close_name_with_its_meaning(sample: Path, tmp_path: Path) -> None:
    template = edited_template(tmp_path, {SCALE: "{{ 年度 }}年全年支出数{{ 全年支出数 }}万元。"})
    [finding] = [f for f in findings_of(sample, template) if f.code == "template_undefined"]
    assert "全年预算数”（部门全年预算数" in finding.msg
    assert "全年执行数”（部门全年执行数，即支出" in finding.msg
    assert "是否应为" not in finding.msg  # -- never one pick: the wrong figure would print --


def test_tr_outside_table_is_chinese(sample: Path, tmp_path: Path) -> None:
    template = edited_template(tmp_path, {ORGANISATION: "{%tr for 段 in 正文.机构设置 %}"})
    [finding] = template_check.inspect(template).findings
    assert "只能写在表格的单元格中" in finding.msg


def test_plain_tags_in_one_paragraph_are_fine(tmp_path: Path) -> None:
    template = edited_template(tmp_path, {TITLE: "{% if 年度 %}{{ 单位名称 }}{% else %}无{% endif %}报告"})
    assert template_check.inspect(template).findings == ()


def checked(*texts: str) -> list[tuple[str, str]]:
    """Return (code, paragraph) of the findings of a template made of the paragraphs `texts`."""
    checker = template_check._Checker(TEMPLATE, environment(), context(template_check._dummy_report()))
    for text in texts:
        checker.paragraph_text(text)
    checker.finish()
    return [(f.code, f.loc.paragraph) for f in checker.findings]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            ["{%p if 年度 %}", "有", "{% else %}", "无", "{%p endif %}"],
            [("template_loop_across_paragraphs", "{% else %}")],
        ),
        (
            ["{%p for 条 in 存在问题 %}", "{{ 条 }}", "{% endfor %}"],
            [("template_loop_across_paragraphs", "{% endfor %}")],
        ),
        (["{% if 年度 %}", "有", "{%p endif %}"], [("template_loop_across_paragraphs", "{% if 年度 %}")]),
        (["{%p if 年度 %}", "有{% if 单位名称 %}名{% endif %}", "{%p endif %}"], []),
        (["{%p for 条 in 存在问题 %}", "{{ 条 }}", "{%p endfor %}"], []),
    ],
)
def test_plain_tags_across_paragraphs(texts: list[str], expected: list[tuple[str, str]]) -> None:
    assert checked(*texts) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{{ 全年预算数|float }}", "template_float"),
        ("{{ (全年预算数 - 全年执行数)|round(2) }}", "template_float"),
        ("{{ 全年预算数 - 全年执行数 }}", None),
        ("{{ 全年预算数|万元 }}{{ 预算执行率|数值 }}{{ 自评总分|分 }}{{ 报告日期|中文日期 }}", None),
        ("{{ 重点项目|合计('预算数') }}{{ (全年执行数 / 全年预算数 * 100)|四舍五入(1) }}", None),
        ("{{ 统计数据.服务人次 }}{{ 统计数据.服务人次.数值 }}", None),
        ("｛% if 年度 %｝", "template_fullwidth_braces"),
        ("{｛ 年度 }}", "template_fullwidth_braces"),
        ("{%tc for 条 in 存在问题 %}{%tc endfor %}", "template_tr_outside_table"),
    ],
)
def test_single_paragraph(text: str, code: str | None) -> None:
    assert [c for c, _ in checked(text)][:1] == ([code] if code else [])


def test_numbering_setting_row_is_checked(tmp_path: Path) -> None:
    from docx import Document

    document = Document(str(TEMPLATE))
    table = document.add_table(rows=3, cols=3)
    for row, texts in zip(
        table.rows, [("编号设置", "", ""), ("样式", "级别", "格式"), ("Heading 1", "1", "一)")], strict=True
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    path = tmp_path / "template.docx"
    document.save(str(path))
    [finding] = template_check.inspect(path).findings
    assert (finding.code, finding.loc.paragraph) == ("template_numbering_setting", "编号设置")
    assert "第 3 行的格式“一)”无法识别" in finding.msg
