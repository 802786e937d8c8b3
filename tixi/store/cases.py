"""Cases in the store: the check that a case exists, shared by manual coding and the interviews stage."""

from __future__ import annotations

import sqlite3

from tixi.errors import NotFound


def check_case(db: sqlite3.Connection, case_id: str) -> str:
    """Return case_id if the case exists, else raise NotFound."""
    if not db.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone():
        raise NotFound(f"no case {case_id!r}; import cases with `tixi cases import cases.csv`")
    return case_id
