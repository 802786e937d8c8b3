"""Corpus overview: documents by system, kind, level, place and year (tables and charts)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import pandas as pd

from tixi.report.context import Item, ReportContext, matrix_table
from tixi.report.model import Paragraph, Section
from tixi.report.sections.common import year_of

if TYPE_CHECKING:
    from tixi.project import Project

KEY = "overview"


def section(project: Project, context: ReportContext) -> Section:
    """Return the corpus overview section."""
    docs = context.documents
    summary = project.summary()
    result = Section(KEY, context.t("overview.title"), context.t("overview.intro"))
    result.blocks.append(_summary_paragraph(context, summary))
    if docs.empty:
        result.notes.append(context.t("report.no_data"))
        return result
    names = context.names
    docs = docs.assign(year=[year_of(date) for date in (docs["version_date"] if "version_date" in docs else docs["date"])])
    systems = names.ordered("systems", map(_key, docs["system"]))
    years = sorted(docs["year"].unique(), key=lambda y: (y == "", y))

    def items(row_field: str, col_field: str) -> list[Item]:
        return [Item(_key(r), _key(c), context.evidence.opening(doc_id))
                for r, c, doc_id in zip(docs[row_field], docs[col_field], docs["id"], strict=True)]

    def system_label(value: Hashable) -> str:
        return names.value("systems", str(value))

    colours = {system_label(s): names.colours.get(s, "#777") for s in systems}
    year_chart = _chart_frame(docs, "year", systems, years)
    result.blocks.append(context.figures.bars(
        "corpus_years", context.t("overview.chart_year"),
        year_chart.rename(columns=system_label, index=lambda y: y or context.t("col.none")),
        ylabel=context.t("col.documents"), colours=colours,
    ))
    result.blocks.append(matrix_table(
        context, KEY, context.t("overview.by_system_kind"), items("system", "kind"), unit="documents",
        row_header=context.t("col.system"), row_label=system_label, col_label=lambda k: names.value("kinds", str(k)), rows=systems,
    ))
    levels = names.ordered("levels", map(_key, docs["level"]))
    level_chart = _chart_frame(docs, "level", systems, levels)
    result.blocks.append(context.figures.bars(
        "corpus_levels", context.t("overview.chart_level"),
        level_chart.rename(columns=system_label, index=lambda v: names.value("levels", str(v))),
        ylabel=context.t("col.documents"), colours=colours,
    ))
    result.blocks.append(matrix_table(
        context, KEY, context.t("overview.by_level"), items("system", "level"), unit="documents",
        row_header=context.t("col.system"), row_label=system_label, col_label=lambda v: names.value("levels", str(v)),
        rows=systems, cols=levels,
    ))
    result.blocks.append(matrix_table(
        context, KEY, context.t("overview.by_year"), items("year", "system"), unit="documents",
        row_header=context.t("col.year"), row_label=lambda y: str(y) or context.t("col.none"), col_label=system_label,
        rows=years, cols=systems,
    ))
    provinces = sorted({str(province) for province in docs["province"] if province}) if "province" in docs else []
    if provinces:
        result.blocks.append(matrix_table(
            context, KEY, context.t("overview.by_province"), [item for item in items("province", "system") if item.row], unit="documents",
            row_header=context.t("col.province"), row_label=lambda p: names.place(str(p)), col_label=system_label, cols=systems,
            note=context.t("overview.by_province_note"),
        ))
    result.blocks.append(matrix_table(
        context, KEY, context.t("overview.by_place"), items("place", "system"), unit="documents",
        row_header=context.t("col.place"), row_label=lambda p: names.place(str(p) if p else None), col_label=system_label, cols=systems,
    ))
    return result


def _key(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _chart_frame(docs: pd.DataFrame, field: str, systems: list[str], index: list[str]) -> pd.DataFrame:
    counts = pd.crosstab(docs[field].map(_key), docs["system"].map(_key))
    return counts.reindex(index=index, columns=systems).fillna(0).astype(int)


def _summary_paragraph(context: ReportContext, summary: dict[str, Any]) -> Paragraph:
    return Paragraph(context.t(
        "overview.summary", documents=summary["documents"], characters=f"{summary['characters']:,}", articles=summary["articles"],
    ))
