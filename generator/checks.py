"""Domain checks across the records of a workbook (PRODUCT.md §4): each adds findings, none raises."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from generator import figures, names, placeholders
from generator.errors import Findings, Location
from generator.models import GradeBand, Text, Workbook
from generator.schema import COUNT_UNITS, SIGNED_WORDS
from generator.text import key

LARGE_AMOUNT = Decimal(1_000_000)
"""An amount in 万元 at least this large (100 亿元) was most likely typed in 元."""

ABSURD_RATE = Decimal(1000)
"""An execution rate above this (in %) is no overspending but a unit mistake: an amount typed in 元 beside 万元."""

ABSURD_LOW_RATE = Decimal("0.1")
"""An execution rate below this (in %), with something spent, is a unit mistake too: a budget typed in 元 makes the
rate a ten-thousandth of the real one (100% prints as 0.01%). Nothing spent is typed 0, and prints as it is."""


def _check_rate(
    found: Findings, what: str, spent: Decimal, budget: Decimal, loc: Location, budget_loc: Location | None = None
) -> bool:
    """Refuse a rate the report would print that no real spending has (its amounts are in different units):
    above `ABSURD_RATE` at the spent cell, below `ABSURD_LOW_RATE` at `budget_loc`; return whether it was refused."""
    computed = figures.rate(spent, budget)
    if _absurd(spent, budget, budget_loc is not None) == "high":
        assert computed is not None
        found.fail(
            "rate_absurd",
            f"{what}：支出 {figures.fmt(spent)} 万元是预算 {figures.fmt(budget)} 万元的 "
            f"{figures.fmt_percent(computed)}，不可能是实际执行率。请检查单位：两个金额都应以万元填写"
            "（是否把其中一个按“元”填写了？元金额除以 10000 即为万元）。",
            loc,
            str(spent),
        )
        return True
    if _absurd(spent, budget, budget_loc is not None) == "low":
        assert budget_loc is not None
        found.fail(
            "rate_absurd",
            f"{what}：预算 {figures.fmt(budget)} 万元是支出 {figures.fmt(spent)} 万元的 "
            f"{figures.fmt(figures.round2(budget / spent))} 倍，执行率不到 {figures.fmt_percent(ABSURD_LOW_RATE)}，"
            "不可能是实际执行率。请检查单位：预算数应以万元填写（是否按“元”填写了？元金额除以 10000 即为万元，"
            f"{figures.fmt(budget)} 元即 {figures.fmt(figures.round2(budget / 10000))} 万元）。",
            budget_loc,
            str(budget),
        )
        return True
    return False


def _absurd(spent: Decimal, budget: Decimal, low_too: bool = True) -> str | None:
    """Return "high" or "low" when spent and budget are orders of magnitude apart (`_check_rate`), else None."""
    computed = figures.rate(spent, budget)
    if computed is None:
        return None
    if computed > ABSURD_RATE:
        return "high"
    if low_too and figures.round2(spent) > 0 and budget > 0 and computed < ABSURD_LOW_RATE:
        return "low"
    return None


def _duplicates(found: Findings, items: Iterable[tuple[str, Location]], what: str, code: str) -> None:
    """Refuse names that are the same once spaces, full/half width and case are set aside (`text.key`)."""
    first: dict[str, tuple[str, Location]] = {}
    for name, loc in items:
        if key(name) in first:
            earlier, where = first[key(name)]
            same = "" if earlier == name else f"（与“{earlier}”只差空格、全角半角或大小写）"
            found.fail(
                code,
                f"{what}“{name}”重复{same}（首次出现在 {where.cell}）。名称不能重复，请合并或改名。",
                loc,
                name,
            )
        else:
            first[key(name)] = (name, loc)


def _check_signs(
    found: Findings, pairs: list[tuple[str, Decimal, Location]], absurd: frozenset[Location] = frozenset()
) -> None:
    """Negative amounts, and amounts so large they look like 元 (not at the `absurd` cells: rate_absurd says so)."""
    for what, amount, loc in pairs:
        if amount < 0:
            found.fail("negative_amount", f"{what}是负数（{amount}），金额不能为负，请改正。", loc, str(amount))
        elif amount >= LARGE_AMOUNT and loc not in absurd:
            found.warn(
                "amount_in_yuan",
                f"{what}为 {amount} 万元，数额异常大，是否误按“元”填写？请换算为万元。",
                loc,
                str(amount),
            )


def check_info_amounts(book: Workbook, found: Findings) -> None:
    """The department's amounts: negative, expenditure above budget, amounts that look like 元."""
    info = book.info
    if info.budget is None or info.spent is None:
        return  # -- unreadable: the reading error says so --
    kind = _absurd(info.spent, info.budget)
    refused = {"high": info.locs["全年执行数"], "low": info.locs["全年预算数"]}.get(kind or "")
    _check_signs(
        found,
        [("全年预算数", info.budget, info.locs["全年预算数"]), ("全年执行数", info.spent, info.locs["全年执行数"])],
        frozenset({refused} if refused else ()),
    )
    if info.budget == 0:
        found.fail(
            "department_budget_zero",
            "全年预算数为 0，无法计算部门的预算执行率（报告和自评表都要印出这个执行率）。请填写部门全年预算数（万元）。",
            info.locs["全年预算数"],
            str(info.budget),
        )
        return
    absurd = _check_rate(found, "部门", info.spent, info.budget, info.locs["全年执行数"], info.locs["全年预算数"])
    if info.spent > info.budget and not absurd:
        found.warn(
            "spent_over_budget",
            f"全年执行数 {figures.fmt(info.spent)} 万元大于全年预算数 {figures.fmt(info.budget)} 万元，请核对。",
            info.locs["全年执行数"],
            str(info.spent),
        )


