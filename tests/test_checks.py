"""Domain checks on validated records (PRODUCT.md §4): rates within rounding, scores, names, placeholders."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from generator import checks
from generator.errors import Findings
from generator.models import Workbook
from generator.read import read_workbook
from generator.validate import collect
from tests.workbooks import located

D = Decimal


@pytest.fixture
def book(sample: Path) -> Workbook:
    result, _ = collect(read_workbook(sample))
    assert result is not None
    return result


def _run(book: Workbook, broken: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    found = Findings(book.path)
    checks.run_all(book, found, broken)
    return located(found.items)


_OWN: dict[str, list[tuple[str, str]]] = {}


def run(book: Workbook, broken: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """Return the findings of the checks on `book` that its workbook does not have unchanged."""
    if book.path not in _OWN:
        _OWN[book.path] = _run(collect(read_workbook(Path(book.path)))[0] or book)
    return [item for item in _run(book, broken) if item not in _OWN[book.path]]


def with_project(book: Workbook, **changes: object) -> Workbook:
    first = replace(book.projects[0], **changes)
    return replace(book, projects=(first, *book.projects[1:]))


# fmt: off
RATES = [
    ("seed_rate_from_yuan", D("6.73"), D("4.73"), D("70.26"), []),
    ("exact", D("100"), D("50"), D("50"), []),
    ("last_digit_off_by_rounding", D("3040.19"), D("2947.37"), D("96.95"), []),
    ("outside", D("100"), D("50"), D("50.02"), [("rate_inconsistent", "重点项目!E2")]),
    ("fraction_typed_as_percent", D("100"), D("50"), D("0.5"), [("rate_inconsistent", "重点项目!E2")]),
]
# fmt: on


@pytest.mark.parametrize(("budget", "spent", "rate", "expected"), [c[1:] for c in RATES], ids=[c[0] for c in RATES])
def test_stated_rate(book: Workbook, budget: Decimal, spent: Decimal, rate: Decimal, expected: list) -> None:
    assert run(with_project(book, budget=budget, spent=spent, stated_rate=rate)) == expected


def test_sample_has_warnings_only(book: Workbook) -> None:
    found = Findings(book.path)
    checks.run_all(book, found)
    assert found.errors == []


def test_broken_sheet_skips_checks_that_need_it_whole(book: Workbook) -> None:
    bad = replace(book, categories=book.categories[1:])
    assert run(bad, frozenset({"一级指标"})) == []
    assert ("weights_not_100", "一级指标") in run(bad)


def test_record_checks_run_on_the_records_of_a_broken_sheet(book: Workbook) -> None:
    # -- one row's error hides no other row's finding (一次列出全部问题) --
    bad = with_project(book, budget=D(-1))
    assert run(bad, frozenset({"重点项目", "基本信息", "统计数据"}))[0] == ("negative_amount", "重点项目!C2")


def test_unknown_placeholder_suggests_nearest(book: Workbook) -> None:
    stat = book.stats[0].name
    text = replace(book.problems[0], text=f"见{{{{{stat[:-1]}}}}}")
    found = Findings(book.path)
    checks.check_texts(replace(book, problems=(text, *book.problems[1:])), found)
    [finding] = found.items
    assert finding.code == "unknown_placeholder"
    assert f"是否应为“{stat}”" in finding.msg


@pytest.mark.parametrize(
    ("total", "grade"), [(D("95.69"), "优"), (D("90"), "优"), (D("89.99"), "良"), (D("60"), "中"), (D("0"), "差")]
)
def test_grade_bands_come_from_data(book: Workbook, total: Decimal, grade: str) -> None:
    assert checks.grade_for(total, book) == grade


def test_stated_total_rounds_half_up(book: Workbook) -> None:
    total = sum((i.score for i in book.indicators), D(0))
    info = replace(book.info, stated_total=total + D("0.004"))
    assert run(replace(book, info=info)) == []
    info = replace(book.info, stated_total=total + D("0.005"))
    assert [code for code, _ in run(replace(book, info=info))] == ["total_mismatch"]


def _dup_indicator(book: Workbook) -> Workbook:
    second = replace(book.indicators[1], level3=book.indicators[0].level3)
    return replace(book, indicators=(book.indicators[0], second, *book.indicators[2:]))


def _dup_category(book: Workbook) -> Workbook:
    return replace(book, categories=(*book.categories, book.categories[0]))


def _empty_category(book: Workbook) -> Workbook:
    first = book.categories[0]
    return replace(book, indicators=tuple(i for i in book.indicators if i.category != first.name))


def _stat_named_year(book: Workbook) -> Workbook:
    return replace(book, stats=(replace(book.stats[0], name="年度"), *book.stats[1:]))


# fmt: off
RECORDS = [
    ("indicator_twice", _dup_indicator, [("duplicate_indicator", "评分明细!A3")]),
    ("category_twice", _dup_category, [("duplicate_category", "一级指标!A2"), ("weights_not_100", "一级指标")]),
    ("category_without_rows", _empty_category, [("category_without_rows", "一级指标!A2")]),
    ("stat_named_like_computed", _stat_named_year, [("stat_shadows_computed", "统计数据!A2")]),
]
# fmt: on


@pytest.mark.parametrize(("change", "first"), [c[1:] for c in RECORDS], ids=[c[0] for c in RECORDS])
def test_record_level(book: Workbook, change: object, first: list[tuple[str, str]]) -> None:
    # -- the findings after these are consequences, which depend on the department's data --
    assert run(change(book))[: len(first)] == first  # type: ignore[operator]


def _with_work_text(book: Workbook, text: str) -> Workbook:
    first = book.work[0]
    changed = replace(first, text=replace(first.text, text=text))
    return replace(book, work=(changed, *book.work[1:]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年新增就业318人。", ["typed_figure_differs"]),
        ("全年新增就业311人。", []),  # -- agrees with the figure --
        ("全年新增就业{{新增就业人数}}。", []),  # -- cited, not typed --
        ("全年新增就业318户。", []),  # -- another unit: another measure --
        ("全年新增岗位318人。", []),  # -- other words --
    ],
)
def test_typed_figure_that_disagrees_with_its_named_figure(book: Workbook, text: str, expected: list[str]) -> None:
    assert ("新增就业人数", D(311), "人") in [(s.name, s.value, s.unit) for s in book.stats]
    changed = _with_work_text(book, text)
    found = Findings(book.path)
    checks.check_typed_figures(changed, found)
    assert [f.code for f in found.items if f.loc == changed.work[0].text.loc] == expected


def test_sample_points_at_the_seeds_318_beside_311(book: Workbook) -> None:
    found = Findings(book.path)
    checks.check_typed_figures(book, found)
    assert [(f.code, f.input) for f in found.items] == [("typed_figure_differs", "新增就业318人")]
