"""Draw the labelled documents of the validation set, and the frozen test set among them.

Run once, before any rule, term or model is tuned on the new labels:

    python validation/draw.py ../shared/lawref/lawref.jsonl.gz

It writes ``validation/documents.jsonl`` (one row per document: key, title, stratum, split, source)
and ``validation/articles.jsonl`` (one row per article as tixi segments it: the unit every label
refers to, with its offsets and text, so the labels can be checked without ``../shared``). The draw is
stratified by kind of document and seeded, so it can be repeated and audited; the frozen split is
drawn in the same pass and is never changed afterwards.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path

from tixi.flows.extract import units_of
from tixi.text.normalize import normalize

SEED = 20261202
HERE = Path(__file__).parent
ARTICLE = re.compile(r"(?m)^\s*第[一二三四五六七八九十百零〇]+条")

# How many documents each stratum contributes, and how many of them go to the frozen test set.
STRATA = {
    "civility": (14, 5),
    "credit": (6, 2),
    "volunteer": (6, 2),
    "sector": (24, 9),
    "control": (10, 4),
}
SECTOR = re.compile(
    "旅游|消费者|物业|垃圾|安全生产|食品|家政|养老|价格|电子商务|环境|市容|养犬|控制吸烟|交通|招标|建筑|租赁|慈善|献血|"
    "社会救助|劳动|工资|农民工|广告|电梯|燃气|住房|诚信"
)
# Documents whose articles were read to write tixi's existing rules and terms, or that the issue
# names: they may be labelled and used for training, but never drawn into the frozen set.
SEEN_TITLES = {
    "北京市文明行为促进条例", "济南市文明行为促进条例", "威海市文明行为促进条例", "上海市社会信用条例",
    "志愿服务条例", "上海市志愿服务条例", "上海市生活垃圾管理条例", "郑州市文明行为促进条例", "重庆市志愿服务条例",
    "日照市文明行为促进条例", "山东省社会信用条例", "河南省文明行为促进条例", "河南省社会信用条例",
    "鹤壁市文明行为促进条例", "东营市文明行为促进条例", "临沂市文明行为促进条例",
}


def stratum(row: dict[str, str]) -> str | None:
    title, text = row["title"], row["text"]
    articles = len(ARTICLE.findall(text))
    if not 8 <= articles <= 70:
        return None
    if "文明行为促进条例" in title:
        return "civility"
    if re.search("社会信用条例|公共信用信息管理条例|企业信用促进条例|征信业管理条例|企业信息公示暂行条例", title):
        return "credit"
    if "志愿服务" in title:
        return "volunteer"
    if SECTOR.search(title) and text.count("信用") >= 2 and articles <= 65:
        return "sector"
    if row["category"] in ("地方法规", "行政法规") and articles <= 45:
        return "control"
    return None


def main(lawref: str) -> None:
    with gzip.open(lawref, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    by_text: dict[str, dict[str, str]] = {}
    for row in sorted(rows, key=lambda r: r["path"]):
        by_text.setdefault(row["text"], row)  # lawref holds a few texts twice
    pools: dict[str, list[dict[str, str]]] = {name: [] for name in STRATA}
    titles_seen: set[str] = set()
    for row in by_text.values():
        name = stratum(row)
        if name and row["title"] not in titles_seen:
            titles_seen.add(row["title"])
            pools[name].append(row)
    rng = random.Random(SEED)
    documents, articles = [], []
    for name, (size, frozen_size) in STRATA.items():
        pool = sorted(pools[name], key=lambda r: r["path"])
        chosen = rng.sample(pool, size)
        eligible = [r for r in chosen if r["title"] not in SEEN_TITLES]
        frozen = {r["path"] for r in rng.sample(eligible, frozen_size)}
        for row in sorted(chosen, key=lambda r: r["path"]):
            normalized = normalize(row["text"]).text
            sha = hashlib.sha256(normalized.encode("utf-8")).hexdigest()
            key = f"{name[:3]}-{sha[:8]}"
            units = units_of(normalized)
            documents.append({
                "doc": key, "sha256": sha, "title": row["title"], "stratum": name,
                "split": "frozen" if row["path"] in frozen else "train",
                "seen_before": row["title"] in SEEN_TITLES, "province": row["province"],
                "date": row["date"], "articles": len(units), "source": f"lawref:{row['path']}",
            })
            for unit in units:
                articles.append({
                    "doc": key, "article": unit.label, "start": unit.start, "end": unit.end,
                    "text": normalized[unit.start:unit.end],
                })
    write(HERE / "documents.jsonl", documents)
    write(HERE / "articles.jsonl", articles)
    print(f"{len(documents)} documents, {len(articles)} articles; frozen: "
          f"{sum(d['split'] == 'frozen' for d in documents)} documents")


def write(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
