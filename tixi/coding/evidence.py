"""Evidence: codings as rows with their document, article and context; concordance lines.

Every count tixi reports about codes can be traced to these rows: each one is a span of a
document's normalised text, with the label of the article (第十二条), or numbered item, it lies in and the text around it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from tixi.errors import InputError, NotFound

if TYPE_CHECKING:
    from tixi.project import Project

EVIDENCE_COLUMNS = [
    "doc_id", "title", "system", "kind", "level", "place", "date", "article", "article_number",
    "start", "end", "code_id", "category", "term", "polarity", "coder", "left", "match", "right",
]


class SegmentIndex:
    """Find the article (or numbered item) around an offset, per document, by binary search."""

    def __init__(self, project: Project, doc_ids: Iterable[str]) -> None:
        self.kinds: dict[tuple[str, str], tuple[list[int], list[dict[str, Any]]]] = {}
        for doc_id in sorted(set(doc_ids)):
            rows = project.db.execute(
                "SELECT kind, start, end, label, number FROM segments WHERE doc_id = ? AND kind IN ('article', 'item') "
                "ORDER BY kind, start, end DESC",
                (doc_id,),
            )
            for row in rows:
                starts, found = self.kinds.setdefault((doc_id, row["kind"]), ([], []))
                starts.append(row["start"])
                found.append({"start": row["start"], "end": row["end"], "label": row["label"], "number": row["number"]})

    def unit(self, doc_id: str, start: int, end: int) -> dict[str, Any] | None:
        """Return the article around a span; in a document without articles, the innermost numbered item."""
        if self.kinds.get((doc_id, "article"), ([], []))[0]:
            return self.enclosing(doc_id, "article", start, end)
        return self.enclosing(doc_id, "item", start, end)

    def enclosing(self, doc_id: str, kind: str, start: int, end: int) -> dict[str, Any] | None:
        """Return the segment of ``kind`` that starts last at or before ``start`` and covers ``end``."""
        starts, rows = self.kinds.get((doc_id, kind), ([], []))
        index = bisect_right(starts, start) - 1
        while index >= 0:
            row = rows[index]
            if row["end"] >= end:
                return row
            if kind == "article":  # articles do not nest: the nearest one before is the only candidate
                return None
            index -= 1
        return None


def code_ids_under(project: Project, code: str) -> list[str]:
    """Return ``code`` and every code below it in the project's codes table; raise NotFound if unknown."""
    rows = project.db.execute("SELECT id, parent_id FROM codes").fetchall()
    children: dict[str | None, list[str]] = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row["id"])
    if code not in {row["id"] for row in rows}:
        raise NotFound(f"no code {code!r}; run `tixi code` first, or see the codes with `tixi codes`" if not rows else
                       f"no code {code!r}; known families: {', '.join(sorted(children.get(None, [])))}")
    found: set[str] = set()
    stack = [code]
    while stack:
        current = stack.pop()
        if current not in found:  # an imported codebook may loop; each code is visited once
            found.add(current)
            stack.extend(children.get(current, []))
    return sorted(found)


def year_of(date: Any) -> str | None:
    """Return the year (first four characters) of an ISO date, or None."""
    return str(date)[:4] if isinstance(date, str) and len(date) >= 4 and date[:4].isdigit() else None


