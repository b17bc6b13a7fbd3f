"""A bureau's batch: many workbooks in one run, each failure alone, one summary workbook (generator/batch.py)."""

from __future__ import annotations

import json
import os
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from generator import batch, pipeline
from generator.cli import main
from generator.errors import GeneratorError
from tests import broken
from tests.workbooks import SAMPLE_PATH, TEMPLATE, drop_sheet, mutated, put

# -- the sample's cells this file changes: 评分明细 row 3 is 重点工作任务完成率 (分值 20, full marks, no deduction) --
SAMPLE_TOTAL = Decimal("95.69")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def lose(points: Decimal) -> list[Any]:
    """Mutations that take `points` off 重点工作任务完成率, with the deduction that explains them."""

    def add_deduction(book: Any) -> None:
        book["扣分明细"].append(["重点工作任务完成率", "部分任务未按期完成", float(points)])

    # -- the stated total and grade are left blank: the program computes them --
    return [
        put("评分明细", "E3", float(Decimal(20) - points)),
        add_deduction,
        put("基本信息", "B9", None),
        put("基本信息", "B10", None),
    ]


def grade(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["第10.xlsx", "第2.xlsx", "第1.xlsx"], ["第1.xlsx", "第2.xlsx", "第10.xlsx"]),
        (["b/2023_x.xlsx", "a/2023_x.xlsx", "a/2022_x.xlsx"], ["a/2022_x.xlsx", "a/2023_x.xlsx", "b/2023_x.xlsx"]),
        (
            ["单位9_第12号.xlsx", "单位9_第3号.xlsx", "单位10_第1号.xlsx"],
            ["单位9_第3号.xlsx", "单位9_第12号.xlsx", "单位10_第1号.xlsx"],
        ),
    ],
)
def test_natural_order(names: list[str], expected: list[str]) -> None:
    assert [str(p) for p in sorted(map(Path, names), key=batch.natural_key)] == expected


@pytest.mark.parametrize(("text", "index", "count"), [("1/4", 1, 4), (" 4 / 4 ", 4, 4), ("1/1", 1, 1)])
def test_shard_parse(text: str, index: int, count: int) -> None:
    assert batch.Shard.parse(text) == batch.Shard(index, count)


@pytest.mark.parametrize("text", ["0/4", "5/4", "1", "a/b", "1/0", "-1/3"])
def test_shard_parse_refuses(text: str) -> None:
    with pytest.raises(GeneratorError) as exc:
        batch.Shard.parse(text)
    assert exc.value.findings[0].code == "bad_shard"
    assert "I/N" in exc.value.findings[0].msg
    assert str(exc.value.findings[0].loc) == "命令行参数 --shard"  # -- never （无位置） --


def test_shards_cover_every_workbook_once() -> None:
    paths = [Path(f"第{n}.xlsx") for n in range(1, 12)]
    parts = [batch.Shard(i, 3).take(paths) for i in (1, 2, 3)]
    assert sorted((p for part in parts for p in part), key=batch.natural_key) == paths
    assert parts[0] == [Path("第1.xlsx"), Path("第4.xlsx"), Path("第7.xlsx"), Path("第10.xlsx")]


