"""Adding sources to a project: read each file, normalise, segment and store each document.

Each document is stored in its own transaction, so an interrupted run leaves every earlier
document intact. One unreadable file (or page, record, row) is reported and skipped.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tixi.ingest as ingest
from tixi.errors import ReadError
from tixi.ingest.base import ReadOptions, ReadProblem, SourceDocument
from tixi.model import DOCUMENT_FIELDS, Segment
from tixi.progress import Progress
from tixi.store import documents as rows
from tixi.store.db import now
from tixi.store.infer import PlaceRules, infer
from tixi.store.metadata import set_metadata
from tixi.text.normalize import NORMALIZER_VERSION, Normalized, normalize
from tixi.text.segment import segment_text

# Formats whose every row is a record of its own (see ``rows.document_id``).
TABLE_FORMATS = frozenset({"jsonl", "csv", "parquet"})


@dataclass
class AddReport:
    """What an ``add`` run did."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    skipped: list[ReadProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicate_sources: list[str] = field(default_factory=list)  # the file (and record) of each duplicate, in order
    updated: list[str] = field(default_factory=list)  # documents already stored whose metadata was re-applied (update=True)

    @property
    def read_anything(self) -> bool:
        """Return whether at least one document was read (added now or already stored)."""
        return bool(self.added or self.duplicates)


@dataclass(frozen=True)
class AddRequest:
    """The user's choices for one ``add`` run."""

    fields: dict[str, Any]
    meta: dict[str, Any]
    manifest: dict[Path, dict[str, Any]] | None
    options: ReadOptions
    convert: str
    update: bool = False  # re-apply the manifest row and options to documents already stored
    places: PlaceRules | None = None  # the pack's rules for place and level in titles
    identity: dict[str, Any] | None = None  # hashed into the document id with the text: a separate document for the same text


def add_paths(
    db: sqlite3.Connection,
    root: Path,
    paths: Iterable[Path],
    request: AddRequest,
    progress: Progress | None = None,
) -> AddReport:
    """Add files and folders to the store; return what was added, found again and skipped.

    Progress is counted in expected documents: one per file, or the rows of a table corpus;
    after each file the count is set to what the files so far were expected to hold, so a file
    that yields fewer documents (or none) does not leave the bar short.
    """
    report = AddReport()
    files = _files_to_read(list(paths), request.manifest, report)
    expected = [ingest.count_records(path) or 1 for path in files] if progress else []
    if progress:
        progress.start(sum(expected), "adding")
    for index, path in enumerate(files):
        if progress:
            progress.update(description=path.name[:40])
        _add_file(db, root, path, request, report, progress)
        if progress:
            progress.update(completed=sum(expected[: index + 1]))
    if progress:
        progress.finish()
    return report


def _files_to_read(paths: list[Path], manifest: dict[Path, dict[str, Any]] | None, report: AddReport) -> list[Path]:
    """Return the files to read: explicit files always; from folders, only manifest files when there is one."""
    if not paths and manifest:
        return sorted(manifest)
    files: list[Path] = []
    for given in paths:
        if not given.exists():
            report.skipped.append(ReadProblem(str(given), "no such file or folder"))
            continue
        if given.is_file():
            files.append(given)
            continue
        before = len(files)
        for found in ingest.discover([given]):
            if manifest is not None and found.resolve() not in manifest:
                continue  # a folder with a manifest holds its README and the manifest itself too
            files.append(found)
        if len(files) == before:
            listed = " listed in the manifest" if manifest is not None else ""
            report.warnings.append(f"{given}: no file{listed} that tixi reads ({', '.join(ingest.SUPPORTED_SUFFIXES)}) in this folder")
    return files


