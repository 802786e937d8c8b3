"""Validate automatic coding: against hand labels, and by a person marking a sample right or wrong.

- ``presence_scores``: precision and recall of per-document (or per-article) code presence,
  per code family, from hand labels (YAML: documents, their articles, the codes each mentions).
- ``draw_sample``: a stratified random sample of codings, written as CSV with an empty
  ``correct`` column for a person to fill with y or n.
- ``score_sample``: precision of a marked sample with a Wilson 95% confidence interval.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from tixi.errors import InputError

SAMPLE_COLUMNS = ["sample_id", "doc_id", "title", "system", "article", "start", "end", "code_id", "term", "polarity", "left", "match", "right", "correct"]
YES = {"y", "yes", "1", "true", "t", "right", "correct", "对", "是"}
NO = {"n", "no", "0", "false", "f", "wrong", "incorrect", "错", "否"}
Z95 = 1.959963984540054

# Labels: {document file name: {article label: set of code ids}}
Labels = dict[str, dict[str, set[str]]]


@dataclass(frozen=True)
class Score:
    """Counts and rates of one comparison between labels and predictions."""

    family: str
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float:
        """Return TP / (TP + FP), or 1.0 when nothing was predicted."""
        predicted = self.true_positive + self.false_positive
        return self.true_positive / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        """Return TP / (TP + FN), or 1.0 when nothing was labelled."""
        labelled = self.true_positive + self.false_negative
        return self.true_positive / labelled if labelled else 1.0


def load_labels(path: Path) -> Labels:
    """Return hand labels from YAML: ``documents: [{file, articles: [{article, codes: [...]}]}]``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML: {error}") from error
    labels: Labels = {}
    for index, document in enumerate(data.get("documents", []), start=1):
        if "file" not in document or "articles" not in document:
            raise InputError(f"{path}: document {index} needs 'file' and 'articles'")
        articles = labels.setdefault(str(document["file"]), {})
        for article in document["articles"]:
            articles[str(article["article"])] = {str(code) for code in (article.get("codes") or [])}
    return labels


def family_of(code_id: str) -> str:
    """Return the family of a code id (the part before the first dot)."""
    return code_id.split(".", 1)[0]


def presence_scores(labels: Labels, predicted: Labels, *, level: str = "document", families: list[str] | None = None) -> list[Score]:
    """Return per-family precision/recall of code presence per document (or per article) over the labelled documents."""
    counts: dict[str, list[int]] = {}
    for document, articles in sorted(labels.items()):
        found = predicted.get(document, {})
        if level == "article":
            units = [(codes, found.get(article, set())) for article, codes in sorted(articles.items())]
        else:
            units = [(set().union(*articles.values()), set().union(*found.values()))]
        for truth, guess in units:
            for code in truth | guess:
                family = family_of(code)
                if families is not None and family not in families:
                    continue
                row = counts.setdefault(family, [0, 0, 0])
                row[0 if code in truth and code in guess else (1 if code in guess else 2)] += 1
    return [Score(family, *counts[family]) for family in sorted(counts)]


def scores_frame(scores: list[Score]) -> pd.DataFrame:
    """Return scores as a DataFrame with an 'all' row pooling the families."""
    pooled = Score("all", sum(s.true_positive for s in scores), sum(s.false_positive for s in scores), sum(s.false_negative for s in scores))
    return pd.DataFrame.from_records([{"family": s.family, "tp": s.true_positive, "fp": s.false_positive, "fn": s.false_negative,
                                       "precision": s.precision, "recall": s.recall} for s in [*scores, pooled]])


def draw_sample(evidence: pd.DataFrame, n: int, *, strata: str = "system", seed: int = 0) -> pd.DataFrame:
    """Return about ``n`` codings sampled at random within each stratum, in proportion to its size (at least one each)."""
    if n <= 0:
        raise InputError(f"sample size must be positive, got {n}")
    if evidence.empty:
        return pd.DataFrame(columns=SAMPLE_COLUMNS)
    frame = evidence.assign(_stratum=evidence[strata].fillna("(none)").astype(str))
    sizes = frame["_stratum"].value_counts().sort_index()
    total = int(sizes.sum())
    picked = []
    for offset, (stratum, size) in enumerate(sizes.items()):
        quota = min(int(size), max(1, round(n * int(size) / total)))
        rows = frame[frame["_stratum"] == stratum]
        picked.append(rows.sample(n=quota, random_state=seed + offset) if quota < len(rows) else rows)
    sample = pd.concat(picked).sort_values(["system", "title", "doc_id", "start", "code_id"], kind="stable")
    sample = sample.assign(sample_id=range(1, len(sample) + 1), correct="")
    return sample[SAMPLE_COLUMNS].reset_index(drop=True)


def wilson_interval(successes: int, total: int, z: float = Z95) -> tuple[float, float]:
    """Return the Wilson score interval of a proportion (95% by default)."""
    if total == 0:
        return 0.0, 1.0
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return max(0.0, centre - half), min(1.0, centre + half)


def read_marked_sample(path: Path) -> list[dict[str, Any]]:
    """Return the rows of a marked sample CSV; raise InputError naming the row of a bad mark."""
    if not path.exists():
        raise InputError(f"{path}: no such file; write one with `tixi validate sample --out {path.name}`")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "correct" not in reader.fieldnames or "code_id" not in reader.fieldnames:
            raise InputError(f"{path}: needs the columns code_id and correct (as written by `tixi validate sample`)")
        rows = []
        for line, row in enumerate(reader, start=2):
            mark = (row.get("correct") or "").strip().lower()
            if mark and mark not in YES | NO:
                raise InputError(f"{path}:{line}: correct must be y or n (or empty for not yet marked), got {row['correct']!r}")
            rows.append({**row, "mark": None if not mark else mark in YES})
    return rows


def score_sample(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Return precision with a Wilson 95% interval per code and for all marked rows."""
    marked = [row for row in rows if row["mark"] is not None]
    by_code: dict[str, list[bool]] = {}
    for row in marked:
        by_code.setdefault(str(row["code_id"]), []).append(bool(row["mark"]))
    records = []
    for code, marks in [*sorted(by_code.items()), ("all", [bool(row["mark"]) for row in marked])]:
        low, high = wilson_interval(sum(marks), len(marks))
        records.append({"code_id": code, "marked": len(marks), "right": sum(marks), "precision": sum(marks) / len(marks) if marks else None,
                        "ci_low": low, "ci_high": high})
    frame = pd.DataFrame.from_records(records)
    frame.attrs["unmarked"] = len(rows) - len(marked)
    return frame


def predicted_labels(evidence: pd.DataFrame, files: Mapping[str, str]) -> Labels:
    """Return predictions in the labels' shape: {file name: {article: codes}} for documents named in ``files`` (doc id -> file)."""
    predicted: Labels = {}
    for row in evidence.itertuples(index=False):
        name = files.get(str(row.doc_id))
        if name is None:
            continue
        predicted.setdefault(name, {}).setdefault(str(row.article or ""), set()).add(str(row.code_id))
    return predicted
