"""Methods and provenance: versions, configuration, stages run, and the hashes of the inputs."""

from __future__ import annotations

import hashlib
import json
import platform
from typing import TYPE_CHECKING

import pandas as pd

from tixi.report.context import ReportContext
from tixi.report.model import Heading, Section, Table
from tixi.report.sections.common import interval_text, validation_figures

if TYPE_CHECKING:
    from tixi.project import Project

KEY = "methods"


def tixi_version() -> str:
    """Return the installed tixi version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tixi")
    except PackageNotFoundError:
        return "unknown"


def section(project: Project, context: ReportContext) -> Section:
    """Return the methods and provenance section."""
    result = Section(KEY, context.t("methods.title"), context.t("methods.intro"))
    inputs = [
        (row["id"], row["title"] or "", row["source_hash"] or "", int(row["chars"]))
        for row in project.db.execute("SELECT id, title, source_hash, chars FROM documents ORDER BY id")
    ]
    rows = _versions(project, context, inputs)
    result.blocks.append(Table(context.t("methods.versions"), pd.DataFrame(rows, columns=[context.t("col.item"), context.t("col.value")])))
    result.blocks.append(Table(context.t("methods.stages"), _stages(project, context)))
    validation = _validation(project, context)
    if validation is not None:
        result.blocks.append(validation)
    result.blocks.append(Heading(context.t("methods.inputs")))
    columns = [context.t("col.id"), context.t("col.title"), context.t("col.sha256"), context.t("col.chars")]
    result.blocks.append(Table(context.t("methods.inputs"), pd.DataFrame(inputs, columns=columns)))
    return result


def _versions(project: Project, context: ReportContext, inputs: list[tuple[str, str, str, int]]) -> list[tuple[str, str]]:
    pack = project.pack
    codebooks = [f"{name} {version}" for name, version in project.codebook().versions]
    font = context.figures.font
    return [
        (context.t("stage.tixi"), tixi_version()),
        (context.t("stage.pack"), pack.label),
        (context.t("stage.codebooks"), ", ".join(codebooks) or "—"),
        (context.t("stage.config"), json.dumps(project.config.to_dict(), ensure_ascii=False, sort_keys=True)),
        (context.t("stage.python"), platform.python_version()),
        (context.t("methods.figure_font"), f"{font.family} ({font.path})" if font.cjk else context.t("report.no_cjk_font")),
        (context.t("stage.inputs"), inputs_fingerprint(inputs)),
    ]


def inputs_fingerprint(inputs: list[tuple[str, str, str, int]]) -> str:
    """Return one sha256 over the ids and source hashes of the documents ((id, title, hash, chars) in id order)."""
    digest = hashlib.sha256()
    for doc_id, _, source_hash, _ in inputs:
        digest.update(f"{doc_id}:{source_hash}\n".encode())
    return digest.hexdigest()


def _count(project: Project, table: str) -> int:
    return int(project.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _stages(project: Project, context: ReportContext) -> pd.DataFrame:
    by_coder = project.db.execute("SELECT coder, COUNT(*) FROM codings GROUP BY coder ORDER BY coder").fetchall()
    rows = [
        (context.t("stage.documents"), str(len(context.documents))),
        (context.t("stage.codings"), str(sum(count for _, count in by_coder))),
        (context.t("stage.coders"), ", ".join(f"{coder} ({count})" for coder, count in by_coder) or "—"),
    ]
    for key, table in (("stage.frameworks", "frameworks"), ("stage.flows", "flows"), ("stage.cases", "cases")):
        rows.append((context.t(key), str(_count(project, table))))
    return pd.DataFrame(rows, columns=[context.t("col.stage"), context.t("col.result")])



# The measures of the pack's validation record that the report cites, in reading order.
CITED = (
    "flow article (A, B, W): precision", "flow article (A, B, W): recall", "flow article of type A or B: precision",
    "flow article of type A or B: recall", "direction right, of found true flows", "behaviour codes per article: f1",
    "behaviour codes per document: f1", "polarity right, of found true codes",
)


def _validation(project: Project, context: ReportContext) -> Table | None:
    """Return the table of the pack's measured validity (its ``validation`` file), or None when the pack has none."""
    record, figures = validation_figures(project)
    if not record:
        return None

    def cell(measure: str, evaluation: str) -> str:
        figure = figures.get((measure, evaluation))
        if not figure or figure.get("value") is None:
            return "—"
        return f"{interval_text(figure)} (n={figure['n']})"

    rows = [(measure, cell(measure, "frozen"), cell(measure, "cross-validated"), cell(measure, "baseline, frozen documents")) for measure in CITED]
    frame = pd.DataFrame(rows, columns=[context.t("col.measure"), context.t("col.frozen"), context.t("col.cross_validated"), context.t("col.baseline")])
    training, frozen = record.get("training", {}), record.get("frozen", {})
    note = context.t("methods.validation_note", articles=int(training.get("articles", 0)) + int(frozen.get("articles", 0)),
                     documents=int(training.get("documents", 0)) + int(frozen.get("documents", 0)), frozen=frozen.get("documents", 0),
                     version=record.get("version", ""))
    own = [path for path in (project.root / "models" / "flows_model.json", project.root / "models" / "coding_model.json") if path.exists()]
    if own:
        note += " " + context.t("methods.validation_own_model", model=", ".join(path.name for path in own))
    return Table(context.t("methods.validation"), frame, note=note)
