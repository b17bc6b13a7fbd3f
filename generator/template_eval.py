"""Evaluate the template's tags with one workbook's data: the mistakes that show only when a report is rendered.

The template check (`template_check`) reads every tag against the shape of the data, so it cannot know
that `{{ 全年预算数 / 0 }}` divides by zero, that `{{ 单位名称|万元 }}` gives a filter for figures a
name, or that `{{ 年度|中文日期 }}` gives a date filter a year. Those fail only with real values, and
when they failed inside docxtpl the user saw an internal error blaming the workbook.

Here the tags alone, in the template's order, one a line, make a small Jinja template (the "skeleton":
no XML, no text between the tags), rendered in the report's own environment with the report's own
context, so that loops run once per item and only the branches a report takes are evaluated, as in the
render. A tag that raises is located by the template line of the traceback, which is the line of that
tag: its paragraph and the tag as the maintainer wrote it. The failing output tag is then dropped and
the skeleton rendered again, so that one pass lists every such tag (up to `MAX_FINDINGS`).

`check` runs this for each workbook once its data is valid (`pipeline.check`); a build renders only after
that check, and `render.render` uses it again to locate anything the render itself raises. Neither
imports python-docx nor docxtpl.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from generator.errors import Finding, Location, Severity
from generator.filters import Figure, NotANumber

MAX_FINDINGS = 20
"""Tags reported at most in one pass (each needs one more render of the skeleton)."""
_TEMPLATE_FILE = "<template>"
"""The file name Jinja gives a template made from a string, in the frames of a traceback."""
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
"""docxtpl turns Word's curly quotes inside a tag into straight ones before Jinja reads it."""
_NUMBER_FILTERS = "|万元、|百分比、|分、|数值、|四舍五入、|合计"
CODES = {
    "number": "template_not_a_number",
    "date": "template_not_a_date",
    "zero": "template_division_by_zero",
    "undefined": "template_undefined",
    "compute": "template_cannot_compute",
    "other": "template_error",
}
"""The finding code of each kind of failure, by the kind `_why` gives."""
_DOCS = "可用的名称和过滤器见 docs/template.md。"


@dataclass(frozen=True)
class Tag:
    """One tag of the template: the paragraph it sits in, as written, and as Jinja reads it."""

    paragraph: str
    shown: str
    source: str


@dataclass(frozen=True)
class Skeleton:
    """The template's tags, one a line (line n + 1 is `tags[n]`)."""

    tags: tuple[Tag, ...]

    def source(self, dropped: frozenset[int] = frozenset()) -> str:
        return "\n".join("" if n in dropped else tag.source for n, tag in enumerate(self.tags))


_COMPILED: dict[str, jinja2.Template | None] = {}
"""Each skeleton compiled once per process (a batch checks many workbooks with one template)."""


def _compiled(source: str) -> jinja2.Template | None:
    if source not in _COMPILED:
        from generator.render import environment

        try:
            _COMPILED[source] = environment().from_string(source)
        except jinja2.TemplateSyntaxError:  # -- the template check reports the syntax, located --
            _COMPILED[source] = None
    return _COMPILED[source]


def _line(exc: BaseException) -> int | None:
    """Return the skeleton's line being rendered when `exc` was raised (Jinja puts it in the traceback)."""
    lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == _TEMPLATE_FILE]
    return lines[-1] if lines and lines[-1] is not None else None


def findings(skeleton: Skeleton, context: Mapping[str, Any], template: str) -> list[Finding]:
    """Return a template error for each tag of `skeleton` that cannot be rendered with `context`, located."""
    found: list[Finding] = []
    dropped: set[int] = set()
    while len(found) < MAX_FINDINGS:
        compiled = _compiled(skeleton.source(frozenset(dropped)))
        if compiled is None:
            return found
        try:
            compiled.render(context)
            return found
        except Exception as exc:  # -- whatever a tag raises is a mistake of the template, said in Chinese --
            line = _line(exc)
            tag = skeleton.tags[line - 1] if line is not None and 0 < line <= len(skeleton.tags) else None
            found.append(finding(exc, tag, template))
            if tag is None or not tag.source.startswith("{{") or line is None:
                return found  # -- a block's tag: what follows depends on it --
            dropped.add(line - 1)
    return found


def finding(exc: BaseException, tag: Tag | None, template: str) -> Finding:
    """Return the template error for `exc`, raised while rendering `tag` (None: not known which)."""
    shown = tag.shown if tag is not None else "模板中的一个标记"
    code, why = _why(exc, shown)
    loc = Location(file=template, paragraph=_short(tag.paragraph) if tag is not None else "")
    return Finding(code, f"模板标记 {shown} 无法填充：{why}", loc, Severity.ERROR, tag.shown if tag else None)


