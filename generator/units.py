"""Keep every number with its unit on one line, in Word and in LibreOffice: "扣0.31分", "100%", "1,234.56万元".

Two things hold such a figure together, and the report needs both:
- U+2060 WORD JOINER between its parts (扣 · 0.31 · 分), between the characters of a unit (万 · 元) and before
  the punctuation that closes on it (`CLOSING`). It is invisible and takes no room. Word honours it, and so
  does the Unicode line breaker (UAX #14) that LibreOffice uses for text in a Western language.
- No East Asian language on the figure's run (w:lang w:eastAsia="x-none"). For text in Chinese (or Japanese,
  Korean) LibreOffice up to 7.x breaks lines with its own CJK breaker, which ignores the word joiner and
  allows a break between any two characters but the 禁则 (kinsoku) ones: "扣2" at the end of a line, "分" at
  the start of the next. In no East Asian language the same characters go to the Unicode breaker, which
  keeps them together. So each figure with its unit becomes a run of its own, in the formatting of the run
  it came from plus that language; face and size do not change. It is set on the run, not in a character
  style: LibreOffice gives the text of a table cell the table style's language as direct formatting, which
  would override a character style's.
Provenance and harvest read the text without the joiners (`provenance.paragraph_text`); the PDF check
ignores them.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

if TYPE_CHECKING:
    from docx.document import Document

WORD_JOINER = "\u2060"
"""Invisible; forbids a line break between its neighbours (Word; LibreOffice's Unicode line breaker)."""

NO_LANGUAGE = "x-none"
"""The East Asian language of a figure's run: none, so that LibreOffice's Unicode line breaker handles it."""

UNITS = (
    "%", "％", "‰",
    "万平方米", "平方公里", "平方米", "立方米", "公里", "千米", "公顷", "万亩", "亩", "千克", "公斤", "万吨", "吨", "米",
    "亿元", "万元", "元", "万人次", "人次", "万人", "万户", "万名", "万个",
    "人", "户", "名", "个", "家", "所", "项", "件", "条", "份", "篇", "册", "套", "台", "辆", "场次", "场", "批", "次",
    "分", "倍", "小时", "天", "万", "亿",
)  # fmt: skip
"""Units and measure words a figure keeps (longest first where one begins another). Not 年, 月, 日: a date is not
a figure with a unit."""

CLOSING = "，。、；：？！）》」』〕】〉”’"
"""Punctuation that may not start a line (禁则). After a figure it joins the figure's run: LibreOffice's CJK breaker,
meeting one at the end of a line, steps back one character and would break between the number and its unit."""

_NUMBER_WITH_UNIT = re.compile(
    r"(?P<before>[扣减加得])?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>(?:余|多)?(?:" + "|".join(map(re.escape, UNITS)) + r"))?"
    r"(?P<closing>[" + CLOSING + r"]*)"
)


def join_units(text: str) -> str:
    """Return `text` with a word joiner inside each figure with its unit (with a 扣 before it and the `CLOSING`
    punctuation after it).

    Joining twice changes nothing: the joiners already there are taken out first.
    """
    return "".join(text for text, _ in segments(text))


def _figures(plain: str) -> list[tuple[int, int, frozenset[int]]]:
    """The figures with their units in `plain` (text without joiners): (start, end, offsets of the characters a
    joiner goes before)."""
    found = []
    for match in _NUMBER_WITH_UNIT.finditer(plain):
        if not (match.group("before") or match.group("unit")):
            continue
        inside = range(match.start("number") + 1, match.end("number"))
        joins = frozenset(k for k in range(match.start() + 1, match.end()) if k not in inside)
        found.append((match.start(), match.end(), joins))
    return found


def _pieces(plain: str, start: int, figures: list[tuple[int, int, frozenset[int]]]) -> list[tuple[str, bool]]:
    """`plain`, found at offset `start` of its paragraph's text, cut at the figures' ends, joiners put in:
    (text, inside a figure)."""
    end = start + len(plain)
    cuts = sorted({start, end, *(k for a, b, _ in figures for k in (a, b) if start < k < end)})
    joins = frozenset().union(*(j for _, _, j in figures))
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        text = "".join(WORD_JOINER * (k in joins) + plain[k - start] for k in range(a, b))
        out.append((text, any(fa <= a and b <= fb for fa, fb, _ in figures)))
    return out


def segments(text: str) -> list[tuple[str, bool]]:
    """Split `text` into its figures with their units, joined (True), and the text between them (False)."""
    plain = text.replace(WORD_JOINER, "")
    return _pieces(plain, 0, _figures(plain)) if plain else []


# -- the document ----------------------------------------------------------------------------------------------


def _without_language(run: BaseOxmlElement) -> None:
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = run.makeelement(qn("w:rPr"), {})
        run.insert(0, rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        # -- w:lang comes after everything but w:eastAsianLayout, w:specVanish and w:oMath (CT_RPr) --
        later = [rpr.find(qn(tag)) for tag in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        following = next((el for el in later if el is not None), None)
        if following is None:
            rpr.append(lang)
        else:
            following.addprevious(lang)
    lang.set(qn("w:eastAsia"), NO_LANGUAGE)


def _is_figure(run: BaseOxmlElement) -> bool:
    lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
    return lang is not None and lang.get(qn("w:eastAsia")) == NO_LANGUAGE


def _split(run: BaseOxmlElement, pieces: dict[BaseOxmlElement, list[tuple[str, bool]]]) -> None:
    """Replace `run` by runs of its formatting: one for each piece of a figure, one for the text between.

    `pieces` gives each of the run's w:t its pieces; the run's other content (line breaks, tabs) stays in order.
    """
    rpr = run.find(qn("w:rPr"))
    made: list[BaseOxmlElement] = []

    def new_run(figure: bool) -> BaseOxmlElement:
        new: BaseOxmlElement = run.makeelement(qn("w:r"), dict(run.attrib))
        if rpr is not None:
            new.append(copy.deepcopy(rpr))
        if figure:
            _without_language(new)
        made.append(new)
        return new

    current: BaseOxmlElement | None = None
    for child in run:
        if child is rpr:
            continue
        if child not in pieces:
            current = current if current is not None else new_run(False)
            current.append(copy.deepcopy(child))
            continue
        for text, figure in pieces[child]:
            target = new_run(True) if figure else (current if current is not None else new_run(False))
            t = target.makeelement(qn("w:t"), {})
            t.text = text
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            target.append(t)
            current = None if figure else target
    for new in made:
        run.addprevious(new)
    run.getparent().remove(run)


def _paragraph(p: BaseOxmlElement) -> int:
    """Join and give runs of their own to the figures of the paragraph `p`; return how many runs of figures it made.

    A figure may run over two runs (a comment that marks the number but not its unit): each part becomes a run
    without East Asian language, the joiner between them at the start of the second.
    """
    texts = [t for t in p.iter(qn("w:t")) if next(t.iterancestors(qn("w:p"))) is p]
    plains = [(t.text or "").replace(WORD_JOINER, "") for t in texts]
    figures = _figures("".join(plains))
    if not figures and not any(WORD_JOINER in (t.text or "") for t in texts):
        return 0
    changes: dict[BaseOxmlElement, dict[BaseOxmlElement, list[tuple[str, bool]]]] = {}
    start = 0
    for t, plain in zip(texts, plains, strict=True):
        pieces = _pieces(plain, start, figures) if plain else [("", False)]
        start += len(plain)
        run = t.getparent()
        same = len(pieces) == 1 and pieces[0][0] == (t.text or "") and (pieces[0][1] == _is_figure(run) or not plain)
        if not same and run.tag == qn("w:r"):
            changes.setdefault(run, {})[t] = pieces
    for run, by_text in changes.items():
        _split(run, by_text)
    return sum(figure for by_text in changes.values() for each in by_text.values() for _, figure in each)


def apply(document: Document) -> int:
    """Join every figure with its unit in the document's body (tables too) and give it runs of its own;
    return how many runs of figures were made."""
    return sum(_paragraph(p) for p in list(document.element.body.iter(qn("w:p"))))
