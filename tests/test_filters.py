"""Figures in the template: exact arithmetic, printed forms, the filters."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator import pipeline
from generator.errors import GeneratorError
from generator.filters import Figure, NotANumber
from generator.render import environment
from tests.docx_dump import plain_text
from tests.workbooks import SAMPLE_PATH, edited_template

D = Decimal


def rendered(source: str, **names: Any) -> str:
    return environment().from_string(source).render(**names)


@pytest.mark.parametrize(
    ("value", "unit", "printed"),
    [
        (D("3040.19"), "", "3040.19"),
        (D("112.80"), "", "112.8"),
        (D("0.125"), "", "0.13"),
        (D("96.9531"), "%", "96.95%"),
    ],
)
def test_prints_as_before(value: Decimal, unit: str, printed: str) -> None:
    assert str(Figure(value, unit)) == printed
    assert rendered("{{ x }}", x=Figure(value, unit)) == printed


# fmt: off
CASES = [
    ("{{ a - b }}", "2"),                        # -- 6.73 − 4.73, not 1.9999999999999996 --
    ("{{ a + b }}", "11.46"),
    ("{{ b / a * 100 }}", "70.28"),
    ("{{ (b / a * 100)|百分比 }}", "70.28%"),
    ("{{ 0.5 * c }}", "0.06"),                   # -- 0.0625 → 0.06; 0.5 * 0.125 half-up on printing --
    ("{{ c + c }}", "0.25"),
    ("{{ [c, c]|合计 }}", "0.26"),              # -- the sum of what is printed: 0.13 + 0.13 --
    ("{{ [c, c]|sum }}", "0.25"),                # -- Jinja's sum stays exact --
    ("{{ a|万元 }}", "6.73万元"),
    ("{{ a|分 }}", "6.73分"),
    ("{{ r|数值 }}", "96.95"),
    ("{{ r - 1 }}", "95.95%"),
    ("{{ a|四舍五入(1) }}", "6.7"),
    ("{{ c|四舍五入 }}", "0.13"),
    ("{% if a > b %}大{% endif %}", "大"),
    ("{% if z %}真{% else %}零{% endif %}", "零"),
    ("{{ a ~ '万元' }}", "6.73万元"),
    ("{{ a + \x27万元\x27 }}", "6.73万元"),
    ("{{ [a, b]|join('、') }}", "6.73、4.73"),
    ("{{ d|中文日期 }}", "2024年1月5日"),
    ("{{ s }}{{ s.数值 }}{{ s.单位 }}", "17826人17826人"),
    ("{{ rows|合计('x') }}", "0.26"),
]
# fmt: on


@pytest.mark.parametrize(("source", "printed"), CASES, ids=[c[0] for c in CASES])
def test_template_arithmetic(source: str, printed: str) -> None:
    names = {
        "a": Figure(D("6.73")),
        "b": Figure(D("4.73")),
        "c": Figure(D("0.125")),
        "r": Figure(D("96.95"), "%"),
        "z": Figure(0),
        "d": dt.date(2024, 1, 5),
        "s": Figure(17826, "人"),
        "rows": [{"x": Figure(D("0.125"))}, {"x": Figure(D("0.125"))}],
    }
    assert rendered(source, **names) == printed


def test_a_figure_is_still_its_printed_text() -> None:
    figure = Figure(D("3040.19"))
    assert figure == "3040.19"
    assert "3040.19" in f"预算{figure}万元"
    assert figure == Figure(D("3040.190"))
    assert hash(figure) == hash("3040.19")
    assert pickle.loads(pickle.dumps(figure)) == figure


@pytest.mark.parametrize("source", ["{{ t|万元 }}", "{{ t|合计 }}", "{{ 1|中文日期 }}"])
def test_text_is_not_a_number(source: str) -> None:
    with pytest.raises(NotANumber):
        rendered(source, t="文字")


def test_a_number_filter_on_text_is_a_located_template_error(tmp_path: Path) -> None:
    template = edited_template(tmp_path, {"{{ 单位名称 }}{{ 年度 }}年部门整体支出绩效自评报告": "{{ 单位名称|万元 }}"})
    with pytest.raises(GeneratorError) as exc:
        pipeline.build(SAMPLE_PATH, tmp_path / "out", template)
    errors = [(f.code, f.loc.file, f.loc.paragraph) for f in exc.value.findings if f.is_error]
    assert errors == [("template_not_a_number", str(template), "{{ 单位名称|万元 }}")]
    assert exc.value.title.startswith(f"模板 {template} 有问题")  # -- the template's, not the workbook's --
    assert not (tmp_path / "out").exists()


def test_a_guarded_statistic_the_workbook_lacks_prints_nothing(tmp_path: Path) -> None:
    title = "{{ 单位名称 }}{{ 年度 }}年部门整体支出绩效自评报告"
    guarded = title + "{% if 统计数据.没有这个数 %}（{{ 统计数据.没有这个数 }}）{% endif %}"
    template = edited_template(tmp_path, {title: guarded})
    report = pipeline.build(SAMPLE_PATH, tmp_path / "out", template).output
    assert "（" not in plain_text(report)[0]
