"""Merge the two annotators' labels and the adjudications into ``validation/labels.jsonl``.

Where the annotators agree on an article (the same flow types, codes and polarities), the first
annotator's row is kept (its fields and quotes); where they differ, the adjudicated row is taken
(``validation/annotations/adjudicated/*.jsonl``) and marked ``adjudicated``. Each row gets the
document's key, title, stratum, split and sha256 and the article's offsets and text.

    python validation/merge.py [--provisional]   # --provisional: first annotator where no adjudication yet
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from agree import codes, read, types  # noqa: E402


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return types(a) == types(b) and codes(a) == codes(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--provisional", action="store_true")
    args = parser.parse_args()
    documents = {row["doc"]: row for row in map(json.loads, (HERE / "documents.jsonl").read_text(encoding="utf-8").splitlines())}
    articles = [json.loads(line) for line in (HERE / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    first, second = read(HERE / "annotations" / "A"), read(HERE / "annotations" / "B")
    adjudicated = read(HERE / "annotations" / "adjudicated")
    out, missing = [], 0
    for article in articles:
        key = f"{article['doc']}:{article['article']}"
        a, b = first.get(key), second.get(key)
        if a is None or b is None:
            missing += 1
            continue
        if same(a, b):
            chosen, how = a, "agreed"
        elif key in adjudicated:
            chosen, how = adjudicated[key], "adjudicated"
        elif args.provisional:
            chosen, how = a, "provisional"
        else:
            missing += 1
            continue
        document = documents[article["doc"]]
        out.append({
            "id": key, "doc": article["doc"], "article": article["article"], "title": document["title"],
            "stratum": document["stratum"], "split": document["split"], "sha256": document["sha256"],
            "start": article["start"], "end": article["end"], "flows": chosen.get("flows") or [], "codes": chosen.get("codes") or [],
            "status": how, "reason": chosen.get("reason", ""), "text": article["text"],
        })
    with (HERE / "labels.jsonl").open("w", encoding="utf-8") as target:
        for row in out:
            target.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(out)} labelled articles written; {missing} not (yet) labelled by both annotators or adjudicated")


if __name__ == "__main__":
    main()
