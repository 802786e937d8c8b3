"""Matrices and retrieval over codings: code × case, code × attribute, quotes, co-occurrence in turns.

A coding counts for a case when its document is linked to the case. The frames carry in
``attrs["synthetic_cases"]`` how many of the cases they cover are marked synthetic, so that
whoever prints them can say so.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from itertools import combinations
from typing import cast

import pandas as pd

from tixi.coding.manual import coder_filter
from tixi.errors import InputError
from tixi.interviews.cases import LINKS_SQL, attributes, case_ids, synthetic_case_ids, synthetic_doc_ids


def coded_in_cases(db: sqlite3.Connection, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """Return codings joined to the cases of their documents: case, doc_id, code_id, coder, start, end, id, memo."""
    query = (
        f"SELECT l.case_id AS \"case\", c.doc_id, c.code_id, c.coder, c.start, c.end, c.id, c.memo "
        f"FROM codings c JOIN ({LINKS_SQL}) l ON l.doc_id = c.doc_id"
    )
    where, params = coder_filter(coders, "c.coder")
    return pd.read_sql_query(query + where + " ORDER BY 1, c.doc_id, c.start, c.code_id, c.coder", db, params=params)


def _mark_synthetic(frame: pd.DataFrame, db: sqlite3.Connection, cases: Sequence[str]) -> pd.DataFrame:
    """Set ``attrs["cases"]`` and ``attrs["synthetic_cases"]`` (how many of the cases are marked synthetic)."""
    frame.attrs["synthetic_cases"] = len(synthetic_case_ids(db).intersection(cases))
    frame.attrs["cases"] = len(cases)
    return frame


def code_case_matrix(db: sqlite3.Connection, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """Return codes × cases: codings per cell, then total, cases coded and share of all cases."""
    coded = coded_in_cases(db, coders)
    cases = case_ids(db)
    table = pd.crosstab(coded["code_id"], coded["case"]).reindex(columns=cases, fill_value=0) if len(coded) else pd.DataFrame()
    frame = pd.DataFrame({"code": list(table.index)})
    for case_id in cases:
        frame[case_id] = [int(value) for value in table[case_id]] if len(table) else []
    frame["total"] = frame[cases].sum(axis=1) if cases else 0
    frame["cases"] = (frame[cases] > 0).sum(axis=1) if cases else 0
    frame["share_of_cases"] = frame["cases"] / len(cases) if cases else 0.0
    return _mark_synthetic(frame.sort_values("code").reset_index(drop=True), db, cases)


MATRIX_VALUES = ("codings", "cases", "share")


def code_attribute_matrix(
    db: sqlite3.Connection, attribute: str, value: str = "codings", coders: Sequence[str] | None = None
) -> pd.DataFrame:
    """Return codes × values of a case attribute: codings, cases coded, or share of the value's cases coded."""
    if value not in MATRIX_VALUES:
        raise InputError(f"value must be one of {', '.join(MATRIX_VALUES)}, got {value!r}")
    table = attributes(db)
    if attribute not in table.columns:
        names = ", ".join(table.columns) or "none"
        raise InputError(f"no case attribute {attribute!r} (attributes: {names})")
    of_case = table[attribute].fillna("(none)")
    levels = sorted(of_case.unique())
    coded = coded_in_cases(db, coders)
    coded["level"] = [of_case.get(case, "(none)") for case in coded["case"]]
    codes = sorted(coded["code_id"].unique())
    frame = pd.DataFrame({"code": codes})
    for level in levels + ["all"]:
        in_level = coded if level == "all" else coded[coded["level"] == level]
        cases_in_level = len(of_case) if level == "all" else int((of_case == level).sum())
        by_code = in_level.groupby("code_id")
        column: list[int] | list[float]
        if value == "codings":
            column = [int(by_code.size().get(code, 0)) for code in codes]
        else:
            reached = by_code["case"].nunique()
            counts = [int(reached.get(code, 0)) for code in codes]
            column = counts if value == "cases" else [count / cases_in_level if cases_in_level else 0.0 for count in counts]
        frame[level] = column
    frame.attrs["attribute"] = attribute
    frame.attrs["value"] = value
    frame.attrs["cases_per_value"] = {level: int((of_case == level).sum()) for level in levels}
    return _mark_synthetic(frame, db, list(table.index))


