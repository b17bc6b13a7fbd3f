"""generator/pdf.py and `build --pdf`: the report as LibreOffice renders it.

These tests need LibreOffice and poppler-utils (`.ci/run` installs them). Without them they skip and say
how to install them; with CI=true they fail instead, so CI never passes without having rendered the report.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import docx
import docx.document
import docx.text.paragraph
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from generator import pdf, pdf_check, pipeline, typeset, units
from generator.aggregate import aggregate
from generator.cli import main
from tests import office
from tests.conftest import DEPT2, SAMPLE, TEMPLATE
from tests.workbooks import mutated, put

INSTALL = (
    "sudo apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-arphic-ukai "
    "fonts-lxgw-wenkai fonts-liberation2（或运行 .ci/run，它会安装这些并执行 make test）"
)
A4_POINTS = (595.3, 841.9)
CJK_FACE = re.compile(r"CJK|WenKai|UKai|UMing|ZenHei|MicroHei|Sim(Sun|Hei|Kai|Fang)|FangSong|KaiTi|Song|Hei", re.I)


def require(*programs: str) -> None:
    """Skip (fail when CI=true) unless every program the rendering tests use is installed."""
    office.require(*programs, install=INSTALL)


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


@dataclass(frozen=True)
class Case:
    workbook: Path
    pages: range
    """A sane page count for this department's report as LibreOffice lays it out with the stand-in fonts."""


CASES = [
    pytest.param(Case(SAMPLE, range(10, 26)), id="sample"),
    pytest.param(Case(DEPT2, range(5, 17)), id="dept2"),
]


@dataclass(frozen=True)
class Rendered:
    case: Case
    pdf: Path
    title: str
    grade: str

    def text(self, first: int, last: int, *, layout: bool = False) -> str:
        """The text of pages `first`…`last`: white space removed, or as laid out (table rows on one line)."""
        mode = ["-layout"] if layout else []
        out = run("pdftotext", *mode, "-f", str(first), "-l", str(last), "-enc", "UTF-8", str(self.pdf), "-")
        return out if layout else re.sub(r"\s+", "", out)

    @property
    def page_sizes(self) -> list[tuple[float, float]]:
        info = run("pdfinfo", "-f", "1", "-l", "9999", str(self.pdf))
        found = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
        return [(float(w), float(h)) for w, h in found]

    @property
    def fonts(self) -> list[str]:
        lines = run("pdffonts", str(self.pdf)).splitlines()[2:]
        return [re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in lines if line.strip()]


@pytest.fixture(scope="module", params=CASES)
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    require("soffice", "pdfinfo", "pdftotext", "pdffonts")
    case: Case = request.param
    built = pipeline.build(case.workbook, tmp_path_factory.mktemp("pdf"), TEMPLATE, pdf=True)
    assert built.pdf is not None
    report = aggregate(pipeline.check(case.workbook))
    return Rendered(case, built.pdf, f"{report.unit_name}{report.year}年部门整体支出绩效自评报告", report.grade)


def test_every_page_is_a4(rendered: Rendered) -> None:
    sizes = rendered.page_sizes
    assert sizes
    assert all(abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in sizes), sizes


def test_page_count_is_sane(rendered: Rendered) -> None:
    assert len(rendered.page_sizes) in rendered.case.pages


def test_title_is_on_page_one(rendered: Rendered) -> None:
    assert rendered.title in rendered.text(1, 1)


def test_the_tables_last_row_is_on_the_last_page(rendered: Rendered) -> None:
    last = len(rendered.page_sizes)
    rows = rendered.text(last, last, layout=True).splitlines()
    assert [r for r in rows if re.fullmatch(rf"\s*评价等级\s+{rendered.grade}\s*", r)], rows


def test_attachment_starts_on_its_own_page(rendered: Rendered) -> None:
    pages = [rendered.text(n, n) for n in range(1, len(rendered.page_sizes) + 1)]
    starts = [n for n, text in enumerate(pages) if text.startswith("附件部门整体支出绩效自评表")]
    assert len(starts) == 1
    assert starts[0] > 0  # -- "附件" is the first text of a page after the body --


