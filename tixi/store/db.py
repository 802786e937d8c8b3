"""SQLite connection and schema migrations.

Migrations are the ``*.sql`` files in ``schema/``, applied in name order, each once, each in
its own transaction, and recorded by name in ``migrations``: a stage adds its tables by
adding a file, and an older project is brought up to date when it is opened.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from tixi.errors import ProjectError


def now() -> str:
    """Return the current UTC time as an ISO string (seconds): the timestamp every table stores."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """Run the block in one write transaction: all of it is stored, or none of it.

    Connections are in autocommit mode (``isolation_level=None``), so a stage that writes
    several rows opens its transaction here and an error or interruption rolls it back.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def connect(path: Path) -> sqlite3.Connection:
    """Return a connection to the database at ``path`` in WAL mode, rows as ``sqlite3.Row``."""
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA busy_timeout=10000")
    return connection


def _schema_files() -> list[tuple[str, str]]:
    folder = resources.files("tixi.store") / "schema"
    files = sorted((entry.name, entry.read_text(encoding="utf-8")) for entry in folder.iterdir() if entry.name.endswith(".sql"))
    return files


def _applied(connection: sqlite3.Connection) -> set[str]:
    connection.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    return {row[0] for row in connection.execute("SELECT name FROM migrations")}


def pending_migrations(connection: sqlite3.Connection) -> list[str]:
    """Return the names of migrations not yet applied (reads only)."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    done = {row[0] for row in connection.execute("SELECT name FROM migrations")} if "migrations" in tables else set()
    return [name for name, _ in _schema_files() if name not in done]


def migrate(connection: sqlite3.Connection) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied."""
    done = _applied(connection)
    applied: list[str] = []
    for name, sql in _schema_files():
        if name in done:
            continue
        try:
            with transaction(connection):
                for statement in _statements(sql):
                    connection.execute(statement)
                connection.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now()))
        except sqlite3.Error as error:
            raise ProjectError(f"schema migration {name} failed: {error}") from error
        applied.append(name)
    return applied


def _statements(sql: str) -> list[str]:
    """Return the complete SQL statements of a migration file, in order."""
    statements: list[str] = []
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip() and not all(part.strip().startswith("--") for part in pending.strip().splitlines()):
        raise ProjectError(f"incomplete SQL statement at the end of a migration: {pending.strip()[:60]}")
    return statements
