"""Warnings travel into the report as Word comments (author 校验) on the paragraphs they concern."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx import Document
from docx.oxml.ns import qn

from generator import comments, pipeline
from generator.aggregate import aggregate
from generator.models import Cell, RawSheet, RawWorkbook
from generator.read import read_workbook
from generator.render import render
from generator.validate import collect
from tests.docx_dump import visible
from tests.workbooks import DEPT2_PATH, SAMPLE_PATH, TEMPLATE, mutated, put

Commented = tuple[str, str, str]
"""(author, comment text, text of the paragraph the comment is anchored on)"""


def commented(path: Path) -> list[Commented]:
    """Return each comment of the .docx at `path`, with the paragraph it is anchored on."""
    document = Document(str(path))
    anchors: dict[str, str] = {}
    for paragraph in document.element.body.iter(qn("w:p")):
        for start in paragraph.iter(qn("w:commentRangeStart")):
            anchors[start.get(qn("w:id"))] = visible("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return [(c.author, c.text, anchors[str(c.comment_id)]) for c in document.comments]


_OWN: dict[Path, list[Commented]] = {}


def new_comments(base: Path, path: Path, out: Path) -> list[Commented]:
    """Return the comments of the report of `path` (made from `base`) that the report of `base` lacks."""
    if base not in _OWN:
        _OWN[base] = commented(pipeline.build(base, out / "base", TEMPLATE).output)
    return [c for c in commented(pipeline.build(path, out, TEMPLATE).output) if c not in _OWN[base]]


def _overspent(book: Any) -> None:
    """Make the first project spend twice its budget: overspent, not a unit mistake."""
    book["重点项目"]["D2"].value = book["重点项目"]["C2"].value * 2


# fmt: off
CASES = [
    ("project_figure", _overspent, "支出数", "{name}，"),
    ("department_figure", put("基本信息", "B6", 3500), "全年执行数 3500 万元大于全年预算数", "全年执行数3500万元"),
    ("no_paragraph_goes_on_title", put("基本信息", "B3", 2001), "文件名中的年度", "部门整体支出绩效自评报告"),
]
# fmt: on


@pytest.mark.parametrize(("mutation", "words", "anchor"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_warning_becomes_comment(base: Path, tmp_path: Path, mutation: object, words: str, anchor: str) -> None:
    path = mutated(base, tmp_path, mutation)  # type: ignore[arg-type]
    name = read_workbook(path).sheets["重点项目"].rows[1][0].value
    [(author, text, paragraph)] = new_comments(base, path, tmp_path / "out")
    assert author == "校验"
    assert words in text
    assert anchor.format(name=name) in paragraph


def test_project_comment_is_on_the_project_line(base: Path, tmp_path: Path) -> None:
    path = mutated(base, tmp_path, _overspent)
    name = read_workbook(path).sheets["重点项目"].rows[1][0].value
    [(_, text, paragraph)] = new_comments(base, path, tmp_path / "out")
    assert paragraph.startswith(f"1.{name}，")
    assert text.endswith("（重点项目!D2）")


def test_sample_seed_inconsistencies_are_commented_on_their_paragraphs(tmp_path: Path) -> None:
    # -- the seed's own inconsistencies: 573.49 ÷ 573.77 = 99.95%, stated 99.96%; 新增就业 318 beside 311 --
    found = commented(pipeline.build(SAMPLE_PATH, tmp_path, TEMPLATE).output)
    assert {author for author, _, _ in found} == {"校验"}
    [(rate, project)] = [(text, paragraph) for _, text, paragraph in found if text.startswith("项目")]
    [(figure, work)] = [(text, paragraph) for _, text, paragraph in found if text.startswith("文字")]
    assert rate.startswith("项目“残疾人康复资助经费”填写的执行率 99.96% 与金额不符")
    assert project == "9.残疾人康复资助经费，市区两级预算573.77万元，共支出573.49万元，执行率为99.96%。"
    assert figure.startswith("文字中写的“新增就业318人”与统计数据“新增就业人数”（311人）不一致")
    assert work.startswith("三是抓重点保就业。")
    assert "新增就业318人" in work


def test_narrative_warning_is_on_its_paragraph(sample: Path) -> None:
    raw = read_workbook(sample)
    sheet = raw.sheets["正文"]
    rows = [tuple(Cell(c.value + "\x07", c.ref) if c.ref == "B3" else c for c in row) for row in sheet.rows]
    raw = RawWorkbook(raw.path, {**raw.sheets, "正文": RawSheet("正文", tuple(rows))})
    book, _ = collect(raw)
    assert book is not None
    report = aggregate(book)
    document = render(report, TEMPLATE)
    warning = next(w for w in book.warnings if w.code == "control_character_removed")
    assert comments.annotate(document, book, report, (warning,)) == 1
    [comment] = list(document.comments)
    paragraph = next(document.element.body.iter(qn("w:commentRangeStart"))).getparent()
    assert "".join(t.text or "" for t in paragraph.iter(qn("w:t"))) == sheet.rows[2][1].value
    assert comment.text.endswith("（正文!B3）")


def test_no_warning_no_comment(tmp_path: Path) -> None:
    assert commented(pipeline.build(DEPT2_PATH, tmp_path, TEMPLATE).output) == []


# -- each paragraph's text computed once -------------------------------------------------------------------


@pytest.mark.parametrize("workbook", [SAMPLE_PATH, DEPT2_PATH], ids=["sample", "dept2"])
def test_the_text_index_finds_what_a_scan_of_every_paragraph_finds(workbook: Path) -> None:
    book = pipeline.check(workbook)
    report = aggregate(book)
    document = render(report, TEMPLATE)
    texts = comments._Texts(document)
    paragraphs = [p for p in comments._paragraphs(document) if p.runs and p.text.strip()]
    assert [p._p for p in texts.paragraphs] == [p._p for p in paragraphs]
    needles = [target.needles for found in comments.targets(book, report).values() for target in found]
    needles += [(p.text[3:9],) for p in paragraphs if len(p.text) > 9] + [("不存在的文字",), ("万元", "执行率为")]
    for wanted in needles:
        scan = next((p for p in paragraphs if all(n in p.text for n in wanted)), None)
        found = texts.first(wanted)
        assert (found._p if found else None) is (scan._p if scan else None), wanted


# -- comment ids counted on, as python-docx numbers them -------------------------------------------------------


@pytest.mark.parametrize("existing", [[], [0, 1, 2], [7, 3], [2**31 - 2], [0, 2, 2**31 - 1]], ids=str)
def test_comments_get_python_docx_s_ids_and_markup(existing: list[int]) -> None:
    import datetime as dt

    def made(ours: bool) -> Any:
        document = Document(str(TEMPLATE))
        paragraphs = [document.add_paragraph(f"第{n}段") for n in range(4)]
        stamp = dt.datetime(2023, 3, 31, tzinfo=dt.UTC)
        for comment_id in existing:  # -- comments already there, with these ids --
            document.add_comment(paragraphs[0].runs, text="原有")._comment_elm.date = stamp  # -- not the clock's --
            document.comments._comments_elm[-1].set(qn("w:id"), str(comment_id))
        writer = comments._Writer(document) if ours else None
        for n, paragraph in enumerate(paragraphs):
            text = f"警告{n}\n第二行"
            if writer is not None:
                writer.add(paragraph.runs, text, stamp)
            else:
                comment = document.add_comment(
                    paragraph.runs, text=text, author=comments.AUTHOR, initials=comments.AUTHOR
                )
                comment._comment_elm.date = stamp
        return document

    ours, theirs = made(True), made(False)
    assert ours.comments._comments_elm.xml == theirs.comments._comments_elm.xml
    assert ours.element.body.xml == theirs.element.body.xml
    ids = [c.comment_id for c in ours.comments]
    assert len(set(ids)) == len(existing) + 4


def test_comment_styles_are_added_as_python_docx_adds_them() -> None:
    from docx.enum.style import WD_STYLE_TYPE

    ours, theirs = Document(str(TEMPLATE)), Document(str(TEMPLATE))
    for style_id, _, _ in comments.COMMENT_STYLES:
        for document in (ours, theirs):
            for element in document.styles.element.findall(qn("w:style")):
                if element.get(qn("w:styleId")) == style_id:
                    document.styles.element.remove(element)
    comments._add_comment_styles(ours)
    for style_id, name, kind in comments.COMMENT_STYLES:
        style = theirs.styles.add_style(name, kind)
        style.style_id = style_id
        style.hidden = True
        style.font.size = docx.shared.Pt(10.5)
        if kind is WD_STYLE_TYPE.PARAGRAPH:
            style.paragraph_format.first_line_indent = docx.shared.Pt(0)
            style.paragraph_format.line_spacing = 1.0
    assert ours.styles.element.xml == theirs.styles.element.xml
    with pytest.raises(ValueError, match="already contains style"):
        comments._add_style(ours.styles, "Heading 1", WD_STYLE_TYPE.PARAGRAPH)


@pytest.mark.parametrize("text", ["", "95.5%", " 前后有空格 ", "有\t制表符", "有\n换行", "全角　空格"])
def test_run_text_is_set_as_python_docx_sets_it(text: str) -> None:
    from docx.oxml.parser import parse_xml
    from docx.text.run import Run

    def run() -> Any:
        return parse_xml(
            f"<w:r {docx.oxml.ns.nsdecls('w')}><w:rPr><w:b/></w:rPr><w:t>旧</w:t><w:tab/><w:br/><!-- 注释 --><w:t> 文字</w:t></w:r>"
        )

    ours, theirs = run(), run()
    comments.set_text(ours, text)
    Run(theirs, None).text = text  # type: ignore[arg-type]
    assert ours.xml == theirs.xml