def evidence_frame(
    project: Project,
    *,
    code: str | None = None,
    term: str | None = None,
    system: str | None = None,
    coder: str | None = None,
    context: int = 30,
) -> pd.DataFrame:
    """Return codings (filtered by code and its descendants, term, system, coder) with document, article and context.

    Rows are in (system, title, document, start, code, coder) order, one document at a time: its codings, text and
    articles are read when its turn comes and let go before the next (a corpus's texts and segments do not fit where
    its codings do, and a sort of every coding joined with its document would hold them all).
    """
    clauses, params = [], []
    if code is not None:
        ids = code_ids_under(project, code)
        clauses.append(f"code_id IN ({','.join('?' * len(ids))})")
        params.extend(ids)
    if term is not None:
        clauses.append("term = ?")
        params.append(term)
    if coder is not None:
        clauses.append("coder LIKE ?")
        params.append(coder if "%" in coder else coder + "%")
    where = "".join(f" AND {clause}" for clause in clauses)
    documents = {str(row["id"]): row for row in project.db.execute("SELECT id, title, system, kind, level, place, date FROM documents")}
    categories = {str(row[0]): row[1] for row in project.db.execute("SELECT id, category FROM codes")}
    coded = [str(row[0]) for row in project.db.execute(f"SELECT DISTINCT doc_id FROM codings WHERE 1{where}", params)]
    coded = [doc for doc in coded if doc in documents and (system is None or documents[doc]["system"] == system)]
    # SQLite's order (NULL first, then by code point, which UTF-8 bytes keep).
    coded.sort(key=lambda doc: tuple((value is not None, value or "") for value in (documents[doc]["system"], documents[doc]["title"])) + (doc,))
    query = (f"SELECT start, end, code_id, term, polarity, coder FROM codings WHERE doc_id = ?{where} "
             "ORDER BY start, code_id, coder")
    # Values repeat (a document's title on each of its rows, a code id on thousands): one object each.
    columns: dict[str, list[Any]] = {name: [] for name in EVIDENCE_COLUMNS}
    shared: dict[str, str] = {}
    for doc_id in coded:
        _, text = next(project.iter_texts([doc_id]))
        segments = SegmentIndex(project, [doc_id])
        document = dict(documents[doc_id])
        for row in project.db.execute(query, [doc_id, *params]):
            record = {**document, **dict(row), "doc_id": doc_id, "category": categories.get(str(row["code_id"])),
                      **_placed(segments, doc_id, text, row["start"], row["end"], context)}
            for name, column in columns.items():
                value = record[name]
                column.append(shared.setdefault(value, value) if isinstance(value, str) else value)
    return pd.DataFrame(columns, columns=EVIDENCE_COLUMNS)


def _placed(segments: SegmentIndex, doc_id: str, text: str, start: int, end: int, context: int) -> dict[str, Any]:
    """Return the article, article number and context columns of the span ``text[start:end]``."""
    article = segments.unit(doc_id, start, end)
    return {
        "article": article["label"] if article else None,
        "article_number": article["number"] if article else None,
        "left": _clean(text[max(0, start - context):start]),
        "match": text[start:end],
        "right": _clean(text[end:end + context]),
    }


def _clean(snippet: str) -> str:
    return " ".join(snippet.split())


def term_concordance(project: Project, term: str, *, system: str | None = None, context: int = 30) -> pd.DataFrame:
    """Return every occurrence of a literal string in the normalised texts, with document and article."""
    if not term:
        raise InputError("give a term or code id to look up; an empty string matches everywhere")
    documents = project.documents().set_index("id")
    if system is not None:
        documents = documents[documents["system"] == system]
    records = []
    wanted = sorted(documents.index)
    for doc_id, text in project.iter_texts(wanted):
        segments = SegmentIndex(project, [doc_id])  # one document's articles at a time
        meta = documents.loc[doc_id]
        described = {"doc_id": doc_id, **{name: meta[name] for name in ("title", "system", "kind", "level", "place", "date")},
                     "code_id": None, "category": None, "term": term, "polarity": None, "coder": None}
        position = text.find(term)
        while position >= 0:
            end = position + len(term)
            records.append({**described, "start": position, "end": end, **_placed(segments, doc_id, text, position, end, context)})
            position = text.find(term, end)
    frame = pd.DataFrame.from_records(records, columns=EVIDENCE_COLUMNS)
    return frame.sort_values(["system", "title", "doc_id", "start"], kind="stable").reset_index(drop=True)


def evidence_summary(frame: pd.DataFrame, limit: int = 3) -> str:
    """Return a short human-readable list of the first ``limit`` evidence rows: document, article, term."""
    parts = []
    for row in frame.head(limit).itertuples(index=False):
        doc = str(row.doc_id)[:8]
        where = f"{doc} {row.article}" if isinstance(row.article, str) and row.article else f"{doc} @{row.start}"
        parts.append(f"{where} «{row.match}»")
    more = len(frame) - limit
    return "; ".join(parts) + (f"; +{more} more" if more > 0 else "")
