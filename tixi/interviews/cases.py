"""Cases (interviewees or places) with attributes, and their links to documents.

A case comes from a row of a cases CSV: an ``id`` column and any other columns, each an
attribute (city, province, age_group, gender, occupation, interview_date, synthetic, …).
Documents are linked to cases explicitly (``link``) or by their ``case`` metadata, which a
manifest column sets when the documents are added.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pandas as pd

from tixi.errors import InputError
from tixi.store.cases import check_case
from tixi.store.db import now, transaction

ID_COLUMNS = ("id", "case", "case_id")
SYNTHETIC_ATTRIBUTE = "synthetic"

# Links: explicit rows, and documents whose metadata names an existing case.
LINKS_SQL = (
    "SELECT case_id, doc_id FROM case_links "
    "UNION SELECT json_extract(d.meta, '$.case') AS case_id, d.id AS doc_id FROM documents d "
    "JOIN cases c ON c.id = json_extract(d.meta, '$.case')"
)


def read_cases_csv(path: Path) -> list[tuple[str, dict[str, str]]]:
    """Return (case id, attributes) per row of a cases CSV; errors name the line."""
    if not path.exists():
        raise InputError(f"cases file {path} does not exist")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = [name.strip() for name in reader.fieldnames or []]
        id_column = next((name for name in ID_COLUMNS if name in columns), None)
        if id_column is None:
            raise InputError(f"{path}: no id column (expected one of {', '.join(ID_COLUMNS)}; columns: {', '.join(columns)})")
        seen: set[str] = set()
        rows: list[tuple[str, dict[str, str]]] = []
        for line, raw in enumerate(reader, start=2):
            row = {(key or "").strip(): (value or "").strip() for key, value in raw.items() if key}
            case_id = row.pop(id_column, "")
            if not case_id:
                raise InputError(f"{path}, line {line}: empty {id_column!r}")
            if case_id in seen:
                raise InputError(f"{path}, line {line}: case {case_id!r} appears twice")
            seen.add(case_id)
            rows.append((case_id, {key: value for key, value in row.items() if value != ""}))
    return rows


def put_case(db: sqlite3.Connection, case_id: str, attributes: dict[str, str], origin: str, *, replace: bool = True) -> bool:
    """Insert the case if it is new and store its attributes (in the caller's transaction); return whether it was new.

    With ``replace=False`` attributes the case has already keep their values.
    """
    added = db.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None
    if added:
        db.execute("INSERT INTO cases (id, origin, created_at) VALUES (?, ?, ?)", (case_id, origin, now()))
    on_conflict = "DO UPDATE SET value = excluded.value" if replace else "DO NOTHING"
    for name, value in sorted(attributes.items()):
        db.execute(
            f"INSERT INTO case_attributes (case_id, name, value) VALUES (?, ?, ?) ON CONFLICT (case_id, name) {on_conflict}",
            (case_id, name, value),
        )
    return added


def store_cases(db: sqlite3.Connection, rows: list[tuple[str, dict[str, str]]], origin: str) -> dict[str, int]:
    """Insert or update cases and their attributes in one transaction; return counts."""
    counts = {"added": 0, "updated": 0}
    with transaction(db):
        for case_id, attributes in rows:
            counts["added" if put_case(db, case_id, attributes, origin) else "updated"] += 1
    return counts


def import_cases(db: sqlite3.Connection, path: Path) -> dict[str, int]:
    """Read a cases CSV and store its cases; return counts added and updated, and documents linked."""
    counts = store_cases(db, read_cases_csv(path), origin=path.name)
    counts["linked_documents"] = int(db.execute(f"SELECT COUNT(*) FROM ({LINKS_SQL})").fetchone()[0])
    return counts


def insert_link(db: sqlite3.Connection, case_id: str, doc_id: str) -> bool:
    """Link a document to a case (in the caller's transaction); return False when it was linked already."""
    cursor = db.execute("INSERT OR IGNORE INTO case_links (case_id, doc_id, created_at) VALUES (?, ?, ?)", (case_id, doc_id, now()))
    return cursor.rowcount > 0


def link(db: sqlite3.Connection, case_id: str, doc_id: str) -> bool:
    """Link a document (full id) to a case; return False when it was linked already."""
    check_case(db, case_id)
    with transaction(db):
        return insert_link(db, case_id, doc_id)


def links(db: sqlite3.Connection) -> pd.DataFrame:
    """Return case_id, doc_id for every link (explicit or by document metadata), sorted."""
    return pd.read_sql_query(f"SELECT case_id, doc_id FROM ({LINKS_SQL}) ORDER BY case_id, doc_id", db)


def case_ids(db: sqlite3.Connection) -> list[str]:
    """Return the ids of all cases, sorted."""
    return [row[0] for row in db.execute("SELECT id FROM cases ORDER BY id")]


def attributes(db: sqlite3.Connection) -> pd.DataFrame:
    """Return one row per case, one column per attribute name (values as text), indexed by case id."""
    ids = case_ids(db)
    long = pd.read_sql_query("SELECT case_id, name, value FROM case_attributes ORDER BY case_id, name", db)
    wide = long.pivot(index="case_id", columns="name", values="value") if len(long) else pd.DataFrame()
    wide = wide.reindex(ids)
    wide.index.name = "case"
    wide.columns.name = None
    return wide[sorted(wide.columns)]


def is_true(value: object) -> bool:
    """Return whether an attribute or metadata value means yes (true, 1, yes, 是)."""
    return str(value).strip().lower() in {"true", "1", "yes", "y", "是"}


def cases_frame(db: sqlite3.Connection) -> pd.DataFrame:
    """Return one row per case: id, documents linked, synthetic, then every attribute."""
    table = attributes(db)
    linked = links(db).groupby("case_id")["doc_id"].count()
    frame = pd.DataFrame({"case": table.index})
    frame["documents"] = [int(linked.get(case_id, 0)) for case_id in table.index]
    synthetic = table[SYNTHETIC_ATTRIBUTE] if SYNTHETIC_ATTRIBUTE in table.columns else pd.Series(index=table.index, dtype=object)
    frame["synthetic"] = [is_true(value) for value in synthetic.reindex(table.index)]
    for column in table.columns:
        if column != SYNTHETIC_ATTRIBUTE:
            frame[column] = list(table[column])
    return frame.reset_index(drop=True)


def synthetic_case_ids(db: sqlite3.Connection) -> set[str]:
    """Return the ids of the cases marked synthetic (invented interviewees)."""
    rows = db.execute("SELECT case_id, value FROM case_attributes WHERE name = ?", (SYNTHETIC_ATTRIBUTE,))
    return {row[0] for row in rows if is_true(row[1])}


def synthetic_doc_ids(db: sqlite3.Connection, *, by_case: bool = False) -> set[str]:
    """Return the ids of the documents marked synthetic in their metadata (and, by_case, those linked to a synthetic case)."""
    rows = db.execute(f"SELECT id, json_extract(meta, '$.{SYNTHETIC_ATTRIBUTE}') FROM documents")
    marked = {row[0] for row in rows if row[1] is not None and is_true(row[1])}
    if by_case:
        synthetic = synthetic_case_ids(db)
        marked |= {doc_id for case_id, doc_id in links(db).itertuples(index=False) if case_id in synthetic}
    return marked
