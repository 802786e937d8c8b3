"""Search the project's texts: a literal string, a regular expression, or A within N characters of B.

Candidate documents come from the FTS5 trigram index (``text_search``, schema 060) when every
string the query needs is three characters or longer, and from SQLite's ``instr`` over the texts
otherwise (a trigram index cannot look up 信用); the exact positions are then found in the
candidates' texts, so every hit is a span of the stored, normalised text.
"""

from __future__ import annotations

import re
import sqlite3
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import regex

from tixi.errors import InputError

MODES = ("text", "regex", "near")
FILTERS = ("system", "kind", "place", "year")
_WHITESPACE = re.compile(r"\s+")
# A user's regular expression runs with the regex module, whose matching can be stopped: a pattern such as
# (a|aa)+$ takes exponential time, and on a shared `tixi serve` one request must not stall everyone.
REGEX_SECONDS = 2.0
_CLASS_ESCAPES = set("dDwWsSbBAZ0123456789")  # escapes that stand for no one literal character


@dataclass(frozen=True)
class SearchQuery:
    """What to look for and in which documents."""

    text: str
    mode: str = "text"  # text, regex, or near (``text`` within ``within`` characters of ``near``)
    near: str = ""
    within: int = 20
    filters: dict[str, str] = field(default_factory=dict)  # system, kind, place, year
    limit: int = 200  # hits returned (all are counted for text and near searches)
    context: int = 30


@dataclass(frozen=True)
class Hit:
    """One match: its span in the document's normalised text, the article around it, and context."""

    doc_id: str
    title: str
    start: int
    end: int
    article: str
    left: str
    match: str
    right: str


@dataclass(frozen=True)
class SearchResult:
    """The hits shown (at most the query's limit), how many there are, and in how many documents."""

    hits: list[Hit]
    total: int
    documents: int
    complete: bool  # False when counting stopped at the limit (regular expressions)


def check_query(query: SearchQuery) -> Any:
    """Raise InputError on a query that cannot run; return the compiled pattern of a regex search."""
    if query.mode not in MODES:
        raise InputError(f"search mode must be one of {', '.join(MODES)}, got {query.mode!r}")
    if not query.text:
        raise InputError("give something to search for")
    unknown = sorted(set(query.filters) - set(FILTERS))
    if unknown:
        raise InputError(f"cannot filter by {', '.join(unknown)}; use {', '.join(FILTERS)}")
    if query.mode == "near":
        if not query.near:
            raise InputError("a proximity search needs a second string: A within N characters of B")
        if query.within < 0:
            raise InputError(f"the distance must be 0 or more characters, got {query.within}")
    if query.mode != "regex":
        return None
    try:
        return regex.compile(query.text)
    except regex.error as error:
        raise InputError(f"not a regular expression: {error} in {query.text!r}") from error


def required_literal(pattern: str) -> str:
    """Return a string every match of ``pattern`` contains (the longest found), or '' when none is sure.

    Conservative: an alternation anywhere, or anything inside a group, contributes nothing; a
    character followed by ``?``, ``*`` or ``{`` is optional, so it ends the run before it.
    """
    if "|" in pattern:
        return ""
    runs: list[str] = []
    run = ""
    depth = 0
    index = 0
    while index < len(pattern):
        char = pattern[index]
        literal: str | None = None
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            index += 2
            literal = None if escaped in _CLASS_ESCAPES or escaped.isalpha() else escaped
        elif char == "[":
            close = pattern.find("]", index + 2)
            index = len(pattern) if close < 0 else close + 1
        elif char in "()":
            depth += 1 if char == "(" else -1
            index += 1
        elif char in "?*{":
            run = run[:-1]
            index = pattern.find("}", index) + 1 if char == "{" and "}" in pattern[index:] else index + 1
        elif char in ".^$+":
            index += 1
        else:
            literal = char
            index += 1
        if literal is not None and depth == 0 and not (index < len(pattern) and pattern[index] in "?*{"):
            run += literal
            continue
        if run:
            runs.append(run)
        run = ""
    if run:
        runs.append(run)
    return max(runs, key=len, default="")


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def document_filter(filters: dict[str, str]) -> tuple[list[str], list[str]]:
    """Return SQL clauses on ``documents d`` (and their parameters) keeping the documents with each given field's value.

    ``year`` is the first four characters of the date; an empty value filters nothing. The caller checks the names.
    """
    clauses: list[str] = []
    params: list[str] = []
    for name, value in filters.items():
        if value:
            clauses.append("substr(d.date, 1, 4) = ?" if name == "year" else f"d.{name} = ?")
            params.append(value)
    return clauses, params


