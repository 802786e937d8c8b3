"""Validation samples that estimate recall as well as precision (issue 10).

Units are drawn from every stratum of the model's score, not only from what was coded: articles
with no candidate at all (score 0), candidates below the threshold, and coded units near and far
above it. A person marks each unit right or wrong; each stratum's share of positives, weighted by
the stratum's size (Horvitz–Thompson), estimates how many true units were coded and how many were
missed, so precision *and* recall come with intervals (a bootstrap that resamples the marked units
within each stratum). ``order="uncertain"`` lists the units whose score is nearest the threshold
first: the marks that teach a retrained model most.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from tixi.errors import InputError
from tixi.validation.metrics import BOOTSTRAP, percentile_interval, wilson_interval

YES = {"y", "yes", "1", "true", "是", "对"}
NO = {"n", "no", "0", "false", "否", "错"}
NO_CANDIDATE = "0: no candidate"
SAMPLE_FIELDS = ["sample_id", "task", "stratum", "stratum_size", "score", "coded", "doc_id", "title", "unit", "code_id",
                 "predicted", "quote", "correct", "polarity_correct", "source_correct", "target_correct", "data_correct",
                 "direction_correct"]


@dataclass(frozen=True)
class Unit:
    """One unit a person can mark: where it is, what the model said, and its score."""

    doc_id: str
    title: str
    unit: str
    code_id: str  # the code (codes task) or "" (flows task)
    score: float
    coded: bool
    predicted: str  # polarity, or "type direction: source → target (data)" for a flow
    quote: str


def stratum_of(unit: Unit, threshold: float) -> str:
    """Return the score stratum of a unit: no candidate, below half the threshold, below it, coded, coded above 0.8."""
    if unit.score <= 0.0 and not unit.coded:
        return NO_CANDIDATE
    if not unit.coded:
        return "1: below threshold/2" if unit.score < threshold / 2 else "2: below threshold"
    return "3: coded" if unit.score < max(threshold, 0.8) else "4: coded, score >= 0.8"


ZeroSampler = Callable[[int, random.Random], list[Unit]]


def draw(units: Sequence[Unit], threshold: float, n: int, *, seed: int = 0, order: str = "random", task: str = "codes",
         zero: tuple[int, ZeroSampler] | None = None) -> pd.DataFrame:
    """Return about ``n`` units, split evenly across the score strata that hold any, each row with its stratum's size.

    ``zero`` is the stratum of units with no candidate at all, too many to list (every article × code
    with no term): its size and a function that draws ``k`` of its units.
    """
    if n <= 0:
        raise InputError(f"sample size must be positive, got {n}")
    if order not in ("random", "uncertain"):
        raise InputError(f"order must be random or uncertain, got {order!r}")
    strata: dict[str, list[Unit]] = {}
    for unit in units:
        strata.setdefault(stratum_of(unit, threshold), []).append(unit)
    rng = random.Random(seed)
    count = len(strata) + (1 if zero and zero[0] > 0 and NO_CANDIDATE not in strata else 0)
    quota = max(1, math.ceil(n / max(1, count)))
    rows = []
    sizes = {name: len(members) for name, members in strata.items()}
    if zero and zero[0] > 0:
        sizes[NO_CANDIDATE] = sizes.get(NO_CANDIDATE, 0) + zero[0]
        strata.setdefault(NO_CANDIDATE, []).extend(zero[1](quota, rng))
    for name in sorted(strata):
        members = sorted(strata[name], key=lambda u: (u.doc_id, u.unit, u.code_id, u.quote))
        for unit in (rng.sample(members, quota) if quota < len(members) else members):
            rows.append({"task": task, "stratum": name, "stratum_size": sizes[name], "score": round(unit.score, 4),
                         "coded": "y" if unit.coded else "n", "doc_id": unit.doc_id, "title": unit.title, "unit": unit.unit,
                         "code_id": unit.code_id, "predicted": unit.predicted, "quote": unit.quote})
    frame = pd.DataFrame.from_records(rows)
    if frame.empty:
        return pd.DataFrame(columns=SAMPLE_FIELDS)
    if order == "uncertain":
        frame = frame.assign(_distance=(frame["score"] - threshold).abs()).sort_values(["_distance", "doc_id", "unit"], kind="stable")
        frame = frame.drop(columns="_distance")
    for column in ("correct", "polarity_correct", "source_correct", "target_correct", "data_correct", "direction_correct"):
        frame[column] = ""
    frame.insert(0, "sample_id", range(1, len(frame) + 1))
    return frame[SAMPLE_FIELDS].reset_index(drop=True)


def _mark(value: Any, where: str) -> bool | None:
    text = str(value or "").strip().lower()
    if not text or text == "nan":
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise InputError(f"{where}: marks are y or n (or empty for not yet marked), got {value!r}")


def read_stratified(path: Path) -> list[dict[str, Any]]:
    """Return the rows of a stratified sample CSV with its marks parsed; raise InputError naming the row of a bad mark."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = []
        for line, row in enumerate(reader, start=2):
            parsed = dict(row)
            for column in ("correct", "polarity_correct", "source_correct", "target_correct", "data_correct", "direction_correct"):
                parsed[column] = _mark(row.get(column), f"{path}:{line}: {column}")
            parsed["coded"] = _mark(row.get("coded"), f"{path}:{line}: coded")
            parsed["stratum_size"] = int(row["stratum_size"])
            rows.append(parsed)
    return rows


