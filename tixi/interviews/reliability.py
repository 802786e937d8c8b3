"""Inter-coder reliability: percent agreement, Cohen's kappa and Krippendorff's alpha.

Reliability data are a coders × units matrix; a missing value is ``None`` or NaN. Alpha is
computed from the coincidence matrix (Krippendorff, "Computing Krippendorff's
Alpha-Reliability", 2011) for nominal, ordinal, interval and ratio data.

For coded text there are no given units, so the units are made from the text
(``char_units``, ``segment_units``): every character, or every turn, of the documents in
scope is one unit per code, valued 1 when a coder's coding of that code covers (or
overlaps) it and 0 otherwise. That is the binary, per-code comparison NVivo and QualCoder
report at character level, here with alpha beside kappa.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt

LEVELS = ("nominal", "ordinal", "interval", "ratio")

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CodedSpan:
    """One coding, reduced to what reliability needs."""

    doc_id: str
    start: int
    end: int
    code: str
    coder: str


def _as_matrix(data: Sequence[Sequence[float | int | None]] | FloatArray) -> FloatArray:
    """Return reliability data as a float matrix with NaN for missing values."""
    rows = [[math.nan if value is None else float(value) for value in row] for row in np.asarray(data, dtype=object)]
    matrix = np.asarray(rows, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError("reliability data must be a coders × units matrix")
    return matrix


def value_counts(data: Sequence[Sequence[float | int | None]] | FloatArray) -> tuple[FloatArray, FloatArray]:
    """Return the sorted distinct values and a units × values matrix of how many coders gave each."""
    matrix = _as_matrix(data)
    present = matrix[~np.isnan(matrix)]
    values = np.unique(present)
    counts = np.zeros((matrix.shape[1], len(values)), dtype=np.float64)
    for index, value in enumerate(values):
        counts[:, index] = (matrix == value).sum(axis=0)
    return values, counts


def _distances(values: FloatArray, totals: FloatArray, level: str) -> FloatArray:
    """Return the squared difference function delta² between every pair of values."""
    column, row = np.meshgrid(values, values)
    if level == "nominal":
        return np.asarray(row != column, dtype=np.float64)
    if level == "interval":
        return np.asarray((row - column) ** 2, dtype=np.float64)
    if level == "ratio":
        sums = row + column
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(sums == 0, 0.0, (row - column) / sums)
        return np.asarray(ratio**2, dtype=np.float64)
    if level == "ordinal":
        cumulative = np.concatenate([[0.0], np.cumsum(totals)])
        size = len(values)
        first, second = np.meshgrid(np.arange(size), np.arange(size))
        low, high = np.minimum(first, second), np.maximum(first, second)
        between = cumulative[high + 1] - cumulative[low]  # n_g summed over g = low … high
        return np.asarray((between - (totals[low] + totals[high]) / 2) ** 2, dtype=np.float64)
    raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")


def coincidences(counts: FloatArray) -> FloatArray:
    """Return the values × values coincidence matrix of units × values counts (pairable units only)."""
    pairable = counts.sum(axis=1)
    keep = pairable >= 2
    counts = counts[keep]
    scale = 1.0 / (pairable[keep] - 1.0)
    scaled = counts * scale[:, None]
    matrix: FloatArray = scaled.T @ counts - np.diag(scaled.sum(axis=0))
    return matrix


def alpha_from_counts(counts: FloatArray, values: FloatArray, level: str = "nominal") -> float:
    """Return Krippendorff's alpha of units × values counts; NaN when it is undefined (one value only)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    observed = coincidences(np.asarray(counts, dtype=np.float64))
    totals = observed.sum(axis=1)
    total = totals.sum()
    if total <= 1:
        return math.nan
    delta = _distances(np.asarray(values, dtype=np.float64), totals, level)
    disagreement_observed = float((observed * delta).sum())
    disagreement_expected = float((np.outer(totals, totals) * delta).sum()) / (total - 1)
    if disagreement_expected == 0:
        return math.nan
    return float(1.0 - disagreement_observed / disagreement_expected)


def krippendorff_alpha(data: Sequence[Sequence[float | int | None]] | FloatArray, level: str = "nominal") -> float:
    """Return Krippendorff's alpha of coders × units reliability data (None or NaN = missing)."""
    values, counts = value_counts(data)
    return alpha_from_counts(counts, values, level)


def percent_agreement(data: Sequence[Sequence[float | int | None]] | FloatArray) -> float:
    """Return the share of agreeing pairs of values within units (two coders: share of units agreed)."""
    _, counts = value_counts(data)
    pairable = counts.sum(axis=1)
    counts, pairable = counts[pairable >= 2], pairable[pairable >= 2]
    pairs = float((pairable * (pairable - 1)).sum())
    if pairs == 0:
        return math.nan
    return float((counts * (counts - 1)).sum()) / pairs


