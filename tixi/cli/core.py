"""Commands of the foundation: init, add, docs, show, export parquet, demo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tixi.cli.app import (
    FormatOption,
    ProgressBar,
    ProjectOption,
    QuietOption,
    app,
    console,
    export_app,
    fail,
    guarded,
    open_project,
    print_frame,
    warn,
)
from tixi.errors import printable

if TYPE_CHECKING:
    from tixi.store.add import AddReport


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Folder to make into a project (created if missing).")],
    convert: Annotated[str, typer.Option(help="'t2s' to fold traditional characters to simplified.")] = "",
    pack: Annotated[str | None, typer.Option(help="Domain pack name or folder (default: ncca_scsp).")] = None,
) -> None:
    """Create a project: tixi.toml, tixi.db and sources/."""
    from tixi.project import Project

    project = guarded(lambda: Project.init(directory, convert=convert, pack=pack))
    project.close()
    console.print(f"Created tixi project in {directory}")


@app.command()
def add(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files and folders (folders are read recursively).")] = None,
    project_dir: ProjectOption = Path("."),
    system: Annotated[str | None, typer.Option(help="A system the pack declares (the reference pack: NCCA, SCSP, both, other).")] = None,
    kind: Annotated[str | None, typer.Option(help="framework, regulation, measures, manual, interview, …")] = None,
    meta: Annotated[list[str] | None, typer.Option("--meta", help="key=value metadata for every document (repeatable).")] = None,
    manifest: Annotated[Path | None, typer.Option(help="CSV with a 'file' column (relative to the CSV) and metadata columns.")] = None,
    text_column: Annotated[str | None, typer.Option(help="Text column of JSONL/CSV/Parquet corpora.")] = None,
    id_column: Annotated[str | None, typer.Option(help="Id column of JSONL/CSV/Parquet corpora.")] = None,
    update: Annotated[bool, typer.Option(help="Re-apply the manifest (and --system, --kind, --meta) to documents already added.")] = False,
    strict: Annotated[bool, typer.Option(help="A manifest problem (bad system or date, missing or unlisted file) is an error.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Add documents; exits non-zero only when nothing could be read (or, with --strict, on a manifest problem).

    A file over one of the [limits] in tixi.toml (bytes unpacked, DOCX XML elements, characters,
    seconds per document) is skipped with the limit named; the files after it are still read.
    """
    pairs = {}
    for item in meta or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            fail(f"--meta takes key=value, got {item!r}")
        pairs[key.strip()] = value.strip()
    if not paths and manifest is None:
        fail("give files or folders to add, or --manifest CSV")
    with open_project(project_dir) as project:
        report = project.add(
            paths or [], system=system, kind=kind, meta=pairs, manifest=manifest,
            text_column=text_column, id_column=id_column, progress=ProgressBar(quiet), update=update, strict=strict,
        )
    _print_report(report, quiet)
    if not report.read_anything:
        raise typer.Exit(1)


