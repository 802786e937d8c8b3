"""Score a sample of automatic codings that a person marked right or wrong (the older, unstratified form).

``tixi validate sample`` now writes stratified samples (``tixi.validation.sampling``) that estimate
recall as well as precision; a sample with a ``correct`` column and no ``stratum`` column, as
earlier versions wrote, is still scored here: precision per code, with Wilson 95% intervals.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd

from tixi.errors import InputError
from tixi.validation.metrics import wilson_interval

YES = {"y", "yes", "1", "true", "t", "right", "correct", "对", "是"}
NO = {"n", "no", "0", "false", "f", "wrong", "incorrect", "错", "否"}


def read_marked_sample(path: Path) -> list[dict[str, Any]]:
    """Return the rows of a marked sample CSV; raise InputError naming the row of a bad mark."""
    if not path.exists():
        raise InputError(f"{path}: no such file; write one with `tixi validate sample --out {path.name}`")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "correct" not in reader.fieldnames or "code_id" not in reader.fieldnames:
            raise InputError(f"{path}: needs the columns code_id and correct (as written by `tixi validate sample`)")
        rows = []
        for line, row in enumerate(reader, start=2):
            mark = (row.get("correct") or "").strip().lower()
            if mark and mark not in YES | NO:
                raise InputError(f"{path}:{line}: correct must be y or n (or empty for not yet marked), got {row['correct']!r}")
            rows.append({**row, "mark": None if not mark else mark in YES})
    return rows


def score_sample(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Return precision with a Wilson 95% interval per code and for all marked rows."""
    marked = [row for row in rows if row["mark"] is not None]
    by_code: dict[str, list[bool]] = {}
    for row in marked:
        by_code.setdefault(str(row["code_id"]), []).append(bool(row["mark"]))
    records = []
    for code, marks in [*sorted(by_code.items()), ("all", [bool(row["mark"]) for row in marked])]:
        low, high = wilson_interval(sum(marks), len(marks))
        records.append({"code_id": code, "marked": len(marks), "right": sum(marks), "precision": sum(marks) / len(marks) if marks else None,
                        "ci_low": low, "ci_high": high})
    frame = pd.DataFrame.from_records(records)
    frame.attrs["unmarked"] = len(rows) - len(marked)
    return frame
