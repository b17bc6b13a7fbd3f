"""Build or check many workbooks in one run: one process per workbook, one outcome per workbook.

The finance bureau drops the workbooks of dozens of departments into one folder. Each workbook is
checked (and, for `build`, rendered to bytes) in a worker process of its own, so a workbook that fails,
or even crashes its worker, fails alone. The parent then decides, in natural order (第2 before 第10):

- two workbooks that would write the same report are both refused, at their 年度 cell;
- the reports are written one after another by the parent alone, so the output folder's manifest
  (`outputs.py`) is only ever written by one process.

Nothing here prints: `cli.py` shows progress and the lines this module returns.
"""

from __future__ import annotations

import os
import re
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from generator import oserrors, pipeline
from generator.errors import Finding, GeneratorError, Location, Severity, UsageError

# -- concurrent.futures (and logging with it) and the output folder's manifest are imported where a run
#    uses them: checking one workbook needs neither --

SUMMARY_NAME = "汇总.xlsx"
"""The summary workbook written into the output folder by a batch `build`."""
CHECK_SUMMARY_NAME = "检查汇总.xlsx"
"""The summary workbook `check --summary` writes: its own name, so that it never replaces the `汇总.xlsx`
(with links to the reports) of a `build` into the same folder."""


def summary_name(*, built: bool, shard: Shard | None = None) -> str:
    """Return the file name of a run's summary workbook: 汇总.xlsx or 检查汇总.xlsx, with the shard's part."""
    stem = Path(SUMMARY_NAME if built else CHECK_SUMMARY_NAME).stem
    return f"{stem}_第{shard.index}份共{shard.count}份.xlsx" if shard else f"{stem}.xlsx"


class Status(StrEnum):
    """How one workbook fared."""

    OK = "通过"
    WARNINGS = "有警告"
    FAILED = "失败"


_JSON_STATUS = {Status.OK: "ok", Status.WARNINGS: "warnings", Status.FAILED: "failed"}


@dataclass(frozen=True)
class Outcome:
    """What became of one workbook: who it is, its score, its findings, and its report when one was written."""

    workbook: Path
    unit: str = ""
    year: int | None = None
    year_loc: Location | None = None
    score: str = ""
    grade: str = ""
    findings: tuple[Finding, ...] = ()
    name: str = ""
    """The file name its report takes (or would take); "" when it has errors."""
    prepared: pipeline.Prepared | None = field(default=None, repr=False)
    """The report made in memory, from the worker to the parent, until written."""
    report: Path | None = None
    pdf: Path | None = None
    notices: tuple[str, ...] = ()
    title: str = ""
    """The title of the error that stopped it, such as “无法读取 …”."""
    exit_code: int = 0
    stale: tuple[Path, ...] = ()
    """Reports of this workbook from an earlier run, left in the output folder: out of date since it failed."""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.is_error)

    @property
    def status(self) -> Status:
        if self.errors:
            return Status.FAILED
        return Status.WARNINGS if self.findings else Status.OK

    def to_dict(self) -> dict[str, Any]:
        """Return this outcome as one JSON-ready record (`--json`), clean workbooks included."""
        return {
            "workbook": str(self.workbook),
            "unit": self.unit,
            "year": self.year,
            "status": _JSON_STATUS[self.status],
            "score": json_number(self.score),
            "grade": self.grade or None,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "report": str(self.report) if self.report else None,
            "pdf": str(self.pdf) if self.pdf else None,
            "stale_reports": [str(p) for p in self.stale],
            "findings": [f.to_dict() for f in self.findings],
        }


# -- which workbooks --------------------------------------------------------------------------------

_DIGITS = re.compile(r"(\d+)")


def natural_key(path: Path) -> tuple[str | int, ...]:
    """Return a sort key under which 第2 comes before 第10: runs of digits compare as numbers.

    Text and numbers alternate in the key, text first (possibly empty), so that like is compared with like.
    """
    parts = _DIGITS.split(str(path))
    return tuple(int(part) if n % 2 else part for n, part in enumerate(parts))


