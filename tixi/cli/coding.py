"""Commands for coding: code, kwic, matrix, compare virtues, validate sample/score."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.cells import cell_len
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd

from tixi.cli.app import FormatOption, ProjectOption, QuietOption, app, compare_app, console, fail, open_project, print_frame

validate_app = typer.Typer(help="Check automatic coding: draw a sample to mark, score a marked sample.", no_args_is_help=True)
app.add_typer(validate_app, name="validate")

VIRTUE_TABLES = ("prevalence", "keyness", "shared", "cooccurrence", "matrix")  # fields of VirtueComparison
# The columns a reader compares in a terminal (csv and json carry every column, evidence included);
# a name ending in "_" keeps every column it starts (documents_<group>). The matrix keeps all.
TERMINAL_COLUMNS = {
    "prevalence": ("label_zh", "label_en", "group", "documents", "document_share", "articles", "promoted", "prohibited", "regulated"),
    "keyness": ("label_en", "counted", "count_a", "count_b", "log_odds", "z", "chi2"),
    "shared": ("code_id", "documents_", "status", "z", "key_for"),
    "cooccurrence": ("code_a", "code_b", "group", "articles_both", "c"),
}


@app.command()
def code(
    doc_ids: Annotated[list[str] | None, typer.Argument(help="Documents to code (default: all).")] = None,
    project_dir: ProjectOption = Path("."),
    force: Annotated[bool, typer.Option(help="Recode even documents whose text and codebook are unchanged.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Auto-code documents: the pack's codebook terms and patterns, the coding model's second opinion, polarity."""
    with open_project(project_dir) as project:
        report = project.code(doc_ids, force=force)
    if not quiet:
        console.print(
            f"Coded {len(report.coded)} documents, skipped {len(report.skipped)} unchanged ({report.coder}); "
            f"codings added {report.added}, removed {report.removed}, kept {report.kept}.", highlight=False
        )


@app.command()
def kwic(
    term_or_code: Annotated[str, typer.Argument(help="A code id (e.g. promoted.volunteering) or any string to look up.")],
    project_dir: ProjectOption = Path("."),
    system: Annotated[str | None, typer.Option(help="Only documents of this system (one the pack declares, e.g. NCCA).")] = None,
    context: Annotated[int, typer.Option(help="Characters of context on each side.")] = 30,
    output: FormatOption = "table",
) -> None:
    """Print concordance lines with document and article."""
    with open_project(project_dir) as project:
        frame = project.kwic(term_or_code, system=system, context=context)
    if output == "table":
        _print_concordance(frame, f"{len(frame)} lines for {term_or_code}")
        return
    print_frame(frame, output, title=f"{len(frame)} lines for {term_or_code}", max_width=context + 10)


