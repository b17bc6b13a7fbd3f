"""A fresh copy of the repository, as `git clone` would give it, with the working tree's changes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MAKELEVEL", "MAKEFLAGS", "MFLAGS"}
}
"""The environment for a program run as a user would run it: no venv activated, not under make."""


def checkout(dest: Path) -> Path:
    """Copy into `dest` every file git tracks or would track (nothing ignored: no .venv, no outputs)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for raw in filter(None, listed.split(b"\0")):
        source = ROOT / os.fsdecode(raw)
        if source.is_file():  # -- a tracked file deleted in the working tree is not there --
            target = dest / os.fsdecode(raw)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def tree(folder: Path) -> set[str]:
    """Return every file and folder under `folder`, as paths relative to it."""
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}
