"""Lay out the report's tables as a finance bureau's form: widths from the content, groups kept together.

Measures come from the template (the cell paragraphs' styles, the table's cell margins, the page), so a
maintainer who changes them in Word changes the result.
- Widths: a label (a cell of a header row, of a bold style, or one the template breaks with a line
  break) keeps each of its lines whole; a number keeps its unit ("扣0.31分" is one unbreakable piece,
  joined by U+2060 WORD JOINER, see generator/units.py). A short column (its longest line at most
  `SHORT_CHARS` characters) gets the narrowest width that leaves no character alone on a last line; the
  long columns share the rest, in proportion to their content. Then width moves from column to column,
  half a character at a time, while that strands fewer characters and makes the table no taller. The widths
  always add up to the text block.
- Lone characters: a cell whose text would still leave one character alone on its last line is broken
  into even lines (line breaks put in, as many lines as before, each well inside the column, so that a
  face a little wider or narrower than reckoned keeps them).
- Groups: the rows of one vertically merged label (an 一级指标 and its indicators) are kept on one page
  (w:keepNext on each row but the last, as Word and LibreOffice both honour); the header row keeps with
  the first group. A group taller than a page is cut into parts that each fit, every part starting with
  the label again, marked （续）.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Length, Pt, Twips
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from generator import wml
from generator.styles import paragraph_styles
from generator.typeset import Measure, break_runs, classes, text_width
from generator.units import WORD_JOINER, join_units

SHORT_CHARS = 8
"""A column whose longest line is at most this many characters is sized to fit its content."""

SEARCH_CHARS = 3
"""How far (in characters) the boundary between two long columns may move to strand fewer characters."""

CONTINUED = "（续）"
"""Appended to a label repeated at the top of a group's continuation on the next page."""

_NO_LINE_START = frozenset("，。、；：？！）》」』”’%)")
_CLOSING = "".join(sorted(_NO_LINE_START))
_NO_LINE_END = frozenset("（《「『“‘(")
SLACK = Pt(3)
"""Room added to each column beyond the measured text: LibreOffice wraps a line that fits to the point."""

_DEFAULT_MARGIN = Twips(108)  # -- Word's default left/right cell margin (0.19 cm) --
_DEFAULT_LINE = Pt(18)

T = TypeVar("T")


# -- text: numbers joined to their units (generator/units.py) ---------------------------------------------


def _join_units_in(cell: BaseOxmlElement) -> None:
    for t in cell.iter(wml.T):
        if t.text and any(ch.isdigit() for ch in t.text):
            t.text = join_units(t.text)


