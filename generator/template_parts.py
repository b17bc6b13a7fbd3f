"""The Word template's text as python-docx reads it, read with lxml alone: for the template check.

`check` reads the template only to check it: importing python-docx for that cost a quarter of its
time, and a build parsed the template twice (python-docx here, docxtpl to render). This module
opens the package the way python-docx does (the relationships walked from the package, each part's
content type from [Content_Types].xml, the XML parts parsed with python-docx's parser settings), so
that a file python-docx refuses is refused here too, and gives what the check reads: the main
document, then the headers and footers in python-docx's part order, and the styles' ids and names
(with python-docx's names for the built-in headings: “Heading 1”, not “heading 1”).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # -- python-docx's parser, installed with it --

from generator import wml

_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
MAIN = _CT + "document.main+xml"
STYLES = _CT + "styles+xml"
_XML_PARTS = {
    MAIN,
    STYLES,
    _CT + "header+xml",
    _CT + "footer+xml",
    _CT + "numbering+xml",
    _CT + "settings+xml",
    _CT + "comments+xml",
    "application/vnd.openxmlformats-package.core-properties+xml",
}
"""The content types python-docx parses when it opens a package (the parts it has classes for)."""
_HEADER_FOOTER = re.compile(r"/word/(header|footer)\d*\.xml")
_UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header"} | {
    f"heading {n}": f"Heading {n}" for n in range(1, 10)
}
"""python-docx's `BabelFish`: the names it gives the built-in styles stored under lower-case names."""


class Unreadable(Exception):
    """The file is not a Word document python-docx would open."""


@dataclass(frozen=True)
class TemplateXml:
    """A template's parts: the main document's root, the roots of its headers and footers, its styles."""

    document: Any
    headers_footers: tuple[Any, ...]
    styles: tuple[tuple[str | None, str | None], ...]
    """(style id, name as python-docx gives it) of every `w:style`, in order."""

    @property
    def body(self) -> Any:
        return self.document.find(wml.W + "body")

    def style_names(self) -> dict[str | None, str | None]:
        """Return each style id's name (the last style with that id, as a dict of python-docx's styles has)."""
        return dict(self.styles)


def _parser() -> Any:
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _partname(base: str, target: str) -> str:
    return posixpath.abspath(posixpath.join(base, target))


def _rels_name(partname: str) -> str:
    folder, name = posixpath.split(partname)
    return posixpath.join(folder, "_rels", f"{name}.rels")[1:]


class _Package:
    """The parts of a zipped package reachable from its relationships, found as python-docx finds them."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        types = etree.fromstring(archive.read("[Content_Types].xml"), _parser())
        self.overrides = {
            e.get("PartName", "").lower(): e.get("ContentType") for e in types.iter(f"{{{_TYPES}}}Override")
        }
        self.defaults = {
            e.get("Extension", "").lower(): e.get("ContentType") for e in types.iter(f"{{{_TYPES}}}Default")
        }
        self.rels: dict[str, list[tuple[str, str | None]]] = {}
        """Each part's internal relationships: (type, target partname), in order; "/" the package's."""
        self.types: dict[str, str] = {}
        self._walk("/")

    def _relationships(self, source: str) -> list[tuple[str, str | None]]:
        try:
            xml = self.archive.read(_rels_name(source) if source != "/" else "_rels/.rels")
        except KeyError:
            return []
        found = []
        for rel in etree.fromstring(xml, _parser()).iter(f"{{{_RELS}}}Relationship"):
            external = rel.get("TargetMode") == "External"
            target = None if external else _partname(posixpath.split(source)[0], rel.get("Target"))
            found.append((rel.get("Type"), target))
        return found

    def _content_type(self, partname: str) -> str:
        if partname.lower() in self.overrides:
            return str(self.overrides[partname.lower()])
        ext = posixpath.splitext(partname)[1]
        ext = ext[1:] if ext.startswith(".") else ext
        if ext.lower() in self.defaults:
            return str(self.defaults[ext.lower()])
        raise Unreadable(f"no content type for {partname}")

    def _walk(self, source: str) -> None:
        """Visit every part reachable from `source`, depth first, as python-docx's package reader does."""
        self.rels[source] = self._relationships(source)
        for _, target in self.rels[source]:
            if target is None or target in self.types:
                continue
            self.types[target] = self._content_type(target)
            self.archive.getinfo(target[1:])  # -- KeyError when the part is missing, as in python-docx --
            self._walk(target)

    def iter_parts(self) -> Iterator[str]:
        """The partnames in python-docx's `iter_parts` order."""
        seen: set[str] = set()

        def walk(source: str) -> Iterator[str]:
            for _, target in self.rels.get(source, []):
                if target is not None and target not in seen:
                    seen.add(target)
                    yield target
                    yield from walk(target)

        return walk("/")

    def related(self, source: str, reltype: str) -> str | None:
        """The one part `source` relates to by `reltype`; `None` when none; `Unreadable` when several."""
        found = [target for kind, target in self.rels.get(source, []) if kind == _RT + reltype]
        if len(found) > 1 or None in found:
            raise Unreadable(f"{len(found)} relationships of type {reltype}")
        return found[0] if found else None


