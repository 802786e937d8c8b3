"""The flow network: actors, platforms, records and lists as nodes, flows as weighted edges.

Edges are weighted by the number of documents stating the flow (``weight``) and the number of
places they come from (``places``). The graph is written as GraphML or GEXF (for Gephi) or as the
JSON documented in docs/flows-json.md, and drawn as a static figure for the report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from tixi.domain import NEUTRAL, Domain
from tixi.errors import InputError
from tixi.flows.gazetteer import Gazetteer

GRAPH_FORMATS = ("graphml", "gexf", "json")
JSON_FORMAT = "tixi-flow-graph"
JSON_VERSION = 1


def build_graph(flows: pd.DataFrame, gaz: Gazetteer) -> nx.DiGraph:
    """Return the DiGraph of ``flows`` (a ``Project.flows()`` frame); attributes are strings and numbers only."""
    graph = nx.DiGraph(extractor=gaz.label)
    ends = pd.concat([flows[[end, "doc_id"]].set_axis(["name", "doc_id"], axis=1) for end in ("source", "target")])
    documents = ends.groupby("name")["doc_id"].nunique()
    for (source, target), group in flows.groupby(["source", "target"], sort=True):
        for name in (str(source), str(target)):
            if name not in graph:
                graph.add_node(name, **_node_attributes(name, gaz), documents=int(documents[name]))
        graph.add_edge(
            source, target,
            weight=int(group["doc_id"].nunique()),
            places=int(group["place"].fillna("").replace("", "(none)").nunique()),
            flows=len(group),
            modalities=",".join(sorted(set(group["modality"]))),
            directions=",".join(sorted(set(group["direction"]))),
            documents=";".join(sorted(set(group["doc_id"]))),
        )
    return graph


def _node_attributes(name: str, gaz: Gazetteer) -> dict[str, Any]:
    entry = gaz.entry(name)
    return {
        "label": name,
        "en": entry.en if entry else name,
        "kind": entry.kind if entry else "other",
        "side": entry.side if entry else "neutral",
    }


def graph_to_json(graph: nx.DiGraph) -> dict[str, Any]:
    """Return the graph as the documented JSON object (docs/flows-json.md), nodes and edges sorted."""
    nodes = [{"id": name, **{key: graph.nodes[name][key] for key in sorted(graph.nodes[name])}} for name in sorted(graph.nodes)]
    edges = [
        {"source": source, "target": target, **{key: data[key] for key in sorted(data)}}
        for source, target, data in sorted(graph.edges(data=True), key=lambda edge: (edge[0], edge[1]))
    ]
    return {"format": JSON_FORMAT, "version": JSON_VERSION, "extractor": graph.graph.get("extractor", ""), "nodes": nodes, "edges": edges}


def graph_from_json(payload: dict[str, Any]) -> nx.DiGraph:
    """Return the DiGraph of a JSON object written by ``graph_to_json``."""
    if payload.get("format") != JSON_FORMAT:
        raise InputError(f"not a tixi flow graph: 'format' is {payload.get('format')!r}, expected {JSON_FORMAT!r}")
    graph = nx.DiGraph(extractor=payload.get("extractor", ""))
    for node in payload["nodes"]:
        graph.add_node(node["id"], **{key: value for key, value in node.items() if key != "id"})
    for edge in payload["edges"]:
        graph.add_edge(edge["source"], edge["target"], **{k: v for k, v in edge.items() if k not in ("source", "target")})
    return graph


def write_graph(graph: nx.DiGraph, path: str | Path, output: str) -> Path:
    """Write ``graph`` to ``path`` as graphml, gexf or json; return the path."""
    target = Path(path)
    if output not in GRAPH_FORMATS:
        raise InputError(f"unknown graph format {output!r}; use {', '.join(GRAPH_FORMATS)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if output == "graphml":
        nx.write_graphml(graph, target)
    elif output == "gexf":
        nx.write_gexf(graph, target)
    else:
        target.write_text(json.dumps(graph_to_json(graph), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target


def draw_graph(graph: nx.DiGraph, path: str | Path, domain: Domain, *, font: str | None = None) -> Path:
    """Draw the graph to ``path`` (PNG, SVG or PDF by suffix): the domain's first side left, its second right, edges by weight.

    Labels are Chinese when a CJK font file is given, else the pack's English labels (the caller finds
    the font: ``tixi.report.figures.choose_font``).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties

    font_file = font
    properties = FontProperties(fname=font_file, size=7) if font_file else FontProperties(size=7)
    positions = _positions(graph, domain.columns)
    labels = {name: (name if font_file else str(graph.nodes[name].get("en", name))) for name in graph.nodes}
    colours = domain.colours
    figure, axes = plt.subplots(figsize=(11, 8))
    widths = [0.5 + float(data.get("weight", 1)) ** 0.5 for _, _, data in graph.edges(data=True)]
    nx.draw_networkx_edges(graph, positions, ax=axes, width=widths, alpha=0.4, arrows=True, arrowsize=8, edge_color="#555555")
    nx.draw_networkx_nodes(
        graph, positions, ax=axes, node_size=[120 + 25 * int(graph.nodes[n].get("documents", 1)) for n in graph.nodes],
        node_color=[colours.get(str(graph.nodes[n].get("side")), "#999999") for n in graph.nodes],
    )
    for name, (x, y) in positions.items():
        axes.text(x, y + 0.025, labels[name], fontproperties=properties, ha="center", va="bottom")
    axes.set_axis_off()
    axes.set_title("Data flows: " + " · ".join(f"{side} ({where})" for side, where in zip(domain.columns, ("left", "middle", "right"), strict=False)))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=150, bbox_inches="tight", metadata={"Software": None} if target.suffix == ".png" else None)
    plt.close(figure)
    return target


def _positions(graph: nx.DiGraph, sides: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """Return fixed positions: one column per side, nodes sorted by kind and name (deterministic)."""
    columns: dict[str, list[str]] = {side: [] for side in sides}
    for name in sorted(graph.nodes, key=lambda n: (str(graph.nodes[n].get("kind")), n)):
        side = str(graph.nodes[name].get("side", NEUTRAL))
        columns[side if side in columns else NEUTRAL].append(name)
    positions: dict[str, tuple[float, float]] = {}
    for column, side in enumerate(sides):
        names = columns[side]
        for row, name in enumerate(names):
            positions[name] = (column / max(1, len(sides) - 1), 1.0 - (row + 0.5) / len(names))
    return positions
