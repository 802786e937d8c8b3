"""From aligned matches to the tables `tixi reuse` reports: direction by date, boilerplate, families, clusters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from tixi.reuse.find import PairMatch
from tixi.reuse.rules import BoilerplateRules

PASSAGE_COLUMNS = [
    "passage", "source_doc", "source_start", "source_end", "target_doc", "target_start", "target_end",
    "source_length", "target_length", "matched", "identity", "directed", "boilerplate", "family", "cluster",
]


@dataclass(frozen=True)
class DocumentFacts:
    """What reuse needs to know of each document besides its text: id and date (ISO, possibly partial)."""

    ids: Sequence[str]
    dates: Sequence[str | None]


def passages_table(matches: Sequence[PairMatch], texts: Sequence[str], facts: DocumentFacts, rules: BoilerplateRules,
                   family_share: float) -> pd.DataFrame:
    """Return one row per passage, its source the earlier document (``directed`` 0 when dates tie or are missing).

    Dates (YYYY, YYYY-MM or YYYY-MM-DD) are compared at the precision both give: 2016 and
    2016-09-01 tie, since the year alone does not say which came first.

    Rows are in a fixed order (source, target, offsets), numbered from 1, so a rerun on the same
    project gives the same table.
    """
    rows = []
    for found in matches:
        a, b, match = found.a, found.b, found.match
        date_a, date_b = facts.dates[a] or "", facts.dates[b] or ""
        common = min(len(date_a), len(date_b))   # 0 when a date is missing: a tie
        directed = date_a[:common] != date_b[:common]
        # Undated or same-day pairs keep the order of their ids, so the table is the same every run.
        swap = date_b < date_a if directed else facts.ids[b] < facts.ids[a]
        source, target = (b, a) if swap else (a, b)
        source_span = (match.start_b, match.end_b) if swap else (match.start_a, match.end_a)
        target_span = (match.start_a, match.end_a) if swap else (match.start_b, match.end_b)
        rows.append({
            "source_doc": facts.ids[source], "source_start": source_span[0], "source_end": source_span[1],
            "target_doc": facts.ids[target], "target_start": target_span[0], "target_end": target_span[1],
            "source_length": source_span[1] - source_span[0], "target_length": target_span[1] - target_span[0],
            "matched": match.matched, "identity": round(match.identity, 4), "directed": int(directed),
            "boilerplate": rules.kind_of(texts[source][source_span[0]:source_span[1]]),
        })
    frame = pd.DataFrame.from_records(rows, columns=[c for c in PASSAGE_COLUMNS if c not in ("passage", "family", "cluster")])
    frame = frame.sort_values(["source_doc", "source_start", "target_doc", "target_start"], kind="stable").reset_index(drop=True)
    frame.insert(0, "passage", range(1, len(frame) + 1))
    families = template_families(frame, {doc: len(text) for doc, text in zip(facts.ids, texts, strict=True)}, family_share)
    # A passage belongs to a family when both its documents do (boilerplate never does); 0 otherwise.
    frame["family"] = [families.get(source, 0) if boiler == "" and families.get(source) == families.get(target) else 0
                       for source, target, boiler in zip(frame["source_doc"], frame["target_doc"], frame["boilerplate"], strict=True)]
    frame["cluster"] = passage_clusters(frame)
    return frame[PASSAGE_COLUMNS]


def template_families(passages: pd.DataFrame, lengths: Mapping[str, int], share: float) -> dict[str, int]:
    """Return family numbers (1 = the largest) of documents that share a template.

    Two documents share a template when the passages between them that are not boilerplate cover
    at least ``share`` of the shorter one; a family is a connected group of such documents (a
    template and its copies, or copies of copies). A clause or two in common links no one: with
    shared legal phrasing, single passages would join most of a corpus into one group.
    """
    graph: nx.Graph = nx.Graph()
    kept = passages[passages["boilerplate"] == ""]
    shared = kept.groupby(["source_doc", "target_doc"], as_index=False)["target_length"].sum()
    for source, target, chars in zip(shared["source_doc"], shared["target_doc"], shared["target_length"], strict=True):
        if chars >= share * min(lengths[str(source)], lengths[str(target)]):
            graph.add_edge(source, target)
    groups = sorted((sorted(component) for component in nx.connected_components(graph)), key=lambda docs: (-len(docs), docs[0]))
    return {doc: number for number, docs in enumerate(groups, start=1) for doc in docs}


def passage_clusters(passages: pd.DataFrame) -> list[int]:
    """Return, per passage, the cluster of text it belongs to (passim's clusters): passages whose spans overlap in some document.

    Each passage joins its two spans; spans that overlap in one document are the same text
    there, so their passages join too. Clusters are numbered from 1 by their first passage.
    """
    parent = list(range(len(passages)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    spans = []
    for index, row in enumerate(passages[["source_doc", "source_start", "source_end", "target_doc", "target_start", "target_end"]].itertuples(index=False)):
        spans.append((row[0], int(row[1]), int(row[2]), index))
        spans.append((row[3], int(row[4]), int(row[5]), index))
    spans.sort()
    reach_doc, reach_end, reach_owner = None, -1, -1
    for doc, start, end, owner in spans:
        if doc == reach_doc and start < reach_end:
            parent[root(owner)] = root(reach_owner)
            reach_end = max(reach_end, end)
        else:
            reach_doc, reach_end, reach_owner = doc, end, owner
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(index), len(numbers) + 1) for index in range(len(passages))]


def family_table(members: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Return the families table from its members (family, doc_id, passages; `reuse.store.family_members` reads them):
    with title, place and date, in family then date order, ``template`` marking each family's earliest member.

    Families are the passages' ``family`` column (``template_families`` numbered them when the passages
    were found), so the groups need not be found again, nor the texts read for their lengths.
    """
    info = documents.set_index("id")
    frame = pd.DataFrame({
        "family": [int(family) for family in members["family"]],
        "doc_id": [str(doc) for doc in members["doc_id"]],
        "title": [info.at[doc, "title"] for doc in members["doc_id"]],
        "place": [info.at[doc, "place"] for doc in members["doc_id"]],
        "date": [info.at[doc, "date"] for doc in members["doc_id"]],
        "passages": [int(count) for count in members["passages"]],
    }, columns=["family", "doc_id", "title", "place", "date", "passages"])
    frame["date_key"] = frame["date"].fillna("9999")
    frame = frame.sort_values(["family", "date_key", "doc_id"], kind="stable").drop(columns="date_key").reset_index(drop=True)
    frame["template"] = ~frame["family"].duplicated()
    return frame


CARRIED_COLUMNS = ["passage", "source_doc", "source_start", "source_end", "source_title", "source_date", "target_doc", "target_start",
                   "target_end", "target_title", "target_date", "target_place", "boilerplate", "direction", "type", "quote"]


def carried_flows(passages: pd.DataFrame, flows: pd.DataFrame) -> pd.DataFrame:
    """Return copied passages that hold a flow in the target's copy: one row per passage and flow (``text`` kept when given)."""
    columns = CARRIED_COLUMNS + (["text"] if "text" in passages.columns else [])
    joined = passages.merge(flows[["doc_id", "start", "end", "direction", "type", "quote"]], left_on="target_doc", right_on="doc_id")
    inside = (joined["start"] >= joined["target_start"]) & (joined["end"] <= joined["target_end"])
    return joined.loc[inside, columns].drop_duplicates(["passage", "quote"]).reset_index(drop=True)
