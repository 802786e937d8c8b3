"""Decisions a person takes on automatic codings and flows in the browser (``tixi serve``, issue 15).

A decision is stored in ``review_decisions`` (schema 061) by the span, code and machine it judged,
and the project's decisions are written again, after every change, as a marked sample in the
unstratified form ``tixi validate score`` reads (code_id, correct, …): ``validation/review_codes.csv``
and ``validation/review_flows.csv`` in the project folder. One row per item a reviewer judged;
a later decision by the same reviewer replaces the earlier one.
"""

from __future__ import annotations

import csv
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tixi.errors import InputError
from tixi.store.db import now, transaction

TASKS = ("codes", "flows")
REVIEW_FOLDER = "validation"
REVIEW_FIELDS = ["sample_id", "task", "doc_id", "title", "unit", "code_id", "predicted", "quote", "correct", "start", "end", "machine",
                 "term", "reviewer", "decided_at"]


@dataclass(frozen=True)
class Decision:
    """One judgement: the item (task, document, span, code, machine) and whether it is right."""

    task: str
    doc_id: str
    start: int
    end: int
    code_id: str
    machine: str
    correct: bool
    term: str | None = None


def review_file(root: Path, task: str) -> Path:
    """Return the marked-sample CSV the decisions of a task are written to."""
    return root / REVIEW_FOLDER / f"review_{task}.csv"


def record(db: sqlite3.Connection, root: Path, decisions: list[Decision], reviewer: str) -> Path:
    """Store the decisions (one transaction) and rewrite the task's review CSV; return its path."""
    name = reviewer.strip()
    if not name:
        raise InputError("a decision needs a reviewer: set your coder name first")
    tasks = {decision.task for decision in decisions}
    if not decisions:
        raise InputError("nothing to decide: no item matches")
    if not tasks <= set(TASKS):
        raise InputError(f"review task must be codes or flows, got {sorted(tasks - set(TASKS))}")
    stamp = now()
    with transaction(db):
        for decision in decisions:
            db.execute(
                "INSERT INTO review_decisions (task, doc_id, start, end, code_id, machine, term, correct, reviewer, decided_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task, doc_id, start, end, code_id, machine, reviewer) "
                "DO UPDATE SET correct = excluded.correct, decided_at = excluded.decided_at, term = excluded.term",
                (decision.task, decision.doc_id, decision.start, decision.end, decision.code_id, decision.machine, decision.term,
                 int(decision.correct), name, stamp),
            )
    written = Path()
    for task in sorted(tasks):
        written = write_review_file(db, root, task)
    return written


def undo(db: sqlite3.Connection, root: Path, decisions: list[Decision], reviewer: str) -> None:
    """Forget the reviewer's decisions on these items and rewrite the review CSVs."""
    with transaction(db):
        for decision in decisions:
            db.execute("DELETE FROM review_decisions WHERE task = ? AND doc_id = ? AND start = ? AND end = ? AND code_id = ? "
                       "AND machine = ? AND reviewer = ?",
                       (decision.task, decision.doc_id, decision.start, decision.end, decision.code_id, decision.machine, reviewer))
    for task in sorted({decision.task for decision in decisions}):
        write_review_file(db, root, task)


def write_review_file(db: sqlite3.Connection, root: Path, task: str) -> Path:
    """Write every decision of a task as a marked sample CSV (atomically); return its path."""
    rows = db.execute(
        "SELECT r.*, COALESCE(d.title, '') AS title, substr(t.normalized, r.start + 1, r.end - r.start) AS quote, "
        "(SELECT label FROM segments s WHERE s.doc_id = r.doc_id AND s.kind = 'article' AND s.start <= r.start AND r.start < s.end "
        " ORDER BY s.start DESC LIMIT 1) AS unit "
        "FROM review_decisions r JOIN documents d ON d.id = r.doc_id JOIN texts t ON t.doc_id = r.doc_id "
        "WHERE r.task = ? ORDER BY r.doc_id, r.start, r.end, r.code_id, r.reviewer", (task,),
    ).fetchall()
    target = review_file(root, task)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".csv.partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REVIEW_FIELDS)
        writer.writeheader()
        for number, row in enumerate(rows, 1):
            writer.writerow({"sample_id": number, "task": task, "doc_id": row["doc_id"], "title": row["title"], "unit": row["unit"] or "",
                             "code_id": row["code_id"], "predicted": row["term"] or "", "quote": row["quote"],
                             "correct": "y" if row["correct"] else "n", "start": row["start"], "end": row["end"], "machine": row["machine"],
                             "term": row["term"] or "", "reviewer": row["reviewer"], "decided_at": row["decided_at"]})
    os.replace(partial, target)
    return target


def decisions_for(db: sqlite3.Connection, task: str, doc_id: str | None = None) -> dict[tuple[str, int, int, str, str], dict[str, bool]]:
    """Return {(doc_id, start, end, code_id, machine): {reviewer: correct}} for a task (one document's, if given)."""
    where, params = ("AND doc_id = ?", [task, doc_id]) if doc_id else ("", [task])
    found: dict[tuple[str, int, int, str, str], dict[str, bool]] = {}
    for row in db.execute(f"SELECT doc_id, start, end, code_id, machine, reviewer, correct FROM review_decisions WHERE task = ? {where}",
                          params):
        key = (str(row[0]), int(row[1]), int(row[2]), str(row[3]), str(row[4]))
        found.setdefault(key, {})[str(row[5])] = bool(row[6])
    return found
