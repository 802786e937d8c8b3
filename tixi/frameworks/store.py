"""Frameworks in the project database: saved in one transaction, read back whole."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict

import pandas as pd

from tixi.errors import InputError, NotFound
from tixi.frameworks.model import Check, Framework, Indicator
from tixi.store.db import now, transaction

FRAMEWORK_COLUMNS = ["name", "system", "title", "parser", "indicators", "levels", "points", "warnings", "source", "doc_id", "imported_at"]


def save_frameworks(db: sqlite3.Connection, frameworks: list[Framework], *, pack: str, replace: bool = False) -> None:
    """Store frameworks (all or none); raise InputError when a name is taken and ``replace`` is false."""
    stamp = now()
    with transaction(db):
        for framework in frameworks:
            if not replace and has_framework(db, framework.name):
                raise InputError(f"a framework named {framework.name!r} exists; choose another --name or pass --replace")
            db.execute("DELETE FROM frameworks WHERE name = ?", (framework.name,))
            db.execute(
                "INSERT INTO frameworks (name, system, title, parser, source, doc_id, pack, warnings, meta, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (framework.name, framework.system, framework.title, framework.parser, framework.source, framework.doc_id,
                 pack, _json(framework.warnings), _json(framework.meta), stamp),
            )
            db.executemany(
                "INSERT INTO indicators (framework, key, parent_key, position, code, number, level, title, content, standards, "
                "checks, methods, points, notes, doc_id, start, end, line, meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_indicator_row(framework.name, position, indicator) for position, indicator in enumerate(framework.indicators)],
            )


def _indicator_row(name: str, position: int, item: Indicator) -> tuple[object, ...]:
    return (
        name, item.key, item.parent, position, item.code, item.number, item.level, item.title, item.content,
        _json(item.standards), _json([asdict(check) for check in item.checks]), _json(item.methods), item.points,
        _json(item.notes), item.doc_id, item.start, item.end, item.line, _json(item.meta),
    )


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def delete_framework(db: sqlite3.Connection, name: str) -> None:
    """Remove a framework and its indicators."""
    if db.execute("DELETE FROM frameworks WHERE name = ?", (name,)).rowcount == 0:
        raise NotFound(f"no framework {name!r}; `tixi frameworks list` shows the names")


def has_framework(db: sqlite3.Connection, name: str) -> bool:
    """Return whether a framework of this name is stored."""
    return db.execute("SELECT 1 FROM frameworks WHERE name = ?", (name,)).fetchone() is not None


def load_framework(db: sqlite3.Connection, name: str) -> Framework:
    """Return the stored framework ``name``."""
    row = db.execute("SELECT * FROM frameworks WHERE name = ?", (name,)).fetchone()
    if row is None:
        names = ", ".join(list_names(db)) or "none yet"
        raise NotFound(f"no framework {name!r} (stored: {names}); import one with `tixi frameworks import FILE --system S --name N`")
    framework = Framework(
        name=row["name"], system=row["system"], title=row["title"] or "", source=row["source"] or "", parser=row["parser"],
        doc_id=row["doc_id"], warnings=json.loads(row["warnings"]), meta=json.loads(row["meta"]),
    )
    for item in db.execute("SELECT * FROM indicators WHERE framework = ? ORDER BY position", (name,)):
        framework.indicators.append(Indicator(
            key=item["key"], code=item["code"], level=item["level"], title=item["title"], parent=item["parent_key"],
            number=item["number"], content=item["content"], standards=json.loads(item["standards"]),
            checks=[Check(**check) for check in json.loads(item["checks"])], points=item["points"],
            notes=json.loads(item["notes"]), doc_id=item["doc_id"], start=item["start"], end=item["end"],
            line=item["line"], meta=json.loads(item["meta"]),
        ))
    return framework


def list_names(db: sqlite3.Connection) -> list[str]:
    """Return the stored framework names, sorted."""
    return [row[0] for row in db.execute("SELECT name FROM frameworks ORDER BY name")]


def frameworks_frame(db: sqlite3.Connection) -> pd.DataFrame:
    """Return one row per stored framework with counts of indicators, per level and of points."""
    levels: dict[str, dict[int, int]] = {}
    top_points: dict[str, float | None] = {}
    query = "SELECT framework, level, COUNT(*), SUM(points) FROM indicators GROUP BY framework, level ORDER BY framework, level"
    for name, level, count, points in db.execute(query):
        levels.setdefault(name, {})[level] = count
        if level == 1:
            top_points[name] = points
    records = []
    for row in db.execute("SELECT * FROM frameworks ORDER BY name"):
        counts = levels.get(row["name"], {})
        records.append({
            "name": row["name"], "system": row["system"], "title": row["title"], "parser": row["parser"],
            "indicators": sum(counts.values()), "levels": " ".join(f"L{level}:{count}" for level, count in counts.items()),
            "points": top_points.get(row["name"]), "warnings": len(json.loads(row["warnings"])), "source": row["source"], "doc_id": row["doc_id"],
            "imported_at": row["imported_at"],
        })
    return pd.DataFrame.from_records(records, columns=FRAMEWORK_COLUMNS)


def indicators_frame(framework: Framework) -> pd.DataFrame:
    """Return one row per indicator: key, code, level, title, parent, standards, methods, points, span."""
    return pd.DataFrame.from_records(
        [
            {
                "framework": framework.name, "key": item.key, "code": item.code, "level": item.level, "title": item.title,
                "parent": item.parent, "content": item.content, "standards": "\n".join(item.standards),
                "methods": "、".join(item.methods), "checks": len(item.checks), "points": item.points,
                "notes": "; ".join(item.notes), "doc_id": item.doc_id, "start": item.start, "end": item.end, "line": item.line,
            }
            for item in framework.indicators
        ],
        columns=["framework", "key", "code", "level", "title", "parent", "content", "standards", "methods", "checks",
                 "points", "notes", "doc_id", "start", "end", "line"],
    )
