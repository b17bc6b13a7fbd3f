"""Paragraph styles looked up once per document, with python-docx's answers.

python-docx's `Paragraph.style` searches all the document's styles for every paragraph it is asked
about (and for a paragraph without a style, parses the type of every style to find the default): with
171 styles and a few hundred paragraphs, most of a build went there. `paragraph_styles` reads the
styles once and answers the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from generator import wml

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

StyleOf = Callable[["Paragraph"], Any]
"""Returns a paragraph's style (a python-docx `ParagraphStyle`), or None when the document has no default."""


def paragraph_styles(document: Document) -> StyleOf:
    """Return the function that gives a paragraph's style as `Paragraph.style` does, from one pass over the styles.

    As python-docx does: the first style with the paragraph's style id, if it is a paragraph style;
    otherwise (no id, an unknown id, the id of a character or table style) the default paragraph style.
    Made once per pass over a document: a style added afterwards is not seen.
    """
    return _lookup(document.styles)


_TYPES = frozenset({"paragraph", "character", "table", "numbering"})
_ON_OFF = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}


def _lookup(styles: Any) -> StyleOf:
    from docx.styles.style import ParagraphStyle

    # -- read from lxml: the id, type and default flag of each w:style; proxies made for the styles asked
    #    about. Anything python-docx would not read (a style without a type) goes the slow way, which
    #    raises as python-docx does --
    first: dict[str | None, Any] = {}
    default = None
    for element in styles.element:
        if element.tag != wml.STYLE:
            continue
        kind, flag = element.get(wml.TYPE), element.get(wml.DEFAULT)
        if kind not in _TYPES or (flag is not None and flag not in _ON_OFF):
            return _slow_lookup(styles)
        first.setdefault(element.get(wml.STYLE_ID), element)
        if kind == "paragraph" and flag is not None and _ON_OFF[flag]:
            default = element  # -- the last default, as python-docx's `default_for` --
    paragraph = {style_id: e for style_id, e in first.items() if e.get(wml.TYPE) == "paragraph"}
    proxies: dict[Any, Any] = {}

    def proxy(element: Any) -> Any:
        if element is None:
            return None
        if element not in proxies:
            proxies[element] = ParagraphStyle(element)
        return proxies[element]

    def style_of(item: Paragraph) -> Any:
        style_id = wml.style_id(item._p)
        return proxy(paragraph.get(style_id, default) if style_id else default)

    return style_of


def _slow_lookup(styles: Any) -> StyleOf:
    from docx.enum.style import WD_STYLE_TYPE

    first: dict[str, Any] = {}
    for style in styles:
        first.setdefault(style.style_id, style)
    paragraph = {style_id: style for style_id, style in first.items() if style.type == WD_STYLE_TYPE.PARAGRAPH}
    default = styles.default(WD_STYLE_TYPE.PARAGRAPH)

    def style_of(item: Paragraph) -> Any:
        style_id = item._p.style
        return paragraph.get(style_id, default) if style_id else default

    return style_of


def style_names(document: Document) -> list[str | None]:
    """Return the name of every style of `document` in order, as `[s.name for s in document.styles]` gives them.

    Read from lxml; a style python-docx cannot read (no type, a name without a value) goes python-docx's
    way, which raises.
    """
    from docx.styles import BabelFish

    names: list[str | None] = []
    for element in document.styles.element:
        if element.tag != wml.STYLE:
            continue
        found = element.find(wml.W + "name")
        value = found.get(wml.VAL) if found is not None else None
        if element.get(wml.TYPE) not in _TYPES or (found is not None and value is None):
            return [style.name for style in document.styles]
        names.append(BabelFish.internal2ui(value) if value is not None else None)
    return names


def name_memo() -> Callable[[Any], str | None]:
    """Return a function giving a style's name (None for no style), read once per style element:
    python-docx parses it from the XML at each call."""
    found: dict[Any, str | None] = {}

    def name_of(style: Any) -> str | None:
        if style is None:
            return None
        if style.element not in found:
            found[style.element] = style.name
        return found[style.element]

    return name_of


_LAST: list[Any] = [None, -1, None, {}]
"""The styles element last looked up, its number of children then, its lookup, and `style_memo`'s answers."""


def style_of(paragraph: Paragraph) -> Any:
    """Return `paragraph.style` as python-docx does, from a map of its document's styles made once.

    For code that meets paragraphs without their document (a table cell's): the map of the last
    document asked about is kept, and made again for another document or once a style was added.
    """
    styles = paragraph.part.package.main_document_part.styles  # -- a header's paragraph too, as python-docx does --
    element = styles.element
    if _LAST[0] is not element or _LAST[1] != len(element):
        _LAST[:] = [element, len(element), _lookup(styles), {}]
    lookup: StyleOf = _LAST[2]
    return lookup(paragraph)


T = TypeVar("T")


def style_memo(paragraph: Paragraph, what: str, compute: Callable[[Any], T]) -> T:
    """Return `compute(style_of(paragraph))`, computed once per style (and `what`) of the document.

    For what a style and its base styles give (a size, boldness), which python-docx finds by looking
    each base style up among all the styles again. The answers are forgotten with the map of styles:
    a change to a style's formatting afterwards is not seen.
    """
    style = style_of(paragraph)
    answers: dict[tuple[str, str | None], Any] = _LAST[3]
    key = (what, None if style is None else style.style_id)
    if key not in answers:
        answers[key] = compute(style)
    answer: T = answers[key]
    return answer
