"""Golden files: the text dump and document XML of each case, compared on every run.

Update them on purpose with `make golden-update` and review the change in `git diff`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.docx_dump import document_xml, text_dump

GOLDEN = ROOT / "tests" / "golden"
CASES = {"sample": "sample_report", "dept2": "dept2_report"}


@pytest.mark.parametrize(
    ("case", "artefact"), [(c, a) for c in CASES for a in ("expected.txt", "expected-document.xml")]
)
def test_golden(case: str, artefact: str, request: pytest.FixtureRequest, update_golden: bool) -> None:
    report: Path = request.getfixturevalue(CASES[case])
    actual = text_dump(report) if artefact == "expected.txt" else document_xml(report)
    golden = GOLDEN / case / artefact
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.exists(), f"{golden} is missing: run `make golden-update` and review the diff"
    expected = golden.read_text(encoding="utf-8")
    assert actual == expected, f"{golden} differs from the output: review, then `make golden-update`"
