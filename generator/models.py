"""Frozen records handed from stage to stage: read → validate → aggregate → render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.errors import Finding, Location

# -- read ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A cell as a person sees it: its value (merged cells carry the merged value) and reference."""

    value: Any
    ref: str
    number_format: str = "General"
    is_formula_without_value: bool = False
    merged: str = ""
    """The merged range the cell belongs to, such as "C3:C4"; "" when not merged."""


@dataclass(frozen=True)
class RawSheet:
    """The non-empty rows of one sheet, header row included, each row as wide as the widest."""

    name: str
    rows: tuple[tuple[Cell, ...], ...]
    hidden: bool = False
    """Whether the sheet itself is hidden in Excel."""
    hidden_rows: frozenset[int] = frozenset()
    """Numbers of the rows hidden in Excel (hidden, filtered out or folded away) that hold something."""
    hidden_columns: frozenset[int] = frozenset()
    """Numbers (A = 1) of the columns hidden in Excel."""


@dataclass(frozen=True)
class RawWorkbook:
    """Every sheet of a workbook, by name, in the workbook's order."""

    path: str
    sheets: dict[str, RawSheet]


# -- validate -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A text from the workbook with the cell it came from."""

    text: str
    loc: Location


@dataclass(frozen=True)
class Info:
    """The 基本信息 sheet."""

    unit_name: Text
    year: int
    report_date: dt.date
    budget: Decimal
    spent: Decimal
    goal_status: Text
    unfinished_reason: Text
    stated_total: Decimal | None
    stated_grade: str | None
    locs: dict[str, Location] = field(default_factory=dict)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of narrative: its section (章节 or 小节标题) and text."""

    section: str
    text: Text
    section_loc: Location | None = None
    """The cell of `section` (for 重点工作, its 小节标题), where the report's provenance points."""


@dataclass(frozen=True)
class Stat:
    """A named figure that narrative can cite."""

    name: str
    value: Decimal
    unit: str
    loc: Location
    locs: dict[str, Location] = field(default_factory=dict)


@dataclass(frozen=True)
class Project:
    """A key project's funding; `loc` is its row's first cell, `locs` the cell of each column."""

    name: str
    source: str
    budget: Decimal
    spent: Decimal
    stated_rate: Decimal | None
    loc: Location
    locs: dict[str, Location] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    """Columns the schema does not define, by header name (a number as `Decimal`, else text)."""


@dataclass(frozen=True)
class Category:
    """A 一级指标 and its weight."""

    name: str
    weight: Decimal
    loc: Location
    locs: dict[str, Location] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    """Columns the schema does not define, by header name (a number as `Decimal`, else text)."""


@dataclass(frozen=True)
class Indicator:
    """A row of the self-evaluation table."""

    category: str
    level2: str
    level3: str
    weight: Decimal
    score: Decimal
    loc: Location
    locs: dict[str, Location] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    """Columns the schema does not define, by header name (a number as `Decimal`, else text)."""


@dataclass(frozen=True)
class Deduction:
    """One reason for points lost on an indicator."""

    indicator: str
    reason: Text
    points: Decimal
    loc: Location
    locs: dict[str, Location] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    """Columns the schema does not define, by header name (a number as `Decimal`, else text)."""


@dataclass(frozen=True)
class GradeBand:
    """A grade and the lowest total that earns it."""

    name: str
    min_score: Decimal
    loc: Location
    min_loc: Location | None = None
    """The cell of `min_score` (`loc` is the row's first cell)."""


@dataclass(frozen=True)
class Workbook:
    """Every record of a valid workbook, and the warnings found on the way."""

    path: str
    info: Info
    duties: tuple[Text, ...]
    narrative: tuple[Paragraph, ...]
    work: tuple[Paragraph, ...]
    stats: tuple[Stat, ...]
    projects: tuple[Project, ...]
    categories: tuple[Category, ...]
    indicators: tuple[Indicator, ...]
    deductions: tuple[Deduction, ...]
    problems: tuple[Text, ...]
    measures: tuple[Text, ...]
    grades: tuple[GradeBand, ...]
    warnings: tuple[Finding, ...] = ()


# -- aggregate ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """A paragraph ready to print: its text and, for review comments, where it came from."""

    text: str
    loc: Location | None = None


@dataclass(frozen=True)
class WorkSection:
    """A sub-section of 总体工作和重点工作任务完成情况."""

    title: str
    paragraphs: tuple[Para, ...]


@dataclass(frozen=True)
class ProjectLine:
    """A key project with its printed figures."""

    name: str
    source: str
    budget: str
    spent: str
    rate: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DeductionLine:
    """A printed deduction: reason and points."""

    reason: str
    points: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorLine:
    """A printed row of the self-evaluation table."""

    level2: str
    level3: str
    weight: str
    score: str
    deductions: tuple[DeductionLine, ...]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CategoryLine:
    """A printed 一级指标 with its rows and deductions."""

    name: str
    weight: str
    score: str
    indicators: tuple[IndicatorLine, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def deductions(self) -> tuple[DeductionLine, ...]:
        return tuple(d for row in self.indicators for d in row.deductions)


@dataclass(frozen=True)
class ReportData:
    """Everything the template prints; figures are `filters.Figure`s, which print in their printed form."""

    unit_name: str
    year: int
    report_date: dt.date
    budget: str
    spent: str
    rate: str
    duties: tuple[Para, ...]
    narrative: dict[str, tuple[Para, ...]]
    work: tuple[WorkSection, ...]
    projects: tuple[ProjectLine, ...]
    categories: tuple[CategoryLine, ...]
    total_weight: str
    total_score: str
    grade: str
    problems: tuple[Para, ...]
    measures: tuple[Para, ...]
    goal_status: str
    unfinished_reason: str
    warnings: tuple[Finding, ...] = ()
    stats: dict[str, str] = field(default_factory=dict)
    """The 统计数据 by name (`filters.Figure`s: numbers that print with their unit)."""
