"""Harvest a reviewer's edits of a report back into a new copy of its workbook.

The report is compared with what the workbook produces now, paragraph by paragraph, through the
bookmarks `provenance.anchor` left in both (docs/provenance.md). Within a paragraph the two texts are
aligned character by character, and each changed piece is given to what printed it: a cell's text, a
figure typed in a cell, a computed figure (not editable), or the template's own wording (not here).
The input report is only read; the workbook it came from is never written: the edits go to a new
workbook beside it, `…（含审阅修改）.xlsx` (an existing one is never overwritten: the next is `…（含审阅修改2）.xlsx`).
A cell printed in several places and edited in only some is not applied; the new workbook is checked, and
each cell its check now reports (a typed total, a deduction) is listed as to be changed too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import docx
import openpyxl
from docx.oxml.ns import qn
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from generator import oserrors, pipeline, provenance, yearly
from generator.aggregate import aggregate
from generator.comments import AUTHOR
from generator.errors import Finding, Location, UsageError
from generator.provenance import OPEN, SEP, Kind, Source
from generator.render import render
from generator.schema import Kind as ValueKind
from generator.write import _sync_folder

HARVESTED = "含审阅修改"
"""Marks the name of a harvested workbook: `…（含审阅修改）.xlsx`, `…（含审阅修改2）.xlsx`."""
_HARVESTED_MARK = re.compile(f"（{HARVESTED}\\d*）$")
CHANGES_SHEET = yearly.CHANGES_SHEET
"""The sheet of the harvested workbook that lists every change; the build ignores it, next-year drops it."""
HIGHLIGHT = PatternFill("solid", fgColor="FFFF00")
_LABEL = re.compile(r"^\s*(（[一二三四五六七八九十百零]+）|[一二三四五六七八九十百零]+、|\d+[.．]|（\d+）)")
_KEY_COLUMNS = {"正文": ("章节",), "重点工作": ("小节标题",)}
"""Columns a new row copies from the row it follows, so that it belongs to the same section."""


@dataclass(frozen=True)
class Change:
    """One thing the reviewer changed, and what harvest did with it."""

    kind: str
    where: str
    before: str
    after: str
    applied: bool = True
    note: str = ""
    state: str = ""
    """What the 已写入 column says when it is neither 是 nor 否 (a computed figure that will change)."""

    @property
    def status(self) -> str:
        return self.state or ("是" if self.applied else "否")


@dataclass(frozen=True)
class Harvest:
    """Every change found in a reviewed report, and the new workbook (None when nothing was applied)."""

    report: Path
    workbook: Path
    changes: tuple[Change, ...]
    output: Path | None
    kept: tuple[Path, ...] = ()
    """Earlier harvested workbooks that were already there: never overwritten, the output took the next name."""

    @property
    def unapplied(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if not c.applied)


# -- the printed text of a paragraph as a tree of what printed it ----------------------------------


@dataclass
class _Node:
    source: Source | None
    children: list[Any] = field(default_factory=list)


@dataclass
class _Leaf:
    text: str
    path: tuple[_Node, ...]
    new: list[str] = field(default_factory=list)

    @property
    def owner(self) -> _Node:
        return self.path[-1]

    @property
    def editable_text(self) -> bool:
        return self.owner.source is not None and self.owner.source.kind is Kind.TEXT


def _parse(marked: str, tokens: dict[str, Source]) -> tuple[_Node, list[_Leaf]]:
    root = _Node(None)
    stack = [root]
    leaves: list[_Leaf] = []
    pos = 0
    for match in re.finditer(f"{OPEN}([^{SEP}]*){SEP}|{provenance.CLOSE}", marked):
        piece = marked[pos : match.start()]
        if piece:
            leaf = _Leaf(piece, tuple(stack))
            stack[-1].children.append(leaf)
            leaves.append(leaf)
        if match.group(0) == provenance.CLOSE:
            if len(stack) > 1:
                stack.pop()
        else:
            node = _Node(tokens.get(match.group(1)))
            stack[-1].children.append(node)
            stack.append(node)
        pos = match.end()
    if marked[pos:]:
        leaf = _Leaf(marked[pos:], tuple(stack))
        stack[-1].children.append(leaf)
        leaves.append(leaf)
    return root, leaves


def _align(leaves: list[_Leaf], edited: str) -> list[tuple[str, str]]:
    """Give each leaf the part of `edited` that replaced it (insertions go to a text of the workbook).

    Words inserted where no text of the workbook is beside them (after a computed rate, between a figure and
    the template's wording) belong to nothing that can be written back: they are returned, each with the
    text just before it, for the clerk to add by hand; the figure beside them is left as it was.
    """
    stranded: list[tuple[str, str]] = []
    expected = "".join(leaf.text for leaf in leaves)
    owner: list[int] = [n for n, leaf in enumerate(leaves) for _ in leaf.text]

    def pick(candidates: list[int]) -> int:
        return next((c for c in candidates if leaves[c].editable_text), candidates[0])

    matcher = difflib.SequenceMatcher(None, expected, edited, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                leaves[owner[i1 + k]].new.append(edited[j1 + k])
        elif op in ("replace", "insert"):
            if i1 < i2:
                candidates = list(dict.fromkeys(owner[i1:i2]))
            else:
                candidates = [
                    c for c in (owner[i1 - 1] if i1 else None, owner[i1] if i1 < len(owner) else None) if c is not None
                ]
            if candidates and i1 == i2 and _stranded(leaves, candidates, edited[j1:j2]):
                stranded.append((edited[max(0, j1 - 20) : j1], edited[j1:j2]))
            elif candidates:
                leaves[pick(candidates)].new.append(edited[j1:j2])
    return stranded


def _stranded(leaves: list[_Leaf], candidates: list[int], inserted: str) -> bool:
    """Whether words inserted between `candidates` have no text of the workbook to go to.

    Digits are a figure being edited; an insertion inside the template's own wording is a template edit.
    """
    if any(leaves[c].editable_text for c in candidates) or any(ch.isdigit() for ch in inserted):
        return False
    return any(leaves[c].owner.source is not None for c in candidates)


def _number(text: str, source: Source) -> Decimal | None:
    raw = text.strip()
    if source.unit and raw.endswith(source.unit):
        raw = raw[: -len(source.unit)]
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def excerpts(before: str, after: str, limit: int = 40) -> tuple[str, str]:
    """Return `before` and `after` cut to `limit` characters around where they first differ.

    A long paragraph edited near its end would otherwise show the same beginning twice; the cut keeps a
    few characters before the first difference and marks what it leaves out with “…”.
    """
    old, new = before.replace("\n", " "), after.replace("\n", " ")
    if len(old) <= limit and len(new) <= limit:
        return old, new
    same = 0
    while same < min(len(old), len(new)) and old[same] == new[same]:
        same += 1
    lead = max(0, same - 10)
    return _cut(old, lead, limit), _cut(new, lead, limit)


def _cut(text: str, lead: int, limit: int) -> str:
    head = "…" if lead else ""
    body = text[lead:]
    room = limit - len(head)
    return head + (body if len(body) <= room else body[: room - 1] + "…")


def _cells(source: Source) -> str:
    return "、".join(f"{c.sheet}!{c.cell}" for c in source.cells) or "（无）"


class _Collector:
    """Gathers the edits of one report: cell values, rows deleted and added, and what cannot be applied."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], list[tuple[Any, str, str, Source]]] = {}
        self.changes: list[Change] = []
        self.deleted: list[tuple[Location, str]] = []
        self.added: list[tuple[Source, str, bool]] = []
        self.prints: dict[tuple[str, str], list[tuple[str, bool]]] = {}
        """Every place a cell is printed as itself (text or typed figure): the paragraph, and whether it was edited."""
        self.place = ""
        self.record: provenance.Record | None = None
        """What the report was generated from, when it records it."""

    def cannot(self, kind: str, where: str, before: str, after: str, note: str) -> None:
        self.changes.append(Change(kind, where, before, after, False, note))

    def value(self, loc: Location, value: Any, before: str, after: str, source: Source) -> None:
        self.values.setdefault((loc.sheet, loc.cell), []).append((value, before, after, source))

    def printed(self, loc: Location, edited: bool) -> None:
        self.prints.setdefault((loc.sheet, loc.cell), []).append((self.place, edited))

    def node_text(self, node: _Node, new: bool) -> str:
        """Return the cell text of a text node: its own text, and `{{名称}}` where a figure was cited."""
        out: list[str] = []
        for child in node.children:
            if isinstance(child, _Leaf):
                out.append("".join(child.new) if new else child.text)
                continue
            source = child.source
            inner = "".join(leaf.text for leaf in _leaves(child))
            changed = "".join("".join(leaf.new) for leaf in _leaves(child))
            if source is None or not source.placeholder:
                out.append(changed if new else inner)
            elif new and changed != inner and source.kind is Kind.FIGURE and _number(changed, source) is None:
                out.append(changed)  # -- the reviewer replaced the figure by words: keep the words --
            else:
                out.append(source.placeholder)
        return "".join(out)

    def paragraph(self, marked: str, tokens: dict[str, Source], edited: str, numbered: bool) -> None:
        root, leaves = _parse(marked, tokens)
        plain = "".join(leaf.text for leaf in leaves)
        self.place = f"“{plain[:20]}{'…' if len(plain) > 20 else ''}”"
        if numbered and leaves and leaves[0].owner is root and _LABEL.match(leaves[0].text):
            match = _LABEL.match(edited)
            label = match.group(0) if match else ""
            edited = leaves[0].text + edited[len(label) :]
        for before, words in _align(leaves, edited):
            first = next((leaf.owner.source for leaf in leaves if leaf.owner.source is not None), None)
            self.cannot(
                "新增文字",
                _cells(first) if first is not None else "模板",
                before,
                before + words,
                f"审阅人在“{before}”之后加了“{words}”。这里是模板文字和工作簿数字拼成的句子，没有可写入的单元格，"
                "数字也仍由程序计算；请把这段文字手工加到工作簿中合适的文字单元格（或请模板维护者加入模板）。",
            )
        self._walk(root, inside_text=False)

    def _walk(self, node: _Node, inside_text: bool) -> None:
        source = node.source
        if source is not None and source.kind is Kind.TEXT:
            before, after = self.node_text(node, False), self.node_text(node, True)
            for cell in source.cells:
                self.printed(cell, before != after)
            if before != after:
                for cell in source.cells:
                    self.value(cell, after, before, after, source)
        for child in node.children:
            if isinstance(child, _Node):
                self._walk(child, inside_text or (source is not None and source.kind is Kind.TEXT))
            elif child.owner.source is None and "".join(child.new) != child.text:
                self.cannot("模板文字", "模板", child.text, "".join(child.new), "这段文字来自模板，请在模板中修改。")
        if source is None or source.kind is Kind.TEXT:
            return
        before = "".join(leaf.text for leaf in _leaves(node))
        after = "".join("".join(leaf.new) for leaf in _leaves(node))
        if source.kind is Kind.FIGURE and source.cells:
            self.printed(source.cells[0], before != after)
        if before == after:
            return
        if source.kind is Kind.COMPUTED:
            if self.record is not None and _same_print(self.record.values.get(source.name, "\0"), after):
                return  # -- printed so when the report was made: its cells changed since, not the reviewer --
            self.cannot(
                "计算所得",
                source.what,
                before,
                after,
                f"{source.what}由程序计算，不能直接改；请修改它所依据的单元格：{_cells(source)}。",
            )
            return
        number = _number(after, source)
        if number is None:
            if not inside_text:
                self.cannot("数字", _cells(source), before, after, f"{source.what}应为数字，改后的“{after}”不是数字。")
            return
        self.value(source.cells[0], number, before, after, source)

    def settle(self, file_name: str = "") -> dict[tuple[str, str], tuple[Any, str, str, Source]]:
        """Return the one new value of each cell.

        A cell changed two ways in two places is listed as not applied, and so is a cell printed in several
        places and edited in only some of them: writing it would change the places the reviewer left alone.
        """
        settled: dict[tuple[str, str], tuple[Any, str, str, Source]] = {}
        for (sheet, cell), edits in self.values.items():
            distinct = {str(e[0]) for e in edits}
            prints = self.prints.get((sheet, cell), [])
            left = [place for place, edited in prints if not edited]
            if len(distinct) == 1 and left:
                before = edits[0][1]
                edited_at = "、".join(dict.fromkeys(place for place, edited in prints if edited))
                also = "、".join(dict.fromkeys(left))
                named = f"，以及报告文件名“{file_name}”" if before.strip() and before in file_name else ""
                self.cannot(
                    "多处印出",
                    f"{sheet}!{cell}",
                    before,
                    edits[0][2],
                    f"{sheet}!{cell}（{edits[0][3].what}）在报告中印在 {len(prints)} 处，审阅人只改了 {edited_at}；"
                    f"写入工作簿会同时改变未改的 {also}{named}。"
                    f"如确要改，请在工作簿中修改 {sheet}!{cell}，重新生成后核对这几处。",
                )
            elif len(distinct) == 1:
                settled[(sheet, cell)] = edits[0]
            else:
                self.cannot(
                    "修改冲突",
                    f"{sheet}!{cell}",
                    edits[0][1],
                    " / ".join(sorted(distinct)),
                    "同一单元格在报告的几处被改成了不同的内容，请手工决定。",
                )
        return settled


def _leaves(node: _Node) -> Iterator[_Leaf]:
    for child in node.children:
        if isinstance(child, _Leaf):
            yield child
        else:
            yield from _leaves(child)


# -- the two documents ------------------------------------------------------------------------------


def _continued(paragraph: Any) -> bool:
    cell = next((a for a in paragraph.iterancestors(qn("w:tc"))), None)
    return cell is not None and provenance._continued(cell)


def _style(document: Any, paragraph: Any) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    if style is None:
        return ""
    found = document.styles.element.get_by_id(style.get(qn("w:val")))
    return str(found.name_val) if found is not None else ""


def _key(paragraph: Any, keys: dict[str, int]) -> str | None:
    """Return the paragraph's identity: of its bookmarks that name a paragraph, the one printed first.

    LibreOffice may reorder bookmarks that sit at the same point; a joined paragraph holds two keys.
    """
    names = [s.get(qn("w:name"), "") for s in paragraph.iter(qn("w:bookmarkStart"))]
    known = [n for n in names if n in keys]
    return min(known, key=keys.__getitem__) if known else None


def _tokens(document: Any, keys: dict[str, int]) -> list[tuple[str, str, Any]]:
    """Return the body's paragraphs in order as (kind, key or text, element); A for anchored, T for the others."""
    out: list[tuple[str, str, Any]] = []
    for paragraph in document.element.body.iter(qn("w:p")):
        if _continued(paragraph):
            continue
        name = _key(paragraph, keys)
        if name is not None:
            out.append(("A", name, paragraph))
        else:
            out.append(("T", provenance.paragraph_text(paragraph), paragraph))
    return out


def _record(report: Path) -> provenance.Record | None:
    """Return what `report` records it was generated from (None for a report made before it was recorded)."""
    import zipfile

    try:
        with zipfile.ZipFile(report) as package:
            parts = {n: package.read(n) for n in package.namelist() if re.fullmatch(r"customXml/item\d+\.xml", n)}
    except (zipfile.BadZipFile, OSError):
        return None
    return provenance.read_record(parts)


def _refuse_another_workbook(
    report: Path, path: Path, book: Any, record: provenance.Record | None, matched: bool, title: str = ""
) -> None:
    """Refuse a workbook that is not the one `report` was generated from: harvest would write its edits over another unit's.

    A report that records its source is compared by 单位名称 and 年度; an older one by its title (document
    property), which names both.
    """
    unit, year = book.info.unit_name.text, str(book.info.year)
    if record is None and title and (f"{year}年" not in title or unit[:8] not in title):
        msg = (
            f"报告“{report.name}”的标题是“{title}”，而工作簿“{path.name}”是“{unit}”{year} 年度的，不是这份报告的来源。"
            "把审阅修改写进别的单位或年度的工作簿会替换掉它的内容，所以没有写入任何文件。"
            "请用 --workbook 指明生成这份报告的工作簿。"
        )
        raise _usage("harvest_wrong_workbook", msg, path)
    if record is not None and record.unit and (record.unit, record.year) != (unit, year):
        msg = (
            f"报告“{report.name}”是由“{record.unit}”{record.year} 年度的工作簿“{record.workbook}”生成的，"
            f"而工作簿“{path.name}”是“{unit}”{year} 年度的，不是这份报告的来源。把审阅修改写进别的单位或年度的"
            f"工作簿会替换掉它的内容，所以没有写入任何文件。请用 --workbook 指明“{record.workbook}”"
            "（或它的含审阅修改的副本）；去掉 --workbook 时程序在报告旁边和 inputs/ 中查找它。"
        )
        raise _usage("harvest_wrong_workbook", msg, path)
    if record is None and not matched:
        msg = (
            f"报告“{report.name}”中没有一处与工作簿“{path.name}”对得上的来源标记：它不是由这个工作簿生成的，"
            "或者不是本程序生成的报告。没有写入任何文件。请用 --workbook 指明生成这份报告的工作簿；"
            "报告若是手工写的，请对照报告手工修改工作簿。"
        )
        raise _usage("harvest_wrong_workbook", msg, path)


def _same_print(a: str, b: str) -> bool:
    """Whether two printed values are the same: the same text, or the same figure (859人 and 859名 print 859)."""
    if a.strip() == b.strip():
        return True
    first, second = _FIGURE.fullmatch(a.strip()), _FIGURE.fullmatch(b.strip())
    if first is None or second is None:
        return False
    return Decimal(first.group(1).replace(",", "")) == Decimal(second.group(1).replace(",", ""))


_FIGURE = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)[^\d]{0,4}")
"""A printed figure: a number and at most a short unit after it (人, 万元, %)."""


