"""scripts/make_template.py: `make template` rebuilds the template only if nobody edited it since it was built."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import docx
import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_template", ROOT / "scripts" / "make_template.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_unedited_template_is_rebuilt_an_edited_one_is_kept(
    script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.docx"
    assert script.main([str(path), "--unless-edited"]) == 0  # -- none yet: built --
    assert script.main([str(path), "--unless-edited"]) == 0  # -- as built: rebuilt --
    edited = docx.Document(str(path))
    edited.add_paragraph("维护人员在 Word 中加的一段")
    edited.save(str(path))
    before = path.read_bytes()
    assert script.main([str(path), "--unless-edited"]) == 1
    assert path.read_bytes() == before
    assert "被修改过" in capsys.readouterr().err
    assert script.main([str(path), "--force"]) == 0
    assert path.read_bytes() != before