@dataclass(frozen=True)
class Shard:
    """Part `index` (1-based) of `count`: the workbooks whose position in natural order is index − 1 modulo count."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Return the shard written `I/N`; raise `UsageError` saying how to write it otherwise."""
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not match or not 1 <= int(match[1]) <= int(match[2]):
            raise UsageError(
                f"--shard {text} 无法使用",
                [
                    Finding(
                        "bad_shard",
                        f"--shard 的写法是 I/N（第 I 份，共 N 份，1 ≤ I ≤ N），例如 --shard 1/4；收到的是“{text}”。",
                        Location(file="命令行参数 --shard"),
                        input=text,
                    )
                ],
            )
        return cls(int(match[1]), int(match[2]))

    def take(self, paths: Sequence[Path]) -> list[Path]:
        return [p for n, p in enumerate(paths) if n % self.count == self.index - 1]


def read_list(path: Path) -> list[Path]:
    """Return the paths listed in the file at `path`, one a line; blank lines and lines starting with # are skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        why = oserrors.describe(exc) if isinstance(exc, OSError) else "不是 UTF-8 文本"
        raise UsageError(
            f"无法读取清单 {path}",
            [
                Finding(
                    "list_unreadable",
                    f"无法读取工作簿清单（{why}）。清单应为 UTF-8 文本文件，每行一个工作簿或文件夹的路径。",
                    Location(file=str(path)),
                )
            ],
        ) from exc
    lines = (line.strip() for line in text.splitlines())
    return [Path(line) for line in lines if line and not line.startswith("#")]


DEFAULT_INPUTS = Path("inputs")
"""The folder `build` and `check` read when no workbook is named."""


def default_inputs() -> list[Path]:
    """Return the default folder `inputs/` to run on; raise `UsageError` saying what to do when there is none."""
    if DEFAULT_INPUTS.is_dir():
        return [DEFAULT_INPUTS]
    here = Path.cwd()
    raise UsageError(
        f"当前文件夹 {here} 中没有 inputs 文件夹",
        [
            Finding(
                "no_inputs",
                f"没有指定工作簿，而当前文件夹（{here}）中没有放工作簿的 inputs 文件夹。请在命令后写出工作簿或文件夹，"
                "例如 perf-report build 收件/年度_单位名称.xlsx；或在当前文件夹建一个 inputs 文件夹，把填好的工作簿"
                "（.xlsx，文件名如 年度_单位名称.xlsx）放进去再运行。没有工作簿时，可用 perf-report blank "
                "inputs/年度_单位名称.xlsx 生成一个空白工作簿。",
                Location(file=str(DEFAULT_INPUTS)),
            )
        ],
    )


def select(paths: Iterable[Path], shard: Shard | None = None) -> list[Path]:
    """Return the workbooks named by `paths` (folders expanded), once each, in natural order; a shard's part only."""
    found = pipeline.find_workbooks(list(paths))
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(os.path.normcase(os.path.abspath(path)), path)
    ordered = sorted(unique.values(), key=natural_key)
    return shard.take(ordered) if shard else ordered


# -- one workbook, in a worker -------------------------------------------------------------------------


def _identity(path: Path) -> tuple[str, int | None, Location | None]:
    """Return the unit, year and the 年度 cell of a workbook that failed, as far as they can be read."""
    from generator.read import read_workbook  # -- only for the few workbooks that fail --

    try:
        raw = read_workbook(path)
    except GeneratorError:
        return "", None, None
    sheet = raw.sheets.get("基本信息")
    unit, year, loc = "", None, None
    for row in sheet.rows if sheet else ():
        if len(row) < 2:
            continue
        label, value = str(row[0].value or "").strip(), row[1].value
        if label == "单位名称" and value is not None:
            unit = str(value).strip()
        elif label == "年度":
            loc = Location(str(path), "基本信息", row[1].ref)
            if isinstance(value, int | float) and float(value).is_integer():
                year = int(value)
            elif isinstance(value, str) and value.strip().isdigit():
                year = int(value.strip())
    return unit, year, loc


