"""REFI-QDA codebooks (.qdc): the code tree as XML, written and read.

A tixi code becomes a ``<Code>`` named by its Chinese label (or English label, or id); its
definition is the ``<Description>``, followed by one line ``tixi: {json}`` holding the id and
the fields REFI-QDA has no place for, so a codebook read back gives the same codes. Codes made
elsewhere get ids from their names: ``parent/child``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from tixi.coding.manual import NewCode, code_exists, create_code
from tixi.errors import InputError
from tixi.exchange.safe_xml import child, children, local, parse, text_of
from tixi.store.db import transaction

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
GUID_NAMESPACE = uuid.UUID("6f1b2e1c-6f6a-5b0e-9a53-7469786900a1")  # fixed: same project, same GUIDs
MARK = "tixi: "
MAX_QDC_BYTES = 64 << 20
_COLOR = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")


def guid(kind: str, key: str) -> str:
    """Return a stable GUID for a thing of kind with key (the same on every export)."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


@dataclass
class CodeEntry:
    """A code read from or written to REFI-QDA."""

    id: str
    parent_id: str | None
    name: str
    label_zh: str | None = None
    label_en: str | None = None
    definition: str | None = None
    category: str | None = None
    color: str | None = None
    guid: str = ""
    notes: list[str] = field(default_factory=list)   # GUIDs of notes on the code


# -- writing ---------------------------------------------------------------------------------


def stored_codes(db: sqlite3.Connection) -> list[CodeEntry]:
    """Return the project's codes, sorted by id."""
    entries = []
    for row in db.execute("SELECT * FROM codes ORDER BY id"):
        name = row["label_zh"] or row["label_en"] or row["id"]
        entries.append(CodeEntry(
            id=row["id"], parent_id=row["parent_id"], name=name, label_zh=row["label_zh"], label_en=row["label_en"],
            definition=row["definition"], category=row["category"], color=row["color"], guid=guid("code", row["id"]),
        ))
    return entries


def description(entry: CodeEntry) -> str:
    """Return the Description text: the definition, then the ``tixi:`` line."""
    extra = {"id": entry.id, "label_zh": entry.label_zh, "label_en": entry.label_en, "category": entry.category}
    mark = MARK + json.dumps({k: v for k, v in extra.items() if v is not None}, ensure_ascii=False, sort_keys=True)
    return f"{entry.definition}\n{mark}" if entry.definition else mark


def append_codes(parent: Any, entries: list[CodeEntry], namespace: str, note_refs: dict[str, list[str]] | None = None) -> None:
    """Append ``<Code>`` elements for entries, nested by parent, children sorted by id."""
    ids = {entry.id for entry in entries}
    by_parent: dict[str | None, list[CodeEntry]] = {}
    for entry in entries:
        key = entry.parent_id if entry.parent_id in ids else None
        by_parent.setdefault(key, []).append(entry)

    def add(element: Any, parent_id: str | None) -> None:
        for entry in sorted(by_parent.get(parent_id, []), key=lambda e: e.id):
            attributes = {"guid": entry.guid, "name": entry.name, "isCodable": "true"}
            if entry.color and _COLOR.match(entry.color):
                attributes["color"] = entry.color
            code = etree.SubElement(element, f"{{{namespace}}}Code", attributes)
            etree.SubElement(code, f"{{{namespace}}}Description").text = description(entry)
            for note in (note_refs or {}).get(entry.id, []):
                etree.SubElement(code, f"{{{namespace}}}NoteRef", {"targetGUID": note})
            add(code, entry.id)

    add(parent, None)


def codebook_xml(entries: list[CodeEntry], origin: str) -> bytes:
    """Return codes as .qdc XML bytes."""
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": origin}, nsmap={None: CODEBOOK_NS})
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    append_codes(codes, entries, CODEBOOK_NS)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def export_qdc(db: sqlite3.Connection, path: Path, origin: str) -> int:
    """Write the codebook to path (.qdc); return the number of codes written."""
    entries = stored_codes(db)
    if not entries:
        raise InputError("the project has no codes to export; load a codebook or code something first")
    path.write_bytes(codebook_xml(entries, origin))
    return len(entries)


# -- reading ---------------------------------------------------------------------------------