def _add_file(db: sqlite3.Connection, root: Path, path: Path, request: AddRequest, report: AddReport, progress: Progress | None) -> None:
    try:
        source_hash = store_source(db, root, path)
        for item in ingest.read(path, request.options):
            if isinstance(item, ReadProblem):
                record_problem(db, path, item, report)
                continue
            _add_document(db, path, source_hash, item, request, report)
            if progress:
                progress.advance()
    except ReadError as error:
        record_problem(db, path, ReadProblem(str(path), error.reason, error.locator), report)
    except OSError as error:
        report.skipped.append(ReadProblem(str(path), f"cannot read the file: {error.strerror or error}"))
        rows.log(db, path=str(path), status="skipped", reason=str(error))


def record_problem(db: sqlite3.Connection, path: Path, problem: ReadProblem, report: AddReport) -> None:
    """Record a part of a file that could not be read: in the report and in the ingest log."""
    report.skipped.append(problem)
    rows.log(db, path=str(path), locator=problem.locator, status="skipped", reason=problem.reason)


def store_source(db: sqlite3.Connection, root: Path, path: Path) -> str:
    """Keep a copy of the file under ``sources/`` by content hash; return the hash."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    source_hash = digest.hexdigest()
    if db.execute("SELECT 1 FROM sources WHERE hash = ?", (source_hash,)).fetchone():
        return source_hash
    suffix = "".join(path.suffixes[-2:]) if path.name.lower().endswith((".warc.gz", ".jsonl.gz")) else path.suffix
    stored = Path("sources") / source_hash[:2] / f"{source_hash}{suffix.lower()}"
    (root / stored).parent.mkdir(parents=True, exist_ok=True)
    temporary = root / stored.with_name(stored.name + ".part")
    shutil.copyfile(path, temporary)
    temporary.replace(root / stored)  # atomic: a killed run leaves no half file under its final name
    db.execute(
        "INSERT OR IGNORE INTO sources (hash, stored_as, original_path, format, size, added_at) VALUES (?, ?, ?, ?, ?, ?)",
        # The absolute path: a relative one breaks when the project is opened from another folder.
        (source_hash, str(stored), rows.storable(str(path.resolve())), ingest.format_of(path), path.stat().st_size, now()),
    )
    return source_hash


def _add_document(db: sqlite3.Connection, path: Path, source_hash: str, source: SourceDocument, request: AddRequest, report: AddReport) -> None:
    doc_id = document_id_of(source, request)
    if rows.exists(db, doc_id):
        record_duplicate(db, path, doc_id, source.locator, request, report)
        return
    store_prepared(db, path, prepare_document(path, source_hash, source, request), report)


def document_id_of(source: SourceDocument, request: AddRequest) -> str:
    """Return the id a read document is stored under: its text, with a table row's metadata or the request's identity."""
    return rows.document_id(source.text, source.meta if source.format in TABLE_FORMATS else request.identity)


def record_duplicate(db: sqlite3.Connection, path: Path, doc_id: str, locator: str | None, request: AddRequest, report: AddReport) -> None:
    """Record that ``doc_id`` is already stored (re-applying metadata with ``request.update``)."""
    report.duplicates.append(doc_id)
    report.duplicate_sources.append(path.name if locator is None else f"{path.name} {locator}")
    if request.update:
        given = dict(request.manifest.get(path.resolve(), {})) if request.manifest is not None else {}
        given.update(request.meta)
        given.update({k: v for k, v in request.fields.items() if v})
        if given:
            set_metadata(db, doc_id, {key: str(value) for key, value in given.items()})
            report.updated.append(doc_id)
    rows.log(db, path=str(path), locator=locator, status="duplicate", doc_id=doc_id)


def prepare_document(path: Path, source_hash: str, source: SourceDocument, request: AddRequest) -> rows.NewDocument:
    """Return everything stored for one read document: metadata, normalised text, segments (reads no database).

    This is the per-document work of adding (normalise and segment); ``tixi.cluster`` runs it on
    Dask workers and stores the result with ``store_prepared``, as adding here does.
    """
    doc_id = document_id_of(source, request)
    metadata = _metadata(path, source, request)
    fields = {name: _field_value(name, metadata.pop(name), source.warnings) for name in DOCUMENT_FIELDS if name in metadata}
    fields.setdefault("title", rows.storable(path.stem if source.locator is None else f"{path.stem} {source.locator}"))
    fields.setdefault("language", _language(source.text))
    # Place, level and date from the title and (for a file holding one document) the file name, where not given.
    guessed = infer({key: fields.get(key) for key in ("place", "level", "date")}, str(fields["title"]),
                    path.name if source.locator is None else "", request.places)
    for key in ("place", "level", "date"):
        if guessed.get(key) and not fields.get(key):
            fields[key] = guessed[key]
    if guessed.get("inferred"):
        metadata["inferred"] = guessed["inferred"]
    normalized = normalize(source.text, convert=request.convert or None, reading=source.reading)
    # Structural segments first: their parent links are indices into that list.
    segments = segment_text(normalized.text) + _format_segments(source.segments, normalized)
    return rows.NewDocument(
        id=doc_id, source_hash=source_hash, locator=source.locator, format=source.format,
        encoding=source.encoding, fields=fields, meta=metadata, warnings=list(source.warnings),
        original=source.text, normalized=normalized, pages=source.pages, segments=segments,
    )


def store_prepared(db: sqlite3.Connection, path: Path, new: rows.NewDocument, report: AddReport) -> None:
    """Insert a prepared document (its id not yet stored) and log it."""
    normalizer = NORMALIZER_VERSION + (f"+opencc:{new.normalized.converter}" if new.normalized.converter else "")
    rows.insert_document(db, new, normalizer)
    report.added.append(new.id)
    for warning in new.warnings:
        report.warnings.append(f"{path}: {warning}")
        rows.log(db, path=str(path), locator=new.locator, status="warning", doc_id=new.id, reason=warning)
    rows.log(db, path=str(path), locator=new.locator, status="added", doc_id=new.id)


def _metadata(path: Path, source: SourceDocument, request: AddRequest) -> dict[str, Any]:
    """Return metadata in layers: what the reader found, the manifest row, then the user's options."""
    metadata: dict[str, Any] = {k: v for k, v in source.meta.items() if v not in (None, "")}
    if request.manifest is not None:
        metadata.update(request.manifest.get(path.resolve(), {}))
    metadata.update(request.meta)
    metadata.update({k: v for k, v in request.fields.items() if v})
    if not metadata.get("place") and metadata.get("province"):
        # A table corpus that names the province (lawref does) gives the place; marked as taken, not given.
        metadata["place"] = metadata["province"]
        metadata["place_inferred_from"] = "province"
    return metadata


