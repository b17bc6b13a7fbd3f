"""Typeset the rendered report where a paragraph style alone cannot: title lines, East Asian hints, 落款.

Everything here reads its measures (font size, character spacing, indents, the text block) from the
template's styles and page set-up, so a maintainer who changes them in Word changes the result too.
- The title (style "Title") is broken into lines on meaning (GB/T 9704 7.3.1: 词意完整，排列对称): after
  the unit's name, and inside a name too long for one line after one of its administrative parts
  (…市 / …区 / …局), the lines as even as those points allow.
- Curly quotes, dashes and the ellipsis are "ambiguous" characters: without an East Asian hint Word and
  LibreOffice draw them in the Latin face (narrow, half-width). Each such run gets w:hint="eastAsia"
  and its paragraph's East Asian face in every slot.
- The 落款 (style "落款", the unit's name) and the 成文日期 (style "成文日期") follow GB/T 9704 7.3.5.2: the
  date starts two characters right of the name's first character, and whichever is longer ends two
  characters in from the right edge.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Length, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from generator import wml
from generator.models import ReportData
from generator.styles import name_memo, paragraph_styles

AMBIGUOUS_PUNCTUATION = frozenset("“”‘’—…·–")
"""Punctuation Unicode gives both a Western and an East Asian form: drawn half-width unless hinted."""

NAME_PARTS = (
    "省", "自治区", "市", "自治州", "州", "盟", "县", "区", "旗", "镇", "乡", "街道", "人民政府", "政府",
    "委员会", "办公室", "局", "厅", "委", "办", "院", "中心", "站", "所", "会", "队", "馆", "处", "科",
)  # fmt: skip
"""Ends of the parts a unit's name is made of: a title line may break after them."""

AUTOSPACE = 0.25
"""The gap Word and LibreOffice insert between Chinese and Latin text, in characters."""

_NO_LINE_START = frozenset("，。、；：？！）》」』”’%")
_NO_LINE_END = frozenset("（《「『“‘")


# -- measures read from the template -----------------------------------------------------------------------


def _style_chain(style: ParagraphStyle | None) -> Iterator[ParagraphStyle]:
    while style is not None:
        yield style
        style = style.base_style


def _east_asia_font(style: ParagraphStyle | None) -> str | None:
    for each in _style_chain(style):
        rpr = each.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return str(fonts.get(qn("w:eastAsia")))
    return None


def _size(style: ParagraphStyle | None) -> Length:
    for each in _style_chain(style):
        size = each.font.size
        if size is not None:
            return Emu(size)
    return Pt(10.5)


def _spacing(style: ParagraphStyle | None) -> Length:
    """The character spacing (w:spacing of the run properties) the style gives, condensed when negative."""
    for each in _style_chain(style):
        rpr = each.element.rPr
        spacing = rpr.find(qn("w:spacing")) if rpr is not None else None
        if spacing is not None:
            return Emu(Pt(int(spacing.get(qn("w:val"))) / 20))
    return Emu(0)


def _right_indent(style: ParagraphStyle | None) -> Length:
    for each in _style_chain(style):
        indent = each.paragraph_format.right_indent
        if indent is not None:
            return Emu(indent)
    return Emu(0)


@dataclass(frozen=True)
class Measure:
    """How wide text of one paragraph style is: a full-width character is `size` plus `spacing`."""

    size: Length
    spacing: Length

    @classmethod
    def of(cls, style: ParagraphStyle | None) -> Measure:
        return cls(_size(style), _spacing(style))

    def width(self, text: str) -> float:
        """Return the width of `text` in EMU; Latin letters and digits count half a character.

        Word and LibreOffice put a quarter of a character between Chinese and Latin letters or digits
        (w:autoSpaceDE / w:autoSpaceDN, on by default): a date such as "1999年3月31日" is 6.5 characters and 5 such gaps.
        """
        return self.width_of(classes(text))

    def width_of(self, kinds: str) -> float:
        """Return the width of a text given by the `classes` of its characters (see `width`)."""
        # -- counted in C; the sum is exact (whole EMU and halves of `size`), so it is the same as adding
        #    the characters one by one --
        count = len(kinds)
        full = kinds.count(_IDEOGRAPH) + kinds.count(_FULL)
        plain = (self.size * (count + full) + 2 * count * self.spacing) / 2
        gaps = kinds.count(_LATIN + _IDEOGRAPH) + kinds.count(_IDEOGRAPH + _LATIN)
        return plain + gaps * self.size * AUTOSPACE


def classes(text: str) -> str:
    """Return the class of each character of `text` for `Measure.width_of`, one letter each (L Latin letter
    or digit, I ideograph, F other full-width, H other half-width); format characters such as the word
    joiner take no room and are left out. The classes of a concatenation are the concatenation of the classes."""
    return text.translate(_CLASSES)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _ideograph(ch: str) -> bool:
    return unicodedata.category(ch) == "Lo" and unicodedata.east_asian_width(ch) == "W"


