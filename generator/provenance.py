"""Provenance: every text and figure the report prints from the workbook carries its cell, as a bookmark.

Before rendering, each printed string of `ReportData` is replaced by a `Marked` string: the same text,
which also knows its `Source` (the cell it came from, or for a computed figure the cells that feed it)
and, for a text citing `{{名称}}`, the figures inside it. Jinja prints a value through `__html__`, so a
`Marked` string prints itself wrapped in private-use marker characters; after rendering, `anchor` turns
each marked span into a Word bookmark (`w:bookmarkStart` … `w:bookmarkEnd`) around exactly the runs that
print it, and removes the markers. Nothing visible is added. The mechanism is described in
docs/provenance.md.
"""

from __future__ import annotations

import hashlib
import html
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from markupsafe import escape

from generator import placeholders, wml
from generator.aggregate import cite
from generator.errors import Location
from generator.filters import Figure
from generator.models import (
    CategoryLine,
    DeductionLine,
    IndicatorLine,
    Para,
    ProjectLine,
    ReportData,
    Text,
    Workbook,
    WorkSection,
)
from generator.schema import WORKBOOK
from generator.schema import Kind as ValueKind


def _xml_escape(text: str) -> str:
    """Return `text` with &, < and > escaped, as `xml.sax.saxutils.escape` does (which imports urllib, http and ssl)."""
    return html.escape(text, quote=False)


OPEN = "\ue000"
"""Starts a marked span: OPEN, the bookmark name, SEP, the text, CLOSE."""
SEP = "\ue001"
CLOSE = "\ue002"
_MARKERS = re.compile(f"[{OPEN}{SEP}{CLOSE}]")
_TOKEN = re.compile(f"{OPEN}([^{SEP}]*){SEP}|{CLOSE}")

PROPERTY_WORKBOOK = "来源工作簿"
"""Custom document property: the file name of the workbook the report was built from."""
PROPERTY_SHEETS = "来源工作表"
"""Custom document property: the sheet of each bookmark prefix, `s01=基本信息;s02=部门职能;…`."""


class Kind(StrEnum):
    """What a printed span is, for a reviewer's edit of it."""

    TEXT = "文字"
    FIGURE = "数字"
    COMPUTED = "计算所得"


@dataclass(frozen=True)
class Source:
    """Where one printed span came from.

    `cells` are the cells holding it (a 小节标题 printed once is held by each row of its 小节); for a
    computed figure, the cells it is computed from. `placeholder` is the `{{名称}}` that printed it inside
    a text, `unit` what the printed figure carries after its number.
    """

    name: str
    kind: Kind
    cells: tuple[Location, ...]
    what: str
    value_kind: ValueKind = ValueKind.TEXT
    unit: str = ""
    placeholder: str = ""
    record: bool = False
    """The paragraph is one row of a list sheet (a duty, a narrative paragraph …): it can be deleted or followed."""


class Marked(str):
    """A printed string that knows its `source` and the marked strings inside it (`parts`)."""

    source: Source
    parts: tuple[str, ...]
    token: str

    def __new__(cls, source: Source, parts: Sequence[str], token: str = "") -> Marked:
        if len(parts) == 1 and isinstance(parts[0], Figure) and cls is Marked:
            # -- a marked figure stays a number for the template's arithmetic and filters --
            # -- what `Figure.__new__(MarkedFigure, value, unit)` makes, without formatting the number again:
            #    a figure's text is its formatted value and unit already --
            figure = str.__new__(MarkedFigure, str.__str__(parts[0]))
            figure.value, figure.unit = Decimal(parts[0].value), parts[0].unit
            figure.source, figure.parts, figure.token = source, tuple(parts), token or source.name
            return figure
        made = super().__new__(cls, "".join(str(p) for p in parts))
        made.source = source
        made.parts = tuple(parts)
        made.token = token or source.name
        return made

    def marked(self) -> str:
        """Return the text wrapped in markers, with any marked part wrapped in its own."""
        inner = "".join(p.marked() if isinstance(p, Marked) else str(escape(p)) for p in self.parts)
        return f"{OPEN}{self.token}{SEP}{inner}{CLOSE}"

    def __html__(self) -> str:
        # -- Jinja's autoescape prints an object through __html__: this is where the markers go in --
        return self.marked()


