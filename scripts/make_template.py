"""Write the first version of `templates/report.docx`, the Word template of the report.

The template in `templates/` is the source of truth: maintainers edit it in Word or WPS. This script
only records how its first version was made (styles, page set-up, fields, the Jinja tags), so that a
maintainer who wants to start over from a clean file can. Run it with `make template`; it refuses to
overwrite an existing template unless given `--force`.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell

LATIN = "Times New Roman"
FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"
LINE = Pt(28)  # -- exact line spacing of the body: 22 lines on the 225 mm text block --
TABLE_WIDTHS_MM = (24, 24, 34, 14, 16, 44)  # -- sum 156 mm; the generator sets them from the content --
TWIPS_PER_MM = 1440 / 25.4
CELL_MARGIN_TWIPS = 85  # -- 1.5 mm each side, so "2947.37" fits an 18 mm column in 小四 --
CONDENSE = -5  # -- w:spacing of the body, in 1/20 pt: 28 characters of 3号 (15.75 pt each) fill the 156 mm line --
# -- the schema order of w:rPr's children (ECMA-376 CT_RPr) --
R_PR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip
# -- the schema order of w:pPr's children (ECMA-376 CT_PPrBase) --
P_PR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
# -- the schema order of w:tblPr's children (ECMA-376 CT_TblPr) --
TBL_PR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
    "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
    "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


def _fonts(rpr: OxmlElement, east_asia: str, latin: str = LATIN) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    if latin == east_asia:
        # -- one face for every character, the dashes and digits of "— 1 —" too: draw them as East Asian --
        fonts.set(qn("w:hint"), "eastAsia")


def _style(
    doc: Document,
    name: str,
    east_asia: str,
    size: float,
    *,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent_chars: int = 2,
    line: Pt | None = LINE,
    outline: int | None = None,
    keep_next: bool = False,
    page_break_before: bool = False,
    space_after: Pt | None = None,
    space_before: Pt | None = None,
    right_indent: Pt | None = None,
    base: str | None = "Normal",
    snap: bool = True,
    latin: str = LATIN,
) -> ParagraphStyle:
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    element = style.element
    # -- start from a clean slate: the default template's headings carry theme fonts and colours --
    for tag in ("w:pPr", "w:rPr", "w:link"):
        for child in element.findall(qn(tag)):
            element.remove(child)
    if base is not None and name != base:
        style.base_style = styles[base]
    style.quick_style = True
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    _fonts(element.get_or_add_rPr(), east_asia, latin)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.space_before = space_before if space_before is not None else Pt(0)
    if right_indent is not None:
        fmt.right_indent = right_indent
    fmt.space_after = space_after if space_after is not None else Pt(0)
    if line is not None:
        fmt.line_spacing = line  # -- a Length sets the rule to "exact" --
    fmt.first_line_indent = Pt(size * indent_chars)
    ind = element.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        ind.set(qn("w:firstLineChars"), str(indent_chars * 100))
        if indent_chars == 0:
            ind.set(qn("w:firstLine"), "0")
    fmt.keep_with_next = keep_next
    fmt.page_break_before = page_break_before
    fmt.widow_control = True
    if not snap:
        # -- off the 28 pt line grid: LibreOffice would give each line of smaller text a whole grid line --
        _child(element.get_or_add_pPr(), "w:snapToGrid", P_PR_ORDER[P_PR_ORDER.index("w:snapToGrid") + 1 :], val="0")
    if outline is not None:
        successors = P_PR_ORDER[P_PR_ORDER.index("w:outlineLvl") + 1 :]
        _child(element.get_or_add_pPr(), "w:outlineLvl", successors, val=str(outline))
    return style


def _styles(doc: Document) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, FANGSONG)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    # -- a run that names no style still gets 3号 --
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag, R_PR_ORDER[R_PR_ORDER.index(tag) + 1 :], val="32")
    # -- LibreOffice hangs line-end punctuation into the margin unless told otherwise, and in a justified
    #    line that is already full it then drops the comma or 顿号 altogether (from the glyphs and from the
    #    PDF's text). Its DOCX import reads w:overflowPunct the wrong way round (val="1" turns its hanging
    #    OFF); for Word val="1" is the default. So the explicit default keeps Word as it is and makes
    #    LibreOffice carry the punctuation to the next line with the character before it. --
    ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _child(ppr_default, "w:overflowPunct", P_PR_ORDER[P_PR_ORDER.index("w:overflowPunct") + 1 :], val="1")
    normal = _style(doc, "Normal", FANGSONG, 16, base=None)
    spacing = normal.element.get_or_add_rPr()
    _child(spacing, "w:spacing", R_PR_ORDER[R_PR_ORDER.index("w:spacing") + 1 :], val=str(CONDENSE))
    _style(
        doc,
        "Title",
        XIAOBIAOSONG,
        22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent_chars=0,
        line=Pt(36),
        space_after=LINE,
        keep_next=True,
        snap=False,
    )
    _style(doc, "Heading 1", HEITI, 16, outline=0, keep_next=True)
    _style(doc, "Heading 2", KAITI, 16, outline=1, keep_next=True)
    _style(doc, "Heading 3", FANGSONG, 16, bold=True, outline=2, keep_next=True)
    _style(doc, "Heading 4", FANGSONG, 16, outline=3, keep_next=True)
    _style(doc, "编号（一）", FANGSONG, 16)
    _style(doc, "编号1.", FANGSONG, 16)
    _style(doc, "附件标记", HEITI, 16, align=WD_ALIGN_PARAGRAPH.LEFT, indent_chars=0, page_break_before=True)
    # -- GB/T 9704 8: "附件" on the first line of the page, the attachment's title centred on the third, in
    #    the title's face and size; one blank line (space before) between them --
    _style(
        doc,
        "表格标题",
        XIAOBIAOSONG,
        22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent_chars=0,
        line=Pt(36),
        space_before=LINE,
        space_after=Pt(14),
        keep_next=True,
        snap=False,
    )
    _style(doc, "表格文字", FANGSONG, 12, align=WD_ALIGN_PARAGRAPH.LEFT, indent_chars=0, line=Pt(18), snap=False)
    _style(
        doc,
        "表格居中",
        FANGSONG,
        12,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent_chars=0,
        line=Pt(18),
        base="表格文字",
        snap=False,
    )
    # -- the table's labels (header row, 合计, 评价等级): bold, so the form reads at a glance --
    _style(
        doc,
        "表格表头",
        FANGSONG,
        12,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent_chars=0,
        line=Pt(18),
        base="表格居中",
        snap=False,
    )
    # -- every figure of the table (分值, 自评分, amounts, rate, totals) aligned one way --
    _style(
        doc,
        "表格数字",
        FANGSONG,
        12,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent_chars=0,
        line=Pt(18),
        base="表格居中",
        snap=False,
    )
    _style(
        doc,
        "表格间隔",
        FANGSONG,
        1,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        indent_chars=0,
        line=Pt(1),
        snap=False,
        keep_next=True,
    )
    # -- GB/T 9704 7.5: page numbers in 4号 宋体, the digits too (not Times New Roman) --
    _style(
        doc, "Footer", SONGTI, 14, align=WD_ALIGN_PARAGRAPH.RIGHT, indent_chars=0, line=None, snap=False, latin=SONGTI
    )
    _style(
        doc, "Header", SONGTI, 14, align=WD_ALIGN_PARAGRAPH.CENTER, indent_chars=0, line=None, snap=False, latin=SONGTI
    )
    # -- GB/T 9704 7.3.5.2 (no seal): the 署名 one blank line below the text, two characters in from the right;
    #    the 成文日期 on the next line. The generator moves one of them so the date starts two characters
    #    right of the 署名's first character and still ends two characters in (generator/typeset.py) --
    _style(
        doc,
        "落款",
        FANGSONG,
        16,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        indent_chars=0,
        space_before=LINE,
        right_indent=Pt(16 * 2),
        keep_next=True,
    )
    _style(doc, "成文日期", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.RIGHT, indent_chars=0, right_indent=Pt(16 * 2))


def _page_number(paragraph, align: WD_ALIGN_PARAGRAPH, side: str) -> None:
    """Write "— PAGE —" with a PAGE field; `side` is the edge it keeps one character from."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if side == "right":
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)
    paragraph.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    paragraph.add_run(" —")