def _default_styles() -> bytes:
    """python-docx's default styles, which it gives a document without a styles part."""
    spec = find_spec("docx")  # -- found, not imported --
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        raise Unreadable("python-docx not found")
    return (Path(next(iter(folders))) / "templates" / "default-styles.xml").read_bytes()


def read(path: Path) -> TemplateXml:
    """Return the parts of the template at `path`; raise `Unreadable` (or what zipfile and lxml raise)
    where python-docx would not open it."""
    if not zipfile.is_zipfile(path):
        raise Unreadable(f"not a package: {path}")
    with zipfile.ZipFile(path) as archive:
        package = _Package(archive)
        parsed = {
            name: etree.fromstring(archive.read(name[1:]), _parser())
            for name in package.iter_parts()
            if package.types[name] in _XML_PARTS
        }
    main = package.related("/", "officeDocument")
    if main is None:
        raise Unreadable("no main document")
    if package.types[main] != MAIN:
        raise Unreadable(f"not a Word document: {package.types[main]}")
    styles_part = package.related(main, "styles")
    if styles_part is not None and package.types[styles_part] != STYLES:
        raise Unreadable(f"styles of type {package.types[styles_part]}")
    styles = parsed[styles_part] if styles_part is not None else etree.fromstring(_default_styles(), _parser())
    names = []
    for style in styles.findall(wml.STYLE):
        name = style.find(wml.W + "name")
        value = name.get(wml.VAL) if name is not None else None
        names.append((style.get(wml.STYLE_ID), _UI_NAMES.get(value, value) if value is not None else None))
    others = tuple(parsed[name] for name in package.iter_parts() if _HEADER_FOOTER.fullmatch(name))
    return TemplateXml(parsed[main], others, tuple(names))


def from_document(document: Any) -> TemplateXml:
    """Return the same view of a template already opened by python-docx (as docxtpl opens it to render):
    a build then parses the template once. `tests/test_template_parts.py` holds the two views equal."""
    package = document.part.package
    others = tuple(part.element for part in package.iter_parts() if _HEADER_FOOTER.fullmatch(str(part.partname)))
    return TemplateXml(document.element, others, tuple((s.style_id, s.name) for s in document.styles))


def text(element: Any) -> str:
    """Return the text of the `w:t` elements inside `element` (no tabs or breaks, unlike `wml.paragraph_text`)."""
    return "".join(t.text or "" for t in element.iter(wml.T))


def settings_table(body: Any, title: str) -> Any:
    """Return the first `w:tbl` under `body` whose first cell reads `title`, or `None`."""
    for table in body.iter(wml.TBL):
        first = next(table.iter(wml.TC), None)
        if first is not None and text(first).strip() == title:
            return table
    return None


def table_rows(table: Any) -> list[list[str]]:
    """Return the cell texts of each row of `table`."""
    return [[text(tc) for tc in tr.iter(wml.TC)] for tr in table.iter(wml.TR)]
