"""Dimension 1: frameworks in brief, overlap per branch, cross-references and the best-aligned indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from tixi.compare.criteria import ALL_BRANCHES
from tixi.report.context import ReportContext
from tixi.report.evidence import EvidenceRow
from tixi.report.model import Heading, Paragraph, Section, Table
from tixi.report.sections.crossrefs_table import crossref_blocks

if TYPE_CHECKING:
    from tixi.project import Project

KEY = "criteria"
ALIGNMENT_ROWS = 15
QUOTE_CHARS = 90


def section(project: Project, context: ReportContext) -> Section:
    """Return the criteria section: each framework of one compared system against the other system."""
    result = Section(KEY, context.t("criteria.title"), context.t("criteria.intro"))
    result.blocks.extend(crossref_blocks(project, context))  # system against system: needs no framework
    frameworks = project.frameworks.sort_values("name")
    if frameworks.empty:
        if not result.blocks:
            result.notes.append(context.t("report.no_data"))
        return result
    systems = set(context.documents["system"])
    compared = context.names.compared
    other_of = {compared[0]: compared[1], compared[1]: compared[0]} if len(compared) == 2 else {}
    trees = {str(name): project.framework(str(name)) for name in frameworks["name"]}
    result.blocks.append(_frameworks_table(context, frameworks, trees))
    for row in frameworks.itertuples(index=False):
        other = other_of.get(str(row.system))
        if other is None or other not in systems:
            continue
        framework = trees[str(row.name)]
        comparison = project.compare_criteria(str(row.name), other)
        result.blocks.append(Heading(f"{row.name} ({context.names.value('systems', str(row.system))}) ↔ {context.names.value('systems', other)}"))
        if row.title:
            result.blocks.append(Paragraph(str(row.title)))
        result.blocks.append(_overlap(context, framework, comparison.overlap, str(row.name), comparison.meta))
        indicators = comparison.crossrefs[comparison.crossrefs["unit_kind"] == "indicator"]  # B's articles are listed above
        if not indicators.empty:
            result.blocks.append(_crossrefs(context, indicators, str(row.name)))
        if not comparison.alignment.empty:
            result.blocks.append(_alignment(context, comparison.alignment))
    for block in result.blocks:
        if isinstance(block, Table):
            localise_columns(context, block)
    return result


# Column names the comparison tables carry, and the report strings that name them in the report's language.
COLUMN_STRINGS = {
    "name": "col.name", "levels": "col.levels", "indicators": "col.indicators", "branch": "col.branch", "units": "col.units",
    "aligned": "col.aligned", "crossref": "col.crossref", "covered": "col.covered", "est. aligned (95%)": "col.est_aligned",
    "share": "col.share_units", "points": "col.points", "points_share": "col.points_share", "indicator": "col.indicator",
    "passage": "col.passage", "score": "col.score", "refers to": "col.refers_to", "triggers": "col.triggers", "best match": "col.best_match",
}


def localise_columns(context: ReportContext, table: Table) -> None:
    """Rename a table's raw column names to the report's language, keeping its evidence links on the renamed columns."""
    renamed = {column: context.t(COLUMN_STRINGS[column]) for column in table.frame.columns if column in COLUMN_STRINGS}
    if not renamed:
        return
    table.frame = table.frame.rename(columns=renamed)
    table.links = {(position, renamed.get(column, column)): group for (position, column), group in table.links.items()}


def indicator_row(context: ReportContext, indicator: Any) -> EvidenceRow | None:
    """Return the evidence row of an indicator: the first line of its item in the source document."""
    if indicator.doc_id is None or indicator.start is None:
        return None
    text = context.evidence.text(str(indicator.doc_id))
    if not text:  # a span into a document the project lacks: no link rather than a wrong one
        return None
    start = int(indicator.start)
    line_end = text.find("\n", start)
    end = min(int(indicator.end or start), line_end if line_end > start else len(text))
    return context.evidence.passage(str(indicator.doc_id), start, max(start, end))


def _frameworks_table(context: ReportContext, frameworks: pd.DataFrame, trees: dict[str, Any]) -> Table:
    records: list[dict[str, Any]] = []
    links: dict[tuple[int, str], str] = {}
    for position, row in enumerate(frameworks.itertuples(index=False)):
        framework = trees[str(row.name)]
        rows = [found for found in (indicator_row(context, item) for item in framework.indicators) if found is not None]
        record: dict[str, Any] = {"name": str(row.name), context.t("col.system"): context.names.value("systems", str(row.system)),
                                  context.t("col.title"): str(row.title or "")[:60], "levels": str(row.levels or "")}
        if rows and len(rows) == len(framework.indicators):
            group, count = context.group_once(("framework", row.name), f"{row.name}", KEY, "passages", lambda rows=rows: rows)  # type: ignore[misc]
            record["indicators"] = count
            links[(position, "indicators")] = group
        else:
            record["indicators"] = str(len(framework.indicators))  # imported from a file outside the project: no passages
        records.append(record)
    return Table(context.t("criteria.frameworks"), pd.DataFrame.from_records(records), links)


def _overlap(context: ReportContext, framework: Any, overlap: pd.DataFrame, name: str, meta: dict[str, Any]) -> Table:
    """Return the overlap table; each count links to the indicators it counts (their lines in the source)."""
    leaves = _leaves(framework)
    columns = ("units", "aligned", "crossref", "covered")
    resolved: dict[str, dict[str, list[Any]]] = {}
    for row in overlap.itertuples(index=False):
        branch = str(row.branch)
        if branch == ALL_BRANCHES:
            continue
        members = [item for item in leaves if _in_branch(item.key, branch)]
        by_code: dict[str, list[Any]] = {}
        for item in members:
            by_code.setdefault(str(item.code or item.title), []).append(item)  # as the overlap table names them
        resolved[branch] = {"units": members}
        for column in columns[1:]:
            codes = list(getattr(row, f"{column}_units") or [])
            resolved[branch][column] = [item for code in codes for item in by_code.get(str(code), [])[:1]]
    resolved[ALL_BRANCHES] = {column: [item for branch in resolved.values() for item in branch[column]] for column in columns}
    records: list[dict[str, Any]] = []
    links: dict[tuple[int, str], str] = {}
    for position, row in enumerate(overlap.itertuples(index=False)):
        record: dict[str, Any] = {"branch": str(row.branch)}
        for column in columns:
            value = int(getattr(row, column))
            items = resolved.get(str(row.branch), {}).get(column, [])
            rows = [found for found in (indicator_row(context, item) for item in items) if found is not None]
            if value and len(rows) == value:
                group, count = context.group_once(("overlap", name, row.branch, column), f"{name} · {row.branch} · {column}", KEY, "passages",
                                                  lambda rows=rows: rows)  # type: ignore[misc]
                record[column] = count
                links[(position, column)] = group
            else:
                record[column] = value if value else ""
        low, high = getattr(row, "aligned_low", None), getattr(row, "aligned_high", None)
        if low is not None and high is not None and low == low and high == high:  # not None, not NaN
            record["est. aligned (95%)"] = f"{int(low)}–{int(high)}"
        record["share"] = float(cast(float, row.share)) if row.share is not None else None
        points = getattr(row, "points", None)
        if points is not None and points == points:  # not None, not NaN
            record["points"] = row.points
            record["points_share"] = row.points_share
        records.append(record)
    if meta.get("min_probability") is not None:
        note = context.t("criteria.overlap_note", p=meta.get("min_probability"), method=meta.get("method"), settings=meta.get("settings"))
    else:
        note = context.t("criteria.overlap_note_threshold", threshold=meta.get("threshold"), method=meta.get("method"), settings=meta.get("settings"))
    return Table(context.t("criteria.overlap"), pd.DataFrame.from_records(records), links, note=note)


def _leaves(framework: Any) -> list[Any]:
    keys = [item.key for item in framework.indicators]
    return [item for item in framework.indicators if not any(other.startswith(item.key + "/") for other in keys)]


def _in_branch(key: str, branch: str) -> bool:
    """Return whether indicator ``key`` lies under the branch whose label starts with the branch code."""
    code = branch.split(" ", 1)[0]
    return key == code or key.startswith(code + "/")


def _clip(text: object) -> str:
    value = str(text or "").replace("\n", " ")
    return value[:QUOTE_CHARS] + ("…" if len(value) > QUOTE_CHARS else "")


def _crossrefs(context: ReportContext, crossrefs: pd.DataFrame, name: str) -> Table:
    frame = pd.DataFrame({
        context.t("col.code"): crossrefs["code"].astype(str),
        context.t("col.title"): [_clip(t) for t in crossrefs["title"]],
        "refers to": [context.names.value("systems", str(v)) for v in crossrefs["refers_to"]],
        "triggers": [", ".join(map(str, t)) if isinstance(t, (list, tuple)) else str(t) for t in crossrefs["triggers"]],
        "best match": [f"{_clip(t)} ({s:.2f})" if isinstance(s, float) and t else ""
                       for t, s in zip(crossrefs["best_b_title"], crossrefs["best_score"], strict=True)],
        context.t("col.quote"): [_clip(q) if q else "" for q in crossrefs["best_quote"]],
    })
    return Table(context.t("criteria.crossrefs_indicators", name=name), frame)


def _alignment(context: ReportContext, alignment: pd.DataFrame) -> Table:
    best = alignment.sort_values(["score", "a_id", "b_id"], ascending=[False, True, True]).head(ALIGNMENT_ROWS)
    frame = pd.DataFrame({
        "indicator": [f"{c} {t}" for c, t in zip(best["a_code"], best["a_title"], strict=True)],
        "passage": [_clip(t) for t in best["b_title"]],
        "score": best["score"].astype(float),
        context.t("col.quote"): [_clip(q) for q in best["quote"]],
    })
    return Table(context.t("criteria.alignment"), frame.reset_index(drop=True))
