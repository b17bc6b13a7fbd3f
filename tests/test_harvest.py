"""generator/harvest.py: a reviewer's edits of the report come back into a new workbook, and a rebuild prints them."""

from __future__ import annotations

import copy
import hashlib
import re
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from generator import harvest, pipeline, provenance
from generator.cli import main
from generator.render import NUMBERED_STYLES
from tests import office
from tests.conftest import DEPT2, SAMPLE, TEMPLATE

LABEL = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.|（\d+）)")


def _find(document: docx.document.Document, needle: str) -> object:
    return next(p for p in document.element.body.iter(qn("w:p")) if needle in provenance.paragraph_text(p))


def _replace(paragraph: object, old: str, new: str) -> None:
    """Type `new` over `old`, wherever the runs (LibreOffice splits them differently) put its characters.

    The word joiners inside a figure (generator/units.py) are invisible: a reviewer types over the characters
    around them, and those the edit does not reach stay."""
    ts = list(paragraph.iter(qn("w:t")))  # type: ignore[attr-defined]
    chars = [(t, i) for t in ts for i, ch in enumerate(t.text or "") if ch != "\u2060"]
    start = "".join((t.text or "")[i] for t, i in chars).index(old)
    first = chars[start]
    doomed: dict[object, list[int]] = {}
    for t, i in chars[start : start + len(old)]:
        doomed.setdefault(t, []).append(i)
    for t, indexes in doomed.items():
        text = t.text or ""  # type: ignore[attr-defined]
        for i in sorted(indexes, reverse=True):
            text = text[:i] + (new if (t, i) == first else "") + text[i + 1 :]
        t.text = text  # type: ignore[attr-defined]


def review(source: Path, target: Path) -> None:
    """Edit the report as a reviewer would, in python-docx."""
    document = docx.Document(str(source))
    _replace(_find(document, "会本级内设机构1个"), "办公室。", "办公室（综合科）。")  # -- a narrative sentence --
    _replace(_find(document, "上级残联交办的其他事项"), "其他事项", "其他工作事项")  # -- a duty --
    _replace(_find(document, "在“示范带头”上聚焦用力"), "聚焦用力", "聚力用劲")  # -- a sub-section title --
    _replace(_find(document, "全区新增就业人数311人"), "311人", "312人")  # -- a figure a placeholder printed --
    _replace(_find(document, "残疾人证换证专项经费，预算"), "预算9万元", "预算9.5万元")  # -- a project's amount --
    _replace(_find(document, "重度残疾人托养经费"), "执行率为99.8%", "执行率为99.9%")  # -- a computed figure --
    problem = _find(document, "部分绩效指标分解及设置不细致")  # -- a problem deleted --
    problem.getparent().remove(problem)  # type: ignore[attr-defined]
    measure = _find(document, "进一步加强部门预算项目支出绩效评价工作")  # -- a paragraph added after a measure --
    added = copy.deepcopy(measure)
    for run in list(added.iter(qn("w:r")))[1:]:  # type: ignore[attr-defined]
        run.getparent().remove(run)
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        for mark in list(added.iter(qn(tag))):  # type: ignore[attr-defined]
            mark.getparent().remove(mark)
    next(added.iter(qn("w:t"))).text = "加强绩效结果运用，把自评结果与下年度预算安排挂钩。"  # type: ignore[attr-defined]
    measure.addnext(added)  # type: ignore[attr-defined]
    paragraph = next(
        p for p in document.paragraphs if "组织实施83户" in provenance.paragraph_text(p._p)
    )  # -- a comment --
    document.add_comment(paragraph.runs, text="请核实户数。", author="张审阅", initials="张")
    document.save(str(target))


