"""The files the package carries: the default Word template and the documentation pages.

They are package data (`generator.templates` is the folder `templates/`, `generator.manual` is `docs/`,
mapped in pyproject.toml), read with `importlib.resources`, so an installed wheel works from any folder.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from pathlib import Path

LOCAL_TEMPLATE = Path("templates") / "report.docx"
"""A template at this path in the working folder replaces the packaged one."""

_KEEP = ExitStack()
atexit.register(_KEEP.close)


def packaged_template() -> Path:
    """Return the path of the Word template shipped with the package."""
    # -- a real file for an ordinary install; a temporary copy, kept until exit, from a zip --
    from importlib.resources import as_file, files  # -- here: a template in the working folder does without --

    return _KEEP.enter_context(as_file(files("generator.templates").joinpath("report.docx")))


def default_template() -> Path:
    """Return the template to use when none is named: `templates/report.docx` of the working folder if
    there is one, else the packaged template."""
    return LOCAL_TEMPLATE if LOCAL_TEMPLATE.is_file() else packaged_template()


def manual_pages() -> dict[str, str]:
    """Return the documentation pages shipped with the package: file name → Markdown text."""
    from importlib.resources import files

    folder = files("generator.manual")
    return {
        page.name: page.read_text(encoding="utf-8")
        for page in sorted(folder.iterdir(), key=lambda p: p.name)
        if page.name.endswith(".md")
    }
