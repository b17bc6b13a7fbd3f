"""Every finding code used in generator/ is documented in docs/findings.md, and every documented code is used."""

from __future__ import annotations

import ast
import re

from tests.workbooks import ROOT

CODE = re.compile(r"[a-z]+(?:_[a-z0-9]+)+")
RAISERS = {"fail", "warn", "Finding", "_fail", "_duplicates", "ValueProblem"}
"""Functions whose positional arguments include a finding's code."""


def codes_in_source() -> dict[str, str]:
    """Return each code passed to a finding in generator/, with the module using it."""
    found: dict[str, str] = {}

    def add(node: ast.AST, module: str) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value):
            found.setdefault(node.value, module)

    for path in sorted((ROOT / "generator").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in RAISERS:
                    for arg in node.args:
                        add(arg, path.name)
            elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple):
                names = [getattr(t, "id", "") for t in node.targets[0].elts]
                if "code" in names and isinstance(node.value, ast.Tuple):
                    add(node.value.elts[names.index("code")], path.name)
            elif isinstance(node, ast.AnnAssign | ast.Assign):
                target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
                if getattr(target, "id", "") == "CODES" and isinstance(node.value, ast.Dict):
                    for value in node.value.values:
                        add(value, path.name)
    return found


def codes_in_docs() -> list[str]:
    text = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `([a-z0-9_]+)` \|", text, flags=re.M)


def test_every_code_is_documented() -> None:
    missing = sorted(set(codes_in_source()) - set(codes_in_docs()))
    assert missing == [], f"add these codes to docs/findings.md: {missing}"


def test_every_documented_code_is_used() -> None:
    stale = sorted(set(codes_in_docs()) - set(codes_in_source()))
    assert stale == [], f"these codes of docs/findings.md are no longer used: {stale}"


def test_each_code_documented_once() -> None:
    documented = codes_in_docs()
    assert len(documented) == len(set(documented))


def test_source_scan_finds_codes() -> None:
    found = codes_in_source()
    assert {"not_amount", "file_not_found", "template_syntax", "section_missing"} <= set(found)
