"""Finding LibreOffice where its installers put it, and running it in the user's own environment."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from generator import pdf

WINDOWS = {
    "ProgramFiles": r"C:\Program Files",
    "ProgramFiles(x86)": r"C:\Program Files (x86)",
    "LOCALAPPDATA": r"C:\U\AppData\Local",
}


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        (
            "win32",
            WINDOWS,
            [
                Path(r"C:\Program Files") / "LibreOffice" / "program" / "soffice.exe",
                Path(r"C:\Program Files (x86)") / "LibreOffice" / "program" / "soffice.exe",
                Path(r"C:\U\AppData\Local") / "Programs" / "LibreOffice" / "program" / "soffice.exe",
            ],
        ),
        (
            "darwin",
            {},
            [
                Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
                Path("/home/甲/Applications/LibreOffice.app/Contents/MacOS/soffice"),
            ],
        ),
        ("linux", WINDOWS, []),
    ],
)
def test_install_locations(platform: str, env: dict[str, str], expected: list[Path]) -> None:
    assert pdf.install_locations(platform, env, Path("/home/甲")) == expected


def test_found_where_the_installer_put_it_when_not_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe"
    program.parent.mkdir(parents=True)
    program.write_text("", encoding="utf-8")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    assert pdf.soffice() == str(program)
    assert pdf.require_soffice() == str(program)


def test_not_found_anywhere_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    monkeypatch.setattr(pdf, "install_locations", lambda *args: [tmp_path / "无" / "soffice"])
    with pytest.raises(pdf.PdfError) as raised:
        pdf.require_soffice()
    assert "装在默认位置即可找到" in str(raised.value)


def test_libreoffice_runs_with_the_user_s_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """HOME is not replaced, so fonts installed in the user's home folder are used."""
    monkeypatch.setattr(pdf, "verify_text", lambda *args: None)  # -- the fake writes no real PDF --
    record = tmp_path / "home.txt"
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        f'printf "%s" "$HOME" > "{record}"\n'
        'while [ "$1" != "--outdir" ]; do shift; done\n'
        'printf "%%PDF-1.4" > "$2/report.pdf"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    source = tmp_path / "报告.docx"
    source.write_bytes(b"docx")
    pdf.convert(source, tmp_path / "报告.pdf", str(fake))
    assert (tmp_path / "报告.pdf").read_bytes() == b"%PDF-1.4"
    assert record.read_text(encoding="utf-8") == os.environ.get("HOME", "")
