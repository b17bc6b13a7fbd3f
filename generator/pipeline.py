"""Build reports: read → validate → aggregate → render → write, one workbook at a time."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from generator import names, oserrors, resources, template_check, template_eval, template_parts
from generator.errors import Finding, GeneratorError, Location, UsageError
from generator.models import ReportData, Workbook
from generator.read import OTHER_FORMAT_SUFFIXES, WORKBOOK_SUFFIXES, read_workbook
from generator.schema import SHEETS
from generator.template_parts import TemplateXml
from generator.validate import collect, sections

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

# -- what only a build needs (aggregate, render, comments, write, outputs, pdf) is imported in the functions
#    that build, so that `check` does without python-docx and docxtpl --

DEFAULT_TEMPLATE = resources.default_template()
"""`templates/report.docx` of the working folder if there is one, else the template shipped with the package."""


@dataclass(frozen=True)
class Built:
    """A report written: where from, where to, and the warnings found on the way."""

    workbook: Path
    output: Path
    warnings: tuple[Finding, ...]
    notices: tuple[str, ...] = ()
    """Chinese sentences for the user, such as where the report went because a reviewer edited the old one."""
    pdf: Path | None = None


def find_workbooks(paths: list[Path]) -> list[Path]:
    """Return the workbooks named by `paths`: files as given, folders expanded to their workbooks.

    A folder's spreadsheets of another format (.xls, .ods, .et, .csv …) are returned too, so that reading
    them says what to do (`unsupported_format`) instead of leaving them out silently; Excel's lock files
    (`~$…`) and hidden files are left out.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in (*WORKBOOK_SUFFIXES, *OTHER_FORMAT_SUFFIXES)
                and not p.name.startswith(("~$", "."))
            )
            if not inside:
                raise UsageError(
                    f"文件夹 {path} 中没有工作簿",
                    [
                        Finding(
                            "no_workbooks",
                            "文件夹中没有 .xlsx 工作簿。请把填好的工作簿放进这个文件夹。",
                            Location(file=str(path)),
                        )
                    ],
                )
            found += inside
        else:
            found.append(path)
    return found


def output_name(report: ReportData) -> str:
    """Return the file name of a report: {年度}_{单位名称}_部门整体支出绩效自评报告.docx."""
    return f"{report.year}_{names.file_unit(report.unit_name)}_部门整体支出绩效自评报告.docx"


def _require_template(template: Path) -> None:
    if not template.is_file():
        raise UsageError(
            f"找不到模板 {template}",
            [
                Finding(
                    "template_missing",
                    "模板文件不存在。请检查 --template 参数，或从版本库恢复 templates/report.docx。",
                    Location(file=str(template)),
                )
            ],
        )


def check(
    path: Path, template: Path = DEFAULT_TEMPLATE, *, read_template: Callable[[Path], TemplateXml] | None = None
) -> Workbook:
    """Return the validated records of the workbook at `path`, its warnings in `Workbook.warnings`.

    The workbook and the template are checked together (the template must print only sections the
    workbook has); one `GeneratorError` lists every error of both. `read_template` reads the template
    for its check (by default with lxml alone, see `template_check.inspect`).
    """
    _require_template(template)
    raw = read_workbook(path)
    use = template_check.inspect(template, read_template)
    book, findings = collect(raw, [name for name in SHEETS if use.uses_sheet(name)])
    findings = [
        *findings,
        *use.findings,
        *template_check.workbook_findings(use, raw, findings),
        *template_check.section_findings(use, sections(raw), raw.path),
    ]
    if book is None or any(f.is_error for f in findings):
        raise GeneratorError(_title(path, template, findings), findings)
    # -- the data is valid: now the tags that fail only with real values ({{ 全年预算数 / 0 }}, {{ 年度|中文日期 }}) --
    rendered = template_eval.findings(use.skeleton, _context(book), str(template))
    if rendered:
        raise GeneratorError(_title(path, template, rendered), [*findings, *rendered])
    return replace(book, warnings=tuple(f for f in findings if not f.is_error))


def _context(book: Workbook) -> dict[str, object]:
    """Return the names a template is rendered with for `book` (as `render.render` gives them)."""
    from generator.aggregate import aggregate
    from generator.render import context

    return context(aggregate(book))


def _title(path: Path, template: Path, findings: list[Finding]) -> str:
    """Return the title of a failed check: the template's when every error is the template's, else the workbook's."""
    if all(f.loc.file == str(template) for f in findings if f.is_error):
        return f"模板 {template} 有问题，未生成 {path.name} 的报告"
    return f"{path} 有问题，未生成报告"


