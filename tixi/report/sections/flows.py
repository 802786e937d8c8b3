"""Dimension 3: the data-flow graph, flows by direction, conflation by place and level, scope creep, reprimands, timeline."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, cast

import networkx as nx
import pandas as pd

from tixi.domain import NEUTRAL, Domain, domain_of
from tixi.errors import InputError
from tixi.flows.fields import UNNAMED_ACTOR
from tixi.flows.tension import ReprimandRules, load_reprimand_rules
from tixi.report.context import Item, ReportContext, matrix_table
from tixi.report.evidence import EvidenceRow
from tixi.report.model import Figure, Heading, Paragraph, Section, Table
from tixi.report.sections.common import first_crossings, passages, per_document, year_of

if TYPE_CHECKING:
    from tixi.project import Project

KEY = "flows"
EDGE_ROWS = 15  # strongest edges listed under the graph
GRAPH_EDGES = 40  # edges drawn in the figure


def section(project: Project, context: ReportContext) -> Section:
    """Return the data-flow section: graph, flows by direction, conflation, timeline, scope creep, reprimands."""
    result = Section(KEY, context.t("flows.title"), context.t("flows.intro"))
    flows = context.result("flows", project.flows)
    if flows.empty:
        result.notes.append(context.t("report.no_data"))
        return result
    names = context.names
    graph = context.result("flow_graph", project.flow_graph)
    result.blocks.append(_graph_figure(context, graph, domain_of(project.pack)))
    result.blocks.append(matrix_table(
        context, KEY, context.t("flows.by_direction"),
        [Item(d, m, row) for d, m, row in zip(flows["direction"], flows["modality"], passages(context, flows), strict=True)],
        unit="passages", row_header=context.t("col.direction"), row_label=lambda d: names.value("directions", str(d)),
        col_label=lambda m: names.value("modalities", str(m)),
    ))
    result.blocks.append(_edges(context, flows, graph))
    conflation = context.result("conflation", lambda: project.tension("conflation"))
    domain = domain_of(project.pack)  # the sides conflation counts and the directions that cross between them
    first_cross = first_crossings(context, flows, domain.crossings)
    result.blocks.append(Heading(context.t("flows.conflation")))
    result.blocks.extend(_conflation(context, domain, first_cross, conflation))
    result.blocks.append(Heading(context.t("flows.timeline")))
    result.blocks.extend(_timeline(context, domain, first_cross, conflation))
    # Scope creep and reprimands need pack files (a scope catalogue, reprimand cues) a pack may not have:
    # without them the rest of the section stands and a note says what is missing.
    try:
        scope = project.tension("scope")
        result.blocks.append(Heading(context.t("flows.scope")))
        result.blocks.append(_listing(context, scope, "flows.scope", ["title", "place", "unit", "term", "label", "status", "target", "quote"]))
    except InputError as error:
        result.notes.append(f"{context.t('flows.scope')}: {error}")
    try:
        restriction = context.result("reprimand", lambda: project.tension("reprimand"))
        rules = load_reprimand_rules(project.pack)
    except InputError as error:
        result.notes.append(f"{context.t('flows.reprimand')}: {error}")
        return result
    result.blocks.extend(_reprimands(context, restriction, rules))
    return result


def _reprimands(context: ReportContext, restriction: pd.DataFrame, rules: ReprimandRules) -> list[Heading | Paragraph | Table]:
    """Return the reprimand table (or why there is none and what would be needed), then the self-restraint clauses."""
    columns = ["date", "level", "place", "title", "unit", "label", "quote"]
    levels = ", ".join(context.names.value("levels", level) for level in rules.higher)
    found = restriction[restriction["kind"] == "reprimand"]
    limits = restriction[restriction["kind"] == "self_restraint"]
    blocks: list[Heading | Paragraph | Table] = [Heading(context.t("flows.reprimand"))]
    if found.empty:
        needed = rules.needed_in(context.lang)
        blocks.append(Paragraph(context.t("flows.no_reprimand", count=len(limits), needed=needed)))
    else:
        table = _listing(context, found, "flows.reprimand", columns)
        table.note = context.t("flows.reprimand_note", levels=levels)
        blocks.append(table)
    blocks.append(Heading(context.t("flows.self_restraint")))
    table = _listing(context, limits, "flows.self_restraint", columns)
    table.note = context.t("flows.self_restraint_note")
    blocks.append(table)
    return blocks


def node_label(context: ReportContext, graph: nx.DiGraph, node: str, *, short: bool = False) -> str:
    """Return a graph node's name in both languages where space allows ("actor not named" in the report's language)."""
    if not node or node == UNNAMED_ACTOR:
        return context.t("flows.unnamed_actor")
    english = str(graph.nodes[node].get("en", "") or "") if node in graph else ""
    return context.names.pair(node, english, short=short)


def _graph_figure(context: ReportContext, graph: nx.DiGraph, domain: Domain) -> Figure:
    """Return the flow graph aggregated by side and kind of node (actor, platform, list …), cross-system edges emphasised.

    Hundreds of named actors make an unreadable drawing; a reader needs who sends what kind of record to which
    kind of instrument, and how much of it crosses between the systems. Unnamed and unlisted actors are one node.
    Edge weights count distinct documents.
    """
    group_of: dict[str, tuple[str, str]] = {}
    for node, data in graph.nodes(data=True):
        side = str(data.get("side") or NEUTRAL)
        kind = str(data.get("kind") or "other")
        group_of[node] = (side, "other" if not node or node == UNNAMED_ACTOR else kind)

    def label(group: tuple[str, str]) -> str:
        side, kind = group
        return f"{context.names.value('sides', side)} · {context.names.t_or('node_kind.' + kind, kind)}"

    documents: dict[tuple[str, str], set[str]] = {}
    for source, target, data in graph.edges(data=True):
        pair = (label(group_of[source]), label(group_of[target]))
        if pair[0] == pair[1]:
            continue  # flows inside one kind of node (platform to platform) say nothing at this level
        documents.setdefault(pair, set()).update(doc for doc in str(data.get("documents") or "").split(";") if doc)
    aggregated = nx.DiGraph()
    side_of = {label(group): context.names.value("sides", group[0]) for group in group_of.values()}
    crossing: set[tuple[str, str]] = set()
    sides = {context.names.value("sides", side) for side in domain.sides}
    for (source, target), docs in sorted(documents.items()):
        aggregated.add_edge(source, target, weight=float(len(docs) or 1))
        if side_of[source] in sides and side_of[target] in sides and side_of[source] != side_of[target]:
            crossing.add((source, target))
    return context.figures.graph("flows_graph", context.t("flows.graph"), aggregated, kinds={node: side_of[node] for node in aggregated.nodes},
                                 max_edges=GRAPH_EDGES, columns=tuple(context.names.value("sides", side) for side in domain.columns),
                                 emphasise=crossing)


def _edges(context: ReportContext, flows: pd.DataFrame, graph: nx.DiGraph) -> Table:
    edges = sorted(graph.edges(data=True), key=lambda e: (-float(e[2].get("weight", 1) or 1), str(e[0]), str(e[1])))[:EDGE_ROWS]
    records: list[dict[str, Any]] = []
    links: dict[tuple[int, str], str] = {}
    doc_col, flow_col = context.t("col.documents"), context.t("col.flows")
    for position, (source, target, _) in enumerate(edges):
        chosen = flows[(flows["source"] == source) & (flows["target"] == target)]
        label = f"{node_label(context, graph, source)} → {node_label(context, graph, target)}"
        record: dict[str, Any] = {context.t("col.source"): node_label(context, graph, source), context.t("col.target"): node_label(context, graph, target)}
        doc_link = context.group_once(("edge-docs", source, target), label, KEY, "documents", lambda chosen=chosen: per_document(context, chosen))  # type: ignore[misc]
        flow_link = context.group_once(("edge-flows", source, target), label, KEY, "passages", lambda chosen=chosen: passages(context, chosen))  # type: ignore[misc]
        record[doc_col], record[flow_col] = doc_link[1], flow_link[1]
        links[(position, doc_col)], links[(position, flow_col)] = doc_link[0], flow_link[0]
        record[context.t("col.modality")] = ", ".join(context.names.value("modalities", m) for m in sorted(set(chosen["modality"])))
        records.append(record)
    return Table(context.t("flows.edges"), pd.DataFrame.from_records(records), links)


def _side_items(context: ReportContext, domain: Domain, first_cross: dict[str, EvidenceRow], conflation: pd.DataFrame,
                field: str) -> tuple[list[Item], list[Item]]:
    """Return (documents, conflating documents) as items keyed by (``field`` value, side).

    A conflating document's evidence is its first flow across the systems (``first_cross``).
    """
    all_items, conflating = [], []
    docs = context.documents
    version = dict(zip(docs["id"], docs["version_date"], strict=True)) if "version_date" in docs else {}
    for row in conflation.itertuples(index=False):
        side = str(row.side)
        if side not in domain.sides:
            continue
        if field == "year":  # the year of the version held, whose clauses the evidence quotes
            value = year_of(version.get(row.doc_id) or row.date)
        else:
            value = context.place(row.place) if field == "place" else str(getattr(row, field) or "")
        all_items.append(Item(value, side, context.evidence.opening(str(row.doc_id))))
        if bool(row.conflates) and row.doc_id in first_cross:
            conflating.append(Item(value, side, first_cross[str(row.doc_id)]))
    return all_items, conflating


def side_labels(context: ReportContext, domain: Domain) -> dict[str, str]:
    """Return each side's column name: the name of the system it belongs to (report.yaml ``sides``)."""
    names = context.names
    return {side: names.value("systems", names.side_systems.get(side, side)) for side in domain.sides}


