"""The interviews part of the Python API, mixed into `tixi.project.Project`.

Cases and attributes, coding by hand, memos, matrices and quotes, conflation in talk,
agreement between coders, and REFI-QDA exchange. The work is done in the modules of
``tixi.interviews``, ``tixi.coding.manual`` and ``tixi.exchange``; these methods are thin.
(``Project.codes()``, the codebook table, comes from the coding area.)
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from tixi.coding import manual
from tixi.coding.evidence import code_ids_under
from tixi.errors import InputError, NotFound
from tixi.exchange import qdc, qdpx
from tixi.interviews import agreement as agreement_module
from tixi.interviews import cases as cases_module
from tixi.interviews import confusion as confusion_module
from tixi.interviews import matrices
from tixi.part import ProjectPart
from tixi.store.db import transaction

if TYPE_CHECKING:
    from tixi.project import Project

def _origin() -> str:
    """Return the origin recorded in exported files: ``tixi <version>``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"tixi {version('tixi')}"
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "tixi 0.0.0"


class InterviewsAPI(ProjectPart):
    """Methods of `Project` for interviews (cases, manual coding, memos, matrices, agreement, REFI-QDA)."""

    # -- cases -------------------------------------------------------------------------------

    def import_cases(self, path: str | Path) -> dict[str, int]:
        """Read a cases CSV (id column, any other column an attribute); return counts added, updated, linked."""
        project = self._project()
        return cases_module.import_cases(project.db, Path(path))

    def link_case(self, case: str, doc: str) -> bool:
        """Link a document (id or unique prefix) to a case; return False if it was linked already."""
        project = self._project()
        return cases_module.link(project.db, case, project.resolve_id(doc))

    def cases(self) -> pd.DataFrame:
        """Return one row per case: case, documents, synthetic, and each attribute."""
        project = self._project()
        return cases_module.cases_frame(project.db)

    # -- coding by hand ----------------------------------------------------------------------

    def ensure_pack_codes(self) -> None:
        """Store the pack's codebook codes in the project if no pack code is stored yet."""
        project = self._project()
        if project.db.execute("SELECT 1 FROM codes WHERE origin LIKE 'pack:%' LIMIT 1").fetchone():
            return
        from tixi.coding.autocode import store_codes

        with transaction(project.db):
            store_codes(project, project.codebook())

    def create_code(self, code_id: str, *, label_zh: str | None = None, label_en: str | None = None,
                    parent: str | None = None, definition: str | None = None) -> str:
        """Create a user code (origin "user"), optionally below a parent; return its id."""
        project = self._project()
        project.ensure_pack_codes()
        new = manual.NewCode(code_id, manual.resolve_code(project.db, parent) if parent else None, label_zh, label_en, definition)
        with transaction(project.db):
            return manual.create_code(project.db, new)

    def add_coding(
        self, doc: str, *, code: str, coder: str, start: int | None = None, end: int | None = None,
        quote: str | None = None, occurrence: int | None = None, memo: str | None = None,
        create: bool = False, parent: str | None = None, label: str | None = None,
    ) -> dict[str, Any]:
        """Code a span of a document, by offsets or by quote; with create=True an unknown code is made (origin user)."""
        project = self._project()
        project.ensure_pack_codes()
        new = None
        if create:
            parent_id = manual.resolve_code(project.db, parent) if parent else None
            new = manual.NewCode(code, parent_id, label_zh=label)
        request = manual.CodingRequest(project.resolve_id(doc), code, coder, start, end, quote, occurrence, memo, new)
        return manual.add_coding(project.db, request)

    def remove_coding(self, coding_id: int, coder: str | None = None) -> dict[str, Any]:
        """Delete a coding (only if coder made it, when coder is given); return what was removed."""
        project = self._project()
        return manual.remove_coding(project.db, coding_id, coder)

    def edit_coding(self, coding_id: int, *, start: int | None = None, end: int | None = None,
                    code: str | None = None, memo: str | None = None, coder: str | None = None) -> dict[str, Any]:
        """Change a coding's span, code, memo or coder; return the coding as it is now."""
        project = self._project()
        return manual.edit_coding(project.db, coding_id, start=start, end=end, code=code, memo=memo, coder=coder)

    def codings(self, doc: str | None = None, coder: str | None = None, code: str | None = None) -> pd.DataFrame:
        """Return codings (id, doc_id, title, start, end, code_id, coder, memo, text), filtered."""
        project = self._project()
        clauses, params = [], []
        if doc:
            clauses.append("c.doc_id = ?")
            params.append(project.resolve_id(doc))
        if coder:
            clauses.append("c.coder = ?")
            params.append(manual.known_coder(project.db, coder))
        if code:
            clauses.append("c.code_id = ?")
            params.append(manual.resolve_code(project.db, code))
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return pd.read_sql_query(
            "SELECT c.id, c.doc_id, d.title, c.start, c.end, c.code_id, c.coder, c.memo, "
            "substr(t.normalized, c.start + 1, c.end - c.start) AS text FROM codings c "
            f"JOIN documents d ON d.id = c.doc_id JOIN texts t ON t.doc_id = c.doc_id {where} "
            "ORDER BY c.doc_id, c.start, c.end, c.code_id, c.coder",
            project.db, params=params,
        )

    def import_codings(self, path: str | Path) -> dict[str, int]:
        """Read codings by quote from a CSV (doc or case, coder, code, quote or start/end, [occurrence], [memo]); all or nothing."""
        project = self._project()
        project.ensure_pack_codes()
        requests = _coding_requests(project, Path(path))
        with transaction(project.db):
            for line, request in requests:
                try:
                    manual.insert_coding(project.db, request)
                except (InputError, NotFound) as error:
                    raise type(error)(f"{path}, line {line}: {error}") from error
        return {"codings": len(requests), "coders": len({request.coder for _, request in requests})}

    # -- memos -------------------------------------------------------------------------------

    def add_memo(self, target_type: str, target_id: str | None, text: str, author: str | None = None) -> int:
        """Write a memo on the project, a code, a document (id or unique prefix), a case or a coding; return its id."""
        project = self._project()
        if target_type == "document" and target_id:
            target_id = project.resolve_id(target_id)
        return manual.add_memo(project.db, target_type, target_id, text, author)

    def memos(self, target_type: str | None = None, target_id: str | None = None) -> pd.DataFrame:
        """Return memos (id, target_type, target_id, author, text, created_at), filtered."""
        project = self._project()
        clauses, params = [], []
        if target_type:
            clauses.append("target_type = ?")
            params.append(target_type)
        if target_id:
            clauses.append("target_id = ?")
            params.append(target_id)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return pd.read_sql_query(f"SELECT * FROM memos {where} ORDER BY id", project.db, params=params)

    # -- matrices and retrieval --------------------------------------------------------------

    def code_case_matrix(self, coders: Sequence[str] | None = None) -> pd.DataFrame:
        """Return codes × cases (codings per cell, total, cases coded, share of cases)."""
        project = self._project()
        return matrices.code_case_matrix(project.db, _known(project, coders))

    def code_attribute_matrix(self, attribute: str, value: str = "codings", coders: Sequence[str] | None = None) -> pd.DataFrame:
        """Return codes × values of a case attribute (value: codings, cases, or share of cases)."""
        project = self._project()
        return matrices.code_attribute_matrix(project.db, attribute, value, _known(project, coders))

    def quotes(self, code: str, where: dict[str, str] | None = None, coders: Sequence[str] | None = None) -> pd.DataFrame:
        """Return passages coded with code (or below it) in cases whose attributes match where."""
        project = self._project()
        codes = code_ids_under(project, manual.resolve_code(project.db, code))
        return matrices.quotes(project.db, codes, where, _known(project, coders))

    def cooccurrence_in_turns(self, coders: Sequence[str] | None = None) -> pd.DataFrame:
        """Return pairs of codes coded within the same turns, with counts and the c coefficient."""
        project = self._project()
        return matrices.cooccurrence_in_turns(project.db, _known(project, coders))

    def confusion(self, by: str = "case", attribute: str = "city") -> pd.DataFrame:
        """Return turns naming both systems or giving one's instruments to the other, by turn, case or city."""
        project = self._project()
        lexicon = confusion_module.load_talk_lexicon(project.pack)
        return confusion_module.confusion(project.db, lexicon, by=by, attribute=attribute)

    def agreement(self, coders: Sequence[str], code: str | None = None, level: str = "char") -> pd.DataFrame:
        """Return agreement between coders per code and pooled: percent, Cohen's kappa, Krippendorff's alpha."""
        project = self._project()
        return agreement_module.agreement(project.db, coders, code, level)

    # -- REFI-QDA ----------------------------------------------------------------------------

    def export_qdpx(self, path: str | Path, coders: Sequence[str] | None = None) -> dict[str, int]:
        """Write the project as a REFI-QDA .qdpx file; return counts of what was written."""
        project = self._project()
        name = project.root.resolve().name
        return qdpx.export_qdpx(project.db, Path(path), name, _origin(), _known(project, coders))

    def import_qdpx(self, path: str | Path, *, partial: bool = False) -> dict[str, Any]:
        """Import a REFI-QDA .qdpx (sources, codes, codings, cases, notes); return counts, warnings and what was dropped.

        All or nothing unless ``partial``: see ``tixi.exchange.qdpx_import.import_qdpx``.
        """
        project = self._project()
        return qdpx.import_qdpx(project, Path(path), partial=partial)

    def export_qdc(self, path: str | Path) -> int:
        """Write the codebook as a REFI-QDA .qdc file; return the number of codes."""
        project = self._project()
        project.ensure_pack_codes()
        return qdc.export_qdc(project.db, Path(path), _origin())

    def import_qdc(self, path: str | Path) -> dict[str, Any]:
        """Read a REFI-QDA .qdc codebook into the project's codes; return counts and warnings."""
        project = self._project()
        return qdc.import_qdc(project.db, Path(path))

    def code_usage(self) -> pd.DataFrame:
        """Return the codes table (see ``codes()``) with the number of codings of each code (column codings)."""
        project = self._project()
        frame = project.codes()
        counts = manual.coding_counts(project.db)
        frame["codings"] = [counts.get(code_id, 0) for code_id in frame["id"]]
        return frame

    def code_tree(self) -> list[dict[str, Any]]:
        """Return the codebook as a nested tree with codings per code."""
        project = self._project()
        return manual.code_tree(project.db)


