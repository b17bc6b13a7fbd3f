"""Paragraph styles looked up once per document, with python-docx's answers.

python-docx's `Paragraph.style` searches all the document's styles for every paragraph it is asked
about (and for a paragraph without a style, parses the type of every style to find the default): with
171 styles and a few hundred paragraphs, most of a build went there. `paragraph_styles` reads the
styles once and answers the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

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
    from docx.enum.style import WD_STYLE_TYPE

    first: dict[str, Any] = {}
    for style in document.styles:
        first.setdefault(style.style_id, style)
    paragraph = {style_id: style for style_id, style in first.items() if style.type == WD_STYLE_TYPE.PARAGRAPH}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)

    def style_of(item: Paragraph) -> Any:
        style_id = item._p.style
        return paragraph.get(style_id, default) if style_id else default

    return style_of
