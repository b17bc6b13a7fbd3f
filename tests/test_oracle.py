"""An oracle we did not write for "as Excel shows it": LibreOffice Calc's own rendering of each sheet.

For workbooks that build, every printed project figure (预算, 支出, 执行率) and the department's
收支规模 figures must equal the text LibreOffice shows in the cells they come from (exported with
"save cell contents as shown"), rounded 四舍五入 to two decimals as the report prints. The workbooks are
the two bases and variants whose cells are typed or formatted differently but show the same.
One soffice call converts every sheet of every workbook.
"""

from __future__ import annotations

import csv
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from generator import pipeline
from tests.docx_dump import visible
from tests.mutations import append, number_format, rate_from_amounts
from tests.office import run_soffice
from tests.workbooks import bases, findings_of, merge, mutated, put, retype

# -- "save cell contents as shown" is the 9th token (true), "detect special numbers" the 8th; -1 exports every sheet as <name>-<sheet>.csv --
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

VARIANTS = {
    "as_is": [],
    "rate_as_percent_format": [
        rate_from_amounts(2, lambda f: (round(f, 4), "0.00%")),
        rate_from_amounts(3, lambda f: (round(f, 4), "0.00%")),
    ],
    "rate_as_text": [rate_from_amounts(2, lambda f: (f"{f * 100:.2f}%", "@"))],
    "amounts_formatted": [
        number_format("重点项目", "C2", "#,##0.00"),
        number_format("重点项目", "D2", '0.00"万元"'),
        number_format("基本信息", "B5", "#,##0.00_ "),
    ],
    "amounts_as_text": [retype("重点项目", "C3", str), retype("基本信息", "B6", lambda v: f"{v}万元")],
    "source_merged_down": [merge("重点项目", "B2:B3")],
}

_PROJECT = re.compile(r"^\d+\.(?P<name>.+?)，(?P<source>[^，]*?)预算(?P<budget>[\d.]+)万元，共支出(?P<spent>[\d.]+)万元"
                      r"(?:，执行率为(?P<rate>[\d.]+)%)?。$")  # fmt: skip
_SCALE = re.compile(r"全年预算数(?P<budget>[\d.]+)万元，全年执行数(?P<spent>[\d.]+)万元")


