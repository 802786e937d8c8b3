"""Score flow predictions against labelled articles: articles, types, direction and fields.

Each measure is counted per document, so its interval can resample documents
(``tixi.validation.metrics``). A labelled flow is *found* when a predicted flow of the same article
overlaps its quote (else, when its quote was not found in the text, any predicted flow of the
article); direction and fields are scored on found flows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tixi.flows.model import Flow
from tixi.model import DATA_FLOW_TYPES
from tixi.validation.labels import Article, GoldFlow
from tixi.validation.metrics import Counts, Figure, accuracy, prf

UNNAMED = {"(not named)", "(actor not named)", "(implicit)", ""}
# The naive baseline of the issue: a credit word near a recording or transfer verb, within one sentence.
BASELINE = re.compile(r"(信用|失信|守信)[^。；\n]{0,30}(记录|纳入|归集|记入|录入|共享|推送|报送|公示)|"
                      r"(记录|纳入|归集|记入|录入|共享|推送|报送)[^。；\n]{0,30}(信用|失信|守信)")


@dataclass(frozen=True)
class FlowScores:
    """The flow figures of one evaluation."""

    article: dict[str, Figure]  # any data flow (A, B or W) in the article
    article_ab: dict[str, Figure]  # a flow of type A or B
    by_type: dict[str, dict[str, Figure]]  # A, B, C, W
    direction: Figure
    fields: dict[str, Figure]  # source, target, data


def baseline_predictions(articles: Sequence[Article]) -> dict[str, set[str]]:
    """Return the keyword baseline's article predictions: {"A", "B", "W"} (untyped) where it fires, else empty."""
    return {article.key: (set(DATA_FLOW_TYPES) if BASELINE.search(article.text) else set()) for article in articles}


def predicted_types(flows: Mapping[str, Sequence[Flow]]) -> dict[str, set[str]]:
    """Return the set of predicted types per article key."""
    return {key: {flow.type for flow in found} for key, found in flows.items()}


def _article_counts(articles: Sequence[Article], predicted: Mapping[str, set[str]], gold_of: Callable[[Article], bool],
                    predicted_of: Callable[[set[str]], bool]) -> dict[str, Counts]:
    counts: dict[str, Counts] = {}
    for article in articles:
        gold, guess = gold_of(article), predicted_of(predicted.get(article.key, set()))
        counts[article.doc] = counts.get(article.doc, Counts()) + Counts(int(gold and guess), int(guess and not gold), int(gold and not guess))
    return counts


def article_scores(articles: Sequence[Article], predicted: Mapping[str, set[str]]) -> tuple[dict[str, Figure], dict[str, Figure], dict[str, dict[str, Figure]]]:
    """Return article-level figures: any data flow, types A or B, and each type."""
    anyflow = prf(_article_counts(articles, predicted, lambda a: bool(a.flow_types & DATA_FLOW_TYPES), lambda p: bool(p & DATA_FLOW_TYPES)))
    ab = prf(_article_counts(articles, predicted, lambda a: bool(a.flow_types & {"A", "B"}), lambda p: bool(p & {"A", "B"})))
    by_type = {kind: prf(_article_counts(articles, predicted, lambda a, k=kind: k in a.flow_types, lambda p, k=kind: k in p))  # type: ignore[misc]
               for kind in ("A", "B", "C", "W")}
    return anyflow, ab, by_type


def same_words(gold: str, found: str) -> bool:
    """Return whether a labelled field and a found one name the same thing (equal, or one holds the other)."""
    gold, found = gold.strip(), found.strip()
    if gold in UNNAMED or found in UNNAMED:
        return (gold in UNNAMED) == (found in UNNAMED)
    return gold in found or found in gold


def _match(gold: GoldFlow, flows: Sequence[Flow], offset: int) -> Flow | None:
    candidates = [flow for flow in flows if flow.type in DATA_FLOW_TYPES]
    if gold.start >= 0:
        overlapping = [flow for flow in candidates if flow.span.start - offset < gold.end and gold.start < flow.span.end - offset]
        if overlapping:
            return next((flow for flow in overlapping if flow.type == gold.type), overlapping[0])
        return None
    return candidates[0] if candidates else None


def flow_scores(articles: Sequence[Article], flows: Mapping[str, Sequence[Flow]], offsets: Mapping[str, int] | None = None) -> FlowScores:
    """Return every flow figure of predicted ``flows`` (by article key) against the labelled ``articles``.

    ``offsets`` gives, per article key, where the article starts in the text the flows' spans refer to
    (0 when flows were read from the article text alone).
    """
    anyflow, ab, by_type = article_scores(articles, predicted_types(flows))
    direction: dict[str, tuple[int, int]] = {}
    fields: dict[str, dict[str, tuple[int, int]]] = {"source": {}, "target": {}, "data": {}}
    for article in articles:
        offset = (offsets or {}).get(article.key, 0)
        for gold in article.flows:
            if gold.type not in DATA_FLOW_TYPES:
                continue
            found = _match(gold, flows.get(article.key, []), offset)
            if found is None:
                continue
            right, total = direction.get(article.doc, (0, 0))
            direction[article.doc] = (right + int(found.direction == gold.direction), total + 1)
            for name, gold_value, found_value in (("source", gold.source, found.source_text),
                                                  ("target", gold.target, found.target_text), ("data", gold.data, found.data_text)):
                right, total = fields[name].get(article.doc, (0, 0))
                fields[name][article.doc] = (right + int(same_words(gold_value, found_value)), total + 1)
    return FlowScores(anyflow, ab, by_type, accuracy(direction), {name: accuracy(values) for name, values in fields.items()})


def baseline_flow_scores(articles: Sequence[Article]) -> FlowScores:
    """Return the keyword baseline's figures (article level only: it names no type, direction or field)."""
    anyflow, ab, by_type = article_scores(articles, baseline_predictions(articles))
    nothing = Figure(float("nan"), float("nan"), float("nan"), 0, 0)
    return FlowScores(anyflow, ab, by_type, nothing, {"source": nothing, "target": nothing, "data": nothing})
