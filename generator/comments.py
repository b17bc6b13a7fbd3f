"""Attach each warning to the paragraph it concerns, as a Word comment a reviewer sees in the review pane.

A warning is located in a workbook cell. The paragraphs that print that cell are found from the
records: a narrative paragraph by its own cell (`Para.loc`), a project, indicator or deduction by its
row and the texts that row prints, a cited figure by the paragraphs whose text cites it. A warning
that concerns no printed paragraph (the file name, an unused sheet) goes on the title, so that the
document still shows every warning.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from generator import placeholders, wml
from generator.aggregate import cite
from generator.errors import Finding, Location
from generator.models import Para, ReportData, Text, Workbook

AUTHOR = "校验"

_ROW = re.compile(r"[A-Z]+(\d+)")


@dataclass(frozen=True)
class Target:
    """A printed paragraph identified by texts it contains, every one of them."""

    needles: tuple[str, ...]


Key = tuple[str, int]
"""A workbook row: sheet name and row number."""


def _key(loc: Location) -> Key | None:
    match = _ROW.fullmatch(loc.cell)
    return (loc.sheet, int(match.group(1))) if match else None


def targets(book: Workbook, report: ReportData) -> dict[Key, list[Target]]:
    """Return, for each workbook row printed in the report, the paragraphs that print it."""
    found: dict[Key, list[Target]] = {}

    def add(loc: Location | None, *needles: str) -> None:
        key = _key(loc) if loc is not None else None
        if key is not None and all(needles):
            found.setdefault(key, []).append(Target(tuple(needles)))

    paras: list[Para] = [*report.duties, *report.problems, *report.measures]
    paras += [p for section in report.narrative.values() for p in section]
    paras += [p for section in report.work for p in section.paragraphs]
    printed = {(p.loc.sheet, p.loc.cell): p.text for p in paras if p.loc is not None}
    for para in paras:
        add(para.loc, para.text)

    # -- a figure cited by placeholder: the paragraphs that cite it --
    sources: list[Text] = [*book.duties, *book.problems, *book.measures]
    sources += [p.text for p in (*book.narrative, *book.work)]
    citing: dict[str, list[Text]] = {}
    for source in sources:
        for name in dict.fromkeys(h.name for h in placeholders.find(source.text)):
            citing.setdefault(name, []).append(source)
    for stat in book.stats:
        for source in citing.get(stat.name, []):
            text = printed.get((source.loc.sheet, source.loc.cell))
            if text:
                add(stat.loc, text)

    for project, line in zip(book.projects, report.projects, strict=False):
        add(project.loc, line.name, line.budget, line.spent)
    for category, printed_category in zip(book.categories, report.categories, strict=False):
        add(category.loc, printed_category.name, printed_category.weight)
    for indicator in book.indicators:
        add(indicator.loc, indicator.level3)
    lookup = cite(book)
    for deduction in book.deductions:
        add(deduction.loc, placeholders.substitute(deduction.reason.text, lookup))

    info = book.info
    for name in ("全年预算数", "全年执行数"):
        add(info.locs.get(name), report.budget, report.spent)
    for name, text in (("目标完成情况", report.goal_status), ("未完成原因", report.unfinished_reason)):
        add(info.locs.get(name), text)
    return found


def _paragraphs(document: Document) -> Iterator[DocxParagraph]:
    """Yield every paragraph of the body in order, those in table cells included."""
    body = document.element.body
    for element in body.iter(qn("w:p")):
        yield DocxParagraph(element, document._body)


class _Texts:
    """The texts of the paragraphs that can carry a comment, computed once, searchable by needle.

    The texts are joined with a character no paragraph can hold (NUL is not allowed in XML), so one
    `str.find` over the whole finds the next paragraph containing a needle; a target's match is kept.
    """

    _SEP = "\x00"

    def __init__(self, document: Document) -> None:
        body = document.element.body
        with_text = [(p, wml.paragraph_text(p)) for p in body.iter(wml.P) if wml.has_runs(p)]
        kept = [(p, text) for p, text in with_text if text.strip()]
        self.paragraphs = [DocxParagraph(p, document._body) for p, _ in kept]
        self.texts = [text for _, text in kept]
        self.joined = self._SEP.join(self.texts)
        self.starts: list[int] = []
        offset = 0
        for text in self.texts:
            self.starts.append(offset)
            offset += len(text) + 1
        self._found: dict[tuple[str, ...], DocxParagraph | None] = {}

    def first(self, needles: tuple[str, ...]) -> DocxParagraph | None:
        """Return the first paragraph whose text contains every one of `needles`; None when none does."""
        if needles not in self._found:
            self._found[needles] = self._search(needles)
        return self._found[needles]

    def _search(self, needles: tuple[str, ...]) -> DocxParagraph | None:
        if any(self._SEP in needle for needle in needles):
            return None
        lead, rest = needles[0], needles[1:]
        position = 0
        while (hit := self.joined.find(lead, position)) >= 0:
            index = bisect_right(self.starts, hit) - 1
            if all(needle in self.texts[index] for needle in rest):
                return self.paragraphs[index]
            position = self.starts[index] + len(self.texts[index]) + 1
        return None


def comment_text(finding: Finding) -> str:
    """Return the text of the comment for `finding`: the message, then where to fix it."""
    where = f"{finding.loc.sheet}!{finding.loc.cell}" if finding.loc.cell else finding.loc.sheet
    return f"{finding.msg}（{where}）" if where else finding.msg


COMMENT_STYLES = (
    ("CommentReference", "annotation reference", WD_STYLE_TYPE.CHARACTER),
    ("CommentText", "annotation text", WD_STYLE_TYPE.PARAGRAPH),
)
"""The styles comments refer to (Word's built-in ones), by style id, name and type."""


def _add_comment_styles(document: Document) -> None:
    """Define the comment styles when the template lacks them (a comment must not cite an undefined style)."""
    styles = document.styles
    present = set(styles.element.xpath("w:style/@w:styleId"))
    for style_id, name, kind in COMMENT_STYLES:
        if style_id in present:
            continue
        style = _add_style(styles, name, kind)
        style.style_id = style_id
        style.hidden = True
        style.font.size = Pt(10.5)  # -- 五号: the review pane, not the 3号 body --
        if kind is WD_STYLE_TYPE.PARAGRAPH:
            fmt = style.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.line_spacing = 1.0


def _add_style(styles: Any, name: str, kind: WD_STYLE_TYPE) -> Any:
    """Return `styles.add_style(name, kind)`, the names already there read by one XPath query (python-docx
    parses every style's name element for it); where that name is taken, or a name has no value,
    python-docx's own call raises."""
    from docx.styles import BabelFish
    from docx.styles.style import StyleFactory

    internal = BabelFish.ui2internal(name)
    names = styles.element.xpath("w:style/w:name/@w:val")
    if internal in names or len(names) != styles.element.xpath("count(w:style/w:name)"):
        return styles.add_style(name, kind)
    return StyleFactory(styles.element.add_style_of_type(internal, kind, False))


def figure_runs(paragraph: DocxParagraph, finding: Finding) -> list[Any] | None:
    """Return the run that prints the figure `finding` is about, split out of its run; None when not found.

    The figure is the finding's input (a stated rate, a figure typed in prose) where the paragraph
    prints it inside one run; the comment then marks that figure rather than the whole paragraph.
    """
    needle = str(finding.input) if finding.input not in (None, "") else ""
    if not needle or wml.paragraph_text(paragraph._p).count(needle) != 1:
        return None
    for run in paragraph.runs:
        text = wml.run_text(run._r)
        at = text.find(needle)
        if at < 0:
            continue
        before, after = text[:at], text[at + len(needle) :]
        if before:
            first = copy.deepcopy(run._r)
            run._r.addprevious(first)
            set_text(first, before)
        if after:
            last = copy.deepcopy(run._r)
            run._r.addnext(last)
            set_text(last, after)
        set_text(run._r, needle)
        return [run]
    return None


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def set_text(r: Any, text: str) -> None:
    """Set the text of the `w:r` element `r` as python-docx's `Run.text = text` does: everything but its
    w:rPr removed, then one w:t (its spaces kept); tabs and line breaks go python-docx's way."""
    if "\t" in text or "\n" in text or "\r" in text:
        DocxRun(r, None).text = text  # type: ignore[arg-type]
        return
    for child in list(r):
        if isinstance(child.tag, str) and child.tag != wml.RPR:  # -- elements only, as its XPath "./*" --
            r.remove(child)
    if text:
        t = oxml_parser.makeelement(wml.T, nsmap={"w": wml.W[1:-1]})  # -- as OxmlElement("w:t") --
        t.text = text
        r.append(t)
        if len(text.strip()) < len(text):
            t.set(_XML_SPACE, "preserve")


def annotate(document: Document, book: Workbook, report: ReportData, warnings: tuple[Finding, ...]) -> int:
    """Attach each of `warnings` to the paragraphs that print its cell; return the number of comments added.

    A warning whose cell prints nowhere is attached to the first paragraph (the title). Each comment is
    dated with the report's date, never the clock, so that the same inputs give the same file.
    """
    if not warnings:
        return 0
    texts = _Texts(document)
    paragraphs = texts.paragraphs
    if not paragraphs:
        return 0
    by_row = targets(book, report)
    stamp = dt.datetime(report.report_date.year, report.report_date.month, report.report_date.day, tzinfo=dt.UTC)
    added = 0
    writer: _Writer | None = None
    for finding in warnings:
        key = _key(finding.loc)
        anchors: list[DocxParagraph] = []
        for target in by_row.get(key, []) if key else []:
            match = texts.first(target.needles)
            if match is not None and all(match._p is not a._p for a in anchors):
                anchors.append(match)
        for paragraph in anchors or paragraphs[:1]:
            if writer is None:
                _add_comment_styles(document)
                writer = _Writer(document)
            runs = figure_runs(paragraph, finding) or paragraph.runs
            writer.add(runs, comment_text(finding), stamp)
            added += 1
    return added


class _Writer:
    """Adds comments as python-docx's `Document.add_comment` does, the same markup, but numbers them itself.

    python-docx finds a new comment's id by reading every comment's id (the largest plus one): each
    warning cost as much as all the warnings before it. Here the ids are read once and counted on.
    """

    def __init__(self, document: Document) -> None:
        comments = document.comments  # -- the comments part, made when the template has none --
        self.element: Any = comments._comments_elm
        self.part: Any = comments._comments_part
        self.used = [int(x) for x in self.element.xpath("./w:comment/@w:id")]
        self.top = max(self.used, default=-1)
        # -- python-docx's own empty comment, taken out again: each new comment is a copy of it --
        self.blank = self.element.add_comment()
        self.element.remove(self.blank)

    def _next_id(self) -> int:
        """The id python-docx's `CT_Comments._next_available_comment_id` gives: the largest plus one, or
        beyond 32 bits the first one unused."""
        if self.top + 1 <= 2**31 - 1:
            return self.top + 1
        for expected, actual in enumerate(sorted(self.used)):
            if expected != actual:
                return expected
        return len(self.used)

    def add(self, runs: list[DocxRun], text: str, stamp: dt.datetime) -> None:
        """Add a comment by `AUTHOR` saying `text`, dated `stamp`, anchored on `runs` (first to last)."""
        from docx.comments import Comment

        comment_id = self._next_id()
        self.used.append(comment_id)
        self.top = max(self.top, comment_id)
        element = copy.deepcopy(self.blank)
        element.set(qn("w:id"), str(comment_id))
        self.element.append(element)
        element.author = AUTHOR
        element.initials = AUTHOR
        element.date = stamp
        comment = Comment(element, self.part)
        first, *more = text.split("\n")
        comment.paragraphs[0].add_run(first)
        for line in more:
            comment.add_paragraph(text=line)
        runs[0].mark_comment_range(runs[-1], comment_id)