def run_one(path: Path, template: Path, make_report: bool) -> Outcome:
    """Return the outcome of checking (and with `make_report`, rendering) one workbook; writes nothing."""
    prepared = None
    try:
        if make_report:
            prepared = pipeline.prepare(path, template)
            book, report = prepared.book, prepared.report
        else:
            from generator.aggregate import aggregate

            book = pipeline.check(path, template)
            report = aggregate(book)
    except GeneratorError as exc:
        unit, year, loc = _identity(path)
        return Outcome(path, unit, year, loc, findings=exc.findings, title=exc.title, exit_code=exc.exit_code)
    return Outcome(
        path,
        str(report.unit_name),
        report.year,
        book.info.locs.get("年度"),
        str(report.total_score),  # -- plain text: the template's figures do arithmetic on `+` --
        str(report.grade),
        report.warnings,
        pipeline.output_name(report),
        prepared,
    )


def _crashed(path: Path, exc: BaseException) -> Outcome:
    """Return the outcome of a workbook whose worker raised something unexpected, or died."""
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool):
        msg = "处理这个工作簿的进程意外退出（可能是内存不足）。请单独对它运行 build 或 check；若仍失败，请把工作簿发给维护者。"
    else:
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        msg = f"程序内部错误（{detail}），其他工作簿不受影响。请把这个工作簿和这段信息发给维护者。"
    finding = Finding("internal_error", msg, Location(str(path)))
    return Outcome(path, findings=(finding,), title=f"{path} 未能处理", exit_code=1)


# -- many workbooks ----------------------------------------------------------------------------------