def _changed_since(record: provenance.Record, now: dict[str, str], loc: Location) -> bool:
    """Whether the cell at `loc` prints something else now than when the report was generated."""
    key = f"{loc.sheet}!{loc.cell}"
    was = record.values.get(key)
    return was is None or not _same_print(was, now.get(key, ""))


def _workbook_changed(
    found: _Collector, record: provenance.Record, now: dict[str, str], loc: Location, after: str, deleted: bool = False
) -> None:
    """List a cell the workbook changed after the report was generated: kept as the clerk left it.

    Where the reviewer left it as printed, the report only shows the old value: nothing to do. Where both
    changed it, the clerk decides: both values are listed, and nothing is written.
    """
    key = f"{loc.sheet}!{loc.cell}"
    was, current = record.values.get(key), now.get(key, "（已不在工作簿中）")
    if was is None:
        note = f"报告生成时没有印出 {key}，它是之后加到工作簿中的：保留工作簿现在的内容。"
        found.changes.append(Change("工作簿已改", key, "", current, True, note, "保留工作簿"))
        return
    if not deleted and _same_print(was, after):
        note = f"报告生成后，工作簿中 {key} 由“{was}”改成了现在的内容；审阅人没有改这里：保留工作簿现在的内容。"
        found.changes.append(Change("工作簿已改", key, was, current, True, note, "保留工作簿"))
        return
    found.cannot(
        "修改冲突",
        key,
        current,
        after,
        f"报告生成时 {key} 为“{was}”；之后工作簿改成了“{current}”，审阅人又改成了“{after}”。两边都改过，"
        f"程序不替您选择，没有写入：请在工作簿中决定 {key} 的内容。",
    )


