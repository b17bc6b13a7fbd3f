"""Aggregation of the sample: the figures the seed prints."""

from __future__ import annotations

from generator.aggregate import aggregate
from generator.pipeline import check
from tests.conftest import SAMPLE


def test_sample_figures() -> None:
    report = aggregate(check(SAMPLE))
    assert (report.budget, report.spent, report.rate) == ("3040.19", "2947.37", "96.95%")
    assert (report.total_weight, report.total_score, report.grade) == ("100", "95.69", "优")
    assert [(c.name, c.weight, c.score) for c in report.categories][:2] == [
        ("整体效能", "50", "49.69"),
        ("预算编制", "3", "3"),
    ]
    assert [(p.budget, p.spent, p.rate) for p in report.projects][2] == ("122.3", "112.8", "92.24%")  # -- stated --
    assert [(p.budget, p.spent, p.rate) for p in report.projects][10] == ("80.04", "79.88", "99.8%")  # -- computed --
    assert len(report.duties) == 9
    assert [len(s.paragraphs) for s in report.work] == [3, 4, 3, 5]
    assert report.categories[6].deductions[2].reason == "固定资产利用率=54%"
