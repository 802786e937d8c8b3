"""Dimension 2: prevalence and keyness of virtues and behaviours, shared versus distinctive codes, co-occurrence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from tixi.report.context import ReportContext
from tixi.report.model import Heading, Paragraph, Section, Table
from tixi.report.sections.common import auto_codings, passages, per_article, per_document

if TYPE_CHECKING:
    from tixi.project import Project

KEY = "virtues"
KEYNESS_ROWS = 20  # codes with the largest |z| in the keyness table and chart
HEATMAP_CODES = 14  # codes (most articles) in the co-occurrence heatmap
PAIR_ROWS = 12  # strongest pairs per system in the co-occurrence table


def section(project: Project, context: ReportContext) -> Section:
    """Return the virtues and behaviours section (needs ``Project.compare_virtues``)."""
    result = Section(KEY, context.t("virtues.title"), context.t("virtues.intro"))
    codings = auto_codings(project, context)
    systems = set(context.documents["system"])
    compared = context.names.compared
    if codings.empty or len(compared) != 2 or not all(group in systems for group in compared):
        result.notes.append(context.t("report.no_data"))
        return result
    comparison = context.result("virtue_comparison", lambda: project.compare_virtues(*compared, codings=auto_codings(project, context)))
    evidence = _CodingEvidence(context, codings)
    result.blocks.append(_prevalence(context, comparison.prevalence, evidence))
    keyness = comparison.keyness.assign(absz=comparison.keyness["z"].abs()).sort_values(["absz", "code_id"], ascending=[False, True]).head(KEYNESS_ROWS)
    result.blocks.append(_keyness_chart(context, keyness))
    result.blocks.append(_keyness_table(context, keyness, evidence))
    result.blocks.append(Heading(context.t("virtues.shared")))
    result.blocks.append(_shared(context, comparison.shared))
    result.blocks.append(Heading(context.t("virtues.cooccurrence")))
    result.blocks.append(_heatmap(context, comparison.cooccurrence, comparison.prevalence))
    result.blocks.append(_pairs(context, comparison.cooccurrence, evidence))
    return result


class _CodingEvidence:
    """Evidence groups of the codings of one code in one system, made once and shared by the tables."""

    def __init__(self, context: ReportContext, codings: pd.DataFrame) -> None:
        self.context = context
        self.by_key = {key: frame for key, frame in codings.groupby(["code_id", "system"], sort=True)}
        self.empty = codings.iloc[0:0]

    def frame(self, code: str, group: str) -> pd.DataFrame:
        return self.by_key.get((code, group), self.empty)

    def link(self, code: str, group: str, unit: str) -> tuple[str, int] | None:
        frame = self.frame(code, group)
        if frame.empty:
            return None
        label = f"{self.context.names.code(code)} · {self.context.names.value('systems', group)}"
        makers = {"documents": per_document, "articles": per_article, "passages": passages}
        return self.context.group_once(("coding", code, group, unit), label, KEY, unit, lambda: makers[unit](self.context, frame))


def _cell(record: dict[str, Any], links: dict[tuple[int, str], str], position: int, column: str, link: tuple[str, int] | None) -> None:
    if link is None:
        record[column] = ""
        return
    record[column] = link[1]
    links[(position, column)] = link[0]


def _prevalence(context: ReportContext, prevalence: pd.DataFrame, evidence: _CodingEvidence) -> Table:
    names = context.names
    order = {category: i for i, category in enumerate(names.values.get("categories", {}))}
    category_of = {str(code): str(category) for code, category in zip(prevalence["code_id"], prevalence["category"], strict=True)}
    totals = prevalence.groupby("code_id")["documents"].sum()
    codes = sorted(totals.index, key=lambda code: (order.get(category_of[code], 9), -int(totals[code]), code))
    records: list[dict[str, Any]] = []
    links: dict[tuple[int, str], str] = {}
    code_col, category_col = context.t("col.code"), context.t("col.category")
    for position, code in enumerate(codes):
        record: dict[str, Any] = {code_col: names.code(code), category_col: names.value("categories", category_of[code])}
        for group in names.compared:
            system = names.value("systems", group)
            row = prevalence[(prevalence["code_id"] == code) & (prevalence["group"] == group)]
            _cell(record, links, position, f"{system}: {context.t('col.documents')}", evidence.link(code, group, "documents"))
            record[f"{system}: {context.t('col.share')}"] = float(row["document_share"].iloc[0]) if not row.empty else 0.0
            _cell(record, links, position, f"{system}: {context.t('col.articles')}", evidence.link(code, group, "articles"))
        records.append(record)
    frame = pd.DataFrame.from_records(records)
    return Table(context.t("virtues.prevalence"), frame, links)


def _keyness_chart(context: ReportContext, keyness: pd.DataFrame) -> Any:
    names = context.names
    ordered = keyness.sort_values(["z", "code_id"], ascending=[False, True])
    frame = pd.DataFrame({"z": ordered["z"].to_numpy()}, index=[names.code(code, short=True) for code in ordered["code_id"]])
    first, second = context.names.compared
    positive, negative = names.value("systems", first), names.value("systems", second)
    split = pd.DataFrame({positive: frame["z"].clip(lower=0), negative: frame["z"].clip(upper=0)}, index=frame.index)
    return context.figures.bars(
        "virtues_keyness", context.t("virtues.keyness_chart"), split, horizontal=True, stacked=True,
        xlabel=f"z  (> 0: {positive}; < 0: {negative})", colours={positive: names.colours.get(first, "#777"), negative: names.colours.get(second, "#777")},
    )


def _keyness_table(context: ReportContext, keyness: pd.DataFrame, evidence: _CodingEvidence) -> Table:
    names = context.names
    records: list[dict[str, Any]] = []
    links: dict[tuple[int, str], str] = {}
    for position, row in enumerate(keyness.itertuples(index=False)):
        record: dict[str, Any] = {context.t("col.code"): names.code(str(row.code_id))}
        for group in names.compared:
            column = f"{names.value('systems', group)}: {context.t('col.documents')}"
            _cell(record, links, position, column, evidence.link(str(row.code_id), group, "documents"))
        z = float(cast(float, row.z))
        record[context.t("col.z")] = z
        record[context.t("col.favours")] = names.value("systems", names.compared[0] if z > 0 else names.compared[1])
        records.append(record)
    return Table(context.t("virtues.keyness"), pd.DataFrame.from_records(records), links, context.t("virtues.keyness_note"))


def _shared(context: ReportContext, shared: pd.DataFrame) -> Paragraph | Table:
    names = context.names
    rows = []
    for status, frame in shared.groupby("status", sort=True):
        labels = ", ".join(names.code(str(code), short=True) for code in sorted(frame["code_id"]))
        rows.append({context.t("col.status"): str(status), context.t("col.code"): labels})
    return Table(context.t("virtues.shared"), pd.DataFrame(rows))


def _top_codes(prevalence: pd.DataFrame) -> list[str]:
    totals = prevalence.groupby("code_id")["articles"].sum().sort_values(ascending=False, kind="stable")
    ranked = sorted(totals.index, key=lambda code: (-int(totals[code]), code))
    return ranked[:HEATMAP_CODES]


def _heatmap(context: ReportContext, cooccurrence: pd.DataFrame, prevalence: pd.DataFrame) -> Any:
    names = context.names
    codes = _top_codes(prevalence)
    labels = [names.code(code, short=True) for code in codes]
    matrix = pd.DataFrame(0.0, index=labels, columns=labels)
    both = cooccurrence.groupby(["code_a", "code_b"])["articles_both"].sum()
    singles = prevalence.groupby("code_id")["articles"].sum()
    for key, count in both.items():
        a, b = (str(part) for part in key) if isinstance(key, tuple) else (str(key), "")
        n12 = float(count)
        if a in codes and b in codes and n12:
            value = n12 / (float(singles[a]) + float(singles[b]) - n12)
            matrix.iat[codes.index(a), codes.index(b)] = value
            matrix.iat[codes.index(b), codes.index(a)] = value
    return context.figures.heatmap("virtues_cooccurrence", context.t("virtues.heatmap"), matrix, fmt="{:.2f}", cmap="Reds")


def _pairs(context: ReportContext, cooccurrence: pd.DataFrame, evidence: _CodingEvidence) -> Table:
    names = context.names
    records: list[dict[str, Any]] = []
    links: dict[tuple[int, str], str] = {}
    pairs = cooccurrence.sort_values(["group", "articles_both", "c", "code_a", "code_b"], ascending=[True, False, False, True, True])
    column = context.t("col.articles")
    for group in names.compared:
        for row in pairs[pairs["group"] == group].head(PAIR_ROWS).itertuples(index=False):
            position = len(records)
            record: dict[str, Any] = {context.t("col.system"): names.value("systems", group),
                                      context.t("col.pair"): f"{names.code(str(row.code_a), short=True)} + {names.code(str(row.code_b), short=True)}"}
            rows = _both_articles(context, evidence.frame(str(row.code_a), group), evidence.frame(str(row.code_b), group))
            label = f"{record[context.t('col.pair')]} · {names.value('systems', group)}"
            link = context.group_once(("pair", row.code_a, row.code_b, group), label, KEY, "articles", lambda rows=rows: rows)  # type: ignore[misc]
            _cell(record, links, position, column, link)
            record[context.t("col.c")] = float(cast(float, row.c))
            records.append(record)
    return Table(context.t("virtues.cooccurrence"), pd.DataFrame.from_records(records), links)


def _both_articles(context: ReportContext, first: pd.DataFrame, second: pd.DataFrame) -> list[Any]:
    """Return one row per article holding both codes (the first code's first hit in it)."""
    where = context.evidence.where
    second_articles = {(str(d), where(str(d), int(s))) for d, s in zip(second["doc_id"], second["start"], strict=True)}
    rows = per_article(context, first)
    return [row for row in rows if (row.doc_id, row.where) in second_articles]
