"""Check the Word template before rendering: every syntax error and every unknown name, each located.

Jinja stops at the first syntax error and at the first undefined name, and locates them by a line of
XML. Here the template is read paragraph by paragraph (body, table cells, headers and footers): each
tag is parsed on its own, block tags are matched across paragraphs with a stack, and every name a tag
uses is looked up in the shape of the data `render.context` gives the template. Each problem is
reported with the text of the template paragraph it sits in, all of them in one pass.

The 正文 sections the template uses are collected on the way, so that a workbook can be told which
sections it lacks (an error: the paragraph would print nothing) and which it has that the template
never prints (a warning).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import MISSING, dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from defusedxml import ElementTree as DefusedET  # type: ignore[import-untyped]
from jinja2 import nodes

from generator.errors import Finding, Location, Severity
from generator.models import (
    CategoryLine,
    DeductionLine,
    IndicatorLine,
    Para,
    ProjectLine,
    ReportData,
    WorkSection,
)
from generator.render import context, environment

TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
_DOCXTPL_PREFIX = re.compile(r"^\{([%{])-?\s*(?:p|tr|tc|r)\s")
_DOCXTPL_OWN = {"vm", "hm", "colspan", "cellbg"}  # -- docxtpl's own tags, removed before Jinja runs --
_BLOCKS = {
    "for": "endfor",
    "if": "endif",
    "with": "endwith",
    "filter": "endfilter",
    "macro": "endmacro",
    "call": "endcall",
    "block": "endblock",
    "autoescape": "endautoescape",
}
_MIDDLE = {"elif": ("if",), "else": ("if", "for")}
_PARAGRAPH_CHARS = 60
SECTIONS = "正文"
"""The context name whose keys are the 正文 sections of the workbook."""


class _Unknown:
    """A value the checker cannot know (a loop over an empty list, a filter's result): anything goes."""


UNKNOWN = _Unknown()


@dataclass
class _Sections:
    """Stands for the 正文 dict: every key is allowed and recorded with the paragraph using it."""

    used: dict[str, str] = field(default_factory=dict)
    whole: bool = False


@dataclass(frozen=True)
class TemplateUse:
    """What a template needs: its problems, and the 正文 sections it prints (name → its paragraph)."""

    findings: tuple[Finding, ...]
    sections: dict[str, str]
    uses_every_section: bool = False


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def _targets(package: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """Return the (type, part name) of each internal relationship of `part`, in the order of its .rels part."""
    folder, name = posixpath.split(part)
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    if rels not in package.namelist():
        return []
    found = []
    for rel in DefusedET.fromstring(package.read(rels)).iter(_RELATIONSHIP):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append((rel.get("Type", ""), resolved))
    return found


def paragraphs(template: Path) -> list[str]:
    """Return the text of every paragraph of `template`: body and table cells in order, then headers and footers.

    The parts are read straight from the package (python-docx is left to rendering): the main document
    named by the package relationships, then the headers and footers in the order the main document's
    relationships list them.
    """
    with zipfile.ZipFile(template) as package:
        main = next(name for kind, name in _targets(package, "") if kind == _OFFICE_DOCUMENT)
        parts = [main]
        for _, name in _targets(package, main):
            if re.fullmatch(r"word/(header|footer)\d*\.xml", name) and name not in parts:
                parts.append(name)
        texts: list[str] = []
        for part in parts:
            for paragraph in DefusedET.fromstring(package.read(part)).iter(f"{_W}p"):
                texts.append("".join(t.text or "" for t in paragraph.iter(f"{_W}t")))
    return texts


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _PARAGRAPH_CHARS else text[: _PARAGRAPH_CHARS - 1] + "…"


def _dummy_report() -> ReportData:
    """Return a report with one item in every list, so that every name a template may use exists."""
    para = (Para("示例"),)
    deduction = DeductionLine("示例", "1")
    known: dict[str, Any] = dict(
        unit_name="示例",
        year=2000,
        report_date=dt.date(2000, 12, 31),
        budget="1",
        spent="1",
        rate="100%",
        duties=para,
        narrative={},
        work=(WorkSection("示例", para),),
        projects=(ProjectLine("示例", "示例", "1", "1", "100%"),),
        categories=(CategoryLine("示例", "1", "1", (IndicatorLine("示例", "示例", "1", "1", (deduction,)),)),),
        total_weight="100",
        total_score="100",
        grade="优",
        problems=para,
        measures=para,
        goal_status="示例",
        unfinished_reason="示例",
    )
    # -- a field added to ReportData later gets an empty value of its kind, one removed is left out --
    values: dict[str, Any] = {}
    for item in dataclasses.fields(ReportData):
        if item.name in known:
            values[item.name] = known[item.name]
        elif item.default is MISSING and item.default_factory is MISSING:
            kind = str(item.type)
            values[item.name] = "" if kind == "str" else {} if kind.startswith("dict") else ()
    return ReportData(**values)


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "…"


class _Checker:
    """Walks the tags of a template in order, keeping the loop variables of the blocks it is in."""

    def __init__(self, template: Path, env: jinja2.Environment, names: dict[str, Any]) -> None:
        self.template = template
        self.env = env
        self.names = names
        self.sections = _Sections()
        names[SECTIONS] = self.sections
        self.findings: list[Finding] = []
        self.scopes: list[dict[str, Any]] = [{}]
        self.stack: list[tuple[str, str]] = []  # -- (block keyword, paragraph) --
        self.paragraph = ""

    # -- reporting --

    def fail(self, code: str, msg: str, tag: str) -> None:
        loc = Location(file=str(self.template), paragraph=_short(self.paragraph))
        self.findings.append(Finding(code, msg, loc, Severity.ERROR, tag))

    def _suggest(self, name: str, known: Iterable[str]) -> str:
        close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
        return f"是否应为“{close[0]}”？" if close else "可用的名称见 docs/template.md。"

    # -- names --

    def lookup(self, name: str) -> Any:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        if name in self.names:
            return self.names[name]
        if name in self.env.globals:
            return UNKNOWN
        return None

    def value(self, node: nodes.Node, tag: str) -> Any:
        """Return what `node` evaluates to in the data's shape (`UNKNOWN` when it cannot be known)."""
        if isinstance(node, nodes.Name):
            found = self.lookup(node.name)
            if found is None and node.ctx == "load":
                known = [*self.names, *(n for s in self.scopes for n in s)]
                self.fail(
                    "template_undefined",
                    f"模板使用了不存在的名称“{node.name}”。{self._suggest(node.name, known)}"
                    "请在 Word 中打开模板改正这一段。",
                    tag,
                )
            return UNKNOWN if found is None else found
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            key: Any = node.attr if isinstance(node, nodes.Getattr) else None
            if isinstance(node, nodes.Getitem):
                if isinstance(node.arg, nodes.Const):
                    key = node.arg.value
                else:
                    self.value(node.arg, tag)
            base = self.value(node.node, tag)
            if isinstance(base, _Sections):
                if not isinstance(key, str):
                    base.whole = True
                    return UNKNOWN
                base.used.setdefault(key, self.paragraph)
                return ["示例"]
            if isinstance(base, dict) and isinstance(key, str):
                if key in base:
                    return base[key]
                self.fail(
                    "template_undefined",
                    f"模板使用了“{_dotted(node)}”，但“{_dotted(node.node)}”没有“{key}”这一项。"
                    f"{self._suggest(key, base)}请在 Word 中打开模板改正这一段。",
                    tag,
                )
            return UNKNOWN
        if isinstance(node, nodes.Filter | nodes.Test):
            table = self.env.filters if isinstance(node, nodes.Filter) else self.env.tests
            if node.name not in table:
                what = "过滤器" if isinstance(node, nodes.Filter) else "测试"
                self.fail(
                    "template_undefined",
                    f"模板使用了不存在的{what}“{node.name}”。{self._suggest(node.name, table)}",
                    tag,
                )
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Name) and isinstance(self.lookup(child.name), _Sections):
                self.sections.whole = True
            self.value(child, tag)
        return UNKNOWN

    def bind(self, target: nodes.Node, value: Any) -> None:
        if isinstance(target, nodes.Name):
            self.scopes[-1][target.name] = value
        for name in target.find_all(nodes.Name):
            self.scopes[-1][name.name] = UNKNOWN

    # -- tags --

    def parse(self, source: str, tag: str) -> nodes.Template | None:
        try:
            return self.env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            self.fail(
                "template_syntax",
                f"模板标记有语法错误（{exc.message}）。请在 Word 中打开模板，改正这一段中的 {tag}。",
                tag,
            )
            return None

    def tag(self, tag: str) -> None:
        if tag.startswith("{#"):
            return
        tag = _DOCXTPL_PREFIX.sub(r"{\1 ", tag)
        if tag.startswith("{{"):
            tree = self.parse(tag, tag)
            if tree is not None:
                for output in tree.body:
                    self.value(output, tag)
            return
        inner = tag[2:-2].strip().strip("-+").strip()
        keyword = inner.split(maxsplit=1)[0] if inner else ""
        if keyword in _DOCXTPL_OWN:
            return
        if keyword in _BLOCKS and not (keyword == "set" and "=" in inner):
            self.open_block(keyword, tag)
        elif keyword in _MIDDLE:
            self.middle_block(keyword, tag)
        elif keyword.startswith("end"):
            self.close_block(keyword, inner, tag)
        else:
            tree = self.parse(tag, tag)
            if tree is not None:
                for statement in tree.body:
                    if isinstance(statement, nodes.Assign):
                        self.bind(statement.target, self.value(statement.node, tag))
                    else:
                        self.value(statement, tag)

    def open_block(self, keyword: str, tag: str) -> None:
        tree = self.parse(f"{tag}{{% {_BLOCKS[keyword]} %}}", tag)
        self.stack.append((keyword, self.paragraph))
        self.scopes.append({})
        if tree is None or not tree.body:
            return
        block = tree.body[0]
        if isinstance(block, nodes.For):
            iterable = self.value(block.iter, tag)
            item = iterable[0] if isinstance(iterable, list | tuple) and iterable else UNKNOWN
            self.bind(block.target, item)
            self.scopes[-1]["loop"] = UNKNOWN
            if block.test is not None:
                self.value(block.test, tag)
        elif isinstance(block, nodes.If):
            self.value(block.test, tag)
        elif isinstance(block, nodes.With):
            for target, value in zip(block.targets, block.values, strict=False):
                self.bind(target, self.value(value, tag))
        else:
            for child in block.iter_child_nodes():
                if not isinstance(child, nodes.Stmt):
                    self.value(child, tag)

    def middle_block(self, keyword: str, tag: str) -> None:
        if not self.stack or self.stack[-1][0] not in _MIDDLE[keyword]:
            self.fail(
                "template_block_mismatch",
                f"{tag} 前面没有对应的 {{% if %}}{'或 {% for %}' if keyword == 'else' else ''}。"
                "请在 Word 中打开模板，补上开头的标记或删去这一个。",
                tag,
            )
            return
        tree = self.parse(f"{{% if x %}}{tag}{{% endif %}}", tag)
        if tree is not None and keyword == "elif":
            branch = tree.body[0]
            assert isinstance(branch, nodes.If)
            for test in branch.elif_:
                self.value(test.test, tag)

    def close_block(self, keyword: str, inner: str, tag: str) -> None:
        opening = keyword[3:]
        if inner != keyword:
            self.fail("template_syntax", f"{tag} 的结束标记后面不应再有内容，请改为 {{% {keyword} %}}。", tag)
        if not self.stack or self.stack[-1][0] != opening:
            expected = f"，这里应是 {{% {_BLOCKS[self.stack[-1][0]]} %}}" if self.stack else ""
            self.fail(
                "template_block_mismatch",
                f"{tag} 没有对应的 {{% {opening} %}}{expected}。请在 Word 中打开模板，检查这一段和前面各段的标记是否成对。",
                tag,
            )
            if self.stack and any(k == opening for k, _ in self.stack):
                while self.stack and self.stack[-1][0] != opening:
                    self.stack.pop()
                    self.scopes.pop()
            else:
                return
        self.stack.pop()
        self.scopes.pop()

    def paragraph_text(self, text: str) -> None:
        self.paragraph = text
        for match in TAG.finditer(text):
            self.tag(match.group(0))
        rest = TAG.sub("", text)
        for stray in ("{{", "}}", "{%", "%}"):
            if stray in rest:
                self.fail(
                    "template_syntax",
                    f"这一段有不完整的标记（多了或少了 “{stray}”）。请在 Word 中打开模板，使每个 {{{{ 与 }}}}、"
                    "{% 与 %} 成对出现在同一段内。",
                    stray,
                )
                break

    def finish(self) -> None:
        for keyword, paragraph in reversed(self.stack):
            self.paragraph = paragraph
            self.fail(
                "template_block_unclosed",
                f"{{% {keyword} %}} 没有结束标记 {{% {_BLOCKS[keyword]} %}}。请在 Word 中打开模板，在该部分之后加上结束标记。",
                keyword,
            )


_CACHE: dict[tuple[str, int, int], TemplateUse] = {}


def inspect(template: Path) -> TemplateUse:
    """Return the problems of `template` and the 正文 sections it uses; the template file must exist."""
    stat = template.stat()
    key = (str(template.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        try:
            texts = paragraphs(template)
        except Exception:  # -- python-docx raises many kinds on a file that is not a .docx --
            finding = Finding(
                "template_unreadable",
                "模板不是可读的 Word 文档（.docx）。请用 Word 或 WPS 打开后另存为 .docx，或从版本库恢复。",
                Location(file=str(template)),
            )
            return TemplateUse((finding,), {}, True)
        checker = _Checker(template, environment(), context(_dummy_report()))
        for text in texts:
            checker.paragraph_text(text)
        checker.finish()
        _CACHE[key] = TemplateUse(tuple(checker.findings), dict(checker.sections.used), checker.sections.whole)
    return _CACHE[key]


def section_findings(use: TemplateUse, sections: dict[str, Location] | None, workbook: str) -> list[Finding]:
    """Return an error for each section `use` prints that `sections` lacks, a warning for each it never prints."""
    if sections is None:
        return []
    found: list[Finding] = []
    for name, paragraph in use.sections.items():
        if name not in sections:
            close = difflib.get_close_matches(name, list(sections), n=1, cutoff=0.5)
            hint = f"（“正文”表中有相近的“{close[0]}”，是否写错？）" if close else ""
            found.append(
                Finding(
                    "section_missing",
                    f"“正文”表中没有章节“{name}”的段落{hint}，而模板的段落“{_short(paragraph)}”要印出它。"
                    f"请在“正文”表加一行，章节填“{name}”，内容填该节的文字。",
                    Location(file=workbook, sheet=SECTIONS),
                    Severity.ERROR,
                    name,
                )
            )
    if not use.uses_every_section:
        for name, loc in sections.items():
            if name not in use.sections:
                close = difflib.get_close_matches(name, list(use.sections), n=1, cutoff=0.5)
                hint = f"是否应为“{close[0]}”？" if close else f"模板使用的章节有：{'、'.join(use.sections)}。"
                found.append(
                    Finding(
                        "section_unused",
                        f"章节“{name}”没有在模板中使用，这些段落不会印入报告。{hint}",
                        loc,
                        Severity.WARNING,
                        name,
                    )
                )
    return found
