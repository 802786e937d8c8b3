"""Reuse results as files: JSON, CSV and Parquet tables, and passim's formats.

passim (Smith, Cordell and Mullen; github.com/dasmiq/passim) reads JSON Lines of documents
(``id``, ``series``, ``date``, ``text``) and writes clusters of reused passages, one JSON object
per passage occurrence (``uid``, ``cluster``, ``size``, ``id``, ``series``, ``date``, ``begin``,
``end``, ``text``). ``passim_output`` writes tixi's results in that output form, so tools made
for passim read them; ``passim_input`` writes the documents so passim itself can be run on them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from tixi.errors import InputError

TABLE_FORMATS = ("json", "csv", "parquet")


def write_table(frame: pd.DataFrame, path: Path, form: str) -> Path:
    """Write ``frame`` to ``path`` as json (records, UTF-8), csv or parquet; return the path."""
    if form not in TABLE_FORMATS:
        raise InputError(f"unknown format {form!r}; use {', '.join(TABLE_FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if form == "json":
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    elif form == "csv":
        frame.to_csv(path, index=False, encoding="utf-8")
    else:
        frame.to_parquet(path, index=False)
    return path


def passim_output(passages: pd.DataFrame, texts: Mapping[str, str], documents: Mapping[str, Mapping[str, Any]]) -> Iterable[dict[str, Any]]:
    """Yield passim output records: each side of each passage, grouped by cluster (size = documents in it)."""
    occurrences: dict[tuple[int, str, int, int], None] = {}
    columns = ["cluster", "source_doc", "source_start", "source_end", "target_doc", "target_start", "target_end"]
    for cluster, source, source_start, source_end, target, target_start, target_end in passages[columns].itertuples(index=False):
        occurrences[(int(cluster), str(source), int(source_start), int(source_end))] = None
        occurrences[(int(cluster), str(target), int(target_start), int(target_end))] = None
    sizes: dict[int, set[str]] = {}
    for cluster, doc, _, _ in occurrences:
        sizes.setdefault(cluster, set()).add(doc)
    for uid, (cluster, doc, begin, end) in enumerate(sorted(occurrences), start=1):
        info = documents.get(doc, {})
        yield {"uid": uid, "cluster": cluster, "size": len(sizes[cluster]), "id": doc, "series": series_of(info),
               "date": info.get("date") or "", "begin": begin, "end": end, "text": texts[doc][begin:end]}


def series_of(document: Mapping[str, Any]) -> str:
    """Return passim's series of a document: its place, else its issuer, else its system, else 'unknown'."""
    for key in ("place", "issuer", "system"):
        value = document.get(key)
        if isinstance(value, str) and value:
            return value
    return "unknown"


def write_jsonl(records: Iterable[Mapping[str, Any]], path: Path) -> Path:
    """Write records as JSON Lines (UTF-8); return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
