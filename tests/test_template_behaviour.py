"""The behaviour suite: what any template must give, whatever its outline, wording or layout.

It runs against the shipped template and each template of another scheme in tests/schemes.py, or,
with `make test TEMPLATE=path` (`pytest tests --template=path`, env `GENERATOR_TEST_TEMPLATE`), against the
template a maintainer is editing, built with the sample workbooks (or `--workbook`, `WORKBOOK=path`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from generator import numbering, pipeline, template_check
from generator.render import numbering_rules
from tests import schemes
from tests.docx_dump import plain_text
from tests.workbooks import TEMPLATE, bases


@dataclass(frozen=True)
class Case:
    """A template and the workbook built with it."""

    name: str
    template: Path
    workbook: Path


def _cases(config: pytest.Config, folder: Path) -> list[Case]:
    given = config.getoption("--template")
    if given:
        workbooks = [Path(p) for p in config.getoption("--workbook") or []] or bases()
        return [Case(f"given-{w.name[:4]}", Path(given), w) for w in workbooks]
    cases = [Case(f"shipped-{w.name[:4]}", TEMPLATE, w) for w in bases()]
    for scheme in schemes.SCHEMES:
        template = scheme.build(folder / f"{scheme.name}.docx")
        cases.append(Case(scheme.name, template, schemes.workbook(scheme, folder / scheme.name)))
    return cases


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case_name" in metafunc.fixturenames:
        names = (
            ["given"] if metafunc.config.getoption("--template") else ["shipped", *(s.name for s in schemes.SCHEMES)]
        )
        metafunc.parametrize("case_name", names, scope="module")


@pytest.fixture(scope="module")
def cases(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    return _cases(request.config, tmp_path_factory.mktemp("templates"))


@dataclass(frozen=True)
class Built:
    case: Case
    output: Path
    warnings: tuple[str, ...]


@pytest.fixture(scope="module")
def built(case_name: str, cases: list[Case], tmp_path_factory: pytest.TempPathFactory) -> list[Built]:
    """Every report of the cases named `case_name` (the shipped template gives one per base workbook)."""
    found = []
    for case in cases:
        if case.name.split("-")[0] == case_name:
            result = pipeline.build(case.workbook, tmp_path_factory.mktemp(case.name), case.template)
            found.append(Built(case, result.output, tuple(f.code for f in result.warnings)))
    assert found
    return found


def test_template_check_finds_nothing(built: list[Built]) -> None:
    for item in built:
        assert template_check.inspect(item.case.template).findings == ()


def test_no_tag_is_left_in_the_report(built: list[Built]) -> None:
    for item in built:
        text = "\n".join(plain_text(item.output))
        assert not re.search(r"\{\{|\}\}|\{%|%\}|\{#|｛｛|｝｝", text)


def test_figures_print_in_their_printed_form(built: list[Built]) -> None:
    # -- no float noise (0.6699999999999946), no Decimal exponent (1E+2), no "-0" --
    for item in built:
        text = "\n".join(plain_text(item.output))
        assert not re.search(r"\d\.\d{5,}|\dE[+-]\d|(?<![\d.])-0(?![\d.])", text)


def test_loops_leave_no_empty_paragraph(built: list[Built]) -> None:
    for item in built:
        template_empty = _empty_paragraphs(item.case.template)
        assert _empty_paragraphs(item.output) <= template_empty


def _empty_paragraphs(path: Path) -> int:
    body = docx.Document(str(path)).element.body
    return sum(
        1
        for p in body.iterchildren(qn("w:p"))
        if not "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
        and p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is None
    )


def test_numbered_paragraphs_count_from_their_position(built: list[Built]) -> None:
    for item in built:
        document = docx.Document(str(item.output))
        rules = numbering_rules(docx.Document(str(item.case.template)))
        counters = [0] * (numbering.MAX_LEVEL + 1)
        lists: dict[str, int] = {}
        for paragraph in document.paragraphs:
            rule = rules.get(paragraph.style.name if paragraph.style is not None else "")
            if rule is None:
                continue
            if rule.level:
                counters[rule.level] += 1
                counters[rule.level + 1 :] = [0] * (len(counters) - rule.level - 1)
                lists.clear()
                n = counters[rule.level]
            else:
                lists[paragraph.style.name] = n = lists.get(paragraph.style.name, 0) + 1
            label = numbering.label(rule.format, n)
            assert paragraph.text.startswith(label), (paragraph.style.name, paragraph.text)
            assert numbering.typed_label(paragraph.text[len(label) :]) is None, paragraph.text  # -- one label --


def test_the_numbering_settings_table_is_not_printed(built: list[Built]) -> None:
    for item in built:
        assert numbering.SETTINGS_TITLE not in plain_text(item.output)


def test_the_same_inputs_give_the_same_bytes(built: list[Built], tmp_path: Path) -> None:
    for item in built:
        again = pipeline.build(item.case.workbook, tmp_path / item.case.name, item.case.template).output
        assert again.read_bytes() == item.output.read_bytes()


def test_warnings_are_only_about_the_workbook(built: list[Built]) -> None:
    for item in built:
        assert not [code for code in item.warnings if code.startswith("template_")]


def test_a_template_that_fits_one_department_only_is_one_clear_message(tmp_path: Path) -> None:
    # -- `make test TEMPLATE=…` with a statistic only the sample has: one message saying why and what to do --
    import subprocess
    import sys

    from tests.workbooks import ROOT, edited_template

    title = "{{ 单位名称 }}{{ 年度 }}年部门整体支出绩效自评报告"
    template = edited_template(tmp_path, {title: title + "（持证残疾人{{ 统计数据.持证残疾人数 }}）"})
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/test_template_behaviour.py",
            f"--template={template}",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 1
    out = run.stdout + run.stderr
    assert out.count("不能与下列工作簿一起生成报告") == 1
    assert "“统计数据”表中没有“持证残疾人数”" in out
    assert "统计数据因单位而异" in out
    assert "WORKBOOK=" in out
    assert "Traceback" not in out
    assert "ERROR" not in out
