"""Draw the indicator–article pairs to label for alignment, and freeze half of the indicators.

Run once, before the aligner is tuned on these labels (it was run on 2026-12-02, before issue 11's
changes to tixi/frameworks/align.py; do not run it again, or the frozen half is no longer frozen):

    python validation/alignment/sample.py

It builds a project from the bundled corpus, imports the two frameworks the corpus prints
(001: NCCA indicators, aligned against the SCSP documents' articles; 110: SCSP indicators,
aligned against the NCCA documents' articles) and ranks, for every leaf indicator, all articles
of the other system with the aligner as it stood before tuning. Then, seeded:

- indicators: INDICATORS[framework] leaves of each framework;
- pairs per indicator, by rank in that ranking (strata, each pair's inclusion weight recorded):
  ``top`` ranks 1–4 (all, weight 1), ``near`` 3 of ranks 5–30, ``far`` 1 of the ranks after;
- split by indicator: half of each framework's indicators are ``frozen`` (measured once, at the
  end), the other half ``tune``.

Files written (annotators see only the first two):
- ``pairs.jsonl``: one pair per line, indicator and article text, no score, no stratum;
- ``labels_template.csv``: ``pair_id,relevant,note`` with ``relevant`` empty, to copy to
  ``labels_A.csv`` / ``labels_B.csv`` (one per annotator) and, adjudicated, ``labels.csv``;
- ``design.jsonl``: split, stratum, rank, weight and score at draw time of every pair (for score.py).
"""

from __future__ import annotations

import csv
import json
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20261202
INDICATORS = {"nankai": 28, "suzhou": 12}
OTHER = {"nankai": "SCSP", "suzhou": "NCCA"}
TOP, NEAR_END, NEAR_PICK, FAR_PICK = 4, 30, 3, 1


def main() -> None:
    sys.path.insert(0, str(HERE.parents[1]))
    from tests.frameworks.conftest import NANKAI, SUZHOU
    from tixi.compare.criteria import code_finder_for, resolve_side
    from tixi.demo import build_demo
    from tixi.frameworks.align import align_units, alignment_settings

    rng = random.Random(SEED)
    pairs, design = [], []
    with tempfile.TemporaryDirectory() as folder:
        project, _ = build_demo(Path(folder))
        project.import_framework(NANKAI, system="NCCA", name="nankai")
        project.import_framework(SUZHOU, system="SCSP", name="suzhou")
        finder, _ = code_finder_for(project.pack)
        settings = alignment_settings(project.pack)
        for name, count in INDICATORS.items():
            units_a, units_b = resolve_side(project, name).units, resolve_side(project, OTHER[name]).units
            chosen = sorted(rng.sample(range(len(units_a)), min(count, len(units_a))))
            frozen = set(rng.sample(chosen, len(chosen) // 2))
            table = align_units([units_a[i] for i in chosen], units_b, threshold=float("-inf"), top=len(units_b), code_finder=finder,
                                settings=settings)
            by_id = {unit.id: unit for unit in units_b}
            for index in chosen:
                unit = units_a[index]
                ranked = table[table["a_id"] == unit.id].sort_values("rank")
                ids, scores = list(ranked["b_id"]), list(ranked["score"])
                far = list(range(NEAR_END, len(ids)))
                picks = [(rank, "top", 1.0) for rank in range(min(TOP, len(ids)))]
                near = list(range(TOP, min(NEAR_END, len(ids))))
                picks += [(rank, "near", len(near) / NEAR_PICK) for rank in sorted(rng.sample(near, min(NEAR_PICK, len(near))))]
                picks += [(rank, "far", len(far) / FAR_PICK) for rank in sorted(rng.sample(far, min(FAR_PICK, len(far))))]
                rng.shuffle(picks)  # annotators must not read the rank from the order
                split = "frozen" if index in frozen else "tune"
                for rank, stratum, weight in picks:
                    article = by_id[ids[rank]]
                    pair_id = f"{name}:{unit.id}|{article.id}"
                    pairs.append({
                        "pair_id": pair_id, "split": split,
                        "indicator": {"framework": name, "system": project.framework(name).system, "key": unit.id, "code": unit.code,
                                      "title": unit.title, "branch": unit.branch, "text": unit.text},
                        "article": {"unit_id": article.id, "document": article.branch, "label": article.code, "text": article.text},
                    })
                    design.append({"pair_id": pair_id, "indicator": f"{name}:{unit.id}", "split": split, "stratum": stratum,
                                   "rank": rank + 1, "weight": round(weight, 6), "score_at_draw": float(scores[rank])})
        project.close()
    write(HERE / "pairs.jsonl", pairs)
    write(HERE / "design.jsonl", design)
    with (HERE / "labels_template.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["pair_id", "relevant", "note"])
        writer.writerows([row["pair_id"], "", ""] for row in pairs)
    print(f"{len(pairs)} pairs of {len({row['indicator'] for row in design})} indicators; "
          f"frozen: {sum(row['split'] == 'frozen' for row in design)} pairs")


def write(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
