"""The command line: `python -m generator build|check`. The only module that prints."""

from __future__ import annotations

import atexit
import gc
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import click_zh, oserrors, resources
from generator.errors import Finding, GeneratorError

if TYPE_CHECKING:
    # -- the pipeline (batch imports it) is imported where a command runs, so that `--help` and usage
    #    errors answer without openpyxl, python-docx, docxtpl, Jinja and Babel --
    from generator import batch

click_zh.install()
_DEFAULT_TEMPLATE = "当前文件夹的 templates/report.docx；没有时用程序自带的模板"
DEFAULT_TEMPLATE = resources.default_template()
"""`pipeline.DEFAULT_TEMPLATE`, found here without importing the pipeline."""


def _echo_findings(findings: tuple[Finding, ...] | list[Finding]) -> None:
    for finding in findings:
        click.echo(f"  {finding}", err=True)


@click.group(cls=click_zh.ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="perf-report-generator", help="显示版本并退出。")
def main() -> None:
    """由工作簿生成部门整体支出绩效自评报告（Word）。"""
    _collect_less()


def _collect_less() -> None:
    """Spare a command the cycle collector's work on what it keeps until it exits.

    A command keeps nearly everything it allocates until it ends (modules, the workbook, the document)
    and makes few reference cycles. The collector, tuned for long-running programs, went over all of
    it a hundred times while it ran (7 ms of a check, 20 of a build): it runs less often while a command
    runs, as in mypy, and the thresholds are restored when it ends. At exit the interpreter went over
    everything once more (some 30 ms of every run): everything is frozen first (`gc.freeze`), so the
    system takes the memory back instead. Nothing waits on the collector at exit: files are closed
    where they are written, temporary folders removed by their own exit hooks.
    """
    before = gc.get_threshold()
    gc.set_threshold(100_000, 20, 100)
    click.get_current_context().call_on_close(lambda: gc.set_threshold(*before))
    atexit.unregister(gc.freeze)  # -- once, however many commands a process runs (tests do) --
    atexit.register(gc.freeze)


