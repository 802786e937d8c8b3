"""Fragmentation ("haphazard development"): which places route which behaviours into credit, which promote which virtues.

Three place × code tables with the same rows, and one dispersion figure of the three side by side,
so that regional differences are seen at a glance. Places are the documents' places; interviews
(kind ``interview``) are left out, since a city named in talk is not a jurisdiction acting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from typing import TYPE_CHECKING, cast

import pandas as pd

from tixi.domain import domain_of
from tixi.flows.fields import IMPLICIT_DATA
from tixi.flows.gazetteer import load_gazetteer
from tixi.model import INTERVIEW_KIND
from tixi.report.context import Item, ReportContext, matrix_table
from tixi.report.model import Figure, Section, Table
from tixi.report.sections.common import auto_codings, behaviour_categories, code_categories, split_codes

if TYPE_CHECKING:
    from tixi.project import Project

KEY = "fragmentation"
DATA_PREFIX = "data:"
FIGURE_CODES = 12  # codes per panel of the dispersion figure (the most frequent; the tables hold all)


def section(project: Project, context: ReportContext) -> Section:
    """Return the fragmentation section: places × codes routed across (flows), virtues and prohibited behaviours (coding)."""
    result = Section(KEY, context.t("fragmentation.title"), context.t("fragmentation.intro"))
    places = _places(context)
    categories = code_categories(project)
    data_en = data_names(project)
    panels: list[tuple[str, pd.DataFrame, str]] = []
    routed = _routed_items(project, context, places, categories)
    result.notes.append(context.t("fragmentation.routed_note"))
    result.blocks.append(_table(context, "fragmentation.routed", routed, "passages", data_en))
    panels.append((context.t("fragmentation.routed_panel"), _counts(routed), "#7d3c98"))
    codings = auto_codings(project, context)
    codings = codings.loc[codings["doc_id"].isin(places), ["doc_id", "code_id", "category", "polarity", "start", "end"]]
    for category, caption, panel, colour, polarity in (
        ("virtue", "fragmentation.virtues", "fragmentation.virtue_panel", "#c0392b", None),
        ("prohibited_behaviour", "fragmentation.behaviours", "fragmentation.behaviour_panel", "#2471a3", "prohibited"),
    ):
        chosen = codings[codings["category"] == category]
        if polarity is not None and "polarity" in chosen:
            chosen = chosen[chosen["polarity"] == polarity]
        items = [Item(places[str(doc)], str(code), context.evidence.passage(str(doc), int(start), int(end)))
                 for doc, code, start, end in _first_per_article(context, chosen)]
        result.blocks.append(_table(context, caption, items, "articles", data_en))
        panels.append((context.t(panel), _counts(items), colour))
    if any(not matrix.empty for _, matrix, _ in panels):
        result.blocks.insert(0, _dispersion(context, panels, data_en))
    return result


def _places(context: ReportContext) -> dict[str, str]:
    """Return each document's place (documents with a place, interviews left out)."""
    docs = context.documents
    return {str(doc): str(place) for doc, place, kind in zip(docs["id"], docs["place"], docs["kind"], strict=True)
            if isinstance(place, str) and place and kind != INTERVIEW_KIND}


def _routed_items(project: Project, context: ReportContext, places: dict[str, str], categories: dict[str, str]) -> list[Item]:
    """Return (place, behaviour) items of flows into credit instruments."""
    flows = context.result("flows", project.flows)
    graph = context.result("flow_graph", project.flow_graph)
    # Flows routed into the instruments of the domain's second side (credit, in the reference pack).
    into_side = domain_of(project.pack).sides[-1] if domain_of(project.pack).sides else ""
    credit_targets = {str(node) for node, data in graph.nodes(data=True) if data.get("side") == into_side}
    behaviour_kinds = behaviour_categories(project)
    items = []
    for row in flows.itertuples(index=False):
        doc = str(row.doc_id)
        if doc not in places or str(row.target) not in credit_targets:
            continue
        behaviours = [code for code in split_codes(row.behaviour) if categories.get(code) in behaviour_kinds]
        if not behaviours and isinstance(row.data, str) and row.data:
            behaviours = [DATA_PREFIX + row.data]  # no behaviour named: the kind of record sent stands for it
        evidence = context.evidence.passage(doc, int(row.start), int(row.end))
        for code in sorted(set(behaviours)):
            items.append(Item(places[doc], code, evidence))
    return items


