"""Methods and provenance: versions, configuration, stages run, and the hashes of the inputs."""

from __future__ import annotations

import hashlib
import json
import platform
from typing import TYPE_CHECKING

import pandas as pd

from tixi.report.context import ReportContext
from tixi.report.model import Heading, Section, Table

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
    rows = _versions(project, context)
    result.blocks.append(Table(context.t("methods.versions"), pd.DataFrame(rows, columns=[context.t("col.item"), context.t("col.value")])))
    result.blocks.append(Table(context.t("methods.stages"), _stages(project, context)))
    result.blocks.append(Heading(context.t("methods.inputs")))
    result.blocks.append(_inputs(project, context))
    return result


def _versions(project: Project, context: ReportContext) -> list[tuple[str, str]]:
    pack = project.pack
    codebooks = []
    for name in pack.description.get("files", {}).get("codebooks", []) or []:
        if pack.has(str(name)):
            codebooks.append(f"{name} {(pack.yaml(str(name)) or {}).get('version', '?')}")
    font = context.figures.font
    return [
        (context.t("stage.tixi"), tixi_version()),
        (context.t("stage.pack"), pack.label),
        (context.t("stage.codebooks"), ", ".join(codebooks) or "—"),
        (context.t("stage.config"), json.dumps(project.config.to_dict(), ensure_ascii=False, sort_keys=True)),
        (context.t("stage.python"), platform.python_version()),
        (context.t("methods.figure_font"), f"{font.family} ({font.path})" if font.cjk else context.t("report.no_cjk_font")),
        (context.t("stage.inputs"), inputs_fingerprint(project)),
    ]


def inputs_fingerprint(project: Project) -> str:
    """Return one sha256 over the ids and source hashes of all documents, in id order."""
    digest = hashlib.sha256()
    for row in project.db.execute("SELECT id, COALESCE(source_hash, '') FROM documents ORDER BY id"):
        digest.update(f"{row[0]}:{row[1]}\n".encode())
    return digest.hexdigest()


def _count(project: Project, query: str) -> int:
    try:
        return int(project.db.execute(query).fetchone()[0])
    except Exception:  # a table of a stage that has not landed does not exist yet
        return 0


def _table_exists(project: Project, name: str) -> bool:
    return project.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _stages(project: Project, context: ReportContext) -> pd.DataFrame:
    coders = [f"{row[0]} ({row[1]})" for row in project.db.execute("SELECT coder, COUNT(*) FROM codings GROUP BY coder ORDER BY coder")]
    rows = [
        (context.t("stage.documents"), str(_count(project, "SELECT COUNT(*) FROM documents"))),
        (context.t("stage.codings"), str(_count(project, "SELECT COUNT(*) FROM codings"))),
        (context.t("stage.coders"), ", ".join(coders) or "—"),
    ]
    for key, table in (("stage.frameworks", "frameworks"), ("stage.flows", "flows"), ("stage.cases", "cases")):
        if _table_exists(project, table):
            rows.append((context.t(key), str(_count(project, f"SELECT COUNT(*) FROM {table}"))))
    return pd.DataFrame(rows, columns=[context.t("col.stage"), context.t("col.result")])


def _inputs(project: Project, context: ReportContext) -> Table:
    records = [
        (row["id"], row["title"] or "", row["source_hash"] or "", int(row["chars"]))
        for row in project.db.execute("SELECT id, title, source_hash, chars FROM documents ORDER BY id")
    ]
    columns = [context.t("col.id"), context.t("col.title"), context.t("col.sha256"), context.t("col.chars")]
    return Table(context.t("methods.inputs"), pd.DataFrame(records, columns=columns))