def _page_setup(doc: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(25)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    for name in list(grid.attrib):
        del grid.attrib[name]
    # -- a line grid of 22 lines; the 28 characters a line come from the body's character spacing, because
    #    LibreOffice lays out a "lines and characters" grid of 3号 text at two grid cells a character --
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(LINE.pt * 20)))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, "right")
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, "left")


def _child(parent: OxmlElement, tag: str, successors: tuple[str, ...], **attrs: str) -> OxmlElement:
    """Replace `parent`'s `tag` child with a new one, placed before the first of `successors` (schema order)."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    parent.insert_element_before(element, *successors)
    return element


def _cell(cell: _Cell, text: str, style: str = "表格居中", width_mm: float | None = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    paragraph.text = text
    if width_mm is not None:
        cell.width = Mm(width_mm)


def _gap(doc: Document) -> None:
    """Separate two tables by a hairline paragraph: Word and LibreOffice join adjacent tables into one,
    and a joined table repeats no header row."""
    body = doc.element.body
    last = body[-1] if body[-1].tag != qn("w:sectPr") else body[-2]
    if last.tag == qn("w:tbl"):
        # -- the upper table loses its bottom rule, so the two read as one table with the lower one's top rule --
        bottom = last.find(qn("w:tblPr")).find(qn("w:tblBorders")).find(qn("w:bottom"))
        bottom.set(qn("w:val"), "nil")
        for name in ("sz", "space", "color"):
            bottom.attrib.pop(qn(f"w:{name}"), None)
        doc.add_paragraph(style="表格间隔")


def _table(doc: Document, rows: int) -> Table:
    _gap(doc)
    table = doc.add_table(rows=rows, cols=len(TABLE_WIDTHS_MM))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # -- w:tblLayout fixed: the widths below hold in Word, WPS and LibreOffice --
    tbl_pr = table._tbl.tblPr
    _child(tbl_pr, "w:tblW", TBL_PR_ORDER[7:], w=str(round(sum(TABLE_WIDTHS_MM) * TWIPS_PER_MM)), type="dxa")
    borders = _child(tbl_pr, "w:tblBorders", TBL_PR_ORDER[11:])
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for name, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{name}"), value)
        borders.append(line)
    margins = _child(tbl_pr, "w:tblCellMar", TBL_PR_ORDER[14:])
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    for col, mm in zip(table.columns, TABLE_WIDTHS_MM, strict=True):
        col.width = Mm(mm)
        for cell in col.cells:
            cell.width = Mm(mm)
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table


def _row(
    table: Table, index: int, texts: list[str], spans: list[int] | None = None, styles: list[str] | None = None
) -> None:
    row = table.rows[index]
    spans = spans or [1] * len(texts)
    col = 0
    for n, (text, span) in enumerate(zip(texts, spans, strict=True)):
        cell = row.cells[col]
        if span > 1:
            cell = cell.merge(row.cells[col + span - 1])
        _cell(cell, text, styles[n] if styles else "表格居中")
        col += span


def _body(doc: Document) -> None:
    def p(text: str, style: str = "Normal") -> None:
        doc.add_paragraph(text, style=style)

    def each(expr: str, body: str = "{{ 段 }}", style: str = "Normal", var: str = "段") -> None:
        p(f"{{%p for {var} in {expr} %}}")
        p(body, style)
        p("{%p endfor %}")

    p("{{ 单位名称 }}{{ 年度 }}年部门整体支出绩效自评报告", "Title")
    p("基本情况", "Heading 1")
    p("部门概况", "Heading 2")
    p("部门职能", "Heading 3")
    each("正文.部门职能导语")
    each("部门职能", "{{ 条 }}", "编号（一）", "条")
    p("部门机构设置", "Heading 3")
    each("正文.机构设置")
    p("年度总体工作和重点工作任务", "Heading 2")
    p("部门履职总体目标", "Heading 3")
    each("正文.履职总体目标")
    p("总体工作和重点工作任务完成情况", "Heading 3")
    p("{%p for 节 in 重点工作 %}")
    p("{{ 节.标题 }}", "Heading 4")
    each("节.段落")
    p("{%p endfor %}")
    p("部门整体收支情况", "Heading 2")
    p("部门整体支出绩效目标", "Heading 3")
    each("正文.绩效目标")
    p("整体绩效目标完成情况", "Heading 3")
    each("正文.目标完成情况")
    p("部门收支规模和支出进度", "Heading 3")
    p(
        "{{ 年度 }}年本部门全年预算数{{ 全年预算数 }}万元，全年执行数{{ 全年执行数 }}万元，预算执行率为{{ 预算执行率 }}。"
    )
    p("部门整体绩效管理情况", "Heading 2")
    each("正文.绩效管理情况")
    p("综合评价分析", "Heading 1")
    p("自评结论综述", "Heading 2")
    p(
        "从总体评分结果看，{{ 年度 }}年本部门{{ 正文.自评结论|join }}，整体自评得分{{ 自评总分 }}分，"
        "评价等级为“{{ 评价等级 }}”。{{ 正文.问题概述|join }}"
    )
    p("各项工作任务绩效目标完成情况分析", "Heading 2")
    p(
        "对{{ 年度 }}年本部门{% for 类 in 一级指标 %}{{ 类.名称 }}情况{% if not loop.last %}、{% endif %}{% endfor %}"
        "综合分析以及评价，各项指标完成情况具体分析如下："
    )
    each(
        "一级指标",
        "{{ 类.名称 }}：分值{{ 类.分值 }}分，自评分{{ 类.自评分 }}分{% if 类.扣分原因 %}，扣分原因："
        "{% for 扣 in 类.扣分原因 %}{{ 扣.原因 }}，扣{{ 扣.扣分 }}分{% if not loop.last %}；{% endif %}{% endfor %}"
        "{% endif %}。",
        "编号1.",
        "类",
    )
    p("各重点任务项目支出完成情况分析", "Heading 2")
    each("正文.项目管理情况")
    each(
        "重点项目",
        "{{ 项.名称 }}，{{ 项.资金来源 }}预算{{ 项.预算数 }}万元，共支出{{ 项.支出数 }}万元"
        "{% if 项.执行率 %}，执行率为{{ 项.执行率 }}{% endif %}。",
        "编号1.",
        "项",
    )
    p("主要工作成效", "Heading 2")
    each("正文.主要工作成效")
    p("存在的主要问题", "Heading 1")
    each("存在问题", "{{ 条 }}", "编号（一）", "条")
    p("下一步改进措施", "Heading 1")
    each("改进措施", "{{ 条 }}", "编号（一）", "条")
    p("附件", "Heading 1")
    p("部门整体支出绩效自评表。")
    p("{{ 单位名称 }}", "落款")
    p("{{ 报告日期|中文日期 }}", "成文日期")

    p("附件", "附件标记")
    p("部门整体支出绩效自评表（{{ 年度 }}年度）", "表格标题")
    # -- labels are broken where the meaning allows ("\n" is a line break): the generator sizes each column
    #    so that no line of a label breaks again --
    head = _table(doc, 5)
    _row(head, 0, ["部门（单位）\n名称", "{{ 单位名称 }}"], [1, 5], ["表格表头", "表格居中"])
    _row(
        head,
        1,
        [
            "全年预算数\n（万元）",
            "{{ 全年预算数 }}",
            "全年执行数\n（万元）",
            "{{ 全年执行数 }}",
            "预算执行率",
            "{{ 预算执行率 }}",
        ],
        styles=["表格表头", "表格数字", "表格表头", "表格数字", "表格表头", "表格数字"],
    )
    _row(head, 2, ["年度整体\n绩效目标", "{{ 正文.绩效目标|join }}"], [1, 5], ["表格表头", "表格文字"])
    _row(head, 3, ["目标完成\n情况", "{{ 自评表.目标完成情况 }}"], [1, 5], ["表格表头", "表格文字"])
    _row(head, 4, ["未完成原因", "{{ 自评表.未完成原因 }}"], [1, 5], ["表格表头", "表格文字"])

    table = _table(doc, 8)
    _row(
        table,
        0,
        ["一级指标", "二级指标", "三级指标\n（评分要点）", "分值", "自评分", "扣分原因"],
        styles=["表格表头"] * 6,
    )
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _row(table, 1, ["{%tr for 类 in 一级指标 %}"], [6])
    _row(table, 2, ["{%tr for 行 in 类.指标 %}"], [6])
    _row(
        table,
        3,
        [
            "{{ 类.名称 }}\n（{{ 类.分值 }}分）{% vm %}",
            "{{ 行.二级指标 }}",
            "{{ 行.三级指标 }}",
            "{{ 行.分值 }}",
            "{{ 行.自评分 }}",
            "{% for 扣 in 行.扣分原因 %}{{ 扣.原因 }}，扣{{ 扣.扣分 }}分{% if not loop.last %}；{% endif %}{% endfor %}",
        ],
        styles=["表格居中", "表格文字", "表格文字", "表格数字", "表格数字", "表格文字"],
    )
    _row(table, 4, ["{%tr endfor %}"], [6])
    _row(table, 5, ["{%tr endfor %}"], [6])
    _row(
        table,
        6,
        ["合计", "{{ 满分 }}", "{{ 自评总分 }}", ""],
        [3, 1, 1, 1],
        ["表格表头", "表格数字", "表格数字", "表格文字"],
    )
    _row(table, 7, ["评价等级", "{{ 评价等级 }}"], [3, 3], ["表格表头", "表格居中"])


def _package(doc: Document) -> None:
    """Drop what python-docx's default file carries that a report should not.

    - word/stylesWithEffects.xml: a Word 2010 copy of the styles that drifts from styles.xml once they are
      edited (validators flag the drift; Word rebuilds the part when it needs it);
    - docProps/thumbnail.jpeg: a preview of an empty page, shown by file browsers for every report;
    - the Japanese theme language: Chinese theme fonts for any run that names none.
    """
    for rel in list(doc.part.rels.values()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel.rId)
    package_rels = doc.part.package.rels
    for rid in [r.rId for r in package_rels.values() if r.reltype.endswith("/thumbnail")]:
        package_rels.pop(rid)
    settings = doc.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids"):
        for child in settings.findall(qn(tag)):
            settings.remove(child)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def build(path: Path) -> None:
    """Write the template to `path`."""
    doc = Document()
    _package(doc)
    _styles(doc)
    _page_setup(doc)
    # -- the default template starts with one empty paragraph: drop it --
    body = doc.element.body
    for paragraph in list(body.findall(qn("w:p"))):
        body.remove(paragraph)
    _body(doc)
    props = doc.core_properties
    props.title, props.author, props.comments = "部门整体支出绩效自评报告模板", "", ""
    props.last_modified_by = ""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


# -- `make template` overwrites only the template this script wrote last: it keeps the sha256 of what it
#    wrote beside it, and a template whose bytes differ was edited in Word since --


def _stamp(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edited_since_built(path: Path) -> bool:
    """Return whether the template at `path` differs from the one this script last wrote there."""
    stamp = _stamp(path)
    return path.exists() and (not stamp.exists() or stamp.read_text(encoding="utf-8").split()[0] != _sha256(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", default="templates/report.docx", type=Path)
    parser.add_argument("--force", action="store_true", help="overwrite an existing template")
    parser.add_argument(
        "--unless-edited",
        action="store_true",
        help="overwrite the template only if nobody edited it since it was built",
    )
    args = parser.parse_args(argv)
    if args.path.exists() and not args.force:
        if not args.unless_edited:
            print(f"{args.path} 已存在；模板以 Word 中编辑的版本为准。确需重建请加 --force。", file=sys.stderr)
            return 1
        if edited_since_built(args.path):
            print(
                f"{args.path} 在上次由本脚本生成之后被修改过（或不是本脚本生成的），为免丢失在 Word 中所做的修改，"
                f"没有覆盖。请先备份它；确需重建请运行 make template FORCE=1。",
                file=sys.stderr,
            )
            return 1
    build(args.path)
    _stamp(args.path).write_text(f"{_sha256(args.path)}  {args.path.name}\n", encoding="utf-8")
    print(args.path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
