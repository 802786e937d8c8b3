"""Throughput of normalise + segment (articles, sentences) against a read-and-decode baseline.

Usage: python bench/ingest.py [--lawref PATH]

Prints characters per second per core for the bundled 50-document corpus and, when the
lawref corpus is found (../shared/lawref/lawref.jsonl.gz by default), for its 3,461 laws.
Both rates are measured in the same run, beside a baseline that only reads and decodes the
same text, so the ratio is what to compare across machines.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path

from tixi.demo import bundled_corpus
from tixi.text.normalize import normalize
from tixi.text.segment import segment_text

DEFAULT_LAWREF = Path(__file__).resolve().parents[2] / "shared" / "lawref" / "lawref.jsonl.gz"


def read_bundled() -> list[str]:
    """Return the texts of the bundled corpus, read and decoded."""
    return [path.read_text(encoding="utf-8") for path in sorted((bundled_corpus().parent / "documents").glob("*.txt"))]


def read_lawref(path: Path) -> list[str]:
    """Return the texts of the lawref JSON Lines corpus, read and decoded."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle]


def rate(label: str, chars: int, work: Callable[[], object], repeats: int = 3) -> float:
    """Print and return the best characters per second of ``work`` over ``repeats`` runs."""
    best = min(_timed(work) for _ in range(repeats))
    per_second = chars / best
    print(f"  {label:<38} {per_second / 1e6:8.2f} M chars/s  ({best:.2f} s)")
    return per_second


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def measure(name: str, load: Callable[[], list[str]]) -> None:
    """Time the baseline (read + decode) and tixi's normalise + segment on one corpus."""
    texts = load()
    chars = sum(len(text) for text in texts)
    print(f"{name}: {len(texts)} documents, {chars:,} characters")
    baseline = rate("baseline: read + decode", chars, load)
    normalise_only = rate("normalise", chars, lambda: [normalize(text) for text in texts])
    full = rate("normalise + segment (articles, sentences)", chars, lambda: [segment_text(normalize(text).text) for text in texts])
    print(f"  normalise is {baseline / normalise_only:.2f}x the baseline's time; normalise + segment {baseline / full:.2f}x\n")


def main() -> None:
    """Run the benchmark on the bundled corpus and, where present, on lawref."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lawref", type=Path, default=DEFAULT_LAWREF)
    arguments = parser.parse_args()
    measure("bundled corpus", read_bundled)
    if arguments.lawref.exists():
        measure("lawref", lambda: read_lawref(arguments.lawref))
    else:
        print(f"lawref not found at {arguments.lawref}; pass --lawref PATH")


if __name__ == "__main__":
    main()