def _shown(out_dir: Path, workbook: Path, sheet: str) -> list[list[str]]:
    """Return the rows of `sheet` as LibreOffice shows them; a merged range shows its text in each of its cells."""
    path = out_dir / f"{workbook.stem}-{sheet}.csv"
    assert path.is_file(), f"LibreOffice wrote no {path.name}"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    # -- the CSV gives a merged range's text in its first cell only; openpyxl says only where ranges are --
    for rng in openpyxl.load_workbook(workbook)[sheet].merged_cells.ranges:
        text = rows[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                rows[r - 1][c - 1] = text
    return rows


def _number(text: str) -> Decimal:
    """Return the number a cell shows, as the report prints it (two decimals, 四舍五入)."""
    plain = text.replace(",", "").replace("万元", "").replace("%", "").strip()
    return Decimal(plain).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each workbook (base × variant) with its built report; LibreOffice's CSV of every sheet in one folder."""
    folder = tmp_path_factory.mktemp("oracle")
    books: dict[str, tuple[Path, Path]] = {}
    for base in bases():
        for variant, mutations in VARIANTS.items():
            case = f"{base.stem[:4]}-{variant}"
            workbook = mutated(base, folder, *mutations, name=f"{case}.xlsx")
            report = pipeline.build(workbook, folder / "out" / case).output
            books[case] = (workbook, report)
    run_soffice([w for w, _ in books.values()], CSV_ALL_SHEETS, folder / "csv", timeout=600)
    return {case: (w, r) for case, (w, r) in books.items()} | {"": (folder / "csv", folder)}


def _cases() -> list[str]:
    return [f"{base.stem[:4]}-{variant}" for base in bases() for variant in VARIANTS]


@pytest.mark.parametrize("case", _cases())
def test_printed_project_figures_are_the_cells_as_shown(rendered: dict[str, tuple[Path, Path]], case: str) -> None:
    csv_dir = rendered[""][0]
    workbook, report = rendered[case]
    printed = [m for p in Document(str(report)).paragraphs if (m := _PROJECT.match(visible(p.text)))]
    rows = [r for r in _shown(csv_dir, workbook, "重点项目")[1:] if any(cell.strip() for cell in r)]
    header = _shown(csv_dir, workbook, "重点项目")[0]
    column = {name: header.index(name) for name in ("项目名称", "资金来源", "预算数", "支出数", "执行率")}
    assert len(printed) == len(rows)
    for match, row in zip(printed, rows, strict=True):
        assert match["name"] == row[column["项目名称"]]
        assert match["source"] == row[column["资金来源"]]
        budget, spent = _number(row[column["预算数"]]), _number(row[column["支出数"]])
        assert Decimal(match["budget"]) == budget
        assert Decimal(match["spent"]) == spent
        shown_rate = row[column["执行率"]].strip()
        expected = (
            _number(shown_rate) if shown_rate else (spent / budget * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        )
        assert Decimal(match["rate"]) == expected


@pytest.mark.parametrize("case", _cases())
def test_printed_department_figures_are_the_cells_as_shown(rendered: dict[str, tuple[Path, Path]], case: str) -> None:
    csv_dir = rendered[""][0]
    workbook, report = rendered[case]
    fields = {row[0]: row[1] for row in _shown(csv_dir, workbook, "基本信息") if len(row) > 1}
    match = next(m for p in Document(str(report)).paragraphs if (m := _SCALE.search(visible(p.text))))
    assert Decimal(match["budget"]) == _number(fields["全年预算数"])
    assert Decimal(match["spent"]) == _number(fields["全年执行数"])


_SHOWN_AS = [
    put("重点项目", "E2", 0.95, "0%"),  # -- rate_inconsistent: the clerk sees 95% --
    put("重点项目", "E3", 98.74, "0.00%"),  # -- percent_scale: Excel shows 9874.00% --
    put("重点项目", "C4", -5),  # -- negative_amount, in the base's own format --
    put("基本信息", "B6", 3500, '0.00"万元"'),  # -- spent_over_budget --
    append("统计数据", "培训人数", -12.5, "人"),  # -- negative_count --
]


def test_the_input_of_a_finding_is_what_the_cell_shows(tmp_path: Path) -> None:
    """The 输入 of a finding at a number cell is the cell's text as LibreOffice shows it, not the value read."""
    workbooks = {}
    for base in bases():
        last = openpyxl.load_workbook(base)["统计数据"].max_row + 1
        mutations = [*_SHOWN_AS, number_format("统计数据", f"B{last}", "0.0")]
        workbooks[mutated(base, tmp_path, *mutations, name=f"{base.stem[:4]}-shown.xlsx")] = last
    run_soffice(list(workbooks), CSV_ALL_SHEETS, tmp_path / "csv")
    for workbook, last in workbooks.items():
        findings = [f for f in findings_of(workbook) if f.input not in (None, "") and f.loc.cell]
        compared = 0
        for finding in findings:
            if finding.loc.sheet not in ("重点项目", "基本信息", "统计数据") or finding.loc.cell[0] == "A":
                continue
            rows = _shown(tmp_path / "csv", workbook, finding.loc.sheet)
            column = openpyxl.utils.column_index_from_string(finding.loc.cell.rstrip("0123456789"))
            row = int(finding.loc.cell[len(finding.loc.cell.rstrip("0123456789")) :])
            assert finding.input == rows[row - 1][column - 1].replace(",", "").strip(), finding
            compared += 1
        codes = {(f.code, f.loc.cell): f.input for f in findings}
        assert codes[("rate_inconsistent", "E2")] == "95%"
        assert codes[("percent_scale", "E3")] == "9874.00%"
        assert codes[("negative_count", f"B{last}")] == "-12.5"
        assert compared >= 5
