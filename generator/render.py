"""Fill the Word template with the report's data and number its headings and lists.

The template (a .docx a person edits in Word) holds Jinja tags, rendered by docxtpl with
autoescaping and `StrictUndefined` in Jinja's sandbox. Numbering labels (一、 （一） 1. （1）) are then
written into the paragraphs' text from their position, by paragraph style, so they restart correctly
and look the same in Word, WPS and LibreOffice.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from generator import numbering, template_parts, wml
from generator.errors import Finding, GeneratorError, Location
from generator.filters import FILTERS
from generator.models import Para, ReportData
from generator.styles import name_memo, paragraph_styles, style_names
from generator.text import mend

if TYPE_CHECKING:
    # -- python-docx and docxtpl are imported where a document is read or rendered --
    from docx.document import Document
    from docxtpl import DocxTemplate

NUMBERED_STYLES = numbering.DEFAULT_RULES
"""Paragraph styles (by name) numbered when the template has no “编号设置” table (see numbering.rules)."""


class Sections(dict[str, list[str]]):
    """The 正文 sections by name; a section the workbook lacks is empty (the template check decides
    which sections are required: those not guarded by a condition)."""

    def __missing__(self, key: str) -> list[str]:
        return []


class Stats(dict[str, str]):
    """The 统计数据 by name; a name the workbook lacks is "" (false), for a template that guards it with {% if %}."""

    def __missing__(self, key: str) -> str:
        return ""


def _texts(paras: tuple[Para, ...]) -> list[str]:
    return [p.text for p in paras]


def context(report: ReportData) -> dict[str, Any]:
    """Return the names the template uses (listed in docs/template.md) for `report`."""
    return {
        "单位名称": report.unit_name,
        "年度": report.year,
        "全年预算数": report.budget,
        "全年执行数": report.spent,
        "预算执行率": report.rate,
        "部门职能": _texts(report.duties),
        "正文": Sections({name: _texts(paras) for name, paras in report.narrative.items()}),
        "重点工作": [{"标题": s.title, "段落": _texts(s.paragraphs)} for s in report.work],
        "重点项目": [
            {**p.extra, "名称": p.name, "资金来源": p.source, "预算数": p.budget, "支出数": p.spent, "执行率": p.rate}
            for p in report.projects
        ],
        "一级指标": [
            {
                **c.extra,
                "名称": c.name,
                "分值": c.weight,
                "自评分": c.score,
                "扣分原因": [{**d.extra, "原因": d.reason, "扣分": d.points} for d in c.deductions],
                "指标": [
                    {
                        **row.extra,
                        "二级指标": row.level2,
                        "三级指标": row.level3,
                        "分值": row.weight,
                        "自评分": row.score,
                        "扣分原因": [{**d.extra, "原因": d.reason, "扣分": d.points} for d in row.deductions],
                    }
                    for row in c.indicators
                ],
            }
            for c in report.categories
        ],
        "满分": report.total_weight,
        "自评总分": report.total_score,
        "评价等级": report.grade,
        "存在问题": _texts(report.problems),
        "改进措施": _texts(report.measures),
        "自评表": {"目标完成情况": report.goal_status, "未完成原因": report.unfinished_reason},
        "报告日期": report.report_date,
        "统计数据": Stats(report.stats),
    }


def environment() -> jinja2.Environment:
    """Return the Jinja environment templates render in: sandboxed, strict, autoescaping."""
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update({name: function for name, (function, _) in FILTERS.items()})
    return env


def _template_error(template: Path, exc: jinja2.TemplateSyntaxError) -> GeneratorError:
    paragraph = ""
    context_lines = getattr(exc, "docx_context", None)
    if context_lines:
        paragraph = " ".join(line.strip() for line in context_lines if line.strip())[:120]
    msg = f"模板语法错误：{exc.message}。请在 Word 中打开模板修改该段落的标记。"
    finding = Finding("template_syntax", msg, Location(file=str(template), paragraph=paragraph))
    return GeneratorError(f"模板 {template} 有问题", [finding])


def _render_error(template: Path, report: ReportData, exc: Exception) -> GeneratorError:
    """Return the template error for `exc`, raised by a tag while rendering: located by evaluating the
    template's tags with the same data (`template_eval`), or, should that not raise it, naming the template."""
    from generator import template_check, template_eval

    found = template_eval.findings(template_check.inspect(template).skeleton, context(report), str(template))
    return GeneratorError(f"模板 {template} 有问题", found or [template_eval.finding(exc, None, str(template))])


def settings_table(document: Document) -> Any:
    """Return the `w:tbl` of the template's “编号设置” table, or `None`."""
    return template_parts.settings_table(document.element.body, numbering.SETTINGS_TITLE)


def numbering_rules(document: Document) -> dict[str, numbering.Numbered]:
    """Return how `document`'s styles are numbered: its “编号设置” table, or the defaults and style names.

    Raise `numbering.SettingProblem` when the table has a row the tool cannot read.
    """
    table = settings_table(document)
    rows = template_parts.table_rows(table) if table is not None else None
    # -- a style without a name is None, as python-docx gives it (and the rules reject it as they did) --
    return numbering.rules(cast("list[str]", style_names(document)), rows)


