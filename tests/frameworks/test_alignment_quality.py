"""Alignment quality against hand labels: NCCA indicators of 001 ranked against the SCSP articles.

The labels (data/alignment_labels.yaml) were made by reading the texts. For each labelled
indicator with a counterpart: precision of the 5 best-ranked articles, recall of the 10 best,
average precision of the whole ranking (their mean is MAP); over all labelled indicators, the
precision and recall of the pairs at or above the default threshold (all ranks), and the
precision of the top-3 table `tixi compare criteria` shows. Figures per half: "tune" chose the
settings in the pack's frameworks/alignment.yaml, "held_out" did not.

Before (character bigrams, threshold 0.15, 052's scoring standard not a unit):
tune MAP 0.580, P@5 0.575, R@10 0.652, pairs P 0.43 R 0.04; held out MAP 0.365, P@5 0.429,
R@10 0.470, pairs P 0.62 R 0.09. The floors below are the final figures, rounded down.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import yaml

from tixi.compare.criteria import code_finder_for, resolve_side
from tixi.frameworks.align import Unit, align_units, alignment_settings
from tixi.project import Project

LABELS = Path(__file__).parent / "data" / "alignment_labels.yaml"


@dataclass
class Figures:
    map: float
    p_at_5: float
    r_at_10: float
    pair_precision: float
    pair_recall: float
    pairs: int
    table_precision: float


def unit_key(unit: Unit, numbers: dict[str, str]) -> str:
    """Return the label key of an SCSP unit: "<document number> <article label>" or "<number> @<start>"."""
    number = numbers[unit.doc_id or ""]
    return f"{number} {unit.code}" if unit.code else f"{number} @{unit.start}"


def rankings(project: Project) -> tuple[dict[str, list[tuple[str, float]]], float]:
    """Return, per labelled indicator code, every SCSP unit key with its score, best first; and the threshold."""
    documents = project.documents()
    numbers = {doc_id: Path(str(source)).name[:3] for doc_id, source in zip(documents["id"], documents["source"], strict=True)}
    units_a, units_b = resolve_side(project, "nankai").units, resolve_side(project, "SCSP").units
    finder, _ = code_finder_for(project.pack)
    settings = alignment_settings(project.pack)
    table = align_units(units_a, units_b, threshold=float("-inf"), top=len(units_b), code_finder=finder, settings=settings)
    keys = {unit.id: unit_key(unit, numbers) for unit in units_b}
    ranked: dict[str, list[tuple[str, float]]] = {}
    for row in table.sort_values(["a_code", "rank"]).itertuples():
        ranked.setdefault(str(row.a_code), []).append((keys[str(row.b_id)], float(row.score)))
    return ranked, settings.threshold


def figures(ranked: dict[str, list[tuple[str, float]]], labels: dict[str, set[str]], threshold: float) -> Figures:
    averages, p5, r10 = [], [], []
    true_pairs = passed_pairs = relevant_pairs = shown = shown_right = 0
    for code, relevant in labels.items():
        order = ranked[code]
        passed = {key for key, score in order if score >= threshold}
        true_pairs += len(passed & relevant)
        passed_pairs += len(passed)
        relevant_pairs += len(relevant)
        table = [key for key, score in order[:3] if score >= threshold]
        shown += len(table)
        shown_right += sum(key in relevant for key in table)
        if not relevant:
            continue
        hits, total = 0, 0.0
        for rank, (key, _) in enumerate(order, start=1):
            if key in relevant:
                hits += 1
                total += hits / rank
        averages.append(total / len(relevant))
        p5.append(sum(key in relevant for key, _ in order[:5]) / 5)
        r10.append(sum(key in relevant for key, _ in order[:10]) / len(relevant))
    return Figures(
        float(np.mean(averages)), float(np.mean(p5)), float(np.mean(r10)), true_pairs / max(1, passed_pairs),
        true_pairs / max(1, relevant_pairs), passed_pairs, shown_right / max(1, shown),
    )


# Final figures (codes from the pack's codebook as of 2026-11-28), rounded down to 0.05 so that an
# edit of the codebook that moves a pair or two does not fail the test:
# tune     MAP 0.820, P@5 0.650, R@10 0.825, pairs (84) P 0.548 R 0.667, top-3 table P 0.667
# held_out MAP 0.558, P@5 0.486, R@10 0.720, pairs (52) P 0.423 R 0.407, top-3 table P 0.524
# Top-3 table precision was lowered by 0.05 on 2026-12-02: the codebook's terms were widened to
# generalise to unseen regulations (issue 10; 0.625 and 0.476 measured after), which makes shared
# codes a weaker alignment cue. MAP and R@10 did not fall.
FLOORS = {
    "tune": Figures(map=0.80, p_at_5=0.65, r_at_10=0.80, pair_precision=0.50, pair_recall=0.65, pairs=0, table_precision=0.60),
    "held_out": Figures(map=0.55, p_at_5=0.45, r_at_10=0.70, pair_precision=0.40, pair_recall=0.40, pairs=0, table_precision=0.45),
}


@pytest.mark.parametrize("split", ["tune", "held_out"])
def test_alignment_against_hand_labels(framework_project: Project, split: str) -> None:
    data = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    labels = {code: set(entry["relevant"]) for code, entry in data["indicators"].items() if entry["split"] == split}
    ranked, threshold = rankings(framework_project)
    assert set(labels) <= set(ranked)
    every_key = {key for order in ranked.values() for key, _ in order}
    assert set().union(*labels.values()) <= every_key  # every labelled article is a unit of the SCSP side
    got = figures(ranked, labels, threshold)
    with_counterpart = sum(bool(relevant) for relevant in labels.values())
    print(f"alignment {split}: {len(labels)} indicators ({with_counterpart} with a counterpart), threshold {threshold}: "
          f"MAP {got.map:.3f}, P@5 {got.p_at_5:.3f}, R@10 {got.r_at_10:.3f}; pairs >= threshold {got.pairs}: "
          f"precision {got.pair_precision:.3f}, recall {got.pair_recall:.3f}; top-3 table precision {got.table_precision:.3f}")
    floor = FLOORS[split]
    assert got.map >= floor.map and got.p_at_5 >= floor.p_at_5 and got.r_at_10 >= floor.r_at_10
    assert got.pair_precision >= floor.pair_precision and got.pair_recall >= floor.pair_recall
    assert got.table_precision >= floor.table_precision
