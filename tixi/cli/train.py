"""Commands to retrain the models on your own labels: `tixi train flows`, `tixi train codes`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tixi.cli.app import FormatOption, ProjectOption, app, console, open_project, print_frame

if TYPE_CHECKING:
    from tixi.validation.change import TrainReport

train_app = typer.Typer(help="Retrain the flow or coding model on your own labelled articles (docs/labelling.md).", no_args_is_help=True)
app.add_typer(train_app, name="train")

LabelsOption = Annotated[Path, typer.Option("--labels", help="Labelled articles, JSON Lines (docs/labelling.md, 'The label file').")]


def _show(report: TrainReport, output: str) -> None:
    print_frame(report.frame(), output, title=f"Validation change on your labels ({report.documents} documents, {report.articles} articles)")
    if output == "table":
        console.print(f"Stored {report.model_label} at {report.path} (labels sha256 {report.labels_sha256[:12]}), replacing "
                      f"{report.before_label}. 'in_use' scores the model that was in use on your labels; "
                      "'new_cross_validated' is the new model, validated by document.")


@train_app.command("flows")
def train_flows(labels: LabelsOption, project_dir: ProjectOption = Path("."), output: FormatOption = "table") -> None:
    """Train the flow model on your labels; `tixi flows` uses it from now on, and records it with every flow."""
    with open_project(project_dir) as project:
        report = project.train_flows(labels)
    _show(report, output)


@train_app.command("codes")
def train_codes(labels: LabelsOption, project_dir: ProjectOption = Path("."), output: FormatOption = "table") -> None:
    """Train the coding model on your labels; `tixi code` uses it from now on, and records it with every coding."""
    with open_project(project_dir) as project:
        report = project.train_codes(labels)
    _show(report, output)