def candidates(db: sqlite3.Connection, needed: list[str], filters: dict[str, str]) -> list[tuple[str, str, str]]:
    """Return (doc_id, title, text) of the documents matching the filters whose text contains every needed string, by title.

    One query reads the texts it keeps, so a text is read once whether the index or ``instr`` chose it.
    """
    clauses, params = document_filter(filters)
    long_ = [text for text in needed if len(text) >= 3]
    short = [text for text in needed if 0 < len(text) < 3]
    join = "JOIN texts t ON t.doc_id = d.id"
    if long_:
        join += " JOIN search_docs s ON s.doc_id = d.id JOIN text_search ON text_search.rowid = s.id"
        clauses.append("text_search MATCH ?")
        params.append(" AND ".join(_fts_phrase(text) for text in long_))
    for text in short:
        clauses.append("instr(t.normalized, ?) > 0")
        params.append(text)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(f"SELECT d.id, COALESCE(d.title, ''), t.normalized FROM documents d {join} {where} ORDER BY d.title, d.id", params)
    return [(str(row[0]), str(row[1]), str(row[2])) for row in rows]


class TextCache:
    """Every text with its title and filter fields, held by a long-running reader (the workbench server).

    A string of one or two characters cannot be looked up in a trigram index, and scanning the
    texts in SQLite reads them all from the database each time; held in memory, they are scanned
    in place. The cache reloads when the connection or another one has written since it was filled.
    """

    def __init__(self) -> None:
        self._signature: tuple[int, int] | None = None
        self._rows: list[tuple[str, str, str, dict[str, str]]] = []

    def rows(self, db: sqlite3.Connection, filters: dict[str, str]) -> list[tuple[str, str, str]]:
        """Return (doc_id, title, text) of the documents matching the filters, by title."""
        signature = (db.total_changes, int(db.execute("PRAGMA data_version").fetchone()[0]))
        if signature != self._signature:
            self._rows = [
                (str(row[0]), str(row[1]), str(row[2]),
                 {"system": row[3] or "", "kind": row[4] or "", "place": row[5] or "", "year": (row[6] or "")[:4]})
                for row in db.execute("SELECT d.id, COALESCE(d.title, ''), t.normalized, d.system, d.kind, d.place, d.date FROM documents d "
                                      "JOIN texts t ON t.doc_id = d.id ORDER BY d.title, d.id")
            ]
            self._signature = signature
        wanted = {name: value for name, value in filters.items() if value}
        return [(doc_id, title, text) for doc_id, title, text, fields in self._rows
                if all(fields.get(name) == value for name, value in wanted.items())]


def _literal_spans(text: str, needle: str, overlapping: bool = True) -> list[tuple[int, int]]:
    """Return every occurrence of ``needle``; not ``overlapping``: left to right as ``str.count`` counts them."""
    spans = []
    step = 1 if overlapping else len(needle)
    at = text.find(needle)
    while at >= 0:
        spans.append((at, at + len(needle)))
        at = text.find(needle, at + step)
    return spans


