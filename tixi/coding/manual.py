"""Coding by hand: a person codes a span, found by offsets or by quoting its text.

Every coding names its coder. Automatic coders are named ``auto:<rule>@<version>``; a person
may not use that prefix, so hand and machine codings never mix. A code must exist, unless
the caller asks for it to be created (origin "user", optionally under a parent code). All
checks run before anything is written, and each change is one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tixi.errors import InputError, NotFound
from tixi.store.cases import check_case
from tixi.store.db import now, transaction
from tixi.text.normalize import normalize

AUTO_PREFIX = "auto:"
MEMO_TARGETS = ("project", "code", "document", "case", "coding")


@dataclass(frozen=True)
class NewCode:
    """A code to create (by hand or read from another tool), with its place in the hierarchy."""

    id: str
    parent_id: str | None = None
    label_zh: str | None = None
    label_en: str | None = None
    definition: str | None = None
    category: str | None = None
    color: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


# -- looking things up -----------------------------------------------------------------------


def document_text(db: sqlite3.Connection, doc_id: str) -> str:
    """Return the normalised text of a document (full id)."""
    row = db.execute("SELECT normalized FROM texts WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        raise NotFound(f"no document {doc_id!r}; `tixi docs` lists the ids")
    return str(row[0])


def code_exists(db: sqlite3.Connection, code_id: str) -> bool:
    """Return whether the project has a code with this id."""
    return db.execute("SELECT 1 FROM codes WHERE id = ?", (code_id,)).fetchone() is not None


def resolve_code(db: sqlite3.Connection, code: str) -> str:
    """Return the id of the code named by id, or by a label that only one code has."""
    if code_exists(db, code):
        return code
    rows = db.execute("SELECT id FROM codes WHERE label_zh = ? OR label_en = ? ORDER BY id", (code, code)).fetchall()
    if len(rows) == 1:
        return str(rows[0][0])
    if len(rows) > 1:
        raise InputError(f"label {code!r} belongs to several codes ({', '.join(r[0] for r in rows)}); give the code id")
    near = [r[0] for r in db.execute("SELECT id FROM codes WHERE id LIKE ? ORDER BY id LIMIT 5", (f"%{code}%",))]
    hint = f" (similar: {', '.join(near)})" if near else ""
    raise NotFound(f"no code {code!r}{hint}; `tixi codes` lists the codebook, or create it with --create")


def check_coder(coder: str) -> str:
    """Return the coder's name, stripped; refuse empty names and the prefix reserved for machines."""
    name = (coder or "").strip()
    if not name:
        raise InputError("a coding needs a coder: give --coder NAME (the person who codes)")
    if name.startswith(AUTO_PREFIX):
        raise InputError(f"coder names starting with {AUTO_PREFIX!r} are reserved for automatic coding; got {name!r}")
    return name


def known_coder(db: sqlite3.Connection, coder: str) -> str:
    """Return coder if it has coded in this project (a person or an automatic coder), else raise NotFound."""
    if db.execute("SELECT 1 FROM coders WHERE name = ?", (coder,)).fetchone():
        return coder
    if db.execute("SELECT 1 FROM codings WHERE coder = ? LIMIT 1", (coder,)).fetchone():
        return coder
    known = [r[0] for r in db.execute("SELECT name FROM coders ORDER BY name")]
    listed = ", ".join(known) if known else "none yet"
    raise NotFound(f"no coder {coder!r} in this project (coders: {listed})")