def check_report_date(book: Workbook, found: Findings) -> None:
    """A 报告日期 before the report year is over: the report describes the whole year."""
    info = book.info
    if info.year is None:
        return  # -- unreadable: the reading error says so (a missing date reads as the year's end) --
    if info.report_date < dt.date(info.year, 12, 31):
        found.warn(
            "report_date_early",
            f"报告日期 {info.report_date.isoformat()} 早于 {info.year} 年年底，而报告说的是 {info.year} 全年的情况。"
            f"请确认报告日期（通常在次年，如 {info.year + 1}-03-31）和年度是否填对。",
            info.locs["报告日期"],
            info.report_date.isoformat(),
        )


def check_names(book: Workbook, found: Findings) -> None:
    """A 单位名称 too long for a file name or a Word document property (they use a shortened one)."""
    unit = book.info.unit_name
    if unit.text and names.is_long(unit.text):
        found.warn(
            "unit_name_long",
            f"单位名称有 {len(unit.text)} 个字，超出文件名和 Word 文档属性所能容纳的长度："
            f"报告正文照印全称，文件名和文档属性中用截短的“{names.file_unit(unit.text)}”。"
            "请确认单位名称填得对（是否把几个单元格的内容粘在了一起）。",
            unit.loc,
            unit.text[:40] + "…",
        )