def _batch_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add the options of a run over many workbooks (docs/batch.md)."""
    options = [
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=1),
            default=None,
            metavar="个数",
            help="同时处理的工作簿数（进程数），默认等于处理器核数。",
        ),
        click.option("--json", "as_json", is_flag=True, help="以 JSON 输出：每个工作簿一行记录（没有问题的也列出）。"),
        click.option(
            "--shard", default=None, metavar="I/N", help="只处理按自然顺序排列后的第 I 份（共 N 份），供多台机器分担。"
        ),
        click.option(
            "--from-list",
            "from_list",
            type=click.Path(path_type=Path),
            default=None,
            metavar="清单",
            help="从文本文件读取要处理的工作簿或文件夹（每行一个路径）。",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run_batch(
    paths: tuple[Path, ...],
    from_list: Path | None,
    shard_text: str | None,
    *,
    template: Path,
    out_dir: Path,
    build: bool,
    force: bool = False,
    want_pdf: bool = False,
    jobs: int | None,
) -> tuple[list[batch.Outcome], bool]:
    """Run the workbooks named on the command line; return their outcomes and whether this is a batch."""
    from generator import batch

    try:
        program = None
        if want_pdf:
            from generator.pdf import require_soffice

            program = require_soffice()
        shard = batch.Shard.parse(shard_text) if shard_text else None
        named = [*paths, *(batch.read_list(from_list) if from_list else [])]
        workbooks = batch.select(named or batch.default_inputs(), shard)
    except GeneratorError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(exc.exit_code)
    many = len(workbooks) > 1 or shard is not None or from_list is not None
    run = partial(
        batch.run,
        workbooks,
        template,
        out_dir=out_dir,
        build=build,
        force=force,
        pdf_program=program,
        jobs=jobs or batch.default_jobs(),
    )
    if many and len(workbooks) >= 4 and sys.stderr.isatty():
        label = "生成报告" if build else "检查工作簿"
        with click.progressbar(length=len(workbooks), label=label, file=sys.stderr) as bar:
            outcomes = run(on_done=lambda _: bar.update(1))
    else:
        outcomes = run()
    return outcomes, many


def _close_batch(
    outcomes: list[batch.Outcome],
    out_dir: Path,
    shard_text: str | None,
    *,
    built: bool,
    as_json: bool,
    write: bool = True,
) -> None:
    """Print the summary table and, when `write`, write the summary workbook; exit 1 when any workbook failed."""
    from generator import batch

    name = batch.summary_name(built=built, shard=batch.Shard.parse(shard_text) if shard_text else None)
    from generator.summary import write_summary

    summary = None
    try:
        summary = write_summary(outcomes, out_dir, name) if write else None
    except OSError as exc:
        click.echo(
            f"错误：无法写入汇总表 {out_dir / name}（{oserrors.describe(exc)}）。请检查输出文件夹是否可写。", err=True
        )
    # -- the report comes last: 生成报告.py counts the lines that end with one --
    rows = [(o.workbook.name, *batch.summary_row(o)) for o in outcomes]
    header = ("工作簿", *batch.SUMMARY_COLUMNS)
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip(), err=as_json)
    if summary is not None:
        click.echo(f"汇总表：{summary}", err=as_json)
    elif not write:
        click.echo(
            f"检查没有写入任何文件；要把汇总表和每个问题的位置写成 {out_dir / name}，加 --summary 重新检查。",
            err=as_json,
        )
    click.echo(batch.last_line(outcomes, built=built), err=as_json)
    sys.exit(1 if batch.failed(outcomes) else 0)


def _template_option(
    help_text: str, *, must_exist: bool = False
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Return the `--template` option every command shares, with the command's own help text; `must_exist` lets
    click refuse a missing file itself (commands that do not run the template check)."""
    return click.option(
        "--template",
        type=click.Path(exists=must_exist, dir_okay=not must_exist, path_type=Path),
        default=DEFAULT_TEMPLATE,
        show_default=False,
        metavar="模板",
        help=help_text,
    )


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
@_template_option(f"Word 模板。默认为{_DEFAULT_TEMPLATE}。")
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
@_batch_options
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    template: Path,
    force: bool,
    want_pdf: bool,
    jobs: int | None,
    as_json: bool,
    shard: str | None,
    from_list: Path | None,
) -> None:
    """生成报告：默认把 inputs/ 中的每个工作簿生成到 outputs/。

    审阅人修改过的报告不会被覆盖：新报告写在它旁边（文件名带“（新生成）”），除非加 --force。
    多个工作簿并行处理，最后列出汇总表并写入输出文件夹的 汇总.xlsx（见 docs/batch.md）。
    """
    outcomes, many = _run_batch(
        paths,
        from_list,
        shard,
        template=template,
        out_dir=out_dir,
        build=True,
        force=force,
        want_pdf=want_pdf,
        jobs=jobs,
    )
    for outcome in outcomes:
        if outcome.errors:
            # -- in a batch, only what stopped a workbook: its warnings are in 汇总.xlsx --
            shown = outcome.errors if many else outcome.findings
            click.echo(f"错误：{GeneratorError(outcome.title, shown)}", err=True)
            for notice in outcome.notices:
                click.echo(f"注意：{notice}", err=True)
            continue
        if outcome.warnings and not many:
            click.echo(f"{outcome.workbook}：{len(outcome.warnings)} 条警告（已作为批注写入报告）", err=True)
            _echo_findings(outcome.warnings)
        for notice in outcome.notices:
            click.echo(f"注意：{notice}", err=True)
        if not many and not as_json:
            click.echo(str(outcome.report))
            if outcome.pdf is not None:
                click.echo(str(outcome.pdf))
                if outcome.warnings:
                    click.echo(
                        f"注意：PDF 中每条警告都作为批注显示在所涉及的位置（共 {len(outcome.warnings)} 条），"
                        "供审阅时对照；正式印发前请在 Word 中处理警告后重新生成。",
                        err=True,
                    )
    if as_json:
        for outcome in outcomes:
            click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False))
    if many:
        _close_batch(outcomes, out_dir, shard, built=True, as_json=as_json)
    sys.exit(max((o.exit_code for o in outcomes), default=0))


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
@_template_option(f"与工作簿一起检查的 Word 模板。默认为{_DEFAULT_TEMPLATE}。")
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path),
    metavar="文件夹",
    default=Path("outputs"),
    show_default=True,
    help="报告所在的文件夹：用它的生成记录发现同名的报告；加 --summary 时 检查汇总.xlsx 写在这里。",
)
@click.option(
    "--summary",
    "write_summary",
    is_flag=True,
    help="检查多个工作簿时，把汇总表写入输出文件夹的 检查汇总.xlsx（不加时检查不写任何文件；build 写的 汇总.xlsx 不受影响）。",
)
@_batch_options
def check(
    paths: tuple[Path, ...],
    template: Path,
    out_dir: Path,
    write_summary: bool,
    jobs: int | None,
    as_json: bool,
    shard: str | None,
    from_list: Path | None,
) -> None:
    """检查工作簿和模板，列出全部问题（文件、工作表和单元格），不生成报告。有错误时退出状态为 1。

    检查多个工作簿时并行处理，最后列出汇总表；不写任何文件，加 --summary 才写入 检查汇总.xlsx（见 docs/batch.md）。
    """
    outcomes, many = _run_batch(paths, from_list, shard, template=template, out_dir=out_dir, build=False, jobs=jobs)
    # -- a problem of the template is found with every workbook: list it with the first only --
    seen: set[Finding] = set()
    for index, outcome in enumerate(outcomes):
        shared = {f for f in outcome.findings if f.loc.file and f.loc.file != str(outcome.workbook)}
        kept = tuple(f for f in outcome.findings if f not in shared or f not in seen)
        outcomes[index] = replace(outcome, findings=kept)
        seen |= shared
    status = max((o.exit_code for o in outcomes), default=0)
    if as_json:
        for outcome in outcomes:
            click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False))
    else:
        # -- in a batch writing 汇总.xlsx, only what fails: the warnings are there; without it, everything --
        compact = many and write_summary
        for outcome in outcomes:
            if many and not (outcome.errors if compact else outcome.findings):
                continue
            lines = findings_table(outcome.workbook, outcome.errors if compact else outcome.findings)
            if compact and outcome.warnings:
                lines[0] = (
                    f"{outcome.workbook}：{len(outcome.errors)} 个错误，{len(outcome.warnings)} 条警告（警告见汇总表）"
                )
            for line in lines:
                click.echo(line)
        if status and not many:
            click.echo("有错误：请按“说明”一栏逐条改正后重新检查。", err=True)
    if many:
        _close_batch(outcomes, out_dir, shard, built=False, as_json=as_json, write=write_summary)
    sys.exit(status)