def plural(count: int, noun: str) -> str:
    """Return ``1 document`` or ``2 documents``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _print_report(report: AddReport, quiet: bool) -> None:
    if not quiet:
        duplicates = ""
        if report.duplicate_sources:
            shown = ", ".join(report.duplicate_sources[:5]) + (f" and {len(report.duplicate_sources) - 5} more" if len(report.duplicate_sources) > 5 else "")
            duplicates = f" ({printable(shown)})"
        updated = f" ({len(report.updated)} updated from the manifest and options)" if report.updated else ""
        console.print(f"Added {plural(len(report.added), 'document')}; {len(report.duplicates)} already in the project{duplicates}{updated}; "
                      f"{len(report.skipped)} skipped.", highlight=False, markup=False)
    for problem in report.skipped:
        warn("skipped", str(problem))
    for warning in report.warnings:
        warn("warning", warning)


docs_app = typer.Typer(help="List the documents; set their metadata or remove them.", invoke_without_command=True)
app.add_typer(docs_app, name="docs")


@docs_app.callback()
def docs(ctx: typer.Context, project_dir: ProjectOption = Path("."), output: FormatOption = "table") -> None:
    """List the documents with their metadata (or run `docs set` / `docs remove`)."""
    if ctx.invoked_subcommand is not None:
        return
    with open_project(project_dir) as project:
        frame = project.documents()
    if output == "table":
        frame = frame[["id", "system", "kind", "level", "place", "date", "chars", "title"]]
    print_frame(frame, output, title="Documents")


@docs_app.command("set")
def docs_set(
    doc_id: Annotated[str, typer.Argument(help="Document id (a unique prefix is enough).")],
    values: Annotated[list[str], typer.Argument(
        help="key=value pairs: system, kind, title, issuer, level, place, date, language, or any meta key; key= clears.")],
    project_dir: ProjectOption = Path("."),
) -> None:
    """Set (or clear) metadata of one document; systems and dates are checked."""
    pairs = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(f"give key=value, got {item!r}")
        pairs[key.strip()] = value.strip()
    with open_project(project_dir) as project:
        after = project.set_metadata(doc_id, **pairs)
    shown = {key: after.get(key) if key in after else after["meta"].get(key) for key in pairs}
    console.print(f"Set {', '.join(f'{k}={v!r}' for k, v in shown.items())}", highlight=False, markup=False)


@docs_app.command("remove")
def docs_remove(
    doc_ids: Annotated[list[str], typer.Argument(help="Document ids (unique prefixes are enough).")],
    project_dir: ProjectOption = Path("."),
) -> None:
    """Remove documents with their texts, segments, codings and flows (their stored source files when unused)."""
    with open_project(project_dir) as project:
        removed = project.remove(doc_ids)
    console.print(f"Removed {plural(len(removed), 'document')}: {', '.join(removed)}", highlight=False)


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="Document id (a unique prefix is enough).")],
    project_dir: ProjectOption = Path("."),
    segments: Annotated[
        str | None, typer.Option(help="List segments of this kind instead of the text: article, chapter, item, paragraph, sentence, turn, row.")
    ] = None,
    output: FormatOption = "table",
) -> None:
    """Show a document's metadata and text, or its segments."""
    with open_project(project_dir) as project:
        document = project.document(doc_id)
        if segments:
            frame = project.segments(kind=segments, doc_id=document.id)
            frame["text"] = [document.text[start:end] for start, end in zip(frame["start"], frame["end"], strict=True)]
            if output == "table":
                frame["text"] = [text[:80] for text in frame["text"]]
                frame = frame[["label", "start", "end", "text"]]
            print_frame(frame, output, title=f"{segments} of {document.title}")
            return
    if output == "json":
        typer.echo(json.dumps(document.__dict__, ensure_ascii=False, indent=2))
        return
    console.print(f"[bold]{document.title}[/bold]  ({document.id})", highlight=False)
    console.print(f"system={document.system} kind={document.kind} level={document.level} place={document.place} date={document.date}", highlight=False)
    typer.echo("")
    typer.echo(document.text)


@export_app.command("parquet")
def export_parquet(
    outdir: Annotated[Path, typer.Argument(help="Folder for documents.parquet, texts.parquet, segments.parquet.")],
    project_dir: ProjectOption = Path("."),
) -> None:
    """Write documents, texts and segments as Parquet files."""
    with open_project(project_dir) as project:
        written = project.export_parquet(outdir)
    for path in written:
        console.print(f"wrote {path}")


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for the demo project and its report.")] = Path("tixi-demo"),
    lang: Annotated[str, typer.Option("--lang", help="Language of the report: en or zh.")] = "en",
    quiet: QuietOption = False,
) -> None:
    """Run the whole pipeline on the bundled corpus (and synthetic interviews) and write the report."""
    from tixi.demo import run_demo

    run = guarded(lambda: run_demo(out, progress=ProgressBar(quiet), lang=lang))
    run.project.close()
    summary = run.summary
    console.print(f"[bold]Demo project[/bold] in {out / 'project'}: {summary['documents']} documents, {summary['characters']:,} characters")
    for key in ("by_system", "by_kind", "by_level"):
        console.print(f"  {key.replace('by_', 'by ')}: " + ", ".join(f"{name} {count}" for name, count in summary[key].items()), highlight=False)
    console.print(f"  articles found: {summary['articles']} in {summary['documents_with_articles']} documents", highlight=False)
    for stage, result, seconds in run.stages:
        console.print(f"  {stage}: {result} ({seconds:.1f} s)", highlight=False)
    for path in run.report:
        if path.suffix in (".html", ".md") and path.parent.name != "evidence":  # the evidence pages are linked from the report
            console.print(f"Report: {path}", highlight=False)
