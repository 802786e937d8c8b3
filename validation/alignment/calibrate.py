"""Fit the aligner's calibration (logistic regression: score features → P(related)) on the TUNE half only.

    python validation/alignment/calibrate.py               # the annotators' labels (labels.csv), tune half
    python validation/alignment/calibrate.py --provisional # tixi authors' labels of issue 3, tune half

Prints the ``calibration:`` block for the pack's frameworks/alignment.yaml. With labels.csv the
pairs are weighted by their inclusion weight (design.jsonl), so that the fit stands for all
pairs, not for the top-ranked ones the sample favours. The frozen half is never read here.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
from features import (  # type: ignore[import-not-found]
    HERE,
    corpus_project,
    features,
    pair_features,
    provisional_pairs,
    read_design,
    read_labels,
)


def tune_pairs_from_labels(project: object) -> list[tuple[tuple[float, float, float], int, float]]:
    design = read_design()
    seen = {name: features(project, name) for name in ("nankai", "suzhou")}
    rows = []
    for pair_id, value in read_labels(HERE / "labels.csv").items():
        facts = design[pair_id]
        if facts["split"] != "tune" or value not in ("0", "1"):
            continue
        found = pair_features(seen, pair_id)
        if found.boilerplate is None:
            rows.append(((found.cosine, found.cosine * found.codes, found.instruments), int(value), float(facts["weight"])))
    return rows


def tune_pairs_provisional(project: object) -> list[tuple[tuple[float, float, float], int, float]]:
    return [((found.cosine, found.cosine * found.codes, found.instruments), related, 1.0)
            for _, related, found in provisional_pairs(project, "tune") if found.boilerplate is None]


def main(provisional: bool) -> None:
    from sklearn.linear_model import LogisticRegression

    with tempfile.TemporaryDirectory() as folder, corpus_project(Path(folder)) as project:
        rows = tune_pairs_provisional(project) if provisional else tune_pairs_from_labels(project)
    x = np.array([row[0] for row in rows])
    y = np.array([row[1] for row in rows])
    weights = np.array([row[2] for row in rows])
    model = LogisticRegression(C=10.0, max_iter=1000).fit(x, y, sample_weight=weights)
    source = "tixi authors' labels of issue 3 (tests/frameworks/data/alignment_labels.yaml), tune half: PROVISIONAL" if provisional \
        else "validation/alignment/labels.csv, tune half, inclusion-weighted"
    print(f"# {len(rows)} pairs, {int(y.sum())} related")
    print("calibration:")
    print(f"  intercept: {model.intercept_[0]:.4f}")
    for name, value in zip(("cosine", "codes", "instruments"), model.coef_[0], strict=True):
        print(f"  {name}: {value:.4f}")
    print(f"  fitted_on: \"{source}\"")


if __name__ == "__main__":
    main("--provisional" in sys.argv[1:])