class MarkedFigure(Figure, Marked):
    """A `filters.Figure` that knows its source: prints with markers, computes as a number."""


_SHEET_CODES = {sheet.name: f"s{n:02d}" for n, sheet in enumerate(WORKBOOK, start=1)}


def sheet_codes() -> dict[str, str]:
    """Return the bookmark prefix of each sheet of the workbook design: 基本信息 → s01."""
    return dict(_SHEET_CODES)


def cell_name(loc: Location) -> str:
    """Return the bookmark name of a cell: `s05_C12` for 正文!C12."""
    return f"{_SHEET_CODES.get(loc.sheet, 's00')}_{loc.cell}"


def _row(loc: Location) -> str:
    return "".join(ch for ch in loc.cell if ch.isdigit())


class _Marker:
    """Makes the marked strings of one workbook and remembers every source by name."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.sources: dict[str, Source] = {}
        self.tokens: dict[str, Source] = {}
        self.lookup = cite(book)
        info = book.info
        budget, spent = info.locs.get("全年预算数"), info.locs.get("全年执行数")
        scores = tuple(i.locs.get("自评分", i.loc) for i in book.indicators)
        self.computed: dict[str, Source] = {
            "单位名称": self._cell(info.unit_name.loc, Kind.TEXT, "单位名称"),
            "年度": self._cell(info.locs.get("年度", Location()), Kind.FIGURE, "年度", ValueKind.INT),
            "全年预算数": self._cell(budget or Location(), Kind.FIGURE, "全年预算数", ValueKind.AMOUNT),
            "全年执行数": self._cell(spent or Location(), Kind.FIGURE, "全年执行数", ValueKind.AMOUNT),
            "预算执行率": self._add(
                Source("x_rate", Kind.COMPUTED, tuple(c for c in (budget, spent) if c), "预算执行率", unit="%")
            ),
            "自评总分": self._add(Source("x_score", Kind.COMPUTED, scores, "自评总分")),
            "评价等级": self._add(
                Source("x_grade", Kind.COMPUTED, (*scores, *(g.loc for g in book.grades)), "评价等级")
            ),
        }

    def made(self, source: Source, parts: Sequence[str]) -> Marked:
        """Return a marked string with a token of its own: `name|n` (a bookmark is named `name`)."""
        token = f"{source.name}|{len(self.tokens)}"
        self.tokens[token] = source
        return Marked(source, parts, token)

    def _add(self, source: Source) -> Source:
        if source.record or source.name not in self.sources:
            self.sources[source.name] = source
        return self.sources[source.name]

    def _cell(
        self, loc: Location, kind: Kind, what: str, value_kind: ValueKind = ValueKind.TEXT, unit: str = ""
    ) -> Source:
        return self._add(Source(cell_name(loc), kind, (loc,), what, value_kind, unit))

    def text(self, value: str, loc: Location | None, what: str, kind: Kind = Kind.TEXT, **more: Any) -> str:
        """Return `value` marked as printed from the cell at `loc` (unmarked when there is none or it is empty)."""
        if loc is None or not loc.cell or not value:
            return value
        return self.made(self._cell(loc, kind, what, **more), (value,))

    def figure(self, value: str, loc: Location | None, what: str, value_kind: ValueKind, unit: str = "") -> str:
        """Return the printed figure `value` marked as typed in the cell at `loc`."""
        return self.text(value, loc, what, Kind.FIGURE, value_kind=value_kind, unit=unit)

    def computed_figure(self, value: str, name: str, cells: Sequence[Location | None], what: str) -> str:
        """Return the computed figure `value` marked with the cells it is computed from."""
        if not value:
            return value
        source = self._add(Source(name, Kind.COMPUTED, tuple(c for c in cells if c is not None), what))
        return self.made(source, (value,))

    def cited(self, text: Text, printed: str, what: str, record: bool = False) -> str:
        """Return `printed` (the text of `text` with its placeholders replaced) marked with its cell.

        Each figure a placeholder printed is marked inside it with the figure's own source.
        """
        if not text.loc.cell or not printed:
            return printed
        parts: list[str] = []
        end = 0
        for match in placeholders.PLACEHOLDER.finditer(text.text):
            holder = placeholders.Placeholder(match["name"], match["attr"] is not None, match.group(0))
            parts.append(text.text[end : match.start()])
            parts.append(self._placeholder(holder))
            end = match.end()
        parts.append(text.text[end:])
        source = self._add(replace(self._cell(text.loc, Kind.TEXT, what), record=record))
        marked = self.made(source, [p for p in parts if p])
        # -- the marked text must print exactly what aggregate printed; otherwise mark it whole --
        return marked if str(marked) == printed else self.made(source, (printed,))

    def _placeholder(self, holder: placeholders.Placeholder) -> str:
        printed = self.lookup(holder)
        stat = next((s for s in self.book.stats if s.name == holder.name), None)
        if stat is not None:
            unit = "" if holder.number_only else stat.unit
            base = self._cell(stat.loc, Kind.FIGURE, f"统计数据“{stat.name}”", ValueKind.NUMBER, unit)
            # -- the cell's source is made once, by whichever print came first: this print's unit is its own --
            base = replace(base, unit=unit)
        else:
            base = self.computed[holder.name]
            if base.kind is Kind.FIGURE and base.value_kind is ValueKind.AMOUNT and not holder.number_only:
                base = replace(base, unit="万元")
            elif base.name == "x_rate" and holder.number_only:
                base = replace(base, unit="")
        return self.made(replace(base, placeholder=holder.source), (printed,))

    def paras(self, texts: Sequence[Text], paras: Sequence[Para], what: str) -> tuple[Para, ...]:
        return tuple(
            replace(p, text=self.cited(t, p.text, what, record=True)) if t.loc == p.loc else p
            for t, p in zip(texts, paras, strict=False)
        ) + tuple(paras[len(texts) :])


def mark(book: Workbook, report: ReportData) -> tuple[ReportData, dict[str, Source]]:
    """Return `report` with every string printed from `book` marked with its source, and the sources by token."""
    m = _Marker(book)
    info = book.info
    narrative: dict[str, list[Text]] = {}
    for paragraph in book.narrative:
        narrative.setdefault(paragraph.section, []).append(paragraph.text)
    work: list[WorkSection] = []
    index = 0
    for section in report.work:
        section_rows = book.work[index : index + len(section.paragraphs)]
        index += len(section.paragraphs)
        title_cells = tuple(r.section_loc for r in section_rows if r.section_loc is not None)
        title: str = section.title
        if title_cells:
            source = m._add(
                Source(cell_name(title_cells[0]), Kind.TEXT, title_cells, f"重点工作小节标题“{section.title}”")
            )
            title = m.made(source, (section.title,))
        work.append(WorkSection(title, m.paras([r.text for r in section_rows], section.paragraphs, "重点工作")))
    projects = [
        ProjectLine(
            m.text(line.name, project.locs.get("项目名称"), f"重点项目“{project.name}”的名称"),
            m.text(line.source, project.locs.get("资金来源"), f"重点项目“{project.name}”的资金来源"),
            m.figure(line.budget, project.locs.get("预算数"), f"重点项目“{project.name}”的预算数", ValueKind.AMOUNT),
            m.figure(line.spent, project.locs.get("支出数"), f"重点项目“{project.name}”的支出数", ValueKind.AMOUNT),
            m.figure(line.rate, project.locs.get("执行率"), f"重点项目“{project.name}”的执行率", ValueKind.PERCENT, "%")
            if project.stated_rate is not None
            else m.computed_figure(
                line.rate,
                f"x_prate_{_row(project.loc)}",
                (project.locs.get("预算数"), project.locs.get("支出数")),
                f"重点项目“{project.name}”的执行率",
            ),
            line.extra,
        )
        for project, line in zip(book.projects, report.projects, strict=False)
    ]
    categories = []
    for category, line in zip(book.categories, report.categories, strict=False):
        rows = [i for i in book.indicators if i.category == category.name]
        indicators = []
        for row, printed in zip(rows, line.indicators, strict=False):
            deductions = [d for d in book.deductions if d.indicator == row.level3]
            indicators.append(
                IndicatorLine(
                    m.text(printed.level2, row.locs.get("二级指标"), f"评分明细“{row.level3}”的二级指标"),
                    m.text(printed.level3, row.locs.get("三级指标"), "评分明细的三级指标"),
                    m.figure(printed.weight, row.locs.get("分值"), f"“{row.level3}”的分值", ValueKind.NUMBER),
                    m.figure(printed.score, row.locs.get("自评分"), f"“{row.level3}”的自评分", ValueKind.NUMBER),
                    tuple(
                        DeductionLine(
                            m.cited(item.reason, d.reason, f"“{row.level3}”的扣分原因"),
                            m.figure(d.points, item.locs.get("扣分"), f"“{row.level3}”的扣分", ValueKind.NUMBER),
                            d.extra,
                        )
                        for item, d in zip(deductions, printed.deductions, strict=False)
                    ),
                    printed.extra,
                )
            )
        categories.append(
            CategoryLine(
                m.text(line.name, category.locs.get("一级指标"), "一级指标名称"),
                m.figure(line.weight, category.locs.get("分值"), f"一级指标“{category.name}”的分值", ValueKind.NUMBER),
                m.computed_figure(
                    line.score,
                    f"x_cscore_{_row(category.loc)}",
                    [r.locs.get("自评分") for r in rows],
                    f"一级指标“{category.name}”的自评分",
                ),
                tuple(indicators),
                line.extra,
            )
        )
    marked = replace(
        report,
        unit_name=m.text(report.unit_name, info.unit_name.loc, "单位名称"),
        budget=m.figure(report.budget, info.locs.get("全年预算数"), "全年预算数", ValueKind.AMOUNT),
        spent=m.figure(report.spent, info.locs.get("全年执行数"), "全年执行数", ValueKind.AMOUNT),
        rate=m.computed_figure(
            report.rate, "x_rate", (info.locs.get("全年预算数"), info.locs.get("全年执行数")), "预算执行率"
        ),
        duties=m.paras(book.duties, report.duties, "部门职能"),
        narrative={
            name: m.paras(narrative.get(name, []), paras, f"正文“{name}”") for name, paras in report.narrative.items()
        },
        work=tuple(work),
        projects=tuple(projects),
        categories=tuple(categories),
        total_weight=m.computed_figure(
            report.total_weight, "x_weight", [c.locs.get("分值") for c in book.categories], "分值合计"
        ),
        total_score=m.made(m.computed["自评总分"], (report.total_score,)) if report.total_score else "",
        grade=m.made(m.computed["评价等级"], (report.grade,)) if report.grade else report.grade,
        problems=m.paras(book.problems, report.problems, "存在问题"),
        measures=m.paras(book.measures, report.measures, "改进措施"),
        goal_status=m.cited(info.goal_status, report.goal_status, "目标完成情况"),
        unfinished_reason=m.cited(info.unfinished_reason, report.unfinished_reason, "未完成原因"),
    )
    return marked, m.tokens


# -- after rendering: markers → bookmarks ---------------------------------------------------------


def _strip(element: Any) -> None:
    """Remove every marker from the text inside `element`."""
    for t in element.iter(wml.T):
        if t.text and _MARKERS.search(t.text):
            t.text = _TOKEN.sub("", t.text)


_TC_V_MERGE = f"{wml.TCPR}/{wml.VMERGE}"
_ID, _NAME = wml.W + "id", wml.W + "name"


def _element(tag: str) -> Any:
    """A new element `tag` (a Clark name in the w: namespace), as python-docx's `OxmlElement` makes it."""
    return oxml_parser.makeelement(tag, nsmap={"w": wml.W[1:-1]})


