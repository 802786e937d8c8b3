"""Flows in the project database: extracted once per (text hash, extractor), read back as a DataFrame."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping

import pandas as pd

from tixi.coding.lexicon import find_codes
from tixi.errors import TixiError
from tixi.flows.extract import BehaviourFinder, FlowReader, Unit, extract_flows, units_of
from tixi.flows.model import Flow
from tixi.packs import Pack
from tixi.progress import Progress
from tixi.store.db import now, transaction

FLOW_COLUMNS = [
    "doc_id", "title", "system", "place", "level", "date", "unit", "quote", "source", "target", "data",
    "behaviour", "modality", "direction", "type", "source_text", "target_text", "data_text", "rule", "confidence",
    "by_reference", "start", "end",
]


def behaviour_finder(pack: Pack) -> BehaviourFinder | None:
    """Return a function giving behaviour code ids of a text (the coding lexicon), or None if the pack's codebook cannot be read."""
    try:
        find_codes("", pack)
    except TixiError:  # a broken codebook: flows are still read, without behaviour codes
        return None
    return lambda text: [hit.code_id for hit in find_codes(text, pack)]


def update_flows(db: sqlite3.Connection, reader: FlowReader, behaviours: BehaviourFinder | None, progress: Progress | None = None,
                 extracted: Mapping[str, list[Flow]] | None = None) -> int:
    """Extract flows of documents whose text or extractor changed since the last run; return how many were redone.

    Texts are read one at a time, so memory stays bounded on a large corpus. ``extracted`` holds
    flows already extracted elsewhere (Dask workers, ``tixi.cluster``) by document id, with this
    reader: those are stored as they are instead of being extracted again.
    """
    extractor = reader.label + ("+codes" if behaviours else "")
    done = {row["doc_id"]: (row["text_hash"], row["extractor"]) for row in db.execute("SELECT * FROM flow_runs")}
    documents = db.execute("SELECT t.doc_id, d.system, d.title FROM texts t JOIN documents d ON d.id = t.doc_id ORDER BY t.doc_id").fetchall()
    if progress:
        progress.start(len(documents), "data flows")
    redone = 0
    for document in documents:
        text = db.execute("SELECT normalized FROM texts WHERE doc_id = ?", (document["doc_id"],)).fetchone()[0]
        text_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if done.get(document["doc_id"]) != (text_hash, extractor):
            units = document_units(db, document["doc_id"], text)
            if extracted is not None and document["doc_id"] in extracted:
                flows = extracted[document["doc_id"]]
            else:
                flows = extract_flows(document["doc_id"], text, units, reader, title=document["title"] or "", behaviours=behaviours)
            _store(db, document["doc_id"], text_hash, extractor, flows)
            redone += 1
        if progress:
            progress.advance()
    if progress:
        progress.finish()
    return redone


def stale_documents(db: sqlite3.Connection, reader: FlowReader, behaviours: bool) -> int:
    """Return how many documents' stored flows are missing or were read from another text, pack or model."""
    return len(stale_document_ids(db, reader, behaviours))


def stale_document_ids(db: sqlite3.Connection, reader: FlowReader, behaviours: bool) -> list[str]:
    """Return the ids (in id order) of the documents whose stored flows are missing or were read from another text, pack or model."""
    extractor = reader.label + ("+codes" if behaviours else "")
    done = {row["doc_id"]: (row["text_hash"], row["extractor"]) for row in db.execute("SELECT * FROM flow_runs")}
    stale = []
    for row in db.execute("SELECT doc_id, normalized FROM texts ORDER BY doc_id"):
        digest = hashlib.sha256(row["normalized"].encode("utf-8")).hexdigest()
        if done.get(row["doc_id"]) != (digest, extractor):
            stale.append(str(row["doc_id"]))
    return stale


def document_units(db: sqlite3.Connection, doc_id: str, text: str) -> list[Unit]:
    """Return the units of a document: its stored articles, else its stored paragraphs, else those of ``text``."""
    for kind in ("article", "paragraph"):
        found = db.execute("SELECT label, start, end FROM segments WHERE doc_id = ? AND kind = ? ORDER BY start, id", (doc_id, kind)).fetchall()
        if found:
            return [Unit(row["label"] or f"¶{index + 1}", row["start"], row["end"]) for index, row in enumerate(found)]
    return units_of(text)


def _store(db: sqlite3.Connection, doc_id: str, text_hash: str, extractor: str, flows: list[Flow]) -> None:
    with transaction(db):
        db.execute("DELETE FROM flows WHERE doc_id = ?", (doc_id,))
        db.executemany(
            "INSERT INTO flows (doc_id, unit, start, end, source, target, data, behaviour, modality, direction, rule, "
            "confidence, by_reference, extractor, type, source_text, target_text, data_text) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, f.unit, f.span.start, f.span.end, f.source, f.target, f.data, ",".join(f.behaviour), f.modality,
              f.direction, f.rule, f.confidence, int(f.by_reference), extractor, f.type, f.source_text, f.target_text,
              f.data_text) for f in flows],
        )
        db.execute("INSERT OR REPLACE INTO flow_runs (doc_id, text_hash, extractor, flows, run_at) VALUES (?, ?, ?, ?, ?)",
                   (doc_id, text_hash, extractor, len(flows), now()))


def read_flows(db: sqlite3.Connection, system: str | None = None, *, linkage: bool = False) -> pd.DataFrame:
    """Return stored flows with their document's metadata and the quoted clause, sorted by document and offset.

    Linkage statements (type C: the systems tied together with no data moving) are left out unless
    ``linkage`` is true.
    """
    query = (
        "SELECT f.*, d.title, d.system, d.place, d.level, d.date, substr(t.normalized, f.start + 1, f.end - f.start) AS quote "
        "FROM flows f JOIN documents d ON d.id = f.doc_id JOIN texts t ON t.doc_id = f.doc_id"
    )
    params: list[str] = []
    conditions = [] if linkage else ["f.type != 'C'"]
    if system is not None:
        conditions.append("d.system = ?")
        params.append(system)
    if conditions:
        query += " WHERE " + " AND ".join(conditions)
    query += " ORDER BY f.doc_id, f.start, f.modality, f.target, f.source"
    frame = pd.read_sql_query(query, db, params=params)
    frame["by_reference"] = frame["by_reference"].astype(bool)
    frame["quote"] = [text.strip() for text in frame["quote"]]
    return frame[FLOW_COLUMNS].reset_index(drop=True)
