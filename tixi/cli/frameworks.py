"""Commands for frameworks: import, list, show; and ``tixi compare criteria``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tixi.cli.app import FormatOption, ProjectOption, app, compare_app, console, fail, frame_records, open_project, print_frame, warn
from tixi.frameworks.model import Framework, Indicator

if TYPE_CHECKING:
    from tixi.frameworks.vocabulary import Vocabulary

frameworks_app = typer.Typer(help="Indicator frameworks: import manuals and tables as trees, list and show them.", no_args_is_help=True)
app.add_typer(frameworks_app, name="frameworks")


@frameworks_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="Outline text, scoring table, DOCX/HTML/XLSX/CSV/Markdown/PDF table, or framework YAML.")],
    system: Annotated[str | None, typer.Option(help="A system the pack declares (the reference pack: NCCA, SCSP, both, other); "
                                                    "a YAML file names its own.")] = None,
    name: Annotated[str | None, typer.Option(help="Name to store it under (a second part of an outline becomes NAME-2); "
                                                  "a YAML file names its own.")] = None,
    parser: Annotated[str | None, typer.Option(help="Force a parser: outline, table, scoring or yaml (default: detected).")] = None,
    columns: Annotated[str | None, typer.Option(help="Roles of a table's columns, left to right, e.g. level,level,criterion,points,note "
                                                     "(also method, materials, ignore); default: inferred and printed.")] = None,
    replace: Annotated[bool, typer.Option(help="Replace a framework of the same name.")] = False,
    project_dir: ProjectOption = Path("."),
) -> None:
    """Import a framework; nothing is stored when the file has an error."""
    from tixi.frameworks.table_roles import parse_columns_option

    with open_project(project_dir) as project:
        result = project.import_framework(file, system=system, name=name, parser=parser, replace=replace, columns=parse_columns_option(columns))
    console.print(f"Read {file} with the {result.parser} parser ({result.reason}).", highlight=False)
    for framework in result.frameworks:
        for table in framework.meta.get("roles", []):
            shown = ", ".join(f"{column['header'] or 'column ' + str(column['column'])}={column['role']}" for column in table["columns"])
            console.print(f"Columns of {table['table']}: {shown}", highlight=False, markup=False)
        if framework.meta.get("roles"):
            inferred = ",".join(column["role"] for column in framework.meta["roles"][0]["columns"])
            console.print(f"(to change them: --columns {inferred})", highlight=False, markup=False)
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
    from tixi.frameworks.vocabulary import vocabulary_from_pack
    from tixi.frameworks.yaml_io import framework_to_data, framework_to_yaml

    with open_project(project_dir) as project:
        framework = project.framework(name)
        if output == "tree":  # points in the pack's words
            _print_tree(framework, vocabulary_from_pack(project.pack))
            return
    if output == "yaml":
        typer.echo(framework_to_yaml(framework), nl=False)
    elif output == "json":
        typer.echo(json.dumps(framework_to_data(framework), ensure_ascii=False, indent=2))
    elif output == "csv":
        print_frame(indicators_frame(framework), "csv")
    else:
        fail(f"unknown format {output!r}; use tree, json, yaml or csv")


def _print_tree(framework: Framework, vocabulary: Vocabulary) -> None:
    console.print(f"[bold]{framework.name}[/bold] ({framework.system}) {framework.title}", highlight=False)

    def walk(items: list[Indicator], depth: int) -> None:
        for item in items:
            points = _points_label(item, vocabulary)
            methods = f"  ({'、'.join(item.methods)})" if item.methods else ""
            label = " ".join(part for part in (item.code, item.title) if part)
            console.print(f"{'  ' * depth}{label}{points}{methods}".rstrip(), highlight=False, markup=False)
            for standard in item.standards:
                console.print(f"{'  ' * (depth + 1)}· {standard.splitlines()[0][:100]}", highlight=False, markup=False)
            walk(framework.children(item.key), depth + 1)

    walk(framework.children(None), 0)
    _print_warnings(framework.warnings)


def _points_label(item: Indicator, vocabulary: Vocabulary) -> str:
    from tixi.frameworks.points import points_label, points_of

    points = points_of(item)
    return f" [{points_label(points, vocabulary)}]" if points is not None else ""


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
        print_frame(own[columns], "table", title=f"{meta['a']} {meta['a_kind']}s naming {meta['b_system']} instruments")
        other = result.crossrefs[result.crossrefs["side"] != meta["a"]]
        if not other.empty:
            print_frame(other[["code", "title", "triggers"]], "table", title=f"{meta['b']} {meta['b_kind']}s naming {meta['a_system']} instruments")
        best = result.alignment[result.alignment["rank"] == 1]
        print_frame(best[["a_code", "a_title", "b_title", "score", "quote"]], "table", title="Best alignment per unit (at or above threshold)")
        columns = ["branch", "units", "aligned", "crossref", "covered", "share", "points", "points_share", "covered_units"]
        print_frame(result.overlap[columns], "table", title="Overlap per branch")
    else:
        fail(f"unknown format {output!r}; use table, json or csv")


@compare_app.command("crossrefs")
def compare_crossrefs_command(
    a: Annotated[str, typer.Argument(help="A system (its documents' articles), e.g. NCCA.")],
    b: Annotated[str, typer.Argument(help="The other system, e.g. SCSP.")],
    project_dir: ProjectOption = Path("."),
    output: FormatOption = "table",
) -> None:
    """List the articles of each system's documents that name the other system's instruments (no framework needed)."""
    with open_project(project_dir) as project:
        frame = project.cross_references(a, b)
    if output != "table":
        print_frame(frame, output)
        return
    meta = frame.attrs
    for side, other, units in ((meta["a"], meta["b"], meta["units_a"]), (meta["b"], meta["a"], meta["units_b"])):
        own = frame[frame["side"] == side]
        console.print(f"{len(own)} of {units} articles of {side} documents name {other} instruments", highlight=False)
        print_frame(own[["branch", "code", "triggers"]], "table", title=f"Articles of {side} documents naming {other} instruments")


__all__ = ["frameworks_app"]
