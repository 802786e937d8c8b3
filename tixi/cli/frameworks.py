"""Commands for frameworks: import, list, show; and ``tixi compare criteria``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tixi.cli.app import FormatOption, ProjectOption, app, compare_app, console, fail, frame_records, open_project, print_frame, warn
from tixi.frameworks.model import Framework, Indicator

frameworks_app = typer.Typer(help="Indicator frameworks: import manuals and tables as trees, list and show them.", no_args_is_help=True)
app.add_typer(frameworks_app, name="frameworks")


@frameworks_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="Outline text, scoring table, DOCX/HTML/PDF table, or framework YAML.")],
    system: Annotated[str, typer.Option(help="A system the pack declares (the reference pack: NCCA, SCSP, both, other).")],
    name: Annotated[str, typer.Option(help="Name to store it under (a second part of an outline becomes NAME-2).")],
    parser: Annotated[str | None, typer.Option(help="Force a parser: outline, table, scoring or yaml (default: detected).")] = None,
    replace: Annotated[bool, typer.Option(help="Replace a framework of the same name.")] = False,
    project_dir: ProjectOption = Path("."),
) -> None:
    """Import a framework; nothing is stored when the file has an error."""
    with open_project(project_dir) as project:
        result = project.import_framework(file, system=system, name=name, parser=parser, replace=replace)
    console.print(f"Read {file} with the {result.parser} parser ({result.reason}).", highlight=False)
    for framework in result.frameworks:
        levels = ", ".join(f"level {level}: {count}" for level, count in framework.counts_by_level().items())
        console.print(f"Stored framework [bold]{framework.name}[/bold] ({framework.system}): {levels}", highlight=False)
    _print_warnings(result.warnings)


@frameworks_app.command("list")
def list_command(project_dir: ProjectOption = Path("."), output: FormatOption = "table") -> None:
    """List the imported frameworks."""
    with open_project(project_dir) as project:
        frame = project.frameworks
    if output == "table":
        frame = frame[["name", "system", "parser", "indicators", "levels", "points", "warnings", "title"]]
    print_frame(frame, output, title="Frameworks")


@frameworks_app.command("show")
def show_command(
    name: Annotated[str, typer.Argument(help="Framework name (see `tixi frameworks list`).")],
    project_dir: ProjectOption = Path("."),
    output: Annotated[str, typer.Option("--format", "-f", help="tree, json, yaml or csv.")] = "tree",
) -> None:
    """Show a framework as a tree, or write it as JSON, YAML (the import schema) or CSV."""
    from tixi.frameworks.store import indicators_frame
    from tixi.frameworks.yaml_io import framework_to_data, framework_to_yaml

    with open_project(project_dir) as project:
        framework = project.framework(name)
    if output == "tree":
        _print_tree(framework)
    elif output == "yaml":
        typer.echo(framework_to_yaml(framework), nl=False)
    elif output == "json":
        typer.echo(json.dumps(framework_to_data(framework), ensure_ascii=False, indent=2))
    elif output == "csv":
        print_frame(indicators_frame(framework), "csv")
    else:
        fail(f"unknown format {output!r}; use tree, json, yaml or csv")


def _print_tree(framework: Framework) -> None:
    console.print(f"[bold]{framework.name}[/bold] ({framework.system}) {framework.title}", highlight=False)

    def walk(items: list[Indicator], depth: int) -> None:
        for item in items:
            points = f" [{item.points:g}分]" if item.points is not None else ""
            methods = f"  ({'、'.join(item.methods)})" if item.methods else ""
            console.print(f"{'  ' * depth}{item.code} {item.title}{points}{methods}".rstrip(), highlight=False, markup=False)
            for standard in item.standards:
                console.print(f"{'  ' * (depth + 1)}· {standard.splitlines()[0][:100]}", highlight=False, markup=False)
            walk(framework.children(item.key), depth + 1)

    walk(framework.children(None), 0)
    _print_warnings(framework.warnings)


def _print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        warn("warning", warning)


@compare_app.command("criteria")
def compare_criteria_command(
    a: Annotated[str, typer.Argument(help="Framework name, or system name (its documents' articles).")],
    b: Annotated[str, typer.Argument(help="Framework name, or system name (its documents' articles).")],
    project_dir: ProjectOption = Path("."),
    output: FormatOption = "table",
    threshold: Annotated[float | None, typer.Option(help="Lowest alignment score kept (default: the pack's frameworks/alignment.yaml).")] = None,
    top: Annotated[int | None, typer.Option(help="Matches kept per unit of A (default 3).")] = None,
    table: Annotated[str, typer.Option(help="For csv: alignment, crossrefs or overlap.")] = "overlap",
) -> None:
    """Align the criteria of A with B, flag cross-references, and measure overlap per branch."""
    with open_project(project_dir) as project:
        result = project.compare_criteria(a, b, threshold=threshold, top=top)
    frames = {"alignment": result.alignment, "crossrefs": result.crossrefs, "overlap": result.overlap}
    if output == "json":
        records = {key: frame_records(frame) for key, frame in frames.items()}
        typer.echo(json.dumps({"meta": result.meta, **records}, ensure_ascii=False, indent=2, default=str))
    elif output == "csv":
        if table not in frames:
            fail(f"unknown table {table!r}; use alignment, crossrefs or overlap")
        print_frame(frames[table], "csv")
    elif output == "table":
        meta = result.meta
        console.print(f"[bold]{meta['a']}[/bold] ({meta['a_system']}, {meta['units_a']} units) against [bold]{meta['b']}[/bold] "
                      f"({meta['b_system']}, {meta['units_b']} units); {meta['method']}, threshold {meta['threshold']}; {meta['codes']}", highlight=False)
        own = result.crossrefs[result.crossrefs["side"] == meta["a"]]
        columns = ["code", "title", "triggers", "best_b_title", "best_score", "best_quote"]
        print_frame(own[columns], "table", title=f"{meta['a']} units naming {meta['b_system']} instruments")
        other = result.crossrefs[result.crossrefs["side"] != meta["a"]]
        if not other.empty:
            print_frame(other[["code", "title", "triggers"]], "table", title=f"{meta['b']} units naming {meta['a_system']} instruments")
        best = result.alignment[result.alignment["rank"] == 1]
        print_frame(best[["a_code", "a_title", "b_title", "score", "quote"]], "table", title="Best alignment per unit (at or above threshold)")
        columns = ["branch", "units", "aligned", "crossref", "covered", "share", "points", "points_share", "covered_units"]
        print_frame(result.overlap[columns], "table", title="Overlap per branch")
    else:
        fail(f"unknown format {output!r}; use table, json or csv")


__all__ = ["frameworks_app"]