def _continued(cell: Any) -> bool:
    merge = cell.find(_TC_V_MERGE)
    return merge is not None and merge.get(wml.VAL, "continue") == "continue"


@dataclass(frozen=True)
class Anchored:
    """A paragraph that prints workbook content: its bookmark's name and its text with the markers still in."""

    name: str
    marked: str


def anchor(document: Document, book: Workbook, tokens: dict[str, Source] | None = None) -> list[Anchored]:
    """Turn the markers `mark` left in the rendered `document` into bookmarks; return the paragraphs anchored.

    Each paragraph (or table cell paragraph) that prints something from the workbook gets, where its
    printed text starts, one empty bookmark for each thing it prints, named after its cell (`s05_C12`) or,
    for a computed figure, what it is (`x_rate`); the first names the paragraph. Runs are never split, so
    the layout is exactly that of the unmarked document. A name printed twice gets `_2`, `_3` … in
    document order. A cell continuing a vertical merge shows nothing and gets none. The workbook's file name and the sheet of each bookmark prefix go in custom document properties.
    With `tokens` (the sources `mark` made), what each cell printed is recorded in the document too
    (`record`), so that `harvest` can tell a reviewer's edit from a change made to the workbook since.
    """
    body = document.element.body
    for cell in body.iter(wml.TC):
        if _continued(cell):
            _strip(cell)
    seen: dict[str, int] = {}
    found: list[Anchored] = []
    counter = 0
    for paragraph in body.iter(wml.P):
        text = "".join(t.text or "" for t in paragraph.iter(wml.T))
        if not _MARKERS.search(text):  # -- no marked run: most paragraphs print nothing from the workbook --
            continue
        runs = [r for r in paragraph.iter(wml.R) if any(_MARKERS.search(t.text or "") for t in r.iter(wml.T))]
        if not runs:
            continue
        names: list[str] = []
        for token in re.findall(f"{OPEN}([^{SEP}]*){SEP}", text):
            base = token.split("|")[0]
            seen[base] = seen.get(base, 0) + 1
            names.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
        # -- points at the start, not ranges: a range's end after the last character stops LibreOffice
        # from hanging a closing 。 in the margin and moves a line break; runs are never split --
        for name in names:
            start = _element(wml.BOOKMARK_START)  # -- as OxmlElement("w:bookmarkStart") makes it --
            start.set(_ID, str(counter))
            start.set(_NAME, name)
            end = _element(wml.BOOKMARK_END)
            end.set(_ID, str(counter))
            runs[0].addprevious(start)
            runs[0].addprevious(end)
            counter += 1
        if names:
            found.append(Anchored(names[0], text))
    _strip(body)
    for part in document.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None and part is not document.part:
            _strip(element)
    _set_custom_properties(
        document,
        {
            PROPERTY_WORKBOOK: Path(book.path).name,
            PROPERTY_SHEETS: ";".join(f"{code}={name}" for name, code in sheet_codes().items()),
        },
    )
    if tokens is not None:
        info = book.info
        _set_record(
            document, Record(info.unit_name.text, str(info.year), Path(book.path).name, printed_values(found, tokens))
        )
    return found


