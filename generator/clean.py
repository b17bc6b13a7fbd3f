"""Remove generated reports from an output folder, but never one a reviewer edited (`make clean`).

A report is removed only when the manifest (`outputs.py`) says the build wrote it and the file is still
byte for byte what was written: the same build makes it again. Everything else stays, with the reason:
a report edited since (a reviewer's work), a file the manifest does not know, the backups in `备份/`.
The PDF beside a report the build wrote goes with it; the manifest keeps the entries of what stays.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from generator.outputs import LOCK_NAME, MANIFEST_NAME, file_sha256, load_manifest, manifest_lock, save_manifest

EDITED = "在上次生成后被修改过（可能是审阅人的修改），保留。确认不再需要时请手工删除。"
UNKNOWN = "不是本程序生成的，或没有生成记录（.manifest.json 中没有它），无法确认可以删除，保留。"


@dataclass(frozen=True)
class Cleaned:
    """What `clean` removed, and what it kept with the reason (a Chinese sentence)."""

    removed: tuple[Path, ...]
    kept: tuple[tuple[Path, str], ...]


def clean(folder: Path) -> Cleaned:
    """Remove from `folder` the reports the build wrote and nobody changed since; return what was removed and kept."""
    if not folder.is_dir():
        return Cleaned((), ())
    with manifest_lock(folder):  # -- a build writing into the folder meanwhile waits, and loses no entry --
        cleaned = _clean(folder)
    if not (folder / MANIFEST_NAME).exists():
        # -- nothing recorded is left: neither is the lock (a build starting this instant makes a new one; --
        #    on Windows a build holding it open keeps it) --
        with contextlib.suppress(OSError):
            (folder / LOCK_NAME).unlink(missing_ok=True)
    return cleaned


def _clean(folder: Path) -> Cleaned:
    entries = load_manifest(folder)
    removed: list[Path] = []
    kept: list[tuple[Path, str]] = []
    ours: set[str] = set()
    for path in sorted(folder.glob("*.docx")):
        entry = entries.get(path.name)
        if entry is None:
            kept.append((path, UNKNOWN))
        elif file_sha256(path) != entry.sha256:
            kept.append((path, EDITED))
            ours.add(path.stem)
        else:
            path.unlink()
            removed.append(path)
            ours.add(path.stem)
            del entries[path.name]
    for path in sorted(folder.glob("*.pdf")):
        if path.stem in ours:
            path.unlink()
            removed.append(path)
        else:
            kept.append((path, UNKNOWN))
    if removed:
        if entries:
            save_manifest(folder, entries)
        else:
            (folder / MANIFEST_NAME).unlink(missing_ok=True)
    return Cleaned(tuple(removed), tuple(kept))