def near_spans(text: str, a: str, b: str, within: int) -> list[tuple[int, int]]:
    """Return spans from an ``a`` to a ``b`` (either first) with at most ``within`` characters between them.

    Each ``a`` gives one span, with its nearest ``b``; spans are in text order.
    """
    bs = _literal_spans(text, b)
    starts = [start for start, _ in bs]
    spans = []
    for a_start, a_end in _literal_spans(text, a):
        best: tuple[int, int, int] | None = None
        first = bisect_right(starts, a_start - within - len(b)) if bs else 0
        for b_start, b_end in bs[max(0, first - 1):]:
            if b_start > a_end + within:
                break
            gap = max(b_start - a_end, a_start - b_end)
            if gap > within or (b_start, b_end) == (a_start, a_end):
                continue
            span = (min(a_start, b_start), max(a_end, b_end), gap)
            if best is None or gap < best[2]:
                best = span
        if best is not None:
            spans.append((best[0], best[1]))
    return sorted(set(spans))


def _articles(db: sqlite3.Connection, doc_id: str) -> tuple[list[int], list[tuple[int, str]]]:
    rows = db.execute("SELECT start, end, COALESCE(label, '') FROM segments WHERE doc_id = ? AND kind = 'article' ORDER BY start",
                      (doc_id,)).fetchall()
    return [int(row[0]) for row in rows], [(int(row[1]), str(row[2])) for row in rows]


def _squash(text: str) -> str:
    """Return text with each run of whitespace (newlines too) as one space; a space at either end is kept."""
    return _WHITESPACE.sub(" ", text)


def search(db: sqlite3.Connection, query: SearchQuery, cache: TextCache | None = None) -> SearchResult:
    """Run a search; hits come in document (title) order, then text order.

    With a ``cache``, a query the trigram index cannot narrow (a string under three characters)
    scans the cached texts instead of reading every text from the database.
    """
    pattern = check_query(query)
    deadline = time.monotonic() + REGEX_SECONDS  # one budget for a regular expression over all the texts
    if query.mode == "regex":
        needed = [required_literal(query.text)]
    elif query.mode == "near":
        needed = [query.text, query.near]
    else:
        needed = [query.text]
    hits: list[Hit] = []
    total = documents = 0
    complete = True
    needed = [text for text in needed if text]
    if cache is not None and not all(len(text) >= 3 for text in needed):
        chosen = [(doc_id, title, text) for doc_id, title, text in cache.rows(db, query.filters) if all(part in text for part in needed)]
    else:
        chosen = candidates(db, needed, query.filters)
    for doc_id, title, text in chosen:
        room = query.limit - len(hits)
        if query.mode == "text":
            count = text.count(query.text)
            spans = _literal_spans(text, query.text, overlapping=False)[:room] if room > 0 else []
        elif query.mode == "near":
            spans = near_spans(text, query.text, query.near, query.within)
            count = len(spans)
            spans = spans[:max(room, 0)]
        else:
            assert pattern is not None
            spans = []
            count = 0
            try:
                for found in pattern.finditer(text, timeout=max(0.001, deadline - time.monotonic())):
                    if found.end() == found.start():
                        continue
                    count += 1
                    if len(spans) < room:
                        spans.append((found.start(), found.end()))
                    elif room <= 0 or count > room:
                        complete = False
                        break
            except TimeoutError as error:
                raise InputError(f"the regular expression {query.text!r} ran longer than {REGEX_SECONDS:g} s over the texts: "
                                 "make it more specific (a literal string in it narrows the search; avoid nested repeats like (a|aa)+)") from error
        if not count:
            continue
        total += count
        documents += 1
        if spans:
            starts, ends = _articles(db, doc_id)
            for start, end in spans:
                at = bisect_right(starts, start) - 1
                article = ends[at][1] if at >= 0 and start < ends[at][0] else ""
                hits.append(Hit(doc_id, title, start, end, article, _squash(text[max(0, start - query.context):start]),
                                text[start:end], _squash(text[end:end + query.context])))
        if not complete:
            break
    return SearchResult(hits, total, documents, complete)
