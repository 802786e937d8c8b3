"""Commands for report: ``tixi report``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tixi.cli.app import ProjectOption, app, console, open_project


@app.command()
def report(
    project_dir: ProjectOption = Path("."),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for report.html, report.md and figures/ (default: <project>/report).")] = None,
    formats: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: html, md (default: both).")] = "html,md",
    lang: Annotated[str, typer.Option("--lang", help="Language of headings, labels and figures: en or zh (quotes stay in Chinese).")] = "en",
) -> None:
    """Write the report: an HTML page and a Markdown version, findings first, every count linked to its evidence pages."""
    from tixi.report.document import EVIDENCE_DIR

    with open_project(project_dir) as project:
        written = project.report(out or project_dir / "report", formats=formats.split(","), lang=lang)
    pages = [path for path in written if path.parent.name == EVIDENCE_DIR]
    for path in written:
        if path.suffix in (".html", ".md") and path not in pages:
            console.print(f"wrote {path}", highlight=False)
    if pages:
        console.print(f"wrote {len(pages)} evidence pages in {pages[0].parent}", highlight=False)
    figures = [path for path in written if path.suffix == ".png"]
    if figures:
        console.print(f"wrote {len(figures)} figures in {figures[0].parent}", highlight=False)
