"""Shared fixtures: the sample and second workbooks, their built reports, the golden update flag."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import pipeline
from tests import workbooks

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "2022_广州市白云区残疾人联合会.xlsx"
DEPT2 = ROOT / "tests" / "data" / "2023_示例市东湖区农业农村局.xlsx"
TEMPLATE = ROOT / "templates" / "report.docx"
SEED = ROOT.parent / "shared" / "seed" / "000_552fed3c714631ba.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files instead of comparing")
    parser.addoption(
        "--template",
        default=os.environ.get("GENERATOR_TEST_TEMPLATE") or None,
        help="run the behaviour suite against this Word template (and leave out the shipped template's tests)",
    )
    parser.addoption(
        "--workbook",
        action="append",
        default=None,
        help="with --template: the workbook(s) to build with it (default: the sample and tests/data workbooks)",
    )


SHIPPED_TEMPLATE_TESTS = (
    "tests/test_golden.py",
    "tests/test_layout.py",
    "tests/test_seed.py",
    "tests/test_pdf.py",
    "tests/test_template_check.py::test_corpus",
    "tests/test_template_check.py::test_template_findings_name_the_template",
    "tests/test_template_check.py::test_shipped_template_is_clean",
    "tests/test_template_check.py::test_did_you_mean",
    "tests/test_template_check.py::test_tr_outside_table_is_chinese",
    "tests/test_template_check.py::test_plain_tags_in_one_paragraph_are_fine",
    "tests/test_template_check.py::test_long_paragraph_is_shortened",
    "tests/test_comments.py::test_warning_becomes_comment",
    "tests/test_comments.py::test_project_comment_is_on_the_project_line",
    "tests/test_comments.py::test_sample_seed_inconsistencies",
    "tests/test_generality.py::test_second_department_counts",
    "tests/test_filters.py::test_a_number_filter_on_text",
    "tests/test_filters.py::test_a_guarded_statistic",
    "tests/test_corpus.py::test_zero_budget_project_prints_without_rate",
    "tests/test_harvest.py::test_a_reviewed_report_round_trips_through_the_workbook",
    "tests/test_harvest.py::test_a_report_resaved_by_libreoffice_round_trips_too",
    "tests/test_harvest.py::test_harvest_finds_the_workbook_from_the_report",
    "tests/test_oracle.py::test_printed_project_figures_are_the_cells_as_shown",
    "tests/test_provenance.py::test_every_figure_of_a_project_and_every_table_row_carries_its_cell",
)
"""Tests of the shipped template's wording and layout (node id prefixes), marked `shipped_template`.

They fail when templates/report.docx is edited on purpose (then review and `make golden-update`);
`make test TEMPLATE=path` leaves them out and runs the behaviour suite against `path` instead.
A new test of the shipped template's wording can also carry `@pytest.mark.shipped_template` itself."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "shipped_template: tests the wording or layout of templates/report.docx")


def pytest_collection_finish(session: pytest.Session) -> None:
    """With `--template`, first check the template with the workbooks: a misfit is one message, not a traceback per test."""
    given = session.config.getoption("--template")
    if given:
        chosen = [Path(p) for p in session.config.getoption("--workbook") or []] or workbooks.bases()
        misfit = workbooks.template_misfit(Path(given), chosen)
        if misfit:
            pytest.exit(misfit, returncode=1)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith(SHIPPED_TEMPLATE_TESTS):
            item.add_marker(pytest.mark.shipped_template)
    if config.getoption("--template"):
        kept = [item for item in items if item.get_closest_marker("shipped_template") is None]
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report built from the sample workbook."""
    return pipeline.build(SAMPLE, tmp_path_factory.mktemp("sample"), TEMPLATE).output


@pytest.fixture(scope="session")
def dept2_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report built from the second, made-up department's workbook."""
    return pipeline.build(DEPT2, tmp_path_factory.mktemp("dept2"), TEMPLATE).output


# -- base workbooks for the corpus of wrong workbooks (tests/workbooks.py) --


@pytest.fixture(params=workbooks.bases(), ids=lambda p: p.name[:4])
def base(request: pytest.FixtureRequest) -> Path:
    """A base workbook that passes every check."""
    return request.param


@pytest.fixture
def sample() -> Path:
    """The first base workbook present (the sample when it exists)."""
    return workbooks.bases()[0]