# -- lines --------------------------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Split a line into the pieces a line may break between: one Chinese character, or one Latin word or
    number, pieces joined by a word joiner kept together."""
    found: list[str] = []
    glue = False
    for ch in text:
        if ch == WORD_JOINER:
            if found:
                found[-1] += ch
            glue = True
            continue
        latin = ch.isascii() and not ch.isspace()
        if found and (glue or (latin and found[-1][-1].isascii() and not found[-1][-1].isspace())):
            found[-1] += ch
        else:
            found.append(ch)
        glue = False
    return found


def wrap(text: str, measure: Measure, width: float) -> list[str]:
    """Return `text` broken into lines no wider than `width` (greedy; a closing mark never starts a line)."""
    pieces = tokens(text)
    return _wrap(pieces, [classes(t) for t in pieces], measure, width)


def _wrap(pieces: list[str], kinds: list[str], measure: Measure, width: float) -> list[str]:
    """`wrap` of the tokens `pieces`, whose characters' classes are `kinds`: a line is measured from the
    classes of its tokens, added up as tokens join it."""
    lines: list[list[int]] = [[]]
    line_kinds = ""
    for index, token in enumerate(pieces):
        line = lines[-1]
        if not line or measure.width_of(line_kinds + kinds[index]) <= width:
            line.append(index)
            line_kinds += kinds[index]
            continue
        if (token[0] in _NO_LINE_START or pieces[line[-1]][-1] in _NO_LINE_END) and len(line) > 1:
            # -- 禁则: a closing mark may not start a line, an opening one not end it: the token before goes down --
            last = line.pop()
            lines.append([last, index])
            line_kinds = kinds[last] + kinds[index]
        else:
            lines.append([index])
            line_kinds = kinds[index]
    return ["".join(pieces[i] for i in line) for line in lines]


def balanced(text: str, measure: Measure, width: float) -> list[str]:
    """Return `text` in as many lines as `wrap` gives it, as even as they can be (the widest as narrow as it can
    be, the first lines the longer): no line starts with a closing mark or ends with an opening one, and the
    last is not one character alone when another way exists."""
    pieces = tokens(text)
    count = len(wrap(text, measure, width))
    if count < 2:
        return [text]
    for spare_last in (True, False):
        lines = _even(pieces, count, measure, width, spare_last)
        if lines is not None:
            return lines
    return wrap(text, measure, width)


def _even(pieces: list[str], count: int, measure: Measure, width: float, spare_last: bool) -> list[str] | None:
    """`pieces` in `count` lines no wider than `width`, the widest as narrow as it can be; None if none fit."""
    end = len(pieces)
    # -- best[k][j]: (widest line, start of the last line) of pieces[:j] in k lines --
    best: list[list[tuple[float, int] | None]] = [[None] * (end + 1) for _ in range(count + 1)]
    best[0][0] = (0.0, 0)
    for k in range(1, count + 1):
        for j in range(1, end + 1):
            if j < end and pieces[j - 1][-1] in _NO_LINE_END:
                continue
            for i in range(j - 1, k - 2, -1):
                before = best[k - 1][i]
                if before is None or (i and pieces[i][0] in _NO_LINE_START):
                    continue
                if spare_last and j == end and _lone_last(["", "".join(pieces[i:j])]):
                    continue
                line = measure.width("".join(pieces[i:j]))
                current = best[k][j]
                if line <= width and (current is None or max(before[0], line) < current[0]):
                    best[k][j] = (max(before[0], line), i)
    if best[count][end] is None:
        return None
    lines, j = [], end
    for k in range(count, 0, -1):
        found = best[k][j]
        assert found is not None
        lines.append("".join(pieces[found[1] : j]))
        j = found[1]
    return lines[::-1]


@dataclass(frozen=True)
class CellText:
    """The text of one table cell as explicit lines (paragraphs and line breaks), and how it is measured."""

    lines: tuple[str, ...]
    measure: Measure
    label: bool
    """A label keeps each of its lines whole: the template broke it where the meaning allows."""
    row: int = -1
    """The table row the cell is in (-1: not known); the rows' heights are what `column_widths` keeps from growing."""

    def widest(self) -> float:
        return max((self.measure.width(line) for line in self.lines), default=0.0)

    def narrowest(self) -> float:
        """The narrowest width that breaks no label line and no token."""
        if self.label:
            return self.widest()
        widest = [w for line in self.lines if (w := self._tokens(line)[2]) is not None]
        return max(widest, default=0.0)

    _cache: dict[object, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """Each line's tokens and the lines wrapped at each width asked about: the search for widths asks again
    and again."""

    def _tokens(self, line: str) -> tuple[list[str], list[str], float | None, float]:
        """The tokens of `line`, their characters' classes, the widest token's width (None without tokens)
        and the width of them all."""
        key = ("tokens", line)
        if key not in self._cache:
            pieces = tokens(line)
            kinds = [classes(t) for t in pieces]
            widest = max((self.measure.width_of(k) for k in kinds), default=None)
            self._cache[key] = (pieces, kinds, widest, self.measure.width_of("".join(kinds)))
        found: tuple[list[str], list[str], float | None, float] = self._cache[key]
        return found

    def wrapped(self, width: float) -> list[list[str]]:
        if width not in self._cache:
            self._cache[width] = [self._wrap(line, width) if line else [""] for line in self.lines]
        found: list[list[str]] = self._cache[width]
        return found

    def _wrap(self, line: str, width: float) -> list[str]:
        pieces, kinds, _, whole = self._tokens(line)
        if whole <= width and self.measure.size > 0 and self.measure.size + 2 * self.measure.spacing > 0:
            # -- every character widens the line, so a line that fits whole fits at every token: `wrap`
            #    would add each token to the one line --
            return ["".join(pieces)]
        return _wrap(pieces, kinds, self.measure, width)

    def height(self, width: float) -> int:
        """Lines the cell takes at `width`."""
        return sum(len(lines) for lines in self.wrapped(width))

    def strays(self, width: float) -> int:
        """Characters left alone on the last line of a wrapped line, and labels or tokens broken, at `width`."""
        count = 0
        for line, lines in zip(self.lines, self.wrapped(width), strict=True):
            if len(lines) < 2:
                continue
            widest = self._tokens(line)[2]
            if self.label or (widest is not None and widest > width):
                count += 10
            elif _lone_last(lines) or _lone_if_narrow(line, self.measure, width):
                count += 1
        return count


def _paragraph_lines(p: BaseOxmlElement) -> list[str]:
    lines = [""]
    for child in p.iter(wml.T, wml.BR, wml.CR):
        if child.tag == wml.T:
            lines[-1] += child.text or ""
        else:
            lines.append("")
    return lines


def _style_bold(style: ParagraphStyle | None) -> bool:
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


class Cells:
    """The cells of one document's tables as `CellText`, each read once; the measure and boldness of a
    paragraph style found once per style (python-docx looks each base style up among all the styles)."""

    def __init__(self, document: Document) -> None:
        self.parent = document._body
        self.style_of = paragraph_styles(document)
        self._by_style: dict[tuple[str, str | None], Any] = {}
        self._texts: dict[tuple[BaseOxmlElement, bool], CellText] = {}

    def style(self, p: BaseOxmlElement) -> ParagraphStyle | None:
        """The style of the `w:p` element `p`, as python-docx's `Paragraph.style` gives it."""
        style: ParagraphStyle | None = self.style_of(Paragraph(p, self.parent))
        return style

    def _memo(self, p: BaseOxmlElement, what: str, compute: Callable[[Any], T]) -> T:
        style = self.style(p)
        key = (what, None if style is None else style.style_id)
        if key not in self._by_style:
            self._by_style[key] = compute(style)
        answer: T = self._by_style[key]
        return answer

    def measure(self, p: BaseOxmlElement) -> Measure:
        """The measure of the text of the `w:p` element `p` (its style's)."""
        return self._memo(p, "measure", Measure.of)

    def forget(self, cell: BaseOxmlElement) -> None:
        """Read the `w:tc` element `cell` again when next asked: its text was changed."""
        for header in (False, True):
            self._texts.pop((cell, header), None)

    def text(self, cell: BaseOxmlElement, header: bool) -> CellText:
        """Read a `w:tc` element: its lines, its first paragraph's measure, whether it is a label."""
        key = (cell, header)
        if key not in self._texts:
            self._texts[key] = self._read(cell, header)
        return self._texts[key]

    def _read(self, cell: BaseOxmlElement, header: bool) -> CellText:
        paragraphs = cell.findall(wml.P)
        per_paragraph = [_paragraph_lines(p) for p in paragraphs]
        lines = tuple(line for found in per_paragraph for line in found)
        measure = self._memo(paragraphs[0], "measure", Measure.of) if paragraphs else Measure.of(None)
        broken = any(len(found) > 1 for found in per_paragraph) or len(paragraphs) > 1
        label = header or broken or any(self._memo(p, "bold", _style_bold) for p in paragraphs)
        return CellText(lines, measure, label)


# -- the table grid --------------------------------------------------------------------------------------

_TC_GRID_SPAN = f"{wml.TCPR}/{wml.GRIDSPAN}"
_TC_V_MERGE = f"{wml.TCPR}/{wml.VMERGE}"
_TC_W = f"{wml.TCPR}/{wml.W}tcW"


@dataclass
class Grid:
    """A table's rows as (first grid column, span, w:tc) triples, and which rows are header rows."""

    table: BaseOxmlElement
    rows: list[BaseOxmlElement]
    cells: list[list[tuple[int, int, BaseOxmlElement]]]
    headers: list[bool]
    columns: int

    @classmethod
    def of(cls, table: BaseOxmlElement) -> Grid:
        rows = table.findall(qn("w:tr"))
        cells, headers = [], []
        for row in rows:
            col, found = 0, []
            for tc in row.findall(qn("w:tc")):
                span_el = tc.find(_TC_GRID_SPAN)
                span = int(span_el.get(wml.VAL)) if span_el is not None else 1
                found.append((col, span, tc))
                col += span
            cells.append(found)
            headers.append(row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None)
        grid = table.find(qn("w:tblGrid"))
        columns = (
            len(grid.findall(qn("w:gridCol")))
            if grid is not None
            else max((sum(s for _, s, _ in r) for r in cells), default=0)
        )
        return cls(table, rows, cells, headers, columns)

    def margins(self) -> Length:
        """Left plus right cell margin of the table."""
        total = 0
        mar = self.table.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
        for edge in ("left", "right"):
            el = mar.find(qn(f"w:{edge}")) if mar is not None else None
            total += Twips(int(el.get(qn("w:w")))) if el is not None else _DEFAULT_MARGIN
        return Emu(total)


def _continues(tc: BaseOxmlElement) -> bool:
    merge = tc.find(_TC_V_MERGE)
    return merge is not None and merge.get(wml.VAL, "continue") == "continue"


def _restarts(tc: BaseOxmlElement) -> bool:
    merge = tc.find(_TC_V_MERGE)
    return merge is not None and merge.get(wml.VAL) == "restart"


# -- widths ------------------------------------------------------------------------------------------------


def column_widths(columns: list[list[CellText]], total: float, margins: float) -> list[float]:
    """Return the width (EMU, margins included) of each column so that they add up to `total`."""
    natural = [max((c.widest() for c in col), default=0.0) + margins for col in columns]
    least = [max((c.narrowest() for c in col), default=0.0) + margins for col in columns]
    short = [n <= _chars(col, SHORT_CHARS) + margins for n, col in zip(natural, columns, strict=True)]
    widths = [0.0] * len(columns)
    for i, col in enumerate(columns):
        if short[i]:
            widths[i] = _fit(col, least[i], natural[i], margins)
    flexible = [i for i in range(len(columns)) if not short[i]]
    rest = total - sum(widths)
    if not flexible:
        # -- room to spare goes to the columns that hold data, not to those holding only labels --
        takers = [i for i, col in enumerate(columns) if not all(c.label for c in col)] or list(range(len(columns)))
        weight = sum(natural[i] for i in takers)
        for i in takers:
            widths[i] += rest * natural[i] / weight if weight else rest / len(takers)
        return _settle(columns, widths, least, margins)
    if rest < sum(least[i] for i in flexible):
        # -- no room: the short columns give up their comfort first --
        for i in range(len(columns)):
            if short[i]:
                widths[i] = least[i]
        rest = total - sum(widths)
    weight = sum(natural[i] for i in flexible)
    for i in flexible:
        widths[i] = max(least[i], rest * natural[i] / weight)
    widths[flexible[-1]] += total - sum(widths)
    return _settle(columns, widths, least, margins)


def _chars(column: list[CellText], n: int) -> float:
    measure = column[0].measure if column else Measure(Pt(12), Emu(0))
    return float(n * (measure.size + measure.spacing))


def _fit(column: list[CellText], least: float, natural: float, margins: float) -> float:
    """The narrowest width from `least` to `natural` that strands as few characters as any width there."""
    if not column:
        return natural
    step = (column[0].measure.size + column[0].measure.spacing) / 2
    candidates = []
    width = least
    while width < natural:
        candidates.append(width)
        width += step
    candidates.append(natural)
    return min(candidates, key=lambda w: (_strays(column, w - margins), w))


def _strays(column: list[CellText], width: float) -> int:
    return sum(c.strays(width) for c in column)


def _settle(columns: list[list[CellText]], widths: list[float], least: list[float], margins: float) -> list[float]:
    """Move width from one column to another, half a character at a time and up to `SEARCH_CHARS` a move, while
    that strands fewer characters and does not make the table taller (its rows' lines added up).

    Of the moves that strand fewest characters, the one that leaves the table lowest, then the smallest, wins.
    """
    measure = next((c.measure for col in columns for c in col), Measure(Pt(12), Emu(0)))
    step = (measure.size + measure.spacing) / 2
    memo: dict[tuple[int, int], tuple[int, dict[int, int]]] = {}

    def column(i: int, width: float) -> tuple[int, dict[int, int]]:
        key = (i, round(width))
        if key not in memo:
            heights: dict[int, int] = {}
            for cell in columns[i]:
                heights[cell.row] = max(heights.get(cell.row, 0), cell.height(width - margins))
            memo[key] = (_strays(columns[i], width - margins), heights)
        return memo[key]

    def cost(trial: list[float]) -> tuple[int, int]:
        strays = 0
        rows: dict[int, int] = {}
        for i, width in enumerate(trial):
            count, heights = column(i, width)
            strays += count
            for row, lines in heights.items():
                rows[row] = max(rows.get(row, 0), lines)
        return strays, sum(rows.values())

    current = cost(widths)
    while current[0]:
        best: tuple[tuple[int, int], int, list[float]] | None = None
        for i in range(len(widths)):
            for j in range(len(widths)):
                for k in range(1, 2 * SEARCH_CHARS + 1) if i != j else ():
                    trial = list(widths)
                    trial[i] += k * step
                    trial[j] -= k * step
                    if trial[j] < least[j]:
                        break
                    found = cost(trial)
                    saved = current[0] - found[0]
                    if saved > 0 and found[1] <= current[1] and (best is None or (found, k) < best[:2]):
                        best = (found, k, trial)
        if best is None:
            break
        current, widths = best[0], best[2]
    return widths


def _set_widths(grid: Grid, widths: list[float]) -> None:
    twips = [round(Emu(round(w)).twips) for w in widths]
    twips[-1] = round(Emu(round(sum(widths))).twips) - sum(twips[:-1])  # -- the sum is the text block, exactly --
    tbl_pr = grid.table.find(qn("w:tblPr"))
    tbl_w = tbl_pr.find(qn("w:tblW")) if tbl_pr is not None else None
    if tbl_w is not None:
        tbl_w.set(qn("w:w"), str(sum(twips)))
        tbl_w.set(qn("w:type"), "dxa")
    tbl_grid = grid.table.find(qn("w:tblGrid"))
    if tbl_grid is not None:
        for col, width in zip(tbl_grid.findall(qn("w:gridCol")), twips, strict=False):
            col.set(qn("w:w"), str(width))
    for row in grid.cells:
        for col, span, tc in row:
            tc_w = tc.find(_TC_W)
            if tc_w is not None:
                tc_w.set(qn("w:w"), str(sum(twips[col : col + span])))
                tc_w.set(qn("w:type"), "dxa")


def _lone_last(lines: list[str]) -> bool:
    """Whether the last of `lines` is one character (with the closing marks after it)."""
    last = lines[-1].rstrip(_CLOSING) if len(lines) > 1 else ""
    return len(last) == 1 and len(tokens(last)) == 1


_NARROW_QUOTES = str.maketrans("“”‘’", "()()")


def _lone_if_narrow(text: str, measure: Measure, width: float) -> bool:
    """Whether `text` leaves one character alone on its last line if its curly quotes are half a character wide,
    as some faces draw them (LibreOffice with the stand-ins for 仿宋) though the East Asian hint asks for a whole one.

    They are measured as ASCII brackets, which open and close as the quotes do."""
    narrow = text.translate(_NARROW_QUOTES)
    return narrow != text and _lone_last(wrap(narrow, measure, width))


def even_out(grid: Grid, widths: list[float], margins: float, cells: Cells) -> int:
    """Break the text of each cell that would leave one character alone on its last line into even lines
    (`balanced`, line breaks put in); return the paragraphs broken. Labels, already whole, are left alone.

    What the widths could not prevent: the even lines are well inside the column, whatever the face.
    """
    broken = 0
    for index, row in enumerate(grid.cells):
        for col, span, tc in row:
            if _continues(tc) or cells.text(tc, grid.headers[index]).label:
                continue
            width = sum(widths[col : col + span]) - margins
            for p in tc.findall(qn("w:p")):
                measure = cells.measure(p)
                (text,) = _paragraph_lines(p)
                if not (_lone_last(wrap(text, measure, width)) or _lone_if_narrow(text, measure, width)):
                    continue
                lines = balanced(text, measure, width)
                break_runs(Paragraph(p, cells.parent), [sum(map(len, lines[:n])) for n in range(1, len(lines))])
                cells.forget(tc)
                broken += 1
    return broken


# -- groups ------------------------------------------------------------------------------------------------


def groups(grid: Grid) -> list[list[int]]:
    """Return the row indexes of each group: a row whose first cell starts a vertical merge and the rows
    continuing it."""
    found: list[list[int]] = []
    for index, row in enumerate(grid.cells):
        if not row or grid.headers[index]:
            continue
        first = row[0][2]
        if _restarts(first):
            found.append([index])
        elif _continues(first) and found and found[-1][-1] == index - 1:
            found[-1].append(index)
    return [g for g in found if len(g) > 1]


_KEEP_NEXT = wml.W + "keepNext"
_AFTER_KEEP_NEXT = tuple(
    wml.W + name
    for name in (
        "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers", "pBdr", "shd",
        "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
        "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
        "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
        "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    )
)  # fmt: skip
"""The children of w:pPr that come after w:keepNext (ECMA-376; python-docx's `CT_PPr` order)."""


def _keep_next(row: BaseOxmlElement, keep: bool = True) -> None:
    """Set (or remove) w:keepNext on each paragraph of `row`, as python-docx's `get_or_add_pPr()` and
    `keepNext_val = True` (or `_remove_keepNext()`) do, without their lookups of every tag name."""
    for p in row.iter(wml.P):
        ppr = p.find(wml.PPR)
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            p.insert(0, ppr)
        if not keep:
            for found in ppr.findall(_KEEP_NEXT):
                ppr.remove(found)
            continue
        keep_next = ppr.find(_KEEP_NEXT)
        if keep_next is None:
            keep_next = OxmlElement("w:keepNext")
            first: dict[Any, BaseOxmlElement] = {}
            for child in ppr:
                first.setdefault(child.tag, child)
            successor = next((first[tag] for tag in _AFTER_KEEP_NEXT if tag in first), None)
            if successor is not None:
                successor.addprevious(keep_next)
            else:
                ppr.append(keep_next)
        keep_next.attrib.pop(wml.VAL, None)  # -- on is the default: python-docx writes no w:val --


def _row_lines(grid: Grid, index: int, widths: list[float], margins: float, cells: Cells) -> int:
    lines = 1
    for col, span, tc in grid.cells[index]:
        if _continues(tc) or _restarts(tc):
            continue
        text = cells.text(tc, grid.headers[index])
        lines = max(lines, text.height(sum(widths[col : col + span]) - margins))
    return lines


def _continue_label(grid: Grid, index: int, label: BaseOxmlElement) -> None:
    """Make the first cell of row `index` restart the merge, showing `label`'s text marked （续）."""
    old = grid.cells[index][0][2]
    new = copy.deepcopy(label)
    texts = list(new.iter(qn("w:t")))
    if texts:
        texts[-1].text = (texts[-1].text or "") + CONTINUED
    old.addprevious(new)
    old.getparent().remove(old)
    col, span, _ = grid.cells[index][0]
    grid.cells[index][0] = (col, span, new)


def keep_groups(grid: Grid, widths: list[float], margins: float, page: float, cells: Cells) -> None:
    """Keep each group on one page; cut a group taller than `page` into parts that fit, label repeated."""
    for index, header in enumerate(grid.headers):
        if header:
            _keep_next(grid.rows[index])
    header_lines = sum(_row_lines(grid, i, widths, margins, cells) for i, h in enumerate(grid.headers) if h)
    line = _line_height(grid, cells)
    capacity = page - header_lines * line
    found = groups(grid)
    for group in found:
        label = grid.cells[group[0]][0][2]
        parts: list[list[int]] = [[]]
        used = 0.0
        for index in group:
            height = _row_lines(grid, index, widths, margins, cells) * line
            if parts[-1] and used + height > capacity:
                parts.append([])
                used = 0.0
            parts[-1].append(index)
            used += height
        for number, part in enumerate(parts):
            if number:
                _continue_label(grid, part[0], label)
            for index in part[:-1]:
                _keep_next(grid.rows[index])
            _keep_next(grid.rows[part[-1]], False)
    # -- the rows after the last group (合计, 评价等级), or a table with no groups and no header row (the
    #    form's head block): kept together when they fit on a page --
    start = found[-1][-1] + 1 if found else 0
    if found or not any(grid.headers):
        tail = list(range(start, len(grid.rows)))
        if sum(_row_lines(grid, i, widths, margins, cells) for i in tail) * line <= page:
            for index in tail[:-1]:
                _keep_next(grid.rows[index])


def _line_height(grid: Grid, cells: Cells) -> float:
    for p in grid.table.iter(wml.P):
        fmt = Paragraph(p, cells.parent).paragraph_format
        style = cells.style(p)
        while fmt.line_spacing is None and style is not None:
            fmt, style = style.paragraph_format, style.base_style
        if isinstance(fmt.line_spacing, Length):
            return float(fmt.line_spacing)
    return float(_DEFAULT_LINE)


def text_height(document: Document) -> Length:
    """Return the height of the text block of the document's first section."""
    section = document.sections[0]
    return Emu((section.page_height or 0) - (section.top_margin or 0) - (section.bottom_margin or 0))


# -- the whole document ------------------------------------------------------------------------------------


def _tables(document: Document) -> Iterator[BaseOxmlElement]:
    yield from document.element.body.iter(qn("w:tbl"))


def layout_table(table: BaseOxmlElement, document: Document, cells: Cells | None = None) -> list[float]:
    """Lay out one table (see the module's docstring); return the column widths set, in EMU.

    `cells` reads the cells (made for `document` when not given: one for all the tables of a document).
    """
    cells = cells if cells is not None else Cells(document)
    for tc in table.iter(wml.TC):
        _join_units_in(tc)
    grid = Grid.of(table)
    margins = float(grid.margins() + SLACK)
    columns: list[list[CellText]] = [[] for _ in range(grid.columns)]
    for index, row in enumerate(grid.cells):
        for col, span, tc in row:
            if span == 1 and col < grid.columns and not _continues(tc):
                columns[col].append(replace(cells.text(tc, grid.headers[index]), row=index))
    widths = column_widths(columns, float(text_width(document)), margins)
    _set_widths(grid, widths)
    even_out(grid, widths, margins, cells)
    keep_groups(grid, widths, margins, float(text_height(document)), cells)
    return widths


def apply(document: Document) -> None:
    """Lay out every table of `document` that sits in the body (not nested in another table)."""
    cells = Cells(document)
    for table in list(_tables(document)):
        if table.getparent() is document.element.body:
            layout_table(table, document, cells)
