"""What a long stage reports as it goes; the CLI draws a progress bar from it, Python callers may pass none."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Progress of one stage over a known number of steps (documents, as a rule)."""

    def start(self, total: int, description: str) -> None: ...
    def advance(self, steps: int = 1) -> None: ...
    def update(self, *, description: str | None = None, completed: int | None = None) -> None: ...
    def finish(self) -> None: ...
