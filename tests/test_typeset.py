"""generator/typeset.py: title lines on meaning, the 成文日期, the 落款's place, East Asian hints."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from generator import typeset
from generator.typeset import Measure, title_lines
from tests.conftest import TEMPLATE

REST = "2022年部门整体支出绩效自评报告"
TITLE = Measure(Pt(22), Pt(-0.25))  # -- 2号 with the body's condensing, as the template's Title style --
LINE = Pt(442.2)  # -- the 156 mm text block --
THIRTY = "广州市白云区人民政府办公室机关事务管理中心后勤综合服务保障科"


def test_the_thirty_character_name_is_thirty_characters() -> None:
    assert len(THIRTY) == 30


@pytest.mark.parametrize(
    ("unit", "lines"),
    [
        ("某某局", ["某某局" + REST]),  # -- fits one line: not broken --
        ("广州市白云区残疾人联合会", ["广州市白云区残疾人联合会", REST]),  # -- after the name, not inside 支出 --
        ("示例市东湖区农业农村局", ["示例市东湖区农业农村局", REST]),
        # -- a name longer than a line breaks after one of its parts, the lines balanced --
        (THIRTY, ["广州市白云区人民政府办公室", "机关事务管理中心后勤综合服务保障科", REST]),
        ("广州市白云区人民政府办公室机关事务管理中心", ["广州市白云区人民政府", "办公室机关事务管理中心", REST]),
    ],
)
def test_title_breaks_after_the_unit_name_and_its_parts(unit: str, lines: list[str]) -> None:
    assert title_lines(unit + REST, unit, TITLE, LINE) == lines


def test_every_title_line_fits_and_no_number_is_split() -> None:
    unit = "甲" * 45  # -- no administrative part to break after: any place that splits no number --
    lines = title_lines(unit + REST, unit, TITLE, LINE)
    assert "".join(lines) == unit + REST
    assert all(TITLE.width(line) <= LINE for line in lines)
    assert not any(line.startswith(("022", "22", "2年")) for line in lines)


def test_a_title_without_the_unit_name_breaks_between_characters() -> None:
    text = "关于" + "乙" * 30 + "的报告"
    lines = title_lines(text, "不在标题中", TITLE, LINE)
    assert "".join(lines) == text
    assert len(lines) == 2


def test_autospace_counts_between_chinese_and_digits() -> None:
    body = Measure(Pt(16), Pt(0))
    assert body.width("2023年3月31日") == Pt(16 * 6.5 + 5 * 16 * 0.25)


# -- in the built reports -------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sample_report", "dept2_report"])
def report(request: pytest.FixtureRequest) -> Document:
    return docx.Document(str(request.getfixturevalue(request.param)))


def test_the_title_is_broken_after_the_unit_name(report: Document) -> None:
    title = report.paragraphs[0]
    unit = report.core_properties.author
    assert title.text.split("\n") == [unit, title.text.split("\n")[1]]
    assert title.text.split("\n")[1].endswith("年部门整体支出绩效自评报告")


def _closing(report: Document) -> tuple[object, object]:
    (name,) = [p for p in report.paragraphs if p.style.name == "落款"]
    (date,) = [p for p in report.paragraphs if p.style.name == "成文日期"]
    return name, date


def test_the_closing_names_the_unit_and_dates_the_report(report: Document) -> None:
    name, date = _closing(report)
    assert name.text == report.core_properties.author
    created = report.core_properties.created
    assert date.text == f"{created.year}年{created.month}月{created.day}日"
    assert date._p.getprevious() is name._p  # type: ignore[attr-defined]
    # -- it follows the body's last paragraph (the 附件 line) and keeps with it: never alone on a page --
    before = name._p.getprevious()  # type: ignore[attr-defined]
    assert before.find(qn("w:pPr")).find(qn("w:keepNext")) is not None


def test_the_date_starts_two_characters_right_of_the_name(report: Document) -> None:
    name, date = _closing(report)
    measure = Measure.of(report.styles["成文日期"])
    right = {p: p.paragraph_format.right_indent or report.styles[p.style.name].paragraph_format.right_indent
             for p in (name, date)}  # fmt: skip
    name_start = -(right[name] + measure.width(name.text))
    date_start = -(right[date] + measure.width(date.text))
    assert date_start - name_start == pytest.approx(2 * (measure.size + measure.spacing), abs=1)
    assert min(right.values()) == Pt(32)  # -- the longer of the two ends two characters in --


def test_curly_quotes_carry_an_east_asian_hint(report: Document) -> None:
    runs = list(report.element.body.iter(qn("w:r")))
    quoted = [r for r in runs if any(ch in "“”" for t in r.iter(qn("w:t")) for ch in t.text or "")]
    assert quoted
    for run in quoted:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:hint")) == "eastAsia"
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:eastAsia"))
        assert all(ch in typeset.AMBIGUOUS_PUNCTUATION for t in run.iter(qn("w:t")) for ch in t.text)


def test_page_numbers_are_songti_in_every_slot() -> None:
    fonts = docx.Document(str(TEMPLATE)).styles["Footer"].element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia")} == {"宋体"}


def test_template_turns_libreoffice_hanging_punctuation_off() -> None:
    """LibreOffice drops a hanging comma at the end of a full justified line (see make_template.py)."""
    styles = docx.Document(str(TEMPLATE)).styles.element
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    assert ppr.find(qn("w:overflowPunct")).get(qn("w:val")) == "1"


def test_the_chinese_date_is_there_when_the_template_asks(tmp_path: Path) -> None:
    from generator import pipeline
    from tests.conftest import DEPT2

    template = docx.Document(str(TEMPLATE))
    (date,) = [p for p in template.paragraphs if p.style.name == "成文日期"]
    for t in date._p.iter(qn("w:t")):
        t.text = t.text.replace("中文日期", "汉字日期")
    changed = tmp_path / "汉字日期.docx"
    template.save(str(changed))
    built = docx.Document(str(pipeline.build(DEPT2, tmp_path, changed).output))
    assert [p.text for p in built.paragraphs if p.style.name == "成文日期"] == ["二〇二四年三月十五日"]
