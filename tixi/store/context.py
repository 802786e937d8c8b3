"""What a stage needs of a project, and no more: its database, folder, pack and texts.

Stage functions take a ``StageContext`` rather than the whole ``Project``: the façade satisfies it
(it has these members), and so does anything else that holds a store, which keeps a stage testable
and free of the façade's other parts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from tixi.packs import Pack


class StageContext(Protocol):
    """A project's store as a stage sees it."""

    db: sqlite3.Connection
    root: Path

    @property
    def pack(self) -> Pack:
        """The pack the project reads its domain knowledge from."""
        ...

    def iter_texts(self, doc_ids: Iterable[str] | None = None) -> Iterator[tuple[str, str]]:
        """Yield ``(doc_id, normalised text)`` for all documents or the ones given, in id order."""
        ...