def find_quote(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """Return the offsets of quote in text (normalised like the text); occurrence picks one of several (1-based)."""
    wanted = normalize(quote.strip()).text
    if not wanted:
        raise InputError("the quote is empty")
    starts = []
    position = text.find(wanted)
    while position >= 0:
        starts.append(position)
        position = text.find(wanted, position + 1)
    if not starts:
        raise NotFound(f"quote {_short(wanted)!r} is not in the document (quotes must match the text exactly; `tixi show DOC` prints it)")
    if occurrence is None:
        if len(starts) > 1:
            raise InputError(
                f"quote {_short(wanted)!r} occurs {len(starts)} times (at {', '.join(map(str, starts[:10]))}); "
                "quote more text or give --occurrence N"
            )
        return starts[0], starts[0] + len(wanted)
    if not 1 <= occurrence <= len(starts):
        raise InputError(f"quote {_short(wanted)!r} occurs {len(starts)} times; --occurrence must be 1 to {len(starts)}")
    return starts[occurrence - 1], starts[occurrence - 1] + len(wanted)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def coder_filter(coders: Sequence[str] | None, column: str = "coder") -> tuple[str, list[str]]:
    """Return a ``WHERE`` clause keeping the given coders' rows, and its parameters; no clause for all coders."""
    if not coders:
        return "", []
    return f" WHERE {column} IN ({', '.join('?' for _ in coders)})", list(coders)


def check_span(text: str, doc_id: str, start: int, end: int) -> None:
    """Raise InputError unless 0 <= start < end <= len(text)."""
    if start < 0 or end <= start:
        raise InputError(f"offsets must satisfy 0 <= start < end, got start={start}, end={end}")
    if end > len(text):
        raise InputError(f"end {end} is past the end of document {doc_id} ({len(text)} characters)")


# -- codes -----------------------------------------------------------------------------------


def create_code(db: sqlite3.Connection, code: NewCode, origin: str = "user") -> str:
    """Insert a code (in the caller's transaction); return its id. The parent must exist."""
    if not code.id.strip():
        raise InputError("a code needs an id")
    if code_exists(db, code.id):
        raise InputError(f"code {code.id!r} exists already")
    if code.parent_id is not None and not code_exists(db, code.parent_id):
        raise NotFound(f"no parent code {code.parent_id!r}; create the parent first or choose an existing one")
    db.execute(
        "INSERT INTO codes (id, parent_id, label_zh, label_en, category, definition, origin, color, meta) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (code.id, code.parent_id, code.label_zh, code.label_en, code.category, code.definition, origin, code.color,
         json.dumps(code.meta, ensure_ascii=False, sort_keys=True)),
    )
    return code.id


def register_coder(db: sqlite3.Connection, coder: str) -> None:
    """Record a person as a coder of this project (in the caller's transaction); known names are kept."""
    db.execute("INSERT OR IGNORE INTO coders (name, created_at) VALUES (?, ?)", (coder, now()))


# -- codings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodingRequest:
    """What a person asks to code: a document, a span (offsets or quote), a code and a coder."""

    doc_id: str
    code: str
    coder: str
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    occurrence: int | None = None
    memo: str | None = None
    create: NewCode | None = None


def locate_request(text: str, request: CodingRequest) -> tuple[int, int]:
    """Return the span a request names, by quote or by offsets (one of the two, not both)."""
    if request.quote is not None:
        if request.start is not None or request.end is not None:
            raise InputError("give either a quote or start/end offsets, not both")
        return find_quote(text, request.quote, request.occurrence)
    if request.start is None or request.end is None:
        raise InputError("give the span to code: a quote, or both start and end offsets")
    check_span(text, request.doc_id, request.start, request.end)
    return request.start, request.end


def insert_coding(db: sqlite3.Connection, request: CodingRequest) -> int:
    """Insert one coding (in the caller's transaction) and return its id."""
    coder = check_coder(request.coder)
    text = document_text(db, request.doc_id)
    start, end = locate_request(text, request)
    new = request.create
    code_id = create_code(db, new) if new is not None and not code_exists(db, new.id) else resolve_code(db, request.code)
    register_coder(db, coder)
    coding_id = store_coding(db, request.doc_id, start, end, code_id, coder, request.memo or None)
    if coding_id is None:
        raise InputError(f"{coder} has already coded {request.doc_id} [{start}, {end}) with {code_id}")
    return coding_id


