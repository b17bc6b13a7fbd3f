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
import re
from collections.abc import Callable, Iterable
from dataclasses import MISSING, dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from generator import numbering, template_eval, template_parts, wml
from generator.errors import Finding, Location, Severity
from generator.filters import Figure
from generator.models import (
    CategoryLine,
    DeductionLine,
    IndicatorLine,
    Para,
    ProjectLine,
    RawWorkbook,
    ReportData,
    WorkSection,
)
from generator.render import context, environment
from generator.template_names import RECORDS, SHEET_NAMES, describe
from generator.template_parts import TemplateXml
from generator.validate import column_values, headers

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
_PREFIX = re.compile(r"^\{%-?\s*(p|tr|tc|r)\s")
_FULL_WIDTH = re.compile(r"｛[｛{％%]|\{[｛％]|[％%}]｝|[％｝]\}")
"""A tag's brace or percent sign typed with a Chinese input method: ｛｛ ｛% {％ ％｝ }｝ …"""
FLOAT_FILTERS = {
    "float": "|float 把数字变成浮点数，会印出 0.6699999999999946 这样的数",
    "int": "|int 会截去小数",
    "round": "|round 按“四舍六入五成双”舍入（0.125 得 0.12）",
}
"""Filters that turn a figure into a float or round it the wrong way; refused with what to use instead."""
_INSTEAD = (
    "数字可以直接计算，如 {{ 项.预算数 - 项.支出数 }}；印出时用 |万元、|百分比、|分、|数值，"
    "舍入用 |四舍五入(位数)，求和用 |合计（见 docs/template.md“数字与过滤器”）。"
)
_PARAGRAPH_CHARS = 60
SECTIONS = "正文"
"""The context name whose keys are the 正文 sections of the workbook."""
STATS = "统计数据"
"""The context name whose keys are the names of the 统计数据 sheet."""


class _Unknown:
    """A value the checker cannot know (a loop over an empty list, a filter's result): anything goes."""


UNKNOWN = _Unknown()


@dataclass
class _Sections:
    """Stands for the 正文 dict (or 统计数据): every key is allowed and recorded with the paragraph using it."""

    used: dict[str, str] = field(default_factory=dict)
    whole: bool = False
    required: set[str] = field(default_factory=set)
    value: Any = field(default_factory=lambda: ["示例"])


