"""`tixi reuse` on lawref: time, recall against brute-force exact matching, and the precision sample.

    python bench/reuse.py [--lawref PATH] [--project DIR] [--pairs 250] [--seed 0] [--sample-out FILE]

Adds lawref to a fresh project (or opens ``--project``, a project that holds it), times
``find_reuse`` (the work of `tixi reuse`), then measures recall two ways:

- pairs: every document pair sharing an exact run of >= min_length characters, found by hashing
  every min_length-gram of every document (and checking the strings), and how many of those
  pairs the LSH made candidates;
- passages: on a seeded sample of those pairs (documents up to --max-chars long), every maximal
  exact common run of >= min_length characters, found by brute force along every diagonal of the
  two texts, counts as found when one reported passage of the pair covers >= 90% of it on both sides.

Precision: with --sample-out, writes 30 seeded passages (both sides' text) to read; the reading
is recorded in validation/reuse/precision.csv and summed here. Prints one Markdown report.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from tixi.project import Project
from tixi.reuse.candidates import DocumentKeys, candidate_pairs
from tixi.reuse.settings import ReuseSettings
from tixi.reuse.shingles import code_points, shingle_hashes

DEFAULT_LAWREF = Path(__file__).resolve().parents[2] / "shared" / "lawref" / "lawref.jsonl.gz"
JUDGEMENTS = Path(__file__).resolve().parents[1] / "validation" / "reuse" / "precision.csv"
COVER = 0.9


def exact_pairs(texts: list[str], length: int) -> set[tuple[int, int]]:
    """Return every pair (i < j) of texts that share a run of ``length`` characters (hash, then compare strings)."""
    owners: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for index, text in enumerate(texts):
        hashes = shingle_hashes(text, length)
        unique, first = np.unique(hashes, return_index=True)
        for value, offset in zip(unique.tolist(), first.tolist(), strict=True):
            owners[value].append((index, offset))
    pairs: set[tuple[int, int]] = set()
    for members in owners.values():
        if len(members) < 2:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                (i, s), (j, t) = members[x], members[y]
                if texts[i][s:s + length] == texts[j][t:t + length]:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def brute_runs(a: str, b: str, length: int) -> list[tuple[int, int, int]]:
    """Return every maximal exact common run (start in a, start in b, length) of at least ``length``, diagonal by diagonal."""
    x, y = code_points(a), code_points(b)
    runs = []
    for shift in range(-(len(x) - 1), len(y)):  # b offset = a offset + shift
        start_a = max(0, -shift)
        end_a = min(len(x), len(y) - shift)
        if end_a - start_a < length:
            continue
        equal = np.concatenate(([False], x[start_a:end_a] == y[start_a + shift:end_a + shift], [False]))
        edges = np.flatnonzero(np.diff(equal.astype(np.int8)))
        for begin, end in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
            if end - begin >= length:
                runs.append((start_a + begin, start_a + begin + shift, end - begin))
    return runs


def covered(run: tuple[int, int, int], spans: list[tuple[int, int, int, int]]) -> bool:
    """Return whether one passage (a span, b span) covers >= COVER of the run on both sides."""
    start_a, start_b, length = run
    for a0, a1, b0, b1 in spans:
        over_a = min(a1, start_a + length) - max(a0, start_a)
        over_b = min(b1, start_b + length) - max(b0, start_b)
        if over_a >= COVER * length and over_b >= COVER * length:
            return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lawref", type=Path, default=DEFAULT_LAWREF)
    parser.add_argument("--project", type=Path)
    parser.add_argument("--pairs", type=int, default=250)
    parser.add_argument("--max-chars", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sample-out", type=Path)
    options = parser.parse_args()
    settings = ReuseSettings()
    with tempfile.TemporaryDirectory() as folder:
        if options.project:
            project = Project.open(options.project)
        else:
            if not options.lawref.exists():
                sys.exit(f"{options.lawref} not found: give --lawref PATH (lawref.jsonl.gz) or --project DIR")
            project = Project.init(Path(folder) / "lawref")
            project.add([options.lawref], text_column="text")
        started = time.perf_counter()
        summary = project.find_reuse(settings)
        seconds = time.perf_counter() - started
        passages = project.reuse_passages()
        ids, texts = project._reuse_texts()
        position = {doc: index for index, doc in enumerate(ids)}
        truth = exact_pairs(texts, settings.min_length)
        keys = [DocumentKeys.of(text, settings) for text in texts]
        candidates = {tuple(pair) for pair in candidate_pairs(keys, settings).pairs.tolist()}
        spans: dict[tuple[int, int], list[tuple[int, int, int, int]]] = defaultdict(list)
        for row in passages.itertuples(index=False):
            s, t = position[row.source_doc], position[row.target_doc]
            if s < t:
                spans[(s, t)].append((row.source_start, row.source_end, row.target_start, row.target_end))
            else:
                spans[(t, s)].append((row.target_start, row.target_end, row.source_start, row.source_end))
        rng = random.Random(options.seed)
        eligible = sorted(pair for pair in truth if max(len(texts[pair[0]]), len(texts[pair[1]])) <= options.max_chars)
        sample = rng.sample(eligible, min(options.pairs, len(eligible)))
        found = total = 0
        for a, b in sample:
            for run in brute_runs(texts[a], texts[b], settings.min_length):
                total += 1
                found += covered(run, spans.get((a, b), []))
        if options.sample_out:
            write_precision_sample(passages, texts, position, options.sample_out, options.seed)
        judged = read_judgements()
        project.close()
    print("## tixi reuse on lawref (bench/reuse.py, one run)\n")
    print(f"- documents {summary.documents}, characters {summary.characters:,}")
    print(f"- find_reuse: {seconds:.1f} s wall ({summary.candidate_pairs} candidate pairs, {summary.passages} passages, "
          f"{summary.boilerplate} boilerplate, {summary.families} families)")
    print(f"- pairs sharing an exact run of >= {settings.min_length} characters: {len(truth)}; candidates among them: "
          f"{len(truth & candidates)} (pair recall {len(truth & candidates) / max(1, len(truth)):.4f})")
    print(f"- brute-force sample: {len(sample)} of those pairs (documents <= {options.max_chars} characters, seed {options.seed}), "
          f"{total} maximal exact runs >= {settings.min_length}: {found} covered >= {COVER:.0%} by one passage "
          f"(passage recall {found / max(1, total):.4f})")
    if judged:
        shared = sum(1 for row in judged if row["judgement"] in ("reuse", "formula"))
        plain = [row for row in judged if not row["boilerplate"]]
        copied = sum(1 for row in plain if row["judgement"] == "reuse")
        print(f"- precision by reading {len(judged)} sampled passages (validation/reuse/precision.csv): {shared} are shared text "
              f"({shared / len(judged):.2f}); of {len(plain)} not marked boilerplate, {copied} are copying, not a stock formula "
              f"({copied / max(1, len(plain)):.2f})")


def write_precision_sample(passages: object, texts: list[str], position: dict[str, int], path: Path, seed: int) -> None:
    """Write 30 seeded passages (20 not boilerplate, 10 boilerplate) with both sides' text, as JSON Lines to read."""
    import pandas as pd

    assert isinstance(passages, pd.DataFrame)
    plain = passages[passages["boilerplate"] == ""].sample(20, random_state=seed)
    boiler = passages[passages["boilerplate"] != ""].sample(10, random_state=seed)
    with path.open("w", encoding="utf-8") as handle:
        for row in pd.concat([plain, boiler]).itertuples(index=False):
            handle.write(json.dumps({
                "key": f"{row.source_doc}:{row.source_start}-{row.source_end}|{row.target_doc}:{row.target_start}-{row.target_end}",
                "identity": row.identity, "boilerplate": row.boilerplate, "source_title": row.source_title, "target_title": row.target_title,
                "source": texts[position[row.source_doc]][row.source_start:row.source_end],
                "target": texts[position[row.target_doc]][row.target_start:row.target_end],
            }, ensure_ascii=False) + "\n")


def read_judgements() -> list[dict[str, str]]:
    """Return the recorded reading of the precision sample (empty when not recorded)."""
    if not JUDGEMENTS.exists():
        return []
    with JUDGEMENTS.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


if __name__ == "__main__":
    main()
