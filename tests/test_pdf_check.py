"""generator/pdf_check.py: the PDF's text against the document's, and the fonts LibreOffice replaced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import pdf, pdf_check
from generator.pdf_check import Missing, missing_text
from tests.conftest import TEMPLATE


def test_nothing_missing_when_the_pdf_adds_page_numbers_and_header_rows() -> None:
    paragraphs = ["一、基本情况", "履行规定，全面实现。", "一级指标", "整体效能"]
    pages = ["一、基本情况\n履行规定，\n全面实现。\n— 1 —", "一级指标\n整体效能\n— 2 —\n一级指标"]
    assert missing_text(paragraphs, pages) == []


def test_a_dropped_line_end_comma_is_found_with_its_page_and_words() -> None:
    paragraphs = ["首段。", "严格执行换届工作和干部选拔任用工作规定，全面实现我区389个村"]
    pages = ["首段。", "严格执行换届工作和干部选拔任用工作规定\n全面实现我区 389 个村"]
    assert missing_text(paragraphs, pages) == [
        Missing("，", 2, "干部选拔任用工作规定", "全面实现我区389个", paragraphs[1])
    ]


def test_invisible_joiners_are_not_counted_as_missing() -> None:
    assert missing_text(["扣0.31\u2060分"], ["扣0.31分"]) == []


def test_a_missing_character_is_an_error_in_chinese_naming_page_and_paragraph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_check, "document_paragraphs", lambda docx: ["规定，全面实现"])
    monkeypatch.setattr(pdf_check, "pdf_pages", lambda pdf_path, program: ["", "", "", "规定\n全面实现"])
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/" + name)
    target = tmp_path / "报告.pdf"
    with pytest.raises(pdf.PdfError) as raised:
        pdf.verify_text(tmp_path / "报告.docx", tmp_path / "report.pdf", target)
    assert [f.code for f in raised.value.findings] == ["pdf_text_missing"]
    text = str(raised.value)
    assert "PDF 丢失了 1 个字符，未写入 报告.pdf" in text
    assert "PDF 第 4 页缺少“，”：…规定【，】全面实现…" in text
    assert "段落“规定，全面实现”" in text


def test_requested_fonts_are_those_the_template_uses() -> None:
    fonts = pdf_check.requested_fonts(TEMPLATE)
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体", "Times New Roman"} == set(fonts)


def test_the_font_notice_names_each_substitute() -> None:
    notice = pdf_check.font_notice([("仿宋_GB2312", "LXGW WenKai"), ("黑体", "Noto Sans CJK SC")])
    assert notice is not None
    assert notice.startswith("这台电脑没有安装报告要求的 2 种字体，PDF 中已用其他字体代替：")
    assert "仿宋_GB2312 → LXGW WenKai，黑体 → Noto Sans CJK SC" in notice
    assert pdf_check.font_notice([]) is None


def test_fonts_are_not_checked_without_fontconfig(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert pdf_check.substituted_fonts(TEMPLATE) == []


def test_a_font_fontconfig_lists_is_not_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(pdf_check, "installed_families", lambda fc: {"仿宋_GB2312", "黑体", "Times New Roman"})
    monkeypatch.setattr(pdf_check, "substitute", lambda name, fc: "替代字体")
    assert pdf_check.substituted_fonts(TEMPLATE) == [
        ("方正小标宋简体", "替代字体"),
        ("楷体_GB2312", "替代字体"),
        ("宋体", "替代字体"),
    ]
