"""Findings (one problem each, with its location) and the one error type that carries them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """An error stops the build of its workbook; a warning lets it go on."""

    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True)
class Location:
    """Where a problem sits: a workbook cell, a sheet, a file, or a template paragraph."""

    file: str = ""
    sheet: str = ""
    cell: str = ""
    paragraph: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            inner = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
            where = f"{where}，{inner}" if where else inner
        if self.paragraph:
            inner = f"段落“{self.paragraph}”"
            where = f"{where}，{inner}" if where else inner
        return where or "（无位置）"


@dataclass(frozen=True)
class Finding:
    """One problem: a stable `code`, a `severity`, where it is, a Chinese message with the fix, the input."""

    code: str
    msg: str
    loc: Location = field(default_factory=Location)
    severity: Severity = Severity.ERROR
    input: Any = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, Any]:
        """Return this finding as a JSON-ready record (`check --json`)."""
        value = self.input
        if value is not None and not isinstance(value, str | int | float | bool):
            value = str(value)
        return {
            "code": self.code,
            "severity": "error" if self.is_error else "warning",
            "file": self.loc.file,
            "sheet": self.loc.sheet,
            "cell": self.loc.cell,
            "paragraph": self.loc.paragraph,
            "message": self.msg,
            "input": value,
        }

    def __str__(self) -> str:
        text = f"{self.loc}：{self.msg} [{self.severity.value}，代码={self.code}"
        if self.input is not None and self.input != "":
            text += f"，输入={self.input!r}"
        return text + "]"


class GeneratorError(Exception):
    """Raised when an input or the template has problems; carries every finding of the pass."""

    exit_code = 1

    def __init__(self, title: str, findings: tuple[Finding, ...] | list[Finding]) -> None:
        self.title = title
        self.findings = tuple(findings)
        super().__init__(title, self.findings)

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, (self.title, self.findings))

    def __str__(self) -> str:
        lines = [f"{self.title}：发现 {len(self.findings)} 个问题"]
        lines += [f"  {finding}" for finding in self.findings]
        return "\n".join(lines)


class UsageError(GeneratorError):
    """Raised when the command line names inputs or outputs that cannot be used."""

    exit_code = 2


@dataclass
class Findings:
    """Collects findings; `fail` and `warn` fill in the file, so callers pass only sheet and cell."""

    file: str
    items: list[Finding] = field(default_factory=list)
    shown: dict[tuple[str, str], str] = field(default_factory=dict)
    """What each number cell read shows (`display.cell_text`: 95%, 122.30), by (sheet, cell): a finding at such
    a cell gives that as its input, whatever value the check worked on (0.95, 122.3)."""

    def _input(self, loc: Location, input: Any) -> Any:
        if input is None or input == "":
            return input
        return self.shown.get((loc.sheet, loc.cell), input)

    def fail(self, code: str, msg: str, loc: Location, input: Any = None) -> None:
        self.items.append(Finding(code, msg, loc, Severity.ERROR, self._input(loc, input)))

    def warn(self, code: str, msg: str, loc: Location, input: Any = None) -> None:
        self.items.append(Finding(code, msg, loc, Severity.WARNING, self._input(loc, input)))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if not f.is_error]
