"""The command line: exit status, one Chinese sentence per broken file, no traceback, nothing written."""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import pipeline
from generator.aggregate import aggregate
from generator.cli import main
from tests import broken
from tests.workbooks import ROOT, TEMPLATE, baseline, edited_template, mutated, put

CHINESE = re.compile("[\u4e00-\u9fff]")

BROKEN = [
    ("not_a_zip", broken.text_file, 1, "不是 Excel 工作簿"),
    ("truncated", broken.truncated, 1, "不是 Excel 工作簿"),
    ("corrupt_member", broken.corrupt_member, 1, "已损坏"),
    ("old_xls", broken.old_xls, 1, "另存为"),
    ("password", broken.password_protected, 1, "密码"),
    ("xlsb", broken.other_format(".xlsb"), 1, ".xlsb"),
    ("ods", broken.other_format(".ods"), 1, ".ods"),
    ("csv", broken.other_format(".csv"), 1, "CSV"),
    ("empty_workbook", broken.empty_workbook, 1, "工作簿是空的"),
    ("zero_bytes", broken.zero_bytes, 1, "文件是空的"),
    ("missing", broken.missing, 2, "文件不存在"),
    ("entity_expansion", broken.entity_expansion, 1, "不安全"),
    ("zip_bomb", broken.zip_bomb, 1, "解压后超过"),
    ("bad_sheet_xml", broken.bad_sheet_xml, 1, "已损坏"),
]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def assert_clean_failure(result: Result, status: int, words: str) -> None:
    assert result.exit_code == status, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert CHINESE.search(result.output)
    assert words in result.output


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize(("make", "status", "words"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_file(sample: Path, tmp_path: Path, command: str, make: broken.Builder, status: int, words: str) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    path = make(sample, inputs)
    out = tmp_path / "out"
    args = [command, str(path), "--template", str(TEMPLATE)]
    result = run(*args, *(["-o", str(out)] if command == "build" else []))
    assert_clean_failure(result, status, words)
    assert not out.exists() or not any(out.iterdir())


def test_folder_without_workbooks(tmp_path: Path) -> None:
    (tmp_path / "说明.txt").write_text("没有工作簿", encoding="utf-8")
    result = run("build", str(tmp_path), "-o", str(tmp_path / "out"))
    assert_clean_failure(result, 2, "没有 .xlsx 工作簿")
    assert not (tmp_path / "out").exists()


def test_output_folder_not_writable(sample: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "占用"
    blocker.write_text("一个文件，挡住了同名的文件夹", encoding="utf-8")
    result = run("build", str(sample), "-o", str(blocker / "报告"), "--template", str(TEMPLATE))
    assert_clean_failure(result, 2, "无法写入")
    assert blocker.read_text(encoding="utf-8") == "一个文件，挡住了同名的文件夹"


def test_template_missing(sample: Path, tmp_path: Path) -> None:
    result = run("build", str(sample), "-o", str(tmp_path), "--template", str(tmp_path / "无.docx"))
    assert_clean_failure(result, 2, "模板文件不存在")
    assert list(tmp_path.iterdir()) == []


def test_workbook_with_errors_writes_nothing(sample: Path, tmp_path: Path) -> None:
    path = mutated(sample, tmp_path, put("基本信息", "B5", "约 300"), put("评分明细", "E2", "很多"))
    out = tmp_path / "out"
    result = run("build", str(path), "-o", str(out), "--template", str(TEMPLATE))
    assert_clean_failure(result, 1, "基本信息!B5")
    assert "评分明细!E2" in result.output
    assert not out.exists()


@pytest.mark.parametrize("make", [broken.million_rows, broken.zip_bomb], ids=["million_rows", "zip_bomb"])
def test_hostile_size_is_bounded(sample: Path, tmp_path: Path, make: broken.Builder) -> None:
    path = make(sample, tmp_path)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(path), "--template", str(TEMPLATE)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    elapsed = time.monotonic() - start
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert CHINESE.search(proc.stdout)
    assert elapsed < 30
    assert peak_mb < 400


# -- check: the table, the JSON records, the exit status --


def test_check_sample_exits_zero(sample: Path) -> None:
    result = run("check", str(sample), "--template", str(TEMPLATE))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{sample}：0 个错误，{len(baseline(sample))} 条警告\n")


def test_check_table(sample: Path, tmp_path: Path) -> None:
    path = mutated(sample, tmp_path, put("基本信息", "B5", "约 300"), put("基本信息", "B3", 2001))
    result = run("check", str(path), "--template", str(TEMPLATE))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # -- an error in 基本信息 hides none of the other sheets' findings (the base's own warnings) --
    assert lines[0] == f"{path}：1 个错误，{len(baseline(sample))} 条警告"
    assert lines[1].split() == ["级别", "位置", "代码", "说明"]
    assert lines[2].split()[:3] == ["错误", "基本信息!B5", "not_amount"]
    assert lines[2].endswith("（输入：'约 300'）")
    assert "请按“说明”一栏逐条改正" in result.stderr


def test_check_json(sample: Path, tmp_path: Path) -> None:
    path = mutated(sample, tmp_path, put("重点项目", "C2", -5))
    result = run("check", "--json", str(path), "--template", str(TEMPLATE))
    assert result.exit_code == 1
    (workbook,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (workbook["workbook"], workbook["status"], workbook["errors"]) == (str(path), "failed", 1)
    records = [r for r in workbook["findings"] if (r["code"], f"{r['sheet']}!{r['cell']}") not in baseline(sample)]
    assert [(r["code"], r["severity"], r["sheet"], r["cell"]) for r in records] == [
        ("negative_amount", "error", "重点项目", "C2"),
        ("spent_over_budget", "warning", "重点项目", "D2"),
    ]
    assert records[0]["file"] == str(path)
    assert records[0]["input"] == "-5.00"  # -- as the cell shows it: its format has two decimals --
    assert CHINESE.search(records[0]["message"])


def test_check_warnings_only_exits_zero(sample: Path, tmp_path: Path) -> None:
    path = mutated(sample, tmp_path, put("基本信息", "B6", 3500))
    result = run("check", "--json", str(path), "--template", str(TEMPLATE))
    assert result.exit_code == 0
    (workbook,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert workbook["status"] == "warnings"
    assert isinstance(workbook["score"], int | float)  # -- a JSON number, exactly the printed score --
    assert Decimal(repr(workbook["score"])) == Decimal(str(aggregate(pipeline.check(path, TEMPLATE)).total_score))
    assert workbook["grade"]
    records = workbook["findings"]
    assert [r["code"] for r in records if (r["code"], f"{r['sheet']}!{r['cell']}") not in baseline(sample)] == [
        "spent_over_budget"
    ]


def test_check_many_workbooks_reports_each(sample: Path, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    good = mutated(sample, tmp_path / "a", name="2022_好.xlsx")
    bad = broken.text_file(sample, tmp_path / "a")
    out = tmp_path / "out"
    result = run("check", str(tmp_path / "a"), "--template", str(TEMPLATE), "--summary", "-o", str(out))
    assert result.exit_code == 1
    assert f"{bad}：1 个错误" in result.stdout
    # -- a batch writing 汇总.xlsx details only what fails; every workbook has its row in the summary --
    assert f"{good}：" not in result.stdout
    assert [p.name for p in out.iterdir()] == ["检查汇总.xlsx"]  # -- never build's 汇总.xlsx --
    (row,) = [line for line in result.stdout.splitlines() if line.startswith(good.name)]
    assert row.split()[3] == "有警告"


def test_build_prints_warnings_and_writes(sample: Path, tmp_path: Path) -> None:
    path = mutated(sample, tmp_path, put("基本信息", "B6", 3500))
    out = tmp_path / "out"
    result = run("build", str(path), "-o", str(out), "--template", str(TEMPLATE))
    assert result.exit_code == 0, result.output
    assert "spent_over_budget" in result.stderr
    assert len(list(out.glob("*.docx"))) == 1


def test_broken_template_lists_every_problem_and_writes_nothing(sample: Path, tmp_path: Path) -> None:
    template = edited_template(
        tmp_path, {"{{ 单位名称 }}{{ 年度 }}年部门整体支出绩效自评报告": "{{ 单位名 }}{{ 年度 }年"}
    )
    out = tmp_path / "out"
    result = run("build", str(sample), "-o", str(out), "--template", str(template))
    assert_clean_failure(result, 1, "段落“{{ 单位名 }}{{ 年度 }年”")
    assert "template_undefined" in result.output
    assert "template_syntax" in result.output
    assert not out.exists()


def test_template_problem_listed_once_for_many_workbooks(sample: Path, tmp_path: Path) -> None:
    template = edited_template(tmp_path, {"{{ 单位名称 }}{{ 年度 }}年部门整体支出绩效自评报告": "{{ 单位名 }}年"})
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("2022_甲.xlsx", "2022_乙.xlsx"):
        mutated(sample, inputs, name=name)
    result = run("check", "--json", str(inputs), "--template", str(template))
    assert result.exit_code == 1
    workbooks = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["code"] for w in workbooks for r in w["findings"]].count("template_undefined") == 1


# -- imports only where used -------------------------------------------------------------------------------

_MODULES_AFTER = """
import runpy, sys
sys.argv = ["generator", *sys.argv[1:]]
try:
    runpy.run_module("generator", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    status = exc.code
print(status, " ".join(sorted(m for m in sys.modules if "." not in m)))
"""

PIPELINE = {"openpyxl", "docx", "docxtpl", "jinja2", "babel"}
RENDERING = {"docxtpl", "docx", "concurrent"}
"""What only rendering needs (the template check reads the template with lxml), and a pool only a batch needs."""


@pytest.mark.parametrize(
    ("args", "status", "absent"),
    [
        pytest.param(["--help"], 0, PIPELINE, id="--help"),
        pytest.param(["build", "--help"], 0, PIPELINE, id="build --help"),
        pytest.param(["build", "--no-such-option"], 2, PIPELINE, id="usage error"),
        pytest.param(["check", "SAMPLE"], 0, RENDERING, id="check"),
    ],
)
def test_a_command_imports_only_what_it_uses(sample: Path, args: list[str], status: int, absent: set[str]) -> None:
    argv = [str(sample) if a == "SAMPLE" else a for a in args]
    result = subprocess.run(
        [sys.executable, "-c", _MODULES_AFTER, *argv], cwd=ROOT, capture_output=True, text=True, check=True
    )
    code, modules = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert int(code or 0) == status
    assert set(modules.split()) & absent == set()
    if args == ["check", "SAMPLE"]:
        assert {"openpyxl", "jinja2"} <= set(modules.split())


def test_the_command_line_default_template_is_the_pipeline_s() -> None:
    from generator import cli, pipeline

    assert cli.DEFAULT_TEMPLATE == pipeline.DEFAULT_TEMPLATE
