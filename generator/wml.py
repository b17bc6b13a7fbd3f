"""WordprocessingML read straight from the lxml tree: Clark names made once, texts as python-docx gives them.

python-docx's proxies (`Paragraph.text`, `Run.text`, `Paragraph.runs`) run an XPath query for every
paragraph and run, and `qn` builds a tag name at each call; the stages after rendering walk every
paragraph of the report, some of them several times. Here the same answers come from one walk of the
element's children with precomputed names. No python-docx import: `check` does without it.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
"""The WordprocessingML namespace in Clark notation: `W + "p"` is what `qn("w:p")` gives."""

P = W + "p"
R = W + "r"
T = W + "t"
BR = W + "br"
CR = W + "cr"
TAB = W + "tab"
HYPERLINK = W + "hyperlink"
TBL = W + "tbl"
TR = W + "tr"
TC = W + "tc"
PPR = W + "pPr"
RPR = W + "rPr"
PSTYLE = W + "pStyle"
STYLE = W + "style"
STYLE_ID = W + "styleId"
TYPE = W + "type"
DEFAULT = W + "default"
TCPR = W + "tcPr"
VMERGE = W + "vMerge"
GRIDSPAN = W + "gridSpan"
VAL = W + "val"
BOOKMARK_START = W + "bookmarkStart"
BOOKMARK_END = W + "bookmarkEnd"

_RUN_CONTENT = frozenset(W + name for name in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))
"""The run children python-docx's `Run.text` reads (each through its element's `str`)."""


def run_text(r: Any) -> str:
    """Return the text of the `w:r` element `r`, as python-docx's `Run.text` gives it."""
    return "".join((child.text or "") if child.tag == T else str(child) for child in r if child.tag in _RUN_CONTENT)


def paragraph_text(p: Any) -> str:
    """Return the text of the `w:p` element `p`, as python-docx's `Paragraph.text` gives it: its runs and
    its hyperlinks' runs, tabs and line breaks as "\\t" and "\\n"."""
    parts = []
    for child in p:
        if child.tag == R:
            parts.append(run_text(child))
        elif child.tag == HYPERLINK:
            parts += [run_text(r) for r in child if r.tag == R]
    return "".join(parts)


def has_runs(p: Any) -> bool:
    """Whether python-docx's `Paragraph.runs` of the `w:p` element `p` is not empty (a `w:r` child)."""
    return any(child.tag == R for child in p)


def style_id(p: Any) -> str | None:
    """Return the style id of the `w:p` element `p` (`w:pPr/w:pStyle/@w:val`), as python-docx's `CT_P.style`."""
    ppr = p.find(PPR)
    found = ppr.find(PSTYLE) if ppr is not None else None
    if found is None:
        return None
    value: str | None = found.get(VAL)
    return value if value is not None else p.style  # -- no w:val: python-docx raises, as it does here --
