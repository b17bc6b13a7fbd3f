"""generator/template_eval.py: template mistakes that show only with real values, found by `check`, located."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import pipeline, template_check, template_eval
from generator.aggregate import aggregate
from generator.errors import GeneratorError
from generator.render import context, render
from tests.workbooks import edited_template, findings_of, new_findings

TITLE = "{{ 单位名称 }}{{ 年度 }}年部门整体支出绩效自评报告"
PROJECT = "{{ 项.名称 }}，…"
SCALE = "{{ 年度 }}年本部门全年预算数…"


def P(text: str) -> str:
    return f"段落“{text}”"


# fmt: off
CASES = [
    ("division_by_zero", {TITLE: "{{ 单位名称 }}{{ 全年预算数 / 0 }}"}, [("template_division_by_zero", P("{{ 单位名称 }}{{ 全年预算数 / 0 }}"))]),
    ("number_filter_on_a_name", {TITLE: "{{ 单位名称|万元 }}"}, [("template_not_a_number", P("{{ 单位名称|万元 }}"))]),
    ("number_filter_on_paragraphs", {TITLE: "{{ 部门职能|万元 }}"}, [("template_not_a_number", P("{{ 部门职能|万元 }}"))]),
    ("total_of_a_text_column", {TITLE: "{{ 重点项目|合计('名称') }}"}, [("template_not_a_number", P("{{ 重点项目|合计('名称') }}"))]),
    ("date_filter_on_the_year", {TITLE: "{{ 报告日期|中文日期 }}{{ 年度|中文日期 }}"}, [("template_not_a_date", P("{{ 报告日期|中文日期 }}{{ 年度|中文日期 }}"))]),
    ("text_minus_a_number", {TITLE: "{{ 单位名称 - 1 }}"}, [("template_cannot_compute", P("{{ 单位名称 - 1 }}"))]),
    ("in_a_loop_once", {PROJECT: "{{ 项.名称 }}，{{ 项.名称|百分比 }}"}, [("template_not_a_number", P("{{ 项.名称 }}，{{ 项.名称|百分比 }}"))]),
    ("every_one_in_one_pass", {TITLE: "{{ 全年预算数 / 0 }}", SCALE: "{{ 单位名称|分 }}"}, [("template_division_by_zero", P("{{ 全年预算数 / 0 }}")), ("template_not_a_number", P("{{ 单位名称|分 }}"))]),
    ("an_untaken_branch_is_not_evaluated", {TITLE: "{% if 全年预算数 < 0 %}{{ 单位名称|万元 }}{% endif %}{{ 单位名称 }}"}, []),
    ("a_guarded_division", {TITLE: "{{ 单位名称 }}{% if 全年预算数 %}{{ 全年执行数 / 全年预算数 * 100 }}{% endif %}"}, []),
]
# fmt: on


@pytest.mark.parametrize(("edits", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check_finds_what_only_rendering_shows(
    sample: Path, tmp_path: Path, edits: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    template = edited_template(tmp_path, edits)
    assert template_check.inspect(template).findings == ()  # -- the shape of the data cannot tell --
    assert new_findings(sample, sample, template) == expected


ENGLISH = re.compile(r"[A-Za-z]{3,}")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{{ 全年预算数 / 0 }}", "除以零"),
        ("{{ 单位名称|万元 }}", "只能用在数字"),
        ("{{ 部门职能|万元 }}", "一组内容（"),
        ("{{ 重点项目|合计('名称') }}", "改为对数字一栏求和"),
        ("{{ 年度|中文日期 }}", "只能用在日期上，这里给它的是数字"),
        ("{{ 单位名称 - 1 }}", "只有数字之间可以加减乘除"),
    ],
)
def test_messages_are_chinese_name_the_tag_and_say_what_to_change(
    sample: Path, tmp_path: Path, text: str, says: str
) -> None:
    template = edited_template(tmp_path, {TITLE: text})
    [finding] = [f for f in findings_of(sample, template) if f.is_error]
    assert finding.loc.file == str(template)  # -- the template's mistake, not the workbook's --
    assert finding.loc.paragraph == text
    assert text in finding.msg
    assert says in finding.msg
    assert "在 Word 中打开模板" in finding.msg
    prose = re.sub(r"\{[{%].*?[}%]\}|Word|docs/template\.md", "", finding.msg)  # -- the tags it quotes --
    assert not ENGLISH.search(prose), prose  # -- no exception name, no Python value --
    assert "['" not in finding.msg
    assert "<class" not in finding.msg


def test_build_of_such_a_template_blames_the_template_and_writes_nothing(sample: Path, tmp_path: Path) -> None:
    template = edited_template(tmp_path, {TITLE: "{{ 全年预算数 / 0 }}"})
    with pytest.raises(GeneratorError) as exc:
        pipeline.build(sample, tmp_path / "out", template)
    assert exc.value.title.startswith(f"模板 {template} 有问题")
    assert [f.code for f in exc.value.findings if f.is_error] == ["template_division_by_zero"]
    assert not (tmp_path / "out").exists()


def test_render_itself_locates_what_a_tag_raises(sample: Path, tmp_path: Path) -> None:
    # -- the render's own net, for whatever the check let through: located by the same evaluation --
    template = edited_template(tmp_path, {TITLE: "{{ 单位名称|万元 }}"})
    report = aggregate(pipeline.check(sample))  # -- with the shipped template: no check of this one --
    with pytest.raises(GeneratorError) as exc:
        render(report, template)
    [finding] = exc.value.findings
    assert (finding.code, finding.loc.file, finding.loc.paragraph) == (
        "template_not_a_number",
        str(template),
        "{{ 单位名称|万元 }}",
    )


def test_an_unlocated_failure_still_names_the_template() -> None:
    finding = template_eval.finding(RuntimeError("boom"), None, "模板.docx")
    assert (finding.code, finding.loc.file) == ("template_error", "模板.docx")
    assert "boom" not in finding.msg
    assert "RuntimeError" not in finding.msg


def test_skeleton_reads_tags_as_docxtpl_does(sample: Path) -> None:
    skeleton = template_eval.skeleton(
        [
            ("{%p for 条 in 存在问题 %}", "{%p for 条 in 存在问题 %}", "{% for 条 in 存在问题 %}"),
            ("{{ 条 }}", "{{ 条 }}", "{{ 条 }}"),
            ("“", "{{ 重点项目|合计(“预算数”) }}", "{{ 重点项目|合计(“预算数”) }}"),  # -- Word's curly quotes --
            ("{%p endfor %}", "{%p endfor %}", "{% endfor %}"),
        ]
    )
    # -- a plain {{ name }} cannot raise: left out, as a plain loop around nothing else (check stays fast) --
    assert [t.source for t in skeleton.tags] == [
        "{% for 条 in 存在问题 %}",
        '{{ 重点项目|合计("预算数") }}',
        "{% endfor %}",
    ]
    plain = template_eval.skeleton(
        [
            ("段", "{%p for 条 in 存在问题 %}", "{% for 条 in 存在问题 %}"),
            ("段", "{{ 条 }}", "{{ 条 }}"),
            ("段", "{%p endfor %}", "{% endfor %}"),
        ]
    )
    assert plain.tags == ()
    ctx = context(aggregate(pipeline.check(sample)))
    assert template_eval.findings(skeleton, ctx, "t.docx") == []
    broken = template_eval.skeleton([("段", "{{ 条|万元 }}", "{{ 单位名称|万元 }}")])
    [finding] = template_eval.findings(broken, ctx, "t.docx")
    assert (finding.loc.paragraph, finding.input) == ("段", "{{ 条|万元 }}")