def texts(path: Path) -> list[str]:
    """The report's paragraphs as a reader sees them, numbering labels left out (a rebuild renumbers)."""
    document = docx.Document(str(path))
    out = []
    for paragraph in document.element.body.iter(qn("w:p")):
        cell = next(paragraph.iterancestors(qn("w:tc")), None)
        if cell is not None and provenance._continued(cell):
            continue
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = document.styles.element.get_by_id(style.get(qn("w:val"))).name_val if style is not None else ""
        text = provenance.paragraph_text(paragraph)
        # -- LibreOffice writes Word's built-in names in lower case (heading 1) --
        numbered = str(name).lower() in {n.lower() for n in NUMBERED_STYLES}
        out.append(LABEL.sub("", text) if numbered else text)
    return out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copyfile(SAMPLE, tmp_path / SAMPLE.name)
    return tmp_path


def _round_trip(folder: Path, resave: bool) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    source = office.resave(built, folder / "lo") if resave else built
    reviewed = folder / "审阅后的报告.docx"
    review(source, reviewed)
    before = hashlib.sha256(reviewed.read_bytes()).hexdigest()
    original = hashlib.sha256((folder / SAMPLE.name).read_bytes()).hexdigest()

    result = harvest.harvest(reviewed, folder / SAMPLE.name, TEMPLATE)

    assert hashlib.sha256(reviewed.read_bytes()).hexdigest() == before  # -- the report is only read --
    assert hashlib.sha256((folder / SAMPLE.name).read_bytes()).hexdigest() == original
    assert result.output == folder / f"{SAMPLE.stem}（含审阅修改）.xlsx"
    unapplied = [(c.kind, c.before, c.after) for c in result.unapplied]
    assert unapplied == [("计算所得", "99.8%", "99.9%")]
    kinds = sorted(c.kind for c in result.changes)
    assert kinds.count("删除段落") == 1
    assert kinds.count("新增段落") == 1
    assert [c.after for c in result.changes if c.kind == "审阅批注"] == ["请核实户数。"]

    book = openpyxl.load_workbook(result.output)
    assert book["统计数据"]["B2"].value == 312
    assert "{{新增就业人数}}" in str(book["正文"]["B12"].value)
    assert book["统计数据"]["B2"].fill.fgColor.rgb.endswith("FFFF00")
    assert "原为" in book["统计数据"]["B2"].comment.text
    assert book[harvest.CHANGES_SHEET].max_row == len(result.changes) + 1

    rebuilt = pipeline.build(result.output, folder / "rebuilt", TEMPLATE).output
    wanted, got = texts(reviewed), texts(rebuilt)
    assert len(wanted) == len(got)
    differ = [(w, g) for w, g in zip(wanted, got, strict=True) if w != g]
    # -- the only differences are computed figures harvest listed: the rate it could not apply, and the rate
    # of the project whose budget changed --
    computed = [c.where for c in result.changes if c.kind == "计算所得"]
    assert sorted(computed) == ["重点项目“残疾人证换证专项经费”的执行率", "重点项目“重度残疾人托养经费”的执行率"]
    assert len(differ) == 2
    for wanted_text, got_text in differ:
        name = wanted_text.split("，")[0]
        assert any(name in where for where in computed)
        rate = re.compile(r"执行率为[\d.]+%")
        assert rate.sub("", wanted_text) == rate.sub("", got_text)


def test_a_reviewed_report_round_trips_through_the_workbook(folder: Path) -> None:
    _round_trip(folder, resave=False)


def test_a_report_resaved_by_libreoffice_round_trips_too(folder: Path) -> None:
    office.require("soffice")
    _round_trip(folder, resave=True)


