"""The pieces a report is made of: sections holding tables, figures and paragraphs.

A section is built by a function ``section(project, context) -> Section``; the renderers turn
the same sections into HTML and Markdown. Counts in a table link to evidence groups (see
``tixi.report.evidence``) through ``Table.links``: (row position, column name) -> group id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


class NotLanded(Exception):
    """Raised by a section whose part of tixi is not available in this installation yet."""


@dataclass
class Table:
    """A table of results; ``links`` maps (row position, column) to an evidence group id."""

    caption: str
    frame: pd.DataFrame
    links: dict[tuple[int, str], str] = field(default_factory=dict)
    note: str = ""
    unit: str = ""  # what its counts count (documents, articles, passages, cases), said beside the caption


@dataclass(frozen=True)
class Figure:
    """A figure rendered as PNG bytes; ``name`` is its file name stem (unique in a report)."""

    name: str
    caption: str
    png: bytes
    width: int
    height: int
    alt: str = ""  # what the figure shows, in words (the caption when empty)


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text inside a section."""

    text: str


@dataclass(frozen=True)
class Finding:
    """A sentence that states a result: built from the numbers, with the evidence groups behind them.

    ``key`` names the finding (its anchor is ``find-<key>``); ``groups`` are evidence group ids, shown as
    links after the sentence in the order given.
    """

    key: str
    text: str
    groups: tuple[str, ...] = ()


Block = Table | Figure | Heading | Paragraph | Finding


@dataclass
class Section:
    """One part of the report: a heading, an introduction, then blocks in reading order, then notes."""

    key: str
    title: str
    intro: str = ""
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    status: str = "ok"  # ok, not_landed, failed

    @property
    def figures(self) -> list[Figure]:
        """Return the section's figures in order."""
        return [block for block in self.blocks if isinstance(block, Figure)]