def _conflation(context: ReportContext, domain: Domain, first_cross: dict[str, EvidenceRow], conflation: pd.DataFrame) -> list[Table]:
    names = context.names
    side_label = side_labels(context, domain)
    tables = []
    for field, header, label in (("level", "col.level", lambda v: names.value("levels", str(v))), ("place", "col.place", lambda v: names.place(str(v)))):
        all_items, conflating = _side_items(context, domain, first_cross, conflation, field)
        present = Counter(str(item.row) for item in all_items)
        rows = names.ordered("levels", present) if field == "level" else sorted(present, key=lambda r: (-present[r], r))
        documents = matrix_table(context, KEY, f"{context.t('flows.conflation')} · {context.t('col.documents')}", all_items, unit="documents",
                                 row_header=context.t(header), row_label=label, col_label=lambda s: side_label.get(str(s), str(s)),
                                 rows=rows, cols=list(domain.sides))
        routing = matrix_table(context, KEY, f"{context.t('flows.conflation')} · {context.t('col.routing_docs')}", conflating, unit="documents",
                               row_header=context.t(header), row_label=label, col_label=lambda s: side_label.get(str(s), str(s)),
                               rows=rows, cols=list(domain.sides))
        tables.append(_merge(context, documents, routing, field == "place"))
    return tables


