"""REFI-QDA import: a ``.qdpx`` made by NVivo, ATLAS.ti, MAXQDA, QualCoder or tixi.

Everything is read first (``read_project``: untrusted input, see safe_zip and safe_xml), then
the sources are added as documents and codes, cases, codings and memos are stored in one
transaction. Known vendor deviations are tolerated: ``Sources/`` or ``sources/``, a BOM in
text files, CRLF, namespace variants, an XML file named ``<name>.qde``, ATLAS.ti counting CRLF
as one character, NVivo counting characters beyond U+FFFF as two.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from lxml import etree

from tixi.coding.manual import AUTO_PREFIX, register_coder, store_coding, store_memo
from tixi.errors import InputError
from tixi.exchange.qdc import CodeEntry, parse_description, read_codes, store_codes
from tixi.exchange.qdpx_export import CODING_MEMO_NOTE, SOURCES_FOLDER, XSD_FILE
from tixi.exchange.safe_xml import child, children, local, parse, text_of
from tixi.exchange.safe_zip import SafeZip
from tixi.ingest.plaintext import damage_warning, decode_counted, decode_utf8_replacing
from tixi.interviews.cases import insert_link, put_case
from tixi.store.db import transaction
from tixi.store.metadata import remove_document
from tixi.text.normalize import OffsetMap, normalize

if TYPE_CHECKING:
    from tixi.project import Project


def schema() -> Any:
    """Return the REFI-QDA project XML schema (lxml XMLSchema)."""
    return etree.XMLSchema(etree.parse(str(XSD_FILE)))


# ============================================================================ import


@dataclass
class _Coding:
    code_guid: str
    user_guid: str | None
    notes: list[str]


@dataclass
class _Selection:
    start: int
    end: int
    user_guid: str | None
    description: str | None
    codings: list[_Coding]
    notes: list[str]


@dataclass
class _Source:
    guid: str
    name: str
    text: str | None
    fields: dict[str, Any]
    selections: list[_Selection]
    notes: list[str]


@dataclass
class _Case:
    name: str
    description: str | None
    values: dict[str, str]
    sources: list[str]


@dataclass
class ImportedProject:
    """Everything read from a .qdpx, before anything is stored."""

    origin: str
    users: dict[str, str]
    codes: list[CodeEntry]
    sources: list[_Source]
    cases: list[_Case]
    notes: dict[str, tuple[str, str | None, str | None]]  # guid -> (name, text, author guid)
    project_notes: list[str]
    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # what the archive holds that the import leaves out, and why


def find_qde(archive: SafeZip) -> str:
    """Return the name of the project XML: project.qde (any case), else the single .qde at the top."""
    named = archive.find("project.qde")
    if named:
        return named
    candidates = [name for name in archive.names() if name.lower().endswith(".qde") and "/" not in name]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise InputError(f"{archive.path}: no project.qde inside; is this a REFI-QDA .qdpx file?")
    raise InputError(f"{archive.path}: several .qde files ({', '.join(candidates)}) and none is project.qde")


def decode_text(data: bytes, warnings: list[str], what: str) -> str:
    """Return a REFI-QDA plain-text file's text: UTF-8 as the standard says, any BOM removed.

    A file that is not UTF-8 is decoded as what it is (a Latin-1 or GB18030 file from an older
    tool), with a warning; damaged bytes become U+FFFD, counted in a warning. Never silently.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text, encoding, replaced = decode_counted(data)
        except ValueError:  # binary to the guesser too: kept as UTF-8, its damage counted
            (text, replaced), encoding = decode_utf8_replacing(data), "utf-8"
        if encoding not in ("utf-8", "utf-8-sig"):
            warnings.append(f"{what} is not UTF-8; it was decoded as {encoding}")
        if replaced:
            warnings.append(f"{what}: {damage_warning(replaced, encoding)}")
    return text[1:] if text.startswith("\ufeff") else text


