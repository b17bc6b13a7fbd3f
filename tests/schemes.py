"""Templates of other cities' schemes, built from small scripts, and the workbooks they are built with.

Each scheme starts from the shipped template's styles and page set-up (so it follows any change of
the look), empties the body, and writes its own outline: a maintainer would do the same in Word.
`python -m tests.schemes FOLDER` writes the three templates to FOLDER, to open them in Word.

- `outline_dun`: another outline, numbered 一、（一）1、（1） with lists 1、 and ①, set in a
  “编号设置” table; figures printed with filters (|万元, |百分比, |分, |中文日期, |合计).
- `optional_section`: the shipped outline without the project section (the 重点项目 sheet is then
  not needed) and with an optional 下一步工作计划 section guarded by {%p if %}.
- `extra_column`: a 自评表 with an extra 指标解释 column (an extra column of 评分明细), 合计 rows
  computed with |合计, and a project table with its own 合计 row; lists numbered by a style named “编号1、”.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tests.workbooks import DEPT2_PATH, SAMPLE_PATH, TEMPLATE, Mutation, drop_sheet, mutated

Rows = Sequence[Sequence[str]]


class Writer:
    """Writes a template's body on the shipped template's styles."""

    def __init__(self, source: Path = TEMPLATE) -> None:
        self.doc = Document(str(source))
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)

    def p(self, text: str, style: str = "Normal") -> None:
        self.doc.add_paragraph(text, style=style)

    def each(self, expr: str, body: str = "{{ 段 }}", style: str = "Normal", var: str = "段") -> None:
        self.p(f"{{%p for {var} in {expr} %}}")
        self.p(body, style)
        self.p("{%p endfor %}")

    def table(self, rows: Rows, header: bool = True) -> None:
        """Add a bordered table; a row of one cell starting with {%tr spans the whole row."""
        body = self.doc.element.body
        last = body[-2] if len(body) > 1 else None
        if last is not None and last.tag == qn("w:tbl"):
            self.p("", "表格间隔")  # -- two adjacent tables would be joined into one --
        width = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for row, texts in zip(table.rows, rows, strict=True):
            cells = row.cells
            if len(texts) == 1 and width > 1:
                cells = [cells[0].merge(cells[-1])]
            for cell, text in zip(cells, texts, strict=False):
                cell.paragraphs[0].text = text
                cell.paragraphs[0].style = "表格居中"
        if header:
            table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    def list_style(self, name: str) -> None:
        """Add a paragraph style `name` based on Normal (a style named 编号1、 numbers a list 1、 2、 …)."""
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.doc.styles["Normal"]

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))
        return path


def outline_dun(path: Path) -> Path:
    w = Writer()
    w.p("{{ 单位名称 }}{{ 年度 }}年度部门整体支出绩效自评报告", "Title")
    w.p("部门基本情况", "Heading 1")
    w.p("主要职能", "Heading 2")
    w.each("正文.部门职能导语")
    w.each("部门职能", "{{ 条 }}", "编号（一）", "条")
    w.p("机构设置", "Heading 2")
    w.each("正文.机构设置")
    w.p("预算执行情况", "Heading 1")
    w.p(
        "{{ 年度 }}年全年预算{{ 全年预算数|万元 }}，支出{{ 全年执行数|万元 }}，结余{{ (全年预算数 - 全年执行数)|万元 }}，"
        "预算执行率{{ 预算执行率 }}。重点项目{{ 重点项目|length }}个，预算合计{{ 重点项目|合计('预算数')|万元 }}，"
        "支出合计{{ 重点项目|合计('支出数')|万元 }}。"
    )
    w.each(
        "重点项目",
        "{{ 项.名称 }}：预算{{ 项.预算数|万元 }}，支出{{ 项.支出数|万元 }}，执行率{{ 项.执行率 }}"
        "{% if 项.执行率 < 90 %}，执行偏慢{% endif %}。",
        "编号1.",
        "项",
    )
    w.p("绩效自评结论", "Heading 1")
    w.p("自评得分", "Heading 2")
    w.p(
        "本部门自评得分{{ 自评总分|分 }}（满分{{ 满分|分 }}），评价等级为“{{ 评价等级 }}”。"
        "高标准农田新建{{ 统计数据.新建高标准农田面积 }}，培训{{ 统计数据.农民技能培训人次.数值 }}人次。"
    )
    w.p("分项得分", "Heading 2")
    w.each(
        "一级指标",
        "{{ 类.名称 }}：{{ 类.分值|分 }}，得{{ 类.自评分|分 }}{% if 类.自评分 < 类.分值 %}，"
        "失{{ (类.分值 - 类.自评分)|分 }}{% endif %}。",
        "编号1.",
        "类",
    )
    w.p("问题和改进措施", "Heading 1")
    w.p("存在问题", "Heading 2")
    w.each("存在问题", "{{ 条 }}", "编号（一）", "条")
    w.p("改进措施", "Heading 2")
    w.each("改进措施", "{{ 条 }}", "编号（一）", "条")
    w.p("{{ 单位名称 }}")
    w.p("{{ 报告日期|中文日期 }}")
    w.table(
        [
            ["编号设置", "", ""],
            ["样式", "级别", "格式"],
            ["Heading 1", "1", "一、"],
            ["Heading 2", "2", "（一）"],
            ["Heading 3", "3", "1、"],
            ["Heading 4", "4", "（1）"],
            ["编号1.", "列表", "1、"],
            ["编号（一）", "列表", "①"],
        ],
        header=False,
    )
    return w.save(path)


def optional_section(path: Path) -> Path:
    w = Writer()
    w.p("{{ 单位名称 }}{{ 年度 }}年部门整体支出绩效自评报告", "Title")
    w.p("基本情况", "Heading 1")
    w.p("部门职能", "Heading 2")
    w.each("正文.部门职能导语")
    w.each("部门职能", "{{ 条 }}", "编号（一）", "条")
    w.p("部门整体收支情况", "Heading 2")
    w.p("{{ 年度 }}年全年预算数{{ 全年预算数 }}万元，全年执行数{{ 全年执行数 }}万元，预算执行率为{{ 预算执行率 }}。")
    w.p("综合评价分析", "Heading 1")
    w.p(
        "整体自评得分{{ 自评总分 }}分，评价等级为“{{ 评价等级 }}”。"
        "{% if 正文.问题概述 %}{{ 正文.问题概述|join }}{% endif %}"
    )
    w.each(
        "一级指标",
        "{{ 类.名称 }}：分值{{ 类.分值 }}分，自评分{{ 类.自评分 }}分。",
        "编号1.",
        "类",
    )
    w.p("存在的主要问题", "Heading 1")
    w.each("存在问题", "{{ 条 }}", "编号（一）", "条")
    w.p("{%p if 正文.下一步计划 %}")
    w.p("下一步工作计划", "Heading 1")
    w.each("正文.下一步计划")
    w.p("{%p endif %}")
    w.p("下一步改进措施", "Heading 1")
    w.each("改进措施", "{{ 条 }}", "编号（一）", "条")
    return w.save(path)


def extra_column(path: Path) -> Path:
    w = Writer()
    w.list_style("编号1、")
    w.p("{{ 单位名称 }}{{ 年度 }}年部门整体支出绩效自评表", "Title")
    w.p("重点项目", "Heading 1")
    w.each("重点项目", "{{ 项.名称 }}", "编号1、", "项")
    w.p("项目支出表", "表格标题")
    w.table(
        [
            ["项目名称", "预算数（万元）", "支出数（万元）", "执行率"],
            ["{%tr for 项 in 重点项目 %}"],
            ["{{ 项.名称 }}", "{{ 项.预算数 }}", "{{ 项.支出数 }}", "{{ 项.执行率 }}"],
            ["{%tr endfor %}"],
            [
                "合计",
                "{{ 重点项目|合计('预算数') }}",
                "{{ 重点项目|合计('支出数') }}",
                "{{ (重点项目|合计('支出数') / 重点项目|合计('预算数') * 100)|百分比 }}",
            ],
        ]
    )
    w.p("部门整体支出绩效自评表（{{ 年度 }}年度）", "表格标题")
    w.table(
        [
            ["一级指标", "二级指标", "三级指标", "指标解释", "分值", "自评分", "扣分原因"],
            ["{%tr for 类 in 一级指标 %}"],
            ["{%tr for 行 in 类.指标 %}"],
            [
                "{{ 类.名称 }}{% vm %}",
                "{{ 行.二级指标 }}",
                "{{ 行.三级指标 }}",
                "{{ 行.指标解释 }}",
                "{{ 行.分值 }}",
                "{{ 行.自评分 }}",
                "{% for 扣 in 行.扣分原因 %}{{ 扣.原因 }}（扣{{ 扣.扣分|分 }}）{% endfor %}",
            ],
            ["{%tr endfor %}"],
            ["{%tr endfor %}"],
            ["合计", "", "", "", "{{ 一级指标|合计('分值') }}", "{{ 一级指标|合计('自评分') }}", "{{ 评价等级 }}"],
        ]
    )
    return w.save(path)


def explained(book: openpyxl.Workbook) -> None:
    """Add a 指标解释 column to 评分明细, one explanation per row."""
    sheet = book["评分明细"]
    column = sheet.max_column + 1
    sheet.cell(1, column, "指标解释")
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, column, f"考核{sheet.cell(row, 3).value}的完成程度")


def planned(book: openpyxl.Workbook) -> None:
    """Add a 下一步计划 paragraph to 正文."""
    book["正文"].append(["下一步计划", "继续推进重点项目建设，加强预算执行进度管理。"])


@dataclass(frozen=True)
class Scheme:
    """A template of another scheme and how its workbook is made from a base workbook."""

    name: str
    build: Callable[[Path], Path]
    base: Path
    mutations: tuple[Mutation, ...] = ()


SCHEMES = (
    Scheme("outline_dun", outline_dun, DEPT2_PATH),
    Scheme("optional_section", optional_section, SAMPLE_PATH, (drop_sheet("重点项目"),)),
    Scheme("extra_column", extra_column, DEPT2_PATH, (explained,)),
)


def workbook(scheme: Scheme, folder: Path) -> Path:
    """Return the workbook `scheme` is built from, written in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    return mutated(scheme.base, folder, *scheme.mutations)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "schemes")
    for item in SCHEMES:
        print(item.build(out / f"{item.name}.docx"))
