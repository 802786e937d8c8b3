"""What every reader yields: one ``SourceDocument`` per document found in a file.

A reader is a function ``read(path, options) -> Iterator[SourceDocument | ReadProblem]``.
It yields a ``ReadProblem`` for a part it could not read (a page, a record, a row) and
goes on; it raises ``ReadError`` when the file as a whole cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tixi.config import ReadLimits
from tixi.errors import printable
from tixi.model import Segment


@dataclass
class SourceDocument:
    """The text of one document exactly as the source gives it, before normalisation.

    ``text`` is the *original* text offsets map back to. ``pages`` holds the offset in
    ``text`` where each page starts (page 1 first), for paged formats. ``segments`` are
    units the format itself marks (table rows, transcript turns), in ``text`` offsets.
    """

    text: str
    format: str
    meta: dict[str, Any] = field(default_factory=dict)
    pages: list[int] | None = None
    segments: list[Segment] = field(default_factory=list)
    encoding: str | None = None
    locator: str | None = None  # record or row inside a multi-document source
    warnings: list[str] = field(default_factory=list)
    # Edits (start, end, replacement) of ``text`` that give the text as a reader reads it (page
    # furniture out, wrapped lines joined): applied by normalisation, so offsets still map back.
    reading: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class ReadProblem:
    """A part of a source that was skipped, with the reason shown to the user."""

    path: str
    reason: str
    locator: str | None = None

    def __str__(self) -> str:
        name = printable(self.path)
        where = f"{name} ({self.locator})" if self.locator else name
        return f"{where}: {self.reason}"


# What a table reader returns for a record it passes over (`ReadOptions.skip`): one per record, so that
# the caller counts records as it would reading them all, and each comes within the time limit.
SKIPPED = ReadProblem("", "passed over (ReadOptions.skip)")


def first_line(error: BaseException, limit: int = 160) -> str:
    """Return the first line of an error's message (its type's name if it has none), terminal-safe, at most ``limit`` characters.

    The libraries the readers call quote raw input in their messages: a whole line of markup,
    bytes that are escape sequences.
    """
    message = str(error)
    text = printable(message.splitlines()[0]) if message.strip() else type(error).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class ReadOptions:
    """Options a reader may use; table readers need the column names, every reader the limits."""

    text_column: str | None = None
    id_column: str | None = None
    limits: ReadLimits = ReadLimits()
    # Table readers pass over this many records (documents and problems), each returned as `SKIPPED`
    # without being prepared: a Dask partition reads its own rows without building those before it.
    skip: int = 0