def cohen_kappa(first: Sequence[float | int | None], second: Sequence[float | int | None]) -> float:
    """Return Cohen's kappa of two coders over the units both coded; NaN when chance agreement is 1."""
    matrix = _as_matrix([list(first), list(second)])
    both = ~np.isnan(matrix).any(axis=0)
    a, b = matrix[0, both], matrix[1, both]
    if len(a) == 0:
        return math.nan
    observed = float((a == b).mean())
    values = np.unique(np.concatenate([a, b]))
    expected = float(sum((a == value).mean() * (b == value).mean() for value in values))
    if expected == 1.0:
        return math.nan
    return (observed - expected) / (1.0 - expected)


def mean_pairwise_kappa(data: Sequence[Sequence[float | int | None]] | FloatArray) -> float:
    """Return Cohen's kappa for two coders, or its mean over all pairs of coders (Light's kappa)."""
    matrix = _as_matrix(data)
    kappas = [cohen_kappa(list(matrix[i]), list(matrix[j])) for i, j in combinations(range(len(matrix)), 2)]
    defined = [value for value in kappas if not math.isnan(value)]
    return float(np.mean(defined)) if defined else math.nan


# -- units made from coded text ----------------------------------------------------------------


def char_units(lengths: dict[str, int], spans: Iterable[CodedSpan], coders: Sequence[str], code: str) -> FloatArray:
    """Return coders × characters 0/1: whether each coder coded each character of the documents with code."""
    offsets: dict[str, int] = {}
    position = 0
    for doc_id in sorted(lengths):
        offsets[doc_id] = position
        position += lengths[doc_id]
    matrix = np.zeros((len(coders), position), dtype=np.float64)
    row_of = {coder: row for row, coder in enumerate(coders)}
    for span in spans:
        if span.code != code or span.coder not in row_of or span.doc_id not in offsets:
            continue
        base = offsets[span.doc_id]
        matrix[row_of[span.coder], base + span.start : base + min(span.end, lengths[span.doc_id])] = 1.0
    return matrix


def segment_units(segments: Sequence[tuple[str, int, int]], spans: Iterable[CodedSpan], coders: Sequence[str], code: str) -> FloatArray:
    """Return coders × segments 0/1: whether each coder coded code anywhere within (overlapping) each segment."""
    matrix = np.zeros((len(coders), len(segments)), dtype=np.float64)
    row_of = {coder: row for row, coder in enumerate(coders)}
    by_doc: dict[str, list[tuple[int, int, int]]] = {}
    for index, (doc_id, start, end) in enumerate(segments):
        by_doc.setdefault(doc_id, []).append((start, end, index))
    for span in spans:
        if span.code != code or span.coder not in row_of:
            continue
        for start, end, index in by_doc.get(span.doc_id, []):
            if span.start < end and start < span.end:
                matrix[row_of[span.coder], index] = 1.0
    return matrix


@dataclass(frozen=True)
class Agreement:
    """Agreement statistics of one binary coders × units matrix."""

    units: int
    coded_by_any: int
    coded_by_all: int
    percent_agreement: float
    cohen_kappa: float
    krippendorff_alpha: float


def binary_agreement(matrix: FloatArray) -> Agreement:
    """Return the statistics of a coders × units 0/1 matrix with no missing values."""
    coders, units = matrix.shape
    ones = matrix.sum(axis=0)
    counts = np.stack([coders - ones, ones], axis=1)
    values = np.asarray([0.0, 1.0])
    agreed = int(((ones == 0) | (ones == coders)).sum())
    return Agreement(
        units=units,
        coded_by_any=int((ones > 0).sum()),
        coded_by_all=int((ones == coders).sum()),
        percent_agreement=agreed / units if units else math.nan,
        cohen_kappa=_binary_kappa(matrix),
        krippendorff_alpha=alpha_from_counts(counts, values, "nominal") if units else math.nan,
    )


def _binary_kappa(matrix: FloatArray) -> float:
    """Return Cohen's kappa (mean over pairs of coders) of a 0/1 matrix, counting instead of comparing values."""
    kappas = []
    units = matrix.shape[1]
    if units == 0:
        return math.nan
    for i, j in combinations(range(matrix.shape[0]), 2):
        a, b = matrix[i], matrix[j]
        both = float((a * b).sum())
        neither = float(((1 - a) * (1 - b)).sum())
        observed = (both + neither) / units
        pa, pb = float(a.mean()), float(b.mean())
        expected = pa * pb + (1 - pa) * (1 - pb)
        kappas.append(math.nan if expected == 1.0 else (observed - expected) / (1.0 - expected))
    defined = [value for value in kappas if not math.isnan(value)]
    return float(np.mean(defined)) if defined else math.nan