# -- what each cell printed, recorded in the report -----------------------------------------------

RECORD_NS = "urn:perf-report:printed-cells"
"""The namespace of the custom XML part that records what each cell printed (docs/provenance.md)."""


@dataclass(frozen=True)
class Record:
    """What a report was generated from: the unit, the year, the workbook's file name, and each cell's printed value.

    `values` maps `sheet!cell` to the cell's text as printed, with each `{{名称}}` it cites, or to the
    figure as printed, and a computed figure's name (`x_rate`) to the figure; what is printed more than
    once keeps its first print.
    """

    unit: str
    year: str
    workbook: str
    values: dict[str, str]


def printed_values(found: Sequence[Anchored], tokens: dict[str, Source]) -> dict[str, str]:
    """Return what each cell of a text or typed figure printed in the paragraphs `found`, by `sheet!cell`."""
    values: dict[str, str] = {}
    for paragraph in found:
        stack: list[tuple[Source | None, list[str]]] = [(None, [])]
        pos = 0
        for match in _TOKEN.finditer(paragraph.marked):
            stack[-1][1].append(paragraph.marked[pos : match.start()])
            pos = match.end()
            if match.group(0) != CLOSE:
                stack.append((tokens.get(match.group(1)), []))
                continue
            if len(stack) == 1:
                continue
            source, parts = stack.pop()
            text = "".join(parts)
            inside_text = stack[-1][0] is not None and stack[-1][0].kind is Kind.TEXT
            stack[-1][1].append(source.placeholder if source and source.placeholder and inside_text else text)
            if source is None:
                continue
            if source.kind is Kind.COMPUTED:  # -- by what it is: x_rate, x_prate_8 … --
                values.setdefault(source.name, text)
                continue
            for cell in source.cells if source.kind is Kind.TEXT else source.cells[:1]:
                values.setdefault(f"{cell.sheet}!{cell.cell}", text)
    return values