@dataclass(frozen=True)
class Prepared:
    """A report made in memory, not yet written: its data, its file name and its bytes."""

    workbook: Path
    book: Workbook
    report: ReportData
    name: str
    data: bytes


def _opened_parts(opened: DocxTemplate, template: Path) -> TemplateXml:
    return template_parts.from_document(opened.docx)


P = ParamSpec("P")
T = TypeVar("T")


def _without_gc(function: Callable[P, T]) -> Callable[P, T]:
    """Run `function` with Python's cyclic garbage collector paused, as it was before afterwards.

    A build makes many objects that live until it ends (cells, records, XML elements): each full
    collection walks them all again, a quarter of a build of 5,000 rows. Its few cycles are collected
    after it, at the collector's next turn.
    """

    @wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> T:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_without_gc
def prepare(path: Path, template: Path = DEFAULT_TEMPLATE) -> Prepared:
    """Return the report of the workbook at `path` as bytes; nothing is written. Raise `GeneratorError` on errors."""
    from generator import comments, provenance, table_layout, typeset, units
    from generator.aggregate import aggregate
    from generator.render import mend_sentences, open_template, render
    from generator.write import set_properties, to_bytes

    # -- the template is parsed once: the document docxtpl renders is the one the template check reads --
    opened = open_template(template)
    book = check(path, template, read_template=partial(_opened_parts, opened) if opened is not None else None)
    report = aggregate(book)
    marked, _ = provenance.mark(book, report)
    document = render(marked, template, opened)
    provenance.anchor(document, book)
    mend_sentences(document)  # -- anchoring puts the workbook's texts back: their 。 before a "，" goes again --
    comments.annotate(document, book, report, book.warnings)
    units.apply(document)  # -- before typeset, whose East Asian hints split a figure's run and keep its style --
    typeset.apply(document, report)
    table_layout.apply(document)
    set_properties(
        document,
        title=f"{report.unit_name}{report.year}年部门整体支出绩效自评报告",
        author=report.unit_name,
        date=report.report_date,
    )
    return Prepared(path, book, report, output_name(report), to_bytes(document))


def write(prepared: Prepared, out_dir: Path, *, force: bool = False, pdf_program: str | None = None) -> Built:
    """Write a prepared report into `out_dir`, keeping a reviewer's edits (see `outputs.py`); PDF too when asked."""
    from generator.outputs import write_output

    output = out_dir / prepared.name
    try:
        written = write_output(output, prepared.data, workbook=prepared.workbook, force=force)
    except OSError as exc:
        raise UsageError(
            f"无法写入 {output}",
            [
                Finding(
                    "output_not_writable",
                    f"无法写入输出文件（{oserrors.describe(exc)}）。请检查输出文件夹是否存在、"
                    "是否有写入权限，以及报告是否正在 Word 中打开。",
                    Location(file=str(output)),
                )
            ],
        ) from exc
    notices = [written.notice] if written.notice else []
    pdf_path = None
    if pdf_program:
        pdf_path, more = export_pdf(written.path, pdf_program, notes=bool(prepared.report.warnings))
        notices += more
    return Built(prepared.workbook, written.path, prepared.report.warnings, tuple(notices), pdf_path)


def export_pdf(report: Path, pdf_program: str, *, notes: bool = False) -> tuple[Path, tuple[str, ...]]:
    """Write the PDF beside the written `report` with LibreOffice; return it and the notices about it.

    With `notes` (the report has warnings) the PDF shows each comment: a copy for review.
    """
    from generator.pdf import convert, pdf_notices

    pdf_path = convert(report, report.with_suffix(".pdf"), pdf_program, notes=notes)
    return pdf_path, tuple(pdf_notices(report))


def build(
    path: Path, out_dir: Path, template: Path = DEFAULT_TEMPLATE, *, force: bool = False, pdf: bool = False
) -> Built:
    """Build the report of the workbook at `path` into `out_dir`; nothing is written on error.

    A report a reviewer edited since the last build is kept: the new one goes beside it, or with `force`
    the edited one is first kept in `备份/` (see `outputs.py`). With `pdf`, LibreOffice also writes a PDF.
    """
    from generator.pdf import require_soffice

    program = require_soffice() if pdf else None
    return write(prepare(path, template), out_dir, force=force, pdf_program=program)
