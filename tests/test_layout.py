"""The 公文 layout of templates/report.docx (PRODUCT.md §6), read back from the template and a built report.

All of it lives in the template's styles and section settings (scripts/make_template.py writes the first
version), so a maintainer can change it in Word; the generated report must carry it unchanged.
"""

from __future__ import annotations

import re

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm, Pt

from tests.conftest import TEMPLATE

TEXT_WIDTH = Mm(210 - 28 - 26)
TOLERANCE = Mm(0.5)


@pytest.fixture(scope="module", params=["sample_report", "dept2_report"])
def report(request: pytest.FixtureRequest) -> Document:
    """A report built from the template: the sample's, then the second department's."""
    return docx.Document(str(request.getfixturevalue(request.param)))


@pytest.fixture(scope="module")
def template() -> Document:
    return docx.Document(str(TEMPLATE))


@pytest.fixture(scope="module", params=["template", "sample_report", "dept2_report"])
def document(request: pytest.FixtureRequest, template: Document) -> Document:
    """Each check runs on the template and on the reports built from it."""
    if request.param == "template":
        return template
    return docx.Document(str(request.getfixturevalue(request.param)))


# -- page set-up -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "mm"),
    [
        ("page_width", 210),
        ("page_height", 297),
        ("top_margin", 37),
        ("bottom_margin", 35),
        ("left_margin", 28),
        ("right_margin", 26),
    ],
)
def test_section_is_a4_with_the_gb_margins(document: Document, attribute: str, mm: float) -> None:
    for section in document.sections:
        value: Length = getattr(section, attribute)
        assert abs(value - Mm(mm)) <= TOLERANCE, f"{attribute} = {value.mm:.2f} mm"


def test_line_grid_of_22_lines(document: Document) -> None:
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", str(28 * 20))
    text_height = Mm(297 - 37 - 35)
    assert int(text_height / Pt(28)) == 22


def test_body_line_holds_28_characters(document: Document) -> None:
    normal = document.styles["Normal"]
    spacing = normal.element.rPr.find(qn("w:spacing"))
    pitch = Pt(16 + int(spacing.get(qn("w:val"))) / 20)
    assert int(TEXT_WIDTH / pitch) == 28


# -- styles ---------------------------------------------------------------------------------------------

J, C, L = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT


@pytest.mark.parametrize(
    ("style", "east_asia", "size", "bold", "align", "outline", "indent_chars"),
    [
        ("Normal", "仿宋_GB2312", 16, False, J, None, 2),
        ("Title", "方正小标宋简体", 22, False, C, None, 0),
        ("Heading 1", "黑体", 16, False, J, 0, 2),
        ("Heading 2", "楷体_GB2312", 16, False, J, 1, 2),
        ("Heading 3", "仿宋_GB2312", 16, True, J, 2, 2),
        ("Heading 4", "仿宋_GB2312", 16, False, J, 3, 2),
        ("编号（一）", "仿宋_GB2312", 16, False, J, None, 2),
        ("编号1.", "仿宋_GB2312", 16, False, J, None, 2),
        ("附件标记", "黑体", 16, False, L, None, 0),
        ("表格标题", "方正小标宋简体", 22, False, C, None, 0),
        ("表格表头", "仿宋_GB2312", 12, True, C, None, 0),
        ("表格数字", "仿宋_GB2312", 12, False, C, None, 0),
        ("表格文字", "仿宋_GB2312", 12, False, L, None, 0),
        ("表格居中", "仿宋_GB2312", 12, False, C, None, 0),
        ("Footer", "宋体", 14, False, WD_ALIGN_PARAGRAPH.RIGHT, None, 0),
        ("落款", "仿宋_GB2312", 16, False, WD_ALIGN_PARAGRAPH.RIGHT, None, 0),
        ("成文日期", "仿宋_GB2312", 16, False, WD_ALIGN_PARAGRAPH.RIGHT, None, 0),
    ],
)
def test_style(
    document: Document,
    style: str,
    east_asia: str,
    size: int,
    bold: bool,
    align: WD_ALIGN_PARAGRAPH,
    outline: int | None,
    indent_chars: int,
) -> None:
    s = document.styles[style]
    fonts = s.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == east_asia  # -- the East Asian slot, not only font.name --
    # -- page numbers are 宋体 digits too (GB/T 9704 7.5); elsewhere digits and Latin are Times New Roman --
    latin = "宋体" if style == "Footer" else "Times New Roman"
    assert (fonts.get(qn("w:ascii")), fonts.get(qn("w:hAnsi"))) == (latin, latin)
    assert (s.font.size, bool(s.font.bold), s.paragraph_format.alignment) == (Pt(size), bold, align)
    level = s.element.pPr.find(qn("w:outlineLvl"))
    assert (None if level is None else int(level.get(qn("w:val")))) == outline
    ind = s.element.pPr.find(qn("w:ind"))
    assert int(ind.get(qn("w:firstLineChars"), "0")) == indent_chars * 100