def _why(exc: BaseException, shown: str) -> tuple[str, str]:
    """Return the code and the Chinese sentences saying why `exc` was raised and what to change."""
    if isinstance(exc, NotANumber):
        given = describe(exc.value)
        if exc.expects == "日期":
            return (
                CODES["date"],
                f"过滤器“{exc.filter_name}”只能用在日期上，这里给它的是{given}。请在 Word 中打开模板，把它用在日期上，"
                f"如 {{{{ 报告日期|{exc.filter_name} }}}}；年度是数字，直接写 {{{{ 年度 }}}}年。{_DOCS}",
            )
        if exc.attribute is not None:
            return (
                CODES["number"],
                f"“合计('{exc.attribute}')”把每一项的“{exc.attribute}”相加，而这里的“{exc.attribute}”是{given}，不是数字。"
                f"请在 Word 中打开模板，改为对数字一栏求和，如 重点项目|合计('预算数')。{_DOCS}",
            )
        return (
            CODES["number"],
            f"过滤器“{exc.filter_name}”只能用在数字（金额、执行率、分数、统计数值）上，这里给它的是{given}。"
            f"请在 Word 中打开模板，去掉这个过滤器（文字直接写 {{{{ 名称 }}}}），或把它用在数字上"
            f"（数字过滤器：{_NUMBER_FILTERS}）。{_DOCS}",
        )
    if isinstance(exc, ZeroDivisionError):  # -- decimal.DivisionByZero and DivisionUndefined too --
        return (
            CODES["zero"],
            "算式除以零（这个工作簿中除号后面的数是 0）。请在 Word 中打开模板改正这个算式；除数可能为零时，"
            "用 {% if 除数 %} … {% endif %} 把它包住，只在不为零时印出。",
        )
    if isinstance(exc, jinja2.UndefinedError):
        return (
            CODES["undefined"],
            "用到了这个工作簿的数据中没有的名称或项。请在 Word 中打开模板检查名称的写法；只有部分工作簿才有的内容，"
            f"请用 {{% if … %}} 包住。{_DOCS}",
        )
    if isinstance(exc, TypeError | ArithmeticError | ValueError):
        return (
            CODES["compute"],
            "算式中有不能这样计算的值（例如文字与数字相加减，或对一组内容做算术）。请在 Word 中打开模板检查这个标记："
            f"只有数字之间可以加减乘除（见 docs/template.md“数字与过滤器”）。{_DOCS}",
        )
    return (
        CODES["other"],
        "程序在计算这个标记时出错。请在 Word 中打开模板检查这个标记的写法（见 docs/template.md）；"
        "若看不出问题，请把模板和工作簿发给维护者。",
    )


def describe(value: Any) -> str:
    """Return what `value` is, in a few Chinese words, never a Python dump: 文字“…”, 数字 12.5, 一组内容（5 项）."""
    if isinstance(value, Figure):
        return f"数字 {value}"
    if isinstance(value, bool):
        return "是/否的判断结果"
    if isinstance(value, int | float):
        return f"数字 {value}"
    if isinstance(value, dt.date):
        return f"日期 {value.year}年{value.month}月{value.day}日"
    if isinstance(value, str):
        return f"文字“{_short(value, 20)}”" if value else "空的文字"
    if isinstance(value, Mapping):
        return "一组有名称的内容（如一个项目的各栏）"
    if isinstance(value, Sequence):
        return f"一组内容（{len(value)} 项，如多个段落或项目）"
    return "不是数字的内容"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_PLAIN_OUTPUT = re.compile(r"\{\{-?\s*[\w.]+\s*-?\}\}")
"""`{{ 项.名称 }}`: a name looked up, nothing computed; whether it exists is the template check's (`template_undefined`)."""
_PLAIN_OPENING = re.compile(r"\{%-?\s*(?:for\s+[\w, ]+\s+in\s+[\w.]+|if\s+(?:not\s+)?[\w.]+)\s*-?%\}")
_END = re.compile(r"\{%-?\s*end(?:for|if)\s*-?%\}")


def skeleton(tags: Sequence[tuple[str, str, str]]) -> Skeleton:
    """Return the skeleton of `tags`: (paragraph, the tag as written, the tag as Jinja reads it), in order.

    Only what can raise is kept, to spare `check` compiling the rest (Jinja compiles each tag to Python):
    a plain `{{ name.attribute }}` is left out, and then a plain `{% for x in name %}` or `{% if name %}`
    whose end comes right after it.
    """
    kept: list[Tag] = []
    for paragraph, shown, written in tags:
        source = " ".join(written.translate(_QUOTES).splitlines())
        if _PLAIN_OUTPUT.fullmatch(source):
            continue
        if _END.fullmatch(source) and kept and _PLAIN_OPENING.fullmatch(kept[-1].source):
            kept.pop()
            continue
        kept.append(Tag(paragraph, shown, source))
    return Skeleton(tuple(kept))
