"""`tixi reuse`: passages copied between documents, template families, direction by date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tixi.cli.app import FormatOption, ProgressBar, ProjectOption, QuietOption, app, errors, open_project, print_frame

PASSAGE_TABLE_COLUMNS = ["passage", "source_title", "source_date", "target_title", "target_date", "source_length", "identity", "boilerplate", "family", "text"]


@app.command()
def reuse(
    project_dir: ProjectOption = Path("."),
    min_length: Annotated[int, typer.Option(help="Shortest passage reported, in characters.")] = 50,
    min_identity: Annotated[float, typer.Option(help="Least identity of a passage (share of both spans in exact common runs).")] = 0.8,
    out: Annotated[Path | None, typer.Option(help="Write passages and families (JSON, CSV, Parquet) and passim's JSON Lines to this folder.")] = None,
    boilerplate: Annotated[bool, typer.Option(help="List boilerplate passages too (purpose, effective-date clauses …).")] = False,
    workers: Annotated[int, typer.Option(help="Compute the per-document keys on a local Dask cluster of N workers (needs tixi[dask]).")] = 0,
    scheduler: Annotated[str | None, typer.Option(help="Join this dask.distributed scheduler (tcp://host:8786) instead; see docs/dask.md.")] = None,
    output: FormatOption = "table",
    quiet: QuietOption = False,
) -> None:
    """Find passages two documents share (MinHash LSH candidates, exact alignment), earlier → later, and store them."""
    from tixi.reuse.settings import ReuseSettings

    with open_project(project_dir) as project:
        settings = ReuseSettings(min_length=min_length, min_identity=min_identity)
        keys = None
        if workers or scheduler:
            from tixi.cluster.client import dask_client
            from tixi.cluster.run import cluster_reuse_keys

            with dask_client(workers, scheduler) as client:
                keys = cluster_reuse_keys(project, settings, client, ProgressBar(quiet))
        summary = project.find_reuse(settings, ProgressBar(quiet), keys)
        passages = project.reuse_passages(boilerplate=boilerplate)
        written = project.export_reuse(out) if out else []
    if not quiet:
        errors.print(f"{summary.documents} documents, {summary.characters:,} characters: {summary.candidate_pairs} candidate pairs, "
                     f"{summary.passages} passages ({summary.boilerplate} boilerplate), {summary.families} template families, "
                     f"{summary.seconds:.1f} s", highlight=False)
    if output == "table":
        # astype(str): an empty result has float columns, and .str would refuse them
        passages = passages[PASSAGE_TABLE_COLUMNS].assign(text=passages["text"].astype(str).str[:30],
                                                          source_title=passages["source_title"].astype(str).str[:16],
                                                          target_title=passages["target_title"].astype(str).str[:16])
    print_frame(passages, output, title="Reused passages (source = earlier)")
    for path in written:  # on stderr: stdout is the table, CSV or JSON asked for
        errors.print(f"wrote {path}", highlight=False)