@pytest.mark.parametrize("style", ["Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "编号1."])
def test_body_styles_have_exact_28_pt_lines(document: Document, style: str) -> None:
    fmt = document.styles[style].paragraph_format
    assert (fmt.line_spacing_rule, fmt.line_spacing) == (WD_LINE_SPACING.EXACTLY, Pt(28))


def test_default_run_fonts_are_chinese(document: Document) -> None:
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rpr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_headings_are_styles_not_run_formatting(report: Document) -> None:
    used = {p.style.name for p in report.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"} <= used
    body = report.element.body
    # -- the one run font allowed: the East Asian hint on curly quotes and dashes (generator/typeset.py) --
    formatted = [
        r
        for r in body.iter(qn("w:rPr"))
        if (r.find(qn("w:rFonts")) is not None and r.find(qn("w:rFonts")).get(qn("w:hint")) != "eastAsia")
        or r.find(qn("w:sz")) is not None
    ]
    assert formatted == []


def test_title_is_the_first_paragraph(report: Document) -> None:
    first = report.paragraphs[0]
    assert first.style.name == "Title"
    assert first.text.endswith("年部门整体支出绩效自评报告")


# -- page numbers -----------------------------------------------------------------------------------------


def field_codes(paragraph: object) -> list[str]:
    return [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("footer", "align", "indent"),
    [
        ("footer", WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
        ("even_page_footer", WD_ALIGN_PARAGRAPH.LEFT, "left_indent"),
    ],
)
def test_page_number_field_odd_right_even_left(document: Document, footer: str, align: object, indent: str) -> None:
    assert document.settings.odd_and_even_pages_header_footer
    (paragraph,) = getattr(document.sections[0], footer).paragraphs
    assert field_codes(paragraph) == ["PAGE"]
    assert re.fullmatch(r"— \d+ —", paragraph.text)
    assert paragraph.style.name == "Footer"
    assert paragraph.alignment == align
    assert getattr(paragraph.paragraph_format, indent) == Pt(14)  # -- one 4号 character in from the edge --


# -- the attachment and its table --------------------------------------------------------------------------


def test_attachment_starts_a_new_page_with_its_mark_top_left(report: Document) -> None:
    (mark,) = [p for p in report.paragraphs if p.style.name == "附件标记"]
    assert mark.text == "附件"
    assert report.styles["附件标记"].paragraph_format.page_break_before
    following = mark._p.getnext()
    assert following.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "表格标题"


def table_width(table: object) -> int:
    grid = table._tbl.find(qn("w:tblGrid"))  # type: ignore[attr-defined]
    return sum(int(col.get(qn("w:w"))) for col in grid.findall(qn("w:gridCol")))


@pytest.mark.parametrize("index", [0, 1])
def test_tables_fit_the_text_block_with_borders(document: Document, index: int) -> None:
    table = document.tables[index]
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    section = document.sections[0]  # -- the text block as the page set-up has it, to the twip --
    text_width_twips = round(Emu(section.page_width - section.left_margin - section.right_margin).twips)
    assert abs(text_width_twips - TEXT_WIDTH.twips) <= 1
    assert (width.get(qn("w:type")), int(width.get(qn("w:w"))) <= text_width_twips) == ("dxa", True)
    assert table_width(table) <= text_width_twips
    assert tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    borders = {b.tag.split("}")[1]: b.get(qn("w:val")) for b in tbl_pr.find(qn("w:tblBorders"))}
    assert {edge: borders[edge] for edge in ("top", "left", "right", "insideH", "insideV")} == dict.fromkeys(
        ("top", "left", "right", "insideH", "insideV"), "single"
    )


def test_indicator_table_repeats_its_header_row_and_rows_do_not_split(report: Document) -> None:
    head, table = report.tables
    rows = table._tbl.findall(qn("w:tr"))
    header = rows[0].find(qn("w:trPr"))
    assert header.find(qn("w:tblHeader")) is not None
    assert [r.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None for r in rows[1:]] == [False] * (len(rows) - 1)
    for row in head._tbl.findall(qn("w:tr")) + rows:
        assert row.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
    assert [c.text for c in table.rows[0].cells] == [
        "一级指标",
        "二级指标",
        "三级指标\n（评分要点）",
        "分值",
        "自评分",
        "扣分原因",
    ]


def test_the_two_tables_are_kept_apart(report: Document) -> None:
    """Adjacent tables are joined into one by Word and LibreOffice, and a joined table repeats no header."""
    head, table = report.tables
    between = head._tbl.getnext()
    assert between.tag == qn("w:p")
    assert between.getnext() is table._tbl
    bottom = head._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "nil"


def test_table_cell_text_is_small_four_or_five(document: Document) -> None:
    for table in document.tables:
        for cell in table._tbl.iter(qn("w:tc")):
            for style in cell.iter(qn("w:pStyle")):
                size = document.styles[style.get(qn("w:val"))].font.size
                assert Pt(10.5) <= size <= Pt(12)
