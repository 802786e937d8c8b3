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


def read_passages(db: sqlite3.Connection) -> pd.DataFrame:
    """Return the stored passages in passage order."""
    return pd.read_sql_query(f"SELECT {', '.join(PASSAGE_COLUMNS)} FROM reuse_passages ORDER BY passage", db)
