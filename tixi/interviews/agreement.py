"""Agreement between coders of a project, per code and over all codes.

Scope: the documents that every compared coder has coded at least once (a document one coder
never opened says nothing about agreement). Units: every character of those documents
(``level="char"``) or every turn, or paragraph where a document has no turns
(``level="segment"``). Each code gives a binary coders × units matrix; the row "(all codes)"
pools the matrices of all codes compared.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Sequence

import numpy as np
import pandas as pd

from tixi.coding.manual import known_coder, resolve_code
from tixi.errors import InputError, NotFound
from tixi.interviews.cases import synthetic_doc_ids
from tixi.interviews.reliability import CodedSpan, binary_agreement, char_units, segment_units

UNIT_LEVELS = ("char", "segment")
ALL_CODES = "(all codes)"
COLUMNS = ["code", "level", "units", "coded_by_any", "coded_by_all", "percent_agreement", "cohen_kappa", "krippendorff_alpha"]


def _scope(db: sqlite3.Connection, coders: Sequence[str]) -> list[str]:
    """Return the documents coded by every coder, sorted."""
    sets = [{row[0] for row in db.execute("SELECT DISTINCT doc_id FROM codings WHERE coder = ?", (coder,))} for coder in coders]
    return sorted(set.intersection(*sets)) if sets else []


def _segments(db: sqlite3.Connection, doc_ids: Sequence[str]) -> list[tuple[str, int, int]]:
    units: list[tuple[str, int, int]] = []
    for doc_id in doc_ids:
        for kind in ("turn", "paragraph"):
            rows = db.execute("SELECT start, end FROM segments WHERE doc_id = ? AND kind = ? ORDER BY start", (doc_id, kind)).fetchall()
            if rows:
                units.extend((doc_id, int(row[0]), int(row[1])) for row in rows)
                break
    return units


def agreement(db: sqlite3.Connection, coders: Sequence[str], code: str | None = None, level: str = "char") -> pd.DataFrame:
    """Return agreement per code (and pooled) between coders: percent agreement, Cohen's kappa, Krippendorff's alpha."""
    if level not in UNIT_LEVELS:
        raise InputError(f"level must be one of {', '.join(UNIT_LEVELS)}, got {level!r}")
    names = [name.strip() for name in coders if name.strip()]
    if len(set(names)) < 2:
        raise InputError(f"agreement needs at least two different coders, got {', '.join(names) or 'none'}")
    for name in names:
        known_coder(db, name)
    doc_ids = _scope(db, names)
    if not doc_ids:
        raise NotFound(f"no document has codings by all of {', '.join(names)}; agreement needs documents they all coded")
    placeholders = ", ".join("?" for _ in doc_ids)
    coder_marks = ", ".join("?" for _ in names)
    rows = db.execute(
        f"SELECT doc_id, start, end, code_id, coder FROM codings WHERE doc_id IN ({placeholders}) AND coder IN ({coder_marks})",
        [*doc_ids, *names],
    ).fetchall()
    spans = [CodedSpan(row[0], int(row[1]), int(row[2]), row[3], row[4]) for row in rows]
    codes = [resolve_code(db, code)] if code else sorted({span.code for span in spans})
    if level == "char":
        lengths = {row[0]: int(row[1]) for row in db.execute(
            f"SELECT doc_id, length(normalized) FROM texts WHERE doc_id IN ({placeholders})", doc_ids)}
        matrices = {code_id: char_units(lengths, spans, names, code_id) for code_id in codes}
    else:
        units = _segments(db, doc_ids)
        matrices = {code_id: segment_units(units, spans, names, code_id) for code_id in codes}
    records = [_record(code_id, level, matrices[code_id]) for code_id in codes]
    if len(codes) > 1:
        records.append(_record(ALL_CODES, level, np.concatenate([matrices[c] for c in codes], axis=1)))
    frame = pd.DataFrame.from_records(records, columns=COLUMNS)
    frame.attrs["coders"] = names
    frame.attrs["documents"] = len(doc_ids)
    frame.attrs["synthetic_documents"] = len(synthetic_doc_ids(db, by_case=True).intersection(doc_ids))
    return frame


def _record(code_id: str, level: str, matrix: np.ndarray) -> dict[str, object]:
    stats = binary_agreement(matrix)
    return {
        "code": code_id, "level": level, "units": stats.units, "coded_by_any": stats.coded_by_any,
        "coded_by_all": stats.coded_by_all, "percent_agreement": _round(stats.percent_agreement),
        "cohen_kappa": _round(stats.cohen_kappa), "krippendorff_alpha": _round(stats.krippendorff_alpha),
    }


def _round(value: float) -> float:
    return value if math.isnan(value) else round(value, 4)
