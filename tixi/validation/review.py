"""Decisions a person takes on automatic codings and flows in the browser (``tixi serve``, issue 15).

A decision is stored in ``review_decisions`` (schema 061) by the span, code and machine it judged,
and the project's decisions are written again, after every change, as a marked sample in the
unstratified form ``tixi validate score`` reads (code_id, correct, …): ``validation/review_codes.csv``
and ``validation/review_flows.csv`` in the project folder. One row per item a reviewer judged;
a later decision by the same reviewer replaces the earlier one.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from tixi.errors import InputError
from tixi.store.db import now, transaction

TASKS = ("codes", "flows")
REVIEW_FOLDER = "validation"
REVIEW_FIELDS = ["sample_id", "task", "doc_id", "title", "unit", "code_id", "predicted", "quote", "correct", "start", "end", "machine",
                 "term", "reviewer", "decided_at", "source_correct", "target_correct", "data_correct", "direction_correct", "corrected"]


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
    corrected: dict[str, str] = field(default_factory=dict)  # a flow's fields as the reviewer corrected them


FLOW_FIELDS = ("type", "direction", "modality", "source", "target", "data")
FIELD_MARKS = {"source": "source_correct", "target": "target_correct", "data": "data_correct", "direction": "direction_correct"}


def flow_code(flow_type: str | None) -> str:
    """Return the code id a flow's decisions are stored under: flow:<its type>, flow:? when it has none."""
    return f"flow:{flow_type or '?'}"


def checked_flow_fields(corrected: dict[str, str]) -> dict[str, str]:
    """Return a flow's corrected fields with their values stripped; raise InputError naming any field a flow does not have."""
    unknown = sorted(set(corrected) - set(FLOW_FIELDS))
    if unknown:
        raise InputError(f"a flow's fields are {', '.join(FLOW_FIELDS)}; cannot correct {', '.join(unknown)}")
    return {name: str(value).strip() for name, value in corrected.items()}


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
                "INSERT INTO review_decisions (task, doc_id, start, end, code_id, machine, term, correct, reviewer, decided_at, corrected) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task, doc_id, start, end, code_id, machine, reviewer) "
                "DO UPDATE SET correct = excluded.correct, decided_at = excluded.decided_at, term = excluded.term, corrected = excluded.corrected",
                (decision.task, decision.doc_id, decision.start, decision.end, decision.code_id, decision.machine, decision.term,
                 int(decision.correct), name, stamp, json.dumps(checked_flow_fields(decision.corrected), ensure_ascii=False, sort_keys=True)),
            )
    written = Path()
    for task in sorted(tasks):
        written = write_review_file(db, root, task)
        write_label_file(db, root, task)
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
        write_label_file(db, root, task)


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
    _write_csv(target, REVIEW_FIELDS, [
        {"sample_id": number, "task": task, "doc_id": row["doc_id"], "title": row["title"], "unit": row["unit"] or "",
         "code_id": row["code_id"], "predicted": row["term"] or "", "quote": row["quote"],
         "correct": "y" if row["correct"] else "n", "start": row["start"], "end": row["end"], "machine": row["machine"],
         "term": row["term"] or "", "reviewer": row["reviewer"], "decided_at": row["decided_at"],
         **_field_marks(task, bool(row["correct"]), json.loads(row["corrected"] or "{}")), "corrected": row["corrected"]}
        for number, row in enumerate(rows, 1)
    ])
    return target