def _print_concordance(frame: pd.DataFrame, title: str) -> None:
    """Print concordance lines the way a reader scans them: the matches lined up in one column."""
    if frame.empty:
        console.print(f"{title}.", highlight=False)
        return
    match_width = max((cell_len(str(match)) for match in frame["match"]), default=2)
    # Whatever the terminal leaves after document, article and match goes to the two contexts.
    side = max(8, (console.width - 14 - 12 - match_width - 8 - (11 if "polarity" in frame.columns else 0)) // 2)
    table = Table(title=title, box=None, show_header=True, pad_edge=False)
    table.add_column("document", no_wrap=True, style="dim", width=14, overflow="ellipsis")
    table.add_column("article", no_wrap=True, width=12, overflow="ellipsis")
    table.add_column("left", justify="right", no_wrap=True, width=side)
    table.add_column("match", style="bold red", no_wrap=True, width=match_width)
    table.add_column("right", no_wrap=True, width=side)
    polarity = "polarity" in frame.columns
    if polarity:
        table.add_column("polarity", no_wrap=True, width=10)
    for row in frame.itertuples(index=False):
        # left and right come whitespace-collapsed from the evidence frame.
        cells = [f"{str(row.doc_id)[:8]} {row.title}", str(row.article or ""), _last_cells(str(row.left), side), str(row.match),
                 _first_cells(str(row.right), side)]
        if polarity:
            mechanism = getattr(row, "category", "") == "mechanism"  # instruments have no polarity
            cells.append(str(getattr(row, "polarity", "") or ("" if mechanism else "regulated")))
        table.add_row(*cells)
    console.print(table)


def _first_cells(text: str, width: int) -> str:
    """Return the longest start of ``text`` that fits in ``width`` terminal cells (CJK characters take two)."""
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return text[:index]
    return text


def _last_cells(text: str, width: int) -> str:
    """Return the longest end of ``text`` that fits in ``width`` terminal cells."""
    return _first_cells(text[::-1], width)[::-1]


@app.command()
def matrix(
    project_dir: ProjectOption = Path("."),
    by: Annotated[str, typer.Option(help="article: one row per (document, article, code, polarity, term); document: counts per code.")] = "article",
    output: FormatOption = "csv",
) -> None:
    """Print the document x code matrix of the automatic codings."""
    with open_project(project_dir) as project:
        project.code()  # code what is new first: the matrix reads codings, it never writes them
        frame = project.matrix(by)
    print_frame(frame, output, title=f"Codes by {by}")


@compare_app.command("virtues")
def compare_virtues(
    a: Annotated[str, typer.Argument(help="First group, e.g. a system the pack declares (NCCA in the reference pack).")],
    b: Annotated[str, typer.Argument(help="Second group, e.g. another system (SCSP in the reference pack).")],
    project_dir: ProjectOption = Path("."),
    by: Annotated[str, typer.Option(help="Group documents by system, kind, level, place or year.")] = "system",
    table: Annotated[str, typer.Option(help="Which tables: all, prevalence, keyness, shared, cooccurrence, matrix.")] = "all",
    top: Annotated[int, typer.Option(help="Rows of co-occurrence to show in the table output (0: all).")] = 20,
    weight: Annotated[str, typer.Option(help="What keyness counts: mentions, or documents (each document once).")] = "mentions",
    output: FormatOption = "table",
) -> None:
    """Compare the virtues and behaviours two groups mention: prevalence (by polarity), keyness, shared codes, co-occurrence."""
    if table != "all" and table not in VIRTUE_TABLES:
        fail(f"unknown table {table!r}; use all, {', '.join(VIRTUE_TABLES)}")
    with open_project(project_dir) as project:
        project.check_groups_exist(a, b, by)
        project.code()  # code what is new first: the comparison reads codings, it never writes them
        result = project.compare_virtues(a, b, by=by, weight=weight)
    wanted = [name for name in VIRTUE_TABLES if name != "matrix"] if table == "all" else [table]
    for name in wanted:
        if output == "table" or len(wanted) > 1:
            counted = f"; counting {weight}" if name == "keyness" else ""
            console.print(f"[bold]{name}[/bold] ({a} vs {b}, by {by}{counted})")
        frame: pd.DataFrame = getattr(result, name)
        if output == "table":
            frame = _terminal_view(frame, name, top)
        print_frame(frame, output, title=None)


def _terminal_view(frame: pd.DataFrame, name: str, top: int) -> pd.DataFrame:
    """Return the rows and columns of a comparison table that the terminal shows."""
    if name == "cooccurrence" and top:
        frame = frame.head(top)
    keep = TERMINAL_COLUMNS.get(name)
    if keep is None:
        return frame
    return frame[[column for column in frame.columns if column in keep or any(k.endswith("_") and column.startswith(k) for k in keep)]]


@validate_app.command("sample")
def validate_sample(
    project_dir: ProjectOption = Path("."),
    task: Annotated[str, typer.Option(help="What to validate: codes (article × code) or flows (sentences).")] = "codes",
    code_id: Annotated[str | None, typer.Option("--code", help="Code (with the codes below it) to sample; default all.")] = None,
    n: Annotated[int, typer.Option("-n", help="Sample size (split evenly across the score strata).")] = 50,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same sample).")] = 0,
    order: Annotated[str, typer.Option(help="random, or uncertain: the units nearest the model's threshold first.")] = "random",
    out: Annotated[Path, typer.Option(help="CSV file to write; mark its 'correct' column y or n.")] = Path("sample.csv"),
) -> None:
    """Write units to mark, drawn from every stratum of the model's score (coded and uncoded), for precision and recall."""
    if task not in ("codes", "flows"):
        fail(f"--task must be codes or flows, got {task!r}")
    with open_project(project_dir) as project:
        if task == "flows":
            sample = project.flow_validation_sample(n, seed=seed, out=out, order=order)
        else:
            sample = project.validation_sample(code_id, n, seed=seed, out=out, order=order)
    strata = sample["stratum"].nunique() if not sample.empty else 0
    console.print(f"Wrote {len(sample)} {task} units from {strata} score strata to {out}; fill 'correct' (and the other *_correct "
                  f"columns you judge) with y or n, then run `tixi validate score {out}`.")


@validate_app.command("score")
def validate_score(
    sample: Annotated[Path, typer.Argument(help="A sample CSV marked y/n in its 'correct' column.")],
    project_dir: ProjectOption = Path("."),
    output: FormatOption = "table",
) -> None:
    """Print precision and recall estimated from a marked sample, with 95% intervals (precision alone for an old sample)."""
    with open_project(project_dir) as project:
        frame = project.validation_score(sample)
    print_frame(frame, output, title=f"Estimates ({frame.attrs.get('unmarked', 0)} rows not yet marked)")
