"""Paragraph styles looked up once per document, with python-docx's answers.

python-docx's `Paragraph.style` searches all the document's styles for every paragraph it is asked
about (and for a paragraph without a style, parses the type of every style to find the default): with
171 styles and a few hundred paragraphs, most of a build went there. `paragraph_styles` reads the
styles once and answers the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

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


def _lookup(styles: Any) -> StyleOf:
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
