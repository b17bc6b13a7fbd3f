"""Generate a department's 部门整体支出绩效自评报告 (a Word document) from its yearly workbook."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.errors import Finding, GeneratorError, Location

if TYPE_CHECKING:
    from generator.pipeline import build, check

__version__ = "0.1.0"
__all__ = ["Finding", "GeneratorError", "Location", "build", "check"]


def __getattr__(name: str) -> Any:
    # -- the pipeline (openpyxl, docx, jinja2, babel) is imported when first used, so that
    #    `python -m generator --help` and usage errors answer without it --
    if name in ("build", "check"):
        from generator import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'generator' has no attribute {name!r}")
