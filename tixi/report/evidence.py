"""The evidence appendix: every count in the report links to the passages behind it.

An evidence *group* is what one number counts: its rows are the documents or passages it
counts, each with the document title, where it sits (article label, page or paragraph) and a
quote that is an exact substring of the document's normalised text. The report assigns group
ids in the order sections ask for them, so two runs give the same ids.
"""

from __future__ import annotations

import json
import re
import sqlite3
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from tixi.text.segment import article_body

if TYPE_CHECKING:
    from tixi.project import Project

# How many characters of context a quote keeps on each side of the counted span, and how long
# a whole-document quote (its opening words) is. A quote stops early at a sentence end.
CONTEXT_CHARS = 40
OPENING_CHARS = 50
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")

# What a group counts, which decides how the test (and a reader) checks its number:
# documents -> distinct documents; articles -> distinct (document, article); passages -> rows.
UNITS = ("documents", "articles", "passages", "cases")
# How a row of a table printed after an article is named (Chinese, like the article labels it follows).
ANNEX_ROW = "{article}后附表 第{row}行"
# How many documents' texts the evidence store keeps in memory at once (the most recently quoted).
TEXTS_KEPT = 64


@dataclass(frozen=True, slots=True)  # one per counted passage: tens of thousands on a large corpus
class EvidenceRow:
    """One passage behind a number: document, place in it, and the quote (with the counted part)."""

    doc_id: str
    title: str
    where: str
    quote: str
    mark_start: int  # the counted span inside ``quote``
    mark_end: int
    start: int  # the quote's offsets in the normalised text
    end: int
    case: str = ""
    coder: str = ""  # who coded the passage, where a person did (two coders on one span are two rows)


_ROW_FIELDS = tuple(item.name for item in fields(EvidenceRow))


class RowSpill:
    """Evidence rows kept on disk until a page is written: a report on a large corpus cites more rows than it should hold.

    A private temporary SQLite database (deleted when closed); rows are read back one group at a time.
    """

    def __init__(self) -> None:
        self.db = sqlite3.connect("", check_same_thread=False)  # "": a temporary database on disk, SQLite's own
        columns = ", ".join(f'"{name}"' for name in _ROW_FIELDS)
        self.db.execute(f"CREATE TABLE rows (group_id TEXT, position INTEGER, {columns}, PRIMARY KEY (group_id, position))")
        self._insert = f"INSERT INTO rows VALUES (?, ?, {', '.join('?' * len(_ROW_FIELDS))})"
        self._select = f"SELECT {columns} FROM rows WHERE group_id = ? ORDER BY position"

    def write(self, group_id: str, rows: list[EvidenceRow]) -> None:
        """Store the rows of one group, in their order."""
        self.db.executemany(self._insert, ((group_id, position, *(getattr(row, name) for name in _ROW_FIELDS))
                                           for position, row in enumerate(rows)))

    def read(self, group_id: str) -> list[EvidenceRow]:
        """Return the rows of one group, in their order."""
        return [EvidenceRow(*values) for values in self.db.execute(self._select, (group_id,))]

    def forget(self, group_ids: list[str]) -> None:
        """Drop the rows of these groups (their ids will be given again)."""
        self.db.executemany("DELETE FROM rows WHERE group_id = ?", ((group_id,) for group_id in group_ids))


@dataclass
class EvidenceGroup:
    """The rows behind one number of the report; ``size`` rows, read from the store that wrote them when asked for."""

    id: str
    label: str
    section: str
    unit: str
    count: int
    size: int
    spill: RowSpill = field(repr=False, compare=False)

    @property
    def rows(self) -> list[EvidenceRow]:
        """Return the group's rows, in document order."""
        return self.spill.read(self.id)