def _merge(context: ReportContext, documents: Table, routing: Table, drop_empty: bool) -> Table:
    """Return one table: for each side, documents and those routing records across, with their links."""
    header = documents.frame.columns[0]
    sides = [column for column in documents.frame.columns[1:] if column != context.t("col.total")]
    frame = pd.DataFrame({header: documents.frame[header]})
    links: dict[tuple[int, str], str] = {}
    for side in sides:
        for table, suffix in ((documents, context.t("col.documents")), (routing, context.t("col.routing_docs"))):
            column = f"{side}: {suffix}"
            frame[column] = list(table.frame[side]) if side in table.frame else [""] * len(frame)
            for (position, col), group in table.links.items():
                if col == side:
                    links[(position, column)] = group
    keep = [i for i in range(len(frame)) if not drop_empty or any((i, c) in links for c in frame.columns if context.t("col.routing_docs") in c)]
    if drop_empty and keep:
        remap = {old: new for new, old in enumerate(keep)}
        frame = frame.iloc[keep].reset_index(drop=True)
        links = {(remap[p], c): g for (p, c), g in links.items() if p in remap}
    caption = documents.caption.split(" · ")[0] + f" ({header})"
    return Table(caption, frame, links, note=context.t("flows.places_left_out") if drop_empty else "")


def _timeline(context: ReportContext, domain: Domain, first_cross: dict[str, EvidenceRow], conflation: pd.DataFrame) -> list[Figure | Table]:
    names = context.names
    side_label = side_labels(context, domain)
    _, conflating = _side_items(context, domain, first_cross, conflation, "year")
    years = sorted({str(item.row) for item in conflating}, key=lambda y: (y == "", y))
    counts = pd.DataFrame(0, index=[y or context.t("col.none") for y in years], columns=[side_label[s] for s in domain.sides])
    for item in conflating:
        row, column = str(item.row) or context.t("col.none"), side_label[str(item.col)]
        counts.at[row, column] = int(cast(int, counts.at[row, column])) + 1
    figure = context.figures.bars("flows_timeline", context.t("flows.timeline"), counts, ylabel=context.t("col.documents"),
                                  colours={side_label[side]: names.colours.get(names.side_systems.get(side, ""), "#777") for side in domain.sides})
    table = matrix_table(context, KEY, context.t("flows.timeline"), conflating, unit="documents", row_header=context.t("col.year"),
                         row_label=lambda y: str(y) or context.t("col.none"), col_label=lambda s: side_label.get(str(s), str(s)),
                         rows=years, cols=list(domain.sides), note=context.t("report.version_dates"))
    return [figure, table]


def _listing(context: ReportContext, frame: pd.DataFrame, caption: str, columns: list[str]) -> Table:
    names = context.names
    chosen = [column for column in columns if column in frame.columns]
    shown = frame[chosen].copy()
    if "place" in shown:
        shown["place"] = [names.place(str(p)) if p else "" for p in shown["place"]]
    if "level" in shown:
        shown["level"] = [names.value("levels", str(v)) for v in shown["level"]]
    if "status" in shown:
        shown["status"] = [names.t_or(f"status.{v}", str(v)) for v in shown["status"]]  # named in report strings status.*
    if "quote" in shown:
        shown["quote"] = [str(q)[:120] + ("…" if len(str(q)) > 120 else "") for q in shown["quote"]]
    headers = {"title": "col.document", "place": "col.place", "unit": "col.where", "date": "col.date", "level": "col.level",
               "quote": "col.quote", "target": "col.target", "status": "col.status", "term": "col.term", "label": "col.label"}
    shown = shown.rename(columns={c: context.t(headers[c]) for c in chosen if c in headers})
    return Table(context.t(caption), shown.fillna("").reset_index(drop=True))
