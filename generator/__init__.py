"""Generate a department's 部门整体支出绩效自评报告 (a Word document) from its yearly workbook."""

from generator.errors import Finding, GeneratorError, Location
from generator.pipeline import build, check

__version__ = "0.1.0"
__all__ = ["Finding", "GeneratorError", "Location", "build", "check"]