def _internal(archive: SafeZip, reference: str | None, warnings: list[str], dropped: list[str], what: str) -> str | None:
    """Return the text of an internal:// file (looked up in sources/ or Sources/), or None with a warning."""
    if not reference:
        return None
    if not reference.startswith("internal://"):
        dropped.append(f"{what}: {reference} is outside the archive and was not read")
        return None
    name = reference[len("internal://"):].strip("/")
    found = archive.find(f"{SOURCES_FOLDER}/{name}") or archive.find(name)
    if found is None:
        basename = PurePosixPath(name).name.lower()
        found = next((entry for entry in archive.names() if PurePosixPath(entry).name.lower() == basename), None)
    if found is None:
        dropped.append(f"{what}: {reference} is missing from the archive")
        return None
    return decode_text(archive.read(found), warnings, what)


def _guid(value: str | None) -> str | None:
    return value.strip("{}").lower() if value else None


def _refs(element: Any, name: str = "NoteRef") -> list[str]:
    return [str(_guid(ref.get("targetGUID"))) for ref in children(element, name) if ref.get("targetGUID")]


def _listed(root: Any, container: str, name: str | None = None) -> Iterator[Any]:
    """Yield the ``name`` elements (or all elements) inside root's ``container`` element; none when it is missing."""
    holder = child(root, container)
    if holder is None:
        return iter(())
    return children(holder, name) if name else iter(holder)


def _read_source(element: Any, archive: SafeZip, warnings: list[str], dropped: list[str]) -> _Source:
    name = element.get("name") or element.get("guid") or "source"
    text = text_of(child(element, "PlainTextContent"))
    if text is None:
        text = _internal(archive, element.get("plainTextPath"), warnings, dropped, f"source {name!r}")
    _, fields = parse_description(text_of(child(element, "Description")))
    selections = []
    for selection in children(element, "PlainTextSelection"):
        try:
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        except (TypeError, ValueError):
            dropped.append(f"source {name!r}: a selection without valid positions was skipped")
            continue
        codings = [
            _Coding(str(_guid(ref.get("targetGUID"))), _guid(coding.get("creatingUser")), _refs(coding))
            for coding in children(selection, "Coding") for ref in children(coding, "CodeRef") if ref.get("targetGUID")
        ]
        selections.append(_Selection(start, end, _guid(selection.get("creatingUser")), text_of(child(selection, "Description")),
                                     codings, _refs(selection)))
    whole = len(list(children(element, "Coding")))
    if whole:
        dropped.append(f"source {name!r}: {whole} coding(s) of the whole source are not imported")
    return _Source(str(_guid(element.get("guid"))), name, text, fields, selections, _refs(element))


def read_project(root: Any, archive: SafeZip) -> ImportedProject:
    """Return what a project.qde and its archive hold (reads only)."""
    if local(root) != "Project":
        raise InputError(f"{archive.path}: the root element is <{local(root)}>, not <Project>")
    warnings: list[str] = []
    dropped: list[str] = []
    users = {}
    users_element = child(root, "Users")
    for user in children(users_element if users_element is not None else root, "User"):  # some tools omit <Users>
        key = _guid(user.get("guid"))
        if key:
            users[key] = user.get("name") or user.get("id") or key
    codebook = child(root, "CodeBook")
    codes_element = child(codebook, "Codes") if codebook is not None else None
    codes = read_codes(codes_element, warnings) if codes_element is not None else []
    variables = {str(_guid(v.get("guid"))): v.get("name") or "" for v in _listed(root, "Variables", "Variable")}
    cases = []
    for case in _listed(root, "Cases", "Case"):
        values: dict[str, str] = {}
        for holder in children(case, "VariableValue"):
            ref = child(holder, "VariableRef")
            name = variables.get(str(_guid(ref.get("targetGUID")))) if ref is not None else None
            value = next((text_of(item) for item in holder if local(item) != "VariableRef"), None)
            if name and value is not None:
                values[name] = value
        cases.append(_Case(case.get("name") or str(_guid(case.get("guid"))), text_of(child(case, "Description")), values,
                           _refs(case, "SourceRef")))
    sources = []
    for element in _listed(root, "Sources"):
        kind = local(element)
        if kind == "TextSource":
            sources.append(_read_source(element, archive, warnings, dropped))
        elif kind == "PDFSource" and child(element, "Representation") is not None:
            sources.append(_read_source(child(element, "Representation"), archive, warnings, dropped))
        elif kind:
            dropped.append(f"{kind} {element.get('name') or element.get('guid')!r}: only text sources are imported")
    notes: dict[str, tuple[str, str | None, str | None]] = {}
    for note in _listed(root, "Notes", "Note"):
        name = note.get("name") or ""
        text = text_of(child(note, "PlainTextContent")) or _internal(archive, note.get("plainTextPath"), warnings, dropped, f"note {name!r}")
        notes[str(_guid(note.get("guid")))] = (name, text, _guid(note.get("creatingUser")))
    for name in ("Links", "Sets", "Graphs"):
        holder = child(root, name)
        if holder is not None and len(holder):
            dropped.append(f"<{name}>: {len(holder)} item(s) are not imported (tixi has no place for them)")
    return ImportedProject(root.get("origin") or "", users, codes, sources, cases, notes, _refs(root), warnings, dropped)


