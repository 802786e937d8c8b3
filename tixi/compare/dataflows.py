"""Compare the data flows of two groups of documents: systems, places, or single documents."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tixi.errors import InputError

COMPARE_COLUMNS = ["source", "target", "modality", "direction", "documents_a", "documents_b", "present", "evidence_a", "evidence_b"]


def select_group(flows: pd.DataFrame, documents: pd.DataFrame, selector: str, systems: Sequence[str] = ()) -> pd.DataFrame:
    """Return the flows of the group ``selector`` names: a system, a place, or a document id prefix."""
    if selector in systems:
        if not (documents["system"] == selector).any():
            present = sorted(str(value) for value in documents["system"].dropna().unique())
            raise InputError(f"no document has system {selector!r} (systems in this project: {', '.join(present) or 'none'}); "
                             "set it with tixi add --system or a manifest column, or compare places or documents instead")
        return flows[flows["system"] == selector]
    if selector in set(documents["place"].dropna()):
        return flows[flows["place"] == selector]
    ids = [doc_id for doc_id in documents["id"] if doc_id.startswith(selector)]
    if len(ids) == 1:
        selected: pd.DataFrame = flows[flows["doc_id"] == ids[0]]
        return selected
    if len(ids) > 1:
        raise InputError(f"{selector!r} matches {len(ids)} documents; give more characters of the id")
    raise InputError(f"{selector!r} is neither a system ({', '.join(systems)}), a place of the corpus, nor a document id")


def compare_dataflows(flows: pd.DataFrame, documents: pd.DataFrame, a: str, b: str, systems: Sequence[str] = ()) -> pd.DataFrame:
    """Return one row per (source, target, modality) in either group: documents stating it in A and B, and evidence."""
    combined = pd.concat([select_group(flows, documents, a, systems).assign(group="a"),
                          select_group(flows, documents, b, systems).assign(group="b")])
    rows = []
    for (source, target, modality), edge in combined.groupby(["source", "target", "modality"], sort=True):
        in_a, in_b = edge[edge["group"] == "a"], edge[edge["group"] == "b"]
        rows.append({
            "source": source, "target": target, "modality": modality,
            "direction": ",".join(sorted(set(edge["direction"]))),
            "documents_a": int(in_a["doc_id"].nunique()), "documents_b": int(in_b["doc_id"].nunique()),
            "present": "both" if len(in_a) and len(in_b) else ("A only" if len(in_a) else "B only"),
            "evidence_a": _evidence(in_a), "evidence_b": _evidence(in_b),
        })
    frame = pd.DataFrame(rows, columns=COMPARE_COLUMNS)
    return frame.sort_values(["present", "source", "target", "modality"]).reset_index(drop=True)


def _evidence(group: pd.DataFrame) -> str:
    """Return the first flow of a group as ``doc_id article: quote`` (the one with the lowest id and offset)."""
    if group.empty:
        return ""
    first = group.sort_values(["doc_id", "start"]).iloc[0]
    return f"{first['doc_id']} {first['unit']}: {first['quote']}"
