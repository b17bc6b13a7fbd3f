"""Click's own frames are Chinese: help, usage, and the errors click raises before a command runs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.click_zh import CATALOGUE

PROG = "python -m generator"
ALLOWED = {
    "python",
    "generator",
    "build",
    "check",
    "blank",
    "docs",
    "next",
    "clean",
    "harvest",
    "Word",
    "WPS",
    "Excel",
    "LibreOffice",
    "PDF",
}
ALLOWED |= {"JSON", "inputs", "outputs", "templates", "report", "docx", "xlsx", "md", "workbook"}
WORD = re.compile(r"(?<![\w./-])[A-Za-z]{2,}(?![\w/])")
OPTION = re.compile(r"(?<!\w)--?[a-z][a-z-]*")

# -- sentences of click's that this program cannot show: programmer errors, prompts, shell completion --
UNREACHABLE = {
    "Could not determine name for option with declarations {decls!r}",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
    "Do you want to continue?",
    "Confirm the action without prompting.",
    "{value!r} is not a valid UUID.",
    "Choice({choices})",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?",
}


def click_sentences() -> set[str]:
    """Return every sentence click passes to gettext in the modules a command line goes through."""
    found: set[str] = set()
    folder = Path(click.__file__).parent
    for name in ("core", "decorators", "exceptions", "formatting", "parser", "types"):
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("_", "ngettext"):
                found |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return found


def test_every_click_sentence_a_user_can_meet_is_translated() -> None:
    missing = sorted(click_sentences() - CATALOGUE.keys() - UNREACHABLE)
    assert missing == []


def test_translations_keep_the_placeholders() -> None:
    for english, chinese in CATALOGUE.items():
        assert set(re.findall(r"\{(\w+)", chinese)) <= set(re.findall(r"\{(\w+)", english)), english
        assert re.search("[\u4e00-\u9fff]", chinese), english


def english_words(text: str, *given: str) -> list[str]:
    """Return the English words in `text` other than option names, the paths given, and proper names."""
    for path in given:
        text = text.replace(path, "")
    text = OPTION.sub("", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED]


CASES = [
    ("help", ["--help"], 0),
    ("build_help", ["build", "--help"], 0),
    ("check_help", ["check", "-h"], 0),
    ("blank_help", ["blank", "-h"], 0),
    ("docs_help", ["docs", "-h"], 0),
    ("version", ["--version"], 0),
    ("bad_option", ["build", "--bogus"], 2),
    ("bad_command", ["bulid"], 2),
    ("missing_argument", ["blank"], 2),
    ("missing_value", ["build", "-o"], 2),
    ("extra_argument", ["blank", "a.xlsx", "b.xlsx"], 2),
    ("no_command", [], 2),
    ("jobs_not_a_number", ["build", "-j", "abc"], 2),
    ("jobs_out_of_range", ["build", "-j", "0"], 2),
]


@pytest.mark.parametrize(("args", "status"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_frames_are_chinese(args: list[str], status: int) -> None:
    result = CliRunner().invoke(main, args, prog_name=PROG)
    assert result.exit_code == status, result.output
    assert re.search("[\u4e00-\u9fff]", result.output)
    assert english_words(result.output, *args) == []


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_unreadable_path_is_chinese(tmp_path: Path, kind: str) -> None:
    template = tmp_path / "无此模板.docx"
    if kind == "folder":
        template.mkdir()
    result = CliRunner().invoke(
        main, ["docs", "--template", str(template), "-o", str(tmp_path / "说明.md")], prog_name=PROG
    )
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith("错误：")
    assert "无此模板.docx" in result.output
    assert english_words(result.output, str(template)) == []
    assert not (tmp_path / "说明.md").exists()


def test_error_words_without_translation_would_be_seen() -> None:
    # -- the check itself fails on click's English frame --
    assert english_words("Usage: python -m generator build [OPTIONS]\nError: No such option: --bogus") == [
        "Usage",
        "OPTIONS",
        "Error",
        "No",
        "such",
        "option",
    ]
