"""The workbook's design, defined once.

Reading, checking, the documentation (`docs/workbook.md`) and the blank-workbook writer all derive
from `WORKBOOK`. Two kinds of sheet exist:

- a *field sheet* holds one value per named row: column A the field's name, column B its value;
- a *table sheet* holds a header row (row 1) naming its columns, then any number of records.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Kind(StrEnum):
    """The type a cell's value must have."""

    TEXT = "文本"
    INT = "整数"
    AMOUNT = "金额（万元）"
    NUMBER = "数值"
    PERCENT = "百分比"
    DATE = "日期"


class Carry(StrEnum):
    """What `next-year` does with a column when it makes next year's workbook from this year's."""

    KEEP = "沿用"
    """Carried as it is: names, the indicator framework, wording that stays."""
    REVISE = "沿用，待修订"
    """Carried prose: the report year in it becomes {{年度}}, the cell is highlighted and listed for revision."""
    CLEAR = "清空"
    """Filled anew each year: amounts, rates, scores, deductions, statistic values, dates."""
    NEW_YEAR = "改为新年度"
    """The report year itself."""


@dataclass(frozen=True)
class Column:
    """One column of a table sheet, or one row of a field sheet; `carry` says what next year's workbook keeps."""

    name: str
    kind: Kind = Kind.TEXT
    required: bool = True
    help: str = ""
    example: str = ""
    carry: Carry = Carry.KEEP
    numbered: bool = False
    """The report numbers this text itself: numbering typed by hand at its start is removed, with a warning."""
    groups: bool = False
    """Consecutive records may share this value, so merging its cells down across records is allowed."""
    fragment: bool = False
    """The template prints this text inside a sentence: punctuation at its end is dropped."""
    single_line: bool = False
    """A name or title printed on one line: a line break typed in the cell (Alt+Enter) is removed, with a warning."""
    unit: str | None = None
    """The unit of a number column beyond its kind's (万元, %): a unit typed or shown in a cell must be this one."""
    unit_column: str = ""
    """The column of the same row that declares this number's unit (统计数据: 单位)."""


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook: `fields` for a field sheet, `columns` for a table sheet."""

    name: str
    help: str
    columns: tuple[Column, ...]
    is_field_sheet: bool = False
    min_rows: int = 1

    def column(self, name: str) -> Column:
        """Return the column (or field) called `name`."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


FIELD_HEADER = ("项目", "内容")
"""Header row of every field sheet."""