@main.command()
@click.argument("path", type=click.Path(path_type=Path), metavar="新工作簿.xlsx")
@_template_option(
    f"只包含这个 Word 模板用到的工作表和列，模板的章节名成为“正文”表“章节”列的下拉列表。默认为{_DEFAULT_TEMPLATE}。",
    must_exist=True,
)
def blank(path: Path, template: Path) -> None:
    """生成一个空白工作簿：全部工作表和表头、填表说明、灰色示例行，以及 Excel 的填写规则（数据验证）。"""
    import zipfile

    from generator.blank import write_blank
    from generator.template_check import design

    if path.exists():
        click.echo(f"错误：{path} 已存在。为免覆盖已填写的内容，请换一个文件名。", err=True)
        sys.exit(2)
    try:
        used = design(template)
        write_blank(path, template, used.sheets, used.extra_columns)
    except (zipfile.BadZipFile, KeyError):
        click.echo(f"错误：模板 {template} 不是 Word 文档（.docx）。请检查 --template 参数。", err=True)
        sys.exit(2)
    except GeneratorError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"错误：无法写入 {path}（{exc.strerror}）。请检查文件夹是否存在、是否有写入权限。", err=True)
        sys.exit(2)
    click.echo(str(path))


@main.command()
@click.argument("folder", type=click.Path(path_type=Path), default=Path("outputs"), metavar="[文件夹]")
def clean(folder: Path) -> None:
    """删除输出文件夹中程序生成、之后没有人改过的报告（及其 PDF）；审阅人改过的报告和 备份/ 一律保留。"""
    from generator.clean import clean as clean_folder

    try:
        done = clean_folder(folder)
    except OSError as exc:
        click.echo(
            f"错误：无法清理 {folder}（{oserrors.describe(exc)}）。请检查文件是否正在 Word 中打开、是否有写入权限。",
            err=True,
        )
        sys.exit(2)
    for path, reason in done.kept:
        click.echo(f"保留 {path}：{reason}", err=True)
    click.echo(f"{folder}：删除了 {len(done.removed)} 个生成的文件，保留 {len(done.kept)} 个。")


