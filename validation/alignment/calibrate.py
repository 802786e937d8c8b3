"""Fit the aligner's calibration (logistic regression: score features → P(related)) on the TUNE half only.

    python validation/alignment/calibrate.py               # the annotators' labels (labels.csv), tune half
    python validation/alignment/calibrate.py --provisional # tixi authors' labels of issue 3, tune half
    python validation/alignment/calibrate.py --cv          # grouped (by indicator) cross-validation on the tune half

Prints the ``calibration:`` block for the pack's frameworks/alignment.yaml. With labels.csv the
pairs are weighted by their inclusion weight (design.jsonl), so that the fit stands for all
pairs, not for the top-ranked ones the sample favours. The frozen half is never read here.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
from features import HERE, corpus_project, labelled_pairs, provisional_pairs  # type: ignore[import-not-found]


def tune_pairs_from_labels(project: object) -> list[tuple[tuple[float, float, float], int, float]]:
    return [row[:3] for row in tune_pairs_grouped(project)]  # type: ignore[misc]


def tune_pairs_grouped(project: object) -> list[tuple[tuple[float, float, float], int, float, str]]:
    """Return (features, related, inclusion weight, indicator) of the labelled tune pairs, boilerplate dropped."""
    rows, _ = labelled_pairs(project, HERE / "labels.csv", "tune")
    return [((found.cosine, found.cosine * found.codes, found.instruments), related, float(facts["weight"]), facts["indicator"])
            for facts, related, found in rows if found.boilerplate is None]


def cross_validate(folds: int = 5, threshold: float = 0.5, resamples: int = 2000) -> None:
    """Print weighted precision and recall of out-of-fold predictions (folds by indicator), with bootstrap intervals over indicators."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    with tempfile.TemporaryDirectory() as folder, corpus_project(Path(folder)) as project:
        rows = tune_pairs_grouped(project)
    x = np.array([row[0] for row in rows])
    y = np.array([row[1] for row in rows])
    weights = np.array([row[2] for row in rows])
    groups = np.array([row[3] for row in rows])
    chance = np.zeros(len(rows))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        if len(set(y[train])) < 2:
            continue
        model = LogisticRegression(C=10.0, max_iter=1000).fit(x[train], y[train], sample_weight=weights[train])
        chance[test] = model.predict_proba(x[test])[:, 1]
    found = chance >= threshold

    def figures(index: np.ndarray) -> tuple[float, float]:
        hit = float((weights[index] * (found[index] & (y[index] == 1))).sum())
        said, true = float((weights[index] * found[index]).sum()), float((weights[index] * (y[index] == 1)).sum())
        return (hit / said if said else float("nan")), (hit / true if true else float("nan"))

    precision, recall = figures(np.arange(len(rows)))
    names = sorted(set(groups))
    by_group = {name: np.flatnonzero(groups == name) for name in names}
    random = np.random.default_rng(20261202)
    draws = np.array([figures(np.concatenate([by_group[name] for name in random.choice(names, len(names))])) for _ in range(resamples)])
    low, high = np.nanpercentile(draws, 2.5, axis=0), np.nanpercentile(draws, 97.5, axis=0)
    print(f"# tune half, {len(rows)} pairs of {len(names)} indicators, {int(y.sum())} related; {folds} folds by indicator; p >= {threshold}")
    print(f"cross-validated: precision {precision:.2f} [{low[0]:.2f}, {high[0]:.2f}], recall {recall:.2f} [{low[1]:.2f}, {high[1]:.2f}]; "
          f"highest out-of-fold probability {chance.max():.2f}")


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
    if "--cv" in sys.argv[1:]:
        cross_validate()
    else:
        main("--provisional" in sys.argv[1:])
