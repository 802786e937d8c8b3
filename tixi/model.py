"""The vocabulary of tixi: small value objects shared by every stage.

Offsets are always code points in a document's *normalised* text, end exclusive;
``Project.locate`` maps them back to the original text and page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Flow types (docs/labelling.md): A records of the first side into the second side's instruments,
# B the second side's information used in the first side's honours, C linkage without data, W within
# one side. Labels, the flow model and validation share them.
FLOW_TYPES = ("A", "B", "C", "W")
# The types that move data (C links without any); "any flow" in training and validation means these.
DATA_FLOW_TYPES = frozenset({"A", "B", "W"})
KINDS = (
    "framework", "manual", "regulation", "measures", "plan", "notice",
    "website", "interview", "news", "other",
)
# The kind of a transcript (set by the transcript readers; the report counts transcripts apart from documents).
INTERVIEW_KIND = "interview"
LEVELS = ("central", "provincial", "municipal", "district", "county")

# Kinds of structural segment: from the text layer (part … sentence) and from readers (turn, row).
SEGMENT_KINDS = ("part", "chapter", "section", "article", "item", "paragraph", "sentence", "turn", "row")

# Metadata keys that are columns of the documents table; any other key stays in ``meta``.
DOCUMENT_FIELDS = (
    "system", "kind", "title", "issuer", "level", "place", "date", "language",
)


@dataclass(frozen=True)
class Span:
    """A stretch of one document's normalised text: ``[start, end)`` in code points."""

    doc_id: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"span offsets must satisfy 0 <= start <= end, got {self.start}, {self.end}")


@dataclass(frozen=True)
class Location:
    """Where a span lies in the original: characters of the source text and page numbers."""

    doc_id: str
    original_start: int
    original_end: int
    original_text: str
    page_start: int | None
    page_end: int | None
    source_path: str | None
    locator: str | None


@dataclass
class Segment:
    """A structural unit of a text (chapter, article, item, paragraph, sentence, turn, row, page)."""

    kind: str
    start: int
    end: int
    label: str | None = None
    number: int | None = None
    parent: int | None = None  # index of the enclosing segment in the same list, if any
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    """A stored document with its metadata; ``text`` is the normalised text."""

    id: str
    title: str | None
    system: str | None
    kind: str | None
    level: str | None
    place: str | None
    date: str | None
    issuer: str | None
    language: str | None
    format: str
    chars: int
    meta: dict[str, Any]
    text: str
