"""Units of a flow validation sample: every candidate sentence with its flow probability, and the
articles with no candidate at all (the zero stratum: does the article state a flow nonetheless?)."""

from __future__ import annotations

import random
import sqlite3

from tixi.flows.candidates import candidates_of
from tixi.flows.extract import FLOW_CLASSES, FlowReader, decide_all
from tixi.flows.store import document_units
from tixi.validation.sampling import Unit, ZeroSampler

QUOTE_CHARS = 400


def flow_units(db: sqlite3.Connection, reader: FlowReader) -> tuple[list[Unit], float, tuple[int, ZeroSampler]]:
    """Return the scored candidate units, the model's threshold, and the zero stratum (size, sampler)."""
    units: list[Unit] = []
    empty: list[Unit] = []
    threshold = reader.model.threshold if reader.model else 1.0
    documents = db.execute("SELECT t.doc_id, d.title FROM texts t JOIN documents d ON d.id = t.doc_id ORDER BY t.doc_id").fetchall()
    for document in documents:
        doc_id, title = document["doc_id"], document["title"] or ""
        text = db.execute("SELECT normalized FROM texts WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        spans = document_units(db, doc_id, text)
        candidates = candidates_of(text, spans, reader.cues)
        probabilities = reader.probabilities(candidates, title)
        flows = {(flow.unit, flow.span.start): flow for flow in decide_all(doc_id, candidates, probabilities, reader, None, reader.kinds.of(title))
                 if flow.type != "C"}
        with_candidates = {candidate.unit for candidate in candidates}
        for candidate, row in zip(candidates, probabilities, strict=True):
            found = next((flow for (unit, start), flow in flows.items() if unit == candidate.unit and candidate.start <= start < candidate.end), None)
            score = found.confidence if found else sum(row.get(kind, 0.0) for kind in FLOW_CLASSES)
            predicted = (f"{found.type} {found.direction}: {found.source_text} → {found.target_text} ({found.data_text})" if found else "")
            units.append(Unit(doc_id, title, candidate.unit, "", float(score), found is not None, predicted, candidate.text[:QUOTE_CHARS]))
        for span in spans:
            if span.label not in with_candidates:
                empty.append(Unit(doc_id, title, span.label, "", 0.0, False, "", text[span.start:span.end][:QUOTE_CHARS]))

    def sampler(count: int, rng: random.Random) -> list[Unit]:
        return rng.sample(empty, min(count, len(empty)))

    return units, threshold, (len(empty), sampler)
