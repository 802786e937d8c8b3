"""Validity of tixi's measures on labelled documents it was not tuned on (issue 10).

Prints one table: precision, recall and F1 (or accuracy) with 95% intervals (a bootstrap over
documents) for the document-grouped cross-validation on the training documents and for the frozen
test set, each beside a naive baseline on the same documents:

- flows: a credit word within 30 characters of a recording or transfer verb, in one sentence;
- behaviours: the codebook's terms alone (no proximity patterns, no model), polarity by family.

    python bench/validity.py              # cross-validated figures only (what tuning may look at)
    python bench/validity.py --frozen     # and the frozen test set, scored with the shipped models

The frozen figures use the models the pack ships (trained by validation/train.py on the training
documents only); the cross-validated ones retrain inside each fold.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tixi.coding.autocode import coding_model
from tixi.coding.lexicon import Lexicon, lexicon_for
from tixi.coding.polarity import PolarityRules, load_rules
from tixi.coding.train import code_articles, cross_validate_codes
from tixi.flows.extract import load_reader
from tixi.flows.train import cross_validate, predict_articles
from tixi.packs import load_pack
from tixi.validation.codes import CodeScores, code_scores
from tixi.validation.flows import FlowScores, baseline_flow_scores, flow_scores
from tixi.validation.labels import Article, load_labels
from tixi.validation.metrics import Figure

LABELS = Path(__file__).resolve().parent.parent / "validation" / "labels.jsonl"
Row = tuple[str, str, Figure]


def flow_rows(name: str, scores: FlowScores) -> list[Row]:
    rows = [(f"flow article (A, B, W): {metric}", name, scores.article[metric]) for metric in ("precision", "recall", "f1")]
    rows += [(f"flow article of type A or B: {metric}", name, scores.article_ab[metric]) for metric in ("precision", "recall", "f1")]
    rows += [(f"type {kind} article: {metric}", name, scores.by_type[kind][metric]) for kind in "ABCW" for metric in ("precision", "recall")]
    rows.append(("direction right, of found true flows", name, scores.direction))
    rows += [(f"{field} right, of found true flows", name, figure) for field, figure in scores.fields.items()]
    return rows


def code_rows(name: str, scores: CodeScores) -> list[Row]:
    rows = [(f"behaviour codes per article: {metric}", name, scores.article[metric]) for metric in ("precision", "recall", "f1")]
    rows += [(f"behaviour codes per document: {metric}", name, scores.document[metric]) for metric in ("precision", "recall", "f1")]
    rows.append(("polarity right, of found true codes", name, scores.polarity))
    rows += [(f"codes of family {family} per article: f1", name, figures["f1"]) for family, figures in scores.by_family.items()]
    return rows


def evaluate(articles: Sequence[Article], frozen: Sequence[Article]) -> list[Row]:
    """Return every row of the table (frozen rows only when ``frozen`` is not empty)."""
    pack = load_pack("ncca_scsp")
    reader, lexicon, rules = load_reader(pack), lexicon_for(pack), load_rules(pack)
    rows = flow_rows("cross-validated", flow_scores(articles, cross_validate(articles, reader)))
    rows += flow_rows("baseline, same documents", baseline_flow_scores(articles))
    rows += code_rows("cross-validated", code_scores(articles, cross_validate_codes(articles, lexicon, rules)))
    rows += code_rows("baseline, same documents", code_scores(articles, baseline_codes(articles, lexicon, rules)))
    if frozen:
        rows += flow_rows("frozen", flow_scores(frozen, predict_articles(frozen, reader)))
        rows += flow_rows("baseline, frozen documents", baseline_flow_scores(frozen))
        rows += code_rows("frozen", code_scores(frozen, code_articles(frozen, lexicon, rules, coding_model(pack))))
        rows += code_rows("baseline, frozen documents", code_scores(frozen, baseline_codes(frozen, lexicon, rules)))
    return rows


def baseline_codes(articles: Sequence[Article], lexicon: Lexicon, rules: PolarityRules | None) -> dict[str, dict[str, str | None]]:
    """Return the terms-only baseline: every codebook term codes its code, with its category's usual polarity
    (the pack's fixed polarity, or the one any cue gives), whatever the passage says."""
    usual = {**dict(rules.any_cue), **dict(rules.fixed)} if rules is not None else {}
    category = {code.id: code.category for code in lexicon.codebook.codes}
    result: dict[str, dict[str, str | None]] = {}
    for article in articles:
        found = {hit.code_id for hit in lexicon.find(article.text) if "…" not in hit.term}
        result[article.key] = {code: usual.get(category[code]) for code in found}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--frozen", action="store_true", help="also score the frozen test set (never tune on it)")
    parser.add_argument("--record", type=Path, help="also write the figures as YAML here (the pack's validation.yaml, cited by the report)")
    args = parser.parse_args()
    articles = load_labels(args.labels)
    train = [a for a in articles if a.split == "train"]
    frozen = [a for a in articles if a.split == "frozen"] if args.frozen else []
    started = time.perf_counter()
    rows = evaluate(train, frozen)
    print(f"{len({a.doc for a in train})} training documents ({len(train)} articles)"
          + (f", {len({a.doc for a in frozen})} frozen ({len(frozen)} articles)" if frozen else "")
          + f"; {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print("| measure | evaluation | value [95% interval] (n) |\n| --- | --- | --- |")
    for measure, name, figure in rows:
        print(f"| {measure} | {name} | {figure.text()} |")
    if args.record:
        record(args.record, rows, train, frozen, args.labels)


def record(path: Path, rows: list[Row], train: Sequence[Article], frozen: Sequence[Article], labels: Path) -> None:
    """Write the figures as the pack's validation record: what the report's methods section cites."""
    import datetime

    import yaml

    from tixi.learn.linear import labels_digest
    from tixi.validation.labels import label_lines

    def number(value: float) -> float | None:
        return None if value != value else round(value, 3)  # NaN (nothing to measure) is written as null

    data = {
        "version": datetime.date.today().isoformat(),
        "source": "bench/validity.py --frozen --record (issue 10); labels and guide: validation/, docs/labelling.md",
        "labels_sha256": labels_digest(label_lines(labels)),
        "training": {"documents": len({a.doc for a in train}), "articles": len(train)},
        "frozen": {"documents": len({a.doc for a in frozen}), "articles": len(frozen),
                   "drawn": "at random by kind of document (validation/draw.py, seed 20261202), before any tuning"},
        "figures": [{"measure": measure, "evaluation": name, "value": number(f.value), "low": number(f.low), "high": number(f.high),
                     "n": f.denominator} for measure, name, f in rows],
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")


if __name__ == "__main__":
    main()