def _speaker_at(db: sqlite3.Connection, doc_id: str, position: int) -> str | None:
    row = db.execute(
        "SELECT label, meta FROM segments WHERE doc_id = ? AND kind = 'turn' AND start <= ? AND end > ? ORDER BY start DESC LIMIT 1",
        (doc_id, position, position),
    ).fetchone()
    if row is None:
        return None
    meta = json.loads(row["meta"]) if row["meta"] else {}
    return str(meta.get("speaker") or row["label"] or "") or None


def quotes(
    db: sqlite3.Connection,
    codes: Sequence[str],
    where: dict[str, str] | None = None,
    coders: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return the passages coded with any of codes, in documents of cases whose attributes match where."""
    table = attributes(db)
    where = dict(where or {})
    for name in where:
        if name not in table.columns:
            raise InputError(f"no case attribute {name!r} to filter on (attributes: {', '.join(table.columns) or 'none'})")
    selected = table
    for name, value in where.items():
        selected = selected[selected[name] == value]
    coded = coded_in_cases(db, coders)
    coded = coded[coded["code_id"].isin(list(codes)) & coded["case"].isin(selected.index)]
    synthetic_cases, synthetic_docs = synthetic_case_ids(db), synthetic_doc_ids(db)
    rows = []
    for item in coded.itertuples(index=False):
        text_row = db.execute(
            "SELECT substr(t.normalized, ? + 1, ? - ?) AS quote, d.title FROM texts t JOIN documents d ON d.id = t.doc_id "
            "WHERE t.doc_id = ?",
            (item.start, item.end, item.start, item.doc_id),
        ).fetchone()
        record = {
            "case": item.case, "doc_id": item.doc_id, "title": text_row["title"], "code": item.code_id,
            "coder": item.coder, "start": int(cast(int, item.start)), "end": int(cast(int, item.end)),
            "speaker": _speaker_at(db, str(item.doc_id), int(cast(int, item.start))), "quote": text_row["quote"], "memo": item.memo,
            "synthetic": item.case in synthetic_cases or item.doc_id in synthetic_docs,
        }
        for name in sorted(where):
            record[name] = table.at[str(item.case), name]
        rows.append(record)
    columns = ["case", "doc_id", "title", "code", "coder", "start", "end", "speaker", "quote", "memo", "synthetic", *sorted(where)]
    return pd.DataFrame.from_records(rows, columns=columns)


def cooccurrence_in_turns(db: sqlite3.Connection, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """Return pairs of codes coded in the same turns: turns with both, with each, and c = n12 / (n1 + n2 - n12)."""
    turns = pd.read_sql_query("SELECT id, doc_id, start, end FROM segments WHERE kind = 'turn' ORDER BY doc_id, start", db)
    where, params = coder_filter(coders)
    codings = pd.read_sql_query("SELECT doc_id, start, end, code_id FROM codings" + where, db, params=params)
    by_doc = {doc_id: group for doc_id, group in codings.groupby("doc_id")}
    per_code: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for turn in turns.itertuples(index=False):
        group = by_doc.get(str(turn.doc_id))
        if group is None:
            continue
        inside = group[(group["start"] < turn.end) & (group["end"] > turn.start)]
        present = sorted(set(inside["code_id"]))
        per_code.update(present)
        pairs.update(combinations(present, 2))
    rows = [
        {"code_a": a, "code_b": b, "turns_both": n, "turns_a": per_code[a], "turns_b": per_code[b],
         "c_coefficient": n / (per_code[a] + per_code[b] - n)}
        for (a, b), n in pairs.items()
    ]
    frame = pd.DataFrame.from_records(rows, columns=["code_a", "code_b", "turns_both", "turns_a", "turns_b", "c_coefficient"])
    return frame.sort_values(["turns_both", "code_a", "code_b"], ascending=[False, True, True]).reset_index(drop=True)
