"""Parsing untrusted XML (project.qde, .qdc) with no entities, no DTD, no network.

REFI-QDA files never need a DOCTYPE, so any DOCTYPE is refused before parsing, with a
message that says what was found (an external entity, entity declarations as in "billion
laughs", or a bare DOCTYPE). The parser itself is locked down too (lxml with
resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False), in case a
declaration slips past the scan.

Element names are matched by local name, so namespace variants (urn:QDA-XML:project:1.0,
…:1:0, …:0:4, or none) all read the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from tixi.errors import InputError

_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_EXTERNAL = re.compile(r"<!ENTITY\s+%?\s*\S+\s+(SYSTEM|PUBLIC)\b", re.IGNORECASE)


def _as_text(data: bytes) -> str:
    """Return the bytes decoded well enough to scan markup (UTF-16 with a mark, else UTF-8)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


def refuse_dtd(data: bytes, what: str) -> None:
    """Raise InputError if the document declares a DOCTYPE (and say whether it declares entities)."""
    text = _as_text(data)
    if not _DOCTYPE.search(text):
        return
    if _EXTERNAL.search(text):
        raise InputError(f"{what} declares an external XML entity (XXE), which could read local files; refused")
    if _ENTITY.search(text):
        raise InputError(f"{what} declares XML entities (entity expansion, as in 'billion laughs'); refused")
    raise InputError(f"{what} has a DOCTYPE declaration, which REFI-QDA files never have; refused")


def parse(data: bytes, what: str) -> Any:
    """Return the root element of untrusted XML bytes; ``what`` names the file in errors."""
    refuse_dtd(data, what)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise InputError(f"{what}: not well-formed XML ({error})") from error
    if root.getroottree().docinfo.internalDTD is not None:
        raise InputError(f"{what} has a DOCTYPE declaration, which REFI-QDA files never have; refused")
    return root


def local(element: Any) -> str:
    """Return an element's tag without its namespace."""
    tag = element.tag
    return str(etree.QName(tag).localname) if isinstance(tag, str) else ""


def children(element: Any, name: str) -> Iterator[Any]:
    """Yield the child elements called name (any namespace)."""
    for child in element:
        if local(child) == name:
            yield child


def child(element: Any, name: str) -> Any | None:
    """Return the first child element called name (any namespace), or None."""
    return next(children(element, name), None)


def text_of(element: Any | None) -> str | None:
    """Return an element's text, or None when the element is missing or empty."""
    if element is None:
        return None
    value = "".join(element.itertext())
    return value if value != "" else None
