"""The review copy: each warning is a comment on the figure it concerns, and `build --pdf` shows every comment."""

from __future__ import annotations

import re
import shutil
import zlib
from pathlib import Path

import docx
from click.testing import CliRunner
from docx.oxml.ns import qn

from generator import comments, pipeline
from generator.cli import main
from tests import office
from tests.conftest import SAMPLE, TEMPLATE
from tests.docx_dump import visible


def commented_texts(path: Path) -> dict[str, str]:
    """Return, for each comment of the report, the text its range covers."""
    body = docx.Document(str(path)).element.body
    open_: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for element in body.iter(qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:t")):
        if element.tag == qn("w:commentRangeStart"):
            open_[element.get(qn("w:id"))] = []
        elif element.tag == qn("w:commentRangeEnd"):
            done[element.get(qn("w:id"))] = visible("".join(open_.pop(element.get(qn("w:id")), [])))
        else:
            for texts in open_.values():
                texts.append(element.text or "")
    return done


def test_each_warning_is_anchored_on_its_figure(sample_report: Path) -> None:
    book = pipeline.check(SAMPLE, TEMPLATE)
    figures = sorted(str(f.input) for f in book.warnings)
    assert sorted(commented_texts(sample_report).values()) == figures  # -- 新增就业318人, 99.96 --


def pdf_annotations(pdf: Path) -> list[str]:
    """Return the text of each comment annotation (/Subtype /Text) of a PDF LibreOffice wrote."""
    data = pdf.read_bytes()
    chunks = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    found = []
    for chunk in chunks:
        for match in re.finditer(rb"/Subtype\s*/Text\b[^>]*?/Contents\s*<([0-9A-Fa-f]+)>", chunk, re.S):
            found.append(bytes.fromhex(match.group(1).decode()).decode("utf-16"))
    return found


def test_the_pdf_of_a_report_with_warnings_shows_each_warning(tmp_path: Path) -> None:
    office.require("soffice", "pdftotext")
    workbook = shutil.copyfile(SAMPLE, tmp_path / SAMPLE.name)
    result = CliRunner().invoke(main, ["build", str(workbook), "-o", str(tmp_path / "out"), "--pdf"])
    assert result.exit_code == 0, result.output
    assert "PDF 中每条警告都作为批注显示" in result.output
    book = pipeline.check(SAMPLE, TEMPLATE)
    expected = sorted(comments.comment_text(f) for f in book.warnings)
    pdf = next((tmp_path / "out").glob("*.pdf"))
    assert sorted(pdf_annotations(pdf)) == expected
