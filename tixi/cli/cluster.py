"""`tixi cluster add | code | flows`: the per-document stages on a Dask cluster (docs/dask.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tixi.cli.app import ProgressBar, ProjectOption, QuietOption, app, errors, open_project

cluster_app = typer.Typer(help="Run the per-document stages on Dask: a local cluster (--workers N) or a running one (--scheduler).",
                          no_args_is_help=True)
app.add_typer(cluster_app, name="cluster")

WorkersOption = Annotated[int, typer.Option(help="Start a local Dask cluster of N worker processes.")]
SchedulerOption = Annotated[str | None, typer.Option(help="Join the dask.distributed scheduler at this address (tcp://host:8786).")]
MemoryOption = Annotated[str, typer.Option(help="Memory limit of each local worker (Dask spills, pauses, then restarts past it).")]


@cluster_app.command("add")
def add(
    path: Annotated[Path, typer.Argument(help="A table corpus: JSON Lines (.jsonl, .jsonl.gz), CSV or Parquet, one document a row.")],
    project_dir: ProjectOption = Path("."),
    text_column: Annotated[str | None, typer.Option(help="Column holding the text (default: text, content, body or 正文).")] = None,
    id_column: Annotated[str | None, typer.Option(help="Column holding each row's own id (kept as meta row_id).")] = None,
    system: Annotated[str | None, typer.Option(help="System of every document (one the pack declares).")] = None,
    kind: Annotated[str | None, typer.Option(help="Kind of every document (regulation, measures, …).")] = None,
    workers: WorkersOption = 0,
    scheduler: SchedulerOption = None,
    memory_limit: MemoryOption = "2GiB",
    quiet: QuietOption = False,
) -> None:
    """Add a table corpus, its rows read, normalised and segmented on Dask workers (the store ends as `tixi add` leaves it)."""
    from tixi.cluster.client import dask_client
    from tixi.cluster.run import cluster_add

    with open_project(project_dir) as project, dask_client(workers, scheduler, memory_limit=memory_limit) as client:
        report = cluster_add(project, path, client, text_column=text_column, id_column=id_column, system=system, kind=kind,
                             progress=ProgressBar(quiet))
    errors.print(f"added {len(report.added)}, already there {len(report.duplicates)}, skipped {len(report.skipped)}", highlight=False)
    for problem in report.skipped[:20]:
        errors.print(f"skipped {problem.path} {problem.locator or ''}: {problem.reason}", highlight=False)


@cluster_app.command("code")
def code(project_dir: ProjectOption = Path("."), workers: WorkersOption = 0, scheduler: SchedulerOption = None,
         memory_limit: MemoryOption = "2GiB", quiet: QuietOption = False) -> None:
    """Auto-code every document on Dask workers and store the codings as `tixi code` does."""
    from tixi.cluster.client import dask_client
    from tixi.cluster.run import cluster_code

    with open_project(project_dir) as project, dask_client(workers, scheduler, memory_limit=memory_limit) as client:
        report = cluster_code(project, client, ProgressBar(quiet))
    errors.print(f"coded {len(report.coded)} documents: {report.added} codings added, {report.removed} removed, "
                 f"{len(report.skipped)} documents up to date", highlight=False)


@cluster_app.command("flows")
def flows(project_dir: ProjectOption = Path("."), workers: WorkersOption = 0, scheduler: SchedulerOption = None,
          memory_limit: MemoryOption = "2GiB", quiet: QuietOption = False) -> None:
    """Extract every document's data flows on Dask workers and store them as `tixi flows` does."""
    from tixi.cluster.client import dask_client
    from tixi.cluster.run import cluster_flows

    with open_project(project_dir) as project, dask_client(workers, scheduler, memory_limit=memory_limit) as client:
        redone = cluster_flows(project, client, ProgressBar(quiet))
    errors.print(f"flows read again for {redone} documents; list them with `tixi flows`", highlight=False)
