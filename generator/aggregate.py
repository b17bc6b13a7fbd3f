"""Compute what the report prints: totals, rates, scores, the grade, and text with figures cited.

Pure functions over a validated `Workbook`; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from generator import figures, placeholders
from generator.checks import grade_for
from generator.filters import Figure
from generator.models import (
    CategoryLine,
    DeductionLine,
    IndicatorLine,
    Para,
    ProjectLine,
    ReportData,
    Text,
    Workbook,
    WorkSection,
)

ZERO = Decimal(0)


def computed_figures(book: Workbook) -> dict[str, tuple[str, str]]:
    """Return the computed figures workbook text may cite: name → (number, unit)."""
    info = book.info
    total = sum((i.score for i in book.indicators), ZERO)
    rate = figures.rate(info.spent, info.budget)
    values = {
        "单位名称": (info.unit_name.text, ""),
        "年度": (str(info.year), ""),
        "全年预算数": (figures.fmt(info.budget), "万元"),
        "全年执行数": (figures.fmt(info.spent), "万元"),
        "预算执行率": (figures.fmt(rate) if rate is not None else "—", "%"),
        "自评总分": (figures.fmt(total), ""),
        "评价等级": (grade_for(total, book) or "", ""),
    }
    assert tuple(values) == placeholders.COMPUTED
    return values


def cite(book: Workbook) -> placeholders.Lookup:
    """Return the function that prints a placeholder of `book`'s text."""
    table = computed_figures(book)
    table.update({s.name: (figures.fmt(s.value), s.unit) for s in book.stats})

    def lookup(holder: placeholders.Placeholder) -> str:
        number, unit = table[holder.name]
        return number if holder.number_only else number + unit

    return lookup


def _extra(values: dict[str, Any]) -> dict[str, Any]:
    """Return extra columns as the template sees them: numbers as figures, text as is."""
    return {name: Figure(v) if isinstance(v, Decimal) else v for name, v in values.items()}


def _paras(texts: Iterable[Text], lookup: placeholders.Lookup) -> tuple[Para, ...]:
    return tuple(Para(placeholders.substitute(t.text, lookup), t.loc) for t in texts)


def aggregate(book: Workbook) -> ReportData:
    """Return the printed figures and texts of the report of `book`."""
    lookup = cite(book)
    info = book.info
    narrative: dict[str, list[Text]] = {}
    for paragraph in book.narrative:
        narrative.setdefault(paragraph.section, []).append(paragraph.text)
    work: list[tuple[str, list[Text]]] = []
    for paragraph in book.work:
        if not work or work[-1][0] != paragraph.section:
            work.append((paragraph.section, []))
        work[-1][1].append(paragraph.text)

    projects = []
    for project in book.projects:
        rate = project.stated_rate if project.stated_rate is not None else figures.rate(project.spent, project.budget)
        projects.append(
            ProjectLine(
                project.name,
                project.source,
                Figure(project.budget),
                Figure(project.spent),
                Figure(rate, "%") if rate is not None else "",
                _extra(project.extra),
            )
        )

    deductions: dict[str, list[DeductionLine]] = {}
    for item in book.deductions:
        reason = placeholders.substitute(item.reason.text, lookup)
        deductions.setdefault(item.indicator, []).append(DeductionLine(reason, Figure(item.points), _extra(item.extra)))
    categories = []
    for category in book.categories:
        rows = [i for i in book.indicators if i.category == category.name]
        categories.append(
            CategoryLine(
                category.name,
                Figure(category.weight),
                Figure(sum((r.score for r in rows), ZERO)),
                tuple(
                    IndicatorLine(
                        r.level2,
                        r.level3,
                        Figure(r.weight),
                        Figure(r.score),
                        tuple(deductions.get(r.level3, ())),
                        _extra(r.extra),
                    )
                    for r in rows
                ),
                _extra(category.extra),
            )
        )
    computed = computed_figures(book)
    rate = figures.rate(info.spent, info.budget)
    total = sum((i.score for i in book.indicators), ZERO)
    return ReportData(
        unit_name=info.unit_name.text,
        year=info.year,
        report_date=info.report_date,
        budget=Figure(info.budget),
        spent=Figure(info.spent),
        rate=Figure(rate, "%") if rate is not None else "—%",
        duties=_paras(book.duties, lookup),
        narrative={name: _paras(texts, lookup) for name, texts in narrative.items()},
        work=tuple(WorkSection(title, _paras(texts, lookup)) for title, texts in work),
        projects=tuple(projects),
        categories=tuple(categories),
        total_weight=Figure(sum((c.weight for c in book.categories), ZERO)),
        total_score=Figure(total),
        grade=computed["评价等级"][0],
        problems=_paras(book.problems, lookup),
        measures=_paras(book.measures, lookup),
        goal_status=placeholders.substitute(info.goal_status.text, lookup),
        unfinished_reason=placeholders.substitute(info.unfinished_reason.text, lookup),
        warnings=book.warnings,
        stats={s.name: Figure(s.value, s.unit) for s in book.stats},
    )
