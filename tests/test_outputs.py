"""generator/outputs.py and `build --force`: a reviewer's edits are never lost."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generator import outputs, pipeline
from generator.cli import main
from tests.conftest import DEPT2, TEMPLATE
from tests.workbooks import mutated, put

NOW = dt.datetime(2024, 4, 1, 9, 30, 0)
BACKUP_NAME = "报告（20240401-093000）.docx"


def review(path: Path, text: str = "审阅意见：第二段请补充数据来源。") -> bytes:
    """Edit a report as a reviewer would: open it, add a paragraph, save. Return the saved bytes."""
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))
    return path.read_bytes()


def names(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "部门.xlsx"
    path.write_bytes(b"workbook bytes")
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "outputs"


def write(out: Path, workbook: Path, data: bytes, *, force: bool = False) -> outputs.Written:
    return outputs.write_output(out / "报告.docx", data, workbook=workbook, force=force, now=NOW)


# -- outputs.write_output ------------------------------------------------------------------------------------


def test_first_write_records_the_output_and_its_workbook(out: Path, workbook: Path) -> None:
    written = write(out, workbook, b"v1")
    assert (written.path, written.notice) == (out / "报告.docx", None)
    manifest = json.loads((out / outputs.MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["outputs"] == {
        "报告.docx": {
            "sha256": outputs.sha256(b"v1"),
            "workbook": "部门.xlsx",
            "workbook_sha256": outputs.sha256(b"workbook bytes"),
        }
    }


@pytest.mark.parametrize(
    ("on_disk", "in_manifest", "edited"),
    [
        (None, False, False),  # -- nothing there --
        (b"v1", True, False),  # -- what the build last wrote --
        (b"v2", False, False),  # -- exactly what it is about to write --
        (b"v1", False, True),  # -- present but not in the manifest --
        (b"reviewed", True, True),  # -- changed since the build wrote v1 --
    ],
)
def test_is_edited(on_disk: bytes | None, in_manifest: bool, edited: bool, tmp_path: Path) -> None:
    path = tmp_path / "报告.docx"
    if on_disk is not None:
        path.write_bytes(on_disk)
    entries = {"报告.docx": outputs.Entry(outputs.sha256(b"v1"), "部门.xlsx", "0")} if in_manifest else {}
    assert outputs.is_edited(path, entries, outputs.sha256(b"v2")) is edited


def test_an_output_nobody_changed_is_replaced_quietly(out: Path, workbook: Path) -> None:
    write(out, workbook, b"v1")
    written = write(out, workbook, b"v2")
    assert (written.path, written.edited, written.notice) == (out / "报告.docx", None, None)
    assert (out / "报告.docx").read_bytes() == b"v2"
    assert names(out) == [outputs.MANIFEST_NAME, outputs.LOCK_NAME, "报告.docx"]


def test_an_edited_output_is_kept_and_the_new_report_goes_beside_it(out: Path, workbook: Path) -> None:
    write(out, workbook, b"v1")
    (out / "报告.docx").write_bytes(b"reviewed")
    written = write(out, workbook, b"v2")
    assert (out / "报告.docx").read_bytes() == b"reviewed"
    assert (written.path, written.path.read_bytes()) == (out / "报告（新生成）.docx", b"v2")
    assert written.notice is not None
    assert "修改过" in written.notice
    assert "报告（新生成）.docx" in written.notice
    assert "--force" in written.notice


def test_a_file_not_in_the_manifest_counts_as_edited(out: Path, workbook: Path) -> None:
    out.mkdir()
    (out / "报告.docx").write_bytes(b"made by hand")
    written = write(out, workbook, b"v1")
    assert (out / "报告.docx").read_bytes() == b"made by hand"
    assert written.path == out / "报告（新生成）.docx"


def test_an_unreadable_manifest_keeps_every_output(out: Path, workbook: Path) -> None:
    write(out, workbook, b"v1")
    (out / outputs.MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    written = write(out, workbook, b"v2")
    assert (out / "报告.docx").read_bytes() == b"v1"
    assert written.path == out / "报告（新生成）.docx"


def test_the_new_report_beside_an_edited_one_is_itself_protected(out: Path, workbook: Path) -> None:
    write(out, workbook, b"v1")
    (out / "报告.docx").write_bytes(b"reviewed")
    write(out, workbook, b"v2")
    assert write(out, workbook, b"v3").path == out / "报告（新生成）.docx"  # -- unchanged: replaced --
    (out / "报告（新生成）.docx").write_bytes(b"reviewed too")
    written = write(out, workbook, b"v4")
    assert written.path == out / "报告（新生成2）.docx"
    assert [(out / n).read_bytes() for n in ("报告.docx", "报告（新生成）.docx")] == [b"reviewed", b"reviewed too"]


def test_force_keeps_the_edited_output_in_the_backup_folder(out: Path, workbook: Path) -> None:
    write(out, workbook, b"v1")
    (out / "报告.docx").write_bytes(b"reviewed")
    written = write(out, workbook, b"v2", force=True)
    backup = out / outputs.BACKUP_FOLDER / BACKUP_NAME
    assert (written.path, written.edited, written.backup) == (out / "报告.docx", out / "报告.docx", backup)
    assert (out / "报告.docx").read_bytes() == b"v2"
    assert backup.read_bytes() == b"reviewed"
    assert written.notice is not None
    assert str(backup) in written.notice
    assert names(out) == [
        outputs.MANIFEST_NAME,
        outputs.LOCK_NAME,
        f"{outputs.BACKUP_FOLDER}/{BACKUP_NAME}",
        "报告.docx",
    ]


def test_force_removes_the_unchanged_copy_beside_and_keeps_an_edited_one(out: Path, workbook: Path) -> None:
    write(out, workbook, b"v1")
    (out / "报告.docx").write_bytes(b"reviewed")
    assert write(out, workbook, b"v2").path == out / "报告（新生成）.docx"
    (out / "报告（新生成）.pdf").write_bytes(b"pdf of v2")
    (out / "报告（新生成）.docx").write_bytes(b"reviewed too")  # -- a reviewer worked on the copy --
    assert write(out, workbook, b"v3").path == out / "报告（新生成2）.docx"
    (out / "报告（新生成3）.docx").write_bytes(b"someone else's")  # -- not in the manifest: never ours to remove --
    written = write(out, workbook, b"v4", force=True)
    assert written.path == out / "报告.docx"
    assert (written.superseded, written.stale) == (
        (out / "报告（新生成2）.docx",),
        (out / "报告（新生成）.docx", out / "报告（新生成3）.docx"),
    )
    assert [p.name for p in sorted(out.glob("报告*"))] == [
        "报告.docx",
        "报告（新生成3）.docx",
        "报告（新生成）.docx",
        "报告（新生成）.pdf",
    ]
    assert (out / "报告（新生成）.docx").read_bytes() == b"reviewed too"
    assert "报告（新生成2）.docx 生成后没有被修改过，已被本次生成的报告取代，已删除" in (written.notice or "")
    assert "报告（新生成）.docx、报告（新生成3）.docx 生成后被修改过，保留未动" in (written.notice or "")
    assert set(outputs.load_manifest(out)) == {"报告.docx", "报告（新生成）.docx"}  # -- the edited copy stays known --


def test_an_unforced_rebuild_beside_an_edited_report_keeps_every_copy(out: Path, workbook: Path) -> None:
    write(out, workbook, b"v1")
    (out / "报告.docx").write_bytes(b"reviewed")
    write(out, workbook, b"v2")
    written = write(out, workbook, b"v3")
    assert (written.path, written.superseded) == (out / "报告（新生成）.docx", ())
    assert (out / "报告.docx").read_bytes() == b"reviewed"


def test_force_twice_in_one_second_keeps_both_backups(out: Path, workbook: Path) -> None:
    write(out, workbook, b"v1")
    for edit in (b"reviewed", b"reviewed again"):
        (out / "报告.docx").write_bytes(edit)
        write(out, workbook, edit + b" v2", force=True)
    backups = sorted((out / outputs.BACKUP_FOLDER).iterdir())
    assert [p.read_bytes() for p in backups] == [b"reviewed again", b"reviewed"]
    assert [p.name for p in backups] == ["报告（20240401-093000-2）.docx", BACKUP_NAME]


def test_force_on_an_unchanged_output_makes_no_backup(out: Path, workbook: Path) -> None:
    write(out, workbook, b"v1")
    written = write(out, workbook, b"v2", force=True)
    assert (written.backup, written.notice) == (None, None)
    assert not (out / outputs.BACKUP_FOLDER).exists()


def fail_replace(src: object, dst: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("force", [False, True])
def test_a_failed_write_changes_nothing(
    force: bool, out: Path, workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(out, workbook, b"v1")
    (out / "报告.docx").write_bytes(b"reviewed")
    manifest = (out / outputs.MANIFEST_NAME).read_bytes()
    monkeypatch.setattr(os, "replace", fail_replace)
    with pytest.raises(OSError, match="No space"):
        write(out, workbook, b"v2", force=force)
    monkeypatch.undo()
    assert (out / "报告.docx").read_bytes() == b"reviewed"
    assert (out / outputs.MANIFEST_NAME).read_bytes() == manifest
    assert names(out) == [
        outputs.MANIFEST_NAME,
        outputs.LOCK_NAME,
        "报告.docx",
    ]  # -- no temporary file, no stray backup --


# -- the whole build, as a reviewer meets it -------------------------------------------------------------


def test_rebuild_after_a_review_keeps_the_reviewed_report(tmp_path: Path) -> None:
    report = pipeline.build(DEPT2, tmp_path, TEMPLATE).output
    reviewed = review(report)
    built = pipeline.build(DEPT2, tmp_path, TEMPLATE)
    assert report.read_bytes() == reviewed
    assert built.output == report.with_name(f"{report.stem}（新生成）.docx")
    assert docx.Document(str(built.output)).paragraphs[-1].text != "审阅意见：第二段请补充数据来源。"
    assert len(built.notices) == 1


def test_rebuild_with_force_moves_the_reviewed_report_to_the_backup_folder(tmp_path: Path) -> None:
    report = pipeline.build(DEPT2, tmp_path, TEMPLATE).output
    fresh = report.read_bytes()
    reviewed = review(report)
    built = pipeline.build(DEPT2, tmp_path, TEMPLATE, force=True)
    backups = list((tmp_path / outputs.BACKUP_FOLDER).iterdir())
    assert [p.read_bytes() for p in backups] == [reviewed]
    assert backups[0].name.startswith(report.stem)
    assert (built.output, built.output.read_bytes()) == (report, fresh)


def test_cli_says_in_chinese_where_the_new_report_went(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["build", str(DEPT2), "-o", str(tmp_path), "--template", str(TEMPLATE)]
    first = runner.invoke(main, args)
    report = Path(first.stdout.strip())
    reviewed = review(report)
    again = runner.invoke(main, args)
    beside = report.with_name(f"{report.stem}（新生成）.docx")
    assert (again.exit_code, again.stdout) == (0, f"{beside}\n")
    assert f"注意：{report} 在上次生成后被修改过" in again.stderr
    assert report.read_bytes() == reviewed
    forced = runner.invoke(main, [*args, "--force"])
    assert (forced.exit_code, forced.stdout) == (0, f"{report}\n")
    assert "已移到" in forced.stderr
    assert not beside.exists()  # -- the copy written beside is what the report now is: no stale second report --
    assert f"{beside.name} 生成后没有被修改过，已被本次生成的报告取代，已删除" in forced.stderr
    assert [p.read_bytes() for p in (tmp_path / outputs.BACKUP_FOLDER).iterdir()] == [reviewed]


# -- builds at the same time into one folder ------------------------------------------------------------

WRITERS, WRITES = 4, 25


def _write_many(folder: str, workbook: str, writer: int) -> None:
    for n in range(WRITES):
        outputs.write_output(Path(folder) / f"报告{writer}-{n}.docx", f"{writer}-{n}".encode(), workbook=Path(workbook))


def _build(workbook: str, folder: str) -> str:
    return str(pipeline.build(Path(workbook), Path(folder), TEMPLATE).output)


def _spawn() -> multiprocessing.context.SpawnContext:
    # -- as on Windows: every worker a fresh interpreter --
    return multiprocessing.get_context("spawn")


def test_writers_at_the_same_time_lose_no_manifest_entry(out: Path, workbook: Path) -> None:
    out.mkdir()
    with _spawn().Pool(WRITERS) as pool:
        pool.starmap(_write_many, [(str(out), str(workbook), w) for w in range(WRITERS)])
    entries = outputs.load_manifest(out)
    assert sorted(entries) == sorted(f"报告{w}-{n}.docx" for w in range(WRITERS) for n in range(WRITES))
    assert all(entry.sha256 == outputs.file_sha256(out / name) for name, entry in entries.items())


def test_builds_in_parallel_into_one_folder_record_every_report(tmp_path: Path) -> None:
    books = [
        mutated(DEPT2, tmp_path, put("基本信息", "B2", f"测试单位{i}"), name=f"2023_测试单位{i}.xlsx") for i in range(4)
    ]
    out = tmp_path / "outputs"
    with _spawn().Pool(len(books)) as pool:
        reports = [Path(p) for p in pool.starmap(_build, [(str(b), str(out)) for b in books])]
    assert sorted(p.name for p in reports) == [f"2023_测试单位{i}_部门整体支出绩效自评报告.docx" for i in range(4)]
    entries = outputs.load_manifest(out)
    assert sorted(entries) == sorted(p.name for p in reports)
    for book, report in zip(books, reports, strict=True):
        entry = entries[report.name]
        assert (entry.sha256, entry.workbook) == (outputs.file_sha256(report), book.name)
    # -- nobody touched the reports: building again replaces each quietly, in place --
    for book, report in zip(books, reports, strict=True):
        again = pipeline.build(book, out, TEMPLATE)
        assert (again.output, again.notices) == (report, ())