def test_read_list(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("\ufeff# 本周收到\na.xlsx\n\n  b/c.xlsx  \n", encoding="utf-8")
    assert batch.read_list(listing) == [Path("a.xlsx"), Path("b/c.xlsx")]
    with pytest.raises(GeneratorError) as exc:
        batch.read_list(tmp_path / "none.txt")
    assert exc.value.findings[0].code == "list_unreadable"


@pytest.fixture(scope="module")
def bureau(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    """A folder of 42 workbooks, 6 of them broken, and what each should give: status, score, grade, errors at."""
    folder = tmp_path_factory.mktemp("bureau") / "inputs"
    folder.mkdir()
    expected: dict[str, dict[str, Any]] = {}
    for n in range(1, 37):
        points = Decimal(n) / 2  # -- 0.5 … 18: totals from 95.19 down to 77.69, grades 优, 良, 中 --
        unit = f"示例区第{n}局"
        path = mutated(SAMPLE_PATH, folder, put("基本信息", "B2", unit), *lose(points), name=f"2022_第{n}局.xlsx")
        total = SAMPLE_TOTAL - points
        expected[path.name] = {"unit": unit, "status": "有警告", "score": total, "grade": grade(total), "errors": []}
    broken_ones = {
        "2022_第37局.xlsx": ([put("重点项目", "C3", "约三百")], [("重点项目", "C3")]),
        "2022_第38局.xlsx": (
            [put("评分明细", "E5", 9), put("基本信息", "B9", None), put("基本信息", "B10", None)],
            [("评分明细", "E5")],  # -- a score above its weight: score_out_of_range only, no "negative deduction" --
        ),
        "2022_第39局.xlsx": ([drop_sheet("改进措施")], [("改进措施", "")]),
        "2022_第40局.xlsx": ([], [("基本信息", "B3")]),
        "2023_第40局.xlsx": ([], [("基本信息", "B3")]),  # -- copied, 年度 left at 2022: collides with the one above --
    }
    for name, (mutations, errors_at) in broken_ones.items():
        unit = "示例区" + name.removeprefix("2022_").removeprefix("2023_").removesuffix(".xlsx")
        mutated(SAMPLE_PATH, folder, put("基本信息", "B2", unit), *mutations, name=name)
        expected[name] = {"unit": unit, "status": "失败", "errors": errors_at}
    bad = broken.text_file(SAMPLE_PATH, folder)
    expected[bad.name] = {"unit": bad.name, "status": "失败", "errors": [("", "")]}
    return folder, expected


@pytest.fixture(scope="module")
def built(
    bureau: tuple[Path, dict[str, dict[str, Any]]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Result, Path]:
    folder, _ = bureau
    out = tmp_path_factory.mktemp("bureau-out")
    return run("build", str(folder), "-o", str(out), "--template", str(TEMPLATE), "-j", "2", "--json"), out


def test_batch_build_summary_workbook(
    bureau: tuple[Path, dict[str, dict[str, Any]]], built: tuple[Result, Path]
) -> None:
    folder, expected = bureau
    result, out = built
    assert len(expected) >= 40
    assert result.exit_code == 1
    assert (
        result.stderr.rstrip()
        .splitlines()[-1]
        .startswith(f"共 {len(expected)} 个工作簿：{len(expected) - 6} 个生成报告，6 个失败")
    )
    book = openpyxl.load_workbook(out / batch.SUMMARY_NAME)
    ws = book["汇总"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:I{len(expected) + 1}"
    header = [c.value for c in ws[1]]
    assert header == [*batch.SUMMARY_COLUMNS, "工作簿"]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    # -- one row per workbook, in natural order: 第2局 before 第10局 --
    assert [Path(r["工作簿"]).name for r in rows] == sorted(expected, key=lambda n: batch.natural_key(Path(n)))
    for row, cells in zip(rows, ws.iter_rows(min_row=2), strict=True):
        want = expected[Path(row["工作簿"]).name]
        assert (row["单位"], row["状态"]) == (want["unit"], want["status"]), row
        assert row["错误数"] == len(want["errors"]), row
        if want["status"] != "失败":
            assert (Decimal(str(row["自评分"])), row["等级"]) == (want["score"], want["grade"]), row
            link = cells[header.index("报告")].hyperlink
            assert link is not None
            assert (out / link.target).is_file()
        else:
            assert row["报告"] is None
    assert {r["等级"] for r in rows if r["状态"] != "失败"} == {"优", "良", "中"}
    # -- the findings sheet names every error's place --
    found = book["问题"]
    fheader = [c.value for c in found[1]]
    errors: dict[str, list[tuple[str, str]]] = {}
    for values in found.iter_rows(min_row=2, values_only=True):
        record = dict(zip(fheader, values, strict=True))
        if record["级别"] == "错误":
            errors.setdefault(Path(record["工作簿"]).name, []).append((record["工作表"] or "", record["单元格"] or ""))
    assert errors == {name: want["errors"] for name, want in expected.items() if want["errors"]}
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(
        f"2022_{w['unit']}_部门整体支出绩效自评报告.docx" for w in expected.values() if w["status"] != "失败"
    )


def test_batch_json_one_record_per_workbook(
    bureau: tuple[Path, dict[str, dict[str, Any]]], built: tuple[Result, Path]
) -> None:
    _, expected = bureau
    result, _ = built
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(expected)
    statuses = {Path(r["workbook"]).name: r["status"] for r in records}
    assert statuses == {name: "failed" if w["status"] == "失败" else "warnings" for name, w in expected.items()}
    collided = [r for r in records if r["workbook"].endswith("第40局.xlsx")]
    assert [f["code"] for r in collided for f in r["findings"] if f["severity"] == "error"] == ["report_collision"] * 2
    copied = next(r for r in collided if Path(r["workbook"]).name.startswith("2023"))
    assert "很可能复制了上一年的工作簿而忘记改年度" in copied["findings"][0]["message"]


def test_batch_check_shards_and_list(bureau: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    folder, expected = bureau
    listing = tmp_path / "list.txt"
    chosen = sorted(folder.glob("2022_第1*局.xlsx"), key=batch.natural_key)
    listing.write_text("\n".join(str(p) for p in chosen), encoding="utf-8")
    seen = []
    for index in (1, 2):
        out = tmp_path / f"shard{index}"
        result = run(
            "check",
            "--from-list",
            str(listing),
            "--shard",
            f"{index}/2",
            "-o",
            str(out),
            "-j",
            "2",
            "--json",
            "--summary",
        )
        assert result.exit_code == 0, result.output
        seen += [json.loads(line)["workbook"] for line in result.stdout.splitlines()]
        assert (out / f"检查汇总_第{index}份共2份.xlsx").is_file()
        assert not list(out.glob("*.docx"))
    assert sorted(seen, key=lambda p: batch.natural_key(Path(p))) == [str(p) for p in chosen]


def test_batch_check_writes_nothing_unless_asked(tmp_path: Path) -> None:
    inputs, out = tmp_path / "inputs", tmp_path / "outputs"
    inputs.mkdir()
    good = mutated(SAMPLE_PATH, inputs, name="2022_好.xlsx")
    bad = mutated(
        SAMPLE_PATH, inputs, put("基本信息", "B2", "另一单位"), put("重点项目", "C2", "约 570"), name="2022_坏.xlsx"
    )
    result = run("check", str(inputs), "-o", str(out), "-j", "1", "--template", str(TEMPLATE))
    assert result.exit_code == 1, result.output
    assert not out.exists()
    assert f"{good}：0 个错误，2 条警告" in result.output  # -- no summary workbook: the warnings are printed --
    assert "rate_inconsistent" in result.output
    assert f"{bad}：1 个错误，2 条警告" in result.output
    assert "加 --summary 重新检查" in result.output
    asked = run("check", str(inputs), "-o", str(out), "-j", "1", "--template", str(TEMPLATE), "--summary")
    assert asked.exit_code == 1, asked.output
    assert [p.name for p in out.iterdir()] == [batch.CHECK_SUMMARY_NAME]
    assert "rate_inconsistent" not in asked.output  # -- the warnings are in 汇总.xlsx --


def test_crash_in_one_workbook_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = mutated(SAMPLE_PATH, tmp_path, name="2022_好.xlsx")
    odd = mutated(SAMPLE_PATH, tmp_path, put("基本信息", "B2", "另一单位"), name="2022_怪.xlsx")
    real = batch.run_one

    def flaky(path: Path, template: Path, make_report: bool) -> batch.Outcome:
        if path == odd:
            raise RuntimeError("boom")
        return real(path, template, make_report)

    monkeypatch.setattr(batch, "run_one", flaky)
    outcomes = batch.run([good, odd], TEMPLATE, jobs=1)
    assert [o.status for o in outcomes] == [batch.Status.WARNINGS, batch.Status.FAILED]
    assert outcomes[1].findings[0].code == "internal_error"
    assert "RuntimeError: boom" in outcomes[1].findings[0].msg


def test_collision_with_the_workbook_that_wrote_the_report_before(tmp_path: Path) -> None:
    inputs, out = tmp_path / "inputs", tmp_path / "out"
    inputs.mkdir()
    last_year = mutated(SAMPLE_PATH, inputs, name="2022_单位.xlsx")
    first = run("build", str(last_year), "-o", str(out), "--template", str(TEMPLATE))
    assert first.exit_code == 0, first.output
    (report,) = out.glob("*.docx")
    written = report.read_bytes()
    copied = inputs / "2023_单位.xlsx"  # -- renamed for the new year, 年度 left at 2022 --
    copied.write_bytes(last_year.read_bytes())
    for command in (["build", "-o", str(out)], ["check", "-o", str(out)]):
        result = run(command[0], str(copied), *command[1:], "--template", str(TEMPLATE))
        assert result.exit_code == 1, result.output
        assert "report_collision" in result.output
        assert str(last_year) in result.output
        assert "很可能复制了上一年的工作簿而忘记改年度" in result.output
    assert report.read_bytes() == written
    # -- the old workbook moved away: the report is the copy's to write --
    last_year.rename(tmp_path / last_year.name)
    assert run("build", str(copied), "-o", str(out), "--template", str(TEMPLATE)).exit_code == 0


def dies_on_odd(path: Path, template: Path, make_report: bool) -> batch.Outcome:
    """A worker that dies, as one killed for memory would, on the workbook called 怪."""
    if "怪" in path.name:
        os._exit(9)
    return REAL_RUN_ONE(path, template, make_report)


REAL_RUN_ONE = batch.run_one


def test_a_dying_worker_takes_only_its_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [
        mutated(SAMPLE_PATH, tmp_path, put("基本信息", "B2", f"单位{n}"), name=f"2022_{name}.xlsx")
        for n, name in enumerate(["甲", "怪", "乙", "丙"])
    ]
    # -- the pool forks its workers after this, so they run the patched function --
    monkeypatch.setattr(batch, "run_one", dies_on_odd)
    outcomes = batch.run(paths, TEMPLATE, jobs=2)
    assert [o.status for o in outcomes] == [batch.Status.WARNINGS, batch.Status.FAILED, *[batch.Status.WARNINGS] * 2]
    assert outcomes[1].findings[0].code == "internal_error"
    assert "进程意外退出" in outcomes[1].findings[0].msg


def test_batch_pdf_converts_every_report_in_parallel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The conversions run `-j` at a time; LibreOffice itself is tested in test_pdf.py, here a stand-in converts."""
    running, most = [0], [0]
    lock = threading.Lock()

    def convert(report: Path, program: str, *, notes: bool = False) -> tuple[Path, tuple[str, ...]]:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.3)
        pdf = report.with_suffix(".pdf")
        pdf.write_bytes(b"%PDF " + program.encode())
        with lock:
            running[0] -= 1
        return pdf, ()

    monkeypatch.setattr(pipeline, "export_pdf", convert)
    inputs, out = tmp_path / "inputs", tmp_path / "out"
    inputs.mkdir()
    paths = [
        mutated(SAMPLE_PATH, inputs, put("基本信息", "B2", f"单位{name}"), name=f"2022_{name}.xlsx")
        for name in ("甲", "乙", "丙", "丁")
    ]
    outcomes = batch.run(paths, TEMPLATE, out_dir=out, pdf_program="soffice", jobs=2)
    assert [o.status for o in outcomes] == [batch.Status.WARNINGS] * 4
    for outcome in outcomes:
        assert outcome.report is not None
        assert outcome.pdf == outcome.report.with_suffix(".pdf")
        assert outcome.pdf.read_bytes() == b"%PDF soffice"
    assert most[0] == 2


def test_other_spreadsheet_formats_in_a_folder_are_listed_not_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "收件"
    folder.mkdir()
    mutated(SAMPLE_PATH, folder, name="2022_好.xlsx")
    for name in ("2022_旧.xls", "2022_开放.ods", "2022_金山.et", "2022_导出.csv"):
        (folder / name).write_bytes(b"not a workbook")
    (folder / "~$2022_好.xlsx").write_bytes(b"")  # -- Excel's lock file stays ignored --
    (folder / "~$2022_旧.xls").write_bytes(b"")
    result = run("check", str(folder), "-j", "1", "--json", "--template", str(TEMPLATE))
    assert result.exit_code == 1
    records = {Path(r["workbook"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert sorted(records) == ["2022_好.xlsx", "2022_导出.csv", "2022_开放.ods", "2022_旧.xls", "2022_金山.et"]
    for name, record in records.items():
        if name != "2022_好.xlsx":
            assert [f["code"] for f in record["findings"]] == ["unsupported_format"], name
            assert "xlsx" in record["findings"][0]["message"]  # -- says what to do --
    assert "共 5 个工作簿：1 个通过检查，4 个失败" in result.stderr


def test_no_inputs_folder_says_how_to_give_a_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 2
    assert "没有放工作簿的 inputs 文件夹" in result.stderr
    assert "no_inputs" in result.stderr
    assert "文件不存在" not in result.stderr
    assert not (tmp_path / "outputs").exists()


def test_a_workbook_failing_on_a_rerun_names_its_report_as_out_of_date(tmp_path: Path) -> None:
    inputs, out = tmp_path / "收件", tmp_path / "报告"
    inputs.mkdir()
    mutated(SAMPLE_PATH, inputs, name="2022_好.xlsx")
    other = mutated(SAMPLE_PATH, inputs, put("基本信息", "B2", "另一单位"), name="2022_另.xlsx")
    first = run("build", str(inputs), "-o", str(out), "-j", "1", "--template", str(TEMPLATE))
    assert first.exit_code == 0, first.output
    old = out / "2022_另一单位_部门整体支出绩效自评报告.docx"
    before = old.read_bytes()
    mutated(other, inputs, put("重点项目", "C2", "约 570"), name=other.name)  # -- now it fails --
    again = run("build", str(inputs), "-o", str(out), "-j", "1", "--template", str(TEMPLATE), "--json")
    assert again.exit_code == 1
    assert old.read_bytes() == before  # -- never removed nor changed: a reviewer may have edited it --
    assert f"注意：输出文件夹中的 {old.name} 是上次生成的报告" in again.stderr
    assert "已过期" in again.stderr
    (row,) = [line for line in again.stderr.splitlines() if line.startswith(other.name)]
    assert row.endswith(f"{old}（已过期）")
    records = {Path(r["workbook"]).name: r for r in map(json.loads, again.stdout.splitlines())}
    assert records[other.name]["stale_reports"] == [str(old)]
    assert records["2022_好.xlsx"]["stale_reports"] == []
    ws = openpyxl.load_workbook(out / batch.SUMMARY_NAME)["汇总"]
    header = [c.value for c in ws[1]]
    cells = {r[header.index("工作簿")]: r[header.index("报告")] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert cells[str(other)] == f"{old.name}（已过期，本次未生成）"
