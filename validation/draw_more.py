"""Draw a second round of training documents (never frozen), after the first round was labelled.

    python validation/draw_more.py ../shared/lawref/lawref.jsonl.gz

More labelled documents for training and cross-validation; the frozen set of the first draw stays as
it was and is not added to. Documents already in ``validation/documents.jsonl`` are never drawn
again. Appends to ``documents.jsonl`` and ``articles.jsonl`` with ``split: train`` and ``round: 2``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import sys
from pathlib import Path

from draw import SEEN_TITLES, stratum

from tixi.flows.extract import units_of
from tixi.text.normalize import normalize

SEED = 20261203
HERE = Path(__file__).parent
# The strata that hold the rare cross-system flows get the most documents.
ROUND_TWO = {"civility": 14, "credit": 2, "volunteer": 3, "sector": 18, "control": 3}


def main(lawref: str) -> None:
    existing = [json.loads(line) for line in (HERE / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    taken = {row["title"] for row in existing}
    with gzip.open(lawref, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    by_text: dict[str, dict[str, str]] = {}
    for row in sorted(rows, key=lambda r: r["path"]):
        by_text.setdefault(row["text"], row)
    pools: dict[str, list[dict[str, str]]] = {name: [] for name in ROUND_TWO}
    titles: set[str] = set()
    for row in by_text.values():
        name = stratum(row)
        if name in pools and row["title"] not in taken and row["title"] not in titles:
            titles.add(row["title"])
            pools[name].append(row)
    rng = random.Random(SEED)
    documents, articles = [], []
    for name, size in ROUND_TWO.items():
        pool = sorted(pools[name], key=lambda r: r["path"])
        for row in sorted(rng.sample(pool, min(size, len(pool))), key=lambda r: r["path"]):
            normalized = normalize(row["text"]).text
            sha = hashlib.sha256(normalized.encode("utf-8")).hexdigest()
            key = f"{name[:3]}-{sha[:8]}"
            units = units_of(normalized)
            documents.append({"doc": key, "sha256": sha, "title": row["title"], "stratum": name, "split": "train",
                              "seen_before": row["title"] in SEEN_TITLES, "province": row["province"], "date": row["date"],
                              "articles": len(units), "source": f"lawref:{row['path']}", "round": 2})
            articles.extend({"doc": key, "article": unit.label, "start": unit.start, "end": unit.end,
                             "text": normalized[unit.start:unit.end]} for unit in units)
    with (HERE / "documents.jsonl").open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in documents)
    with (HERE / "articles.jsonl").open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in articles)
    print(f"round 2: {len(documents)} documents, {len(articles)} articles, all for training")


if __name__ == "__main__":
    main(sys.argv[1])
