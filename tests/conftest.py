"""Shared fixtures: the sample and second workbooks, their built reports, the golden update flag."""

from __future__ import annotations

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
