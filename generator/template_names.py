"""What each name the template may use means, and which workbook sheet it comes from.

The template check lists close names with their meaning ("did you mean" never picks one for the
maintainer: 全年执行数 and 全年预算数 are both figures, and the wrong one prints the wrong number), and
a sheet no name of the template comes from is neither required nor read.
"""

from __future__ import annotations

MEANINGS: dict[str, str] = {
    "单位名称": "部门（单位）全称",
    "年度": "报告年度",
    "报告日期": "报告落款日期（日期，用 |中文日期 印出）",
    "全年预算数": "部门全年预算数（数字，万元）",
    "全年执行数": "部门全年执行数，即支出（数字，万元）",
    "预算执行率": "部门预算执行率 = 全年执行数 ÷ 全年预算数（百分数）",
    "部门职能": "各条职责（文字列表）",
    "正文": "正文各章节的段落：正文.章节名",
    "重点工作": "重点工作各小节：节.标题、节.段落",
    "重点项目": "各重点项目：项.名称、项.资金来源、项.预算数、项.支出数、项.执行率",
    "一级指标": "各一级指标：类.名称、类.分值、类.自评分、类.扣分原因、类.指标",
    "满分": "一级指标分值合计（数字）",
    "自评总分": "各指标自评分之和（数字）",
    "评价等级": "按“评价等级”表算出的等级",
    "存在问题": "存在的主要问题（文字列表）",
    "改进措施": "下一步改进措施（文字列表）",
    "自评表": "自评表表头文字：自评表.目标完成情况、自评表.未完成原因",
    "统计数据": "“统计数据”表的数字：统计数据.名称（带单位印出）",
    # -- attributes of the items of the lists above --
    "名称": "名称（项目名称或一级指标名称）",
    "资金来源": "项目的资金来源",
    "预算数": "项目预算数（数字，万元）",
    "支出数": "项目支出数（数字，万元）",
    "执行率": "项目执行率（百分数）",
    "分值": "分值（数字）",
    "自评分": "自评分（数字）",
    "扣分原因": "扣分原因各条：扣.原因、扣.扣分",
    "指标": "一级指标下的各行：行.二级指标、行.三级指标、行.分值、行.自评分、行.扣分原因",
    "二级指标": "二级指标名称",
    "三级指标": "三级指标或评分要点",
    "原因": "一条扣分原因的文字",
    "扣分": "一条扣分原因扣的分数（数字）",
    "标题": "重点工作小节的标题",
    "段落": "重点工作小节的段落（文字列表）",
    "目标完成情况": "自评表“目标完成情况”一栏",
    "未完成原因": "自评表“未完成原因”一栏",
    "数值": "统计数字本身，不带单位",
    "单位": "统计数字的单位",
}
"""Name → what it means, for suggestions and docs/template.md."""

SHEET_NAMES: dict[str, frozenset[str]] = {
    "部门职能": frozenset({"部门职能"}),
    "正文": frozenset({"正文"}),
    "重点工作": frozenset({"重点工作"}),
    "重点项目": frozenset({"重点项目"}),
    "一级指标": frozenset({"一级指标", "满分", "自评总分", "评价等级"}),
    "评分明细": frozenset({"一级指标", "自评总分", "评价等级"}),
    "扣分明细": frozenset({"一级指标"}),
    "存在问题": frozenset({"存在问题"}),
    "改进措施": frozenset({"改进措施"}),
    "评价等级": frozenset({"评价等级"}),
}
"""Sheet → the template names printed from it. A sheet not listed (基本信息, 统计数据) is always read."""

RECORDS: dict[str, tuple[str, ...]] = {
    "重点项目": ("重点项目",),
    "一级指标": ("一级指标",),
    "评分明细": ("一级指标", "指标"),
    "扣分明细": ("一级指标", "指标", "扣分原因"),
}
"""Sheet → the path of names to one of its records in the template (重点项目 → 项, 评分明细 → 类.指标 → 行).
Extra columns of these sheets reach the template as attributes of the record: {{ 行.指标解释 }}."""


def describe(name: str) -> str:
    """Return `name` quoted with its meaning: “全年预算数”（部门全年预算数（数字，万元））."""
    meaning = MEANINGS.get(name)
    return f"“{name}”（{meaning}）" if meaning else f"“{name}”"
