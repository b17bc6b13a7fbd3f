"""Reading: what a person sees (merged cells, cached formula values), and every broken file refused in one sentence."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.errors import GeneratorError, UsageError
from generator.read import read_workbook
from tests import broken
from tests.workbooks import located, merge, mutated, put

BROKEN = [
    ("not_a_zip", broken.text_file, "not_xlsx", ""),
    ("truncated", broken.truncated, "not_xlsx", ""),
    ("corrupt_member", broken.corrupt_member, "corrupt_xlsx", ""),
    ("old_xls", broken.old_xls, "unsupported_format", ""),
    ("password", broken.password_protected, "encrypted_workbook", ""),
    ("xls_named_xlsx", broken.xls_named_xlsx, "old_xls", ""),
    ("strict_ooxml", broken.strict_ooxml, "strict_ooxml", ""),
    ("xlsb", broken.other_format(".xlsb"), "unsupported_format", ""),
    ("ods", broken.other_format(".ods"), "unsupported_format", ""),
    ("csv", broken.other_format(".csv"), "unsupported_format", ""),
    ("zero_bytes", broken.zero_bytes, "empty_file", ""),
    ("no_workbook_part", broken.no_workbook_xml, "not_xlsx", ""),
    ("bad_sheet_xml", broken.bad_sheet_xml, "corrupt_xlsx", ""),
    ("entity_expansion", broken.entity_expansion, "unsafe_xml", ""),
    ("zip_bomb", broken.zip_bomb, "too_large", ""),
    ("wide_sheet", broken.wide_sheet, "sheet_too_large", "基本信息"),
]


@pytest.mark.parametrize(("build", "code", "where"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_file_is_one_finding(sample: Path, tmp_path: Path, build: broken.Builder, code: str, where: str) -> None:
    path = build(sample, tmp_path)
    with pytest.raises(GeneratorError) as exc:
        read_workbook(path)
    assert located(exc.value.findings) == [(code, where)]
    assert exc.value.findings[0].loc.file == str(path)
    assert exc.value.exit_code == 1


def test_unreadable_file_is_one_chinese_finding(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(GeneratorError) as exc:
        read_workbook(sample)
    assert located(exc.value.findings) == [("file_unreadable", "")]
    assert "没有访问权限" in exc.value.findings[0].msg
    assert "Permission" not in str(exc.value)


def test_missing_file_is_usage(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as exc:
        read_workbook(tmp_path / "无.xlsx")
    assert located(exc.value.findings) == [("file_not_found", "")]
    assert exc.value.exit_code == 2


def test_million_rows_bounded(sample: Path, tmp_path: Path) -> None:
    path = broken.million_rows(sample, tmp_path)
    start = time.monotonic()
    with pytest.raises(GeneratorError) as exc:
        read_workbook(path)
    assert time.monotonic() - start < 20
    assert located(exc.value.findings) == [("sheet_too_large", "基本信息")]


def test_merged_cells_read_as_shown(sample: Path, tmp_path: Path) -> None:
    raw = read_workbook(mutated(sample, tmp_path, merge("重点工作", "A2:A3")))
    rows = raw.sheets["重点工作"].rows
    assert rows[2][0].value == rows[1][0].value
    assert rows[2][0].ref == "A3"


def test_formula_without_cached_value_is_marked(sample: Path, tmp_path: Path) -> None:
    raw = read_workbook(mutated(sample, tmp_path, put("重点项目", "C2", "=C3*2")))
    cell = raw.sheets["重点项目"].rows[1][2]
    assert (cell.ref, cell.value, cell.is_formula_without_value) == ("C2", None, True)


def test_formula_with_cached_value_reads_the_value(sample: Path, tmp_path: Path) -> None:
    path = mutated(sample, tmp_path, put("重点项目", "C2", "=C3*2"))
    # -- what Excel writes on saving: the formula and its result --
    broken.rezip(path, tmp_path / "cached.xlsx", {})
    import zipfile

    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.startswith("xl/worksheets/") and b"C3*2" in archive.read(n))
        xml = archive.read(name).replace(b"<f>C3*2</f><v></v>", b"<f>C3*2</f><v>12.5</v>")
        xml = xml.replace(b"<f>C3*2</f></c>", b"<f>C3*2</f><v>12.5</v></c>")
    cached = broken.rezip(path, tmp_path / "cached.xlsx", {name: xml})
    cell = read_workbook(cached).sheets["重点项目"].rows[1][2]
    assert (cell.value, cell.is_formula_without_value) == (12.5, False)


def test_empty_rows_are_skipped_and_refs_kept(sample: Path, tmp_path: Path) -> None:
    raw = read_workbook(mutated(sample, tmp_path, put("正文", "A40", "附录"), put("正文", "B40", "x")))
    assert raw.sheets["正文"].rows[-1][0].ref == "A40"


@pytest.mark.parametrize(("rows", "limit", "over"), [(10, 10, False), (11, 10, True), (0, 0, False), (1, 0, True)])
@pytest.mark.parametrize("chunk", [5, 16, 1 << 20])
def test_rows_counted_across_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int, limit: int, over: bool, chunk: int
) -> None:
    import zipfile

    from generator import read

    monkeypatch.setattr(read, "_CHUNK", chunk)
    # -- prefixed and plain, empty and not: each is one row; <rows> and <rowBreaks> are not rows --
    shapes = ['<x:row r="{}"><x:c r="A1"/></x:row>', '<row r="{}"/>', '<row\n r="{}">x</row>']
    xml = "<x:sheetData><rows/><rowBreaks/>" + "".join(shapes[i % 3].format(i) for i in range(rows))
    path = tmp_path / "s.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("s.xml", xml + "</x:sheetData>")
    with zipfile.ZipFile(path) as archive:
        assert read._rows_over(archive, "s.xml", limit) is over


# -- read once ---------------------------------------------------------------------------------------------


def _sheet_xml(body: str) -> bytes:
    return f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>'.encode()


@pytest.mark.parametrize(
    ("body", "where"),
    [
        pytest.param('<row r="6000"><c r="A6000"><v>1</v></c></row>', "基本信息", id="one cell far down"),
        pytest.param(
            "".join(
                f'<row r="{r}">' + '<c t="inlineStr"><is><t>x</t></is></c>' * 63 + "</row>" for r in range(1, 4001)
            ),
            "基本信息",
            id="too many cells",
        ),
    ],
)
def test_a_sheet_beyond_the_limits_is_refused(sample: Path, tmp_path: Path, body: str, where: str) -> None:
    path = broken.rezip(sample, tmp_path / sample.name, {"xl/worksheets/sheet1.xml": _sheet_xml(body)})
    with pytest.raises(GeneratorError) as exc:
        read_workbook(path)
    assert located(exc.value.findings) == [("sheet_too_large", where)]


@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_cells_and_formulas_are_seen_as_the_sheet_streams(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    import zipfile

    from generator import read

    monkeypatch.setattr(read, "_CHUNK", chunk)
    # -- <col>, <cols>, <font> are neither cells nor formulas --
    xml = '<x:sheetData><cols><col min="1"/></cols><x:row r="1"><x:c r="A1"><x:f>1+1</x:f></x:c><c/><c r="C1"/></x:row>'
    path = tmp_path / "s.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("formula.xml", xml + "</x:sheetData>")
        archive.writestr("plain.xml", xml.replace("<x:f>1+1</x:f>", "<x:v>2</x:v><font/>") + "</x:sheetData>")
    with zipfile.ZipFile(path) as archive:
        assert read._scan_part(archive, "formula.xml", 10, 3) == (False, True)
        assert read._scan_part(archive, "formula.xml", 10, 2) == (True, True)
        assert read._scan_part(archive, "plain.xml", 10, 3) == (False, False)


@pytest.mark.parametrize(("formula", "loads"), [(False, 1), (True, 2)])
def test_the_workbook_is_loaded_once_and_again_only_for_formulas(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, formula: bool, loads: int
) -> None:
    import openpyxl

    path = mutated(sample, tmp_path, *([put("统计数据", "F2", "=1+1")] if formula else []))
    calls: list[bool] = []
    real = openpyxl.load_workbook

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(bool(kwargs.get("read_only")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(openpyxl, "load_workbook", counting)
    raw = read_workbook(path)
    assert (len(calls), any(calls)) == (loads, False)
    assert raw.sheets["基本信息"].rows
