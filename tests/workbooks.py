"""Wrong workbooks and templates made from valid ones: base workbooks, small mutations, findings as (code, where).

The corpus tests build each broken workbook from a *base* workbook by one small mutation. Every base
in `BASES` that exists is used, so that the same expectations hold for the sample workbook in
`inputs/` and for the made-up department in `tests/data/` (both follow the one schema). To pin one
base, set `GENERATOR_TEST_BASE` to its path. The fixtures `base` and `sample` are in conftest.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
from docx import Document
from openpyxl.chart import BarChart, Reference

from generator.errors import Finding, GeneratorError

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "report.docx"
BASES = [
    ROOT / "inputs" / "2022_广州市白云区残疾人联合会.xlsx",
    ROOT / "tests" / "data" / "2023_示例市东湖区农业农村局.xlsx",
]
"""The same workbooks as conftest's SAMPLE and DEPT2 (not imported from there: conftest imports this module)."""
SAMPLE_PATH, DEPT2_PATH = BASES


def bases() -> list[Path]:
    """Return the base workbooks the corpus runs on: `GENERATOR_TEST_BASE`, or every one of `BASES` present."""
    pinned = os.environ.get("GENERATOR_TEST_BASE")
    if pinned:
        return [Path(pinned)]
    return [path for path in BASES if path.is_file()]


Mutation = Callable[[Any], None]
"""Changes an openpyxl workbook in place."""


def put(sheet: str, cell: str, value: Any, number_format: str | None = None) -> Mutation:
    """Set one cell."""

    def apply(book: Any) -> None:
        book[sheet][cell].value = value
        if number_format is not None:
            book[sheet][cell].number_format = number_format

    return apply


def retype(sheet: str, cell: str, how: Callable[[Any], Any]) -> Mutation:
    """Replace one cell's value by `how(value)`: the same figure, typed differently."""

    def apply(book: Any) -> None:
        book[sheet][cell].value = how(book[sheet][cell].value)

    return apply


def copy(sheet: str, source: str, target: str) -> Mutation:
    """Copy one cell's value onto another."""

    def apply(book: Any) -> None:
        book[sheet][target].value = book[sheet][source].value

    return apply


def drop_sheet(sheet: str) -> Mutation:
    """Delete a sheet."""

    def apply(book: Any) -> None:
        del book[sheet]

    return apply


def rename_sheet(sheet: str, name: str) -> Mutation:
    """Rename a sheet."""

    def apply(book: Any) -> None:
        book[sheet].title = name

    return apply


def add_chart_sheet(name: str) -> Mutation:
    """Add a chart sheet (a sheet with a chart and no cells) charting the projects' budgets."""

    def apply(book: Any) -> None:
        chart = BarChart()
        chart.add_data(Reference(book["重点项目"], min_col=3, min_row=1, max_row=3), titles_from_data=True)
        book.create_chartsheet(name).add_chart(chart)

    return apply


def add_sheet(sheet: str, *rows: Sequence[Any]) -> Mutation:
    """Add a sheet holding `rows`."""

    def apply(book: Any) -> None:
        ws = book.create_sheet(sheet)
        for row in rows:
            ws.append(list(row))

    return apply


def clear_rows(sheet: str, first: int) -> Mutation:
    """Delete every row of `sheet` from `first` on."""

    def apply(book: Any) -> None:
        ws = book[sheet]
        ws.delete_rows(first, ws.max_row)

    return apply


def merge(sheet: str, cells: str) -> Mutation:
    """Merge a range, as a person does in Excel (the cells after the first are emptied)."""

    def apply(book: Any) -> None:
        book[sheet].merge_cells(cells)

    return apply


def mutated(base: Path, folder: Path, *mutations: Mutation, name: str | None = None) -> Path:
    """Return the path of a copy of `base` in `folder`, changed by `mutations`."""
    book = openpyxl.load_workbook(base)
    for mutation in mutations:
        mutation(book)
    path = folder / (name or base.name)
    book.save(path)
    return path


