"""Documentation stays true: every command is documented, docs/workbook.md is what the schema makes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.docs import workbook_markdown
from tests.conftest import ROOT, TEMPLATE


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert main.commands[command].help
    if command != "docs":  # -- maintainers' command, documented in the Makefile --
        assert f"python -m generator {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_workbook_doc_is_current() -> None:
    current = (ROOT / "docs" / "workbook.md").read_text(encoding="utf-8")
    assert current == workbook_markdown(TEMPLATE), "docs/workbook.md is stale: run `make docs`"


@pytest.mark.parametrize("target", ["report", "test", "check", "help"])
def test_make_targets_documented(target: str) -> None:
    assert f"\n{target}:" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"make {target}" in (ROOT / "README.md").read_text(encoding="utf-8")