def check_amounts(book: Workbook, found: Findings) -> None:
    """The projects' amounts: negative, above budget, like 元, zero budgets, stated rates."""
    info = book.info
    pairs = []
    for project in book.projects:
        pairs += [
            (f"项目“{project.name}”的预算数", project.budget, project.locs.get("预算数", project.loc)),
            (f"项目“{project.name}”的支出数", project.spent, project.locs.get("支出数", project.loc)),
        ]
    refused = {
        project.locs.get("支出数" if kind == "high" else "预算数", project.loc)
        for project in book.projects
        if (kind := _absurd(project.spent, project.budget))
    } | {
        project.locs.get("预算数", project.loc)
        for project in book.projects
        if info.budget is not None and figures.round2(info.budget) > 0 and project.budget >= 10 * info.budget
    }
    _check_signs(found, pairs, frozenset(refused))
    for project in book.projects:
        absurd = _check_rate(
            found,
            f"项目“{project.name}”",
            project.spent,
            project.budget,
            project.locs.get("支出数", project.loc),
            project.locs.get("预算数", project.loc),
        )
        if project.spent > project.budget and not absurd:
            found.warn(
                "spent_over_budget",
                f"项目“{project.name}”的支出数 {figures.fmt(project.spent)} 万元大于预算数 {figures.fmt(project.budget)} 万元，请核对。",
                project.locs.get("支出数", project.loc),
                str(project.spent),
            )
        budget_loc = project.locs.get("预算数", project.loc)
        if info.budget is not None and figures.round2(info.budget) > 0 and project.budget >= 10 * info.budget:
            if _absurd(project.spent, project.budget) != "low":
                found.fail(
                    "project_over_department",
                    f"项目“{project.name}”的预算数 {figures.fmt(project.budget)} 万元是部门全年预算数 "
                    f"{figures.fmt(info.budget)} 万元的 {figures.fmt(figures.round2(project.budget / info.budget))} 倍，"
                    "项目预算是部门预算的一部分，不可能大这么多。请检查单位：是否按“元”填写了？元金额除以 10000 即为万元。",
                    budget_loc,
                    str(project.budget),
                )
        elif info.budget is not None and info.budget > 0 and info.budget < project.budget < LARGE_AMOUNT:
            found.warn(
                "amount_in_yuan",
                f"项目“{project.name}”的预算数大于部门全年预算数，是否误按“元”填写？请换算为万元。",
                project.locs.get("预算数", project.loc),
                str(project.budget),
            )
        if figures.rate(project.spent, project.budget) is None and project.stated_rate is None:
            # -- a project may have received no funds this year: it is reported, without a rate --
            found.warn(
                "zero_budget",
                f"项目“{project.name}”的预算数为 0，报告照印这个项目，但不写执行率。"
                "若项目确实没有预算，可保留；否则请填写预算数。",
                project.locs.get("预算数", project.loc),
            )
        if project.stated_rate is not None:
            interval = figures.rate_interval(project.spent, project.budget)
            if interval and not interval[0] <= project.stated_rate <= interval[1]:
                computed = figures.rate(project.spent, project.budget)
                assert computed is not None
                low = interval[0].quantize(figures.CENT, rounding=ROUND_CEILING)
                high = interval[1].quantize(figures.CENT, rounding=ROUND_FLOOR)
                allowed = (
                    f"{figures.fmt_percent(low)}"
                    if low == high
                    else f"{figures.fmt_percent(low)} 至 {figures.fmt_percent(high)} 之间"
                )
                # -- a warning, not an error: the stated rate may come from amounts in 元 that the
                #    workbook does not hold; the reviewer decides, with the comment in the report --
                found.warn(
                    "rate_inconsistent",
                    f"项目“{project.name}”填写的执行率 {figures.fmt_percent(project.stated_rate)} 与金额不符："
                    f"{figures.fmt(project.spent)} ÷ {figures.fmt(project.budget)} = {figures.fmt_percent(computed)}，"
                    f"考虑金额的四舍五入，执行率应为 {allowed}。报告印出填写的执行率；"
                    "请核对金额或执行率，或把执行率留空由程序计算。",
                    project.locs.get("执行率", project.loc),
                    str(project.stated_rate),
                )
    _duplicates(found, ((p.name, p.loc) for p in book.projects), "项目名称", "duplicate_project")