def _set_record(document: Document, record: Record) -> None:
    """Add `record` to the document as a custom XML part (kept by Word, WPS and LibreOffice, shown by none)."""
    cells = "".join(
        f'<cell ref="{_xml_escape(ref).replace(chr(34), "&quot;")}">{_xml_escape(value)}</cell>'
        for ref, value in record.values.items()
    )

    def attr(value: str) -> str:
        return _xml_escape(value).replace('"', "&quot;")

    blob = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<record xmlns="{RECORD_NS}" unit="{attr(record.unit)}" year="{attr(record.year)}" '
        f'workbook="{attr(record.workbook)}">{cells}</record>'
    ).encode()
    package = document.part.package
    partname = package.next_partname("/customXml/item%d.xml")
    part = Part(partname, "application/xml", blob, package)
    document.part.relate_to(part, RT.CUSTOM_XML)
    # -- Word wants each custom XML part's properties: its id (from its content, so the bytes stay reproducible) --
    item_id = str(uuid.uuid5(uuid.NAMESPACE_URL, RECORD_NS + hashlib.sha256(blob).hexdigest())).upper()
    props = (
        "<?xml version='1.0' encoding='UTF-8' standalone='no'?>\n"
        f'<ds:datastoreItem ds:itemID="{{{item_id}}}" xmlns:ds="{_DS_NS}">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{RECORD_NS}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()
    number = str(partname)[len("/customXml/item") : -len(".xml")]
    props_part = Part(PackURI(f"/customXml/itemProps{number}.xml"), CT.OFC_CUSTOM_XML_PROPERTIES, props, package)
    part.relate_to(props_part, RT.CUSTOM_XML_PROPS)


_DS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def read_record(parts: dict[str, bytes]) -> Record | None:
    """Return the record among a report's `parts` (name → bytes of each customXml/item*.xml), if it has one."""
    for name in sorted(parts):
        try:
            root = parse_xml(parts[name])
        except Exception:  # -- not XML, or not ours: another program's part --
            continue
        if root.tag != f"{{{RECORD_NS}}}record":
            continue
        values = {cell.get("ref", ""): cell.text or "" for cell in root.iter(f"{{{RECORD_NS}}}cell")}
        return Record(root.get("unit", ""), root.get("year", ""), root.get("workbook", ""), values)
    return None


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _set_custom_properties(document: Document, values: dict[str, str]) -> None:
    """Write `values` as the document's custom properties (docProps/custom.xml), replacing any there."""
    package = document.part.package
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{_xml_escape(name).replace(chr(34), "&quot;")}">'
        f"<vt:lpwstr>{_xml_escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2)
    )
    blob = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>'
    ).encode()
    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            rel.target_part._blob = blob
            return
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def custom_properties(blob: bytes) -> dict[str, str]:
    """Return the custom properties in a docProps/custom.xml `blob`, by name."""
    root = parse_xml(blob)
    found: dict[str, str] = {}
    for prop in root.iter(f"{{{_CUSTOM_NS}}}property"):
        found[prop.get("name", "")] = "".join(prop.itertext())
    return found


# -- reading bookmarks back -----------------------------------------------------------------------


def base_name(name: str) -> str:
    """Return a bookmark's name without the `_2`, `_3` … that a second print of the same source gets."""
    match = re.fullmatch(r"(.+?)_(\d+)", name)
    if match and (match.group(1).startswith("x_") or re.fullmatch(r"s\d\d_[A-Z]+\d+", match.group(1))):
        return match.group(1)
    return name


def paragraph_text(paragraph: Any) -> str:
    """Return the text a reader sees in a `w:p` element: its runs' text, tracked deletions left out."""
    # -- the word joiners table_layout puts between a number and its unit are layout, not text --
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t"))).replace("\u2060", "")


def anchored(body: Any) -> dict[str, Any]:
    """Return, for each bookmark under `body`, the `w:p` element its start is in (the first, if named twice)."""
    found: dict[str, Any] = {}
    for paragraph in body.iter(qn("w:p")):
        for start in paragraph.iter(qn("w:bookmarkStart")):
            found.setdefault(start.get(qn("w:name"), ""), paragraph)
    return found


def anchors(body: Any) -> dict[str, str]:
    """Return, for each bookmark under `body`, the text of the paragraph it marks."""
    return {name: paragraph_text(p) for name, p in anchored(body).items()}
