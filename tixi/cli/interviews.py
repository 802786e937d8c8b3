"""Commands for interviews: cases, coding by hand, memos, quotes, matrices, confusion, agreement, REFI-QDA."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    import pandas as pd

from tixi.cli.app import FormatOption, ProjectOption, app, console, export_app, fail, import_app, open_project, print_frame, warn
from tixi.errors import printable

cases_app = typer.Typer(help="Cases (interviewees or places) with attributes, linked to documents.", no_args_is_help=True)
coding_app = typer.Typer(help="Code by hand: add, edit, remove, list and import codings.", no_args_is_help=True)
memo_app = typer.Typer(help="Memos on the project, codes, documents, cases and codings.", no_args_is_help=True)
app.add_typer(cases_app, name="cases")
app.add_typer(coding_app, name="coding")
app.add_typer(memo_app, name="memo")

CodersOption = Annotated[str | None, typer.Option("--coder", help="Only these coders (comma-separated).")]


def _coders(value: str | None) -> list[str] | None:
    return [name.strip() for name in value.split(",") if name.strip()] if value else None


def _print_marked(frame: pd.DataFrame, output: str, title: str) -> None:
    """Print a frame; under a table, say how much of the data behind it is synthetic, when any is."""
    print_frame(frame, output, title=title)
    if output != "table":
        return
    synthetic, total = frame.attrs.get("synthetic_cases"), frame.attrs.get("cases")
    if synthetic:
        console.print(f"[yellow]Synthetic data:[/yellow] {synthetic} of {total} cases are marked synthetic=true (invented interviews).")
    documents = frame.attrs.get("synthetic_documents")
    if documents:
        console.print(f"[yellow]Synthetic data:[/yellow] {documents} of {frame.attrs.get('documents')} documents are marked synthetic=true.")
    if "synthetic" in frame.columns and len(frame) and bool(frame["synthetic"].any()):
        console.print(f"[yellow]Synthetic data:[/yellow] {int(frame['synthetic'].sum())} of {len(frame)} rows come from synthetic interviews.")


# Exit status of an import that stored what it could but left something out (--partial).
DROPPED_EXIT = 3


def _print_import(file: Path, counts: dict[str, Any]) -> None:
    """Print the counts of an import, its warnings, then what it dropped (exit DROPPED_EXIT if anything)."""
    warnings = counts.pop("warnings")
    dropped = counts.pop("dropped", [])
    console.print(printable(f"Imported {file}: " + ", ".join(f"{key} {value}" for key, value in counts.items()) + "."),
                  markup=False, highlight=False)
    for warning in warnings:
        warn("Warning:", warning)
    for item in dropped:
        warn("Dropped:", item)
    if dropped:
        warn("Dropped:", f"{len(dropped)} item(s) of {file} were not imported (see above)")
        raise typer.Exit(DROPPED_EXIT)


# -- cases -----------------------------------------------------------------------------------


@cases_app.command("import")
def cases_import(
    csv_file: Annotated[Path, typer.Argument(help="CSV with an id column; every other column is an attribute.")],
    project_dir: ProjectOption = Path("."),
) -> None:
    """Add or update cases and their attributes from a CSV."""
    with open_project(project_dir) as project:
        counts = project.import_cases(csv_file)
    console.print(f"Cases added {counts['added']}, updated {counts['updated']}; documents linked {counts['linked_documents']}.")


@cases_app.command("link")
def cases_link(
    case: Annotated[str, typer.Argument(help="Case id.")],
    doc: Annotated[str, typer.Argument(help="Document id (or a unique prefix).")],
    project_dir: ProjectOption = Path("."),
) -> None:
    """Link a document to a case."""
    with open_project(project_dir) as project:
        linked = project.link_case(case, doc)
    console.print(f"Linked {doc} to {case}." if linked else f"{doc} was already linked to {case}.")


@cases_app.command("list")
def cases_list(project_dir: ProjectOption = Path("."), output: FormatOption = "table") -> None:
    """List cases with their attributes and number of documents."""
    with open_project(project_dir) as project:
        frame = project.cases()
    _print_marked(frame, output, f"{len(frame)} cases")


# -- coding ----------------------------------------------------------------------------------


@coding_app.command("add")
def coding_add(
    doc: Annotated[str, typer.Argument(help="Document id (or a unique prefix).")],
    code: Annotated[str, typer.Option("--code", help="Code id or label.")],
    coder: Annotated[str, typer.Option("--coder", help="Who codes (a person's name).")],
    quote: Annotated[str | None, typer.Option("--quote", help="The exact text to code.")] = None,
    start: Annotated[int | None, typer.Option("--start", help="Start offset (code points, normalised text).")] = None,
    end: Annotated[int | None, typer.Option("--end", help="End offset (exclusive).")] = None,
    occurrence: Annotated[int | None, typer.Option(help="Which occurrence of the quote (1-based) when it occurs more than once.")] = None,
    memo: Annotated[str | None, typer.Option("--memo", help="A memo on this coding.")] = None,
    create: Annotated[bool, typer.Option("--create", help="Create the code if it does not exist (origin user).")] = False,
    parent: Annotated[str | None, typer.Option("--parent", help="Parent of a created code.")] = None,
    label: Annotated[str | None, typer.Option("--label", help="Chinese label of a created code.")] = None,
    project_dir: ProjectOption = Path("."),
) -> None:
    """Code a span of a document, found by --quote or by --start/--end."""
    with open_project(project_dir) as project:
        made = project.add_coding(doc, code=code, coder=coder, start=start, end=end, quote=quote, occurrence=occurrence,
                                  memo=memo, create=create, parent=parent, label=label)
    console.print(f"Coding {made['id']}: {made['code_id']} [{made['start']}, {made['end']}) by {made['coder']}: {made['text']}")


@coding_app.command("remove")
def coding_remove(
    coding_id: Annotated[int, typer.Argument(help="Coding id (see `tixi coding list`).")],
    coder: Annotated[str | None, typer.Option("--coder", help="Remove only if this coder made it.")] = None,
    project_dir: ProjectOption = Path("."),
) -> None:
    """Remove a coding."""
    with open_project(project_dir) as project:
        removed = project.remove_coding(coding_id, coder)
    console.print(f"Removed coding {coding_id}: {removed['code_id']} by {removed['coder']}.")


@coding_app.command("edit")
def coding_edit(
    coding_id: Annotated[int, typer.Argument(help="Coding id.")],
    start: Annotated[int | None, typer.Option("--start")] = None,
    end: Annotated[int | None, typer.Option("--end")] = None,
    code: Annotated[str | None, typer.Option("--code")] = None,
    memo: Annotated[str | None, typer.Option("--memo", help="New memo ('' clears it).")] = None,
    coder: Annotated[str | None, typer.Option("--coder")] = None,
    project_dir: ProjectOption = Path("."),
) -> None:
    """Change a coding's span, code, memo or coder."""
    with open_project(project_dir) as project:
        made = project.edit_coding(coding_id, start=start, end=end, code=code, memo=memo, coder=coder)
    console.print(f"Coding {coding_id}: {made['code_id']} [{made['start']}, {made['end']}) by {made['coder']}: {made['text']}")