def check_scores(book: Workbook, found: Findings) -> None:
    """Weights, scores, deductions, the stated total and grade."""
    _duplicates(found, ((c.name, c.loc) for c in book.categories), "一级指标", "duplicate_category")
    _duplicates(found, ((i.level3, i.loc) for i in book.indicators), "三级指标", "duplicate_indicator")
    total_weight = sum((c.weight for c in book.categories), Decimal(0))
    if book.categories and total_weight != 100:
        found.fail(
            "weights_not_100",
            f"一级指标分值合计为 {figures.fmt(total_weight)}，应为 100。请调整各一级指标的分值。",
            Location(book.path, "一级指标"),
            str(total_weight),
        )
    categories = {c.name: c for c in book.categories}
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    for row in book.indicators:
        if row.category not in categories:
            found.fail(
                "unknown_category",
                f"一级指标“{row.category}”不在“一级指标”表中。{_suggest(row.category, categories)}",
                row.loc,
                row.category,
            )
        if row.weight < 0 or row.score < 0 or row.score > row.weight:
            found.fail(
                "score_out_of_range",
                f"“{row.level3}”的自评分 {figures.fmt(row.score)} 应在 0 至分值 {figures.fmt(row.weight)} 之间，请改正自评分或分值。",
                row.locs.get("自评分", row.loc),
                str(row.score),
            )
        by_category[row.category] += row.weight
    for category in book.categories:
        if category.name not in by_category:
            found.fail(
                "category_without_rows",
                f"一级指标“{category.name}”在“评分明细”中没有任何指标行，请补充。",
                category.loc,
            )
        elif by_category[category.name] != category.weight:
            found.fail(
                "category_weight_mismatch",
                f"“{category.name}”各指标行分值之和为 {figures.fmt(by_category[category.name])}，"
                f"与一级指标分值 {figures.fmt(category.weight)} 不符。请调整一级指标分值或“评分明细”中各行的分值。",
                category.locs.get("分值", category.loc),
            )
    indicators = {i.level3: i for i in book.indicators}
    deducted: dict[str, Decimal] = defaultdict(Decimal)
    for item in book.deductions:
        if item.indicator not in indicators:
            found.fail(
                "unknown_indicator",
                f"三级指标“{item.indicator}”不在“评分明细”中。{_suggest(item.indicator, indicators)}",
                item.loc,
                item.indicator,
            )
        if item.points <= 0:
            found.fail(
                "deduction_not_positive",
                "扣分应为大于 0 的分数；没有扣分的原因请删去这一行。",
                item.locs.get("扣分", item.loc),
                str(item.points),
            )
        deducted[item.indicator] += item.points
    for row in book.indicators:
        lost = row.weight - row.score
        if not 0 <= row.score <= row.weight:
            continue  # -- score_out_of_range says what is wrong; a "negative deduction" would mislead --
        if deducted[row.level3] != lost:
            if deducted[row.level3] == 0:
                msg = f"“{row.level3}”得分比分值少 {figures.fmt(lost)} 分，但“扣分明细”中没有扣分原因，请在“扣分明细”中补充。"
            else:
                msg = (
                    f"“{row.level3}”的扣分合计 {figures.fmt(deducted[row.level3])} 分，"
                    f"与分值减自评分（{figures.fmt(lost)} 分）不符。请核对“扣分明细”中的扣分或这里的自评分。"
                )
            found.fail("deductions_mismatch", msg, row.locs.get("自评分", row.loc))


def check_grade(book: Workbook, found: Findings) -> None:
    """The stated total and grade against the scores; the grade bands."""
    total = sum((i.score for i in book.indicators), Decimal(0))
    info = book.info
    if info.stated_total is not None and figures.round2(info.stated_total) != figures.round2(total):
        found.fail(
            "total_mismatch",
            f"填写的自评总分 {figures.fmt(info.stated_total)} 与各指标自评分之和 {figures.fmt(total)} 不符。请改正，或留空由程序计算。",
            info.locs["自评总分"],
            str(info.stated_total),
        )
    _duplicates(found, ((g.name, g.loc) for g in book.grades), "等级", "duplicate_grade")
    gap = _check_bands(book, found)
    grade = grade_for(total, book)
    if grade is None and not gap:
        found.fail(
            "no_grade",
            f"总分 {figures.fmt(total)} 低于所有等级的最低分，请检查“评价等级”表。",
            Location(book.path, "评价等级"),
        )
    elif grade is not None and info.stated_grade is not None and info.stated_grade != grade:
        found.fail(
            "grade_mismatch",
            f"填写的评价等级“{info.stated_grade}”与按总分 {figures.fmt(total)} 评出的“{grade}”不符。请改正，或留空由程序评定。",
            info.locs["评价等级"],
            info.stated_grade,
        )


