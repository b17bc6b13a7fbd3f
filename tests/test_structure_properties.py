"""Whatever a clerk does to the layout in Excel, the result is a report that agrees with the cells as shown,
or located findings; never an exception.

The edits are made with openpyxl on the sample: merges, hidden rows, inserted rows (blank, a 合计 row, a
new project), number formats and values. When a report results, every printed project figure must be
what its cells show. The shown text is computed here, by a reference written for the few formats the
strategy uses (independent of generator/display.py), and rounded 四舍五入 to two decimals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell

from generator.aggregate import aggregate
from generator.errors import GeneratorError
from generator.read import read_workbook
from generator.validate import collect
from tests.workbooks import bases

BASE = bases()[0]
ROWS = range(2, 6)
CENT = Decimal("0.01")

FORMATS = ["General", "0.00", "0.0", "0", "#,##0.00", "0.00%", "0%", '0.00"万元"', "@"]
VALUES = st.one_of(
    st.decimals(min_value=0, max_value=1000, places=3).map(float),
    st.sampled_from(["12.5", "1,234.5", "570.45万元", "", "合计", 0.9707, "97.07%", 97.07]),
)
EDIT = st.one_of(
    st.tuples(st.just("merge"), st.sampled_from("ABCDE"), st.sampled_from(ROWS)),
    st.tuples(st.just("hide"), st.just(""), st.sampled_from(ROWS)),
    st.tuples(st.just("insert"), st.sampled_from(["", "合计", "新项目"]), st.sampled_from(ROWS)),
    st.tuples(st.just("format"), st.sampled_from("CDE"), st.sampled_from(ROWS), st.sampled_from(FORMATS)),
    st.tuples(st.just("value"), st.sampled_from("CDE"), st.sampled_from(ROWS), VALUES),
)


def apply(ws: Any, edit: tuple[Any, ...]) -> None:
    kind, column, row = edit[:3]
    if kind == "merge":
        ws.merge_cells(f"{column}{row}:{column}{row + 1}")
    elif kind == "hide":
        ws.row_dimensions[row].hidden = True
    elif kind == "insert":
        ws.insert_rows(row)
        if column:
            for letter, value in zip("ABCD", [column, None, 10, 9], strict=True):
                ws[f"{letter}{row}"] = value
    elif kind == "format":
        ws[f"{column}{row}"].number_format = edit[3]
    elif not isinstance(ws[f"{column}{row}"], MergedCell):  # -- one types into a merge's top-left cell only --
        ws[f"{column}{row}"].value = edit[3]


def shown(cell: Any) -> Decimal | None:
    """Return the number `cell` shows (a percent cell: in percent), by the reference; `None` when blank."""
    value, fmt = cell.value, cell.number_format
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return Decimal(value.replace(",", "").replace("万元", "").replace("%", ""))
    number = Decimal(repr(value))
    places = {"0.00": 2, "0.0": 1, "0": 0, "#,##0.00": 2, "0.00%": 2, "0%": 0, '0.00"万元"': 2}.get(fmt)
    if fmt.endswith("%"):
        number *= 100
    if places is None:
        return number
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _merged_down(ws: Any, ref: str) -> bool:
    return any(ref in rng and rng.max_row > rng.min_row for rng in ws.merged_cells.ranges)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDIT, min_size=1, max_size=3))
def test_layout_edits_give_a_faithful_report_or_located_findings(tmp_path_factory: Any, edits: list[Any]) -> None:
    book = openpyxl.load_workbook(BASE)
    ws = book["重点项目"]
    for edit in edits:
        apply(ws, edit)
    path = Path(tmp_path_factory.mktemp("layout")) / BASE.name
    book.save(path)
    try:
        workbook, findings = collect(read_workbook(path))
    except GeneratorError as exc:  # -- refused as a file: located at the file --
        findings, workbook = list(exc.findings), None
    if workbook is None:
        event("findings: " + ", ".join(sorted({f.code for f in findings if f.is_error})))
        assert findings
        assert all(f.loc.file == str(path) for f in findings)
        assert all(f.loc.sheet for f in findings if f.is_error and f.code not in ("corrupt_xlsx",))
        return
    event("report")
    report = aggregate(workbook)
    assert len(report.projects) == len(workbook.projects)
    for project, line in zip(workbook.projects, report.projects, strict=True):
        row = int(project.locs["预算数"].cell[1:])
        assert not ws.row_dimensions[row].hidden, f"a hidden row printed: {row}"
        for name in ("预算数", "支出数", "执行率"):
            assert not _merged_down(ws, project.locs[name].cell), f"a merged-down cell printed: {project.locs[name]}"
        budget, spent = shown(ws[f"C{row}"]), shown(ws[f"D{row}"])
        assert budget is not None
        assert spent is not None
        assert Decimal(str(line.budget)) == budget.quantize(CENT, rounding=ROUND_HALF_UP)
        assert Decimal(str(line.spent)) == spent.quantize(CENT, rounding=ROUND_HALF_UP)
        stated = shown(ws[f"E{row}"])
        if stated is not None:
            assert Decimal(str(line.rate).rstrip("%")) == stated.quantize(CENT, rounding=ROUND_HALF_UP)
        elif str(line.rate) == "":
            assert budget.quantize(CENT, rounding=ROUND_HALF_UP) == 0
        else:
            # -- the report divides the values; the cells show them rounded (to two places at least), so
            #    the rate lies between the rates of the amounts the shown ones may stand for --
            half = CENT / 2
            low = (spent - half) / (budget + half) * 100
            high = (spent + half) / (budget - half) * 100 if budget > half else Decimal("Infinity")
            assert low - CENT <= Decimal(str(line.rate).rstrip("%")) <= high + CENT
