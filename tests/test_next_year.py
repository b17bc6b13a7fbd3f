"""next-year: next year's workbook from this year's (generator/next_year.py), and the yearly checks (generator/yearly.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from generator import pipeline, yearly
from generator.cli import main
from generator.errors import GeneratorError
from generator.next_year import make_next_year, target_path
from generator.schema import WORKBOOK, Carry, Kind
from tests import office
from tests.workbooks import SAMPLE_PATH, TEMPLATE, findings_of, located, mutated, put


def cells(sheet: str, columns: str, first: int, last: int) -> list[tuple[str, str]]:
    return [(sheet, f"{c}{r}") for r in range(first, last + 1) for c in columns]


# -- the sample's figure cells: what a clerk types anew each year --
SAMPLE_FIGURES = sorted(
    [
        *cells("基本信息", "B", 4, 6),  # 报告日期, 全年预算数, 全年执行数
        *cells("统计数据", "B", 2, 11),
        *cells("重点项目", "CD", 2, 12),
        *cells("评分明细", "E", 2, 21),
        *cells("扣分明细", "C", 2, 6),
    ]
)


@pytest.fixture
def new_year(tmp_path: Path) -> Path:
    source = tmp_path / SAMPLE_PATH.name
    shutil.copy(SAMPLE_PATH, source)
    made = make_next_year(source)
    assert (made.path.name, made.year) == ("2023_广州市白云区残疾人联合会.xlsx", 2023)
    return made.path


def test_check_lists_exactly_the_figures_to_fill(new_year: Path) -> None:
    findings = findings_of(new_year)
    errors = [f for f in findings if f.is_error]
    assert sorted((f.loc.sheet, f.loc.cell) for f in errors) == SAMPLE_FIGURES
    assert {f.code for f in errors} == {"required_missing"}
    # -- and nothing else: the only warnings are the carried prose, one per paragraph --
    assert {f.code for f in findings if not f.is_error} == {"carried_unchanged"}
    carried = {(f.loc.sheet, f.loc.cell) for f in findings if not f.is_error}
    assert ("正文", "B21") in carried
    assert ("重点工作", "A2") in carried  # -- a sub-section's title, once for its run of rows --
    assert ("重点工作", "A3") not in carried
    assert not any(
        sheet in {"统计数据", "重点项目", "一级指标", "评分明细", "评价等级", "部门职能"} for sheet, _ in carried
    )


def test_carried_and_cleared_follow_the_schema(new_year: Path) -> None:
    old, new = openpyxl.load_workbook(SAMPLE_PATH), openpyxl.load_workbook(new_year)
    assert new["基本信息"]["B3"].value == 2023
    assert new["基本信息"]["B2"].value == old["基本信息"]["B2"].value
    for sheet in WORKBOOK:
        if sheet.is_field_sheet:
            continue
        header = [c.value for c in old[sheet.name][1]]
        for column in sheet.columns:
            letter = "ABCDE"[header.index(column.name)]
            for row in range(2, old[sheet.name].max_row + 1):
                before, after = old[sheet.name][f"{letter}{row}"].value, new[sheet.name][f"{letter}{row}"].value
                if column.carry is Carry.KEEP:
                    assert after == before, (sheet.name, column.name, row)
                elif column.carry is Carry.CLEAR:
                    assert after is None, (sheet.name, column.name, row)
                elif isinstance(before, str):
                    assert after == yearly.report_year_to_placeholder(before, 2022)
    assert new["正文"]["B21"].value.startswith("{{年度}}年，白云区")
    assert "{{年度}}年度预算项目支出绩效目标申报" in new["正文"]["B17"].value
    assert new["正文"]["B21"].fill.fgColor.rgb.endswith("FFF2CC")
    assert "沿用自 2022 年" in new["正文"]["B21"].comment.text
    assert [c.value for c in new[yearly.MARKER_SHEET][1]] == list(yearly.MARKER_HEADER)


def test_filled_it_builds_and_the_carried_prose_is_flagged(new_year: Path, tmp_path: Path) -> None:
    old, book = openpyxl.load_workbook(SAMPLE_PATH), openpyxl.load_workbook(new_year)
    for sheet, ref in SAMPLE_FIGURES:  # -- this year's figures: here last year's, the report date a year on --
        book[sheet][ref].value = old[sheet][ref].value
    book["基本信息"]["B4"].value = dt.datetime(2024, 3, 29)
    book.save(new_year)
    built = pipeline.build(new_year, tmp_path / "out", TEMPLATE)
    assert built.output.name == "2023_广州市白云区残疾人联合会_部门整体支出绩效自评报告.docx"
    codes = {f.code for f in built.warnings}
    assert "carried_unchanged" in codes
    assert not {f for f in built.warnings if f.is_error}
    text = "\n".join(p.text for p in Document(str(built.output)).paragraphs)
    assert "2023年，白云区残疾人工作" in text
    assert "2022年，白云区" not in text
    with __import__("zipfile").ZipFile(built.output) as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert "从上一年的工作簿沿用" in comments


def test_revised_or_confirmed_prose_is_no_longer_flagged(new_year: Path, tmp_path: Path) -> None:
    before = {(f.loc.sheet, f.loc.cell) for f in findings_of(new_year) if f.code == "carried_unchanged"}
    marker = openpyxl.load_workbook(new_year)[yearly.MARKER_SHEET]
    row = next(r[0].row for r in marker.iter_rows(min_row=2) if (r[0].value, r[1].value) == ("正文", "B3"))
    changed = mutated(
        new_year,
        tmp_path,
        put("正文", "B21", "{{年度}}年，本会继续推进残疾人就业。"),
        put(yearly.MARKER_SHEET, f"D{row}", "是"),
        name="2023_改过.xlsx",
    )
    after = {(f.loc.sheet, f.loc.cell) for f in findings_of(changed) if f.code == "carried_unchanged"}
    assert before - after == {("正文", "B21"), ("正文", "B3")}


def test_never_overwrites(new_year: Path) -> None:
    source = new_year.with_name(SAMPLE_PATH.name)
    content = new_year.read_bytes()
    result = CliRunner().invoke(main, ["next-year", str(source)])
    assert result.exit_code == 2
    assert "已存在" in result.stderr
    assert new_year.read_bytes() == content
    result = CliRunner().invoke(main, ["next-year", str(source), "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(source.with_name("2024_广州市白云区残疾人联合会.xlsx"))


def test_unreadable_year_is_refused(tmp_path: Path) -> None:
    path = mutated(SAMPLE_PATH, tmp_path, put("基本信息", "B3", "明年"), name="单位.xlsx")
    with pytest.raises(GeneratorError) as exc:
        make_next_year(path)
    assert located(exc.value.findings) == [("year_unreadable", "基本信息!B3")]
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("2022_单位.xlsx", 2022, 2023, "2023_单位.xlsx"),
        ("单位（2022年）.xlsx", 2022, 2023, "单位（2023年）.xlsx"),
        ("单位.xlsx", 2022, 2023, "2023_单位.xlsx"),
        ("20221_单位.xlsx", 2022, 2023, "2023_20221_单位.xlsx"),
    ],
)
def test_target_path(name: str, old: int, new: int, expected: str) -> None:
    assert target_path(Path("in") / name, old, new) == Path("in") / expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022年，全区新增", "{{年度}}年，全区新增"),
        ("开展了2022年度预算", "开展了{{年度}}年度预算"),
        ("截至2022年11月底", "截至{{年度}}年11月底"),
        ("2021年以来", "2021年以来"),
        ("2022—2025年规划", "2022—2025年规划"),
        ("编号20221年", "编号20221年"),
        ("共2022人", "共2022人"),
    ],
)
def test_report_year_to_placeholder(text: str, expected: str) -> None:
    assert yearly.report_year_to_placeholder(text, 2022) == expected


@pytest.mark.parametrize(
    ("text", "stale"),
    [
        ("2021年，白云区残疾人工作坚持……", ["2021年，"]),
        ("本部门开展了2021年度预算项目支出绩效目标申报", ["2021年度"]),
        ("2021年全年完成康复资助", ["2021年"]),
        ("自2018年以来，累计完成", []),
        ("较2021年同期增长5%", []),
        ("与2021年度以前相比", []),
        ("{{年度}}年，白云区", []),
        ("2022年，白云区", []),
        ("2010年，本会成立", []),  # -- more than ten years back: history --
    ],
)
def test_stale_years(text: str, stale: list[str]) -> None:
    assert yearly.stale_years(text, 2022) == stale


def test_stale_year_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    path = mutated(SAMPLE_PATH, tmp_path, put("正文", "B21", "2021年，白云区残疾人工作坚持全面从严治党总引领。"))
    stale = [f for f in findings_of(path) if f.code == "stale_year"]
    assert located(stale) == [("stale_year", "正文!B21")]
    assert not stale[0].is_error
    assert "{{年度}}" in stale[0].msg


def test_every_figure_column_is_cleared() -> None:
    """Amounts, rates and dates are never carried to next year; weights, bands and the year are the framework."""
    framework = {("一级指标", "分值"), ("评分明细", "分值"), ("评价等级", "最低分"), ("基本信息", "年度")}
    for sheet in WORKBOOK:
        for column in sheet.columns:
            if column.kind is not Kind.TEXT and (sheet.name, column.name) not in framework:
                assert column.carry is Carry.CLEAR, (sheet.name, column.name)


def test_last_years_harvest_bookkeeping_is_not_carried(tmp_path: Path) -> None:
    source = tmp_path / SAMPLE_PATH.name
    book = openpyxl.load_workbook(SAMPLE_PATH)
    changes = book.create_sheet(yearly.CHANGES_SHEET)  # -- as harvest leaves it: old addresses --
    changes.append(["类型", "位置", "修改前", "修改后", "是否已写入", "说明"])
    changes.append(["修改", "正文!B3", "旧", "新", "是", ""])
    marked = book["部门职能"]["A2"]
    marked.comment = openpyxl.comments.Comment("审阅修改（审阅.docx，2023-03-01）：原为“旧”。", yearly.HARVEST_AUTHOR)
    marked.fill = openpyxl.styles.PatternFill("solid", fgColor="FFFF00")
    book.save(source)

    made = openpyxl.load_workbook(make_next_year(source).path)

    assert yearly.CHANGES_SHEET not in made.sheetnames
    assert yearly.MARKER_SHEET in made.sheetnames
    assert made["部门职能"]["A2"].comment is None
    assert made["部门职能"]["A2"].fill.fill_type is None


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_carried_prose_is_found_by_its_text_after_rows_are_inserted_and_deleted(
    new_year: Path, tmp_path: Path, resave: bool
) -> None:
    def flagged(path: Path) -> set[str]:
        return {f.loc.cell for f in findings_of(path) if f.code == "carried_unchanged" and f.loc.sheet == "正文"}

    before = flagged(new_year)
    assert {"B2", "B3", "B4", "B21"} <= before
    book = openpyxl.load_workbook(new_year)
    body = book["正文"]
    body.insert_rows(3)  # -- a new paragraph above 正文 row 3: everything below moves down --
    body["A3"], body["B3"] = "机构设置", "本年新设综合科。"
    body.delete_rows(6)  # -- and the old row 5 (now row 6) deleted: its text is gone --
    changed = tmp_path / "moved" / new_year.name
    changed.parent.mkdir()
    book.save(changed)
    if resave:
        office.require("soffice")
        changed = office.convert(changed, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")

    def moved(cell: str) -> str | None:
        row = int(cell[1:])
        return cell if row < 3 else None if row == 5 else f"B{row + 1}" if row < 5 else cell

    assert flagged(changed) == {m for m in map(moved, before) if m is not None}
