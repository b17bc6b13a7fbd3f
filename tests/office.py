"""LibreOffice as an oracle for tests: re-save a .docx as a reviewer's LibreOffice would, render it to text."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NoReturn

import pytest

INSTALL = "sudo apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk（或运行 .ci/run）"


def require(*programs: str, install: str = INSTALL) -> None:
    """Skip (fail when CI=true) unless every program is installed; `install` says how to install them."""
    missing = [p for p in programs if shutil.which(p) is None]
    if not missing:
        return
    missing_tool(f"没有安装 {'、'.join(missing)}。安装方法：{install}")


def missing_tool(message: str) -> NoReturn:
    """Skip for a tool this machine lacks, but fail when CI=true: CI installs everything the tests need."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true 时这项测试必须运行：{message}")
    pytest.skip(message)


def run_soffice(
    sources: list[Path], target_format: str, out_dir: Path, timeout: int = 300, infilter: str | None = None
) -> None:
    """Convert every file of `sources` to `target_format` into `out_dir`, in one LibreOffice call of its own profile;
    `infilter` is the import filter with its options (a CSV's separator, column types, language)."""
    require("soffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                "--nolockcheck",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                *([f"--infilter={infilter}"] if infilter else []),
                "--convert-to",
                target_format,
                "--outdir",
                str(out_dir),
                *map(str, sources),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "HOME": profile},
        )


def convert(source: Path, target_format: str, out_dir: Path) -> Path:
    """Return the file LibreOffice writes converting `source` to `target_format` (`docx`, `pdf` …) in `out_dir`."""
    run_soffice([source], target_format, out_dir)
    result = out_dir / (source.stem + "." + target_format.split(":")[0])
    assert result.is_file(), f"LibreOffice did not convert {source}"
    return result


def resave(docx: Path, out_dir: Path) -> Path:
    """Return `docx` opened and saved again as .docx by LibreOffice (in `out_dir`)."""
    return convert(docx, "docx:MS Word 2007 XML", out_dir)


def pdf_text(source: Path, out_dir: Path) -> str:
    """Return the text of `source` rendered to PDF by LibreOffice, as pdftotext reads it."""
    require("soffice", "pdftotext")
    pdf = source if source.suffix == ".pdf" else convert(source, "pdf", out_dir)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