def store_coding(db: sqlite3.Connection, doc_id: str, start: int, end: int, code_id: str, coder: str,
                 memo: str | None) -> int | None:
    """Insert a coding row (in the caller's transaction); return its id, or None if the coder coded that span so already."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO codings (doc_id, start, end, code_id, coder, term, polarity, memo, created_at) "
        "VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?)",
        (doc_id, start, end, code_id, coder, memo, now()),
    )
    return int(cursor.lastrowid) if cursor.rowcount and cursor.lastrowid is not None else None


def add_coding(db: sqlite3.Connection, request: CodingRequest) -> dict[str, Any]:
    """Store one coding in its own transaction; return it as a dict (with the coded text)."""
    with transaction(db):
        coding_id = insert_coding(db, request)
    return coding(db, coding_id)


def coding(db: sqlite3.Connection, coding_id: int) -> dict[str, Any]:
    """Return one coding as a dict with the text it covers."""
    row = db.execute(
        "SELECT c.*, substr(t.normalized, c.start + 1, c.end - c.start) AS text FROM codings c "
        "JOIN texts t ON t.doc_id = c.doc_id WHERE c.id = ?",
        (coding_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no coding {coding_id}; `tixi coding list` shows the ids")
    return dict(row)


def remove_coding(db: sqlite3.Connection, coding_id: int, coder: str | None = None) -> dict[str, Any]:
    """Delete a coding (and the memos written on it); with coder, only if that coder made it. Return it."""
    removed = coding(db, coding_id)
    if coder is not None and removed["coder"] != coder:
        raise InputError(f"coding {coding_id} was made by {removed['coder']}, not {coder}; nothing removed")
    with transaction(db):
        db.execute("DELETE FROM memos WHERE target_type = 'coding' AND target_id = ?", (str(coding_id),))
        db.execute("DELETE FROM codings WHERE id = ?", (coding_id,))
    return removed


def edit_coding(
    db: sqlite3.Connection,
    coding_id: int,
    *,
    start: int | None = None,
    end: int | None = None,
    code: str | None = None,
    memo: str | None = None,
    coder: str | None = None,
) -> dict[str, Any]:
    """Change a coding's span, code, memo or coder; checks everything first; return the new coding."""
    current = coding(db, coding_id)
    text = document_text(db, current["doc_id"])
    new_start = current["start"] if start is None else start
    new_end = current["end"] if end is None else end
    check_span(text, current["doc_id"], new_start, new_end)
    code_id = current["code_id"] if code is None else resolve_code(db, code)
    new_coder = current["coder"] if coder is None else check_coder(coder)
    new_memo = current["memo"] if memo is None else (memo or None)
    clash = db.execute(
        "SELECT id FROM codings WHERE doc_id = ? AND start = ? AND end = ? AND code_id = ? AND coder = ? AND id != ?",
        (current["doc_id"], new_start, new_end, code_id, new_coder, coding_id),
    ).fetchone()
    if clash:
        raise InputError(f"coding {clash[0]} already codes that span with {code_id} for {new_coder}")
    with transaction(db):
        if new_coder != current["coder"]:
            register_coder(db, new_coder)
        db.execute(
            "UPDATE codings SET start = ?, end = ?, code_id = ?, coder = ?, memo = ? WHERE id = ?",
            (new_start, new_end, code_id, new_coder, new_memo, coding_id),
        )
    return coding(db, coding_id)


# -- memos -----------------------------------------------------------------------------------


def check_memo_target(db: sqlite3.Connection, target_type: str, target_id: str | None) -> str | None:
    """Return the memo target's id in stored form; raise if the target does not exist."""
    if target_type not in MEMO_TARGETS:
        raise InputError(f"a memo is written on one of {', '.join(MEMO_TARGETS)}, not {target_type!r}")
    if target_type == "project":
        return None
    if not target_id:
        raise InputError(f"a memo on a {target_type} needs the {target_type}'s id")
    if target_type == "code":
        return resolve_code(db, target_id)
    if target_type == "document":
        if not db.execute("SELECT 1 FROM documents WHERE id = ?", (target_id,)).fetchone():
            raise NotFound(f"no document {target_id!r}; `tixi docs` lists the ids")
        return target_id
    if target_type == "case":
        return check_case(db, target_id)
    if not str(target_id).isdigit() or not db.execute("SELECT 1 FROM codings WHERE id = ?", (int(target_id),)).fetchone():
        raise NotFound(f"no coding {target_id!r}; `tixi coding list` shows the ids")
    return str(int(target_id))


def add_memo(db: sqlite3.Connection, target_type: str, target_id: str | None, text: str, author: str | None) -> int:
    """Store a memo on a project, code, document, case or coding; return its id."""
    if not text or not text.strip():
        raise InputError("the memo is empty")
    stored_id = check_memo_target(db, target_type, target_id)
    with transaction(db):
        return store_memo(db, target_type, stored_id, text.strip(), (author or "").strip() or None)


def store_memo(db: sqlite3.Connection, target_type: str, target_id: str | None, text: str, author: str | None) -> int:
    """Insert a memo row (in the caller's transaction, target already checked); return its id."""
    cursor = db.execute(
        "INSERT INTO memos (target_type, target_id, author, text, created_at) VALUES (?, ?, ?, ?, ?)",
        (target_type, target_id, author, text, now()),
    )
    return int(cursor.lastrowid or 0)


# -- listing ---------------------------------------------------------------------------------


def coding_counts(db: sqlite3.Connection) -> dict[str, int]:
    """Return the number of codings of each code that has any."""
    return {row[0]: int(row[1]) for row in db.execute("SELECT code_id, COUNT(*) FROM codings GROUP BY code_id")}


def code_tree(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """Return the codebook as nested dicts (id, labels, origin, codings, children), sorted by id."""
    usage = coding_counts(db)
    rows = db.execute("SELECT id, parent_id, label_zh, label_en, category, definition, origin FROM codes ORDER BY id").fetchall()
    nodes = {row["id"]: {**dict(row), "codings": usage.get(row["id"], 0), "children": []} for row in rows}
    roots = []
    for row in rows:
        parent = row["parent_id"]
        if parent in nodes:
            nodes[parent]["children"].append(nodes[row["id"]])
        else:
            roots.append(nodes[row["id"]])
    for node in nodes.values():
        del node["parent_id"]
    return roots