def _estimate(by_stratum: dict[str, tuple[int, list[bool], bool]]) -> tuple[float, float]:
    """Return (precision, recall) estimated from {stratum: (size, marks, coded)}."""
    found = missed = coded_total = 0.0
    for size, marks, coded in by_stratum.values():
        if not marks:
            continue
        positives = size * sum(marks) / len(marks)
        if coded:
            found += positives
            coded_total += size
        else:
            missed += positives
    precision = found / coded_total if coded_total else math.nan
    recall = found / (found + missed) if found + missed else math.nan
    return precision, recall


def estimate(rows: Sequence[dict[str, Any]], seed: int = 0) -> pd.DataFrame:
    """Return estimated precision and recall (Horvitz–Thompson over strata) and the accuracy of each marked field.

    Each row has the measure, its estimate, a 95% interval, the units marked and the population they stand for.
    """
    marked = [row for row in rows if row["correct"] is not None]
    strata: dict[str, tuple[int, list[bool], bool]] = {}
    for row in rows:
        size, marks, _ = strata.get(row["stratum"], (row["stratum_size"], [], bool(row["coded"])))
        if row["correct"] is not None:
            marks.append(bool(row["correct"]))
        strata[row["stratum"]] = (size, marks, bool(row["coded"]))
    precision, recall = _estimate(strata)
    rng = random.Random(seed)
    samples: list[tuple[float, float]] = []
    for _ in range(BOOTSTRAP):
        resampled = {name: (size, [marks[rng.randrange(len(marks))] for _ in marks], coded) for name, (size, marks, coded) in strata.items()}
        samples.append(_estimate(resampled))
    population = sum(size for size, _, _ in strata.values())
    records = [
        {"measure": "precision (estimated)", "value": precision, **_bounds([s[0] for s in samples]), "marked": len(marked), "population": population},
        {"measure": "recall (estimated)", "value": recall, **_bounds([s[1] for s in samples]), "marked": len(marked), "population": population},
    ]
    for column in ("polarity_correct", "source_correct", "target_correct", "data_correct", "direction_correct"):
        marks = [bool(row[column]) for row in rows if row[column] is not None and row["correct"] and row["coded"]]
        if marks:
            low, high = wilson_interval(sum(marks), len(marks))
            records.append({"measure": f"{column.removesuffix('_correct')} right (of coded units marked correct)",
                            "value": sum(marks) / len(marks), "low": low, "high": high, "marked": len(marks), "population": None})
    frame = pd.DataFrame.from_records(records)
    frame.attrs["unmarked"] = len(rows) - len(marked)
    return frame


def _bounds(values: list[float]) -> dict[str, float]:
    low, high = percentile_interval(values)
    return {"low": low, "high": high}