def position_mapper(text: str, origin: str) -> Callable[[int], int]:
    """Return a function from a vendor's text position to a code-point index in text.

    ATLAS.ti counts CR LF as one character; NVivo counts characters beyond U+FFFF as two
    (UTF-16). Others count code points, as the standard says.
    """
    vendor = origin.lower()
    utf16 = "nvivo" in vendor and any(ord(char) > 0xFFFF for char in text)
    crlf_as_one = "atlas" in vendor and "\r\n" in text
    if not utf16 and not crlf_as_one:
        return lambda position: position
    starts: list[int] = []  # vendor position where each code point starts
    position = 0
    for index, char in enumerate(text):
        starts.append(position)
        if crlf_as_one and char == "\r" and text[index + 1 : index + 2] == "\n":
            continue
        position += 2 if utf16 and ord(char) > 0xFFFF else 1
    total = position

    def convert(vendor_position: int) -> int:
        if vendor_position >= total:
            return len(text)
        return bisect_right(starts, vendor_position) - 1

    return convert


class _WouldDrop(Exception):
    """Raised inside the import's transaction to roll it back: something would be left out."""


def import_qdpx(project: Project, path: Path, *, partial: bool = False) -> dict[str, Any]:
    """Import a .qdpx into the project; return counts, warnings and what was dropped. Untrusted input is checked first.

    All or nothing: when anything in the archive cannot be imported (a source without text, a
    coding outside its text, sets and graphs tixi has no place for) nothing is stored and an
    InputError lists what and why. With ``partial`` the rest is imported and ``counts["dropped"]``
    lists what was left out.
    """
    if not path.exists():
        raise InputError(f"{path} does not exist")
    with SafeZip(path) as archive:
        qde = find_qde(archive)
        root = parse(archive.read(qde), f"{path.name}:{qde}")
        imported = read_project(root, archive)
    added: list[str] = []  # documents this import stored, removed again if it fails
    try:
        counts = _store_all(project, imported, path, added, partial)
    except BaseException as error:
        for doc_id in added:
            remove_document(project.db, project.root, doc_id)
        if isinstance(error, _WouldDrop):
            raise InputError(dropped_message(path, imported.dropped)) from None
        raise
    return counts


def dropped_message(path: Path, dropped: list[str], shown: int = 20) -> str:
    """Return the error for an archive refused because items would be dropped, listing them."""
    listed = "\n".join(f"  - {item}" for item in dropped[:shown])
    more = f"\n  ... and {len(dropped) - shown} more" if len(dropped) > shown else ""
    return (f"{path}: nothing imported: {len(dropped)} item(s) of the archive cannot be imported:\n{listed}{more}\n"
            "import again with --partial to keep everything else")