@coding_app.command("list")
def coding_list(
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document.")] = None,
    coder: Annotated[str | None, typer.Option("--coder", help="Only this coder.")] = None,
    code: Annotated[str | None, typer.Option("--code", help="Only this code.")] = None,
    project_dir: ProjectOption = Path("."),
    output: FormatOption = "table",
) -> None:
    """List codings with the text they cover."""
    with open_project(project_dir) as project:
        frame = project.codings(doc=doc, coder=coder, code=code)
    if output == "table":
        frame = frame.assign(doc_id=frame["doc_id"].str[:8]).drop(columns=["title"])
    print_frame(frame, output, title=f"{len(frame)} codings")


@coding_app.command("import")
def coding_import(
    csv_file: Annotated[Path, typer.Argument(help="CSV: doc or case, coder, code, quote (or start, end), [occurrence], [memo].")],
    project_dir: ProjectOption = Path("."),
) -> None:
    """Add codings from a CSV, all or none."""
    with open_project(project_dir) as project:
        counts = project.import_codings(csv_file)
    console.print(f"Added {counts['codings']} codings by {counts['coders']} coders.")


# -- memos -----------------------------------------------------------------------------------


@memo_app.command("add")
def memo_add(
    target_type: Annotated[str, typer.Argument(help="project, code, document, case or coding.")],
    target_id: Annotated[str | None, typer.Argument(help="Id of the code, document, case or coding (none for project).")] = None,
    text: Annotated[str, typer.Option("--text", help="The memo.")] = "",
    author: Annotated[str | None, typer.Option("--author", help="Who writes it.")] = None,
    project_dir: ProjectOption = Path("."),
) -> None:
    """Write a memo."""
    with open_project(project_dir) as project:
        memo_id = project.add_memo(target_type, target_id, text, author)
    console.print(f"Memo {memo_id} on {target_type} {target_id or ''}".rstrip() + ".")


