"""The naive build: what any program must do to make this report, and nothing more.

Loads the workbook with openpyxl (every cell's value), renders the template with docxtpl and the
context the generator gives the template for that workbook (`generator.render.context`, pickled by
bench/speed.py beforehand), and saves the .docx. The template's own filters (`generator.filters`, when
this version of the generator has them) are registered, since the template cannot render without them.
No checks, no numbering, no comments, no provenance, no reproducible zip, no manifest. bench/speed.py
compares `build` against it.

Run: python bench/naive.py WORKBOOK TEMPLATE CONTEXT.pickle OUTPUT.docx
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import jinja2
import openpyxl
from docxtpl import DocxTemplate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(workbook: str, template: str, context: str, output: str) -> None:
    book = openpyxl.load_workbook(workbook, data_only=True)
    cells = [row for ws in book.worksheets for row in ws.iter_rows(values_only=True)]
    assert cells
    with open(context, "rb") as stream:
        data = pickle.load(stream)  # -- figures unpickle as generator.filters.Figure where the generator has them --
    env = jinja2.Environment(autoescape=True)
    try:
        from generator.filters import FILTERS
    except ImportError:  # -- a generator from before the template had filters --
        FILTERS = {}  # noqa: N806
    env.filters.update({name: function for name, (function, _) in FILTERS.items()})
    document = DocxTemplate(template)
    document.render(data, env, autoescape=True)
    document.save(output)


if __name__ == "__main__":
    main(*sys.argv[1:])