@main.command(name="next-year")
@click.argument("path", type=click.Path(path_type=Path), metavar="工作簿")
@click.option(
    "--year", type=click.IntRange(1900, 2200), default=None, metavar="年度", help="新的年度，默认为工作簿的年度加 1。"
)
def next_year_command(path: Path, year: int | None) -> None:
    """由上一年的工作簿生成下一年的工作簿，写在它旁边（不覆盖已有文件）。

    沿用单位、职能、指标体系、项目和统计数据的名称；清空金额、执行率、得分、扣分、统计数值和报告日期；
    沿用的文字标黄并加批注，其中的上一年度改为 {{年度}}。之后运行 check，列出还要填写的单元格。
    """
    from generator.next_year import make_next_year

    try:
        made = make_next_year(path, year)
    except GeneratorError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(
        f"已生成 {made.year} 年度的工作簿，清空了 {made.cleared} 个数字单元格，{made.carried} 段沿用的文字已标黄。"
        f"请填写后运行 python -m generator check {made.path}，它会列出还要填写的单元格。",
        err=True,
    )
    click.echo(str(made.path))


@main.command(name="docs")
@_template_option(f"工作簿说明只写这个 Word 模板用到的工作表、列和章节。默认为{_DEFAULT_TEMPLATE}。", must_exist=True)
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
        click.echo(
            f"错误：无法写入 {output}（{oserrors.describe(exc)}）。请检查文件夹是否存在、是否有写入权限。", err=True
        )
        sys.exit(2)


@main.command()
@click.argument("report", type=click.Path(path_type=Path), metavar="审阅后的报告")
@click.option(
    "--workbook",
    type=click.Path(path_type=Path),
    default=None,
    metavar="工作簿",
    help="生成这份报告的工作簿；不填时按报告中记下的文件名在报告旁和 inputs/ 中查找。",
)
@_template_option(f"生成报告所用的 Word 模板。默认为{_DEFAULT_TEMPLATE}。")
def harvest(report: Path, workbook: Path | None, template: Path) -> None:
    """把审阅人在报告中的修改收回工作簿：列出全部修改，写入旁边的新工作簿“…（含审阅修改）.xlsx”。

    原报告和原工作簿都不会被改动。没有可收回的修改时退出状态为 0；有无法自动写入的修改时为 1。
    """
    from generator import harvest as harvesting

    try:
        result = harvesting.harvest(report, workbook, template)
    except GeneratorError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(exc.exit_code)
    if not result.changes:
        click.echo(f"{report}：与工作簿 {result.workbook} 生成的内容相同，没有需要收回的修改。")
        sys.exit(0)
    header = ("类型", "位置", "修改前", "修改后", "已写入", "说明")
    rows = [(c.kind, c.where, *harvesting.excerpts(c.before, c.after), c.status, c.note) for c in result.changes]
    widths = [min(max(_width(r[i]) for r in [header, *rows]), 40) for i in range(5)]
    click.echo(f"{report} 与工作簿 {result.workbook} 相比，共 {len(rows)} 处：")
    click.echo("  " + "  ".join(_pad(h, w) for h, w in zip(header[:5], widths, strict=True)) + "  说明")
    for row in rows:
        click.echo("  " + "  ".join(_pad(c, w) for c, w in zip(row[:5], widths, strict=True)) + f"  {row[5]}")
    if result.output is not None:
        click.echo(f"已写入新工作簿（原工作簿未改动）：{result.output}")
        if result.kept:
            kept = "、".join(p.name for p in result.kept)
            click.echo(f"已有 {kept}，为免覆盖其中可能已做的修改，新工作簿另取了名字 {result.output.name}。")
        click.echo("请打开它核对黄色标出的单元格（批注中有原内容）和“审阅修改”表，确认后用它生成下一版报告。")
    if result.unapplied:
        click.echo(
            f"有 {len(result.unapplied)} 处修改无法自动写入工作簿（“已写入”为“否”），请按“说明”手工处理。", err=True
        )
        sys.exit(1)
    sys.exit(0)