class EvidenceStore:
    """Make evidence rows from spans and documents of a project, and collect them in groups."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.groups: list[EvidenceGroup] = []
        self.spill = RowSpill()
        # Texts and article spans are read when a row needs them and the last few documents' kept, and rows go
        # to disk: the report's memory must not grow with the corpus (lawref holds hundreds of megabytes of
        # text; a report quotes a small part of it).
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._layouts: OrderedDict[str, _Layout] = OrderedDict()
        self._titles: dict[str, str] = {}
        self._cases: dict[str, str] = {}
        for row in self.project.db.execute("SELECT id, title, meta FROM documents ORDER BY id"):
            self._titles[row["id"]] = row["title"] or row["id"]
            meta = json.loads(row["meta"] or "{}")
            if meta.get("case"):
                self._cases[row["id"]] = str(meta["case"])

    def _layout(self, doc_id: str) -> _Layout:
        """Return a document's article spans (with their starts, for bisection) and page starts."""
        if doc_id in self._layouts:
            self._layouts.move_to_end(doc_id)
            return self._layouts[doc_id]
        query = "SELECT start, end, label FROM segments WHERE doc_id = ? AND kind = 'article' ORDER BY start, end DESC"
        items = [(int(row["start"]), int(row["end"]), str(row["label"] or "")) for row in self.project.db.execute(query, (doc_id,))]
        row = self.project.db.execute("SELECT pages FROM texts WHERE doc_id = ?", (doc_id,)).fetchone()
        pages = json.loads(row["pages"]) if row is not None and row["pages"] else None
        layout = _Layout([start for start, _, _ in items], items, pages)
        self._layouts[doc_id] = layout
        if len(self._layouts) > TEXTS_KEPT:
            self._layouts.popitem(last=False)
        return layout

    # -- rows ------------------------------------------------------------------------------------

    def text(self, doc_id: str) -> str:
        """Return the normalised text of a document ('' when it is unknown)."""
        if doc_id in self._texts:
            self._texts.move_to_end(doc_id)
            return self._texts[doc_id]
        row = self.project.db.execute("SELECT normalized FROM texts WHERE doc_id = ?", (doc_id,)).fetchone()
        text = str(row["normalized"]) if row is not None and row["normalized"] is not None else ""
        self._texts[doc_id] = text
        if len(self._texts) > TEXTS_KEPT:
            self._texts.popitem(last=False)
        return text

    def title(self, doc_id: str) -> str:
        """Return the title of a document (its id when it has none)."""
        return self._titles.get(doc_id, doc_id)

    def where(self, doc_id: str, start: int) -> str:
        """Return where offset ``start`` lies: the article label, else the page, else the paragraph.

        A table or annex printed after an article is not that article: a row in it is named by the row
        (``第二十二条后附表 第12行``), so that evidence cites the row, not the article before it.
        """
        layout = self._layout(doc_id)
        starts, items = layout.starts, layout.articles
        index = bisect_right(starts, start) - 1
        while index >= 0:
            a_start, a_end, label = items[index]
            if a_start <= start < a_end:
                text = self.text(doc_id)
                body_end = a_start + len(article_body(text[a_start:a_end]))
                if start < body_end:
                    return label
                before = text[body_end:start].split("\n")[:-1]  # the annex's lines before the one holding ``start``
                return ANNEX_ROW.format(article=label, row=sum(1 for line in before if line.strip()) + 1)
            index -= 1
        pages = layout.pages
        if pages:
            return f"p. {bisect_right(pages, start)}"
        text = self.text(doc_id)
        return f"¶{text.count(chr(10), 0, start) + 1}"

    def passage(self, doc_id: str, start: int, end: int) -> EvidenceRow:
        """Return the evidence row of a span: its sentence (clipped), with the span marked."""
        text = self.text(doc_id)
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        left = max(0, start - CONTEXT_CHARS)
        before = list(_SENTENCE_END.finditer(text, left, start))
        q_start = before[-1].end() if before else left
        after = _SENTENCE_END.search(text, end, min(len(text), end + CONTEXT_CHARS))
        q_end = after.end() if after else min(len(text), end + CONTEXT_CHARS)
        quote = text[q_start:q_end]
        # Whitespace at the edges says nothing; trim it but keep the quote a substring.
        stripped_left = len(quote) - len(quote.lstrip())
        quote = quote.strip()
        mark_start = max(0, start - q_start - stripped_left)
        mark_end = max(mark_start, min(len(quote), end - q_start - stripped_left))
        return EvidenceRow(doc_id, self.title(doc_id), self.where(doc_id, start), quote, mark_start, mark_end,
                           q_start + stripped_left, q_start + stripped_left + len(quote), self._cases.get(doc_id, ""))

    def opening(self, doc_id: str) -> EvidenceRow:
        """Return the evidence row for a whole document: its opening words."""
        text = self.text(doc_id)
        offset = len(text) - len(text.lstrip())
        first_line = text[offset:].split("\n", 1)[0][:OPENING_CHARS].rstrip()
        return EvidenceRow(doc_id, self.title(doc_id), "—", first_line, 0, 0, offset, offset + len(first_line), self._cases.get(doc_id, ""))

    # -- groups ----------------------------------------------------------------------------------

    def group(self, label: str, section: str, unit: str, rows: Iterable[EvidenceRow], count: int | None = None) -> str:
        """Store a group of rows behind one number and return its id (``E0001`` …).

        ``count`` defaults to what ``unit`` counts in ``rows``; rows are kept in document order.
        """
        if unit not in UNITS:
            raise ValueError(f"unknown evidence unit {unit!r}; use one of {', '.join(UNITS)}")
        # Every field is in the key: rows alike but for the marked words must not keep set (hash) order.
        ordered = sorted(set(rows), key=lambda row: (row.title, row.doc_id, row.start, row.end, row.quote, row.mark_start,
                                                     row.mark_end, row.case, row.coder))
        group_id = f"E{len(self.groups) + 1:04d}"
        self.spill.write(group_id, ordered)
        self.groups.append(EvidenceGroup(group_id, label, section, unit, count_of(unit, ordered) if count is None else count,
                                         len(ordered), self.spill))
        return group_id

    def forget_after(self, count: int) -> list[str]:
        """Drop the groups made after the first ``count`` and their rows; return their ids."""
        dropped = [group.id for group in self.groups[count:]]
        del self.groups[count:]
        self.spill.forget(dropped)
        return dropped

    def documents_group(self, label: str, section: str, doc_ids: Iterable[str]) -> str:
        """Store a group counting whole documents and return its id."""
        return self.group(label, section, "documents", (self.opening(doc_id) for doc_id in sorted(set(doc_ids))))

    def by_id(self, group_id: str) -> EvidenceGroup:
        """Return the group with id ``group_id`` (ids are ``E`` and its 1-based position)."""
        return self.groups[int(group_id[1:]) - 1]


@dataclass(frozen=True)
class _Layout:
    starts: list[int]
    articles: list[tuple[int, int, str]]  # (start, end, label), by start
    pages: list[int] | None


def count_of(unit: str, rows: list[EvidenceRow]) -> int:
    """Return the number a group of ``rows`` stands for, by what ``unit`` counts."""
    if unit == "documents":
        return len({row.doc_id for row in rows})
    if unit == "articles":
        return len({(row.doc_id, row.where) for row in rows})
    if unit == "cases":
        return len({row.case or row.doc_id for row in rows})
    return len(rows)