def test_an_unedited_report_has_nothing_to_harvest(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    result = CliRunner().invoke(main, ["harvest", str(built), "--workbook", str(folder / SAMPLE.name)])
    assert result.exit_code == 0, result.output
    assert "没有需要收回的修改" in result.output
    assert not list(folder.glob("*含审阅修改*"))


def test_harvest_finds_the_workbook_from_the_report(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    reviewed = folder / "out" / "审阅.docx"
    review(built, reviewed)
    result = CliRunner().invoke(main, ["harvest", str(reviewed)])
    assert result.exit_code == 1, result.output
    assert "计算所得" in result.output
    assert "含审阅修改" in result.output
    assert (folder / f"{SAMPLE.stem}（含审阅修改）.xlsx").is_file()  # -- beside the workbook it found --


def test_a_missing_workbook_is_a_located_message(tmp_path: Path, sample_report: Path) -> None:
    result = CliRunner().invoke(main, ["harvest", str(sample_report), "--workbook", str(tmp_path / "无.xlsx")])
    assert result.exit_code == 2  # -- a usage error, as for build --
    assert "找不到工作簿" in result.output


def _split(paragraph: object, at: str) -> None:
    """Press Enter before `at`: the rest of the paragraph goes to a new paragraph of the same style."""
    new = copy.deepcopy(paragraph)
    for mark in [*new.iter(qn("w:bookmarkStart")), *new.iter(qn("w:bookmarkEnd"))]:  # type: ignore[attr-defined]
        mark.getparent().remove(mark)
    text = provenance.paragraph_text(paragraph)
    cut = text.index(at)
    _replace(paragraph, text[cut:], "")
    _replace(new, text[:cut], "")
    paragraph.addnext(new)  # type: ignore[attr-defined]


def _join(first: object, second: object) -> None:
    """Delete the paragraph mark between `first` and `second`: the second's content moves into the first."""
    for child in list(second):  # type: ignore[call-overload]
        if child.tag != qn("w:pPr"):
            first.append(child)  # type: ignore[attr-defined]
    second.getparent().remove(second)  # type: ignore[attr-defined]


def test_split_joined_and_uncommented_paragraphs_keep_their_anchors_and_round_trip(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    document = docx.Document(str(built))
    names = set(provenance.anchored(document.element.body))
    _split(_find(document, "下属事业单位2个"), "根据《中共广州市白云区")
    _join(_find(document, "完成残疾人康复资助1581人次"), _find(document, "资助76名残疾人参加职工养老保险"))
    for tag in ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference"):  # -- the warnings deleted --
        for element in list(document.element.body.iter(qn(tag))):
            element.getparent().remove(element)
    reviewed = folder / "审阅后的报告.docx"
    document.save(str(reviewed))
    assert set(provenance.anchored(docx.Document(str(reviewed)).element.body)) == names

    result = harvest.harvest(reviewed, folder / SAMPLE.name, TEMPLATE)

    assert result.unapplied == ()
    assert sorted(c.kind for c in result.changes) == ["修改", "修改", "删除段落", "新增段落"]
    rebuilt = pipeline.build(result.output, folder / "rebuilt", TEMPLATE).output
    assert texts(rebuilt) == texts(reviewed)


def test_harvesting_again_never_overwrites_the_earlier_harvested_workbook(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    reviewed = folder / "out" / "审阅.docx"
    review(built, reviewed)
    first = harvest.harvest(reviewed, folder / SAMPLE.name, TEMPLATE).output
    assert first == folder / f"{SAMPLE.stem}（含审阅修改）.xlsx"
    first.write_bytes(b"the clerk's work")  # -- the clerk went on working in it --

    result = CliRunner().invoke(main, ["harvest", str(reviewed), "--workbook", str(folder / SAMPLE.name)])

    second = folder / f"{SAMPLE.stem}（含审阅修改2）.xlsx"
    assert first.read_bytes() == b"the clerk's work"
    assert openpyxl.load_workbook(second)[harvest.CHANGES_SHEET].max_row > 1
    assert f"已有 {first.name}" in result.output
    assert second.name in result.output
    assert not list(folder.glob(".*.tmp"))


def _unit_name_prints(document: docx.document.Document) -> list[object]:
    name = openpyxl.load_workbook(SAMPLE)["基本信息"]["B2"].value
    return [p for p in document.element.body.iter(qn("w:p")) if name in provenance.paragraph_text(p)]


def test_a_field_printed_in_several_places_edited_in_one_is_not_applied(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    document = docx.Document(str(built))
    name = openpyxl.load_workbook(SAMPLE)["基本信息"]["B2"].value
    signature = _unit_name_prints(document)[-1]  # -- the 落款 line only --
    _replace(signature, name, "广州市白云区残联")
    reviewed = folder / "审阅.docx"
    document.save(str(reviewed))

    result = CliRunner().invoke(main, ["harvest", str(reviewed), "--workbook", str(folder / SAMPLE.name)])

    assert result.exit_code == 1, result.output
    assert "多处印出" in result.output
    assert "基本信息!B2" in result.output
    assert "报告文件名" in result.output
    assert not list(folder.glob("*含审阅修改*"))  # -- nothing else to apply: no new workbook --


def test_a_field_edited_alike_in_every_place_it_is_printed_is_applied(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    document = docx.Document(str(built))
    name = openpyxl.load_workbook(SAMPLE)["基本信息"]["B2"].value
    prints = _unit_name_prints(document)
    assert len(prints) >= 2
    for paragraph in prints:
        _replace(paragraph, name, "广州市白云区残联")
    reviewed = folder / "审阅.docx"
    document.save(str(reviewed))

    result = harvest.harvest(reviewed, folder / SAMPLE.name, TEMPLATE)

    assert result.unapplied == ()
    assert result.output is not None
    assert openpyxl.load_workbook(result.output)["基本信息"]["B2"].value == "广州市白云区残联"


def test_an_edited_score_names_the_cells_that_must_change_with_it(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    document = docx.Document(str(built))
    score = next(p for p in document.element.body.iter(qn("w:bookmarkStart")) if p.get(qn("w:name")) == "s08_E16")
    paragraph = score.getparent()
    assert provenance.paragraph_text(paragraph) == "4"
    _replace(paragraph, "4", "3.5")
    reviewed = folder / "审阅.docx"
    document.save(str(reviewed))

    result = CliRunner().invoke(main, ["harvest", str(reviewed), "--workbook", str(folder / SAMPLE.name)])

    assert result.exit_code == 1, result.output
    output = folder / f"{SAMPLE.stem}（含审阅修改）.xlsx"
    assert openpyxl.load_workbook(output)["评分明细"]["E16"].value == 3.5
    with pytest.raises(pipeline.GeneratorError) as failed:  # -- the new workbook's check stays honest --
        pipeline.check(output, TEMPLATE)
    cells = {f"{f.loc.sheet}!{f.loc.cell}" for f in failed.value.findings if f.is_error}
    assert cells
    for cell in cells:  # -- and harvest named every cell check now reports --
        assert cell in result.output
    assert "须一并修改" in result.output
    assert "将随之改变" in result.output  # -- the 一级指标 score computed from E16 --


def test_a_harvested_workbook_beside_its_original_is_recognised_by_the_build(folder: Path) -> None:
    shutil.copyfile(folder / SAMPLE.name, harvest.output_name(folder / SAMPLE.name))

    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "out"), "--template", str(TEMPLATE)])

    assert result.exit_code == 1, result.output
    assert "report_collision" in result.output or "同名" in result.output
    assert "用新工作簿替换原工作簿" in result.output
    assert f"把原工作簿移出 {folder}" in result.output
    assert not (folder / "out").exists() or not list((folder / "out").glob("*.docx"))


def test_excerpts_show_where_a_long_text_differs() -> None:
    before = "甲" * 60 + "办公室。"
    old, new = harvest.excerpts(before, before.replace("办公室。", "办公室（综合科）。"))
    assert old != new
    assert old.endswith("办公室。")
    assert new.endswith("办公室（综合科）。")
    assert old.startswith("…")
    assert len(old) <= 40
    assert len(new) <= 40
    assert harvest.excerpts("短", "长") == ("短", "长")


def test_the_table_shows_an_edit_near_the_end_of_a_long_paragraph(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    document = docx.Document(str(built))
    paragraph = _find(document, "下属事业单位2个")
    assert len(provenance.paragraph_text(paragraph)) > 100
    _replace(paragraph, "就业服务所。", "就业服务中心。")
    reviewed = folder / "审阅.docx"
    document.save(str(reviewed))

    result = CliRunner().invoke(main, ["harvest", str(reviewed), "--workbook", str(folder / SAMPLE.name)])

    assert result.exit_code == 0, result.output
    assert "就业服务所。" in result.output
    assert "就业服务中心。" in result.output


def test_a_harvested_workbook_harvested_again_is_numbered_not_marked_twice(folder: Path) -> None:
    harvested = harvest.output_name(folder / SAMPLE.name)
    shutil.move(folder / SAMPLE.name, harvested)  # -- the clerk replaced the workbook with the harvested one --
    built = pipeline.build(harvested, folder / "out", TEMPLATE).output
    document = docx.Document(str(built))
    _replace(_find(document, "下属事业单位2个"), "就业服务所。", "就业服务中心。")
    reviewed = folder / "审阅.docx"
    document.save(str(reviewed))

    result = CliRunner().invoke(main, ["harvest", str(reviewed), "--workbook", str(harvested)])

    assert result.exit_code == 0, result.output
    second = folder / f"{SAMPLE.stem}（含审阅修改2）.xlsx"
    assert second.is_file()
    assert sorted(p.name for p in folder.glob("*.xlsx")) == sorted([harvested.name, second.name])
    assert harvest.output_name(second, 3) == folder / f"{SAMPLE.stem}（含审阅修改3）.xlsx"


def test_without_hard_links_the_harvested_workbook_still_never_overwrites(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(_src: object, _dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(harvest.os, "link", no_links)
    first = harvest.output_name(folder / SAMPLE.name)
    first.write_bytes(b"the clerk's work")
    output, kept = harvest._save_new(folder / SAMPLE.name, b"new")
    assert (output, kept) == (harvest.output_name(folder / SAMPLE.name, 2), (first,))
    assert output.read_bytes() == b"new"
    assert first.read_bytes() == b"the clerk's work"
    assert not list(folder.glob(".*.tmp"))


def test_an_unwritable_folder_is_a_located_message(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(harvest.tempfile, "mkstemp", refused)
    with pytest.raises(harvest.UsageError) as failed:
        harvest._save_new(folder / SAMPLE.name, b"new")
    message = failed.value.findings[0].msg
    assert f"无法在 {folder} 写入新工作簿（没有访问权限）" in message
    assert "Permission" not in message
    assert not list(folder.glob("*含审阅修改*"))


def test_an_edited_cited_figure_goes_to_its_statistic_and_the_text_keeps_its_reference(folder: Path) -> None:
    # -- 残疾学生教育资助人数 is cited as {{…}} (859人) in 正文 and as {{….数值}} (859名) in 重点工作 --
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    document = docx.Document(str(built))
    _replace(_find(document, "完成残疾学生教育资助"), "859人", "860人")
    _replace(_find(document, "落实2022年859名"), "859名", "860名")
    reviewed = folder / "审阅.docx"
    document.save(str(reviewed))

    result = harvest.harvest(reviewed, folder / SAMPLE.name, TEMPLATE)

    assert result.unapplied == ()
    assert [(c.kind, c.where) for c in result.changes] == [("修改", "统计数据!B3")]
    book = openpyxl.load_workbook(result.output)
    assert book["统计数据"]["B3"].value == 860
    assert book["正文"]["B10"].value == "完成残疾学生教育资助{{残疾学生教育资助人数}}{{残疾学生教育资助金额}}。"
    assert "{{残疾学生教育资助人数.数值}}名" in book["重点工作"]["B15"].value
    rebuilt = pipeline.build(result.output, folder / "rebuilt", TEMPLATE).output
    assert texts(rebuilt) == texts(reviewed)


def test_words_added_beside_a_computed_figure_are_listed_with_their_exact_text(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    document = docx.Document(str(built))
    _replace(_find(document, "残疾人证换证专项经费，预算"), "执行率为91.89%", "执行率为91.89%，主要用于换证工本费")
    reviewed = folder / "审阅.docx"
    document.save(str(reviewed))

    result = CliRunner().invoke(main, ["harvest", str(reviewed), "--workbook", str(folder / SAMPLE.name)])

    assert result.exit_code == 1, result.output
    assert "计算所得" not in result.output  # -- the rate was not edited: it stays computed --
    assert "新增文字" in result.output
    assert "“，主要用于换证工本费”" in result.output  # -- the exact words, to add by hand --
    assert "重点项目!A8" in result.output
    assert not list(folder.glob("*含审阅修改*"))


@pytest.mark.parametrize("resave", [False, True], ids=["word", "libreoffice"])
def test_what_the_clerk_changed_in_the_workbook_since_the_report_is_never_reverted(folder: Path, resave: bool) -> None:
    workbook = folder / SAMPLE.name
    built = pipeline.build(workbook, folder / "out", TEMPLATE).output
    if resave:  # -- the record of what was printed survives a LibreOffice re-save --
        office.require("soffice")
        built = office.resave(built, folder / "lo")
    book = openpyxl.load_workbook(workbook)  # -- the clerk goes on working in the workbook --
    measure = book["改进措施"]["A3"].value
    book["正文"]["B3"] = "会本级内设机构1个：办公室（综合科）。"
    book["重点项目"]["D8"] = 8.5
    book["存在问题"]["A2"] = book["存在问题"]["A2"].value + "（已整改）"
    book.save(workbook)
    document = docx.Document(str(built))  # -- the reviewer edits the report as it was generated --
    _replace(_find(document, "会本级内设机构1个"), "办公室。", "办公室（含财务室）。")
    _replace(_find(document, measure[:12]), "进一步加强", "进一步切实加强")
    reviewed = folder / "审阅.docx"
    document.save(str(reviewed))

    result = harvest.harvest(reviewed, workbook, TEMPLATE)

    by_cell = {c.where: c for c in result.changes if "!" in c.where}
    conflict = by_cell["正文!B3"]  # -- both changed it: both values listed, nothing written --
    assert (conflict.kind, conflict.applied) == ("修改冲突", False)
    assert (conflict.before, conflict.after) == (
        "会本级内设机构1个：办公室（综合科）。",
        "会本级内设机构1个：办公室（含财务室）。",
    )
    assert "会本级内设机构1个：办公室。" in conflict.note
    for kept in ("重点项目!D8", "存在问题!A2"):  # -- only the clerk changed them: kept, not reverted --
        assert (by_cell[kept].kind, by_cell[kept].status) == ("工作簿已改", "保留工作簿")
    assert [c.kind for c in result.unapplied] == ["修改冲突"]  # -- the rate of D8's project is no reviewer's edit --
    assert by_cell["改进措施!A3"].kind == "修改"
    new = openpyxl.load_workbook(result.output)
    assert new["正文"]["B3"].value == "会本级内设机构1个：办公室（综合科）。"
    assert new["重点项目"]["D8"].value == 8.5
    assert new["存在问题"]["A2"].value.endswith("（已整改）")
    assert new["改进措施"]["A3"].value == measure.replace("进一步加强", "进一步切实加强")


def test_another_units_workbook_is_refused_naming_both(folder: Path, sample_report: Path) -> None:
    other = folder / DEPT2.name
    shutil.copyfile(DEPT2, other)
    before = other.read_bytes()

    result = CliRunner().invoke(main, ["harvest", str(sample_report), "--workbook", str(other)])

    assert result.exit_code == 2, result.output
    assert "harvest_wrong_workbook" in result.output
    assert sample_report.name in result.output
    assert other.name in result.output
    assert SAMPLE.name in result.output  # -- the workbook to give instead --
    assert "Traceback" not in result.output
    assert other.read_bytes() == before
    assert not list(folder.glob("*含审阅修改*"))


def test_an_older_report_and_another_units_workbook_are_refused_by_its_title(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    document = docx.Document(str(built))
    for rel in list(document.part.rels.values()):  # -- as a report made before the record was kept --
        if rel.reltype.endswith("/customXml") and b"printed-cells" in rel.target_part.blob:
            document.part.drop_rel(rel.rId)
    older = folder / "旧报告.docx"
    document.save(str(older))
    other = folder / DEPT2.name
    shutil.copyfile(DEPT2, other)

    result = CliRunner().invoke(main, ["harvest", str(older), "--workbook", str(other)])

    assert result.exit_code == 2, result.output
    assert "harvest_wrong_workbook" in result.output
    assert "广州市白云区残疾人联合会2022年" in result.output
    assert not list(folder.glob("*含审阅修改*"))


def test_a_report_with_no_anchor_of_the_workbook_is_refused(folder: Path) -> None:
    stranger = folder / "手写的报告.docx"
    document = docx.Document()
    document.add_paragraph("会本级内设机构1个：办公室。")
    document.save(str(stranger))

    result = CliRunner().invoke(main, ["harvest", str(stranger), "--workbook", str(folder / SAMPLE.name)])

    assert result.exit_code == 2, result.output
    assert "对得上的来源标记" in result.output
    assert not list(folder.glob("*含审阅修改*"))


def test_the_change_list_names_cells_as_they_are_in_the_new_workbook(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    document = docx.Document(str(built))
    deleted = _find(document, "会本级内设机构1个")  # -- 正文!B3: the rows below move up --
    deleted.getparent().remove(deleted)  # type: ignore[attr-defined]
    _replace(_find(document, "通过专职社工恒常为400名"), "400名", "四百名")  # -- was 正文!B14 --
    measure = _find(document, "进一步加强部门预算项目支出绩效评价工作")  # -- 改进措施: a row added --
    added = copy.deepcopy(measure)
    for mark in [*added.iter(qn("w:bookmarkStart")), *added.iter(qn("w:bookmarkEnd"))]:  # type: ignore[attr-defined]
        mark.getparent().remove(mark)
    for run in list(added.iter(qn("w:r")))[1:]:  # type: ignore[attr-defined]
        run.getparent().remove(run)
    next(added.iter(qn("w:t"))).text = "加强绩效结果运用。"  # type: ignore[attr-defined]
    _find(document, "提高绩效评价管理水平").addnext(added)  # type: ignore[attr-defined]
    reviewed = folder / "审阅.docx"
    document.save(str(reviewed))

    result = harvest.harvest(reviewed, folder / SAMPLE.name, TEMPLATE)

    book = openpyxl.load_workbook(result.output)
    where = {c.kind: c.where for c in result.changes}
    assert where["删除段落"] == "正文!B3（该行已删除）"
    assert where["修改"] == "正文!B13"
    assert where["新增段落"] == "改进措施!A3"
    for change in result.changes:
        if change.kind in ("修改", "新增段落"):
            sheet, cell = change.where.split("!")
            assert book[sheet][cell].value == change.after
            assert book[sheet][cell].fill.fgColor.rgb.endswith("FFFF00")
    listed = [row[1] for row in book[harvest.CHANGES_SHEET].iter_rows(min_row=2, values_only=True)]
    assert listed == [c.where for c in result.changes]


def test_a_report_without_its_record_says_the_workbook_cannot_be_checked(folder: Path) -> None:
    built = pipeline.build(folder / SAMPLE.name, folder / "out", TEMPLATE).output
    document = docx.Document(str(built))
    for rel in list(document.part.rels.values()):  # -- as a report made before the record was kept --
        if rel.reltype.endswith("/customXml") and b"printed-cells" in rel.target_part.blob:
            document.part.drop_rel(rel.rId)
    _replace(_find(document, "会本级内设机构1个"), "办公室。", "办公室（含财务室）。")
    reviewed = folder / "审阅.docx"
    document.save(str(reviewed))

    result = harvest.harvest(reviewed, folder / SAMPLE.name, TEMPLATE)

    assert [c.kind for c in result.changes] == ["修改", "无法核对"]
    assert "请逐条核对" in result.changes[-1].note
