"""Precision, recall and F1 with 95% intervals from a bootstrap over documents.

Units (articles, codes) cluster in documents: articles of one regulation share its drafting, so the
interval resamples whole documents, as docs/labelling.md and the validation notes ask.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BOOTSTRAP = 1000
SEED = 0
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one document."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Figure:
    """A measured proportion with its 95% interval and the counts behind it."""

    value: float
    low: float
    high: float
    numerator: int
    denominator: int

    def text(self) -> str:
        """Return ``0.93 [0.88, 0.97] (n=120)`` (``–`` when there is nothing to measure)."""
        if self.denominator == 0:
            return "– (n=0)"
        return f"{self.value:.2f} [{self.low:.2f}, {self.high:.2f}] (n={self.denominator})"


def ratio(numerator: int, denominator: int) -> float:
    """Return numerator / denominator, NaN for 0/0."""
    return numerator / denominator if denominator else math.nan


def f1(counts: Counts) -> float:
    """Return F1 of counts, NaN when there is nothing to score."""
    total = 2 * counts.tp + counts.fp + counts.fn
    return 2 * counts.tp / total if total else math.nan


def _resamples(documents: Sequence[str], seed: int) -> Iterable[list[str]]:
    rng = random.Random(seed)
    for _ in range(BOOTSTRAP):
        yield [documents[rng.randrange(len(documents))] for _ in documents]


def percentile_interval(values: list[float]) -> tuple[float, float]:
    """Return the 2.5th and 97.5th percentiles of bootstrap ``values`` (NaN resamples left out; NaNs when all are)."""
    finite = sorted(value for value in values if not math.isnan(value))
    if not finite:
        return math.nan, math.nan
    return finite[int(0.025 * (len(finite) - 1))], finite[int(math.ceil(0.975 * (len(finite) - 1)))]


def prf(by_document: dict[str, Counts], seed: int = SEED) -> dict[str, Figure]:
    """Return precision, recall and F1 over documents' counts, each with a document bootstrap interval."""
    documents = sorted(by_document)
    total = sum(by_document.values(), Counts())
    samples: dict[str, list[float]] = {"precision": [], "recall": [], "f1": []}
    if documents:
        for sample in _resamples(documents, seed):
            counts = sum((by_document[doc] for doc in sample), Counts())
            samples["precision"].append(ratio(counts.tp, counts.tp + counts.fp))
            samples["recall"].append(ratio(counts.tp, counts.tp + counts.fn))
            samples["f1"].append(f1(counts))
    values = {"precision": (total.tp, total.tp + total.fp), "recall": (total.tp, total.tp + total.fn)}
    figures = {name: Figure(ratio(*pair), *percentile_interval(samples[name]), *pair) for name, pair in values.items()}
    figures["f1"] = Figure(f1(total), *percentile_interval(samples["f1"]), total.tp, total.tp + total.fp + total.fn)
    return figures


def accuracy(by_document: dict[str, tuple[int, int]], seed: int = SEED) -> Figure:
    """Return right / total over documents' (right, total), with a document bootstrap interval."""
    documents = sorted(by_document)
    right = sum(pair[0] for pair in by_document.values())
    total = sum(pair[1] for pair in by_document.values())
    values = []
    if documents:
        for sample in _resamples(documents, seed):
            r = sum(by_document[doc][0] for doc in sample)
            t = sum(by_document[doc][1] for doc in sample)
            values.append(ratio(r, t))
    return Figure(ratio(right, total), *percentile_interval(values), right, total)


def wilson_interval(successes: int, total: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion (95% by default)."""
    if total == 0:
        return 0.0, 1.0
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return max(0.0, centre - half), min(1.0, centre + half)