def test_the_pdf_has_every_character_of_the_document(rendered: Rendered) -> None:
    """Character by character, white space aside: LibreOffice once dropped line-end commas (8 in the sample)."""
    paragraphs = pdf_check.document_paragraphs(rendered.pdf.with_suffix(".docx"))
    pages = pdf_check.pdf_pages(rendered.pdf)
    assert len("".join(paragraphs)) > 3000
    assert pdf_check.missing_text(paragraphs, pages) == []


def test_the_pdf_uses_east_asian_faces(rendered: Rendered) -> None:
    assert [f for f in rendered.fonts if CJK_FACE.search(f)], rendered.fonts


def _family(name: str) -> str:
    return re.sub(r"CJK(sc|tc|jp|kr|hk)", "CJK", name.removesuffix("-VKana"), flags=re.I)


@pytest.mark.parametrize("asked", ["仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"])
def test_the_pdf_uses_the_face_each_gb_font_name_resolves_to(rendered: Rendered, asked: str) -> None:
    """With the alias file of tests/fonts/ installed, each 公文 font name shows as its own face."""
    require("fc-match")
    face, langs = run("fc-match", "-f", "%{postscriptname}|%{lang}", asked).split("|", 1)
    if "zh-cn" not in langs.split("|"):
        message = f"{asked} 没有对应的中文字体（{face}）：请安装 tests/fonts/ 中的字体别名文件，见 .ci/run"
        office.missing_tool(message)
    assert _family(face) in {_family(f) for f in rendered.fonts}


# -- without LibreOffice -------------------------------------------------------------------------------------


def no_program(name: str) -> None:
    return None


def test_pdf_without_libreoffice_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", no_program)
    with pytest.raises(pdf.PdfError) as raised:
        pdf.require_soffice()
    assert [f.code for f in raised.value.findings] == ["pdf_unavailable"]
    assert "apt-get install libreoffice-writer-nogui" in str(raised.value)


