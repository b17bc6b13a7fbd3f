"""clean (generator/clean.py) removes only what the build wrote and nobody changed; make passes FORCE and PDF."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from generator import pipeline
from generator.clean import EDITED, UNKNOWN, clean
from generator.cli import main
from generator.outputs import MANIFEST_NAME, load_manifest
from tests.workbooks import ROOT, SAMPLE_PATH, TEMPLATE, mutated, put


@pytest.fixture
def outputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An output folder with one untouched report and its PDF, one report a reviewer edited, and a stranger."""
    out = tmp_path / "outputs"
    untouched = pipeline.build(SAMPLE_PATH, out, TEMPLATE).output
    untouched.with_suffix(".pdf").write_bytes(b"%PDF-1.7 stand-in")
    other = mutated(SAMPLE_PATH, tmp_path, put("基本信息", "B2", "另一单位"), name="2022_另一单位.xlsx")
    edited = pipeline.build(other, out, TEMPLATE).output
    document = Document(str(edited))
    document.add_paragraph("审阅人加的一句话。")
    document.save(str(edited))
    (out / "说明.docx").write_bytes(edited.read_bytes())
    (out / "备份").mkdir()
    (out / "备份" / "旧稿.docx").write_bytes(b"old")
    return out, untouched, edited


def test_clean_keeps_edited_and_unknown(outputs: tuple[Path, Path, Path]) -> None:
    out, untouched, edited = outputs
    done = clean(out)
    assert sorted(done.removed) == sorted([untouched, untouched.with_suffix(".pdf")])
    assert not untouched.exists()
    assert sorted(done.kept) == sorted([(edited, EDITED), (out / "说明.docx", UNKNOWN)])
    assert edited.exists()
    assert (out / "说明.docx").exists()
    assert (out / "备份" / "旧稿.docx").read_bytes() == b"old"
    # -- the edited report stays known as edited: a later build still writes beside it --
    assert list(load_manifest(out)) == [edited.name]


def test_clean_twice_and_empty(outputs: tuple[Path, Path, Path], tmp_path: Path) -> None:
    out, _, edited = outputs
    clean(out)
    again = clean(out)
    assert again.removed == ()
    assert edited.exists()
    assert clean(tmp_path / "none").removed == ()


def test_clean_removes_the_manifest_when_nothing_is_left(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pipeline.build(SAMPLE_PATH, out, TEMPLATE)
    assert len(clean(out).removed) == 1
    assert not (out / MANIFEST_NAME).exists()
    assert list(out.iterdir()) == []


def test_clean_command_says_why(outputs: tuple[Path, Path, Path]) -> None:
    out, _, edited = outputs
    result = CliRunner().invoke(main, ["clean", str(out)])
    assert result.exit_code == 0, result.output
    assert f"保留 {edited}：在上次生成后被修改过" in result.stderr
    assert result.stdout.strip() == f"{out}：删除了 2 个生成的文件，保留 2 个。"


def dry_run(*args: str) -> str:
    """Return the commands `make -n` would run, as if called from a shell (not from `make test`)."""
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"}}
    command = ["make", "--no-print-directory", "-n", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True, env=env).stdout


@pytest.mark.parametrize(
    ("variables", "flags"),
    [([], ""), (["FORCE=1"], " --force"), (["PDF=1"], " --pdf"), (["FORCE=1", "PDF=1"], " --force --pdf")],
)
def test_make_report_passes_force_and_pdf(variables: list[str], flags: str) -> None:
    # -- make report runs 生成报告.py, which passes what follows 生成 to `build inputs -o outputs` --
    (line,) = [line for line in dry_run("report", *variables).splitlines() if "生成报告.py 生成" in line]
    assert line.endswith(f"生成报告.py 生成{flags}")


def test_make_clean_deletes_reports_only_through_clean() -> None:
    dry = dry_run("clean")
    assert "-m generator clean outputs" in dry
    assert "rm" not in dry.replace("rm -rf .venv", "")