def default_jobs() -> int:
    """Return the number of workers: the cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # -- not on Linux --
        return os.cpu_count() or 1


def _pool(
    paths: Sequence[Path],
    template: Path,
    make_report: bool,
    jobs: int,
    on_done: Callable[[Path], None] | None,
    outcomes: dict[Path, Outcome],
) -> list[Path]:
    """Run `paths` in a pool of `jobs` workers into `outcomes`; return those lost to a worker that died."""
    import concurrent.futures as cf
    from concurrent.futures.process import BrokenProcessPool

    lost: list[Path] = []
    with cf.ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        futures = {pool.submit(run_one, path, template, make_report): path for path in paths}
        for future in cf.as_completed(futures):
            path = futures[future]
            try:
                outcomes[path] = future.result()
            except BrokenProcessPool:
                lost.append(path)
                continue
            except Exception as exc:  # -- one workbook's crash must not stop the others --
                outcomes[path] = _crashed(path, exc)
            if on_done:
                on_done(path)
    return lost


def _run_all(
    paths: Sequence[Path], template: Path, make_report: bool, jobs: int, on_done: Callable[[Path], None] | None
) -> list[Outcome]:
    outcomes: dict[Path, Outcome] = {}
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            try:
                outcomes[path] = run_one(path, template, make_report)
            except Exception as exc:  # -- one workbook's crash must not stop the others --
                outcomes[path] = _crashed(path, exc)
            if on_done:
                on_done(path)
    else:
        from concurrent.futures.process import BrokenProcessPool

        lost = _pool(paths, template, make_report, jobs, on_done, outcomes)
        # -- a worker that dies (killed for memory, say) breaks the whole pool: the workbooks it took
        #    down with it run again, each in a pool of its own, so that only the culprit fails --
        for path in sorted(lost, key=natural_key):
            for gone in _pool([path], template, make_report, 1, on_done, outcomes):
                outcomes[gone] = _crashed(gone, BrokenProcessPool())
                if on_done:
                    on_done(gone)
    return [outcomes[path] for path in paths]


def _file_year(path: Path) -> str | None:
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", path.name)
    return years[0] if years else None


def refuse_collisions(outcomes: Sequence[Outcome], previous: Mapping[str, str] | None = None) -> list[Outcome]:
    """Return `outcomes` with every workbook whose report would share its file name with another's refused.

    Another is a workbook of this run, or the workbook that last wrote that report (`previous`: report
    name → workbook name, from the output folder's manifest) when it still lies beside this one. No
    report of either is written: which one is right is for a person to decide. The error sits at the
    年度 cell; when a workbook's file name states another year than its 年度, the message says that it
    was most likely copied from last year's without changing 年度.
    """
    by_name: dict[str, list[int]] = defaultdict(list)
    for n, outcome in enumerate(outcomes):
        if outcome.name and not outcome.errors:
            by_name[outcome.name].append(n)
    result = list(outcomes)
    for n, outcome in enumerate(outcomes):
        if not outcome.name or outcome.errors:
            continue
        others = [str(outcomes[m].workbook) for m in by_name[outcome.name] if m != n]
        earlier = (previous or {}).get(outcome.name)
        beside = outcome.workbook.parent / earlier if earlier else None
        if (
            beside is not None
            and beside.name != outcome.workbook.name
            and beside.is_file()
            and not any(Path(other).name == beside.name for other in others)
        ):
            others.append(str(beside))
        if not others:
            continue
        file_year = _file_year(outcome.workbook)
        harvested = _harvested_pair(outcome.workbook, others)
        if harvested:
            hint = harvested
        elif file_year and outcome.year is not None and file_year != str(outcome.year):
            hint = (
                f"文件名中的年度是 {file_year}，而“年度”填的是 {outcome.year}：很可能复制了上一年的工作簿而忘记改年度。"
                f"请把“年度”改为 {file_year}。"
            )
        else:
            hint = "请确认是否把同一单位同一年度的工作簿放了两份，移走不需要的一份；或改正“单位名称”“年度”。"
        finding = Finding(
            "report_collision",
            f"与 {'、'.join(others)} 生成的报告同名（{outcome.name}），为免互相覆盖，没有生成报告。{hint}",
            outcome.year_loc or Location(str(outcome.workbook), "基本信息"),
            Severity.ERROR,
            outcome.year,
        )
        result[n] = replace(
            outcome,
            findings=(finding, *outcome.findings),
            prepared=None,
            title=f"{outcome.workbook} 与其他工作簿的报告同名，未生成报告",
            exit_code=1,
        )
    return result


def _harvested_pair(workbook: Path, others: Sequence[str]) -> str:
    """Return the advice when one of two colliding workbooks is the other with a reviewer's edits harvested in."""
    from generator.harvest import HARVESTED

    names = [workbook, *(Path(other) for other in others)]
    marked = [p for p in names if HARVESTED in p.name]
    plain = [p for p in names if HARVESTED not in p.name]
    if not marked or not plain:
        return ""
    return (
        f"{'、'.join(p.name for p in marked)} 是 harvest 收回审阅修改后生成的新工作簿，与原工作簿 "
        f"{'、'.join(p.name for p in plain)} 是同一份报告：核对无误后请用新工作簿替换原工作簿——"
        f"把原工作簿移出 {plain[0].parent}（另存别处），再生成报告。"
    )


def _write(outcome: Outcome, out_dir: Path, force: bool) -> Outcome:
    assert outcome.prepared is not None
    try:
        built = pipeline.write(outcome.prepared, out_dir, force=force)
    except GeneratorError as exc:
        return replace(
            outcome,
            findings=(*exc.findings, *outcome.findings),
            prepared=None,
            title=exc.title,
            exit_code=exc.exit_code,
        )
    return replace(outcome, prepared=None, report=built.output, pdf=built.pdf, notices=built.notices)


def run(
    paths: Sequence[Path],
    template: Path,
    *,
    out_dir: Path | None = None,
    build: bool = True,
    force: bool = False,
    pdf_program: str | None = None,
    jobs: int = 1,
    on_done: Callable[[Path], None] | None = None,
) -> list[Outcome]:
    """Check the workbooks at `paths` and, with `build`, write their reports to `out_dir`; one outcome each, in order.

    `jobs` worker processes check and render; `on_done` is called with each workbook as its worker
    finishes (in the order they finish). Reports are written by this process alone, in order. The
    manifest of `out_dir` names the workbook that wrote each report before (see `refuse_collisions`).
    """
    build = build and out_dir is not None
    previous = {}
    if out_dir:
        from generator.outputs import load_manifest

        previous = {name: e.workbook for name, e in load_manifest(out_dir).items()}
    outcomes = refuse_collisions(_run_all(paths, template, build, jobs, on_done), previous)
    if not build or out_dir is None:
        return outcomes
    written = mark_stale([_write(o, out_dir, force) if o.prepared is not None else o for o in outcomes], out_dir)
    if not pdf_program:
        return written
    # -- LibreOffice converts in processes of its own, each with a private profile: `jobs` at a time --
    import concurrent.futures as cf

    with cf.ThreadPoolExecutor(max_workers=max(jobs, 1)) as threads:
        return list(threads.map(lambda o: _export_pdf(o, pdf_program), written))


def _export_pdf(outcome: Outcome, pdf_program: str) -> Outcome:
    if outcome.report is None:
        return outcome
    try:
        pdf, notices = pipeline.export_pdf(outcome.report, pdf_program, notes=bool(outcome.warnings))
    except GeneratorError as exc:
        return replace(outcome, findings=(*exc.findings, *outcome.findings), title=exc.title, exit_code=exc.exit_code)
    return replace(outcome, pdf=pdf, notices=(*outcome.notices, *notices))


def mark_stale(outcomes: Sequence[Outcome], out_dir: Path) -> list[Outcome]:
    """Return `outcomes` with, for each that failed, the reports an earlier run wrote from it into `out_dir`.

    Such a report is left where it is (a reviewer may have edited it, so it is never removed), but it no
    longer matches the workbook: the outcome names it (`stale`) and says so in a notice. A report is the
    workbook's when the output folder's manifest records it as written from a workbook of that file name,
    or when it has the very name this workbook's report would take (two workbooks refused for a collision).
    """
    from generator.outputs import load_manifest

    if not any(o.status is Status.FAILED for o in outcomes):
        return list(outcomes)
    entries = load_manifest(out_dir)
    result = []
    for outcome in outcomes:
        if outcome.status is not Status.FAILED:
            result.append(outcome)
            continue
        names = {name for name, entry in entries.items() if entry.workbook == outcome.workbook.name}
        if outcome.name:
            names.add(outcome.name)
        stale = tuple(out_dir / name for name in sorted(names) if (out_dir / name).is_file())
        if not stale:
            result.append(outcome)
            continue
        notice = (
            f"输出文件夹中的 {'、'.join(p.name for p in stale)} 是上次生成的报告，这次没有重新生成，与 {outcome.workbook.name} "
            "现在的内容不符，已过期：改正上面的问题、重新生成之前，请不要使用或报送它。为免丢失审阅人在其中所做的修改，"
            "程序没有删除它。"
        )
        result.append(replace(outcome, stale=stale, notices=(*outcome.notices, notice)))
    return result


def failed(outcomes: Iterable[Outcome]) -> int:
    """Return how many of `outcomes` failed."""
    return sum(o.status is Status.FAILED for o in outcomes)


# -- the summary table -----------------------------------------------------------------------------

SUMMARY_COLUMNS = ("单位", "年度", "状态", "自评分", "等级", "错误数", "警告数", "报告")


def summary_row(outcome: Outcome) -> tuple[str, ...]:
    """Return the cells of one workbook's row in the summary table, as text."""
    return (
        outcome.unit or outcome.workbook.name,
        str(outcome.year) if outcome.year is not None else "",
        outcome.status.value,
        outcome.score,
        outcome.grade,
        str(len(outcome.errors)),
        str(len(outcome.warnings)),
        str(outcome.report) if outcome.report else "、".join(f"{p}（已过期）" for p in outcome.stale),
    )


def last_line(outcomes: Sequence[Outcome], *, built: bool) -> str:
    """Return the closing line of a batch: how many workbooks, how many failed."""
    bad = failed(outcomes)
    verb = "生成报告" if built else "通过检查"
    text = f"共 {len(outcomes)} 个工作簿：{len(outcomes) - bad} 个{verb}，{bad} 个失败"
    return text + ("。" if not bad else "，请按上面列出的问题逐个改正后重新运行。")


def as_decimal(text: str) -> Decimal | None:
    """Return a printed score as a number for the summary workbook; None when there is none."""
    return Decimal(text) if text else None


def json_number(text: str) -> int | float | None:
    """Return a printed score as a JSON number (`--json`): 96.5, 100; None when there is none.

    Python's `json` writes a float by its shortest repr, which for a score of at most a few digits and two
    decimals is exactly the printed text ("96.55" → 96.55): the number read back equals the Decimal.
    """
    number = as_decimal(text)
    if number is None:
        return None
    exact = int(number) if number == number.to_integral_value() else float(number)
    assert Decimal(repr(exact)) == number, text  # -- never a different figure than the report prints --
    return exact
