"""The workbench part of the Python API (what ``tixi serve`` shows), mixed into `tixi.project.Project`:
search, a document's marks for the reader, review of automatic codings and flows, a paged document list."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tixi.coding import manual
from tixi.coding.manual import AUTO_PREFIX
from tixi.errors import InputError
from tixi.interviews.cases import LINKS_SQL
from tixi.part import ProjectPart
from tixi.store.search import SearchQuery, SearchResult, TextCache, document_filter, search
from tixi.text.normalize import OffsetMap
from tixi.validation.review import FLOW_FIELDS, Decision, checked_flow_fields, decisions_for, flow_code, record, review_file, undo

DOCUMENT_SORTS = ("title", "date", "system", "kind", "place", "level", "chars", "id")
DOCUMENT_FILTERS = ("system", "kind", "place", "level", "year")


@dataclass(frozen=True)
class DocumentPage:
    """One page of the document list, and how many documents match in all."""

    rows: list[dict[str, Any]]
    total: int


@dataclass(frozen=True)
class ReaderMarks:
    """What the reader draws over a text: codings, flows, articles and page starts (normalised offsets)."""

    codings: list[dict[str, Any]]  # id, start, end, code_id, coder, term, polarity, memo
    flows: list[dict[str, Any]]  # id, start, end, type, direction, source, target, data
    articles: list[dict[str, Any]]  # start, end, label
    pages: list[int]  # normalised offset where page 2, 3, … starts
    turns: list[dict[str, Any]]  # start, end, label (the speaker) of an interview's turns
    cases: list[str]  # the cases the document belongs to (linked, or named by its metadata)


@dataclass(frozen=True)
class ReviewItem:
    """An automatic coding (or flow) to judge, with its context and the decisions on it."""

    task: str
    id: int
    doc_id: str
    title: str
    start: int
    end: int
    code_id: str
    machine: str
    term: str
    detail: str  # polarity, or "type: source → target (data)"
    left: str
    match: str
    right: str
    decisions: dict[str, bool]
    fields: dict[str, str] = field(default_factory=dict)  # a flow's type, direction, modality, source, target, data


class WorkbenchAPI(ProjectPart):
    """Methods of `Project` that the browser workbench calls."""

    def search(self, query: SearchQuery, cache: TextCache | None = None) -> SearchResult:
        """Search the normalised texts: literal, regular expression, or proximity (A within N characters of B).

        A long-running caller (the workbench server) passes a ``TextCache`` to keep short-string searches fast.
        """
        return search(self._project().db, query, cache)

    def document_page(self, filters: dict[str, str] | None = None, sort: str = "title", descending: bool = False,
                      offset: int = 0, limit: int = 50) -> DocumentPage:
        """Return a page of the document list filtered by system, kind, place, level or year, sorted by a column."""
        if sort not in DOCUMENT_SORTS:
            raise InputError(f"cannot sort documents by {sort!r}; use one of {', '.join(DOCUMENT_SORTS)}")
        clauses, params = _filter_clauses(filters or {})
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        db = self._project().db
        total = int(db.execute(f"SELECT COUNT(*) FROM documents d {where}", params).fetchone()[0])
        order = f"d.{sort} {'DESC' if descending else 'ASC'} NULLS LAST, d.id"
        rows = db.execute(
            "SELECT d.id, d.title, d.system, d.kind, d.level, d.place, d.date, d.chars, "
            f"(SELECT COUNT(*) FROM codings c WHERE c.doc_id = d.id) AS codings FROM documents d {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, max(1, limit), max(0, offset)],
        ).fetchall()
        return DocumentPage([dict(row) for row in rows], total)

    def facet_values(self) -> dict[str, list[str]]:
        """Return the values each document filter can take (system, kind, place, level, year), sorted."""
        db = self._project().db
        values = {}
        for name in DOCUMENT_FILTERS:
            column = "substr(date, 1, 4)" if name == "year" else name
            values[name] = [str(row[0]) for row in db.execute(f"SELECT DISTINCT {column} FROM documents WHERE {column} IS NOT NULL "
                                                              f"AND {column} != '' ORDER BY 1")]
        return values

    def reader_marks(self, doc_id: str) -> ReaderMarks:
        """Return the codings, flows, articles, page starts, speaker turns and cases of one document (full id)."""
        db = self._project().db
        codings = [dict(row) for row in db.execute(
            "SELECT id, start, end, code_id, coder, term, polarity, memo FROM codings WHERE doc_id = ? ORDER BY start, end, id", (doc_id,))]
        flows = [dict(row) for row in db.execute(
            "SELECT id, start, end, type, direction, source, target, data FROM flows WHERE doc_id = ? ORDER BY start, id", (doc_id,))]
        articles = [dict(row) for row in db.execute(
            "SELECT start, end, COALESCE(label, '') AS label FROM segments WHERE doc_id = ? AND kind = 'article' ORDER BY start", (doc_id,))]
        row = db.execute("SELECT pages, offset_map FROM texts WHERE doc_id = ?", (doc_id,)).fetchone()
        pages: list[int] = []
        if row is not None and row["pages"]:
            offsets = OffsetMap.from_json(json.loads(row["offset_map"]))
            pages = [offsets.to_normalized(start, start)[0] for start in json.loads(row["pages"])[1:]]
        turns = [dict(row) for row in db.execute(
            "SELECT start, end, COALESCE(label, '') AS label FROM segments WHERE doc_id = ? AND kind = 'turn' ORDER BY start", (doc_id,))]
        # a document's cases as everywhere else in tixi: linked, or named by its metadata when that case exists
        cases = [str(row[0]) for row in db.execute(f"SELECT DISTINCT case_id FROM ({LINKS_SQL}) WHERE doc_id = ? ORDER BY case_id", (doc_id,))]
        return ReaderMarks(codings, flows, articles, pages, turns, cases)

    # -- codes, codings and coders as the reader shows them -------------------------------------

    def code_styles(self) -> list[dict[str, Any]]:
        """Return every stored code's id, label_zh, label_en and stored colour (None when it has none), by id."""
        return [dict(row) for row in self._project().db.execute("SELECT id, label_zh, label_en, color FROM codes ORDER BY id")]

    def coding(self, coding_id: int) -> dict[str, Any]:
        """Return one coding (id, doc_id, start, end, code_id, coder, memo, ...) with the text it covers."""
        return manual.coding(self._project().db, coding_id)

    def coding_memos(self, coding_ids: list[int]) -> dict[str, list[dict[str, Any]]]:
        """Return the memos written on these codings (text, author; oldest first) by coding id."""
        if not coding_ids:
            return {}
        rows = self._project().db.execute(
            f"SELECT target_id, text, author FROM memos WHERE target_type = 'coding' AND target_id IN ({','.join('?' * len(coding_ids))}) "
            "ORDER BY id", [str(value) for value in coding_ids]).fetchall()
        found: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            found.setdefault(str(row["target_id"]), []).append({"text": row["text"], "author": row["author"]})
        return found

    def coders(self) -> list[str]:
        """Return the names of the project's coders, sorted."""
        return [str(row[0]) for row in self._project().db.execute("SELECT name FROM coders ORDER BY name")]

    # -- the codebook --------------------------------------------------------------------------

    def edit_code(self, code_id: str, *, by: str, new_id: str | None = None, label_zh: str | None = None, label_en: str | None = None,
                  definition: str | None = None, parent: str | None = None) -> str:
        """Rename, relabel or move a code a person made ('' as parent: to the top); recorded in its history. Return its id."""
        from tixi.coding.codebook_edit import edit_code

        edited = edit_code(self._project().db, code_id, by=by, new_id=new_id, label_zh=label_zh, label_en=label_en, definition=definition,
                           parent=parent)
        if edited != code_id:
            self._rewrite_code_reviews()
        return edited

    def merge_codes(self, source: str, target: str, *, by: str) -> dict[str, int]:
        """Merge a code a person made into another code (codings, memos and child codes move); return counts."""
        from tixi.coding.codebook_edit import merge_codes

        counts = merge_codes(self._project().db, source, target, by=by)
        self._rewrite_code_reviews()
        return counts

    def _rewrite_code_reviews(self) -> None:
        """Write the review files of codes again after their decisions moved to another code id (none written if none)."""
        from tixi.validation.review import review_file, write_label_file, write_review_file

        project = self._project()
        if review_file(project.root, "codes").exists() or project.db.execute("SELECT 1 FROM review_decisions WHERE task = 'codes'").fetchone():
            write_review_file(project.db, project.root, "codes")
            write_label_file(project.db, project.root, "codes")

    # -- review ------------------------------------------------------------------------------

    def review_items(self, task: str = "codes", *, code: str | None = None, doc: str | None = None, term: str | None = None,
                     undecided: bool = False, offset: int = 0, limit: int = 50, context: int = 40,
                     ids: list[int] | None = None) -> tuple[list[ReviewItem], int]:
        """Return a page of automatic codings (task codes) or flows (task flows) to judge, and how many match in all."""
        project = self._project()
        items = self._review_rows(task, code=code, doc=doc, term=term, ids=ids)
        decided = decisions_for(project.db, task)
        if undecided:
            items = [row for row in items if _key(task, row) not in decided]
        page = items[max(0, offset):max(0, offset) + limit]
        texts = dict(project.iter_texts(sorted({str(row["doc_id"]) for row in page})))
        result = []
        for row in page:
            text = texts[str(row["doc_id"])]
            start, end = int(row["start"]), int(row["end"])
            result.append(ReviewItem(
                task, int(row["id"]), str(row["doc_id"]), str(row["title"] or ""), start, end, _code_of(task, row), str(row["machine"]),
                str(row["term"] or ""), _detail(task, row), " ".join(text[max(0, start - context):start].split()), text[start:end],
                " ".join(text[end:end + context].split()), decided.get(_key(task, row), {}),
                {name: str(row[name] or "") for name in FLOW_FIELDS} if task == "flows" else {},
            ))
        return result, len(items)

    def decide(self, task: str, ids: list[int], correct: bool, reviewer: str) -> Path:
        """Accept (``correct``) or reject automatic codings or flows by id; return the review CSV written."""
        decisions = [_decision(task, row, correct) for row in self._rows_by_id(task, ids)]
        return record(self._project().db, self._project().root, decisions, reviewer)

    def correct_flow(self, flow_id: int, fields: dict[str, str], reviewer: str) -> Path:
        """Accept an automatic flow with some of its fields corrected (type, direction, modality, source, target, data).

        Only the fields that differ from what the machine read are kept as corrections; return the review CSV written.
        """
        [row] = self._rows_by_id("flows", [flow_id])
        changed = {name: value for name, value in checked_flow_fields(fields).items() if value != str(row[name] or "")}
        return record(self._project().db, self._project().root, [_decision("flows", row, True, changed)], reviewer)

    def decide_matching(self, task: str, correct: bool, reviewer: str, *, code: str | None = None, doc: str | None = None,
                        term: str | None = None) -> tuple[int, Path]:
        """Accept or reject, in bulk, every item of a code, document or term; return how many and the CSV written."""
        if not (code or doc or term):
            raise InputError("a bulk decision needs a code, a document or a term to choose the items by")
        decisions = [_decision(task, row, correct) for row in self._review_rows(task, code=code, doc=doc, term=term)]
        return len(decisions), record(self._project().db, self._project().root, decisions, reviewer)

    def undo_decisions(self, task: str, ids: list[int], reviewer: str) -> None:
        """Forget a reviewer's decisions on the items with these ids."""
        undo(self._project().db, self._project().root, [_decision(task, row, True) for row in self._rows_by_id(task, ids)], reviewer)

    def review_score(self, task: str = "codes") -> pd.DataFrame:
        """Return precision per code from the decisions taken in review (as ``tixi validate score`` prints it)."""
        path = review_file(self._project().root, task)
        if not path.exists():
            raise InputError(f"no decisions yet on {task}: accept or reject some in the review page first")
        return self._project().validation_score(path)

    def validation_samples(self) -> list[Path]:
        """Return the stratified validation samples in the project's ``validation/`` folder."""
        from tixi.validation.review import sample_files

        return sample_files(self._project().root)

    def draw_validation_sample(self, task: str = "codes", n: int = 50, seed: int = 0) -> Path:
        """Draw a sample as ``tixi validate sample`` does and write it to ``validation/sample_<task>_<seed>.csv``; return the path."""
        from tixi.validation.review import REVIEW_FOLDER

        project = self._project()
        path = project.root / REVIEW_FOLDER / f"sample_{task}_{seed}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        if task == "flows":
            project.flow_validation_sample(n, seed=seed, out=path)
        elif task == "codes":
            project.validation_sample(None, n, seed=seed, out=path)
        else:
            raise InputError(f"a validation sample is of codes or flows, got {task!r}")
        return path

    def read_validation_sample(self, name: str) -> tuple[Path, list[dict[str, str]]]:
        """Return the path and the rows of a sample in ``validation/`` (by file name)."""
        from tixi.validation.review import read_sample, sample_path

        path = sample_path(self._project().root, name)
        return path, read_sample(path)[1]

    def mark_validation_sample(self, name: str, sample_id: int, mark: str) -> dict[str, str]:
        """Mark one unit of a sample in ``validation/`` right (y) or wrong (n), or clear it (''); return the row."""
        from tixi.validation.review import mark_sample, sample_path

        return mark_sample(sample_path(self._project().root, name), sample_id, mark)

    def _rows_by_id(self, task: str, ids: list[int]) -> list[dict[str, Any]]:
        wanted = set(ids)
        rows = self._review_rows(task, ids=sorted(wanted))
        missing = wanted - {int(row["id"]) for row in rows}
        if missing:
            raise InputError(f"no automatic {'coding' if task == 'codes' else 'flow'} with id {sorted(missing)[0]}; reload the page")
        return rows

    def _review_rows(self, task: str, *, code: str | None = None, doc: str | None = None, term: str | None = None,
                     ids: list[int] | None = None) -> list[dict[str, Any]]:
        project = self._project()
        clauses: list[str] = []
        params: list[str | int] = []
        if task == "codes":
            clauses.append("c.coder LIKE ? || '%'")
            params.append(AUTO_PREFIX)
            if code:
                clauses.append("(c.code_id = ? OR c.code_id LIKE ? || '.%')")
                params += [code, code]
            if term:
                clauses.append("c.term = ?")
                params.append(term)
            table = ("SELECT c.id, c.doc_id, d.title, c.start, c.end, c.code_id, c.coder AS machine, c.term, c.polarity, c.confidence "
                     "FROM codings c JOIN documents d ON d.id = c.doc_id")
            prefix = "c"
        elif task == "flows":
            if code:
                clauses.append("f.type = ?")
                params.append(code.removeprefix("flow:"))
            if term:
                clauses.append("(f.source = ? OR f.target = ? OR f.data = ?)")
                params += [term, term, term]
            table = ("SELECT f.id, f.doc_id, d.title, f.start, f.end, f.type, f.extractor AS machine, f.data AS term, f.source, f.target, "
                     "f.data, f.direction, f.modality, f.confidence FROM flows f JOIN documents d ON d.id = f.doc_id")
            prefix = "f"
        else:
            raise InputError(f"review task must be codes or flows, got {task!r}")
        if doc:
            clauses.append(f"{prefix}.doc_id = ?")
            params.append(project.resolve_id(doc))
        if ids is not None:
            clauses.append(f"{prefix}.id IN ({','.join('?' * len(ids))})")
            params += ids
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        query = f"{table} {where} ORDER BY d.title, {prefix}.doc_id, {prefix}.start, {prefix}.id"
        return [dict(row) for row in project.db.execute(query, params)]