def _store_all(project: Project, imported: ImportedProject, path: Path, added: list[str], partial: bool) -> dict[str, Any]:
    documents = _add_sources(project, imported, path, added)
    origin = f"import:{path.name}"
    db = project.db
    memos_before = _count_memos(db)
    with transaction(db):
        counts: dict[str, Any] = dict(store_codes(db, imported.codes, origin))
        counts.update(_store_codings(db, imported, documents))
        counts.update(_store_cases(db, imported, documents, origin))
        _store_notes(db, imported, documents)
        counts["memos"] = _count_memos(db) - memos_before  # notes on anything, coding notes and case descriptions
        if imported.dropped and not partial:
            raise _WouldDrop()
    counts.update({"origin": imported.origin, "codes_read": len(imported.codes), "sources_read": len(imported.sources),
                   "documents": len(set(documents.values())), "warnings": imported.warnings,
                   "dropped": imported.dropped})
    return counts


def _add_sources(project: Project, imported: ImportedProject, path: Path, added: list[str]) -> dict[str, str]:
    """Add each text source as a document (via a temporary file inside the project); return source GUID → doc id.

    Sources are separate documents even when their texts are the same: the first keeps the id of
    its text, each later one gets an id that also hashes its GUID (the same again on a re-import).
    """
    folder = project.root / f".import-{uuid.uuid4().hex[:12]}"
    folder.mkdir()
    documents: dict[str, str] = {}
    texts: set[str] = set()
    try:
        for number, source in enumerate(imported.sources, start=1):
            if source.text is None:
                imported.dropped.append(f"source {source.name!r} has no plain text and was skipped")
                continue
            target = folder / f"{number:05d}.txt"
            target.write_text(source.text, encoding="utf-8", newline="")
            meta = {key: str(value) for key, value in source.fields.items() if key != "tixi_id" and value not in (None, "")}
            meta.setdefault("title", source.name)
            meta["imported_from"] = path.name
            identity = {"refi_source": source.guid} if source.text in texts else None
            texts.add(source.text)
            report = project.add([target], meta=meta, identity=identity)
            added.extend(report.added)
            found = (report.added or report.duplicates)
            if not found:
                reason = "; ".join(problem.reason for problem in report.skipped) or "not read"
                imported.dropped.append(f"source {source.name!r} was not added: {reason}")
                continue
            documents[source.guid] = found[0]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return documents


def _mapper_to_stored(db: sqlite3.Connection, doc_id: str, text: str, origin: str) -> Callable[[int, int], tuple[int, int] | None]:
    """Return a function from vendor [start, end) in the source file to the stored normalised span."""
    row = db.execute("SELECT original, normalized, offset_map FROM texts WHERE doc_id = ?", (doc_id,)).fetchone()
    vendor = position_mapper(text, origin)
    normalized = str(row["normalized"])
    offsets = OffsetMap.from_json(json.loads(row["offset_map"]))
    same_original = row["original"] == text

    def convert(start: int, end: int) -> tuple[int, int] | None:
        first, last = vendor(start), vendor(end)
        if not 0 <= first < last <= len(text):
            return None
        if same_original:
            return offsets.to_normalized(first, last)
        wanted = normalize(text[first:last]).text
        found = [m.start() for m in re.finditer(re.escape(wanted), normalized)] if wanted else []
        if not found:
            return None
        nearest = min(found, key=lambda position: abs(position - first))
        return nearest, nearest + len(wanted)

    return convert


def _coder_name(imported: ImportedProject, *candidates: str | None) -> str:
    for candidate in candidates:
        if candidate:
            return imported.users.get(candidate, candidate)
    return "import"


