"""Grouped cross-validation shared by the trained stages (flows, codes): folds by document, out-of-fold
scores, a calibrated fit, and the threshold that maximises F1 on out-of-fold scores.

Folds are by document, never by example: articles of one regulation share wording, so a model scored on
articles of a document it was trained on would be scored on what it memorised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from tixi.learn.linear import FloatArray, LinearModel, fit, fit_temperature, hash_features, softmax

FOLDS = 5
INNER_FOLDS = 3  # inside an outer cross-validation fold: fewer documents, so fewer folds
C_DEFAULT = 1.0
THRESHOLDS = tuple(round(value, 2) for value in np.arange(0.1, 0.91, 0.02))


def document_folds(documents: Iterable[str], folds: int) -> list[set[str]]:
    """Return the documents dealt into ``folds`` groups in sorted order (deterministic, by document)."""
    ordered = sorted(set(documents))
    count = max(2, min(folds, len(ordered)))
    return [set(ordered[index::count]) for index in range(count)]


def out_of_fold_logits(rows: Sequence[Sequence[str]], labels: Sequence[str], groups: Sequence[str], classes: Sequence[str],
                       *, c: float = C_DEFAULT, folds: int = FOLDS) -> FloatArray:
    """Return each row's class scores from a model trained without the rows of its group (document)."""
    logits = np.zeros((len(rows), len(classes)))
    for held in document_folds(groups, folds):
        train = [index for index, group in enumerate(groups) if group not in held]
        test = [index for index, group in enumerate(groups) if group in held]
        if not test or len({labels[index] for index in train}) < 2:
            continue
        model = fit([rows[index] for index in train], [labels[index] for index in train], classes, c=c)
        logits[test] = model.logits(hash_features([rows[index] for index in test]))
    return logits


def calibrated_fit(rows: Sequence[Sequence[str]], labels: Sequence[str], groups: Sequence[str], classes: Sequence[str],
                   *, c: float = C_DEFAULT, folds: int = FOLDS) -> tuple[LinearModel, FloatArray]:
    """Return a model fitted on all rows, its temperature set on out-of-fold scores, and those calibrated scores."""
    logits = out_of_fold_logits(rows, labels, groups, classes, c=c, folds=folds)
    temperature = fit_temperature(logits, labels, classes)
    model = fit(rows, labels, classes, c=c)
    model.temperature = temperature
    return model, softmax(logits / temperature)


def best_f1_threshold(scored: Iterable[tuple[bool, float]], missed: int = 0) -> float:
    """Return the threshold in ``THRESHOLDS`` with the best F1 over (gold, score) pairs.

    ``missed`` counts gold positives that have no score at all (no candidate reached them): they are
    false negatives at every threshold. Ties keep the lowest threshold.
    """
    pairs = list(scored)
    best, best_f1 = 0.5, -1.0
    for threshold in THRESHOLDS:
        tp = sum(1 for gold, score in pairs if gold and score >= threshold)
        fp = sum(1 for gold, score in pairs if not gold and score >= threshold)
        fn = sum(1 for gold, score in pairs if gold and score < threshold) + missed
        value = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if value > best_f1 + 1e-9:
            best, best_f1 = float(threshold), value
    return best
