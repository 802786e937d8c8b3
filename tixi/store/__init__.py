"""The project store: one SQLite database (WAL) plus the original files kept by content hash."""

from tixi.store.db import connect, migrate, pending_migrations

__all__ = ["connect", "migrate", "pending_migrations"]
