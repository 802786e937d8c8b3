"""Find data-flow statements in a text: wide candidates from the pack, decided by the flow model.

Each article (or paragraph) is cut into sentences; numbered items carry the lead-in of their list.
A sentence that holds a pack anchor and a transfer or use verb is a candidate
(``tixi.flows.candidates``); the flow model (``tixi.flows.classifier``, trained on labelled
articles, shipped in the pack) gives each candidate calibrated probabilities of the four types
(docs/labelling.md): A civility records into credit, B credit information used in civility honours,
C linkage without data, W within one system. A candidate whose flow probability reaches the model's
threshold is a flow; its source, target and data come from its own sentence (``tixi.flows.fields``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tixi.flows.candidates import Candidate, CandidateCues, candidates_of
from tixi.flows.candidates import UnitSpan as Unit
from tixi.flows.features import DocumentKinds, Featurizer
from tixi.flows.fields import UNNAMED_ACTOR, FieldCues, read_fields
from tixi.flows.gazetteer import Gazetteer, load_gazetteer
from tixi.flows.model import Flow
from tixi.flows.types import TypeCues, flow_type, is_linkage
from tixi.learn.linear import LinearModel, load_model
from tixi.model import Span
from tixi.packs import Pack
from tixi.text.segment import segment_text

__all__ = ["UNNAMED_ACTOR", "BehaviourFinder", "FlowReader", "Unit", "extract_flows", "load_reader", "units_of"]

# A candidate is linkage without data (type C) when C is its most probable class at this probability.
LINKAGE_MIN = 0.5

BehaviourFinder = Callable[[str], list[str]]
# The flow model's classes: a candidate states no flow, a data flow (its type, A, B or W, comes from
# tixi.flows.types), or a linkage of the systems without data (C).
CLASSES = ("none", "flow", "C")
FLOW_CLASSES = ("flow",)


@dataclass
class FlowReader:
    """Everything that reads flows: the gazetteer, candidate cues, features, the model and clause markers."""

    gaz: Gazetteer
    cues: CandidateCues
    featurizer: Featurizer
    kinds: DocumentKinds
    fields: FieldCues
    types: TypeCues
    model: LinearModel | None
    digest: str = ""  # of the flows file: an edit without a version bump still re-reads the flows


    @property
    def label(self) -> str:
        """Return what is recorded with every flow: the gazetteer's label and the model's."""
        return f"{self.gaz.label}#{self.digest}+{self.model.label if self.model else 'no-model'}"

    def probabilities(self, candidates: Sequence[Candidate], title: str) -> list[dict[str, float]]:
        """Return each candidate's class probabilities (all "none" without a model)."""
        if self.model is None:
            return [{"none": 1.0} for _ in candidates]
        kind = self.kinds.of(title)
        rows = [self.featurizer.features(candidate, kind) for candidate in candidates]
        table = self.model.probabilities(rows)
        return [dict(zip(self.model.classes, (float(value) for value in row), strict=True)) for row in table]


def load_reader(pack: Pack, model: str | Path | LinearModel | None = None) -> FlowReader:
    """Return the flow reader of ``pack``, with its shipped model or the one given (a path or a model)."""
    gaz = load_gazetteer(pack)
    raw = pack.yaml(pack.named("flows", "flows.yaml"))
    candidates = raw.get("candidates") or {}
    kinds = {str(kind): tuple(str(word) for word in words) for kind, words in (raw.get("document_kinds") or {}).items()}
    if isinstance(model, LinearModel):
        chosen: LinearModel | None = model
    elif model is not None:
        chosen = load_model(model)
    else:
        name = pack.named("flows_model", "flows_model.json")
        chosen = load_model(pack.file(name)) if pack.has(name) else None
    digest = hashlib.sha256(pack.file(pack.named("flows", "flows.yaml")).read_bytes()).hexdigest()[:12]
    return FlowReader(gaz, CandidateCues(candidates.get("anchors", []), candidates.get("verbs", [])), Featurizer(gaz),
                      DocumentKinds(kinds), FieldCues.from_pack(raw), TypeCues.from_pack(raw.get("types") or {}), chosen, digest)


