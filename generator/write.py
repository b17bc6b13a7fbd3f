"""Write a rendered document: reproducible bytes, document properties from the workbook, atomic save."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

from docx.document import Document

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Timestamp of every zip member: the same bytes from the same inputs, whatever the clock says."""


def set_properties(document: Document, *, title: str, author: str, date: dt.date) -> None:
    """Set the document properties from the workbook, never from the clock."""
    props = document.core_properties
    stamp = dt.datetime(date.year, date.month, date.day)
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.comments = ""
    props.subject = ""
    props.keywords = ""


def to_bytes(document: Document) -> bytes:
    """Return the .docx bytes of `document`, with fixed member timestamps and order."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it into place.

    A failure part-way leaves any previous file at `path` intact and no temporary file behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