def test_build_pdf_without_libreoffice_exits_1_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", no_program)
    result = CliRunner().invoke(main, ["build", str(DEPT2), "-o", str(tmp_path), "--template", str(TEMPLATE), "--pdf"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("错误：无法生成 PDF")
    assert pdf.INSTALL_HINT in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_build_pdf_prints_both_paths(tmp_path: Path) -> None:
    require("soffice")
    result = CliRunner().invoke(main, ["build", str(DEPT2), "-o", str(tmp_path), "--template", str(TEMPLATE), "--pdf"])
    docx_path, pdf_path = (Path(line) for line in result.stdout.splitlines())
    assert (result.exit_code, docx_path.suffix, pdf_path) == (0, ".docx", docx_path.with_suffix(".pdf"))
    assert pdf_path.read_bytes().startswith(b"%PDF-")
    replaced = pdf_check.substituted_fonts(docx_path)
    notice = pdf_check.font_notice(replaced)
    assert (notice is not None and f"注意：{notice}" in result.stderr) == bool(replaced)


def test_a_failed_conversion_is_reported_in_chinese(tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'fatal: no display' >&2\nexit 1\n")
    fake.chmod(0o755)
    source = tmp_path / "报告.docx"
    source.write_bytes(b"not really a report")
    with pytest.raises(pdf.PdfError) as raised:
        pdf.convert(source, tmp_path / "报告.pdf", str(fake))
    assert [f.code for f in raised.value.findings] == ["pdf_failed"]
    assert "fatal: no display" in str(raised.value)
    assert not (tmp_path / "报告.pdf").exists()


# -- the 自评表 as rendered ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """Text of one table column on one line of a page (the words pdftotext puts there)."""

    page: int
    column: int
    y: float
    text: str
    x: float = 0.0
    """Where the text starts (`line_pieces`)."""


def table_pieces(rendered: Rendered, columns_pt: list[float], first_page: int) -> list[Piece]:
    """Words of the table pages grouped by page, table column (from the grid widths) and line."""
    out = run("pdftotext", "-bbox", "-f", str(first_page), "-enc", "UTF-8", str(rendered.pdf), "-")
    left = 28 / 25.4 * 72  # -- the table spans the text block from the left margin --
    bounds = [left + sum(columns_pt[: i + 1]) for i in range(len(columns_pt))]
    pieces: dict[tuple[int, int, float], str] = {}
    page = first_page - 1
    for line in out.splitlines():
        if "<page " in line:
            page += 1
            continue
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', line)
        if not match:
            continue
        x, y, text = float(match.group(1)), float(match.group(2)), match.group(3)
        column = next((i for i, b in enumerate(bounds) if x < b), len(bounds))
        key = (page, column, round(y))
        pieces[key] = pieces.get(key, "") + text
    return [Piece(p, c, y, t) for (p, c, y), t in sorted(pieces.items())]


def grid_points(table: object) -> list[float]:
    grid = table._tbl.find(qn("w:tblGrid"))  # type: ignore[attr-defined]
    return [int(col.get(qn("w:w"))) / 20 for col in grid.findall(qn("w:gridCol"))]


@pytest.fixture(scope="module")
def form(rendered: Rendered) -> tuple[Rendered, docx.document.Document, int]:
    document = docx.Document(str(rendered.pdf.with_suffix(".docx")))
    pages = [rendered.text(n, n) for n in range(1, len(rendered.page_sizes) + 1)]
    first = next(n for n, text in enumerate(pages, start=1) if text.startswith("附件部门整体支出绩效自评表"))
    return rendered, document, first


def test_no_table_label_is_broken_inside_a_word(form: tuple[Rendered, docx.document.Document, int]) -> None:
    """Each line of a label (the template breaks them where the meaning allows) is one line in the PDF."""
    rendered, document, first = form
    for table in document.tables:
        pieces = {p.text for p in table_pieces(rendered, grid_points(table), first)}
        labels = [
            line
            for cell in table._tbl.iter(qn("w:tc"))
            for p in cell.iter(qn("w:p"))
            if p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "表格表头"
            for line in docx.text.paragraph.Paragraph(p, None).text.split("\n")
        ]
        assert labels
        assert [line for line in labels if line not in pieces] == []


def test_each_group_label_is_on_every_page_its_rows_are(form: tuple[Rendered, docx.document.Document, int]) -> None:
    rendered, document, first = form
    table = document.tables[1]
    pieces = table_pieces(rendered, grid_points(table), first)
    by_page: dict[int, dict[int, str]] = {}
    for piece in pieces:
        by_page.setdefault(piece.page, {}).setdefault(piece.column, "")
        by_page[piece.page][piece.column] += piece.text
    report = aggregate(pipeline.check(rendered.case.workbook))
    seen = 0
    for category in report.categories:
        for row in category.indicators:
            pages = [n for n, columns in by_page.items() if re.sub(r"\s", "", row.level3) in columns.get(2, "")]
            assert pages, row.level3
            for n in pages:
                assert category.name in by_page[n].get(0, ""), (category.name, n)
                seen += 1
    assert seen >= len(report.categories)


# -- figures and lines as rendered -----------------------------------------------------------------------------

CLOSING = "，。、；：？！）》」』〕】〉”’"


def line_pieces(rendered: Rendered, gap: float = 6.0) -> list[Piece]:
    """The text of each line of each page as `pdftotext -bbox` places its words, white space removed; words on one
    line further apart than `gap` points (the cells of a table row, with their margins between) are apart."""
    out = run("pdftotext", "-bbox", "-enc", "UTF-8", str(rendered.pdf), "-")
    rows: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    page = 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
            continue
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>', line)
        if match:
            rows.setdefault((page, round(float(match.group(2)))), []).append(
                (float(match.group(1)), float(match.group(3)), match.group(4))
            )
    pieces = []
    for (page, y), words in sorted(rows.items()):
        words.sort()
        right, text, left = -gap - 1, "", 0.0
        for x0, x1, word in words:
            if text and x0 - right > gap:
                pieces.append(Piece(page, 0, y, re.sub(r"\s", "", text), left))
                text = ""
            if not text:
                left = x0
            text, right = text + word, x1
        pieces.append(Piece(page, 0, y, re.sub(r"\s", "", text), left))
    return pieces


def figures(text: str) -> list[str]:
    """The figures with their units in `text` ("扣0.31分", "96.93%"), the punctuation after them left out."""
    plain = text.replace(units.WORD_JOINER, "")
    return [plain[a:b].rstrip(CLOSING) for a, b, _ in units._figures(plain)]


def test_no_figure_is_split_from_its_unit(rendered: Rendered) -> None:
    """Each figure of the document is whole on one line of the PDF (LibreOffice broke "扣0.31/分" before)."""
    paragraphs = pdf_check.document_paragraphs(rendered.pdf.with_suffix(".docx"))
    wanted = Counter(f for p in paragraphs for f in figures(p))
    found = Counter(f for piece in line_pieces(rendered) for f in figures(piece.text))
    assert sum(wanted.values()) > 40
    assert wanted - found == Counter()


def test_no_table_cell_leaves_one_character_alone_on_its_last_line(
    form: tuple[Rendered, docx.document.Document, int],
) -> None:
    rendered, document, first = form
    lone = []
    checked = 0
    for table in document.tables:
        pieces = table_pieces(rendered, grid_points(table), first)
        texts: dict[int, list[str]] = {}
        for row in table._tbl.iter(qn("w:tr")):
            column = 0
            for tc in row.iter(qn("w:tc")):
                span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                for p in tc.iter(qn("w:p")):
                    text = "".join(t.text or "" for t in p.iter(qn("w:t"))).replace(units.WORD_JOINER, "")
                    texts.setdefault(column, []).append(re.sub(r"\s", "", text))
                column += int(span.get(qn("w:val"))) if span is not None else 1
        for below in pieces:
            core = below.text.rstrip(CLOSING)
            if len(core) != 1 or not "\u4e00" <= core <= "\u9fff":
                continue
            for above in pieces:
                same_cell = (above.page, above.column) == (below.page, below.column) and 0 < below.y - above.y <= 20
                if same_cell and any(t.endswith(above.text + below.text) for t in texts.get(below.column, [])):
                    lone.append((above.text, below.text))
        checked += sum(1 for piece in pieces if any(piece.text in t for t in texts.get(piece.column, [])))
    assert checked > 30
    assert lone == []


def test_table_labels_are_bold_in_the_pdf(form: tuple[Rendered, docx.document.Document, int]) -> None:
    """Every line of every label (表格表头: header row, 合计, 评价等级) is drawn in a bold face; data is not."""
    rendered, document, first = form
    require("pdftohtml")
    xml = run("pdftohtml", "-xml", "-i", "-stdout", "-f", str(first), str(rendered.pdf))
    bold = re.sub(r"\s", "", "".join(re.findall(r"<b>([^<]*)</b>", xml)))
    labels = [
        line
        for p in document.element.body.iter(qn("w:p"))
        if p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is not None
        and p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "表格表头"
        for line in docx.text.paragraph.Paragraph(p, None).text.split("\n")
    ]
    assert len(labels) > 10
    assert [line for line in labels if line not in bold] == []
    assert document.core_properties.author not in bold  # -- the unit's name in the form is data, not bold --


def test_a_thirty_character_unit_name_breaks_the_title_on_meaning(tmp_path: Path) -> None:
    """LibreOffice draws the title in the lines the rule gives (after the name's parts), none wrapped again."""
    require("soffice", "pdftotext")
    unit = "广州市白云区人民政府办公室机关事务管理中心后勤综合服务保障科"
    assert len(unit) == 30
    workbook = mutated(DEPT2, tmp_path, put("基本信息", "B2", unit), name=f"2023_{unit}.xlsx")
    built = pipeline.build(workbook, tmp_path / "out", TEMPLATE, pdf=True)
    assert built.pdf is not None
    document = docx.Document(str(built.output))
    title = document.paragraphs[0]
    expected = typeset.title_lines(
        title.text.replace("\n", ""), unit, typeset.Measure.of(title.style), typeset.text_width(document)
    )
    assert expected == [unit[:13], unit[13:], "2023年部门整体支出绩效自评报告"]
    rendered = Rendered(Case(workbook, range(1, 99)), built.pdf, "", "")
    pieces = line_pieces(rendered)
    lines = [piece.text for piece in pieces if piece.page == 1]
    assert lines[: len(expected)] == expected
    # -- the 落款 too is broken after a part of the name, and the 成文日期 stays on one line two characters right
    #    of the longer line's first character --
    (closing,) = [p for p in document.paragraphs if p.style.name == "落款"]
    assert closing.text.split("\n") == expected[:2]
    texts = [piece.text for piece in pieces]
    at = max(i for i in range(len(texts)) if texts[i : i + 2] == expected[:2])  # -- the 落款, after the title --
    assert texts[at : at + 3] == [*expected[:2], "2024年3月15日"]
    name, date = pieces[at + 1], pieces[at + 2]
    character = 16 - 0.25  # -- LibreOffice's gap between Chinese and digits: a little narrower than reckoned --
    assert abs(date.x - (name.x + 2 * character)) < character / 4
