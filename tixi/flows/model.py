"""The Flow record: who sends what, where, how, and the passage that says so."""

from __future__ import annotations

from dataclasses import dataclass

from tixi.model import FLOW_TYPES, Span

__all__ = ["FLOW_TYPES", "MODALITIES", "TENSION_PARTS", "Flow"]

MODALITIES = ("collect", "share", "record", "list", "reward", "punish", "repair", "check")
# The parts of `tixi tension`.
TENSION_PARTS = ("conflation", "timeline", "scope", "reprimand")


@dataclass(frozen=True)
class Flow:
    """One data-sharing statement: ``source`` → ``target`` with ``data``, stated by ``span``.

    ``source`` and ``target`` are gazetteer labels (an actor, or a platform, record, list, score,
    honour), or the words of the sentence when no gazetteer entry names them; ``data`` is the
    data-category label or the words; ``behaviour`` lists behaviour code ids found in the clause
    (empty when the coding lexicon is not available); ``span`` covers the clause that states the
    flow; ``unit`` is the article (or paragraph) label; ``confidence`` is the model's calibrated
    probability; ``type`` is A, B, C or W (docs/labelling.md); the ``*_text`` fields are the words
    the sentence uses.
    """

    source: str
    target: str
    data: str
    behaviour: tuple[str, ...]
    modality: str
    direction: str
    span: Span
    rule: str
    confidence: float
    unit: str = ""
    by_reference: bool = False
    type: str = ""
    source_text: str = ""
    target_text: str = ""
    data_text: str = ""
