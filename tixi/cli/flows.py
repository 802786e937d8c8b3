"""Commands for flows: `tixi flows`, `tixi tension`, `tixi compare dataflows`, `tixi export graph`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tixi.cli.app import (
    FormatOption,
    ProgressBar,
    ProjectOption,
    QuietOption,
    app,
    compare_app,
    console,
    export_app,
    fail,
    frame_records,
    open_project,
    print_frame,
)
from tixi.flows.model import TENSION_PARTS

FLOW_TABLE_COLUMNS = ["doc_id", "title", "unit", "quote", "source", "target", "data", "type", "direction", "modality", "confidence", "rule"]


@app.command()
def flows(
    project_dir: ProjectOption = Path("."),
    system: Annotated[str | None, typer.Option(help="Only documents of this system (one the pack declares, e.g. NCCA).")] = None,
    linkage: Annotated[bool, typer.Option(help="Also list linkage without data (type C: the systems tied, nothing moved).")] = False,
    output: FormatOption = "table",
    quiet: QuietOption = False,
) -> None:
    """List data-flow statements: article, quote, source → target, data, type (A, B, W), direction, confidence, model."""
    with open_project(project_dir) as project:
        project.extract_flows(ProgressBar(quiet))
        frame = project.flows(system, linkage=linkage)
    if output == "table":
        frame = frame[FLOW_TABLE_COLUMNS].assign(doc_id=frame["doc_id"].str[:8], title=frame["title"].str[:16])
    print_frame(frame, output, title="Data flows")


@app.command()
def tension(
    project_dir: ProjectOption = Path("."),
    part: Annotated[str, typer.Option(help="conflation, timeline, scope, reprimand, or all.")] = "all",
    by: Annotated[str, typer.Option(help="Conflation per document, or summed by place, level or system.")] = "document",
    catalogue: Annotated[Path | None, typer.Option(help="Scope catalogue YAML replacing the pack's scope_catalogue.yaml.")] = None,
    output: FormatOption = "table",
) -> None:
    """Show the tension between the systems: conflation, its timeline, scope creep and reprimands."""
    parts = TENSION_PARTS if part == "all" else (part,)
    if any(name not in TENSION_PARTS for name in parts):
        fail(f"unknown part {part!r}; use {', '.join(TENSION_PARTS)} or all")
    with open_project(project_dir) as project:
        project.extract_flows()  # read the flows of what is new first: tension reads them
        tables = {name: project.tension(name, by=by, catalogue=catalogue) for name in parts}
    if output == "json" and len(tables) > 1:
        typer.echo(json.dumps({name: frame_records(frame) for name, frame in tables.items()}, ensure_ascii=False, indent=2))
        return
    for name, frame in tables.items():
        if output == "csv" and len(tables) > 1:
            typer.echo(f"# {name}")
        print_frame(frame, output, title=f"Tension: {name}")


@compare_app.command("dataflows")
def compare_dataflows(
    a: Annotated[str, typer.Argument(help="First group: a system (NCCA, SCSP, …), a place, or a document id prefix.")],
    b: Annotated[str, typer.Argument(help="Second group, the same way.")],
    project_dir: ProjectOption = Path("."),
    output: FormatOption = "table",
) -> None:
    """Compare the data flows of two groups: which source → target flows each states, with evidence."""
    with open_project(project_dir) as project:
        project.extract_flows()
        frame = project.compare_dataflows(a, b)
    print_frame(frame, output, title=f"Data flows: A = {a}, B = {b}")


@export_app.command("graph")
def export_graph(
    path: Annotated[Path, typer.Argument(help="File to write.")],
    project_dir: ProjectOption = Path("."),
    graph_format: Annotated[str, typer.Option("--format", "-f", help="graphml, gexf (Gephi) or json (docs/flows-json.md).")] = "graphml",
    system: Annotated[str | None, typer.Option(help="Only flows of documents of this system.")] = None,
    figure: Annotated[Path | None, typer.Option(help="Also draw the graph to this PNG/SVG/PDF file.")] = None,
) -> None:
    """Write the flow graph (actors, platforms, records, lists; edges weighted by documents and places)."""
    with open_project(project_dir) as project:
        project.extract_flows()
        written = project.export_graph(path, graph_format, system=system)
        drawn = project.flow_figure(figure, system=system) if figure else None
    console.print(f"wrote {written}")
    if drawn:
        console.print(f"wrote {drawn}")