def number_paragraphs(document: Document) -> None:
    """Prefix each paragraph of a numbered style with its label, counting from its position.

    The “编号设置” table, if any, is then removed: it configures the template, it is not report text.
    """
    rules = numbering_rules(document)
    table = settings_table(document)
    if table is not None:
        table.getparent().remove(table)
    counters = [0] * (numbering.MAX_LEVEL + 1)
    list_counts: dict[str, int] = {}
    style_of = paragraph_styles(document)
    name_of = name_memo()
    for paragraph in document.paragraphs:
        style = name_of(style_of(paragraph)) or ""
        rule = rules.get(style)
        if rule is None:
            continue
        if rule.level:
            counters[rule.level] += 1
            for deeper in range(rule.level + 1, len(counters)):
                counters[deeper] = 0
            list_counts.clear()
            n = counters[rule.level]
        else:
            list_counts[style] = n = list_counts.get(style, 0) + 1
        _prefix(paragraph, numbering.label(rule.format, n))


def _prefix(paragraph: Any, text: str) -> None:
    """Insert `text` as the paragraph's first run, formatted like the run it precedes."""
    from docx.oxml.ns import qn

    runs = paragraph._p.findall(qn("w:r"))
    if not runs:
        paragraph.add_run(text)
        return
    new = copy.deepcopy(runs[0])
    for child in list(new):
        if child.tag != qn("w:rPr"):
            new.remove(child)
    paragraph_run_text = new.makeelement(qn("w:t"), {})
    paragraph_run_text.text = text
    new.append(paragraph_run_text)
    runs[0].addprevious(new)


_MARKS = ("。，", "。、", "。；", "。：")


def mend_sentences(document: Document) -> None:
    """Drop the 。 of a workbook text printed inside a sentence (no "。，"), in every paragraph and table cell.

    The paragraphs are those of python-docx's `document.paragraphs` and of each top-level table's
    `row.cells` (a merged cell as often as python-docx gives it); only those whose text holds a "。，"
    are then mended through python-docx.
    """
    from docx.text.paragraph import Paragraph

    body = document.element.body
    times: dict[Any, int] = {}
    for child in body:
        if child.tag == wml.P and _may_mend(child):
            times[child] = times.get(child, 0) + 1
    for table in body:
        if table.tag == wml.TBL and any(_may_mend(p) for p in table.iter(wml.P)):
            for p, count in _cell_paragraphs(table):
                if _may_mend(p):
                    times[p] = times.get(p, 0) + count
    for p, count in times.items():
        paragraph = Paragraph(p, document._body)
        for _ in range(count):
            _mend_paragraph(paragraph)


def _may_mend(p: Any) -> bool:
    text = wml.paragraph_text(p)
    return "。" in text and any(mark in text for mark in _MARKS)


def _cell_paragraphs(table: Any) -> Iterator[tuple[Any, int]]:
    """Yield the `w:p` of each cell of `table` and how often python-docx's `row.cells` gives that cell."""
    for tr in table.tr_lst:
        for tc in tr.tc_lst:
            root = tc
            while root.vMerge == "continue":  # -- as python-docx: the cell above holds the content --
                root = root._tc_above
            for p in root.p_lst:
                yield p, root.grid_span


def _mend_paragraph(paragraph: Any) -> None:
    text = paragraph.text  # -- once: python-docx walks every run for it --
    if not any(mark in text for mark in _MARKS):
        return
    runs = [run for run in paragraph.runs if run.text]
    for run, after in zip(runs, [*runs[1:], None], strict=True):
        # -- the workbook's text and the template's "，" after it may sit in two runs --
        mended = mend(run.text + (after.text[:1] if after is not None else ""))
        mended = mended[:-1] if after is not None and mended.endswith(after.text[:1]) else mended
        if mended != run.text:
            run.text = mended


def open_template(template: Path) -> DocxTemplate | None:
    """Return `template` opened by docxtpl, its document read; `None` when python-docx cannot read it
    (the template check says why)."""
    from docxtpl import DocxTemplate

    try:
        opened = DocxTemplate(str(template))
        opened.init_docx()
    except Exception:  # -- python-docx raises many kinds on a file that is not a .docx --
        return None
    return opened


def render(report: ReportData, template: Path, opened: DocxTemplate | None = None) -> Document:
    """Return the report document: `template` (or the `opened` one, not yet rendered) filled with `report`,
    headings and lists numbered."""
    from docxtpl import DocxTemplate

    try:
        doc = opened if opened is not None else DocxTemplate(str(template))
        doc.render(context(report), environment(), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(template, exc) from exc
    except Exception as exc:  # -- whatever a tag raises (÷ 0, a filter given text) is a mistake of the template --
        raise _render_error(template, report, exc) from exc
    document: Document = doc.docx
    mend_sentences(document)
    try:
        number_paragraphs(document)
    except numbering.SettingProblem as exc:
        finding = Finding("template_numbering_setting", str(exc), Location(file=str(template)))
        raise GeneratorError(f"模板 {template} 有问题", [finding]) from exc
    return document
