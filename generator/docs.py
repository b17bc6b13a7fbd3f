"""Write `docs/workbook.md` from the workbook design and the template, so the two never disagree."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from generator import placeholders, template_check
from generator.schema import EXAMPLE_MARK, FIELD_HEADER, WORKBOOK

_SECTION = re.compile(r"正文\.([^\s|}%.<>]+)")


def template_sections(template: Path) -> list[str]:
    """Return the 正文 sections `template` prints, in order of first use."""
    with zipfile.ZipFile(template) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    text = re.sub(r"<[^>]+>", "", xml)
    return list(dict.fromkeys(_SECTION.findall(text)))


def workbook_markdown(template: Path) -> str:
    """Return the workbook documentation: every sheet and column, then the sections and names."""
    lines = [
        "# 工作簿说明",
        "",
        "<!-- 本文件由 `make docs` 根据 generator/schema.py 和模板生成，请勿手工修改。 -->",
        "",
        "每个单位每年填写一个 Excel 工作簿（.xlsx），放入 `inputs/`。工作簿由以下工作表组成，"
        "表名和列名必须与下文一致；表内的行数不限。“程序生成”的编号（（一）、1.、（1））不要手工输入。"
        "运行 `python -m generator blank 文件名.xlsx` 可得到一个空白工作簿：第一张表“填表说明”列出各表各列的填写规则；"
        "选中单元格时 Excel/WPS 显示该列的规则，填入不符合规则的值（如负的金额、超过 100 的分值、列表外的章节名）会被拒绝。"
        f"各表第 2 行是灰色的示例行，第一格以“{EXAMPLE_MARK}”开头，程序读取时跳过；填写时可以覆盖或删除它。",
        "",
    ]
    used = template_check.design(template)
    for sheet in WORKBOOK:
        if sheet.name not in used.sheets:
            continue
        lines += [f"## {sheet.name}", "", sheet.help, ""]
        if sheet.is_field_sheet:
            lines += [f"第 1 行为表头“{FIELD_HEADER[0]} | {FIELD_HEADER[1]}”，以下每行一项：", ""]
            lines += ["| 项目（A 列） | 类型 | 必填 | 下一年 | 说明 |", "| --- | --- | --- | --- | --- |"]
        else:
            lines += ["| 列名（第 1 行） | 类型 | 必填 | 下一年 | 说明 |", "| --- | --- | --- | --- | --- |"]
        for column in sheet.columns:
            required = "是" if column.required else "否"
            help_text = column.help + (f"例：{column.example}" if column.example else "")
            lines.append(f"| {column.name} | {column.kind.value} | {required} | {column.carry.value} | {help_text} |")
        for name in used.extra_columns.get(sheet.name, ()):
            lines.append(f"| {name} | 文本或数值 | 是 | 沿用 | 模板新增的列，按列名印出（见 docs/template.md）。 |")
        lines.append("")
    lines += [
        "“下一年”一栏说明 `python -m generator next-year` 由本年度工作簿生成下一年度工作簿时怎样处理这一列："
        "“沿用”原样保留；“清空”留待重新填写；“沿用，待修订”的文字保留，其中的本年度改为 {{年度}}，单元格标黄、"
        "加批注并列入“上年沿用”表，修订或确认之前 check 给出警告。",
        "",
        "## 正文的章节",
        "",
        "“正文”表的“章节”列取以下值（由模板决定；模板引用而工作簿没有的章节会报错）：",
        "",
    ]
    lines += [
        f"- {name}" + ("（可选：模板在有这一章节时才印出）" if name in used.optional_sections else "")
        for name in template_sections(template)
    ]
    unused = [sheet.name for sheet in WORKBOOK if sheet.name not in used.sheets]
    if unused:
        lines += ["", f"本模板不使用以下工作表，可以不填（填了也不会印入报告）：{'、'.join(unused)}。"]
    lines += [
        "",
        "## 在文字中引用数字",
        "",
        "叙述段落、扣分原因、自评表表头文字中可写 `{{名称}}`，印出“数值+单位”；写 `{{名称.数值}}` 只印数值。"
        "名称可以是“统计数据”表中的任一名称，或以下由程序计算的数字：",
        "",
    ]
    lines += [f"- {name}" for name in placeholders.COMPUTED]
    lines += [
        "",
        "## 数字的写法",
        "",
        "- 金额一律以万元为单位填数字（如 1234.5）。也接受“1,234.56”“1234.5万元”、全角数字；不接受“约300”等含糊写法。",
        "- 报告中的数字四舍五入到两位小数，去掉末尾的 0（112.8 万元、100%），不加千位分隔符。",
        "- 执行率 = 支出数 ÷ 预算数。“重点项目”表的“执行率”可留空由程序计算；填写时须与金额相符。",
        "- 单元格留空不等于 0：必填项留空会报错。",
        "",
        "## 程序怎样读取单元格：照 Excel / WPS 中看到的读，读不准就报错",
        "",
        "报告印出的就是填表人在 Excel 或 WPS 中看到的内容；一种版式可能有两种理解时，程序不猜，报出单元格并说明怎样改"
        "（各代码见 [findings.md](findings.md)）。",
        "",
        "- **数字格式**：按单元格显示的数读取。设为百分比格式的 0.54 显示 54%，读作 54%；"
        "显示的数与实际的数不同（570.456 设为一位小数显示 570.5、按千位缩放的格式）时报错 `display_differs`。"
        "千位分隔符、“万元”等单位文字、会计格式、负数红色都可以。",
        "- **执行率**：填“92.24%”、百分比格式的 0.9224，或常规格式的 92.24 都读作 92.24%。"
        "百分比格式里填 92.24（显示 9224%）报错 `percent_scale`；常规格式里填 0.9224（是 92.24% 还是 0.92%？）报错 `percent_ambiguous`。",
        "- **日期**：日期单元格显示为数字（丢了日期格式的序列号，如 45291）报错 `date_serial` 并写出它代表的日期；"
        "数字单元格设成日期格式（年度 2024 显示为 1905-07-16）报错 `shown_as_date`。",
        "- **文本数字**：“1,234.56”“１２３．４５”“570.45万元”按显示的数读取。",
        "- **数字后的单位**：数字后写的单位（“311人”“95%”“30401900元”），或单元格格式显示的单位（百分比格式、"
        "格式里的“人次”“元”等文字），须与该数字的单位相同：金额是万元，执行率是 %，分值、自评分、扣分是分，"
        "统计数据是同一行“单位”列所写的单位（“万”可代“万元”“万亩”等）。相同时照读；不同时报错，写明两者"
        "（`unit_mismatch`、`unit_format`、`percent_format`），报告不会把“95%”印成“95人”。"
        "统计数据的单位是 % 时，百分比格式的 0.9693 读作 96.93。金额带“元”“千元”“亿元”等单位时，说明写出换算成万元该填的数"
        "（“0.04206亿元”：请填 420.6）。",
        "- **负的统计数据**：名称中没有“增长”“增减”“同比”“差额”“结余”等字样的统计数据是负数时，单位是计数的单位（人、人次、"
        "场、个、次、户……）报错 `negative_count`（没有负的人数），其他单位给出警告 `negative_stat`。",
        "- **合并单元格**：只有“章节”“小节标题”“资金来源”“一级指标”“二级指标”（评分明细）、“三级指标”（扣分明细）"
        "可以向下合并，表示这几行相同；其他合并（跨记录、跨列、表头、“基本信息”表）报错 `merged_cells`，请取消合并、逐行填写。",
        "- **隐藏**：被隐藏（或被筛选掉、折叠）的行、列、工作表里有内容时报错 `hidden_row`、`hidden_column`、`hidden_sheet`："
        "看不见的内容既不印出，也不悄悄略过。请取消隐藏并检查，不需要的删除。空的隐藏行列不影响。",
        "- **不是记录的行**：记录表中的“合计”“小计”“总计”行（合计由程序计算）报错 `total_row`；"
        "“注：”“说明：”等说明行报错 `note_row`；必填列全空、只有个别单元格有字的行报错 `incomplete_row`。"
        "这几种都请删除整行。只有空格的行、空行不算内容，直接略过。",
        "- **列名和名称**：列名、项目名称、指标名称等按“去掉空格、全角半角统一、不分大小写”比较：“预 算 数”就是“预算数”；"
        "两列列名相同报错 `duplicate_column`，名称只差空格或全角半角的两条记录按重复报错。",
        "- **文字**：Excel 的转义（`_x000B_` 等）先还原；控制字符、从右到左和零宽度等看不见的字符删除并警告；"
        "报告自动编号的列表（部门职能、存在问题、改进措施、重点项目、一级指标、重点工作小节标题）开头手工输入的"
        "（一）、一、1.、（1）、① 等编号删除并警告；全角花括号“｛｛ ｝｝”或不成对的花括号报错 `placeholder_braces`；"
        "印在句中的文字（项目名称、资金来源、扣分原因、一级指标）末尾的句号等标点去掉，不会印出“。，”。",
        "- **项目预算为 0**：照印这个项目，不写执行率，并给出警告 `zero_budget`。",
        "- **一次列出全部问题**：一张表有错不会挡住其他表的问题。",
        "",
    ]
    return "\n".join(lines)
