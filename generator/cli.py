"""The command line: `python -m generator build|check`. The only module that prints."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import click

from generator import click_zh, resources
from generator.errors import Finding, GeneratorError

click_zh.install()
_DEFAULT_TEMPLATE = "当前文件夹的 templates/report.docx；没有时用程序自带的模板"
DEFAULT_TEMPLATE = resources.default_template()
"""`pipeline.DEFAULT_TEMPLATE`, found here so that `--help` and usage errors answer without importing the pipeline."""


def _echo_findings(findings: tuple[Finding, ...] | list[Finding]) -> None:
    for finding in findings:
        click.echo(f"  {finding}", err=True)


@click.group(cls=click_zh.ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="perf-report-generator", help="显示版本并退出。")
def main() -> None:
    """由工作簿生成部门整体支出绩效自评报告（Word）。"""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[工作簿或文件夹]...")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path),
    metavar="文件夹",
    default=Path("outputs"),
    show_default=True,
    help="报告写入的文件夹。",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    default=DEFAULT_TEMPLATE,
    show_default=False,
    metavar="模板",
    help=f"Word 模板。默认为{_DEFAULT_TEMPLATE}。",
)
@click.option(
    "--force",
    is_flag=True,
    help="报告在上次生成后被修改过时，先把修改过的版本移到输出文件夹的 备份/ 中，再写入新报告。",
)
@click.option(
    "--pdf",
    "want_pdf",
    is_flag=True,
    help="同时用 LibreOffice 生成 PDF；没有安装 LibreOffice 时报错退出（状态 1）并说明如何安装。",
)
def build(paths: tuple[Path, ...], out_dir: Path, template: Path, force: bool, want_pdf: bool) -> None:
    """生成报告：默认把 inputs/ 中的每个工作簿生成到 outputs/。

    审阅人修改过的报告不会被覆盖：新报告写在它旁边（文件名带“（新生成）”），除非加 --force。
    """
    from generator import pipeline
    from generator.pdf import require_soffice

    try:
        if want_pdf:
            require_soffice()
        workbooks = pipeline.find_workbooks(list(paths) or [Path("inputs")])
    except GeneratorError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(exc.exit_code)
    status = 0
    for path in workbooks:
        try:
            built = pipeline.build(path, out_dir, template, force=force, pdf=want_pdf)
        except GeneratorError as exc:
            click.echo(f"错误：{exc}", err=True)
            status = max(status, exc.exit_code)
            continue
        if built.warnings:
            click.echo(f"{path}：{len(built.warnings)} 条警告（已作为批注写入报告）", err=True)
            _echo_findings(built.warnings)
        for notice in built.notices:
            click.echo(f"注意：{notice}", err=True)
        click.echo(str(built.output))
        if built.pdf is not None:
            click.echo(str(built.pdf))
    sys.exit(status)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def _where(finding: Finding, workbook: Path) -> str:
    """Return where a finding sits, relative to the workbook being checked."""
    loc = finding.loc
    parts = []
    if loc.file and loc.file != str(workbook):
        parts.append(loc.file)
    if loc.sheet:
        parts.append(f"{loc.sheet}!{loc.cell}" if loc.cell else loc.sheet)
    if loc.paragraph:
        parts.append(f"段落“{loc.paragraph}”")
    return "，".join(parts) or "（整个文件）"


def findings_table(workbook: Path, findings: Sequence[Finding]) -> list[str]:
    """Return the lines of the table `check` prints for the findings of one workbook."""
    errors = sum(f.is_error for f in findings)
    lines = [f"{workbook}：{errors} 个错误，{len(findings) - errors} 条警告"]
    if not findings:
        return lines
    header = ("级别", "位置", "代码")
    rows = [(f.severity.value, _where(f, workbook), f.code) for f in findings]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(3)]
    lines.append("  " + "  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)) + "  说明")
    for (severity, where, code), finding in zip(rows, findings, strict=True):
        text = finding.msg
        if finding.input is not None and finding.input != "":
            text += f"（输入：{finding.input!r}）"
        cells = "  ".join(_pad(c, w) for c, w in zip((severity, where, code), widths, strict=True))
        lines.append(f"  {cells}  {text}")
    return lines


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[工作簿或文件夹]...")
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    default=DEFAULT_TEMPLATE,
    show_default=False,
    metavar="模板",
    help=f"与工作簿一起检查的 Word 模板。默认为{_DEFAULT_TEMPLATE}。",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部问题（每个问题一条记录），供程序读取。")
def check(paths: tuple[Path, ...], template: Path, as_json: bool) -> None:
    """检查工作簿和模板，列出全部问题（文件、工作表和单元格），不生成报告。有错误时退出状态为 1。"""
    from generator import pipeline

    results: list[tuple[Path, tuple[Finding, ...]]] = []
    status = 0
    try:
        workbooks = pipeline.find_workbooks(list(paths) or [Path("inputs")])
    except GeneratorError as exc:
        workbooks = []
        results.append((Path(exc.findings[0].loc.file) if exc.findings else Path("."), exc.findings))
        status = exc.exit_code
    for path in workbooks:
        try:
            book = pipeline.check(path, template)
        except GeneratorError as exc:
            results.append((path, exc.findings))
            status = max(status, exc.exit_code)
            continue
        results.append((path, book.warnings))
    # -- a problem of the template is found with every workbook: list it with the first only --
    seen: set[Finding] = set()
    for index, (path, findings) in enumerate(results):
        shared = {f for f in findings if f.loc.file and f.loc.file != str(path)}
        results[index] = (path, tuple(f for f in findings if f not in shared or f not in seen))
        seen |= shared
    if as_json:
        records = [finding.to_dict() for _, findings in results for finding in findings]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for path, findings in results:
            for line in findings_table(path, findings):
                click.echo(line)
        if status:
            click.echo("有错误：请按“说明”一栏逐条改正后重新检查。", err=True)
    sys.exit(status)


@main.command()
@click.argument("path", type=click.Path(path_type=Path), metavar="新工作簿.xlsx")
def blank(path: Path) -> None:
    """生成一个空白工作簿（含全部工作表和表头），用于填写新单位或新年度的数据。"""
    from generator.blank import write_blank

    if path.exists():
        click.echo(f"错误：{path} 已存在。为免覆盖已填写的内容，请换一个文件名。", err=True)
        sys.exit(2)
    write_blank(path)
    click.echo(str(path))


@main.command(name="docs")
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_TEMPLATE,
    show_default=False,
    metavar="模板",
    help=f"其中章节名写入工作簿说明的 Word 模板。默认为{_DEFAULT_TEMPLATE}。",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("docs/workbook.md"),
    show_default=True,
    metavar="文件",
    help="工作簿说明写入的文件；同一文件夹中没有的其他说明页（问题代码一览、模板可用的名称）一并写出。",
)
def docs_command(template: Path, output: Path) -> None:
    """根据工作簿设计和模板重写工作簿说明 docs/workbook.md，并写出程序自带的其他说明页。"""
    from generator.docs import workbook_markdown
    from generator.resources import manual_pages

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(workbook_markdown(template), encoding="utf-8")
        click.echo(str(output))
        for name, text in manual_pages().items():
            page = output.parent / name
            if name != "workbook.md" and not page.exists():
                page.write_text(text, encoding="utf-8")
                click.echo(str(page))
    except OSError as exc:
        click.echo(f"错误：无法写入 {output}（{exc.strerror}）。请检查文件夹是否存在、是否有写入权限。", err=True)
        sys.exit(2)
