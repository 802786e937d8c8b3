"""Rows of the core tables: writing one document (with text and segments) and reading them back."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from tixi.model import DOCUMENT_FIELDS, Segment
from tixi.store.db import now, transaction
from tixi.text.normalize import Normalized


def document_id(original_text: str, record: dict[str, Any] | None = None) -> str:
    """Return the id of a document: the first 16 hex digits of the sha256 of its content.

    For a file the content is its text. For a row of a table corpus it is the text and the
    row's fields, since a corpus may hold one text under two records (the same law filed
    under two paths) and each record is a document; adding the same row again still
    finds it.
    """
    digest = hashlib.sha256(original_text.encode("utf-8"))
    if record is not None:
        digest.update(b"\0" + json.dumps(record, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()[:16]


@dataclass
class NewDocument:
    """Everything stored for one document."""

    id: str
    source_hash: str | None
    locator: str | None
    format: str
    encoding: str | None
    fields: dict[str, Any]
    meta: dict[str, Any]
    warnings: list[str]
    original: str
    normalized: Normalized
    pages: list[int] | None
    segments: list[Segment]


def exists(db: sqlite3.Connection, doc_id: str) -> bool:
    """Return whether a document with this id is stored."""
    return db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None


def insert_document(db: sqlite3.Connection, doc: NewDocument, normalizer: str) -> None:
    """Store a document, its text and segments in one transaction."""
    columns = ["id", "source_hash", "locator", "format", "encoding", "chars", "meta", "warnings", "added_at", *DOCUMENT_FIELDS]
    values = [
        doc.id, doc.source_hash, doc.locator, doc.format, doc.encoding, len(doc.normalized.text),
        json.dumps(doc.meta, ensure_ascii=False, sort_keys=True, default=str),
        json.dumps(doc.warnings, ensure_ascii=False), now(),
        *(doc.fields.get(name) for name in DOCUMENT_FIELDS),
    ]
    with transaction(db):
        db.execute(f"INSERT INTO documents ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", values)
        db.execute(
            "INSERT INTO texts (doc_id, original, normalized, offset_map, pages, normalizer) VALUES (?, ?, ?, ?, ?, ?)",
            (
                doc.id, doc.original, doc.normalized.text, json.dumps(doc.normalized.offsets.to_json()),
                json.dumps(doc.pages) if doc.pages is not None else None, normalizer,
            ),
        )
        _insert_segments(db, doc.id, doc.segments)


def _insert_segments(db: sqlite3.Connection, doc_id: str, segments: list[Segment]) -> None:
    base = (db.execute("SELECT COALESCE(MAX(id), 0) FROM segments").fetchone()[0]) + 1
    rows = [
        (
            base + index, doc_id, segment.kind, segment.start, segment.end, segment.label, segment.number,
            base + segment.parent if segment.parent is not None else None,
            json.dumps(segment.meta, ensure_ascii=False, sort_keys=True) if segment.meta else None,
        )
        for index, segment in enumerate(segments)
    ]
    db.executemany(
        "INSERT INTO segments (id, doc_id, kind, start, end, label, number, parent_id, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def storable(text: str) -> str:
    """Return text SQLite can store: a file name's bytes that are not UTF-8 (lone surrogates) written as \\xfe escapes."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def log(db: sqlite3.Connection, *, path: str, status: str, locator: str | None = None, doc_id: str | None = None, reason: str | None = None) -> None:
    """Record what happened to one file or record in the ingest log."""
    db.execute(
        "INSERT INTO ingest_log (run_at, path, locator, status, doc_id, reason) VALUES (?, ?, ?, ?, ?, ?)",
        (now(), storable(path), locator, status, doc_id, reason and storable(reason)),
    )
