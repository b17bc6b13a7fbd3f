"""The naive build: what any program must do to make this report, and nothing more.

Loads the workbook with openpyxl (every cell's value), renders the template with docxtpl and the
context the generator gives the template for that workbook (`generator.render.context`, saved as JSON
by bench/speed.py beforehand), and saves the .docx. No checks, no numbering, no comments, no
reproducible zip, no manifest. bench/speed.py compares `build` against it.

Run: python bench/naive.py WORKBOOK TEMPLATE CONTEXT.json OUTPUT.docx
"""

from __future__ import annotations

import json
import sys

import openpyxl
from docxtpl import DocxTemplate


def main(workbook: str, template: str, context: str, output: str) -> None:
    book = openpyxl.load_workbook(workbook, data_only=True)
    cells = [row for ws in book.worksheets for row in ws.iter_rows(values_only=True)]
    assert cells
    with open(context, encoding="utf-8") as stream:
        data = json.load(stream)
    document = DocxTemplate(template)
    document.render(data, autoescape=True)
    document.save(output)


if __name__ == "__main__":
    main(*sys.argv[1:])
