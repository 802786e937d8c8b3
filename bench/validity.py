"""Validity of tixi's measures on labelled documents it was not tuned on (issue 10).

Prints one table: precision, recall and F1 with 95% intervals (bootstrap over documents) for the
document-grouped cross-validation on the training documents and for the frozen test set, beside the
naive keyword baseline on the same documents.

    python bench/validity.py              # cross-validated figures only (what tuning may look at)
    python bench/validity.py --frozen     # and the frozen test set (score only; never tune on it)
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

from tixi.flows.extract import load_reader
from tixi.flows.train import cross_validate, predict_articles, train_model
from tixi.packs import load_pack
from tixi.validation.flows import FlowScores, baseline_predictions, flow_scores, predicted_types
from tixi.validation.labels import load_labels
from tixi.validation.metrics import Figure

LABELS = Path(__file__).resolve().parent.parent / "validation" / "labels.jsonl"


def flow_rows(name: str, scores: FlowScores) -> list[tuple[str, str, Figure]]:
    rows = []
    for metric in ("precision", "recall", "f1"):
        rows.append((f"flow article (A, B, W) {metric}", name, scores.article[metric]))
    for metric in ("precision", "recall", "f1"):
        rows.append((f"flow article of type A or B {metric}", name, scores.article_ab[metric]))
    for kind in ("A", "B", "C", "W"):
        for metric in ("precision", "recall"):
            rows.append((f"type {kind} article {metric}", name, scores.by_type[kind][metric]))
    rows.append(("direction right (found true flows)", name, scores.direction))
    for field, figure in scores.fields.items():
        rows.append((f"{field} right (found true flows)", name, figure))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--frozen", action="store_true", help="also score the frozen test set")
    args = parser.parse_args()
    articles = load_labels(args.labels)
    train = [a for a in articles if a.split == "train"]
    frozen = [a for a in articles if a.split == "frozen"]
    reader = load_reader(load_pack("ncca_scsp"))
    started = time.perf_counter()
    rows = flow_rows("cross-validated", flow_scores(train, cross_validate(train, reader)))
    base = baseline_predictions(train)
    rows += flow_rows("baseline (cv docs)", flow_scores(train, {k: [] for k in base}) if False else _baseline(train))
    if args.frozen:
        model = train_model(train, reader)
        rows += flow_rows("frozen", flow_scores(frozen, predict_articles(frozen, replace(reader, model=model))))
        rows += flow_rows("baseline (frozen docs)", _baseline(frozen))
    print(f"{len({a.doc for a in train})} training documents ({len(train)} articles), "
          f"{len({a.doc for a in frozen})} frozen ({len(frozen)} articles); {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print("| measure | evaluation | value [95% interval] (n) |\n| --- | --- | --- |")
    for measure, name, figure in rows:
        print(f"| {measure} | {name} | {figure.text()} |")


def _baseline(articles: list) -> FlowScores:  # type: ignore[type-arg]
    from tixi.validation.flows import article_scores
    from tixi.validation.metrics import Figure as F

    anyflow, ab, by_type = article_scores(articles, baseline_predictions(articles))
    nan = F(float("nan"), float("nan"), float("nan"), 0, 0)
    return FlowScores(anyflow, ab, by_type, nan, {"source": nan, "target": nan, "data": nan})


if __name__ == "__main__":
    main()