def _first_per_article(context: ReportContext, codings: pd.DataFrame) -> list[tuple[str, str, int, int]]:
    """Return (doc, code, start, end) of the first coding of each code in each article (or paragraph)."""
    seen: set[tuple[str, str, str]] = set()
    found = []
    ordered = codings.sort_values(["doc_id", "start", "end", "code_id"], kind="stable")
    for doc, code, start, end in zip(ordered["doc_id"], ordered["code_id"], ordered["start"], ordered["end"], strict=True):
        key = (str(doc), str(code), context.evidence.where(str(doc), int(start)))
        if key not in seen:
            seen.add(key)
            found.append((str(doc), str(code), int(start), int(end)))
    return found


def data_names(project: Project) -> dict[str, str]:
    """Return the English names of the flow data categories (from the pack's flows file), by Chinese label."""
    if not project.pack.has(project.pack.named("flows", "flows.yaml")):
        return {}
    return {entry.label: entry.en for entry in load_gazetteer(project.pack).data.entries}


def column_label(context: ReportContext, key: str, data_en: dict[str, str]) -> str:
    """Return a column name: a code's label, or a data category's name marked as a kind of record."""
    if key.startswith(DATA_PREFIX):
        zh = key[len(DATA_PREFIX):]
        if zh == IMPLICIT_DATA:
            return f"[{context.t('fragmentation.implicit_data')}]"
        return f"[{context.names.pair(zh, data_en.get(zh, ''), short=True)}]"
    return context.names.code(key, short=True)


def _table(context: ReportContext, caption: str, items: list[Item], unit: str, data_en: dict[str, str]) -> Table:
    names = context.names
    counts = Counter(str(item.col) for item in items)
    columns = sorted(counts, key=lambda code: (-counts[code], code))
    return matrix_table(
        context, KEY, context.t(caption), items, unit=unit, row_header=context.t("col.place"),
        row_label=lambda place: names.place(str(place)), col_label=lambda code: column_label(context, str(code), data_en), cols=columns,
    )


def _counts(items: list[Item]) -> pd.DataFrame:
    counter: Counter[tuple[Hashable, Hashable]] = Counter((item.row, item.col) for item in items)
    if not counter:
        return pd.DataFrame()
    frame = pd.Series(counter).unstack(fill_value=0)
    totals = frame.sum(axis=0)
    chosen: pd.DataFrame = frame[sorted(frame.columns, key=lambda c: (-int(cast(float, totals.get(c, 0))), str(c)))]
    return chosen


def _dispersion(context: ReportContext, panels: list[tuple[str, pd.DataFrame, str]], data_en: dict[str, str]) -> Figure:
    names = context.names
    everything = pd.concat([matrix for _, matrix, _ in panels if not matrix.empty], axis=1).fillna(0)
    spread = (everything > 0).sum(axis=1)
    order = sorted(everything.index, key=lambda place: (-int(spread[place]), str(place)))
    shown = []
    for title, matrix, colour in panels:
        if matrix.empty:
            continue
        renamed = matrix.reindex(order).fillna(0).iloc[:, :FIGURE_CODES]
        renamed.index = [names.place(str(p)) for p in renamed.index]
        renamed.columns = [column_label(context, str(c), data_en) for c in renamed.columns]
        shown.append((title, renamed, colour))
    caption = context.t("fragmentation.dispersion", n=FIGURE_CODES)
    return context.figures.dispersion("fragmentation_dispersion", caption, shown, keep_order=True)
