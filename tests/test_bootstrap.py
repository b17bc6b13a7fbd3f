"""生成报告.py, the route without make: a fresh checkout builds the sample; too old a Python stops first."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.checkout import CLEAN_ENV, ROOT, checkout, tree

SCRIPT = "生成报告.py"
CHINESE = re.compile("[\u4e00-\u9fff]")
SAMPLE_OUTPUT = "outputs/2022_广州市白云区残疾人联合会_部门整体支出绩效自评报告.docx"


def bootstrap(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, SCRIPT, *args],
        cwd=folder,
        env=env or CLEAN_ENV,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A fresh checkout with no .venv, after one run of the script."""
    folder = checkout(tmp_path_factory.mktemp("clone"))
    assert not (folder / ".venv").exists()
    return folder, bootstrap(folder)


def test_fresh_checkout_builds_the_sample(
    fresh: tuple[Path, subprocess.CompletedProcess[str]], sample_report: Path
) -> None:
    folder, done = fresh
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == "完成：生成了 1 份文件，在 outputs 文件夹中。"
    assert (folder / SAMPLE_OUTPUT).read_bytes() == sample_report.read_bytes()
    # -- setting up prints Chinese progress lines only: no pip, no setuptools --
    assert done.stdout.split(SAMPLE_OUTPUT)[0].splitlines() == [
        "正在建立 .venv（本程序专用的 Python 环境）……",
        "正在安装所需软件（按 requirements.lock，第一次需要几分钟）……",
    ]
    assert not re.search("pip|setuptools|WARNING|Collecting|Installing", done.stderr)


def test_second_run_installs_nothing(fresh: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, _ = fresh
    done = bootstrap(folder, "检查")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "正在" not in done.stdout
    assert done.stdout.splitlines()[-1] == "检查完成：没有错误。"


def test_the_program_is_byte_compiled_as_a_wheel_install_would_be(
    fresh: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    # -- an editable install is not byte-compiled by pip; with PYTHONDONTWRITEBYTECODE set (as here) each
    #    run would compile every module again, so the script compiles them --
    folder, _ = fresh
    cache = folder / "generator" / "__pycache__"
    shutil.rmtree(cache, ignore_errors=True)
    done = bootstrap(folder, "安装", env={**CLEAN_ENV, "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    tag = sys.implementation.cache_tag
    modules = {p.stem for p in (folder / "generator").glob("*.py")}
    assert {p.name.split(".")[0] for p in cache.glob(f"*.{tag}.pyc")} == modules


def test_arguments_after_the_action_reach_the_command(fresh: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, _ = fresh
    done = bootstrap(folder, "检查", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.lstrip().startswith(("[", "{"))


def test_under_make_the_last_line_explains_make_s_error(fresh: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    folder, _ = fresh
    (folder / "inputs" / "坏.xlsx").write_text("不是工作簿", encoding="utf-8")
    try:
        done = subprocess.run(
            ["make", "report"], cwd=folder, env=CLEAN_ENV, capture_output=True, text=True, timeout=300, check=False
        )
    finally:
        (folder / "inputs" / "坏.xlsx").unlink()
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert lines[-2] == "已生成 1 份文件；其余工作簿有问题，原因和位置见上面的说明。改正后重新运行。"
    assert lines[-1] == "（make 在下面显示的 “Error 1” 指的就是上面这一步没有成功。）"
    assert "坏.xlsx" in done.stderr


OLD_PYTHON = (
    "import runpy, sys; sys.version_info = (3, 9, 18, 'final', 0); sys.argv = [{script!r}]; "
    "runpy.run_path({script!r}, run_name='__main__')"
)


@pytest.mark.parametrize("venv", ["none", "old"])
def test_too_old_python_stops_in_chinese_and_touches_nothing(tmp_path: Path, venv: str) -> None:
    folder = checkout(tmp_path / "clone")
    if venv == "old":
        fake_old_venv(folder)
    before = tree(folder)
    done = subprocess.run(
        [sys.executable, "-c", OLD_PYTHON.format(script=SCRIPT)],
        cwd=folder,
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.startswith("本程序需要 Python 3.11 或更高版本，而运行它的是 Python 3.9.18")
    assert "py -3.12 生成报告.py" in done.stdout
    assert "没有建立或改动任何文件" in done.stdout
    assert tree(folder) == before


def fake_old_venv(folder: Path) -> None:
    """Leave in `folder` a .venv whose Python says it is 3.9, as one made by an old Python would."""
    python = folder / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\necho 3 9\n", encoding="utf-8")
    python.chmod(0o755)
    (folder / ".venv" / "pyvenv.cfg").write_text("version = 3.9.18\n", encoding="utf-8")


def test_venv_of_an_old_python_is_rebuilt(tmp_path: Path) -> None:
    folder = checkout(tmp_path / "clone")
    fake_old_venv(folder)
    done = bootstrap(folder, "安装")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "发现 .venv 是由 Python 3.9 建立的，版本太旧，正在删除并用当前的 Python 重建……",
        "正在建立 .venv（本程序专用的 Python 环境）……",
        "正在安装所需软件（按 requirements.lock，第一次需要几分钟）……",
        "安装完成：.venv 已就绪。",
    ]
    assert not (folder / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8").startswith("version = 3.9")
    check = subprocess.run([folder / ".venv" / "bin" / "python", "-m", "generator", "--version"], capture_output=True)
    assert check.returncode == 0


def test_no_network_says_so_in_chinese_with_the_mirror(tmp_path: Path) -> None:
    folder = checkout(tmp_path / "clone")
    offline = {k: v for k, v in CLEAN_ENV.items() if not k.startswith("PIP_")}
    # -- no configuration, no cache, and an index where nothing listens --
    offline |= {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_CACHE_DIR": "1", "PIP_INDEX_URL": "http://127.0.0.1:9/simple"}
    done = bootstrap(folder, env=offline)
    assert done.returncode == 1
    assert "安装所需软件失败：下载不成功。" in done.stdout
    assert "pip config set global.index-url" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert not (folder / ".venv" / ".installed-lock").exists()
    assert not list((folder / "outputs").glob("*.docx"))


def test_script_reads_on_old_pythons() -> None:
    """No syntax newer than Python 3.0's in the script, so an old Python reaches the version check."""
    source = (ROOT / SCRIPT).read_text(encoding="utf-8")
    tree_ = ast.parse(source)
    newer = (ast.JoinedStr, ast.NamedExpr, ast.AnnAssign, ast.AsyncFunctionDef, ast.Match)
    assert [type(n).__name__ for n in ast.walk(tree_) if isinstance(n, newer)] == []
    functions = [n for n in ast.walk(tree_) if isinstance(n, ast.FunctionDef)]
    assert all(n.returns is None and all(a.annotation is None for a in n.args.args) for n in functions)
    assert all(not n.args.kwonlyargs for n in functions)
    assert source.startswith("#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n")


def test_makefile_routes_through_the_script() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "BOOT := $(PYTHON) 生成报告.py" in makefile
    for target, action in [("report", "生成"), ("check", "检查"), ("install", "安装"), ("dev", "安装测试")]:
        assert f"\n{target}:" in makefile
        assert re.search(rf"\n{target}:[^\n]*\n\t@\$\(BOOT\) {action}[\n$]", makefile), target
    assert "pip install" not in makefile.replace("pip install --quiet uv", "")
    assert CHINESE.search(makefile)
