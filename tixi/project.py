"""The Python API: a ``Project`` is a folder holding ``tixi.toml``, ``tixi.db`` and ``sources/``.

The CLI and the web pages are thin layers over this class; every result is a pandas
DataFrame or a small object from ``tixi.model``, and every span can be traced back to the
original file with ``locate``.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from tixi.api.coding import CodingAPI
from tixi.api.flows import FlowsAPI
from tixi.api.frameworks import FrameworksAPI
from tixi.api.interviews import InterviewsAPI
from tixi.api.report import ReportAPI
from tixi.api.reuse import ReuseAPI
from tixi.api.workbench import WorkbenchAPI
from tixi.config import Config, load_config, render_toml
from tixi.domain import domain_of
from tixi.errors import InputError, NotFound, ProjectError, did_you_mean
from tixi.ingest.base import ReadOptions
from tixi.model import SEGMENT_KINDS, Document, Location, Span
from tixi.packs import Pack, load_pack
from tixi.progress import Progress
from tixi.store import connect, migrate
from tixi.store.add import AddReport, AddRequest, add_paths
from tixi.store.manifest import read_manifest
from tixi.text.normalize import OffsetMap
from tixi.text.tokens import Token, make_segmenter

CONFIG_FILE = "tixi.toml"
DATABASE_FILE = "tixi.db"
SOURCES_DIR = "sources"

DOCUMENT_COLUMNS = ["id", "title", "system", "kind", "level", "place", "date", "issuer", "language", "format", "chars", "encoding", "source", "locator", "meta"]
SEGMENT_COLUMNS = ["id", "doc_id", "kind", "start", "end", "label", "number", "parent_id", "meta"]


def segment_kind(name: str) -> str:
    """Return the segment kind ``name`` names (``articles`` is ``article``); raise InputError if none."""
    kind = name.strip().lower()
    if kind not in SEGMENT_KINDS and kind.endswith("s") and kind[:-1] in SEGMENT_KINDS:
        kind = kind[:-1]
    if kind not in SEGMENT_KINDS:
        raise InputError(f"unknown segment kind {name!r}; use one of {', '.join(SEGMENT_KINDS)}")
    return kind


class Project(FrameworksAPI, CodingAPI, FlowsAPI, InterviewsAPI, ReportAPI, ReuseAPI, WorkbenchAPI):
    """A tixi project folder, opened. Each stage's methods come from its ``api`` module."""

    def __init__(self, root: Path, db: sqlite3.Connection, config: Config) -> None:
        self.root = root
        self.db = db
        self.config = config

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def init(cls, path: str | Path, *, convert: str | None = None, pack: str | None = None) -> Project:
        """Create a project folder at ``path`` (which may exist but must not be a project) and open it."""
        root = Path(path)
        if (root / DATABASE_FILE).exists():
            raise ProjectError(f"{root} is already a tixi project; open it with Project.open or use another folder")
        root.mkdir(parents=True, exist_ok=True)
        (root / SOURCES_DIR).mkdir(exist_ok=True)
        defaults = load_config(None)
        config = Config(
            convert=defaults.convert if convert is None else convert,
            segmenter=defaults.segmenter,
            pack=pack or defaults.pack,
        )
        load_pack(config.pack)  # fail now, not at the first use, on a pack that does not exist
        (root / CONFIG_FILE).write_text(render_toml(config, name=root.resolve().name), encoding="utf-8")
        return cls.open(root)

    @classmethod
    def open(cls, path: str | Path = ".") -> Project:
        """Open the project at ``path``, applying schema migrations it lacks."""
        root = Path(path)
        if not (root / DATABASE_FILE).exists() and not (root / CONFIG_FILE).exists():
            raise ProjectError(f"{root.resolve()} is not a tixi project: run `tixi init {path}` first, or pass -p DIR")
        config = load_config(root / CONFIG_FILE)
        db = connect(root / DATABASE_FILE)
        migrate(db)
        return cls(root, db, config)

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    @property
    def pack(self) -> Pack:
        """Return the project's domain pack."""
        return load_pack(self.config.pack)

    # -- adding ------------------------------------------------------------------------------

    def add(
        self,
        paths: Iterable[str | Path],
        *,
        system: str | None = None,
        kind: str | None = None,
        meta: dict[str, Any] | None = None,
        manifest: str | Path | None = None,
        text_column: str | None = None,
        id_column: str | None = None,
        progress: Progress | None = None,
        update: bool = False,
        strict: bool = False,
        identity: dict[str, Any] | None = None,
    ) -> AddReport:
        """Add files and folders (recursively); return what was added, already there, and skipped.

        A manifest is checked first: unknown systems, dates that are no dates, listed files that are
        missing and files beside it that it does not list are warnings in the report, or, with
        ``strict``, one error that lists them all and adds nothing. ``update`` re-applies the
        manifest's rows (and ``system``, ``kind``, ``meta``) to documents already in the project.
        ``identity`` (for instance the GUID of an imported source) is hashed into the id of each
        document with its text, so a text already stored under another identity becomes a document of its own.
        """
        from tixi.ingest import SUPPORTED_SUFFIXES
        from tixi.store.infer import PlaceRules
        from tixi.store.manifest import manifest_problems
        from tixi.store.metadata import check

        systems = domain_of(self.pack).system_ids
        check({"system": system} if system else {}, "tixi add: ", systems)
        check(dict(meta or {}), "tixi add --meta: ", systems)
        rows = read_manifest(Path(manifest)) if manifest else None
        problems = manifest_problems(Path(manifest), rows, SUPPORTED_SUFFIXES, systems) if manifest and rows is not None else []
        if problems and strict:
            raise InputError(f"{len(problems)} problem(s) in the manifest (nothing added):\n" + "\n".join(problems))
        if rows is not None:
            # A row with a bad value keeps its other columns; the bad ones are reported and left out.
            rows = {file: {k: v for k, v in values.items() if not _bad(k, v, systems)} for file, values in rows.items()}
        request = AddRequest(
            fields={"system": system, "kind": kind},
            meta=dict(meta or {}),
            manifest=rows,
            options=ReadOptions(text_column=text_column, id_column=id_column, limits=self.config.limits),
            convert=self.config.convert,
            update=update,
            places=PlaceRules.from_pack(self.pack),
            identity=identity,
        )
        report = add_paths(self.db, self.root, [Path(p) for p in paths], request, progress)
        report.warnings[:0] = problems
        return report

    def set_metadata(self, doc: str, **values: str) -> dict[str, Any]:
        """Set metadata of a document (a unique id prefix is enough); an empty value clears the key. Return it after."""
        from tixi.store.metadata import set_metadata

        return set_metadata(self.db, self.resolve_id(doc), values, domain_of(self.pack).system_ids)

    def remove(self, docs: Iterable[str]) -> list[str]:
        """Remove documents (with their texts, segments, codings and flows); return the ids removed."""
        from tixi.store.metadata import remove_document

        removed = []
        for doc in docs:
            doc_id = self.resolve_id(doc)
            remove_document(self.db, self.root, doc_id)
            removed.append(doc_id)
        return removed

    # -- reading -----------------------------------------------------------------------------

    def check_value(self, field: str, value: str | None) -> None:
        """Raise InputError when no document has ``field`` = ``value`` (a mistyped --system gives no silent zeros).

        The message lists the values there are and the nearest one; None (no filter) passes.
        """
        if value is None:
            return
        if field not in ("system", "kind", "level", "place"):
            raise InputError(f"cannot filter documents by {field!r}; use system, kind, level or place")
        present = sorted({str(row[0]) for row in self.db.execute(f"SELECT DISTINCT {field} FROM documents WHERE {field} IS NOT NULL")})
        if value in present:
            return
        hint = did_you_mean(value, present)
        how = f"tixi add --{field} …" if field in ("system", "kind") else f"tixi add --meta {field}=…"
        listed = ", ".join(present) if present else f"none (no document has a {field}; set it with {how} or a manifest column)"
        raise InputError(f"no document has {field} {value!r}{hint} ({field} values in this project: {listed})")

    def documents(self) -> pd.DataFrame:
        """Return one row per document: id, title, system, kind, level, place, date, … and ``meta`` (dict)."""
        query = (
            "SELECT d.*, s.original_path AS source FROM documents d LEFT JOIN sources s ON s.hash = d.source_hash "
            "ORDER BY d.system, d.title, d.id"
        )
        records = []
        for row in self.db.execute(query):
            record = {column: row[column] for column in DOCUMENT_COLUMNS if column != "meta"}
            record["meta"] = json.loads(row["meta"])
            records.append(record)
        return pd.DataFrame.from_records(records, columns=DOCUMENT_COLUMNS)

    def resolve_id(self, doc_id: str) -> str:
        """Return the full id of the document whose id starts with ``doc_id``."""
        matches = [row[0] for row in self.db.execute("SELECT id FROM documents WHERE id LIKE ? || '%' LIMIT 2", (doc_id,))]
        if not matches:
            raise NotFound(f"no document {doc_id!r}; `tixi docs` lists the ids")
        if len(matches) > 1:
            raise NotFound(f"{doc_id!r} matches several documents; give more characters of the id")
        return str(matches[0])

    def document(self, doc_id: str) -> Document:
        """Return one document with its normalised text (``doc_id`` may be a unique prefix)."""
        full_id = self.resolve_id(doc_id)
        row = self.db.execute(
            "SELECT d.*, t.normalized FROM documents d JOIN texts t ON t.doc_id = d.id WHERE d.id = ?", (full_id,)
        ).fetchone()
        return Document(
            id=row["id"], title=row["title"], system=row["system"], kind=row["kind"], level=row["level"],
            place=row["place"], date=row["date"], issuer=row["issuer"], language=row["language"],
            format=row["format"], chars=row["chars"], meta=json.loads(row["meta"]), text=row["normalized"],
        )

    def iter_texts(self, doc_ids: Iterable[str] | None = None) -> Iterator[tuple[str, str]]:
        """Yield ``(doc_id, normalised text)`` for all documents or the ones given, in id order."""
        if doc_ids is None:
            yield from ((row[0], row[1]) for row in self.db.execute("SELECT doc_id, normalized FROM texts ORDER BY doc_id"))
            return
        for doc_id in doc_ids:
            row = self.db.execute("SELECT normalized FROM texts WHERE doc_id = ?", (doc_id,)).fetchone()
            if row is None:
                raise NotFound(f"no document {doc_id!r}")
            yield doc_id, row[0]

    def segments(self, kind: str | None = None, doc_id: str | None = None) -> pd.DataFrame:
        """Return segments (chapter, article, item, paragraph, sentence, turn, row) with their labels."""
        clauses, params = [], []
        if kind is not None:
            clauses.append("kind = ?")
            params.append(segment_kind(kind))
        if doc_id is not None:
            clauses.append("doc_id = ?")
            params.append(self.resolve_id(doc_id))
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        frame = pd.read_sql_query(f"SELECT * FROM segments {where} ORDER BY doc_id, start, id", self.db, params=params)
        frame["meta"] = [json.loads(value) if isinstance(value, str) else {} for value in frame["meta"]]
        return frame[SEGMENT_COLUMNS]

    def text(self, span: Span) -> str:
        """Return the normalised text a span covers."""
        row = self.db.execute("SELECT normalized FROM texts WHERE doc_id = ?", (span.doc_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document {span.doc_id!r}")
        if span.end > len(row[0]):
            raise InputError(f"span end {span.end} is past the end of document {span.doc_id} ({len(row[0])} characters)")
        return str(row[0][span.start:span.end])

    def locate(self, span: Span) -> Location:
        """Return where a span lies in the original text: character offsets, pages, source file."""
        row = self.db.execute(
            "SELECT t.original, t.offset_map, t.pages, d.locator, s.original_path FROM texts t "
            "JOIN documents d ON d.id = t.doc_id LEFT JOIN sources s ON s.hash = d.source_hash WHERE t.doc_id = ?",
            (span.doc_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no document {span.doc_id!r}")
        offsets = OffsetMap.from_json(json.loads(row["offset_map"]))
        if span.end > offsets.normalized_length:
            raise InputError(f"span end {span.end} is past the end of document {span.doc_id} ({offsets.normalized_length} characters)")
        # Offsets taken from a DataFrame row are numpy integers; a Location holds plain ints (it prints as 13, not np.int64(13)).
        start, end = (int(value) for value in offsets.to_original(int(span.start), int(span.end)))
        pages = json.loads(row["pages"]) if row["pages"] else None
        return Location(
            doc_id=span.doc_id, original_start=start, original_end=end, original_text=row["original"][start:end],
            page_start=bisect_right(pages, start) if pages else None,
            page_end=bisect_right(pages, max(start, end - 1)) if pages else None,
            source_path=row["original_path"], locator=row["locator"],
        )

    def tokens(self, span: Span) -> list[Token]:
        """Return the word tokens of a span, offsets in the document's normalised text.

        The segmenter is the project's ``text.segmenter``; jieba gets the codebook terms of the
        pack as its user dictionary, so a term such as 遛犬不牵绳 stays one token.
        """
        from tixi.coding.lexicon import lexicon_for

        words = lexicon_for(self.pack).terms if self.config.segmenter != "rjieba" else []
        choice = "jieba" if self.config.segmenter == "auto" and words else self.config.segmenter
        segmenter = make_segmenter(choice, words)
        return [Token(token.text, token.start + span.start, token.end + span.start) for token in segmenter.tokens(self.text(span))]

    def enclosing(self, span: Span, kind: str = "article") -> dict[str, Any] | None:
        """Return the innermost segment of ``kind`` that contains the span, as a dict, or None."""
        row = self.db.execute(
            "SELECT * FROM segments WHERE doc_id = ? AND kind = ? AND start <= ? AND end >= ? ORDER BY end - start LIMIT 1",
            (span.doc_id, kind, span.start, span.end),
        ).fetchone()
        return dict(row) if row else None

    # -- summaries and export -----------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """Return counts of documents by system, kind and level, and of articles."""
        def counts(column: str) -> dict[str, int]:
            query = f"SELECT COALESCE({column}, '(none)'), COUNT(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"
            return {str(key): int(value) for key, value in self.db.execute(query)}

        return {
            "documents": int(self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]),
            "characters": int(self.db.execute("SELECT COALESCE(SUM(chars), 0) FROM documents").fetchone()[0]),
            "by_system": counts("system"),
            "by_kind": counts("kind"),
            "by_level": counts("level"),
            "articles": int(self.db.execute("SELECT COUNT(*) FROM segments WHERE kind = 'article'").fetchone()[0]),
            "documents_with_articles": int(
                self.db.execute("SELECT COUNT(DISTINCT doc_id) FROM segments WHERE kind = 'article'").fetchone()[0]
            ),
        }

    def export_parquet(self, outdir: str | Path) -> list[Path]:
        """Write documents, texts and segments as Parquet files in ``outdir``; return their paths."""
        folder = Path(outdir)
        folder.mkdir(parents=True, exist_ok=True)
        documents = self.documents()
        documents["meta"] = [json.dumps(value, ensure_ascii=False, sort_keys=True) for value in documents["meta"]]
        texts = pd.read_sql_query("SELECT doc_id, normalized, original, normalizer FROM texts ORDER BY doc_id", self.db)
        segments = self.segments()
        segments["meta"] = [json.dumps(value, ensure_ascii=False, sort_keys=True) for value in segments["meta"]]
        written = []
        for name, frame in (("documents", documents), ("texts", texts), ("segments", segments)):
            target = folder / f"{name}.parquet"
            frame.to_parquet(target, index=False)
            written.append(target)
        return written


__all__ = ["Project", "segment_kind"]


def _bad(key: str, value: Any, systems: tuple[str, ...]) -> bool:
    from tixi.store.metadata import problem_with

    return problem_with(key, str(value), systems) is not None
