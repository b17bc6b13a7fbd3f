"""Write a rendered document: valid XML, reproducible bytes, document properties from the workbook, atomic save."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from generator.names import property_text

if TYPE_CHECKING:
    # -- python-docx is imported where a document is written: `write_atomic` serves `check` too --
    from docx.document import Document
    from docx.opc.packuri import PackURI

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Timestamp of every zip member: the same bytes from the same inputs, whatever the clock says."""

CHILD_ORDER: dict[str, tuple[str, ...]] = {
    "w:tcPr": (
        "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
        "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
        "w:cellDel", "w:cellMerge", "w:tcPrChange",
    ),
    "w:trPr": (
        "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
        "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange",
    ),
}  # fmt: skip
"""Schema order (ECMA-376) of the children of property elements that docxtpl edits by text substitution:
its `{% vm %}` appends `w:vMerge` after a cell's `w:vAlign`, which Word's validator rejects."""


def tidy(document: Document) -> None:
    """Put the children of the elements in `CHILD_ORDER` into schema order, keeping the order of equals."""
    from docx.oxml.ns import qn

    body = document.element.body
    for tag, order in CHILD_ORDER.items():
        rank = {qn(name): n for n, name in enumerate(order)}
        for parent in body.iter(qn(tag)):
            children = list(parent)
            ordered = sorted(children, key=lambda child: rank.get(child.tag, len(order)))
            if ordered != children:
                for child in children:
                    parent.remove(child)
                parent.extend(ordered)


def set_properties(document: Document, *, title: str, author: str, date: dt.date) -> None:
    """Set the document properties from the workbook, never from the clock."""
    props = document.core_properties
    stamp = dt.datetime(date.year, date.month, date.day)
    props.title = property_text(title)
    props.author = property_text(author)
    props.last_modified_by = property_text(author)
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.language = "zh-CN"


class _FixedTimeZip:
    """The zip writer python-docx writes a package through (`PhysPkgWriter`), every member stamped ZIP_TIME."""

    def __init__(self, stream: io.BytesIO) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 0  # -- the same bytes whether built on Windows or Linux --
        self._zip.writestr(info, blob)

    def close(self) -> None:
        self._zip.close()


def to_bytes(document: Document) -> bytes:
    """Return the .docx bytes of `document` (tidied first), with fixed member timestamps and order.

    The package is zipped once, as `OpcPackage.save` does it (the same members in the same order), but
    through a writer that stamps the fixed time instead of the clock.
    """
    from docx.opc.pkgwriter import PackageWriter

    tidy(document)
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    writer = _FixedTimeZip(out)
    # -- python-docx's own steps of `PackageWriter.write`, minus the zip file it opens itself --
    PackageWriter._write_content_types_stream(writer, package.parts)  # type: ignore[no-untyped-call]
    PackageWriter._write_pkg_rels(writer, package.rels)  # type: ignore[no-untyped-call]
    PackageWriter._write_parts(writer, package.parts)  # type: ignore[arg-type]
    writer.close()
    return out.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it into place.

    A failure part-way leaves any previous file at `path` intact and no temporary file behind. The new
    file keeps the permissions of the one it replaces (0644 for a new file).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry of a renamed file to disk, where the system allows it (not on Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
