"""Documents a user can correct: metadata checked, edited, re-applied from a manifest; documents removed.

Values are checked the same way wherever they come from (``tixi add`` options, a manifest row,
``tixi docs set``): a system must be one the project knows, a date a real calendar date (``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD``). Fields of the documents table are columns; anything else goes to
the document's ``meta``. An empty value removes the key.
"""

from __future__ import annotations

import datetime
import json
import re
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tixi.errors import InputError, NotFound, did_you_mean
from tixi.model import DOCUMENT_FIELDS
from tixi.store.db import transaction

DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def problem_with(key: str, value: str, systems: Sequence[str] = ()) -> str | None:
    """Return what is wrong with one metadata value, or None when it is fine (``systems``: the pack's system ids)."""
    if key == "system" and systems and value not in systems:
        return f"system {value!r} is not one of {', '.join(systems)}{did_you_mean(value, systems)}"
    if key == "date":
        match = DATE.match(value.strip())
        if not match:
            return f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
        year, month, day = (int(part) if part else 1 for part in match.groups())
        try:
            datetime.date(year, month, day)
        except ValueError:
            return f"date {value!r} is not a calendar date"
    return None


def check(values: Mapping[str, Any], where: str = "", systems: Sequence[str] = ()) -> None:
    """Raise InputError listing every bad value of ``values``."""
    problems = [found for key, value in values.items() if value not in (None, "") and (found := problem_with(key, str(value), systems))]
    if problems:
        raise InputError(f"{where}{'; '.join(problems)}")


def set_metadata(db: sqlite3.Connection, doc_id: str, values: Mapping[str, str], systems: Sequence[str] = ()) -> dict[str, Any]:
    """Set (or, with an empty value, clear) metadata of one document; return its fields and meta after."""
    check(values, f"document {doc_id}: ", systems)
    row = db.execute("SELECT meta FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise NotFound(f"no document {doc_id!r}; `tixi docs` lists them")
    meta = json.loads(row[0] or "{}")
    with transaction(db):
        for key, value in values.items():
            if key in DOCUMENT_FIELDS:
                db.execute(f"UPDATE documents SET {key} = ? WHERE id = ?", (value or None, doc_id))
            elif value:
                meta[key] = value
            else:
                meta.pop(key, None)
        meta["edited"] = sorted(set(meta.get("edited", [])) | set(values))  # what a person set, as against what was read
        db.execute("UPDATE documents SET meta = ? WHERE id = ?", (json.dumps(meta, ensure_ascii=False, sort_keys=True), doc_id))
    fields = db.execute(f"SELECT {', '.join(DOCUMENT_FIELDS)} FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return {**{name: fields[name] for name in DOCUMENT_FIELDS}, "meta": meta}


def remove_document(db: sqlite3.Connection, root: Path, doc_id: str) -> bool:
    """Remove a document with its text, segments, codings and flows; its source file too when no other document uses it.

    Return whether the stored source file was deleted.
    """
    row = db.execute("SELECT source_hash FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise NotFound(f"no document {doc_id!r}; `tixi docs` lists them")
    source_hash = row[0]
    deleted = False
    with transaction(db):
        db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        if source_hash and db.execute("SELECT 1 FROM documents WHERE source_hash = ?", (source_hash,)).fetchone() is None:
            stored = db.execute("SELECT stored_as FROM sources WHERE hash = ?", (source_hash,)).fetchone()
            db.execute("DELETE FROM sources WHERE hash = ?", (source_hash,))
            if stored is not None and (root / stored[0]).exists():
                (root / stored[0]).unlink()
                deleted = True
    return deleted