def _filter_clauses(filters: dict[str, str]) -> tuple[list[str], list[str]]:
    unknown = sorted(name for name, value in filters.items() if value and name not in DOCUMENT_FILTERS and name != "q")
    if unknown:
        raise InputError(f"cannot filter documents by {unknown[0]!r}; use {', '.join(DOCUMENT_FILTERS)}")
    clauses, params = document_filter({name: value for name, value in filters.items() if name != "q"})
    if filters.get("q"):
        clauses.append("(d.title LIKE '%' || ? || '%' OR d.id LIKE ? || '%')")
        params += [filters["q"], filters["q"]]
    return clauses, params


def _decision(task: str, row: dict[str, Any], correct: bool, corrected: dict[str, str] | None = None) -> Decision:
    """Return the decision on one item of ``_review_rows``: right or wrong, with a flow's corrected fields."""
    return Decision(task, str(row["doc_id"]), int(row["start"]), int(row["end"]), _code_of(task, row), str(row["machine"]), correct,
                    str(row["term"]) if row["term"] else None, corrected or {})


def _code_of(task: str, row: dict[str, Any]) -> str:
    return str(row["code_id"]) if task == "codes" else flow_code(row["type"])


def _detail(task: str, row: dict[str, Any]) -> str:
    if task == "codes":
        return str(row["polarity"] or "")
    return f"{row['type'] or '?'} {row['direction']}: {row['source']} → {row['target']} ({row['data']})"


def _key(task: str, row: dict[str, Any]) -> tuple[str, int, int, str, str]:
    return (str(row["doc_id"]), int(row["start"]), int(row["end"]), _code_of(task, row), str(row["machine"]))
