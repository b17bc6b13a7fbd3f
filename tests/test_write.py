"""generator/write.py: valid XML (openxml-audit), reproducible bytes, properties from the workbook, atomic writes."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from openxml_audit import OpenXmlValidator
from openxml_audit.errors import FileFormat

from generator import pipeline, write
from generator.aggregate import aggregate
from generator.errors import UsageError
from tests.conftest import DEPT2, SAMPLE, TEMPLATE

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


WORKBOOKS = [pytest.param(SAMPLE, id="sample"), pytest.param(DEPT2, id="dept2")]
"""The sample and the second, made-up department."""


def build(workbook: Path, folder: Path) -> Path:
    return pipeline.build(workbook, folder, TEMPLATE).output


# -- valid everywhere ------------------------------------------------------------------------------------


def audit(path: Path) -> list[str]:
    """Every finding of openxml-audit (the Open XML SDK validator port), Word app-compat rules included."""
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=0, strict=True).validate(str(path))
    return [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]


@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_generated_report_passes_openxml_audit(workbook: Path, tmp_path: Path) -> None:
    assert audit(build(workbook, tmp_path)) == []


def test_template_passes_openxml_audit() -> None:
    assert audit(TEMPLATE) == []


# -- tidy: docxtpl's {% vm %} appends w:vMerge after w:vAlign --------------------------------------------


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        ("<w:tcW/><w:vAlign/><w:vMerge/>", ["tcW", "vMerge", "vAlign"]),
        ("<w:vAlign/><w:gridSpan/><w:tcW/>", ["tcW", "gridSpan", "vAlign"]),
        ("<w:tcW/><w:gridSpan/><w:vMerge/><w:vAlign/>", ["tcW", "gridSpan", "vMerge", "vAlign"]),
    ],
)
def test_tidy_puts_cell_properties_in_schema_order(children: str, expected: list[str]) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    tc_pr = table.cell(0, 0)._tc.get_or_add_tcPr()
    for child in list(tc_pr):
        tc_pr.remove(child)
    for child in parse_xml(f"<w:x {W}>{children}</w:x>"):
        tc_pr.append(child)
    write.tidy(document)
    assert [child.tag.split("}")[1] for child in tc_pr] == expected


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        ("<w:tblHeader/><w:cantSplit/>", ["cantSplit", "tblHeader"]),
        ("<w:cantSplit/><w:tblHeader/>", ["cantSplit", "tblHeader"]),
    ],
)
def test_tidy_puts_row_properties_in_schema_order(children: str, expected: list[str]) -> None:
    document = docx.Document()
    tr_pr = document.add_table(rows=1, cols=1).rows[0]._tr.get_or_add_trPr()
    for child in parse_xml(f"<w:x {W}>{children}</w:x>"):
        tr_pr.append(child)
    write.tidy(document)
    assert [child.tag.split("}")[1] for child in tr_pr] == expected


# -- reproducible ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_same_workbook_and_template_give_the_same_bytes(workbook: Path, tmp_path: Path) -> None:
    first = build(workbook, tmp_path / "first").read_bytes()
    second = build(workbook, tmp_path / "second").read_bytes()
    assert first == second


@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_zip_members_carry_the_fixed_timestamp(workbook: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(build(workbook, tmp_path)) as package:
        assert {member.date_time for member in package.infolist()} == {write.ZIP_TIME}


@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_document_properties_come_from_the_workbook(workbook: Path, tmp_path: Path) -> None:
    report = aggregate(pipeline.check(workbook))
    props = docx.Document(str(build(workbook, tmp_path))).core_properties
    date = report.report_date
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    assert (props.title, props.author, props.last_modified_by) == (
        f"{report.unit_name}{report.year}年部门整体支出绩效自评报告",
        report.unit_name,
        report.unit_name,
    )
    assert (props.created, props.modified, props.last_printed, props.revision) == (stamp, stamp, stamp, 1)


@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_no_part_carries_todays_date(workbook: Path, tmp_path: Path) -> None:
    report = aggregate(pipeline.check(workbook))
    today = dt.date.today()
    if report.report_date == today:
        pytest.skip("报告日期恰好是今天，无法区分")
    with zipfile.ZipFile(build(workbook, tmp_path)) as package:
        stamped = [name for name in package.namelist() if today.isoformat().encode() in package.read(name)]
    assert stamped == []


def test_to_bytes_is_a_valid_package_without_time_dependent_parts() -> None:
    data = write.to_bytes(docx.Document(str(TEMPLATE)))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        names = package.namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert "word/stylesWithEffects.xml" not in names


# -- atomic writes -----------------------------------------------------------------------------------------


def fail_replace(src: object, dst: object) -> None:
    raise OSError(28, "No space left on device")


def fail_fsync(fd: int) -> None:
    raise OSError(5, "Input/output error")


@pytest.mark.parametrize(
    ("name", "failing"),
    [("replace", fail_replace), ("fsync", fail_fsync)],
)
def test_a_failed_write_leaves_the_previous_file_and_no_temporary_file(
    name: str, failing: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "报告.docx"
    path.write_bytes(b"previous")
    monkeypatch.setattr(os, name, failing)
    with pytest.raises(OSError):  # noqa: PT011 -- whichever OSError the system raised
        write.write_atomic(path, b"new bytes")
    monkeypatch.undo()
    assert path.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]


def test_a_failed_build_leaves_the_previous_report_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = build(DEPT2, tmp_path)
    before = output.read_bytes()
    monkeypatch.setattr(os, "replace", fail_replace)
    with pytest.raises(UsageError) as raised:
        pipeline.build(DEPT2, tmp_path, TEMPLATE)
    monkeypatch.undo()
    assert [f.code for f in raised.value.findings] == ["output_not_writable"]
    assert output.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".manifest.json", ".manifest.lock", output.name]


def test_a_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    path = tmp_path / "new.docx"
    write.write_atomic(path, b"x")
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "shared.docx"
    path.write_bytes(b"old")
    path.chmod(0o664)
    write.write_atomic(path, b"new")
    assert (path.read_bytes(), path.stat().st_mode & 0o777) == (b"new", 0o664)


# -- zipped once -------------------------------------------------------------------------------------------


def _saved_and_restamped(document: docx.document.Document) -> bytes:
    """The bytes python-docx's own `save` gives, each member then restamped with the fixed time (the old way)."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=write.ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_zipping_once_gives_the_bytes_of_saving_then_restamping(workbook: Path) -> None:
    from generator import comments
    from generator.render import render

    book = pipeline.check(workbook)
    report = aggregate(book)
    document = render(report, TEMPLATE)
    comments.annotate(document, book, report, book.warnings)
    once = write.to_bytes(document)
    assert once == _saved_and_restamped(document)