WORKBOOK: tuple[Sheet, ...] = (
    Sheet(
        "基本信息",
        "单位和年度的基本信息、收支总数，以及自评表表头的文字。每行一项：A 列为项目名，B 列为内容。",
        (
            Column("单位名称", single_line=True, help="部门（单位）全称，用于标题、文件名和自评表。"),
            Column("年度", Kind.INT, help="报告所属年度（四位数字）。", carry=Carry.NEW_YEAR),
            Column("报告日期", Kind.DATE, help="报告落款日期，也写入 Word 文档属性。", carry=Carry.CLEAR),
            Column("全年预算数", Kind.AMOUNT, help="部门全年预算数，单位万元。", carry=Carry.CLEAR),
            Column(
                "全年执行数",
                Kind.AMOUNT,
                help="部门全年执行数（支出），单位万元。",
                example="2947.37",
                carry=Carry.CLEAR,
            ),
            Column("目标完成情况", help="自评表表头“目标完成情况”一栏的文字。", carry=Carry.REVISE),
            Column(
                "未完成原因",
                required=False,
                help="自评表表头“未完成原因”一栏的文字；全部完成可留空。",
                carry=Carry.REVISE,
            ),
            Column(
                "自评总分",
                Kind.NUMBER,
                required=False,
                unit="分",
                help="可选。填写后与各一级指标自评分之和核对；报告始终打印计算所得的总分。",
                carry=Carry.CLEAR,
            ),
            Column(
                "评价等级",
                required=False,
                single_line=True,
                help="可选。填写后与按“评价等级”表算出的等级核对；报告始终打印计算所得的等级。",
                carry=Carry.CLEAR,
            ),
        ),
        is_field_sheet=True,
    ),
    Sheet(
        "部门职能",
        "部门的主要职责，每行一条，按顺序编为（一）（二）……，编号由程序生成，不要手工输入。",
        (Column("职责", help="一条职责的完整文字。", numbered=True),),
    ),
    Sheet(
        "正文",
        "报告各节的叙述段落。每行一段；同一章节可有多行，按行的顺序成段。"
        "段落里可用 {{名称}} 引用“统计数据”表中的数字，或引用计算所得的数字（见 docs/workbook.md）。",
        (
            Column("章节", single_line=True, help="段落所属的章节名，取值见下文“正文的章节”。", groups=True),
            Column("内容", help="一个段落的文字。", carry=Carry.REVISE),
        ),
    ),
    Sheet(
        "重点工作",
        "“总体工作和重点工作任务完成情况”的各小节。每行一段；小节标题相同的相邻各行属于同一小节，"
        "小节按出现顺序编为（1）（2）……。小节标题可合并单元格。",
        (
            Column(
                "小节标题",
                help="小节的标题，不含编号。",
                single_line=True,
                numbered=True,
                groups=True,
                carry=Carry.REVISE,
            ),
            Column("内容", help="该小节的一个段落（如“一是……”）。", carry=Carry.REVISE),
        ),
    ),
    Sheet(
        "统计数据",
        "可在叙述段落中用 {{名称}} 引用的数字。引用时印出“数值+单位”；只要数值写 {{名称.数值}}。",
        (
            Column("名称", single_line=True, help="数字的名称，段落中用 {{名称}} 引用；不能重复。"),
            Column("数值", Kind.NUMBER, help="数字本身，不带单位。", carry=Carry.CLEAR, unit_column="单位"),
            Column("单位", required=False, single_line=True, help="印在数字后的单位，如 人、人次、万元、%。"),
            Column("说明", required=False, help="给填表人和审核人看的说明，不印入报告。"),
        ),
        min_rows=0,
    ),
    Sheet(
        "重点项目",
        "重点任务项目的预算和支出，每行一个项目，按顺序编为 1. 2. ……。",
        (
            Column("项目名称", numbered=True, fragment=True, single_line=True),
            Column(
                "资金来源",
                required=False,
                single_line=True,
                help="如“市区两级”；填写后印在“预算”之前。",
                fragment=True,
                groups=True,
            ),
            Column("预算数", Kind.AMOUNT, help="项目预算，单位万元。", carry=Carry.CLEAR),
            Column("支出数", Kind.AMOUNT, help="项目支出，单位万元。", carry=Carry.CLEAR),
            Column(
                "执行率",
                Kind.PERCENT,
                required=False,
                help="可选。按元计算的执行率（如 92.5%）；留空则按万元金额计算。"
                "填写后须落在两个金额四舍五入所允许的区间内。",
                carry=Carry.CLEAR,
            ),
        ),
    ),
    Sheet(
        "一级指标",
        "自评表的一级指标及其分值，按行的顺序排列；分值合计应为 100。",
        (
            Column("一级指标", help="指标名称，如“整体效能”。", numbered=True, fragment=True, single_line=True),
            Column("分值", Kind.NUMBER, unit="分"),
        ),
    ),
    Sheet(
        "评分明细",
        "自评表的指标行：每行一个三级指标（评分要点）及其分值、自评分。",
        (
            Column("一级指标", help="须是“一级指标”表中的名称。", groups=True, single_line=True),
            Column("二级指标", groups=True, single_line=True),
            Column("三级指标", help="三级指标或评分要点；在全表中不能重复。", single_line=True),
            Column("分值", Kind.NUMBER, unit="分"),
            Column("自评分", Kind.NUMBER, carry=Carry.CLEAR, unit="分"),
        ),
    ),
    Sheet(
        "扣分明细",
        "扣分原因，每行一条；一个三级指标可有多条。各条扣分之和应等于该指标的分值减自评分。",
        (
            Column("三级指标", help="须是“评分明细”表中的三级指标。", groups=True, single_line=True),
            Column("扣分原因", help="可用 {{名称}} 引用统计数据。", fragment=True, carry=Carry.REVISE),
            Column("扣分", Kind.NUMBER, carry=Carry.CLEAR, unit="分"),
        ),
        min_rows=0,
    ),
    Sheet(
        "存在问题",
        "存在的主要问题，每行一条，编为（一）（二）……。",
        (Column("问题", numbered=True, carry=Carry.REVISE),),
    ),
    Sheet(
        "改进措施",
        "下一步改进措施，每行一条，编为（一）（二）……。",
        (Column("措施", numbered=True, carry=Carry.REVISE),),
    ),
    Sheet(
        "评价等级",
        "评价等级的分数线：总分不低于“最低分”即得该等级，取满足条件的最高一档。"
        "每个总分都须恰好落在一档：最低一档的最低分为 0，各档最低分互不相同，并按行的顺序逐行减小（或逐行增大）。",
        (
            Column("等级", single_line=True, help="如 优、良、中、差。"),
            Column("最低分", Kind.NUMBER, help="该等级的最低分（含）。", unit="分"),
        ),
    ),
)