def _known(project: Project, coders: Sequence[str] | None) -> list[str] | None:
    """Return the coders, each checked to exist, or None for all."""
    if not coders:
        return None
    return [manual.known_coder(project.db, coder) for coder in coders]


def _document_of(project: Project, row: dict[str, str], where: str) -> str:
    if row.get("doc"):
        return project.resolve_id(row["doc"])
    case = row.get("case")
    if not case:
        raise InputError(f"{where}: give 'doc' (id) or 'case'")
    linked = [doc for case_id, doc in cases_module.links(project.db).itertuples(index=False) if case_id == case]
    if len(linked) != 1:
        raise InputError(f"{where}: case {case!r} has {len(linked)} documents; give 'doc' instead")
    return str(linked[0])


def _number(value: str | None, where: str, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value))
    except ValueError as error:
        raise InputError(f"{where}: {name} must be a whole number, got {value!r}") from error


def _coding_requests(project: Project, path: Path) -> list[tuple[int, manual.CodingRequest]]:
    if not path.exists():
        raise InputError(f"codings file {path} does not exist")
    requests = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"coder", "code"} - set(reader.fieldnames or [])
        if missing:
            raise InputError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for line, raw in enumerate(reader, start=2):
            row = {key: (value or "").strip() for key, value in raw.items() if key}
            where = f"{path}, line {line}"
            request = manual.CodingRequest(
                doc_id=_document_of(project, row, where), code=row["code"], coder=row["coder"],
                start=_number(row.get("start"), where, "start"), end=_number(row.get("end"), where, "end"),
                quote=row.get("quote") or None, occurrence=_number(row.get("occurrence"), where, "occurrence"),
                memo=row.get("memo") or None,
            )
            requests.append((line, request))
    return requests
