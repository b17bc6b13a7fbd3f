"""Whatever is typed into the sample's cells, the result is a report or located findings, never a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator import comments, template_check
from generator.aggregate import aggregate
from generator.errors import Finding, GeneratorError
from generator.models import Cell, RawSheet, RawWorkbook
from generator.read import read_workbook
from generator.render import context, environment, render
from generator.validate import collect, sections
from generator.write import to_bytes
from tests.workbooks import TEMPLATE, bases

BASE = bases()[0]
RAW = read_workbook(BASE)

NUMERIC = [
    ("基本信息", "B3"), ("基本信息", "B5"), ("基本信息", "B6"), ("基本信息", "B9"),
    ("重点项目", "C2"), ("重点项目", "D2"), ("重点项目", "E2"), ("一级指标", "B2"),
    ("评分明细", "D2"), ("评分明细", "E2"), ("扣分明细", "C2"), ("统计数据", "B2"), ("评价等级", "B2"),
]  # fmt: skip
TEXT = [
    ("基本信息", "B2"), ("基本信息", "B7"), ("基本信息", "B10"), ("正文", "A2"), ("正文", "B2"),
    ("重点项目", "A2"), ("评分明细", "A2"), ("评分明细", "C2"), ("扣分明细", "A2"), ("扣分明细", "B2"),
    ("存在问题", "A2"), ("统计数据", "A2"),
]  # fmt: skip

TRICKY = st.sampled_from(
    ["{{新增就业人数}}", "{{ 年度 }}", "{{ ''.__class__.__mro__ }}", "{% for x in y %}", "1,234.56", "约 300",
     "%", "-0", "0", "９９", "1e400", "570.45万元", "&<>\"'", "\x00\x07\x1f", "\ud800", "", "   "]
)  # fmt: skip
VALUES = st.one_of(
    st.none(),
    TRICKY,
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(),
)
EDITS = st.lists(st.tuples(st.sampled_from(NUMERIC + TEXT), VALUES), min_size=1, max_size=4)


def edit(raw: RawWorkbook, edits: list[tuple[tuple[str, str], object]]) -> RawWorkbook:
    changes = {place: value for place, value in edits}
    sheets = dict(raw.sheets)
    for (sheet, ref), value in changes.items():
        rows = sheets[sheet].rows
        sheets[sheet] = RawSheet(
            sheet, tuple(tuple(Cell(value, c.ref, c.number_format) if c.ref == ref else c for c in row) for row in rows)
        )
    return RawWorkbook(raw.path, sheets)


def outcome(raw: RawWorkbook) -> bytes | list[Finding]:
    """Return the report's bytes, or the findings that stopped it."""
    book, findings = collect(raw)
    use = template_check.inspect(TEMPLATE)
    findings = [*findings, *template_check.section_findings(use, sections(raw), raw.path)]
    if book is None or any(f.is_error for f in findings):
        return findings
    report = aggregate(book)
    document = render(report, TEMPLATE)
    comments.annotate(document, book, report, tuple(f for f in findings if not f.is_error))
    return to_bytes(document)


def assert_report_or_located(result: bytes | list[Finding]) -> None:
    event("report" if isinstance(result, bytes) else "findings")
    if isinstance(result, bytes):
        assert result.startswith(b"PK")
        return
    errors = [f for f in result if f.is_error]
    assert errors
    for finding in result:
        assert finding.loc.file == RAW.path
        assert finding.loc.sheet, finding
        assert any("\u4e00" <= ch <= "\u9fff" for ch in finding.msg)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EDITS)
def test_any_values_give_report_or_located_findings(edits: list[tuple[tuple[str, str], object]]) -> None:
    assert_report_or_located(outcome(edit(RAW, edits)))


SAVABLE = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1)),
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(NUMERIC + TEXT), SAVABLE), min_size=1, max_size=3))
def test_any_saved_values_give_report_or_findings(edits: list[tuple[tuple[str, str], object]]) -> None:
    import tempfile

    book = openpyxl.load_workbook(BASE)
    for (sheet, ref), value in edits:
        book[sheet][ref].value = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / BASE.name
        book.save(path)
        try:
            raw = read_workbook(path)
        except GeneratorError as exc:  # -- only a file-level refusal may come before validation --
            refusal = exc.findings
        else:
            refusal = ()
            result = outcome(raw)
        assert refusal == () or refusal[0].loc.file == str(path)
        if refusal:
            return
        if not isinstance(result, bytes):
            assert all(f.loc.file == str(path) and f.loc.sheet for f in result)


TEMPLATE_BITS = st.sampled_from(
    ["{{", "}}", "{%", "%}", "{#", "#}", "{%p ", "{%tr ", " for ", " in ", " if ", " else ", " elif ", " endfor ",
     " endif ", "正文.", "项.", "单位名称", "年度", "|join", "|x", ".", "[0]", "'", '"', "(", ")", " ", "文字", "loop.last"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(TEMPLATE_BITS, max_size=12).map("".join), min_size=1, max_size=6))
def test_any_template_text_gives_located_findings(paragraphs: list[str]) -> None:
    checker = template_check._Checker(TEMPLATE, environment(), context(template_check._dummy_report()))
    for text in paragraphs:
        checker.paragraph_text(text)
    checker.finish()
    for finding in checker.findings:
        assert finding.code.startswith("template_")
        assert finding.loc.paragraph is not None
