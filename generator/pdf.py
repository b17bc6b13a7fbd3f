"""Convert a written report to PDF with LibreOffice (`soffice --headless --convert-to pdf`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from generator import pdf_check
from generator.errors import Finding, GeneratorError, Location
from generator.write import write_atomic

TIMEOUT_SECONDS = 300
"""Longest a conversion may take; LibreOffice's first start on a fresh profile takes some seconds."""

INSTALL_HINT = (
    "没有找到 LibreOffice，无法生成 PDF。请先安装 LibreOffice：Debian/Ubuntu 执行 "
    "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk；Windows 或 macOS 从 "
    "https://zh-cn.libreoffice.org 下载安装（装在默认位置即可找到；装在别处时请把其中的 program 文件夹加入 PATH）。也可以不加 --pdf 只生成 Word 报告，"
    "再在 Word 或 WPS 中“另存为 PDF”。"
)


NO_PDFTOTEXT = (
    "没有安装 pdftotext，无法核对 PDF 是否丢失了文字。请安装 poppler-utils（Debian/Ubuntu：sudo apt-get install "
    "poppler-utils）后重新生成；在此之前请逐页核对 PDF。"
)


class PdfError(GeneratorError):
    """Raised when a PDF was asked for and LibreOffice is missing or fails to convert, or loses text."""


def install_locations(platform: str, env: Mapping[str, str], home: Path) -> list[Path]:
    """Return where LibreOffice's own installers put `soffice` on `platform` (a `sys.platform` value).

    On Windows and macOS the installer does not add LibreOffice to PATH; Linux packages do.
    """
    if platform == "win32":
        roots = [env.get(name) for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        found = [Path(root) / "LibreOffice" / "program" / "soffice.exe" for root in roots if root]
        if env.get("LOCALAPPDATA"):  # -- an installation for the current user only --
            found.append(Path(env["LOCALAPPDATA"]) / "Programs" / "LibreOffice" / "program" / "soffice.exe")
        return list(dict.fromkeys(found))
    if platform == "darwin":
        app = Path("LibreOffice.app") / "Contents" / "MacOS" / "soffice"
        return [Path("/Applications") / app, home / "Applications" / app]
    return []


def soffice() -> str | None:
    """Return the path of LibreOffice's `soffice` (or `libreoffice`) program, or None when not installed.

    PATH first, then the places LibreOffice's installers use on Windows and macOS.
    """
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for candidate in install_locations(sys.platform, os.environ, Path.home()):
        if candidate.is_file():
            return str(candidate)
    return None


def require_soffice() -> str:
    """Return the path of `soffice`; raise `PdfError` saying how to install it when it is missing."""
    program = soffice()
    if program is None:
        raise PdfError("无法生成 PDF", [Finding("pdf_unavailable", INSTALL_HINT)])
    return program


NOTES_FILTER = (
    'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"},'
    '"ExportNotesInMargin":{"type":"boolean","value":"true"}}'
)
"""LibreOffice's PDF export with the document's comments: as PDF annotations (ExportNotes) and, where
LibreOffice supports it (7.5 and later), printed in the page margin (ExportNotesInMargin)."""


def convert(docx: Path, pdf: Path, program: str | None = None, *, notes: bool = False) -> Path:
    """Write the PDF of `docx` to `pdf` (atomically) and return `pdf`; raise `PdfError` on failure.

    With `notes`, each comment of the report (the warnings) is in the PDF too, at its place.

    LibreOffice runs with a private, throw-away profile, so a running LibreOffice does not block it.
    """
    program = program or require_soffice()
    with tempfile.TemporaryDirectory(prefix="perf-report-pdf-") as scratch:
        work = Path(scratch)
        source = work / "report.docx"  # -- an ASCII name: no locale trouble on the command line --
        shutil.copyfile(docx, source)
        command = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            NOTES_FILTER if notes else "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        # -- the user's own environment, HOME included: fonts installed in the home folder stay visible; --
        # -- the private profile above is what keeps a running LibreOffice out of the way --
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
            log = (done.stdout + done.stderr).decode("utf-8", "replace").strip()
        except (OSError, subprocess.TimeoutExpired) as exc:
            log = str(exc)
        result = work / "report.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            raise PdfError(
                f"无法把 {docx.name} 转换为 PDF",
                [
                    Finding(
                        "pdf_failed",
                        f"LibreOffice 没有生成 PDF（{log[-300:] or '没有输出'}）。Word 报告已写好；"
                        "请检查 LibreOffice 能否正常启动，或在 Word/WPS 中另存为 PDF。",
                        Location(file=str(docx)),
                    )
                ],
            )
        verify_text(docx, result, pdf)
        write_atomic(pdf, result.read_bytes())
    return pdf


def verify_text(docx: Path, pdf: Path, target: Path | None = None) -> None:
    """Raise `PdfError` listing every character of `docx` that the text of `pdf` lacks.

    `target` is where the PDF was to be written (named in the message; it is not written).

    Does nothing when pdftotext is not installed (`pipeline` then tells the user, see `NO_PDFTOTEXT`).
    """
    program = shutil.which("pdftotext")
    if program is None:
        return
    findings = pdf_check.text_findings(docx, pdf, program)
    if findings:
        lost = sum(len(str(f.input)) for f in findings)
        raise PdfError(f"PDF 丢失了 {lost} 个字符，未写入 {(target or pdf).name}", findings)


def pdf_notices(docx: Path) -> list[str]:
    """Return what the user should know about the PDF of `docx`: fonts replaced, text left unchecked."""
    notices = []
    fonts = pdf_check.font_notice(pdf_check.substituted_fonts(docx))
    if fonts:
        notices.append(fonts)
    if shutil.which("pdftotext") is None:
        notices.append(NO_PDFTOTEXT)
    return notices