@memo_app.command("list")
def memo_list(
    target_type: Annotated[str | None, typer.Option("--on", help="Only memos on this kind of target.")] = None,
    project_dir: ProjectOption = Path("."),
    output: FormatOption = "table",
) -> None:
    """List memos."""
    with open_project(project_dir) as project:
        frame = project.memos(target_type)
    print_frame(frame, output, title=f"{len(frame)} memos")


# -- retrieval and matrices ------------------------------------------------------------------


@app.command()
def quotes(
    code: Annotated[str, typer.Option("--code", help="Code id or label (codes below it are included).")],
    where: Annotated[list[str] | None, typer.Option("--where", help="attribute=value filter on cases (repeatable).")] = None,
    coder: CodersOption = None,
    project_dir: ProjectOption = Path("."),
    output: FormatOption = "table",
) -> None:
    """Print the passages coded with a code, in cases matching the filters."""
    filters = {}
    for item in where or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(f"--where takes attribute=value, got {item!r}")
        filters[key.strip()] = value.strip()
    with open_project(project_dir) as project:
        frame = project.quotes(code, filters, _coders(coder))
    if output == "table":
        frame = frame.drop(columns=["doc_id", "title", "start", "end"])
    _print_marked(frame, output, f"{len(frame)} quotes for {code}")


@app.command("matrix-cases")
def matrix_cases(
    by: Annotated[str, typer.Option("--by", help="'case' for code × case, or a case attribute (city, gender, …).")] = "case",
    value: Annotated[str, typer.Option("--value", help="For attributes: codings, cases, or share (of the value's cases).")] = "codings",
    coder: CodersOption = None,
    project_dir: ProjectOption = Path("."),
    output: FormatOption = "table",
) -> None:
    """Print a code × case or code × attribute matrix of codings."""
    by_case = by == "case"
    with open_project(project_dir) as project:
        frame = project.code_case_matrix(_coders(coder)) if by_case else project.code_attribute_matrix(by, value, _coders(coder))
    _print_marked(frame, output, "codes × cases (codings)" if by_case else f"codes × {by} ({value})")


@app.command("turn-cooccurrence")
def turn_cooccurrence(coder: CodersOption = None, project_dir: ProjectOption = Path("."), output: FormatOption = "table") -> None:
    """Print pairs of codes coded within the same turns."""
    with open_project(project_dir) as project:
        frame = project.cooccurrence_in_turns(_coders(coder))
    print_frame(frame, output, title="codes co-occurring in turns")


@app.command()
def confusion(
    by: Annotated[str, typer.Option("--by", help="turn, case or city.")] = "case",
    attribute: Annotated[str, typer.Option(help="Case attribute used as 'city'.")] = "city",
    project_dir: ProjectOption = Path("."),
    output: FormatOption = "table",
) -> None:
    """Print turns that mention both systems or give one system's instruments to the other."""
    with open_project(project_dir) as project:
        frame = project.confusion(by=by, attribute=attribute)
    _print_marked(frame, output, f"conflation of the two systems in talk, by {by}")