def units_of(text: str) -> list[Unit]:
    """Return the articles of ``text`` (or its paragraphs when it has none), in order."""
    segments = segment_text(text, sentences=False)
    articles = [s for s in segments if s.kind == "article"]
    chosen = articles or [s for s in segments if s.kind == "paragraph"]
    ordered = sorted(chosen, key=lambda s: s.start)
    return [Unit(s.label or f"¶{index + 1}", s.start, s.end) for index, s in enumerate(ordered)]


def extract_flows(
    doc_id: str,
    text: str,
    units: Iterable[Unit],
    reader: FlowReader,
    *,
    title: str = "",
    behaviours: BehaviourFinder | None = None,
) -> list[Flow]:
    """Return the flows (and linkage statements, type C) of ``units`` of ``text``, in text order."""
    candidates = candidates_of(text, list(units), reader.cues)
    return decide_all(doc_id, candidates, reader.probabilities(candidates, title), reader, behaviours, reader.kinds.of(title))


def decide_all(doc_id: str, candidates: Sequence[Candidate], probabilities: Sequence[dict[str, float]], reader: FlowReader,
               behaviours: BehaviourFinder | None = None, doc_kind: str = "other") -> list[Flow]:
    """Return the flows of candidates in text order; an item is a flow when the lead-in of its list is.

    A list 「对守信主体采取下列激励措施：（一）…（六）评优评先中优先」 states its flow in the lead-in and
    what flows where in each item, so each item is read (and typed) as a flow of its own.
    """
    flows: list[Flow] = []
    lead_in_probability: dict[tuple[str, str], float] = {}
    for candidate, row in zip(candidates, probabilities, strict=True):
        if not candidate.item:
            lead_in_probability[(candidate.unit, candidate.text.rstrip())] = sum(row.get(kind, 0.0) for kind in FLOW_CLASSES)
        elif candidate.lead_in:
            inherited = lead_in_probability.get((candidate.unit, candidate.lead_in), 0.0)
            if inherited > sum(row.get(kind, 0.0) for kind in FLOW_CLASSES):
                row = {**row, FLOW_CLASSES[0]: inherited}
        flow = decide(doc_id, candidate, row, reader, behaviours, doc_kind)
        if flow is not None:
            flows.append(flow)
    return flows


def decide(doc_id: str, candidate: Candidate, probabilities: dict[str, float], reader: FlowReader,
           behaviours: BehaviourFinder | None = None, doc_kind: str = "other") -> Flow | None:
    """Return the flow a candidate states given its class probabilities, or None."""
    flow_probability = sum(probabilities.get(kind, 0.0) for kind in FLOW_CLASSES)
    threshold = reader.model.threshold if reader.model else 1.0
    linkage = probabilities.get("C", 0.0)
    if flow_probability >= threshold:
        kind, direction = flow_type(candidate, reader.types, doc_kind)
        confidence = flow_probability
    elif (linkage >= LINKAGE_MIN and linkage == max(probabilities.values())) or is_linkage(candidate, reader.types):
        kind, direction, confidence = "C", "linkage", max(linkage, 1.0 - flow_probability)
    else:
        return None
    fields = read_fields(candidate, reader.featurizer, kind, reader.fields)
    return Flow(
        source=fields.source, target=fields.target, data=fields.data,
        behaviour=tuple(sorted(set(behaviours(candidate.text)))) if behaviours else (),
        modality=fields.modality, direction=direction, span=Span(doc_id, candidate.start + fields.start, candidate.start + fields.end),
        rule=reader.model.label if reader.model else "", confidence=round(confidence, 4), unit=candidate.unit,
        by_reference=any(pattern.search(candidate.text) for pattern in reader.gaz.by_reference),
        type=kind, source_text=fields.source_text, target_text=fields.target_text, data_text=fields.data_text,
    )