def _check_bands(book: Workbook, found: Findings) -> bool:
    """Every total from 0 to 100 must earn exactly one grade: the lowest band starts at 0 and no two bands start at
    the same score (a band holds the totals from its 最低分 up to the next band's). Return whether scores below
    the lowest band are left without a grade."""
    if not book.grades:
        return False
    first: dict[Decimal, GradeBand] = {}
    for band in book.grades:
        same = first.get(band.min_score)
        if same is not None and key(same.name) != key(band.name):  # -- the same grade twice: duplicate_grade --
            found.fail(
                "grade_bands",
                f"等级“{band.name}”与“{same.name}”（{same.loc.cell}）的最低分都是 {figures.fmt(band.min_score)}，"
                f"总分达到 {figures.fmt(band.min_score)} 时无法确定是哪一个等级。请改正其中一个的最低分，或删去多余的一行。",
                band.min_loc or band.loc,
                str(band.min_score),
            )
        else:
            first[band.min_score] = band
    mins = [g.min_score for g in book.grades]
    if len(first) == len(mins) and mins != sorted(mins) and mins != sorted(mins, reverse=True):
        # -- the sheet lists the grades in order; a 最低分 out of that order gives a grade the wrong band --
        step = -1 if mins[0] > mins[-1] else 1
        at = next(i for i in range(1, len(mins)) if (mins[i] - mins[i - 1]) * step < 0)
        band, before = book.grades[at], book.grades[at - 1]
        found.fail(
            "grade_bands",
            f"等级按顺序排列，最低分应逐行{'减小' if step < 0 else '增大'}，但“{band.name}”的最低分 "
            f"{figures.fmt(band.min_score)} 与上一行“{before.name}”的 {figures.fmt(before.min_score)} 次序相反，"
            f"总分 {figures.fmt(max(band.min_score, before.min_score))} 以上会评为“"
            f"{band.name if band.min_score > before.min_score else before.name}”。请核对这两个最低分。",
            band.min_loc or band.loc,
            str(band.min_score),
        )
    lowest = min(book.grades, key=lambda g: g.min_score)
    if lowest.min_score > 0:
        found.fail(
            "grade_bands",
            f"最低的等级“{lowest.name}”的最低分是 {figures.fmt(lowest.min_score)}，总分低于 "
            f"{figures.fmt(lowest.min_score)} 时没有任何等级。请把最低一档的最低分改为 0，"
            "或在表末加一档（如“差”，最低分 0）。",
            lowest.min_loc or lowest.loc,
            str(lowest.min_score),
        )
        return True
    return False


def grade_for(total: Decimal, book: Workbook) -> str | None:
    """Return the highest grade whose lowest score `total` reaches; `None` when none does."""
    bands = sorted(book.grades, key=lambda g: g.min_score, reverse=True)
    return next((band.name for band in bands if total >= band.min_score), None)


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.4)
    return f"是否应为“{close[0]}”？" if close else "请检查名称是否写错。"


def check_texts(book: Workbook, found: Findings) -> None:
    """Placeholders that cite unknown figures; duplicate figure names."""
    _duplicates(found, ((s.name, s.locs.get("名称", s.loc)) for s in book.stats), "统计数据名称", "duplicate_stat")
    known = {s.name for s in book.stats} | set(placeholders.COMPUTED)
    for stat in book.stats:
        if stat.name in placeholders.COMPUTED:
            found.fail(
                "stat_shadows_computed",
                f"“{stat.name}”是程序计算的数字，统计数据不能用这个名称，请改名。",
                stat.locs.get("名称", stat.loc),
            )
    texts = [
        *book.duties,
        *(p.text for p in book.narrative),
        *(p.text for p in book.work),
        *(d.reason for d in book.deductions),
        *book.problems,
        *book.measures,
        book.info.goal_status,
        book.info.unfinished_reason,
    ]
    for text in texts:
        for holder in placeholders.find(text.text):
            if holder.name not in known:
                found.fail(
                    "unknown_placeholder",
                    f"{holder.source} 引用的数字“{holder.name}”不存在。{_suggest(holder.name, known)}"
                    "可引用的名称见“统计数据”表，以及：" + "、".join(placeholders.COMPUTED) + "。",
                    text.loc,
                    holder.source,
                )


_NAME_SUFFIXES = ("人数", "人次", "金额", "户数", "次数", "数量", "数", "率")
"""Endings stripped from a figure's name to find the words that introduce it in prose: 某某人数 → 某某."""


def _keyword(name: str) -> str:
    for suffix in _NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def check_typed_figures(book: Workbook, found: Findings) -> None:
    """A figure typed in prose that disagrees with the named figure of the same words and unit.

    A workbook may cite a figure by name in one paragraph and type a different value for the same
    thing in another; the typed one is pointed at, and the reviewer decides which is right.
    """
    texts = [*(p.text for p in book.narrative), *(p.text for p in book.work)]
    if book.info.goal_status.text:
        texts.append(book.info.goal_status)
    for stat in book.stats:
        if not stat.unit:
            continue
        typed = re.compile(
            re.escape(_keyword(stat.name)) + r"[^\d，。；：、]{0,4}?(\d+(?:\.\d+)?)" + re.escape(stat.unit)
        )
        for text in texts:
            prose = placeholders.substitute(text.text, lambda _: "")
            for match in typed.finditer(prose):
                if figures.round2(Decimal(match[1])) != figures.round2(stat.value):
                    found.warn(
                        "typed_figure_differs",
                        f"文字中写的“{match[0]}”与统计数据“{stat.name}”（{figures.fmt(stat.value)}{stat.unit}）不一致。"
                        f"若是同一个数字，请改为引用 {{{{{stat.name}}}}}；若确是不同口径，请在文字中写明。",
                        text.loc,
                        match[0],
                    )


