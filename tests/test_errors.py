"""Findings print themselves with their location, in Chinese; the one error type carries them all."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

from generator.errors import Finding, Findings, GeneratorError, Location, Severity, UsageError

# fmt: off
WHERE = [
    (Location("inputs/a.xlsx", "基本信息", "B5"), "inputs/a.xlsx，基本信息!B5"),
    (Location("inputs/a.xlsx", "一级指标"), "inputs/a.xlsx，一级指标"),
    (Location("inputs/a.xlsx"), "inputs/a.xlsx"),
    (Location("templates/report.docx", paragraph="{{ 单位名 }}"), "templates/report.docx，段落“{{ 单位名 }}”"),
    (Location(), "（无位置）"),
]
# fmt: on


@pytest.mark.parametrize(("loc", "text"), WHERE)
def test_location_str(loc: Location, text: str) -> None:
    assert str(loc) == text


def test_finding_str_has_code_severity_and_input() -> None:
    finding = Finding(
        "not_amount", "“全年预算数”应填写一个数字。", Location("a.xlsx", "基本信息", "B5"), input="约 300"
    )
    assert str(finding) == "a.xlsx，基本信息!B5：“全年预算数”应填写一个数字。 [错误，代码=not_amount，输入='约 300']"


def test_finding_record() -> None:
    finding = Finding(
        "spent_over_budget", "请核对。", Location("a.xlsx", "重点项目", "D2"), Severity.WARNING, Decimal("5")
    )
    assert finding.to_dict() == {
        "code": "spent_over_budget",
        "severity": "warning",
        "file": "a.xlsx",
        "sheet": "重点项目",
        "cell": "D2",
        "paragraph": "",
        "message": "请核对。",
        "input": "5",
    }


def test_error_lists_every_finding_and_pickles() -> None:
    found = Findings("a.xlsx")
    found.fail("required_missing", "“年度”不能为空，请填写。", Location("a.xlsx", "基本信息", "B3"))
    found.warn("unknown_sheet", "工作表“备注”不是本工作簿规定的表。", Location("a.xlsx", "备注"))
    error = GeneratorError("a.xlsx 有问题，未生成报告", found.items)
    assert str(error).splitlines()[0] == "a.xlsx 有问题，未生成报告：发现 2 个问题"
    assert len(str(error).splitlines()) == 3
    assert (len(found.errors), len(found.warnings)) == (1, 1)
    again = pickle.loads(pickle.dumps(error))
    assert (again.title, again.findings, again.exit_code) == (error.title, error.findings, 1)


def test_usage_error_exits_2() -> None:
    assert UsageError("找不到", []).exit_code == 2