def parse_description(text: str | None) -> tuple[str | None, dict[str, Any]]:
    """Return (definition, tixi fields) from a Description, splitting off a final ``tixi:`` line."""
    if not text:
        return None, {}
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    if lines and lines[-1].startswith(MARK):
        try:
            extra = json.loads(lines[-1][len(MARK):])
        except json.JSONDecodeError:
            extra = None
        if isinstance(extra, dict):
            definition = "\n".join(lines[:-1]).strip() or None
            return definition, extra
    return text.strip() or None, {}


def _text_field(extra: dict[str, Any], key: str, name: str, warnings: list[str]) -> str | None:
    """Return ``extra[key]`` as text: a string as it is, a number as digits, a list or object as JSON (with a warning)."""
    value = extra.get(key)
    if value is None or isinstance(value, str):
        return value
    if not isinstance(value, int | float) or isinstance(value, bool):
        warnings.append(f"code {name!r}: {key} held {type(value).__name__} data; kept as JSON text")
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def read_codes(codes_element: Any, warnings: list[str]) -> list[CodeEntry]:
    """Return the codes under a ``<Codes>`` element, parents first, with ids made unique.

    The ``tixi:`` line of a Description comes from another program and may hold anything: its
    fields become text (see ``_text_field``), so storing them cannot fail half way.
    """
    entries: list[CodeEntry] = []
    taken: set[str] = set()

    def visit(element: Any, parent: CodeEntry | None) -> None:
        for code in children(element, "Code"):
            name = (code.get("name") or "").strip() or (code.get("guid") or "code")
            definition, extra = parse_description(text_of(child(code, "Description")))
            base = _text_field(extra, "id", name, warnings) or (f"{parent.id}/{name}" if parent else name)
            code_id, number = base, 2
            while code_id in taken:
                code_id, number = f"{base}#{number}", number + 1
            taken.add(code_id)
            entry = CodeEntry(
                id=code_id, parent_id=parent.id if parent else None, name=name,
                label_zh=_text_field(extra, "label_zh", name, warnings) if "label_zh" in extra else (name if not extra else None),
                label_en=_text_field(extra, "label_en", name, warnings),
                definition=definition, category=_text_field(extra, "category", name, warnings), color=code.get("color"),
                guid=(code.get("guid") or "").strip("{}").lower(),
                notes=[(ref.get("targetGUID") or "").strip("{}").lower() for ref in children(code, "NoteRef")],
            )
            entries.append(entry)
            visit(code, entry)

    visit(codes_element, None)
    return entries


def store_codes(db: sqlite3.Connection, entries: list[CodeEntry], origin: str) -> dict[str, int]:
    """Insert codes that are new (in the caller's transaction); return counts added and already present."""
    counts = {"codes_added": 0, "codes_existing": 0}
    for entry in entries:  # parents come first, so each parent is stored before its children
        if code_exists(db, entry.id):
            counts["codes_existing"] += 1
            continue
        create_code(db, NewCode(
            entry.id, entry.parent_id, entry.label_zh, entry.label_en, entry.definition, entry.category, entry.color,
            {"refi_guid": entry.guid} if entry.guid else {},
        ), origin)
        counts["codes_added"] += 1
    return counts


def read_qdc(path: Path) -> tuple[list[CodeEntry], list[str]]:
    """Return the codes of a .qdc file and warnings about what was not read."""
    if not path.exists():
        raise InputError(f"codebook {path} does not exist")
    if path.stat().st_size > MAX_QDC_BYTES:
        raise InputError(f"{path} is {path.stat().st_size:,} bytes, over the {MAX_QDC_BYTES:,}-byte limit for a codebook")
    root = parse(path.read_bytes(), str(path))
    if local(root) != "CodeBook":
        raise InputError(f"{path}: the root element is <{local(root)}>, not <CodeBook>; is this a .qdc codebook?")
    codes = child(root, "Codes")
    if codes is None:
        raise InputError(f"{path}: no <Codes> element")
    warnings = ["<Sets> (code groups) are not imported"] if child(root, "Sets") is not None else []
    return read_codes(codes, warnings), warnings


def import_qdc(db: sqlite3.Connection, path: Path) -> dict[str, Any]:
    """Read a .qdc codebook into the project's codes (new ids only); return counts and warnings."""
    entries, warnings = read_qdc(path)
    with transaction(db):
        counts: dict[str, Any] = dict(store_codes(db, entries, f"import:{path.name}"))
    counts["codes_read"] = len(entries)
    counts["warnings"] = warnings
    return counts
