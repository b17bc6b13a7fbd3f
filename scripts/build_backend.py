"""setuptools' build backend, building outside the source tree: `pip install .` leaves no build/ nor egg-info.

setuptools writes its scratch folders beside pyproject.toml; an extra configuration file, named by the
`DIST_EXTRA_CONFIG` environment variable that setuptools reads, moves them to a temporary folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from setuptools import build_meta as _setuptools

__all__ = [
    "build_editable",
    "build_sdist",
    "build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
]


@contextmanager
def _scratch() -> Iterator[None]:
    with tempfile.TemporaryDirectory(prefix="perf-report-build-") as scratch:
        config = Path(scratch) / "setup.cfg"
        config.write_text(
            f"[build]\nbuild_base = {scratch}/build\n[egg_info]\negg_base = {scratch}\n", encoding="utf-8"
        )
        before = os.environ.get("DIST_EXTRA_CONFIG")
        os.environ["DIST_EXTRA_CONFIG"] = str(config)
        try:
            yield
        finally:
            if before is None:
                del os.environ["DIST_EXTRA_CONFIG"]
            else:
                os.environ["DIST_EXTRA_CONFIG"] = before


def _outside(hook: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> str:
        with _scratch():
            return hook(*args, **kwargs)

    return run


get_requires_for_build_wheel = _outside(_setuptools.get_requires_for_build_wheel)
get_requires_for_build_editable = _outside(_setuptools.get_requires_for_build_editable)
prepare_metadata_for_build_wheel = _outside(_setuptools.prepare_metadata_for_build_wheel)
prepare_metadata_for_build_editable = _outside(_setuptools.prepare_metadata_for_build_editable)
build_wheel = _outside(_setuptools.build_wheel)
build_editable = _outside(_setuptools.build_editable)
build_sdist = _outside(_setuptools.build_sdist)
