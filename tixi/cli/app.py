"""The Typer application and what every command shares: the project option and error output."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from tixi.errors import TixiError, printable

if TYPE_CHECKING:
    import pandas as pd

    from tixi.project import Project

app = typer.Typer(
    name="tixi",
    help="Measure where governance systems overlap, with evidence for every number.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Write the project, or results, in other formats.", no_args_is_help=True)
import_app = typer.Typer(help="Read projects or codebooks made elsewhere.", no_args_is_help=True)
compare_app = typer.Typer(help="Compare two systems (or frameworks, or groups of documents).", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
app.add_typer(compare_app, name="compare")

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"tixi {version('tixi')}")
        except PackageNotFoundError:
            typer.echo("tixi (not installed as a package)")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Measure where governance systems overlap, with evidence for every number."""

ProjectOption = Annotated[
    Path, typer.Option("--project", "-p", help="Project folder (default: the current folder).", show_default=False)
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="Output format: table, csv or json.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or chatter.")]

T = TypeVar("T")


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``Error: message`` on stderr and exit with ``code``."""
    # Messages quote file names and document text: [材料审核] or [draft] is text, not markup.
    errors.print(f"[red]Error:[/red] {escape(printable(message, keep_newlines=True))}", highlight=False)
    raise typer.Exit(code)


def warn(label: str, message: str) -> None:
    """Print ``label message`` on stderr (``skipped …``, ``warning …``) as one line of plain text, control characters escaped."""
    errors.print(f"[yellow]{label}[/yellow] {escape(printable(message))}", highlight=False)


@contextmanager
def open_project(path: Path) -> Iterator[Project]:
    """Open the project for one command; a tixi error becomes one ``Error:`` line and exit 1."""
    from tixi.project import Project  # here, not at import: `tixi --help` need not load pandas and every stage

    try:
        project = Project.open(path)
    except TixiError as error:
        fail(str(error))
    try:
        yield project
    except TixiError as error:
        fail(str(error))
    finally:
        project.close()


def guarded(function: Callable[[], T]) -> T:
    """Return ``function()``, turning a tixi error into one ``Error:`` line and exit 1."""
    try:
        return function()
    except TixiError as error:
        fail(str(error))


class ProgressBar:
    """A rich progress bar on stderr for a stage's ``tixi.progress.Progress`` reports."""

    def __init__(self, quiet: bool = False) -> None:
        # Only a terminal gets a bar: piped or captured stderr would get its last frame as noise.
        self.quiet = quiet or not errors.is_terminal
        self.bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=errors)
        self.task: TaskID | None = None

    def start(self, total: int, description: str) -> None:
        if self.quiet:
            return
        self.task = self.bar.add_task(description, total=total)
        self.bar.start()

    def advance(self, steps: int = 1) -> None:
        if self.task is not None:
            self.bar.advance(self.task, steps)

    def update(self, *, description: str | None = None, completed: int | None = None) -> None:
        if self.task is not None:
            self.bar.update(self.task, description=description, completed=completed)

    def finish(self) -> None:
        if self.task is not None:
            self.bar.stop()
            self.task = None


def print_frame(frame: pd.DataFrame, output: str, *, title: str | None = None, max_width: int = 60) -> None:
    """Print a DataFrame as a rich table, CSV or JSON records."""
    if output == "csv":
        typer.echo(_plain_cells(frame).to_csv(index=False), nl=False)
    elif output == "json":
        typer.echo(json.dumps(frame_records(frame), ensure_ascii=False, indent=2, default=str))
    elif output == "table" and frame.empty:
        console.print(f"{title or 'Table'}: no rows.", highlight=False)
    elif output == "table" and _too_wide(frame):
        _print_records(frame, title)
    elif output == "table":
        table = Table(title=title, show_lines=False)
        for column in frame.columns:
            table.add_column(str(column), overflow="fold", max_width=max_width)
        for row in frame.itertuples(index=False):
            table.add_row(*(_cell(value) for value in row))
        console.print(table)
    else:
        fail(f"unknown format {output!r}; use table, csv or json")


def _plain_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with mappings and lists as JSON text and numpy scalars as Python ones (for CSV)."""
    def plain(value: Any) -> Any:
        if isinstance(value, dict | list | tuple):
            return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
        return value.item() if hasattr(value, "item") and not isinstance(value, str) else value

    columns = {column: frame[column].map(plain) for column in frame.columns if frame[column].dtype == object}
    return frame.assign(**columns) if columns else frame


def _too_wide(frame: pd.DataFrame) -> bool:
    """Return whether a table of ``frame`` would not fit the terminal without wrapping most cells."""
    if frame.empty:
        return False
    widths = [min(12, max(len(str(column)), *(cell_len(_cell(value)) for value in frame[column].head(20)))) for column in frame.columns]
    return sum(widths) + 3 * len(widths) > console.width


def _print_records(frame: pd.DataFrame, title: str | None) -> None:
    """Print each row as a block of ``column: value`` lines: wide tables stay readable in a terminal."""
    if title:
        console.print(f"[bold]{title}[/bold] ({len(frame)} rows)")
    label_width = max(len(str(column)) for column in frame.columns)
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        console.rule(f"{number}", align="left", style="dim")
        for column, value in zip(frame.columns, row, strict=True):
            text = _cell(value)
            if text:
                console.print(f"[dim]{str(column).rjust(label_width)}[/dim]  {escape(text)}", highlight=False)


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return DataFrame rows as JSON-ready dicts (NaN becomes None)."""
    records: list[dict[str, Any]] = json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
    return records


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