def _write_whole(path: Path, write: Callable[[TextIO], None]) -> None:
    """Write a file whole or not at all (a partial file replaces ``path`` once complete): a reader never sees half of it."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        write(handle)
    os.replace(partial, path)


def _write_csv(path: Path, fields: list[str], rows: list[dict[str, Any]]) -> None:
    def write(handle: TextIO) -> None:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)

    _write_whole(path, write)


def _field_marks(task: str, correct: bool, corrected: dict[str, str]) -> dict[str, str]:
    """Return the *_correct marks of a flow judged right: n for each field the reviewer corrected, y for the others."""
    if task != "flows" or not correct:
        return {column: "" for column in FIELD_MARKS.values()}
    return {column: "n" if name in corrected else "y" for name, column in FIELD_MARKS.items()}


def label_file(root: Path, task: str) -> Path:
    """Return the labelled-articles file (JSON Lines) the fully reviewed articles of a task are written to."""
    return root / REVIEW_FOLDER / f"review_labels_{task}.jsonl"


def write_label_file(db: sqlite3.Connection, root: Path, task: str) -> Path:
    """Write the articles whose every automatic item of a task has a decision as labelled articles; return the path."""
    latest: dict[tuple[str, int, int, str, str], bool] = {}
    corrections: dict[tuple[str, int, int, str, str], dict[str, str]] = {}
    for row in db.execute("SELECT doc_id, start, end, code_id, machine, correct, corrected FROM review_decisions WHERE task = ? "
                          "ORDER BY decided_at, id", (task,)):
        key = (str(row[0]), int(row[1]), int(row[2]), str(row[3]), str(row[4]))
        latest[key] = bool(row[5])
        corrections[key] = json.loads(row[6] or "{}")
    lines = []
    for doc_id in sorted({key[0] for key in latest}):
        text_row = db.execute("SELECT t.normalized, COALESCE(d.title, '') FROM texts t JOIN documents d ON d.id = t.doc_id WHERE t.doc_id = ?",
                              (doc_id,)).fetchone()
        if text_row is None:
            continue
        items = _machine_items(db, task, doc_id)
        articles = db.execute("SELECT start, end, COALESCE(label, '') FROM segments WHERE doc_id = ? AND kind = 'article' ORDER BY start",
                              (doc_id,)).fetchall()
        for start, end, label in articles:
            inside = [item for item in items if start <= item["key"][1] < end]
            if not inside or any(item["key"] not in latest for item in inside):
                continue
            accepted = [item for item in inside if latest[item["key"]]]
            line: dict[str, object] = {"doc": doc_id, "article": label, "title": text_row[1], "text": text_row[0][start:end],
                                       "codes": [], "flows": [], "source": "tixi serve review"}
            if task == "codes":
                line["codes"] = _code_labels(accepted)
            else:
                line["flows"] = [{name: item[name] for name in FLOW_FIELDS} | corrections.get(item["key"], {})
                                 | {"quote": text_row[0][item["key"][1]:item["key"][2]]} for item in accepted]
            lines.append(json.dumps(line, ensure_ascii=False, sort_keys=True))
    target = label_file(root, task)
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_whole(target, lambda handle: handle.writelines(line + "\n" for line in lines))
    return target


def _code_labels(accepted: list[dict[str, Any]]) -> list[dict[str, str | None]]:
    """Return the (code, polarity) labels of accepted codings; a code coded with a polarity is not listed again without one."""
    polarities: dict[str, set[str]] = {}
    for item in accepted:
        polarities.setdefault(str(item["code"]), set()).add(str(item["polarity"] or ""))
    labels: list[dict[str, str | None]] = []
    for code, values in sorted(polarities.items()):
        named = sorted(value for value in values if value)
        labels += [{"code": code, "polarity": value} for value in named] if named else [{"code": code, "polarity": None}]
    return labels


def _machine_items(db: sqlite3.Connection, task: str, doc_id: str) -> list[dict[str, Any]]:
    """Return a document's automatic codings (or flows), each with the key its decisions are stored under."""
    if task == "codes":
        rows = db.execute("SELECT start, end, code_id, coder, polarity FROM codings WHERE doc_id = ? AND coder LIKE 'auto:%'", (doc_id,))
        return [{"key": (doc_id, int(row[0]), int(row[1]), str(row[2]), str(row[3])), "code": str(row[2]), "polarity": row[4]}
                for row in rows]
    rows = db.execute("SELECT start, end, type, extractor, direction, modality, source, target, data FROM flows WHERE doc_id = ?", (doc_id,))
    return [{"key": (doc_id, int(row[0]), int(row[1]), flow_code(row[2]), str(row[3])), "type": row[2], "direction": row[4],
             "modality": row[5], "source": row[6], "target": row[7], "data": row[8]} for row in rows]


SAMPLE_NAME = re.compile(r"^[\w.-]+\.csv$")


def sample_files(root: Path) -> list[Path]:
    """Return the validation samples (stratified CSVs) in the project's validation folder, by name."""
    folder = root / REVIEW_FOLDER
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig") as handle:
            if "stratum" in handle.readline().strip().split(","):
                found.append(path)
    return found


def sample_path(root: Path, name: str) -> Path:
    """Return the sample file of this name in the validation folder; raise InputError for any other name."""
    folder = (root / REVIEW_FOLDER).resolve()
    path = (folder / name).resolve()
    if not SAMPLE_NAME.match(name) or path.parent != folder or path not in [item.resolve() for item in sample_files(root)]:
        raise InputError(f"no validation sample {name!r} in {folder}; draw one on this page or with `tixi validate sample --out`")
    return path


def read_sample(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Return a sample CSV's columns and rows."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def mark_sample(path: Path, sample_id: int, mark: str, column: str = "correct") -> dict[str, str]:
    """Write ``mark`` (y, n or '' to clear) into one row of a sample CSV, atomically; return the row."""
    if mark not in ("y", "n", ""):
        raise InputError(f"a mark is y, n or empty, got {mark!r}")
    fields, rows = read_sample(path)
    if column not in fields:
        raise InputError(f"{path.name} has no column {column!r}")
    chosen = [row for row in rows if row.get("sample_id") == str(sample_id)]
    if not chosen:
        raise InputError(f"{path.name} has no row with sample_id {sample_id}")
    chosen[0][column] = mark
    _write_csv(path, fields, rows)
    return chosen[0]


def decisions_for(db: sqlite3.Connection, task: str, doc_id: str | None = None) -> dict[tuple[str, int, int, str, str], dict[str, bool]]:
    """Return {(doc_id, start, end, code_id, machine): {reviewer: correct}} for a task (one document's, if given)."""
    where, params = ("AND doc_id = ?", [task, doc_id]) if doc_id else ("", [task])
    found: dict[tuple[str, int, int, str, str], dict[str, bool]] = {}
    for row in db.execute(f"SELECT doc_id, start, end, code_id, machine, reviewer, correct FROM review_decisions WHERE task = ? {where}",
                          params):
        key = (str(row[0]), int(row[1]), int(row[2]), str(row[3]), str(row[4]))
        found.setdefault(key, {})[str(row[5])] = bool(row[6])
    return found
