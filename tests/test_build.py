"""The command line builds the sample, prints the path, and sets the exit status."""

from __future__ import annotations

import gc
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import DEPT2, SAMPLE, TEMPLATE


def test_build_prints_the_path_it_wrote(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path), "--template", str(TEMPLATE)])
    assert result.exit_code == 0, result.output
    written = tmp_path / "2022_广州市白云区残疾人联合会_部门整体支出绩效自评报告.docx"
    assert str(written) in result.stdout.splitlines()
    title = docx.Document(str(written)).paragraphs[0].text
    assert title == "广州市白云区残疾人联合会\n2022年部门整体支出绩效自评报告"  # -- broken after the name --


def test_build_a_folder_builds_every_workbook(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for source in (SAMPLE, DEPT2):
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "~$lock.xlsx").write_bytes(b"")  # -- Excel's lock file is not a workbook --
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"), "--template", str(TEMPLATE)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == [
        "2022_广州市白云区残疾人联合会_部门整体支出绩效自评报告.docx",
        "2023_示例市东湖区农业农村局_部门整体支出绩效自评报告.docx",
    ]


def test_check_sample_exits_zero() -> None:
    result = CliRunner().invoke(main, ["check", str(SAMPLE)])
    assert result.exit_code == 0, result.output


def test_wrong_usage_exits_two(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--no-such-option"])
    assert result.exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["build", str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "没有" in result.output
    assert not (tmp_path / "out").exists()


def test_prepare_pauses_the_garbage_collector_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import pipeline, typeset

    seen: list[bool] = []
    original = typeset.apply

    def spy(*args: object, **kwargs: object) -> None:
        seen.append(gc.isenabled())
        original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(typeset, "apply", spy)
    pipeline.prepare(SAMPLE, TEMPLATE)
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        pipeline.prepare(SAMPLE, TEMPLATE)
        assert not gc.isenabled()  # -- paused by the caller: left paused --
    finally:
        gc.enable()
    with pytest.raises(pipeline.GeneratorError):
        pipeline.prepare(Path(__file__), TEMPLATE)  # -- not a workbook: an error, the collector back on --
    assert gc.isenabled()