def _full_width(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WFA" and not ch.isascii()


_LATIN, _IDEOGRAPH, _FULL, _HALF = "LIFH"


class _Classes(dict[int, str | None]):
    """The class of each character for `Measure.width` (`str.translate` table), found once per character:
    Latin letter or digit, ideograph, other full-width, other half-width; None (dropped) for a format character."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        if unicodedata.category(ch) == "Cf":
            kind = None
        elif _latin(ch):
            kind = _LATIN
        elif _ideograph(ch):
            kind = _IDEOGRAPH
        else:
            kind = _FULL if _full_width(ch) else _HALF
        self[code] = kind
        return kind


_CLASSES = _Classes()


def text_width(document: Document) -> Length:
    """Return the width of the text block of the document's first section."""
    section = document.sections[0]
    return Emu((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))


# -- title lines -------------------------------------------------------------------------------------------


def _name_breaks(name: str) -> set[int]:
    """Offsets inside `name` after one of its administrative parts (never its very end)."""
    found = set()
    for part in NAME_PARTS:
        start = name.find(part)
        while start != -1:
            end = start + len(part)
            if 0 < end < len(name):
                found.add(end)
            start = name.find(part, start + 1)
    return found


def _fallback_breaks(text: str) -> set[int]:
    """Every offset that splits no number or Latin word and leaves no punctuation stranded."""
    found = set()
    for i in range(1, len(text)):
        before, after = text[i - 1], text[i]
        if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
            continue
        if after in _NO_LINE_START or before in _NO_LINE_END:
            continue
        found.add(i)
    return found


def title_lines(text: str, unit: str, measure: Measure, line_width: float) -> list[str]:
    """Return `text` broken into lines no wider than `line_width`, on meaning.

    One line when it fits. Otherwise it breaks after `unit` (where it occurs), then after the parts of the
    unit's name (…市 / …区 / …局) as far as needed, and only when those cannot give lines that fit,
    between two characters that keep numbers and Latin words whole. Of the choices equal in meaning, the
    one with fewest lines and then the shortest longest line wins: the lines come out balanced.
    """
    if measure.width(text) <= line_width or not text:
        return [text]
    start = text.find(unit) if unit else -1
    weights: dict[int, int] = {}
    for offset in _fallback_breaks(text):
        weights[offset] = 100
    if start != -1:
        for offset in _name_breaks(unit):
            weights[start + offset] = 1
        end = start + len(unit)
        if 0 < end < len(text):
            weights[end] = 0
    best = _best_breaks(text, weights, measure, line_width)
    if best is None:  # -- a single character wider than the line: nothing to do --
        return [text]
    bounds = [0, *best, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _best_breaks(text: str, weights: dict[int, int], measure: Measure, limit: float) -> list[int] | None:
    """The breaks minimising (sum of break weights, number of lines, widest line); None if none fit.

    Meaning comes first (GB/T 9704 7.3.1: 词意完整): a title takes a line more rather than split a word.
    """
    points = [0, *sorted(weights), len(text)]
    # -- best[i] = (weight, lines, widest, breaks) for text[:points[i]] --
    best: list[tuple[int, int, float, list[int]] | None] = [None] * len(points)
    best[0] = (0, 0, 0.0, [])
    for j in range(1, len(points)):
        for i in range(j):
            before = best[i]
            if before is None:
                continue
            width = measure.width(text[points[i] : points[j]])
            if width > limit:
                continue
            weight = weights.get(points[i], 0) if i else 0
            candidate = (before[0] + weight, before[1] + 1, max(before[2], width), [*before[3], points[i]] if i else [])
            current = best[j]
            if current is None or candidate[:3] < current[:3]:
                best[j] = candidate
    last = best[-1]
    return None if last is None else last[3]


def break_runs(paragraph: Paragraph, offsets: list[int]) -> None:
    """Insert a line break (w:br) before each of `offsets` into the paragraph's text, keeping its runs."""
    pending = sorted(offsets)
    seen = 0
    for t in list(paragraph._p.iter(qn("w:t"))):
        text = t.text or ""
        cuts = [o - seen for o in pending if seen < o < seen + len(text) or (o == seen and seen)]
        seen += len(text)
        if not cuts:
            continue
        pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        t.text = pieces[0]
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        anchor = t
        for piece in pieces[1:]:
            br = t.makeelement(qn("w:br"), {})
            anchor.addnext(br)
            new = copy.deepcopy(t)
            new.text = piece
            br.addnext(new)
            anchor = new
        pending = [o for o in pending if o >= seen]


def break_titles(document: Document, unit: str) -> None:
    """Break each "Title" paragraph into lines on meaning (see `title_lines`)."""
    limit = text_width(document)
    style_of = paragraph_styles(document)
    name_of = name_memo()
    for paragraph in document.paragraphs:
        style = style_of(paragraph)
        if name_of(style) != "Title":
            continue
        lines = title_lines(paragraph.text, unit, Measure.of(style), limit)
        offsets = [sum(len(line) for line in lines[:n]) for n in range(1, len(lines))]
        break_runs(paragraph, offsets)


# -- East Asian hints --------------------------------------------------------------------------------------


def _hintable(run: BaseOxmlElement) -> bool:
    """A run of one text (and at most its properties besides) holding ambiguous punctuation."""
    if len(run) > 2:
        return False
    texts = run.findall(wml.T)
    return len(texts) == 1 and not AMBIGUOUS_PUNCTUATION.isdisjoint(texts[0].text or "")


def _segments(text: str) -> list[tuple[str, bool]]:
    """Split `text` into runs of ambiguous punctuation (True) and the rest (False)."""
    out: list[tuple[str, bool]] = []
    for ch in text:
        hinted = ch in AMBIGUOUS_PUNCTUATION
        if out and out[-1][1] == hinted:
            out[-1] = (out[-1][0] + ch, hinted)
        else:
            out.append((ch, hinted))
    return out


def _hint(run: BaseOxmlElement, east_asia: str) -> None:
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = run.makeelement(qn("w:rPr"), {})
        run.insert(0, rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        # -- w:rFonts comes first in w:rPr, after a w:rStyle --
        rpr.insert(1 if rpr.find(qn("w:rStyle")) is not None else 0, fonts)
    for slot in ("ascii", "hAnsi", "eastAsia"):
        fonts.set(qn(f"w:{slot}"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def hint_east_asian_punctuation(document: Document) -> int:
    """Give every run of ambiguous punctuation an East Asian hint and face; return the runs hinted.

    A run that mixes such punctuation with other text is split so that only the punctuation is hinted.
    """
    hinted = 0
    style_of = paragraph_styles(document)
    faces: dict[str, str | None] = {}  # -- by style id: the base styles are walked once per style --
    body = document.element.body
    # -- the paragraphs holding such punctuation (a paragraph in a text box inside another: both), found
    #    from the texts in one pass; the others have no run to hint and need no style --
    holding = set()
    for t in body.iter(wml.T):
        if t.text and not AMBIGUOUS_PUNCTUATION.isdisjoint(t.text):
            holding.update(t.iterancestors(wml.P))
    for p in body.iter(wml.P):
        if p not in holding:
            continue
        runs = [run for run in p.iter(wml.R) if _hintable(run)]
        if not runs:
            continue
        style = style_of(Paragraph(p, document._body))
        if style is None:
            continue
        if style.style_id not in faces:
            faces[style.style_id] = _east_asia_font(style)
        east_asia = faces[style.style_id]
        if east_asia is None:
            continue
        for run in runs:
            texts = run.findall(wml.T)
            for text, is_punct in reversed(_segments(texts[0].text or "")):
                piece = copy.deepcopy(run)
                piece.find(qn("w:t")).text = text
                piece.find(qn("w:t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                if is_punct:
                    _hint(piece, east_asia)
                    hinted += 1
                run.addnext(piece)
            run.getparent().remove(run)
    return hinted


# -- 落款 and 成文日期 --------------------------------------------------------------------------------------


def place_closing(document: Document) -> None:
    """Indent each 落款 paragraph and the 成文日期 after it as GB/T 9704 7.3.5.2 asks.

    The 成文日期 starts two characters right of the 署名's first character; the longer of the two keeps
    the right indent its style gives (two characters), the other is indented further. A 署名 too long for one
    line (a unit's name of 30 characters) is broken after one of its parts, as the title is.
    """
    paragraphs = list(document.paragraphs)
    style_of = paragraph_styles(document)
    name_of = name_memo()
    styles = [style_of(p) for p in paragraphs]
    for (name, name_style), (date, date_style) in zip(
        zip(paragraphs, styles, strict=True), zip(paragraphs[1:], styles[1:], strict=True), strict=False
    ):
        if name_of(name_style) != "落款":
            continue
        if name_of(date_style) != "成文日期":
            continue
        # -- the 落款 never stands alone on a page: it keeps with the body's last paragraph --
        before = name._p.getprevious()
        if before is not None and before.tag == qn("w:p"):
            Paragraph(before, name._parent).paragraph_format.keep_with_next = True
        name_measure, date_measure = Measure.of(name_style), Measure.of(date_style)
        name_right, date_right = _right_indent(name_style), _right_indent(date_style)
        # -- a 署名 longer than the line is broken as the title is, after one of its parts: the date then starts
        #    two characters right of its longest line's first character --
        lines = title_lines(name.text, name.text, name_measure, float(text_width(document) - name_right))
        break_runs(name, [sum(map(len, lines[:n])) for n in range(1, len(lines))])
        name_width = max(name_measure.width(line) for line in lines)
        date_width = date_measure.width(date.text)
        shift = 2 * (date_measure.size + date_measure.spacing)
        if date_width + shift <= name_width:
            date.paragraph_format.right_indent = Emu(round(name_right + name_width - shift - date_width))
        else:
            name.paragraph_format.right_indent = Emu(round(date_right + date_width + shift - name_width))


def apply(document: Document, report: ReportData) -> None:
    """Typeset the rendered `document` of `report`: title lines, East Asian hints, 落款."""
    break_titles(document, report.unit_name)
    place_closing(document)
    hint_east_asian_punctuation(document)