class _Record(dict[str, Any]):
    """Stands for one record of a sheet: a name it lacks may be an extra column of the workbook."""

    def __init__(self, sheet: str, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.sheet = sheet


@dataclass(frozen=True)
class TemplateUse:
    """What a template needs: its problems, the 正文 sections it prints (name → its paragraph), and
    the sections it prints unguarded (required), the names, statistics and extra columns it uses."""

    findings: tuple[Finding, ...]
    sections: dict[str, str]
    uses_every_section: bool = False
    required_sections: frozenset[str] | None = None
    names: frozenset[str] | None = None
    stats: dict[str, str] = field(default_factory=dict)
    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    """(sheet, column) → the paragraph using it, for columns the schema does not define."""
    template: str = ""
    required_stats: frozenset[str] = frozenset()
    skeleton: template_eval.Skeleton = template_eval.Skeleton(())
    """Its tags in order, to evaluate with a workbook's data (`template_eval.findings`)."""

    def uses_sheet(self, sheet: str) -> bool:
        """Return whether the template prints anything from `sheet` (always, for 基本信息 and 统计数据)."""
        if self.names is None or sheet not in SHEET_NAMES:
            return True
        return bool(SHEET_NAMES[sheet] & self.names) or any(s == sheet for s, _ in self.columns)


@dataclass(frozen=True)
class TemplateParagraph:
    """A paragraph of the template: its text, whether it sits in a table cell, and its style name."""

    text: str
    in_table: bool = False
    style: str = ""


def paragraphs(template: Path) -> list[str]:
    """Return the text of every paragraph of `template`: body and table cells in order, then headers and footers."""
    return [p.text for p in template_paragraphs(template_parts.read(template))]


def template_paragraphs(document: TemplateXml) -> list[TemplateParagraph]:
    """Return every paragraph of `document` (body, table cells, headers, footers) but the “编号设置” table's."""
    styles = document.style_names()
    settings = template_parts.settings_table(document.body, numbering.SETTINGS_TITLE)
    skip = set(settings.iter(wml.P)) if settings is not None else set()
    found: list[TemplateParagraph] = []
    for element in (document.document, *document.headers_footers):
        for paragraph in element.iter(wml.P):
            if paragraph in skip:
                continue
            style_id = paragraph.find(wml.PPR + "/" + wml.PSTYLE)
            style = styles.get(style_id.get(wml.VAL), "") if style_id is not None else ""
            in_table = any(a.tag == wml.TC for a in paragraph.iterancestors())
            text = template_parts.text(paragraph)
            found.append(TemplateParagraph(text, in_table, style or ("Normal" if element is document.document else "")))
    return found


def numbering_rules(document: TemplateXml) -> dict[str, numbering.Numbered]:
    """Return how the template's styles are numbered, as `render.numbering_rules` does for the rendered document."""
    table = template_parts.settings_table(document.body, numbering.SETTINGS_TITLE)
    rows = template_parts.table_rows(table) if table is not None else None
    return numbering.rules((name for _, name in document.styles if name is not None), rows)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _PARAGRAPH_CHARS else text[: _PARAGRAPH_CHARS - 1] + "…"


def _dummy_report() -> ReportData:
    """Return a report with one item in every list, so that every name a template may use exists."""
    para = (Para("示例"),)
    one, hundred = Figure(1), Figure(100)
    deduction = DeductionLine("示例", one)
    known: dict[str, Any] = dict(
        unit_name="示例",
        year=2000,
        report_date=dt.date(2000, 12, 31),
        budget=one,
        spent=one,
        rate=Figure(100, "%"),
        duties=para,
        narrative={},
        work=(WorkSection("示例", para),),
        projects=(ProjectLine("示例", "示例", one, one, Figure(100, "%")),),
        categories=(CategoryLine("示例", one, one, (IndicatorLine("示例", "示例", one, one, (deduction,)),)),),
        total_weight=hundred,
        total_score=hundred,
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

    def __init__(
        self,
        template: Path,
        env: jinja2.Environment,
        names: dict[str, Any],
        rules: dict[str, numbering.Numbered] | None = None,
    ) -> None:
        self.template = template
        self.env = env
        self.names = names
        self.sections = _Sections()
        self.stats = _Sections(value=Figure(1))
        names[SECTIONS] = self.sections
        names[STATS] = self.stats
        _records(names)
        self.rules = numbering.DEFAULT_RULES if rules is None else rules
        self.findings: list[Finding] = []
        self.scopes: list[dict[str, Any]] = [{}]
        # -- (block keyword, paragraph, paragraph index, written without p/tr/tc, the tag) --
        self.stack: list[tuple[str, str, int, bool, str]] = []
        self.paragraph = ""
        self.shown = ""
        self.index = 0
        self.used: set[str] = set()
        self.columns: dict[tuple[str, str], str] = {}
        self.tags: list[tuple[str, str, str]] = []
        """(paragraph, tag as written, tag as Jinja reads it) of every tag, in order: the template's skeleton."""
        self.parsed: dict[str, nodes.Template | jinja2.TemplateSyntaxError] = {}
        """Each source parsed once: a template repeats its tags ({% endfor %}, {{ 条 }}), and the trees are only read."""

    # -- reporting --

    def fail(self, code: str, msg: str, tag: str, paragraph: str | None = None) -> None:
        where = self.paragraph if paragraph is None else paragraph
        loc = Location(file=str(self.template), paragraph=_short(where))
        self.findings.append(Finding(code, msg, loc, Severity.ERROR, tag))

    def _suggest(self, name: str, known: Iterable[str]) -> str:
        return suggest(name, known)

    @property
    def guarded(self) -> bool:
        """Whether the tag being read sits inside an {% if %} block."""
        return any(keyword == "if" for keyword, *_ in self.stack)

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
            if not any(node.name in scope for scope in self.scopes):
                self.used.add(node.name)
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
                if not self.guarded:
                    base.required.add(key)
                return base.value
            if isinstance(base, dict) and isinstance(key, str):
                if key in base:
                    return base[key]
                if isinstance(base, _Record):
                    # -- maybe an extra column of the workbook: checked against it in column_findings --
                    self.columns.setdefault((base.sheet, key), self.paragraph)
                    return UNKNOWN
                self.fail(
                    "template_undefined",
                    f"模板使用了“{_dotted(node)}”，但“{_dotted(node.node)}”没有“{key}”这一项。"
                    f"{self._suggest(key, base)}请在 Word 中打开模板改正这一段。",
                    tag,
                )
            return UNKNOWN
        if isinstance(node, nodes.Filter | nodes.Test):
            table = self.env.filters if isinstance(node, nodes.Filter) else self.env.tests
            if isinstance(node, nodes.Filter) and node.name in FLOAT_FILTERS:
                self.fail(
                    "template_float",
                    f"模板对数字用了过滤器“{node.name}”：{FLOAT_FILTERS[node.name]}。{_INSTEAD}",
                    tag,
                )
            elif node.name not in table:
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
        if source not in self.parsed:
            try:
                self.parsed[source] = self.env.parse(source)
            except jinja2.TemplateSyntaxError as exc:
                self.parsed[source] = exc
        found = self.parsed[source]
        if isinstance(found, jinja2.TemplateSyntaxError):
            self.fail(
                "template_syntax",
                f"模板标记有语法错误（{found.message}）。请在 Word 中打开模板，改正这一段中的 {tag}。",
                tag,
            )
            return None
        return found

    def tag(self, tag: str) -> None:
        if tag.startswith("{#"):
            return
        plain = not _PREFIX.match(tag)
        self.shown = tag  # -- as the maintainer wrote it, {%p … %} included --
        tag = _DOCXTPL_PREFIX.sub(r"{\1 ", tag)
        first = tag[2:-2].strip().strip("-+").split(maxsplit=1)[:1]
        if not (tag.startswith("{%") and first and first[0] in _DOCXTPL_OWN):  # -- docxtpl's own: not Jinja --
            self.tags.append((self.paragraph, self.shown, tag))
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
            self.open_block(keyword, tag, plain)
        elif keyword in _MIDDLE:
            self.middle_block(keyword, tag, plain)
        elif keyword.startswith("end"):
            self.close_block(keyword, inner, tag, plain)
        else:
            tree = self.parse(tag, tag)
            if tree is not None:
                for statement in tree.body:
                    if isinstance(statement, nodes.Assign):
                        self.bind(statement.target, self.value(statement.node, tag))
                    else:
                        self.value(statement, tag)

    def open_block(self, keyword: str, tag: str, plain: bool = False) -> None:
        tree = self.parse(f"{tag}{{% {_BLOCKS[keyword]} %}}", tag)
        if tree is not None and tree.body and isinstance(tree.body[0], nodes.If):
            self.stack.append((keyword, self.paragraph, self.index, plain, self.shown))  # -- its test is guarded too --
        self.scopes.append({})
        if tree is None or not tree.body:
            self.stack.append((keyword, self.paragraph, self.index, plain, self.shown))
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
        if not isinstance(block, nodes.If):
            self.stack.append((keyword, self.paragraph, self.index, plain, self.shown))

    def _across(self, tag: str, opening: tuple[str, str, int, bool, str], plain: bool) -> None:
        """A block written with plain {% %} tags in two different paragraphs leaves empty paragraphs."""
        keyword, paragraph, index, opening_plain, opening_tag = opening
        if index == self.index or not (plain or opening_plain):
            return
        self.fail(
            "template_loop_across_paragraphs",
            f"{opening_tag} 和 {self.shown} 不在同一段，其中{'前者' if opening_plain else '后者'}是普通的 {{% %}} 标记，"
            f"会在报告中留下空段落。跨段的标记请写成 {{%p {keyword} … %}}、{{%p {_BLOCKS[keyword]} %}}（各占一段）；"
            "表格中跨行的写成 {%tr … %}。",
            self.shown if plain else opening_tag,
            None if plain else paragraph,
        )

    def middle_block(self, keyword: str, tag: str, plain: bool = False) -> None:
        if not self.stack or self.stack[-1][0] not in _MIDDLE[keyword]:
            self.fail(
                "template_block_mismatch",
                f"{tag} 前面没有对应的 {{% if %}}{'或 {% for %}' if keyword == 'else' else ''}。"
                "请在 Word 中打开模板，补上开头的标记或删去这一个。",
                tag,
            )
            return
        if plain:
            self._across(tag, self.stack[-1], plain)
        tree = self.parse(f"{{% if x %}}{tag}{{% endif %}}", tag)
        if tree is not None and keyword == "elif":
            branch = tree.body[0]
            assert isinstance(branch, nodes.If)
            for test in branch.elif_:
                self.value(test.test, tag)

    def close_block(self, keyword: str, inner: str, tag: str, plain: bool = False) -> None:
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
            if self.stack and any(k == opening for k, *_ in self.stack):
                while self.stack and self.stack[-1][0] != opening:
                    self.stack.pop()
                    self.scopes.pop()
            else:
                return
        self._across(tag, self.stack[-1], plain)
        self.stack.pop()
        self.scopes.pop()

    def paragraph_text(self, text: str, in_table: bool = False, style: str = "") -> None:
        self.paragraph = text
        self.index += 1
        if _FULL_WIDTH.search(text):
            self.fail(
                "template_fullwidth_braces",
                "这一段的标记用了全角的“｛”“｝”或“％”（中文输入法输入），不会被当作标记，而会原样印出。"
                "请切换到英文输入法，改为半角的 {{ }} 或 {% %}。",
                _FULL_WIDTH.search(text).group(0),  # type: ignore[union-attr]
            )
        tags = [m.group(0) for m in TAG.finditer(text)]
        rest = TAG.sub("", text)
        for tag in tags:
            kind = _PREFIX.match(tag)
            if kind and kind.group(1) in ("tr", "tc") and not in_table:
                self.fail(
                    "template_tr_outside_table",
                    f"{tag} 只能写在表格的单元格中（{{%tr %}} 重复表格的行，{{%tc %}} 重复列），这一段不在表格中。"
                    "正文段落的循环请写成 {%p for … %}，条件写成 {%p if … %}。",
                    tag,
                )
            if kind and kind.group(1) in ("p", "tr") and (rest.strip() or len(tags) > 1):
                unit = "段" if kind.group(1) == "p" else "行"
                self.fail(
                    "template_text_beside_p_tag",
                    f"{tag} 会连同它所在的这一{unit}一起删除，同一{unit}中的其他文字和标记不会印出。"
                    f"请让 {tag} 单独占一{unit}，把其他内容移到下一{unit}。",
                    tag,
                )
        for tag in tags:
            self.tag(tag)
        rule = self.rules.get(style)
        typed = numbering.typed_label(rest) if rule is not None else None
        if typed is not None:
            self.fail(
                "template_numbering_typed",
                f"这一段的样式“{style}”由程序自动编号，段首又手工写了编号“{typed}”，报告中会出现两个编号。"
                f"请删去“{typed}”；编号格式在“编号设置”表或样式中设定（见 docs/template.md“编号”）。",
                typed,
            )
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
        for keyword, paragraph, *_ in reversed(self.stack):
            self.paragraph = paragraph
            self.fail(
                "template_block_unclosed",
                f"{{% {keyword} %}} 没有结束标记 {{% {_BLOCKS[keyword]} %}}。请在 Word 中打开模板，在该部分之后加上结束标记。",
                keyword,
            )


def suggest(name: str, known: Iterable[str]) -> str:
    """Return the sentence that lists every known name close to `name`, each with its meaning."""
    close = difflib.get_close_matches(name, list(dict.fromkeys(known)), n=6, cutoff=0.5)
    if not close:
        return "可用的名称见 docs/template.md。"
    if len(close) == 1:
        return f"相近的名称有{describe(close[0])}，请确认含义后再改。"
    return f"相近的名称有：{'、'.join(describe(c) for c in close)}，请按含义选用。"


def _records(names: dict[str, Any]) -> None:
    """Mark the items of the lists printed from record sheets, so an unknown name is taken as an extra column."""
    projects = names.get("重点项目")
    if isinstance(projects, list) and projects:
        names["重点项目"] = [_Record("重点项目", projects[0])]
    categories = names.get("一级指标")
    if isinstance(categories, list) and categories:
        category = _Record("一级指标", categories[0])
        rows = [_Record("评分明细", row) for row in category.get("指标", [])]
        for row in rows:
            row["扣分原因"] = [_Record("扣分明细", d) for d in row.get("扣分原因", [])]
        category["指标"] = rows
        category["扣分原因"] = [_Record("扣分明细", d) for d in category.get("扣分原因", [])]
        names["一级指标"] = [category]


_CACHE: dict[tuple[str, int, int], TemplateUse] = {}


def inspect(template: Path, read: Callable[[Path], TemplateXml] | None = None) -> TemplateUse:
    """Return the problems of `template` and what it uses of the workbook; the template file must exist.

    `read` reads it: by default with lxml alone (`check`); a build gives the document docxtpl opened to render.
    """
    stat = template.stat()
    key = (str(template.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        try:
            document = (read or template_parts.read)(template)
            texts = template_paragraphs(document)
        except Exception:  # -- zipfile, lxml and python-docx's checks raise many kinds on a file that is not a .docx --
            finding = Finding(
                "template_unreadable",
                "模板不是可读的 Word 文档（.docx）。请用 Word 或 WPS 打开后另存为 .docx，或从版本库恢复。",
                Location(file=str(template)),
            )
            return TemplateUse((finding,), {}, True)
        setting: list[Finding] = []
        try:
            rules = numbering_rules(document)
        except numbering.SettingProblem as exc:
            rules = numbering.DEFAULT_RULES
            setting.append(
                Finding(
                    "template_numbering_setting",
                    str(exc),
                    Location(file=str(template), paragraph=numbering.SETTINGS_TITLE),
                )
            )
        checker = _Checker(template, environment(), context(_dummy_report()), rules)
        for paragraph in texts:
            checker.paragraph_text(paragraph.text, paragraph.in_table, paragraph.style)
        checker.finish()
        _CACHE[key] = TemplateUse(
            tuple(setting + checker.findings),
            dict(checker.sections.used),
            checker.sections.whole,
            frozenset(checker.sections.required),
            frozenset(checker.used),
            dict(checker.stats.used),
            dict(checker.columns),
            str(template),
            frozenset(checker.stats.required),
            template_eval.skeleton(checker.tags),
        )
    return _CACHE[key]


def section_findings(use: TemplateUse, sections: dict[str, Location] | None, workbook: str) -> list[Finding]:
    """Return an error for each section `use` prints that `sections` lacks, a warning for each it never prints."""
    if sections is None:
        return []
    found: list[Finding] = []
    for name, paragraph in use.sections.items():
        optional = use.required_sections is not None and name not in use.required_sections
        if name not in sections and not optional:
            close = difflib.get_close_matches(name, list(sections), n=3, cutoff=0.5)
            hint = f"（“正文”表中有相近的{'、'.join(f'“{c}”' for c in close)}，是否写错？）" if close else ""
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
    if not use.uses_every_section and use.uses_sheet(SECTIONS):  # -- an unused sheet is warned about once --
        for name, loc in sections.items():
            if name not in use.sections:
                close = difflib.get_close_matches(name, list(use.sections), n=3, cutoff=0.5)
                hint = (
                    f"模板中相近的章节有：{'、'.join(f'“{c}”' for c in close)}，是否写错？"
                    if close
                    else f"模板使用的章节有：{'、'.join(use.sections)}。"
                )
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


def _record_keys() -> dict[str, set[str]]:
    """Return, for each record sheet, the names its records have in the template without extra columns."""
    names = context(_dummy_report())
    found: dict[str, set[str]] = {}
    for sheet, path in RECORDS.items():
        items: Any = [names]
        for step in path:
            items = [child for item in items for child in item.get(step, [])]
        found[sheet] = {key for item in items for key in item}
    return found


def _record_path(sheet: str) -> str:
    """Return how a template names a record of `sheet`: 项.… 类.… 行.… 扣.… as in the shipped template."""
    return {"重点项目": "项", "一级指标": "类", "评分明细": "行", "扣分明细": "扣"}.get(sheet, "")


def workbook_findings(use: TemplateUse, raw: RawWorkbook, known: Iterable[Finding] = ()) -> list[Finding]:
    """Return what the workbook `raw` lacks that the template uses, and what it has that the template does not.

    - a name the template reads from a record that neither the schema nor the sheet's header has: an
      error of the template (`template_undefined`), listing the close names with their meaning;
    - a column of a sheet the schema does not define and the template does not print: a warning;
    - a sheet the template prints nothing from, present with content: a warning;
    - a 统计数据 name the template prints that the sheet lacks: an error.

    A cell that `known` findings already point at (a misspelt header of a required column) gets no warning.
    """
    found: list[Finding] = []
    pointed = {f.loc for f in known}
    extra = headers(raw)
    keys = _record_keys()
    for (sheet, column), paragraph in use.columns.items():
        if column in extra.get(sheet, {}):
            continue
        names = [*sorted(keys.get(sheet, ())), *extra.get(sheet, {})]
        found.append(
            Finding(
                "template_undefined",
                f"模板使用了“{column}”，但“{sheet}”表的记录没有这一项，工作簿的“{sheet}”表也没有名为“{column}”的列。"
                f"{suggest(column, names)}如要印出新增的一列，请在“{sheet}”表第 1 行加列名“{column}”。",
                Location(file=use.template, paragraph=_short(paragraph)),
                Severity.ERROR,
                column,
            )
        )
    for sheet, columns in extra.items():
        for column, loc in columns.items():
            if (sheet, column) in use.columns or loc in pointed:
                continue
            record = _record_path(sheet)
            how = (
                f"要印出它，请在模板中写 {{{{ {record}.{column} }}}}（见 docs/template.md“工作簿中新增的列”）；"
                if record
                else "这张表新增的列无法印入报告；"
            )
            found.append(
                Finding(
                    "column_unused",
                    f"“{column}”不是“{sheet}”表规定的列，模板也没有使用它，这一列不会印入报告。{how}不需要的列可以删除。",
                    loc,
                    Severity.WARNING,
                    column,
                )
            )
    for sheet in SHEET_NAMES:
        raw_sheet = raw.sheets.get(sheet)
        if raw_sheet is not None and len(raw_sheet.rows) > 1 and not use.uses_sheet(sheet):
            found.append(
                Finding(
                    "sheet_unused",
                    f"模板没有使用“{sheet}”表，这张表的内容不会印入报告。如果报告应当印出它，请检查模板"
                    f"（见 docs/template.md）；否则可以删除这张表。",
                    Location(raw.path, sheet),
                    Severity.WARNING,
                    sheet,
                )
            )
    stats = column_values(raw, STATS, "名称")
    if stats is not None or use.stats:
        for name, paragraph in use.stats.items():
            if name not in (stats or {}) and name in use.required_stats:
                close = difflib.get_close_matches(name, list(stats or {}), n=3, cutoff=0.5)
                hint = f"（表中有相近的{'、'.join(f'“{c}”' for c in close)}，是否写错？）" if close else ""
                found.append(
                    Finding(
                        "stat_missing",
                        f"“统计数据”表中没有“{name}”{hint}，而模板的段落“{_short(paragraph)}”要印出它。"
                        f"请在“统计数据”表加一行，名称填“{name}”，并填写数值和单位。",
                        Location(raw.path, STATS),
                        Severity.ERROR,
                        name,
                    )
                )
    return found


@dataclass(frozen=True)
class WorkbookDesign:
    """The part of the workbook design a template uses: its sheets, and per sheet the extra columns it prints."""

    sheets: tuple[str, ...]
    extra_columns: dict[str, tuple[str, ...]]
    optional_sections: frozenset[str]


def design(template: Path) -> WorkbookDesign:
    """Return which sheets and extra columns `template` uses, and which 正文 sections it guards (optional)."""
    from generator.schema import WORKBOOK

    use = inspect(template)
    extra: dict[str, list[str]] = {}
    for sheet, column in use.columns:
        extra.setdefault(sheet, []).append(column)
    optional = frozenset(use.sections) - (use.required_sections or frozenset(use.sections))
    return WorkbookDesign(
        tuple(s.name for s in WORKBOOK if use.uses_sheet(s.name)),
        {sheet: tuple(columns) for sheet, columns in extra.items()},
        optional,
    )
