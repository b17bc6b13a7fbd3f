"""generator/provenance.py: every printed text and figure carries its cell as an invisible bookmark."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from generator import pipeline, provenance
from generator.aggregate import aggregate
from generator.figures import fmt as figures_of
from generator.models import Para
from tests import office
from tests.conftest import DEPT2, SAMPLE, TEMPLATE

WORKBOOKS = [pytest.param(SAMPLE, id="sample"), pytest.param(DEPT2, id="dept2")]


def _anchors(path: Path) -> dict[str, str]:
    return provenance.anchors(docx.Document(str(path)).element.body)


def _paras(workbook: Path) -> list[Para]:
    report = aggregate(pipeline.check(workbook, TEMPLATE))
    paras = [*report.duties, *report.problems, *report.measures]
    paras += [p for section in report.narrative.values() for p in section]
    paras += [p for section in report.work for p in section.paragraphs]
    return paras


@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_every_printed_paragraph_carries_its_cell(workbook: Path, tmp_path: Path) -> None:
    found = _anchors(pipeline.build(workbook, tmp_path, TEMPLATE).output)
    paras = _paras(workbook)
    assert paras
    for para in paras:
        assert para.loc is not None
        assert para.text in found[provenance.cell_name(para.loc)]


@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_every_figure_of_a_project_and_every_table_row_carries_its_cell(workbook: Path, tmp_path: Path) -> None:
    found = _anchors(pipeline.build(workbook, tmp_path, TEMPLATE).output)
    book = pipeline.check(workbook, TEMPLATE)
    report = aggregate(book)
    for project, line in zip(book.projects, report.projects, strict=True):
        text = found[provenance.cell_name(project.locs["项目名称"])]
        assert text.startswith(line.name, text.index(".") + 1)
        assert f"预算{line.budget}万元，共支出{line.spent}万元" in text
        assert found[provenance.cell_name(project.locs["预算数"])] == text
    for row in book.indicators:
        assert found[provenance.cell_name(row.locs["三级指标"])] == row.level3
        assert found[provenance.cell_name(row.locs["自评分"])] == figures_of(row.score)
    assert f"整体自评得分{report.total_score}分" in found["x_score"]
    assert found["x_grade_2"] == report.grade  # -- the first is in the sentence, the second the table's cell --


def test_a_paragraph_that_cites_a_figure_is_marked_with_its_own_cell(sample_report: Path) -> None:
    book = pipeline.check(SAMPLE, TEMPLATE)
    found = _anchors(sample_report)
    paragraph = next(p for p in book.narrative if "{{新增就业人数}}" in p.text.text)
    assert "全区新增就业人数311人" in found[provenance.cell_name(paragraph.text.loc)]


@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_bookmarks_are_well_formed(workbook: Path, tmp_path: Path) -> None:
    document = docx.Document(str(pipeline.build(workbook, tmp_path, TEMPLATE).output))
    body = document.element.body
    starts = list(body.iter(qn("w:bookmarkStart")))
    ends = {e.get(qn("w:id")) for e in body.iter(qn("w:bookmarkEnd"))}
    names = [s.get(qn("w:name")) for s in starts]
    ids = [s.get(qn("w:id")) for s in starts]
    assert len(starts) > 50
    assert len(set(names)) == len(names)
    assert len(set(ids)) == len(ids)
    assert set(ids) == ends
    for name in names:
        # -- Word: at most 40 characters, a letter first, letters, digits and underscores only --
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name), name


def test_no_marker_character_is_left_anywhere(sample_report: Path) -> None:
    with zipfile.ZipFile(sample_report) as package:
        for name in package.namelist():
            text = package.read(name).decode("utf-8", "replace")
            assert not re.search("[\ue000-\ue002]", text), name


def test_the_report_names_its_workbook_and_the_sheet_of_each_prefix(sample_report: Path) -> None:
    with zipfile.ZipFile(sample_report) as package:
        props = provenance.custom_properties(package.read("docProps/custom.xml"))
    assert props[provenance.PROPERTY_WORKBOOK] == SAMPLE.name
    assert "s03=正文" in props[provenance.PROPERTY_SHEETS].split(";")


def _without_bookmarks(source: Path, target: Path) -> Path:
    document = docx.Document(str(source))
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        for element in list(document.element.body.iter(qn(tag))):
            element.getparent().remove(element)
    document.save(str(target))
    return target


def test_anchors_are_invisible_in_the_rendered_report(sample_report: Path, tmp_path: Path) -> None:
    office.require("soffice", "pdftotext")
    plain = _without_bookmarks(sample_report, tmp_path / "plain.docx")
    marked = shutil.copyfile(sample_report, tmp_path / "marked.docx")
    assert len(list(docx.Document(str(marked)).element.body.iter(qn("w:bookmarkStart")))) > 50
    with_anchors = office.pdf_text(marked, tmp_path / "a")
    without = office.pdf_text(plain, tmp_path / "b")
    assert with_anchors == without
    assert "残疾人" in with_anchors


def test_anchors_survive_a_libreoffice_resave(sample_report: Path, tmp_path: Path) -> None:
    before = _anchors(sample_report)
    after = _anchors(office.resave(sample_report, tmp_path / "lo"))
    assert after == before
    with zipfile.ZipFile(tmp_path / "lo" / sample_report.name) as package:
        props = provenance.custom_properties(package.read("docProps/custom.xml"))
        parts = {n: package.read(n) for n in package.namelist() if n.startswith("customXml/item")}
    assert props[provenance.PROPERTY_WORKBOOK] == SAMPLE.name
    with zipfile.ZipFile(sample_report) as package:
        made = provenance.read_record({n: package.read(n) for n in package.namelist() if n.startswith("customXml/")})
    kept = provenance.read_record(parts)  # -- what each cell printed: kept, value for value --
    assert made is not None
    assert kept == made
    assert (made.unit, made.year, made.workbook) == ("广州市白云区残疾人联合会", "2022", SAMPLE.name)
    assert made.values["正文!B10"] == "完成残疾学生教育资助{{残疾学生教育资助人数}}{{残疾学生教育资助金额}}。"
    assert made.values["统计数据!B3"] == "859"
    assert len(made.values) > 200


def test_bookmark_elements_are_made_as_python_docx_makes_them() -> None:
    from docx.oxml import OxmlElement
    from lxml import etree

    from generator import provenance, wml

    for tag, name in ((wml.BOOKMARK_START, "w:bookmarkStart"), (wml.BOOKMARK_END, "w:bookmarkEnd")):
        ours, theirs = provenance._element(tag), OxmlElement(name)
        assert type(ours) is type(theirs)
        assert etree.tostring(ours) == etree.tostring(theirs)
        assert ours.nsmap == theirs.nsmap