SHEETS: dict[str, Sheet] = {sheet.name: sheet for sheet in WORKBOOK}


GUIDE_SHEET = "填表说明"
"""The sheet `blank` writes first, explaining every sheet and column; it holds no data and is not read."""

EXAMPLE_MARK = "【示例】"
"""A row of a table sheet whose first cell starts with this is an example, not data: the reader skips it.
`blank` writes one such row, in grey, in each table sheet."""

TEMPLATE_SECTIONS = "模板中的章节"
"""In `CHOICES`: the values are the 正文 sections the template prints."""

CHOICES: dict[tuple[str, str], str] = {
    ("基本信息", "评价等级"): "评价等级.等级",
    ("正文", "章节"): TEMPLATE_SECTIONS,
    ("评分明细", "一级指标"): "一级指标.一级指标",
    ("扣分明细", "三级指标"): "评分明细.三级指标",
}
"""Columns with fixed choices (sheet, column) → where the choices are: "表.列" of this workbook, or the template."""

BOUNDS: dict[tuple[str, str], tuple[Decimal | None, Decimal | None]] = {
    ("基本信息", "年度"): (Decimal(2000), Decimal(2100)),
    ("基本信息", "自评总分"): (Decimal(0), Decimal(100)),
    ("一级指标", "分值"): (Decimal(0), Decimal(100)),
    ("评分明细", "分值"): (Decimal(0), Decimal(100)),
    ("评分明细", "自评分"): (Decimal(0), Decimal(100)),
    ("扣分明细", "扣分"): (Decimal(0), Decimal(100)),
    ("评价等级", "最低分"): (Decimal(0), Decimal(100)),
}
"""The range (lowest, highest; None for no limit) of a numeric column's values, beyond what its kind says.
Amounts and rates are never negative whatever this says. The blank workbook's Excel validation uses it."""

COUNT_UNITS = frozenset((
    "人", "人次", "名", "位", "户", "家", "个", "次", "场", "场次", "项", "件", "条", "份", "篇", "册", "本", "套",
    "台", "辆", "批", "期", "所", "座", "处", "间", "张", "只", "头", "支", "队", "班", "村", "宗", "起", "例", "床", "门",
))  # fmt: skip
"""Units that count things: a statistic in one of them (or in 万人, 千户 …) is never negative."""

SIGNED_WORDS = ("增长", "增减", "增幅", "增速", "增加", "变化", "变动", "同比", "环比", "差额", "差值", "净", "盈亏", "结余", "余额")  # fmt: skip
"""A statistic whose name holds one of these may be negative: a fall, a deficit. Any other negative statistic
is checked: in a count unit it is an error (there is no such count), otherwise a warning."""

EXAMPLES: dict[str, tuple[str | Decimal | None, ...]] = {
    "部门职能": (f"{EXAMPLE_MARK}贯彻执行国家和省、市有关法律法规和方针政策。",),
    "正文": (
        f"{EXAMPLE_MARK}（章节名，从下拉列表中选择）",
        "该章节的一个段落。可写 {{名称}} 引用“统计数据”表中的数字。",
    ),
    "重点工作": (f"{EXAMPLE_MARK}推进某项重点工作", "一是……；二是……。"),
    "统计数据": (f"{EXAMPLE_MARK}培训人次", Decimal(1200), "人次", "段落中写 {{培训人次}} 印出“1200人次”。"),
    "重点项目": (f"{EXAMPLE_MARK}某某专项经费", "市区两级", Decimal("120.5"), Decimal("118.2"), None),
    "一级指标": (f"{EXAMPLE_MARK}产出指标", Decimal(40)),
    "评分明细": (f"{EXAMPLE_MARK}产出指标", "数量指标", "某项工作完成数量", Decimal(10), Decimal("9.5")),
    "扣分明细": (f"{EXAMPLE_MARK}某项工作完成数量", "未全部完成年度计划", Decimal("0.5")),
    "存在问题": (f"{EXAMPLE_MARK}预算执行进度不够均衡。",),
    "改进措施": (f"{EXAMPLE_MARK}加强预算执行的跟踪和监控。",),
    "评价等级": (f"{EXAMPLE_MARK}优", Decimal(90)),
}
"""The grey example row `blank` writes in each table sheet (first cell marked with `EXAMPLE_MARK`)."""