def find_workbook(report: Path, given: Path | None) -> Path:
    """Return the workbook of `report`: `given`, or the one its 来源工作簿 property names, looked for beside it."""
    if given is not None:
        if not given.is_file():
            raise _usage("workbook_missing", f"找不到工作簿 {given}。请检查 --workbook 参数。", given)
        return given
    import zipfile

    try:
        with zipfile.ZipFile(report) as package:
            props = provenance.custom_properties(package.read("docProps/custom.xml"))
    except (KeyError, zipfile.BadZipFile, OSError):
        props = {}
    name = props.get(provenance.PROPERTY_WORKBOOK, "")
    for folder in (report.parent, report.parent.parent, report.parent.parent / "inputs", Path("inputs")):
        if name and (folder / name).is_file():
            return folder / name
    raise _usage(
        "workbook_not_found",
        f"找不到生成这份报告的工作簿“{name or '（报告中没有记录）'}”。请用 --workbook 指明工作簿。",
        report,
    )


def _usage(code: str, msg: str, path: Path) -> UsageError:
    return UsageError(msg, [Finding(code, msg, Location(file=str(path)))])


def harvest(report: Path, workbook: Path | None = None, template: Path = pipeline.DEFAULT_TEMPLATE) -> Harvest:
    """Compare the reviewed `report` with what its workbook produces now; write the edits to a new workbook.

    Returns every change found. Nothing is written when there is nothing to apply.
    """
    if not report.is_file():
        raise _usage("report_missing", f"找不到报告 {report}。", report)
    try:
        edited = docx.Document(str(report))
    except Exception as exc:  # -- python-docx raises several types for a file that is not a .docx --
        raise _usage("report_unreadable", f"{report} 不是可读的 Word 文档（.docx）：{exc}", report) from exc
    path = find_workbook(report, workbook)
    book = pipeline.check(path, template)
    data = aggregate(book)
    marked, tokens = provenance.mark(book, data)
    expected = render(marked, template)
    anchored_now = provenance.anchor(expected, book)
    paragraphs = {a.name: a.marked for a in anchored_now}
    keys = {name: n for n, name in enumerate(paragraphs)}
    want = _tokens(expected, keys)
    got = _tokens(edited, keys)
    record = _record(report)
    title = edited.core_properties.title or ""
    _refuse_another_workbook(report, path, book, record, any(kind == "A" for kind, _, _ in got), title)
    # -- what each cell prints now, to compare with what it printed when the report was generated --
    now = provenance.printed_values(anchored_now, tokens)
    found = _Collector()
    found.record = record

    # -- anchored paragraphs: edited, joined or deleted --
    present = {key for kind, key, _ in got if kind == "A"}
    starts_anywhere = set(provenance.anchored(edited.element.body))
    for kind, key, element in want:
        if kind != "A":
            continue
        if key in present:
            edited_paragraph = next(e for k, n, e in got if k == "A" and n == key)
            numbered = _style(expected, element) in _numbered_styles()
            found.paragraph(paragraphs[key], tokens, provenance.paragraph_text(edited_paragraph), numbered)
            continue
        first = _first_source(paragraphs[key], tokens)
        text = provenance.paragraph_text(element)
        how = "并入上一段" if key in starts_anywhere else "删除"
        if first is not None and record is not None and _changed_since(record, now, first.cells[0]):
            _workbook_changed(found, record, now, first.cells[0], "（审阅人删除了这一段）", deleted=True)
        elif first is not None and first.record:
            found.deleted.append((first.cells[0], text))
            found.changes.append(Change("删除段落", _cells(first), text, "", True, how))
        else:
            found.cannot(
                "删除段落", _cells(first) if first else "", text, "", "由几项拼成的段落或表格内容，不能自动删除。"
            )

    # -- paragraphs the reviewer added, and template paragraphs changed --
    matcher = difflib.SequenceMatcher(None, [t[:2] for t in want], [t[:2] for t in got], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for kind, text, _ in want[i1:i2]:
            if kind == "T" and text.strip():
                found.cannot("模板段落", "模板", text, "", "模板中的段落被删改，请在模板中修改。")
        for index in range(j1, j2):
            kind, text, _ = got[index]
            if kind != "T" or not text.strip():
                continue
            anchor = next((got[k][1] for k in range(index - 1, -1, -1) if got[k][0] == "A"), None)
            source = _first_source(paragraphs[anchor], tokens) if anchor else None
            if source is not None and (source.record or source.what.startswith("重点工作小节标题")):
                found.added.append((source, text, source.record))
                found.changes.append(Change("新增段落", _cells(source), "", text, True, "加在该记录之后"))
            else:
                found.cannot(
                    "新增段落",
                    _cells(source) if source else "",
                    "",
                    text,
                    "新增段落不在可逐条增减的内容中，请手工加入工作簿。",
                )

    # -- reviewers' comments --
    comments = []
    for comment in edited.comments if hasattr(edited, "comments") else []:
        if comment.author == AUTHOR:
            continue
        where = _comment_place(edited, comment.comment_id, keys, paragraphs, tokens)
        comments.append(Change("审阅批注", where, "", comment.text, True, comment.author or ""))

    settled = found.settle(pipeline.output_name(data))
    if record is not None:  # -- never write back over what the clerk changed in the workbook since --
        for (sheet, cell), (_value, _before, after, _source) in list(settled.items()):
            loc = Location(str(path), sheet, cell)
            if _changed_since(record, now, loc):
                del settled[(sheet, cell)]
                _workbook_changed(found, record, now, loc, after)
    for (sheet, cell), (_value, before, after, _source) in settled.items():
        found.changes.append(Change("修改", f"{sheet}!{cell}", before, after))
    # -- a computed figure whose cells changed will print differently: say so --
    listed = {c.where for c in found.changes if c.kind == "计算所得"}
    for source in dict.fromkeys(tokens.values()):
        feeds_changed = any((c.sheet, c.cell) in settled for c in source.cells)
        if source.kind is Kind.COMPUTED and source.what not in listed and feeds_changed:
            listed.add(source.what)
            found.changes.append(
                Change(
                    "计算所得",
                    source.what,
                    "",
                    "",
                    True,
                    f"所依据的单元格已改（{_cells(source)}），重新生成时按新数字计算。",
                    "将随之改变",
                )
            )
    changes = [*found.changes, *comments]
    if record is None and changes:  # -- a report made before reports recorded what they printed --
        note = (
            f"报告“{report.name}”没有记下生成时各单元格印出的内容（由较早的版本生成），无法判断工作簿在报告生成后"
            "是否又改过：上面的“修改前”是工作簿现在的内容，请逐条核对，别让报告里的旧内容盖掉您之后的修改。"
        )
        changes.append(Change("无法核对", path.name, "", "", True, note, "请核对"))
    applicable = bool(settled or found.deleted or found.added)
    output = None
    kept: tuple[Path, ...] = ()
    if applicable:
        written, changes = _write(path, report, settled, found, changes)
        follow = _follow_ups(path, written, book, template, _relocated(_warned(book), _row_ops(found), {}))
        if follow:  # -- list them in the 审阅修改 sheet too --
            changes = [*changes, *follow]
            written, changes = _write(path, report, settled, found, changes, relocate=False)
        output, kept = _save_new(path, written)
    return Harvest(report, path, tuple(changes), output, kept)


def _warned(book: Any) -> list[Change]:
    """The original workbook's warnings, as changes naming their cells (to be named as in the new workbook)."""
    return [Change(f.code, f"{f.loc.sheet}!{f.loc.cell}", "", "") for f in book.warnings]


def _follow_ups(path: Path, written: bytes, book: Any, template: Path, had_before: list[Change]) -> list[Change]:
    """Check the harvested workbook: each problem the original did not have names a cell the clerk must change too.

    A changed 自评分, for one, leaves the typed total and the deductions disagreeing with it; harvest does not
    guess their new values, and `check` of the new workbook reports them at these same cells.
    """
    from generator.errors import GeneratorError

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        copy.write_bytes(written)
        try:
            findings = pipeline.check(copy, template).warnings
        except GeneratorError as exc:
            findings = exc.findings
        had = {(c.kind, c.where) for c in had_before}  # -- the original's warnings, at their cells in the new one --
        out = []
        for f in findings:
            if (f.code, f"{f.loc.sheet}!{f.loc.cell}") in had:
                continue
            where = f"{f.loc.sheet}!{f.loc.cell}" if f.loc.cell else f.loc.sheet or path.name
            msg = f.msg.replace(str(copy), str(path)).replace(folder, str(path.parent))
            out.append(
                Change(
                    "须一并修改",
                    where,
                    "",
                    "",
                    False,
                    f"写入审阅修改后，新工作簿检查发现：{msg} 请在新工作簿中一并修改此处。",
                )
            )
    return out


def output_name(workbook: Path, number: int = 1) -> Path:
    """Return the name of the `number`th harvested copy of `workbook`: `…（含审阅修改）`, `…（含审阅修改2）`, …"""
    suffix = "" if number == 1 else str(number)
    # -- a harvested workbook harvested again is numbered beside its original, never marked twice --
    stem = _HARVESTED_MARK.sub("", workbook.stem) or workbook.stem
    return workbook.with_name(f"{stem}（{HARVESTED}{suffix}）{workbook.suffix}")


def _save_new(workbook: Path, data: bytes) -> tuple[Path, tuple[Path, ...]]:
    """Write `data` under the first free harvested name beside `workbook`; never replace an existing file.

    The bytes go to a temporary file first, which is then linked under the new name: the link fails if a
    file of that name appeared meanwhile, so a clerk's earlier harvested workbook is never overwritten and
    a half-written workbook is never seen.
    """
    folder = workbook.parent
    try:
        return _link_new(workbook, data)
    except OSError as exc:
        raise _usage(
            "harvest_unwritable",
            f"无法在 {folder} 写入新工作簿（{oserrors.describe(exc)}）。"
            "请检查该文件夹是否可写、磁盘是否已满；原工作簿未改动，可把工作簿复制到可写的文件夹再运行。",
            output_name(workbook),
        ) from exc


def _link_new(workbook: Path, data: bytes) -> tuple[Path, tuple[Path, ...]]:
    folder = workbook.parent
    handle, temp_name = tempfile.mkstemp(prefix=f".{workbook.stem}.", suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    kept: list[Path] = []
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(0o644)
        number = 1
        while True:
            target = output_name(workbook, number)
            try:
                os.link(temp, target)
            except FileExistsError:
                kept.append(target)
                number += 1
                continue
            except OSError:  # -- a file system without hard links (FAT, some shares): check, then rename --
                if target.exists():
                    kept.append(target)
                    number += 1
                    continue
                os.replace(temp, target)
            break
    finally:
        temp.unlink(missing_ok=True)
    _sync_folder(folder)
    return target, tuple(kept)


def _numbered_styles() -> set[str]:
    from generator.render import NUMBERED_STYLES

    return set(NUMBERED_STYLES)


def _first_source(marked: str, tokens: dict[str, Source]) -> Source | None:
    match = re.search(f"{OPEN}([^{SEP}]*){SEP}", marked)
    return tokens.get(match.group(1)) if match else None


def _comment_place(
    document: Any, comment_id: int, keys: dict[str, int], paragraphs: dict[str, str], tokens: dict[str, Source]
) -> str:
    last: str | None = None
    for paragraph in document.element.body.iter(qn("w:p")):
        name = _key(paragraph, keys)
        if name is not None:
            last = name
        for start in paragraph.iter(qn("w:commentRangeStart"), qn("w:commentReference")):
            if start.get(qn("w:id")) == str(comment_id):
                source = _first_source(paragraphs[last], tokens) if last else None
                text = provenance.paragraph_text(paragraph)[:20]
                return f"{_cells(source) if source else '（模板文字）'}（段落“{text}…”）"
    return "（位置不明）"


# -- the new workbook --------------------------------------------------------------------------------


def _top_left(ws: Worksheet, ref: str) -> str:
    for merged in ws.merged_cells.ranges:
        if ref in merged:
            return str(merged.start_cell.coordinate)
    return ref


def _mark(ws: Worksheet, ref: str, note: str) -> None:
    cell = ws[ref]
    cell.fill = HIGHLIGHT
    cell.comment = Comment(note, yearly.HARVEST_AUTHOR)


def _shift_merges(ws: Worksheet, row: int, by: int) -> None:
    """Keep merged ranges on their rows after rows are inserted (`by` > 0) or deleted (`by` < 0) at `row`."""
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row >= row:
            merged.shift(0, by)
        elif merged.max_row >= row:
            merged.expand(down=by) if by > 0 else merged.shrink(bottom=-by)


def _write(
    path: Path,
    report: Path,
    settled: dict[tuple[str, str], tuple[Any, str, str, Source]],
    found: _Collector,
    changes: list[Change],
    relocate: bool = True,
) -> tuple[bytes, list[Change]]:
    """Return the new workbook's bytes, and `changes` with their cells named as they are in it (`relocate`).

    Rows deleted and added move the cells below them: the change list names each cell where the clerk
    finds it in the new workbook, a deleted row as deleted, and an added paragraph at its new row.
    """
    book = openpyxl.load_workbook(path)
    stamp = dt.date.today().isoformat()
    for (sheet, ref), (value, before, _after, source) in settled.items():
        ws = book[sheet]
        target = _top_left(ws, ref)
        cell = ws[target]
        if isinstance(value, Decimal):
            if source.value_kind is ValueKind.PERCENT and "%" in (cell.number_format or ""):
                value = value / 100
            value = int(value) if value == value.to_integral_value() and "." not in str(value) else value
        cell.value = value
        _mark(ws, target, f"审阅修改（{report.name}，{stamp}）：原为“{before}”。")
    # -- rows: from the bottom up, so that the rows above keep their numbers --
    ops = _row_ops(found)
    columns: dict[int, str] = {}
    for sheet, row, order, payload in sorted(ops, key=lambda o: (o[0], -o[1], -o[2])):
        ws = book[sheet]
        if payload is None:
            ws.delete_rows(row)
            _shift_merges(ws, row + 1, -1)
            continue
        loc, text = payload
        ws.insert_rows(row + 1)
        _shift_merges(ws, row + 1, 1)
        header = [c.value for c in ws[1]]
        column = loc.cell.rstrip("0123456789")
        source_row = row if _row(loc.cell) <= row else row + 2
        if sheet == "重点工作" and column == _column_of(header, "小节标题"):
            column = _column_of(header, "内容")
        for name in _KEY_COLUMNS.get(sheet, ()):
            key_col = _column_of(header, name)
            new_ref = f"{key_col}{row + 1}"
            if key_col and _top_left(ws, new_ref) == new_ref:
                ws[new_ref] = ws[_top_left(ws, f"{key_col}{source_row}")].value
        clean = _LABEL.sub("", text, count=1) if sheet in ("部门职能", "存在问题", "改进措施") else text
        ws[f"{column}{row + 1}"] = clean.strip()
        _mark(ws, f"{column}{row + 1}", f"审阅人新增的段落（{report.name}，{stamp}）。")
        columns[order] = column
    if relocate:
        changes = _relocated(changes, ops, columns)
    if CHANGES_SHEET in book.sheetnames:
        del book[CHANGES_SHEET]
    ws = book.create_sheet(CHANGES_SHEET)
    ws.append(["类型", "位置", "修改前", "修改后", "是否已写入", "说明"])
    for change in changes:
        ws.append([change.kind, change.where, change.before, change.after, change.status, change.note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), changes


def _row_ops(found: _Collector) -> list[tuple[str, int, int, Any]]:
    """Return the rows to delete (order 0, no payload) and to add after a row (order 1, 2 …, payload (cell, text))."""
    ops: list[tuple[str, int, int, Any]] = []
    for loc, _text in found.deleted:
        ops.append((loc.sheet, _row(loc.cell), 0, None))
    for order, (source, text, after_row) in enumerate(found.added, start=1):
        loc = source.cells[0]
        row = _row(loc.cell)
        if not after_row:  # -- a 小节标题: the new paragraph opens the sub-section --
            row = min(_row(c.cell) for c in source.cells) - 1
        ops.append((loc.sheet, row, order, (loc, text)))
    return ops


def _relocated(changes: list[Change], ops: list[tuple[str, int, int, Any]], columns: dict[int, str]) -> list[Change]:
    """Return `changes` naming each cell as it is after the rows of `ops` were deleted and added.

    The rows are moved in a list exactly as `_write` moves them in the sheet; each added paragraph (the
    n-th 新增段落 is `found.added`'s n-th) is named at its new cell.
    """
    if not ops:
        return changes
    moved: dict[str, tuple[int, int, dict[tuple[str, int], int]]] = {}
    for sheet in {o[0] for o in ops}:
        mine = [o for o in ops if o[0] == sheet]
        limit = max(o[1] for o in mine) + 1
        rows: list[tuple[str, int]] = [("old", r) for r in range(1, limit + 1)]
        for _sheet, row, order, payload in sorted(mine, key=lambda o: (-o[1], -o[2])):
            if payload is None:
                del rows[row - 1]
            else:
                rows.insert(row, ("new", order))
        moved[sheet] = (limit, len(rows) - limit, {label: n for n, label in enumerate(rows, start=1)})
    address = re.compile(f"({'|'.join(map(re.escape, moved))})!([A-Z]+)(\\d+)")

    def new_place(match: re.Match[str]) -> str:
        limit, shift, place = moved[match[1]]
        old = int(match[3])
        row = old + shift if old > limit else place.get(("old", old))
        return f"{match[1]}!{match[2]}{row}" if row is not None else f"{match[0]}（该行已删除）"

    added = iter(sorted((o for o in ops if o[3] is not None), key=lambda o: o[2]))
    out = []
    for change in changes:
        if change.kind == "新增段落" and change.applied:
            sheet, _row_at, order, _payload = next(added)
            at = f"{sheet}!{columns.get(order, '')}{moved[sheet][2][('new', order)]}"
            out.append(replace(change, where=at, note=f"{change.note}（{address.sub(new_place, change.where)} 之后）"))
            continue
        out.append(
            replace(change, where=address.sub(new_place, change.where), note=address.sub(new_place, change.note))
        )
    return out


def _row(ref: str) -> int:
    return int("".join(ch for ch in ref if ch.isdigit()))


def _column_of(header: list[Any], name: str) -> str:
    from openpyxl.utils import get_column_letter

    for index, value in enumerate(header, start=1):
        if isinstance(value, str) and value.strip() == name:
            return get_column_letter(index)
    return ""
