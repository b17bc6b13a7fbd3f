"""What a number cell shows, from its value and its number format, as Excel and WPS display it.

The reader takes a cell for what the clerk sees. A cell formatted as a percentage holds 0.54 and shows
54%; a cell formatted with one decimal holds 570.456 and shows 570.5. `Shown` says, for a number and
a format, which number is on the screen (`number`), with what unit text around it, and whether the
format is a percentage or a date. Only the parts of a format that change the number are read: the
section for the sign, percent signs, thousands scaling (`0.0,`), decimal places, literal text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_QUOTED = re.compile(r'"[^"]*"')
_ESCAPED = re.compile(r"\\(.)")
_BRACKET = re.compile(r"\[[^\]]*\]")
_FILL = re.compile(r"[_*].")
_DATE_CODES = re.compile(r"[yYmMdDhHsSeE]|上午|下午|AM/PM|A/P", re.IGNORECASE)


def _sections(fmt: str) -> list[str]:
    """Split a format at the `;` that are not inside quotes or brackets."""
    parts, current, quoted, bracket = [], "", False, False
    for ch in fmt:
        if ch == '"' and not bracket:
            quoted = not quoted
        elif ch == "[" and not quoted:
            bracket = True
        elif ch == "]" and not quoted:
            bracket = False
        elif ch == ";" and not quoted and not bracket:
            parts.append(current)
            current = ""
            continue
        current += ch
    parts.append(current)
    return parts


def _literal(section: str) -> str:
    """Return the literal text a format section prints around the number (quoted and escaped)."""
    found = [m[1:-1] for m in _QUOTED.findall(section)] + _ESCAPED.findall(section)
    return "".join(found)


def _codes(section: str) -> str:
    """Return a format section without its literal text, brackets and fill characters."""
    section = _QUOTED.sub("", section)
    section = _ESCAPED.sub("", section)
    section = _BRACKET.sub("", section)
    return _FILL.sub("", section)


@dataclass(frozen=True)
class Shown:
    """The number a cell shows, or why it shows no plain number."""

    number: Decimal
    """The number on the screen (a percent cell holding 0.54 shows 54); the value when the format is General."""
    exact: bool
    """Whether `number` is the value itself, nothing rounded away or scaled."""
    percent: bool = False
    date: bool = False
    unit: str = ""
    """Literal text the format prints beside the number, such as 万元."""


def is_general(fmt: str) -> bool:
    return fmt.strip().lower() in ("", "general", "@")


def is_date_format(fmt: str) -> bool:
    """Return whether `fmt` shows a number as a date or time."""
    if is_general(fmt):
        return False
    return bool(_DATE_CODES.search(_codes(_sections(fmt)[0])))


def shown(value: Decimal, fmt: str) -> Shown:
    """Return what a number cell holding `value` with number format `fmt` shows."""
    if is_general(fmt):
        return Shown(value, True)
    sections = _sections(fmt)
    section = sections[0]
    if value < 0 and len(sections) > 1 and _codes(sections[1]).strip():
        section = sections[1]
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    codes = _codes(section)
    if is_date_format(fmt):
        return Shown(value, True, date=True)
    if "general" in codes.lower() or not re.search(r"[0#?]", codes):
        return Shown(value, True, unit=_literal(section))
    percent = codes.count("%")
    number = value * Decimal(100) ** percent
    # -- commas right after the last digit placeholder divide by 1000 each: 0.0, shows thousands --
    scaling = re.search(r"[0#?](,+)[^0#?]*$", codes)
    if scaling:
        number /= Decimal(1000) ** len(scaling[1])
    decimals = 0
    if "." in codes:
        after = codes.split(".", 1)[1]
        decimals = len(re.match(r"[0#?]*", after)[0])  # type: ignore[index]
    try:
        rounded = number.quantize(Decimal(1).scaleb(-min(decimals, 30)), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # -- more digits than the context holds: shown as it is --
        return Shown(number, True, percent=percent > 0, unit=_literal(section))
    exact = rounded == number and not scaling
    return Shown(rounded, exact, percent=percent > 0, unit=_literal(section))


def display_text(value: float | int | Decimal, fmt: str) -> str | None:
    """Return the text a number cell shows when it is not the plain number (a percentage, a rounded
    or scaled number), without thousands separators; `None` when the cell shows the number itself."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return None
    view = shown(number, fmt)
    if view.date or (view.exact and not view.percent):
        return None
    text = format(view.number, "f")
    return text + "%" if view.percent else text


def cell_text(value: object, fmt: str) -> str | None:
    """Return the text a cell shows, as the clerk typed or sees it: a number through its number format
    (0.95 in a percent cell shows 95%, 122.3 with two decimals 122.30, a unit the format prints after it),
    text as it is; `None` for a date or time, which this module does not render.

    Thousands separators are left out, as in `display_text`.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if not isinstance(value, int | float | Decimal):
        return None
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return None
    view = shown(number, fmt)
    if view.date:
        return None
    if view.exact and not view.percent and is_general(fmt):
        integral = view.number == view.number.to_integral_value()
        text = format(view.number.normalize() if integral else view.number, "f")
    else:
        text = format(view.number, "f")
    unit = view.unit.strip()
    return text + ("%" if view.percent else "") + (unit if any(ch.isalpha() for ch in unit) else "")