def _store_codings(db: sqlite3.Connection, imported: ImportedProject, documents: dict[str, str]) -> dict[str, int]:
    code_ids = {entry.guid: entry.id for entry in imported.codes}
    counts = {"codings_added": 0, "codings_existing": 0, "codings_skipped": 0}
    for source in imported.sources:
        doc_id = documents.get(source.guid)
        if doc_id is None or source.text is None:
            lost = sum(len(selection.codings) for selection in source.selections)
            counts["codings_skipped"] += lost
            if lost:
                imported.dropped.append(f"source {source.name!r}: its {lost} coding(s) were skipped with it")
            continue
        convert = _mapper_to_stored(db, doc_id, source.text, imported.origin)
        for selection in source.selections:
            if not selection.codings:
                imported.warnings.append(f"source {source.name!r}: selection [{selection.start}, {selection.end}) has no coding")
                continue
            span = convert(selection.start, selection.end)
            if span is None:
                counts["codings_skipped"] += len(selection.codings)
                imported.dropped.append(
                    f"source {source.name!r}: selection [{selection.start}, {selection.end}) lies outside its text; skipped")
                continue
            for coding in selection.codings:
                counts[_store_coding(db, imported, doc_id, span, selection, coding, code_ids)] += 1
    return counts


def _store_coding(db: sqlite3.Connection, imported: ImportedProject, doc_id: str, span: tuple[int, int],
                  selection: _Selection, coding: _Coding, code_ids: dict[str, str]) -> str:
    code_id = code_ids.get(coding.code_guid)
    if code_id is None:
        imported.dropped.append(f"a coding refers to code {coding.code_guid}, which is not in the codebook; skipped")
        return "codings_skipped"
    coder = _coder_name(imported, coding.user_guid, selection.user_guid)
    memo_texts = [imported.notes[n][1] for n in coding.notes if n in imported.notes and imported.notes[n][0] == CODING_MEMO_NOTE]
    memo = "\n\n".join(text for text in memo_texts if text) or selection.description
    coding_id = store_coding(db, doc_id, span[0], span[1], code_id, coder, memo)
    if coding_id is None:
        return "codings_existing"
    if not coder.startswith(AUTO_PREFIX):
        register_coder(db, coder)
    for note in coding.notes + selection.notes:
        name, text, author = imported.notes.get(note, ("", None, None))
        if text and name != CODING_MEMO_NOTE:
            _memo(db, "coding", str(coding_id), text, _coder_name(imported, author) if author else None)
    return "codings_added"


def _memo(db: sqlite3.Connection, target_type: str, target_id: str | None, text: str, author: str | None) -> None:
    """Store a memo unless the target has one with the same text (an archive imported again)."""
    exists = db.execute(
        "SELECT 1 FROM memos WHERE target_type = ? AND target_id IS ? AND text = ?", (target_type, target_id, text)).fetchone()
    if not exists:
        store_memo(db, target_type, target_id, text, author)


def _store_cases(db: sqlite3.Connection, imported: ImportedProject, documents: dict[str, str], origin: str) -> dict[str, int]:
    counts = {"cases_added": 0, "cases_existing": 0, "case_links": 0}
    for case in imported.cases:
        added = put_case(db, case.name, case.values, origin, replace=False)
        counts["cases_added" if added else "cases_existing"] += 1
        for source_guid in case.sources:
            if source_guid in documents:
                counts["case_links"] += insert_link(db, case.name, documents[source_guid])
        if case.description:
            _memo(db, "case", case.name, case.description, None)
    return counts


def _count_memos(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT COUNT(*) FROM memos").fetchone()[0])


def _store_notes(db: sqlite3.Connection, imported: ImportedProject, documents: dict[str, str]) -> None:
    """Store notes on the project, codes and sources as memos."""
    targets: list[tuple[str, str | None, list[str]]] = [("project", None, imported.project_notes)]
    targets += [("code", entry.id, entry.notes) for entry in imported.codes]
    targets += [("document", documents[source.guid], source.notes) for source in imported.sources if source.guid in documents]
    for target_type, target_id, notes in targets:
        for note in notes:
            name, text, author = imported.notes.get(note, ("", None, None))
            if text:
                _memo(db, target_type, target_id, text, _coder_name(imported, author) if author else None)