@app.command()
def agreement(
    coders: Annotated[str, typer.Option("--coders", help="Two or more coders, comma-separated.")],
    code: Annotated[str | None, typer.Option("--code", help="Only this code.")] = None,
    level: Annotated[str, typer.Option("--level", help="Units: char (every character) or segment (every turn).")] = "char",
    project_dir: ProjectOption = Path("."),
    output: FormatOption = "table",
) -> None:
    """Print inter-coder agreement per code: percent agreement, Cohen's kappa, Krippendorff's alpha."""
    with open_project(project_dir) as project:
        frame = project.agreement(_coders(coders) or [], code=code, level=level)
    _print_marked(frame, output, f"agreement of {coders} ({level} units, {frame.attrs['documents']} documents)")


@app.command()
def codes(project_dir: ProjectOption = Path("."), output: FormatOption = "table") -> None:
    """List the codebook: ids, labels, origin, and codings per code (json: nested tree)."""
    with open_project(project_dir) as project:
        project.ensure_pack_codes()
        if output == "json":
            typer.echo(json.dumps(project.code_tree(), ensure_ascii=False, indent=2))
            return
        frame = project.code_usage()
    print_frame(frame.drop(columns=["definition"]), output, title=f"{len(frame)} codes")


# -- REFI-QDA --------------------------------------------------------------------------------


@export_app.command("qdpx")
def export_qdpx(
    file: Annotated[Path, typer.Argument(help="The .qdpx file to write.")],
    coder: CodersOption = None,
    project_dir: ProjectOption = Path("."),
) -> None:
    """Write the project as a REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder."""
    with open_project(project_dir) as project:
        counts = project.export_qdpx(file, _coders(coder))
    console.print(f"Wrote {file}: " + ", ".join(f"{value} {key}" for key, value in counts.items()) + ".")


@import_app.command("qdpx")
def import_qdpx(
    file: Annotated[Path, typer.Argument(help="A REFI-QDA project (.qdpx).")],
    partial: Annotated[bool, typer.Option("--partial", help="Import what can be imported when some items cannot (exit status 3).")] = False,
    project_dir: ProjectOption = Path("."),
) -> None:
    """Import a REFI-QDA project: sources, codebook, codings, cases, notes.

    All or nothing: when anything in the archive cannot be imported (a source without text, a
    coding outside its text, sets or graphs) nothing is stored, what and why is listed, and the
    exit status is 1. With --partial the rest is imported, what was dropped is listed, and the
    exit status is 3.
    """
    with open_project(project_dir) as project:
        counts = project.import_qdpx(file, partial=partial)
    _print_import(file, counts)


@export_app.command("qdc")
def export_qdc(file: Annotated[Path, typer.Argument(help="The .qdc file to write.")], project_dir: ProjectOption = Path(".")) -> None:
    """Write the codebook as a REFI-QDA codebook (.qdc)."""
    with open_project(project_dir) as project:
        count = project.export_qdc(file)
    console.print(f"Wrote {count} codes to {file}.")


@import_app.command("qdc")
def import_qdc(file: Annotated[Path, typer.Argument(help="A REFI-QDA codebook (.qdc).")], project_dir: ProjectOption = Path(".")) -> None:
    """Read a REFI-QDA codebook into the project's codes."""
    with open_project(project_dir) as project:
        counts = project.import_qdc(file)
    _print_import(file, counts)


@app.command("interviews-demo")
def interviews_demo(project_dir: ProjectOption = Path(".")) -> None:
    """Add the pack's synthetic interviews (transcripts, cases, two coders' codings) to the project."""
    from tixi.interviews.demo import add_demo_interviews

    with open_project(project_dir) as project:
        counts = add_demo_interviews(project)
    console.print("[yellow]Synthetic data:[/yellow] " + ", ".join(f"{key} {value}" for key, value in counts.items() if key != "skipped"))
