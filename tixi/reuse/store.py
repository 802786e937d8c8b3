"""Reuse results in the project store: one run at a time, replaced whole."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tixi.reuse.results import PASSAGE_COLUMNS
from tixi.store.db import now, transaction


@dataclass(frozen=True)
class ReuseRun:
    """What a stored run read and how."""

    run_at: str
    documents: str
    settings: dict[str, Any]
    rules: str
    candidates: dict[str, int]
    seconds: float


def documents_digest(doc_ids: Iterable[str]) -> str:
    """Return the sha256 of the sorted ids (ids are content hashes, so this names the texts read)."""
    return hashlib.sha256("\n".join(sorted(doc_ids)).encode("utf-8")).hexdigest()


def write_run(db: sqlite3.Connection, passages: pd.DataFrame, run: ReuseRun) -> None:
    """Replace the stored passages and run with these, in one transaction."""
    rows = [tuple(int(v) if not isinstance(v, str | float) else v for v in row) for row in passages[PASSAGE_COLUMNS].itertuples(index=False)]
    with transaction(db):
        db.execute("DELETE FROM reuse_passages")
        db.execute("DELETE FROM reuse_runs")
        db.executemany(f"INSERT INTO reuse_passages ({', '.join(PASSAGE_COLUMNS)}) VALUES ({', '.join('?' * len(PASSAGE_COLUMNS))})", rows)
        db.execute("INSERT INTO reuse_runs (id, run_at, documents, settings, rules, candidates, seconds) VALUES (1, ?, ?, ?, ?, ?, ?)",
                   (run.run_at or now(), run.documents, json.dumps(run.settings, sort_keys=True), run.rules,
                    json.dumps(run.candidates, sort_keys=True), run.seconds))


def read_run(db: sqlite3.Connection) -> ReuseRun | None:
    """Return the stored run, or None when reuse has not run."""
    row = db.execute("SELECT * FROM reuse_runs WHERE id = 1").fetchone()
    if row is None:
        return None
    return ReuseRun(row["run_at"], row["documents"], json.loads(row["settings"]), row["rules"], json.loads(row["candidates"]), float(row["seconds"]))


def read_passages(db: sqlite3.Connection, passages: Iterable[int] | None = None) -> pd.DataFrame:
    """Return the stored passages (all, or those numbered in ``passages``) in passage order."""
    columns = ", ".join(PASSAGE_COLUMNS)
    if passages is None:
        return pd.read_sql_query(f"SELECT {columns} FROM reuse_passages ORDER BY passage", db)
    wanted = sorted({int(number) for number in passages})
    chunks = [pd.read_sql_query(f"SELECT {columns} FROM reuse_passages WHERE passage IN ({', '.join('?' * len(part))})", db, params=part)
              for part in (wanted[i:i + 500] for i in range(0, len(wanted), 500))]
    if not chunks:
        return pd.read_sql_query(f"SELECT {columns} FROM reuse_passages WHERE 0", db)
    return pd.concat(chunks, ignore_index=True).sort_values("passage", kind="stable").reset_index(drop=True)


# What the report counts, counted by SQLite: a corpus of copies holds hundreds of thousands of passages,
# more than a report should hold to count them.

@dataclass(frozen=True)
class PassageCounts:
    """Passages stored, how many are boilerplate, document pairs sharing copied text, template families."""

    passages: int
    boilerplate: int
    pairs: int
    families: int


def passage_counts(db: sqlite3.Connection) -> PassageCounts:
    """Return the counts of the stored passages."""
    passages, boilerplate = db.execute("SELECT COUNT(*), COALESCE(SUM(boilerplate != ''), 0) FROM reuse_passages").fetchone()
    pairs = db.execute("SELECT COUNT(*) FROM (SELECT DISTINCT source_doc, target_doc FROM reuse_passages WHERE boilerplate = '')").fetchone()[0]
    families = db.execute("SELECT COUNT(DISTINCT family) FROM reuse_passages WHERE family > 0").fetchone()[0]
    return PassageCounts(int(passages), int(boilerplate), int(pairs), int(families))


def directed_pairs(db: sqlite3.Connection) -> pd.DataFrame:
    """Return copied (not boilerplate) passages with a dated direction, counted per (source_doc, target_doc): column ``passages``."""
    return pd.read_sql_query("SELECT source_doc, target_doc, COUNT(*) AS passages FROM reuse_passages "
                             "WHERE boilerplate = '' AND directed = 1 GROUP BY source_doc, target_doc ORDER BY source_doc, target_doc", db)


def family_members(db: sqlite3.Connection) -> pd.DataFrame:
    """Return each document in a template family: family, doc_id, and its copied passages (either side, boilerplate left out)."""
    return pd.read_sql_query(
        "WITH members AS (SELECT source_doc AS doc_id, family FROM reuse_passages WHERE family > 0 "
        "UNION SELECT target_doc, family FROM reuse_passages WHERE family > 0), "
        "counts AS (SELECT doc_id, COUNT(*) AS passages FROM (SELECT source_doc AS doc_id FROM reuse_passages WHERE boilerplate = '' "
        "UNION ALL SELECT target_doc FROM reuse_passages WHERE boilerplate = '') GROUP BY doc_id) "
        "SELECT m.family, m.doc_id, COALESCE(c.passages, 0) AS passages FROM members m LEFT JOIN counts c ON c.doc_id = m.doc_id "
        "ORDER BY m.doc_id, m.family", db)


def passages_carrying(db: sqlite3.Connection, directions: Iterable[str]) -> list[int]:
    """Return the passages whose copy (target span) holds a stored flow of one of ``directions``."""
    wanted = sorted(set(directions))
    if not wanted:
        return []
    query = ("SELECT DISTINCT r.passage FROM flows f JOIN reuse_passages r ON r.target_doc = f.doc_id "
             "AND f.start >= r.target_start AND f.end <= r.target_end "
             f"WHERE f.direction IN ({', '.join('?' * len(wanted))}) ORDER BY r.passage")
    return [int(row[0]) for row in db.execute(query, wanted)]