def where(finding: Finding) -> str:
    """Return a finding's location without its file: `基本信息!B5`, `正文`, `段落“…”`; "" for the whole file."""
    loc = finding.loc
    return str(replace(loc, file="")) if loc.sheet or loc.paragraph else ""


def located(findings: Iterable[Finding]) -> list[tuple[str, str]]:
    """Return `(code, where)` of each finding, in order."""
    return [(f.code, where(f)) for f in findings]


def findings_of(path: Path, template: Path = TEMPLATE) -> list[Finding]:
    """Return every finding (errors and warnings) of checking the workbook at `path` with `template`."""
    from generator import pipeline

    try:
        return list(pipeline.check(path, template).warnings)
    except GeneratorError as exc:
        return list(exc.findings)


def edited_template(folder: Path, edits: dict[str, str], source: Path = TEMPLATE) -> Path:
    """Return a copy of the template in which each paragraph whose text is a key of `edits` is rewritten.

    A key matches the first paragraph (table cells included) whose text equals it, or starts with it
    when it ends in "…"; the paragraph's text becomes the value.
    """
    document = Document(str(source))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for old, new in edits.items():
        prefix = old.endswith("…")
        match = next(
            (p for p in paragraphs if (p.text.startswith(old[:-1]) if prefix else p.text == old)),
            None,
        )
        assert match is not None, f"no template paragraph {old!r}"
        match.text = new
    path = folder / "template.docx"
    document.save(str(path))
    return path


_BASELINES: dict[Path, list[tuple[str, str]]] = {}


def baseline(base: Path) -> list[tuple[str, str]]:
    """Return the findings of `base` itself: a base may carry warnings of its own (the sample keeps the
    seed's inconsistent stated rate, for the checks to point at)."""
    if base not in _BASELINES:
        _BASELINES[base] = located(findings_of(base))
    return _BASELINES[base]


def new_findings(base: Path, path: Path, template: Path = TEMPLATE) -> list[tuple[str, str]]:
    """Return `(code, where)` of the findings of `path` (made from `base`) that `base` itself does not have."""
    own = baseline(base)
    return [item for item in located(findings_of(path, template)) if item not in own]


def template_misfit(template: Path, workbooks: list[Path]) -> str:
    """Return why `template` cannot be built with `workbooks` (`make test TEMPLATE=…`), as one message; "" if it can.

    The behaviour suite builds the template a maintainer is editing with two departments' workbooks: a
    template meant for every department must not need what only one of them has.
    """
    from generator import pipeline

    problems: list[str] = []
    needs_stat = False
    for workbook in workbooks:
        try:
            pipeline.check(workbook, template)
        except GeneratorError as exc:
            errors = [f for f in exc.findings if f.is_error]
            needs_stat |= any(f.code == "stat_missing" for f in errors)
            problems.append(f"{workbook}：\n" + "\n".join(f"  {f}" for f in errors))
    if not problems:
        return ""
    hint = (
        "统计数据因单位而异，各单位“统计数据”表中的名称不同：只有某个单位才有的统计数据，请写在该单位工作簿“正文”的文字中"
        "（如 {{持证残疾人数}}），不要写进所有单位共用的模板；模板中确需印出时，用 {% if 统计数据.名称 %} … {% endif %} "
        "包住，没有这项的单位就不印。"
        if needs_stat
        else "请先用 python -m generator check 工作簿 --template 模板 逐条改正。"
    )
    return (
        f"模板 {template} 不能与下列工作簿一起生成报告，行为测试没有运行（make test TEMPLATE=… 用示例工作簿和 "
        "tests/data 中另一个单位的工作簿检验模板是否适用于各单位）：\n"
        + "\n".join(problems)
        + f"\n{hint}若模板只给一个单位用，请加 WORKBOOK=该单位的工作簿.xlsx（可写多个）。"
    )
