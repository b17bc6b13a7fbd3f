"""Keep reviewers' edits: write outputs only where nobody changed what the build last wrote.

Every build records what it wrote in a manifest in the output folder (`.manifest.json`): for each output
file, the sha256 of its bytes and the workbook (name and sha256) it came from. Before replacing a file the
build compares the file on disk with the manifest:

- the file is missing, or is byte for byte what the build last wrote there (or what it is about to write):
  it is replaced quietly;
- anything else (a reviewer opened it in Word and saved, or the file is not in the manifest at all) counts
  as edited: the new report goes beside it, as `…（新生成）.docx`, and the edited file stays untouched;
  with `force`, the edited file is first kept in `备份/` and the new report takes its place.

Every file, the manifest too, is written atomically (`write.write_atomic`). Builds running at the same
time into one folder (two terminals, two machines on a shared folder) take turns: each holds a lock on
`.manifest.lock` while it reads the manifest, decides, writes its report and writes the manifest back, so
no build's entry is lost and no untouched report is later taken for an edited one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.write import write_atomic

MANIFEST_NAME = ".manifest.json"
LOCK_NAME = ".manifest.lock"
"""Held while a build reads, decides and writes; never removed (removing a lock file races with its next user)."""
BACKUP_FOLDER = "备份"
BESIDE_MARK = "（新生成）"
_FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """What the build last wrote to one output file, and from which workbook."""

    sha256: str
    workbook: str
    workbook_sha256: str


@dataclass(frozen=True)
class Written:
    """The outcome of one protected write: where the bytes went, and what happened to an edited file."""

    path: Path
    edited: Path | None = None
    backup: Path | None = None
    superseded: tuple[Path, ...] = ()
    """Copies written beside the report earlier (`…（新生成）.docx`), unchanged since: removed, the report replaces them."""
    stale: tuple[Path, ...] = ()
    """Copies written beside the report earlier and edited since: kept, but no longer the newest report."""

    @property
    def notice(self) -> str | None:
        """Chinese sentences for the user when an edited file was kept or moved, or copies beside it were
        removed or kept; None when all went quietly."""
        beside = ""
        if self.superseded:
            beside += (
                f"上次写在旁边的 {'、'.join(p.name for p in self.superseded)} 生成后没有被修改过，"
                "已被本次生成的报告取代，已删除。"
            )
        if self.stale:
            beside += (
                f"上次写在旁边的 {'、'.join(p.name for p in self.stale)} 生成后被修改过，保留未动；"
                f"它不是最新生成的报告，需要其中的修改时请合并到 {self.path.name}，然后删除它。"
            )
        if self.edited is not None and self.backup is not None:
            return (
                f"{self.edited.name} 在上次生成后被修改过（可能是审阅人的修改）。按 --force 的要求，修改过的版本已移到 "
                f"{self.backup}，新生成的报告写入 {self.path}。{beside}"
            )
        if self.edited is not None:
            return (
                f"{self.edited} 在上次生成后被修改过（可能是审阅人的修改），没有覆盖它。新生成的报告写在它旁边："
                f"{self.path}。请对照两份文件，把需要的修改合并到一份里（或用 harvest 命令把审阅修改收回工作簿）；"
                f"确认修改过的版本不再需要时，重新生成：用 make 的运行 make report FORCE=1，直接用命令的加 --force"
                f"（修改过的版本会先移到 {self.edited.parent / BACKUP_FOLDER} 文件夹）。"
            )
        return beside or None


def sha256(data: bytes) -> str:
    """Return the hex sha256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of the file at `path`."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def load_manifest(folder: Path) -> dict[str, Entry]:
    """Return the manifest of `folder` by output file name; empty when there is none or it is unreadable.

    An unreadable manifest loses nothing: every existing output then counts as edited and is kept.
    """
    try:
        raw: Any = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        return {name: Entry(**fields) for name, fields in raw["outputs"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def save_manifest(folder: Path, entries: dict[str, Entry]) -> None:
    """Write the manifest of `folder` atomically, its entries sorted by name."""
    body = {
        "format": _FORMAT,
        "说明": "由 generator 写入：记录每份报告生成时的 sha256，用来发现审阅人的修改。请勿手工编辑。",
        "outputs": {
            name: {"sha256": e.sha256, "workbook": e.workbook, "workbook_sha256": e.workbook_sha256}
            for name, e in sorted(entries.items())
        },
    }
    text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    write_atomic(folder / MANIFEST_NAME, text.encode("utf-8"))


def is_edited(path: Path, entries: dict[str, Entry], new_sha256: str) -> bool:
    """Whether the file at `path` holds something the build did not write there (and is not about to)."""
    if not path.exists():
        return False
    actual = file_sha256(path)
    entry = entries.get(path.name)
    return actual != new_sha256 and (entry is None or actual != entry.sha256)


def beside_name(path: Path, n: int = 1) -> Path:
    """Return the name of the new report written beside an edited `path`: `…（新生成）.docx`, then `…（新生成2）.docx` …"""
    mark = BESIDE_MARK if n == 1 else f"{BESIDE_MARK[:-1]}{n}{BESIDE_MARK[-1]}"
    return path.with_name(f"{path.stem}{mark}{path.suffix}")


def backup_path(path: Path, now: dt.datetime) -> Path:
    """Return a free name in `备份/` for the edited file `path`, stamped with the time it was moved."""
    folder = path.parent / BACKUP_FOLDER
    stamp = now.strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{path.stem}（{stamp}）{path.suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{path.stem}（{stamp}-{n}）{path.suffix}"
        n += 1
    return candidate


def _keep_copy(path: Path, backup: Path) -> None:
    """Put a copy of `path` at `backup` (a hard link where the file system allows), leaving `path` in place.

    The new report then replaces `path` atomically: should that fail, the edited file is still where it was.
    """
    backup.parent.mkdir(exist_ok=True)
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)


@contextlib.contextmanager
def manifest_lock(folder: Path) -> Iterator[None]:
    """Hold the exclusive lock of `folder`'s manifest while the block runs, waiting for any other holder.

    An advisory lock on `.manifest.lock`: `fcntl.flock` on Linux and macOS, `msvcrt.locking` of its first
    byte on Windows. The operating system releases it if the process dies.
    """
    with (folder / LOCK_NAME).open("a+b") as handle:
        if sys.platform == "win32":
            import msvcrt

            # -- LK_LOCK gives up after 10 s; a build may hold the lock longer (a large report, a slow disk) --
            while True:
                handle.seek(0)
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    time.sleep(0.05)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def write_output(
    path: Path,
    data: bytes,
    *,
    workbook: Path,
    force: bool = False,
    now: dt.datetime | None = None,
) -> Written:
    """Write `data`, the report built from `workbook`, to `path` without destroying a reviewer's edits.

    `now` names the backup of an edited file under `force` (the clock by default); it never enters the report.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    digest, source = sha256(data), file_sha256(workbook)
    with manifest_lock(folder):
        return _write_locked(path, data, digest, Entry(digest, workbook.name, source), force, now)


def _write_locked(path: Path, data: bytes, digest: str, entry: Entry, force: bool, now: dt.datetime | None) -> Written:
    """`write_output` once the manifest lock is held: read the manifest, decide, write, record."""
    folder = path.parent
    entries = load_manifest(folder)
    target, edited, backup = path, None, None
    if is_edited(path, entries, digest):
        edited = path
        if force:
            backup = backup_path(path, now or dt.datetime.now())
            _keep_copy(path, backup)
        else:
            n = 1
            target = beside_name(path, n)
            while is_edited(target, entries, digest):
                n += 1
                target = beside_name(path, n)
    try:
        write_atomic(target, data)
    except BaseException:
        if backup is not None:  # -- the edited file is still in place: drop the copy made for nothing --
            backup.unlink(missing_ok=True)
        raise
    entries[target.name] = entry
    superseded, stale = _sweep_beside(path, entries) if target == path else ((), ())
    save_manifest(folder, entries)
    return Written(target, edited, backup, superseded, stale)


def _sweep_beside(path: Path, entries: dict[str, Entry]) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """Once the report is written at `path` itself, remove the copies an earlier build wrote beside it
    (`…（新生成N）.docx`, with their PDF) that nobody changed since; keep the edited ones. Return both.

    A copy is removed only when the manifest records it and it is byte for byte what was written (the
    rule of `clean`): a copy a reviewer edited, or one the manifest does not know, is never removed.
    """
    pattern = re.compile(re.escape(path.stem) + re.escape(BESIDE_MARK[:-1]) + r"\d*" + re.escape(BESIDE_MARK[-1]))
    superseded: list[Path] = []
    stale: list[Path] = []
    copies = [c for c in path.parent.glob(f"*{path.suffix}") if pattern.fullmatch(c.stem)]
    for copy in sorted(copies, key=lambda c: int("0" + "".join(filter(str.isdigit, c.stem[len(path.stem) :])))):
        entry = entries.get(copy.name)
        if entry is not None and file_sha256(copy) == entry.sha256:
            copy.unlink()
            copy.with_suffix(".pdf").unlink(missing_ok=True)
            del entries[copy.name]
            superseded.append(copy)
        else:
            stale.append(copy)
    return tuple(superseded), tuple(stale)
