"""The wheel carries what it needs: installed in a fresh venv, it works from an empty folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.checkout import CLEAN_ENV, checkout, tree
from tests.conftest import ROOT, SAMPLE


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=CLEAN_ENV, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh venv with the wheel (built from a fresh checkout) and the locked dependencies."""
    source = checkout(tmp_path_factory.mktemp("source"))
    before = tree(source)
    wheels = tmp_path_factory.mktemp("wheels")
    built = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        wheels,
        source,
        cwd=source,
    )
    assert built.returncode == 0, built.stderr
    assert tree(source) == before, "building the wheel left files in the source tree"
    venv = tmp_path_factory.mktemp("venv")
    made = run(sys.executable, "-m", "venv", venv, cwd=venv)
    assert made.returncode == 0, made.stderr
    pip = [venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    deps = run(*pip, "--require-hashes", "-r", source / "requirements.lock", cwd=venv)
    assert deps.returncode == 0, deps.stderr
    (wheel,) = wheels.glob("perf_report_generator-*.whl")
    done = run(*pip, "--no-deps", wheel, cwd=venv)
    assert done.returncode == 0, done.stderr
    return venv / "bin"


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    folder = tmp_path / "空文件夹"
    folder.mkdir()
    return folder


def test_the_package_is_the_installed_one(installed: Path, empty: Path) -> None:
    done = run(installed / "python", "-c", "import generator; print(generator.__file__)", cwd=empty)
    assert done.returncode == 0, done.stderr
    assert "site-packages" in done.stdout
    assert not done.stdout.startswith(str(ROOT))


def test_version_from_the_metadata(installed: Path, empty: Path) -> None:
    done = run(installed / "perf-report", "--version", cwd=empty)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "perf-report，版本 0.1.0\n"


def test_build_in_an_empty_folder_gives_the_repository_s_bytes(
    installed: Path, empty: Path, sample_report: Path
) -> None:
    done = run(installed / "perf-report", "build", SAMPLE, "-o", "报告", cwd=empty)
    assert done.returncode == 0, done.stderr
    written = empty / "报告" / sample_report.name
    assert done.stdout.splitlines() == [str(Path("报告") / sample_report.name)]
    assert written.read_bytes() == sample_report.read_bytes()


def test_check_in_an_empty_folder(installed: Path, empty: Path) -> None:
    done = run(installed / "perf-report", "check", SAMPLE, cwd=empty)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{SAMPLE}：0 个错误")


def test_blank_then_check_in_an_empty_folder(installed: Path, empty: Path) -> None:
    done = run(installed / "perf-report", "blank", "新.xlsx", cwd=empty)
    assert done.returncode == 0, done.stderr
    checked = run(installed / "perf-report", "check", "新.xlsx", cwd=empty)
    assert checked.returncode == 1
    assert "Traceback" not in checked.stdout + checked.stderr
    assert "required_missing" in checked.stdout


def test_docs_in_an_empty_folder(installed: Path, empty: Path) -> None:
    done = run(installed / "perf-report", "docs", cwd=empty)
    assert done.returncode == 0, done.stderr
    pages = sorted(page.name for page in (ROOT / "docs").glob("*.md"))
    assert {"workbook.md", "findings.md", "template.md"} <= set(pages)
    assert sorted(done.stdout.split()) == [f"docs/{name}" for name in pages]
    for name in pages:
        assert (empty / "docs" / name).read_text(encoding="utf-8") == (ROOT / "docs" / name).read_text(encoding="utf-8")


def test_a_template_in_the_working_folder_replaces_the_packaged_one(installed: Path, empty: Path) -> None:
    (empty / "templates").mkdir()
    (empty / "templates" / "report.docx").write_text("不是 Word 文档", encoding="utf-8")
    done = run(installed / "perf-report", "check", SAMPLE, cwd=empty)
    assert done.returncode == 1
    assert "templates/report.docx" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
