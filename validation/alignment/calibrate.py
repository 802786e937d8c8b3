"""Fit the aligner's calibration (logistic regression: score features → P(related)) on the TUNE half only.

    python validation/alignment/calibrate.py               # the annotators' labels (labels.csv), tune half
    python validation/alignment/calibrate.py --provisional # tixi authors' labels of issue 3, tune half

Prints the ``calibration:`` block for the pack's frameworks/alignment.yaml. With labels.csv the
pairs are weighted by their inclusion weight (design.jsonl), so that the fit stands for all
pairs, not for the top-ranked ones the sample favours. The frozen half is never read here.
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml
from features import HERE, corpus_project, features  # type: ignore[import-not-found]

PROVISIONAL = HERE.parents[1] / "tests" / "frameworks" / "data" / "alignment_labels.yaml"


def tune_pairs_from_labels(project: object) -> list[tuple[tuple[float, float, float], int, float]]:
    design = {row["pair_id"]: row for row in map(json.loads, (HERE / "design.jsonl").read_text(encoding="utf-8").splitlines())}
    with (HERE / "labels.csv").open(encoding="utf-8") as handle:
        labels = {row["pair_id"]: row["relevant"].strip() for row in csv.DictReader(handle)}
    seen = {name: features(project, name) for name in ("nankai", "suzhou")}
    rows = []
    for pair_id, value in labels.items():
        facts = design[pair_id]
        if facts["split"] != "tune" or value not in ("0", "1"):
            continue
        framework, rest = pair_id.split(":", 1)
        key, article = rest.split("|", 1)
        found = seen[framework][(key, article)]
        if found.boilerplate is None:
            rows.append(((found.cosine, found.cosine * found.codes, found.instruments), int(value), float(facts["weight"])))
    return rows


def tune_pairs_provisional(project: object) -> list[tuple[tuple[float, float, float], int, float]]:
    from tixi.compare.criteria import resolve_side

    data = yaml.safe_load(PROVISIONAL.read_text(encoding="utf-8"))
    labels = {code: set(entry["relevant"]) for code, entry in data["indicators"].items() if entry["split"] == "tune"}
    documents = project.documents()  # type: ignore[attr-defined]
    numbers = {doc_id: Path(str(source)).name[:3] for doc_id, source in zip(documents["id"], documents["source"], strict=True)}
    side_a, side_b = resolve_side(project, "nankai"), resolve_side(project, "SCSP")  # type: ignore[arg-type]
    keys = {unit.id: (f"{numbers[unit.doc_id or '']} {unit.code}" if unit.code else f"{numbers[unit.doc_id or '']} @{unit.start}")
            for unit in side_b.units}
    code_of = {unit.id: unit.code for unit in side_a.units}
    rows = []
    for (key, article), found in features(project, "nankai").items():
        code = code_of.get(key)
        if code not in labels or found.boilerplate is not None:
            continue
        rows.append(((found.cosine, found.cosine * found.codes, found.instruments), int(keys[article] in labels[code]), 1.0))
    return rows


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
