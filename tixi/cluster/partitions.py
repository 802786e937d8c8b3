"""Partitions of documents, and Parquet files of per-document results (JSON payloads, one row per result)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

T = TypeVar("T")

# A partition holds about this many characters of text: small enough that a worker's memory stays
# far below its limit (texts, their shingles and results), large enough that scheduling is cheap.
PARTITION_CHARS = 4_000_000


def partition(items: Sequence[T], sizes: Sequence[int], limit: int = PARTITION_CHARS) -> list[list[T]]:
    """Return ``items`` cut, in order, into runs whose ``sizes`` sum to at most ``limit`` (one oversized item alone)."""
    parts: list[list[T]] = []
    current: list[T] = []
    total = 0
    for item, size in zip(items, sizes, strict=True):
        if current and total + size > limit:
            parts.append(current)
            current, total = [], 0
        current.append(item)
        total += size
    if current:
        parts.append(current)
    return parts


def write_results(path: Path, rows: Iterable[tuple[str, Any]]) -> Path:
    """Write (key, JSON-ready payload) rows to ``path`` as Parquet (columns key, payload); return the path."""
    keys, payloads = [], []
    for key, payload in rows:
        keys.append(key)
        payloads.append(json.dumps(payload, ensure_ascii=False, sort_keys=True))
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"key": pa.array(keys, pa.string()), "payload": pa.array(payloads, pa.large_string())}), path)
    return path


def read_results(paths: Iterable[Path]) -> list[tuple[str, Any]]:
    """Return the (key, payload) rows of the Parquet files, in file then row order."""
    rows: list[tuple[str, Any]] = []
    for path in paths:
        table = pq.read_table(path)
        rows.extend((str(key), json.loads(payload)) for key, payload in zip(table["key"].to_pylist(), table["payload"].to_pylist(), strict=True))
    return rows
