"""What a Dask worker runs: one stage's per-document work over one partition, written as Parquet.

Every function here takes plain data (texts, offsets, names) and the path to write, builds what
it needs from the pack by name, and returns the path: a worker never opens the project database.
Results travel as JSON payloads; ``*_from_json`` turn them back into the objects local runs make.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import numpy as np

from tixi.cluster.partitions import write_results
from tixi.coding.autocode import AutoCoding
from tixi.errors import ReadError
from tixi.flows.extract import Unit
from tixi.flows.model import Flow
from tixi.ingest.base import ReadProblem
from tixi.model import Segment, Span
from tixi.reuse.candidates import DocumentKeys
from tixi.reuse.settings import ReuseSettings
from tixi.store.add import AddRequest, prepare_document
from tixi.store.documents import NewDocument
from tixi.text.normalize import Normalized, OffsetMap


def read_rows(path: str, request: AddRequest, source_hash: str, start: int, stop: int | None, out: str) -> str:
    """Read records ``start .. stop - 1`` (to the end when ``stop`` is None) of a table corpus, normalise and segment each; write them to ``out``.

    A file damaged or cut short at a record of this range is reported there as a problem row, as
    `tixi add` skips it; every partition reads from the start (passing over the records before its
    range unprepared), so only the one whose range holds the damage reports it.
    """
    import tixi.ingest as ingest

    rows: list[tuple[str, Any]] = []
    reached = 0   # the index of the record being read
    # The records before ``start`` come as SKIPPED from the reader, not prepared (ReadOptions.skip).
    options = replace(request.options, skip=start)
    try:
        for index, item in enumerate(ingest.read(Path(path), options)):
            reached = index
            if stop is not None and index >= stop:
                break
            if index < start:
                continue
            if isinstance(item, ReadProblem):
                rows.append(("problem", {"path": item.path, "reason": item.reason, "locator": item.locator}))
            else:
                rows.append(("document", document_to_json(prepare_document(Path(path), source_hash, item, request))))
            reached = index + 1
    except ReadError as error:
        if start <= reached and (stop is None or reached < stop):
            rows.append(("problem", {"path": path, "reason": error.reason, "locator": error.locator}))
    return str(write_results(Path(out), rows))


def document_to_json(new: NewDocument) -> dict[str, Any]:
    """Return a prepared document as JSON-ready data."""
    return {
        "id": new.id, "source_hash": new.source_hash, "locator": new.locator, "format": new.format, "encoding": new.encoding,
        "fields": new.fields, "meta": new.meta, "warnings": new.warnings, "original": new.original,
        "normalized": {"text": new.normalized.text, "offsets": new.normalized.offsets.to_json(), "converter": new.normalized.converter},
        "pages": new.pages, "segments": [asdict(segment) for segment in new.segments],
    }


def document_from_json(data: dict[str, Any]) -> NewDocument:
    """Return the prepared document ``document_to_json`` wrote."""
    normalized = data["normalized"]
    return NewDocument(
        id=data["id"], source_hash=data["source_hash"], locator=data["locator"], format=data["format"], encoding=data["encoding"],
        fields=data["fields"], meta=data["meta"], warnings=list(data["warnings"]), original=data["original"],
        normalized=Normalized(normalized["text"], OffsetMap.from_json(normalized["offsets"]), normalized["converter"]),
        pages=data["pages"], segments=[Segment(**segment) for segment in data["segments"]],
    )


def code_rows(pack_name: str, root: str, documents: list[tuple[str, str | None, str, str]], out: str) -> str:
    """Code each (doc_id, kind, title, text) as ``tixi code`` does; write the codings to ``out``."""
    from tixi.coding.autocode import code_text, coding_model
    from tixi.coding.lexicon import lexicon_for
    from tixi.coding.polarity import load_rules
    from tixi.packs import load_pack

    pack = load_pack(pack_name)
    lexicon, rules, model = lexicon_for(pack), load_rules(pack), coding_model(pack, Path(root))
    rows = [(doc_id, [asdict(coding) for coding in code_text(text, lexicon, rules, kind, model, title)])
            for doc_id, kind, title, text in documents]
    return str(write_results(Path(out), rows))


def codings_from_json(payload: list[dict[str, Any]]) -> list[AutoCoding]:
    """Return the codings ``code_rows`` wrote."""
    return [AutoCoding(**coding) for coding in payload]


def flow_rows(pack_name: str, model: str | None, documents: list[tuple[str, str, str, list[tuple[str, int, int]]]], out: str) -> str:
    """Extract the flows of each (doc_id, title, text, units) as ``tixi flows`` does; write them to ``out``."""
    from tixi.flows.extract import extract_flows, load_reader
    from tixi.flows.store import behaviour_finder
    from tixi.packs import load_pack

    pack = load_pack(pack_name)
    reader, behaviours = load_reader(pack, model), behaviour_finder(pack)
    rows = []
    for doc_id, title, text, units in documents:
        flows = extract_flows(doc_id, text, [Unit(*unit) for unit in units], reader, title=title, behaviours=behaviours)
        rows.append((doc_id, [asdict(flow) for flow in flows]))
    return str(write_results(Path(out), rows))


def flows_from_json(payload: list[dict[str, Any]]) -> list[Flow]:
    """Return the flows ``flow_rows`` wrote."""
    return [Flow(**{**flow, "span": Span(**flow["span"]), "behaviour": tuple(flow["behaviour"])}) for flow in payload]


def key_rows(settings: ReuseSettings, documents: list[tuple[str, str]], out: str) -> str:
    """Compute the reuse LSH keys of each (doc_id, text); write them to ``out``."""
    rows = []
    for doc_id, text in documents:
        keys = DocumentKeys.of(text, settings)
        rows.append((doc_id, {"bands": [band.tolist() for band in keys.bands], "signature": keys.signature.tolist()}))
    return str(write_results(Path(out), rows))


def keys_from_json(payload: dict[str, Any]) -> DocumentKeys:
    """Return the keys ``key_rows`` wrote."""
    return DocumentKeys([np.array(band, dtype=np.uint64) for band in payload["bands"]], np.array(payload["signature"], dtype=np.uint64))