def _field_value(name: str, value: Any, warnings: list[str]) -> str | int | float | None:
    """Return a document field's value as one column value: a list joined by "; ", an object as JSON (with a warning).

    A table corpus may hold ``"title": ["a", "b"]`` or ``"date": {"year": 2020}``; storing it must
    not fail, and how it was stored is said.
    """
    if value is None or isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, list | tuple) and all(isinstance(item, str | int | float) for item in value):
        warnings.append(f"field {name!r} held a list; stored joined by '; '")
        return "; ".join(str(item) for item in value)
    if isinstance(value, bool):
        return str(value).lower()
    warnings.append(f"field {name!r} held {type(value).__name__} data; stored as JSON text")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _format_segments(segments: list[Segment], normalized: Normalized) -> list[Segment]:
    """Return the reader's segments (rows, turns, in original offsets) moved to normalised offsets."""
    moved: list[Segment] = []
    for segment in segments:
        start, end = normalized.offsets.to_normalized(segment.start, segment.end)
        moved.append(Segment(segment.kind, start, end, segment.label, segment.number, None, dict(segment.meta)))
    return moved


def _language(text: str) -> str:
    """Return 'zh' when CJK ideographs dominate the letters of a sample of the text, else 'und'."""
    sample = text[:2000]
    letters = [char for char in sample if char.isalpha()]
    if not letters:
        return "und"
    cjk = sum(1 for char in letters if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf")
    return "zh" if cjk / len(letters) >= 0.3 else "und"
