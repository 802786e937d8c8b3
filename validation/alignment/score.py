"""Precision and recall of the aligner on the FROZEN half, with 95% intervals, and a naive baseline.

    python validation/alignment/score.py                 # labels.csv (annotators, adjudicated), frozen half
    python validation/alignment/score.py labels_A.csv    # one annotator's file
    python validation/alignment/score.py --provisional   # tixi authors' labels of issue 3, held-out half

A pair is predicted related when the aligner would count it in the overlap: not boilerplate and a
calibrated probability at or above the pack's min_probability. The naive baseline is the rule
the report used before issue 11: every pair scoring at least 0.065 (cosine × (1 + code Jaccard)).
With labels.csv, precision and recall are estimated over all pairs of the frozen indicators by
weighting each labelled pair by its inclusion weight (design.jsonl); intervals come from a
bootstrap over indicators (pairs of one indicator are not independent).
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from features import HERE, corpus_project, labelled_pairs, provisional_pairs  # type: ignore[import-not-found]

NAIVE_THRESHOLD = 0.065
BOOTSTRAP = 1000

Row = tuple[str, int, float, bool, bool]  # (indicator, related, weight, predicted, baseline)


def predicted(project: object, found: object) -> tuple[bool, bool]:
    from tixi.frameworks.align import alignment_settings

    settings = alignment_settings(project.pack)  # type: ignore[attr-defined]
    if found.boilerplate is not None or settings.calibration is None:  # type: ignore[attr-defined]
        return False, found.score >= NAIVE_THRESHOLD  # type: ignore[attr-defined]
    import numpy as np

    p = float(settings.calibration.probability(np.array(found.cosine), np.array(found.codes), np.array(found.instruments)))  # type: ignore[attr-defined]
    return p >= settings.min_probability, found.score >= NAIVE_THRESHOLD  # type: ignore[attr-defined]


def rows_from_labels(project: object, labels_file: Path) -> list[Row]:
    pairs, missing = labelled_pairs(project, labels_file, "frozen")
    rows = [(facts["indicator"], related, float(facts["weight"]), *predicted(project, found)) for facts, related, found in pairs]
    if missing:
        print(f"warning: {missing} frozen pairs have no label 0/1 in {labels_file.name}; left out")
    return rows


def rows_provisional(project: object) -> list[Row]:
    return [(str(code), related, 1.0, *predicted(project, found)) for code, related, found in provisional_pairs(project, "held_out")]


def precision_recall(rows: list[Row], which: int) -> tuple[float, float]:
    tp = sum(weight for _, related, weight, *guess in rows if related and guess[which])
    fp = sum(weight for _, related, weight, *guess in rows if not related and guess[which])
    fn = sum(weight for _, related, weight, *guess in rows if related and not guess[which])
    return (tp / (tp + fp) if tp + fp else float("nan")), (tp / (tp + fn) if tp + fn else float("nan"))


def interval(rows: list[Row], which: int) -> tuple[tuple[float, float], tuple[float, float]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row)
    names = sorted(groups)
    rng = random.Random(0)
    samples: list[tuple[float, float]] = []
    for _ in range(BOOTSTRAP):
        drawn = [row for _ in names for row in groups[names[rng.randrange(len(names))]]]
        samples.append(precision_recall(drawn, which))

    def bounds(values: list[float]) -> tuple[float, float]:
        finite = sorted(value for value in values if value == value)
        return (finite[int(0.025 * (len(finite) - 1))], finite[int(0.975 * (len(finite) - 1) + 0.999)]) if finite else (float("nan"),) * 2

    return bounds([p for p, _ in samples]), bounds([r for _, r in samples])


def main(arguments: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder, corpus_project(Path(folder)) as project:
        if "--provisional" in arguments:
            rows, what = rows_provisional(project), "tixi authors' labels of issue 3, held-out half"
        else:
            chosen = HERE / (arguments[0] if arguments else "labels.csv")
            if not chosen.exists():
                sys.exit(f"{chosen} not found: copy labels_template.csv, fill 'relevant' with 1 or 0 (docs/labelling.md, Part 3)")
            rows, what = rows_from_labels(project, chosen), f"{chosen.name}, frozen half"
    indicators = len({row[0] for row in rows})
    print(f"{what}: {len(rows)} pairs of {indicators} indicators, {sum(row[1] for row in rows)} related")
    for which, name in ((0, "aligner (calibrated, p >= min_probability, boilerplate dropped)"), (1, f"naive baseline (score >= {NAIVE_THRESHOLD})")):
        (p, r), ((p_low, p_high), (r_low, r_high)) = precision_recall(rows, which), interval(rows, which)
        print(f"{name}: precision {p:.2f} [{p_low:.2f}, {p_high:.2f}], recall {r:.2f} [{r_low:.2f}, {r_high:.2f}]")


if __name__ == "__main__":
    main(sys.argv[1:])