def check_repeated_texts(book: Workbook, found: Findings) -> None:
    """A list item or paragraph that repeats an earlier one of the same list, section or sub-section word for word
    (spaces and width aside): a row copied and pasted once too often, which the report would print twice."""
    lists: dict[str, list[Text]] = {
        "部门职能": list(book.duties),
        "存在问题": list(book.problems),
        "改进措施": list(book.measures),
    }
    for paragraph in book.narrative:
        lists.setdefault(f"正文“{paragraph.section}”", []).append(paragraph.text)
    for paragraph in book.work:
        lists.setdefault(f"重点工作“{paragraph.section}”", []).append(paragraph.text)
    for item in book.deductions:
        lists.setdefault(f"扣分明细“{item.indicator}”", []).append(item.reason)
    for where, texts in lists.items():
        first: dict[str, Location] = {}
        for text in texts:
            seen = first.setdefault(key(text.text), text.loc)
            if seen is not text.loc:
                found.fail(
                    "duplicate_text",
                    f"这一行与 {seen.cell} 的内容完全相同（{where}），报告会把它印两遍，多半是复制粘贴时多贴了一行。"
                    "请删去重复的一行。",
                    text.loc,
                    text.text[:40],
                )


def is_count(unit: str) -> bool:
    """Return whether `unit` counts things (人, 场, 万人次 …: `schema.COUNT_UNITS` after a magnitude)."""
    return unit.lstrip("十百千万亿") in COUNT_UNITS or unit in COUNT_UNITS


def check_stat_signs(book: Workbook, found: Findings) -> None:
    """A negative statistic whose name does not say it may be negative (`schema.SIGNED_WORDS`).

    In a count unit it is an error: no count is below zero, and the report would print "-5场". In any
    other unit (%, 万元, none) a negative may be real (a fall), so it is a warning the reviewer sees.
    """
    for stat in book.stats:
        if stat.value >= 0 or any(word in stat.name for word in SIGNED_WORDS):
            continue
        shown = f"{figures.fmt(stat.value)}{stat.unit}"
        if is_count(stat.unit):
            found.fail(
                "negative_count",
                f"统计数据“{stat.name}”是 {shown}：以“{stat.unit}”计的数量不能是负数，报告会印出“{shown}”。"
                f"请填写实际的数量；若要写比上年减少了多少，请把名称改成含“增减”“同比”等字样的名称，并在文字中写明。",
                stat.loc,
                str(stat.value),
            )
        else:
            found.warn(
                "negative_stat",
                f"统计数据“{stat.name}”是负数（{shown}），报告照印“{shown}”。若确是下降或亏损，"
                "请在名称中写明（如“增长率”“增减”“同比”），本提示即不再出现；否则请改正数值。",
                stat.loc,
                str(stat.value),
            )


CHECKS: tuple[tuple[Callable[[Workbook, Findings], None], frozenset[str]], ...] = (
    (check_info_amounts, frozenset()),
    (check_names, frozenset()),
    (check_report_date, frozenset()),
    (check_amounts, frozenset()),
    (check_scores, frozenset({"一级指标", "评分明细", "扣分明细"})),
    (check_grade, frozenset({"评分明细", "评价等级"})),
    (check_texts, frozenset({"统计数据"})),
    (check_typed_figures, frozenset()),
    (check_repeated_texts, frozenset()),
    (check_stat_signs, frozenset()),
)
"""Each check and the sheets it needs whole: it runs only when those sheets read without error.

A check that looks at each record (or 基本信息 field) on its own needs no sheet whole: it runs on the
records that did read, so that one sheet's errors never hide another's warnings. A check that adds
up rows or looks names up across them needs the sheets it reads whole.
"""


def run_all(book: Workbook, found: Findings, broken: frozenset[str] = frozenset()) -> None:
    """Run on `book` every check that reads none of the `broken` sheets, adding findings to `found`.

    A sheet with errors has lost rows or values, and a check on it would report their consequences
    (a sum that no longer adds up) as problems of their own.
    """
    for check, sheets in CHECKS:
        if not sheets & broken:
            check(book, found)
