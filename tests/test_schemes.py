"""Templates of other schemes (tests/schemes.py), each built from a workbook and compared with a golden text dump.

Update the goldens on purpose with `make golden-update` and review the change in `git diff`.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator import pipeline
from generator.cli import main
from generator.docs import workbook_markdown
from tests import schemes
from tests.conftest import ROOT
from tests.docx_dump import plain_text, text_dump
from tests.workbooks import DEPT2_PATH, SAMPLE_PATH, findings_of, located, mutated, put

GOLDEN = ROOT / "tests" / "golden"
BY_NAME = {s.name: s for s in schemes.SCHEMES}


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("schemes")
    return {s.name: s.build(folder / f"{s.name}.docx") for s in schemes.SCHEMES}


@pytest.mark.parametrize("name", list(BY_NAME))
def test_golden(name: str, templates: dict[str, Path], tmp_path: Path, update_golden: bool) -> None:
    scheme = BY_NAME[name]
    report = pipeline.build(schemes.workbook(scheme, tmp_path / "in"), tmp_path / "out", templates[name]).output
    actual = text_dump(report)
    golden = GOLDEN / f"scheme_{name}" / "expected.txt"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.exists(), f"{golden} is missing: run `make golden-update` and review the diff"
    assert actual == golden.read_text(encoding="utf-8"), f"{golden} differs: review, then `make golden-update`"


def test_an_optional_section_prints_when_the_workbook_has_it(templates: dict[str, Path], tmp_path: Path) -> None:
    book = mutated(SAMPLE_PATH, tmp_path, schemes.planned)
    text = plain_text(pipeline.build(book, tmp_path / "out", templates["optional_section"]).output)
    assert "四、下一步工作计划" in text  # -- and the headings after it are numbered on --
    assert "五、下一步改进措施" in text
    assert "继续推进重点项目建设，加强预算执行进度管理。" in text


def test_a_sheet_the_template_does_not_use_is_neither_required_nor_ignored(templates: dict[str, Path]) -> None:
    # -- the sample has a 重点项目 sheet the template never prints: a warning, not an error --
    found = located(findings_of(SAMPLE_PATH, templates["optional_section"]))
    assert ("sheet_unused", "重点工作") in found
    assert ("sheet_unused", "重点项目") in found
    assert not [code for code, _ in found if code in ("sheet_missing", "section_missing")]


def test_a_template_using_a_column_the_workbook_lacks(templates: dict[str, Path]) -> None:
    found = [f for f in findings_of(DEPT2_PATH, templates["extra_column"]) if f.is_error]
    assert [(f.code, f.loc.paragraph) for f in found] == [("template_undefined", "{{ 行.指标解释 }}")]
    assert "请在“评分明细”表第 1 行加列名“指标解释”" in found[0].msg


def test_an_extra_column_the_template_does_not_print_is_a_warning(tmp_path: Path) -> None:
    book = mutated(DEPT2_PATH, tmp_path, schemes.explained)
    assert ("column_unused", "评分明细!F1") in located(findings_of(book))


def test_an_extra_number_column_is_a_figure(templates: dict[str, Path], tmp_path: Path) -> None:
    book = mutated(DEPT2_PATH, tmp_path, schemes.explained, put("评分明细", "F2", 0.125))
    text = plain_text(pipeline.build(book, tmp_path / "out", templates["extra_column"]).output)
    assert "0.13" in text  # -- 四舍五入 as every figure --


def test_blank_has_only_what_the_template_uses(templates: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "空白.xlsx"
    result = CliRunner().invoke(main, ["blank", str(path), "--template", str(templates["extra_column"])])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "填表说明",
        "基本信息",
        "统计数据",
        "重点项目",
        "一级指标",
        "评分明细",
        "扣分明细",
        "评价等级",
    ]
    assert [c.value for c in book["评分明细"][1]] == ["一级指标", "二级指标", "三级指标", "分值", "自评分", "指标解释"]


def test_docs_describe_only_what_the_template_uses(templates: dict[str, Path]) -> None:
    text = workbook_markdown(templates["optional_section"])
    assert "## 重点项目" not in text
    assert "- 下一步计划（可选：模板在有这一章节时才印出）" in text
    assert "本模板不使用以下工作表，可以不填（填了也不会印入报告）：重点工作、重点项目。" in text
    assert "| 指标解释 | 文本或数值 |" in workbook_markdown(templates["extra_column"])
