"""A second, made-up department builds from the same template, and nothing is department-specific in code."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl

from generator.schema import WORKBOOK
from tests.conftest import DEPT2, ROOT, SAMPLE
from tests.docx_dump import plain_text


def _workbook_texts(path: Path) -> set[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    texts = set()
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2, values_only=True):
            texts.update(str(v) for v in row if isinstance(v, str))
    book.close()
    return texts


def test_second_department_holds_its_own_content(dept2_report: Path) -> None:
    text = "\n".join(plain_text(dept2_report))
    assert text.startswith("示例市东湖区农业农村局\n2023年部门整体支出绩效自评报告")  # -- broken after the name --
    assert "评价等级为“良”" in text
    for sample_word in ("残疾", "白云", "残联", "3040.19", "95.69", "整体效能"):
        assert sample_word not in text
    assert dept2_report.name == "2023_示例市东湖区农业农村局_部门整体支出绩效自评报告.docx"


def test_second_department_counts(dept2_report: Path) -> None:
    text = "\n".join(plain_text(dept2_report))
    assert re.findall(r"^（[一二三四五六七八九十]+）统筹", text, re.M)  # -- duty labels restart at （一） --
    assert "（三）负责农产品" in text
    assert "（四）" not in text.split("2.部门机构设置")[0]
    assert "（2）改善农村人居环境" in text
    assert "（3）" not in text.split("（三）部门整体收支情况")[0].split("2.总体工作")[1]
    assert re.search(r"^5\.高素质农民培育经费", text, re.M)
    assert re.search(r"执行率为87\.63%", text)  # -- 7.01 / 8 = 87.625%: 四舍五入, not half to even --


def test_generator_holds_no_department_text() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").glob("*.py"))
    words = {w for t in _workbook_texts(SAMPLE) | _workbook_texts(DEPT2) for w in re.split(r"[，。；、：“”（）\s]", t)}
    # -- words of the workbooks' content that are not also schema/outline vocabulary --
    vocabulary = {s.name for s in WORKBOOK} | {c.name for s in WORKBOOK for c in s.columns}
    found = sorted(w for w in words - vocabulary if len(w) >= 5 and w in code)
    assert found == []
    for name in ("广州", "白云", "残疾", "东湖", "农业农村", "2022", "2023"):
        assert name not in code
