"""Interviews: code × case and code × city matrices, agreement between coders, confusion in talk, quotes.

Transcripts marked synthetic (case attribute or document metadata ``synthetic=true``) are said to
be synthetic in the section's first lines and beside every quote.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import pandas as pd

from tixi.interviews.cases import links as case_links
from tixi.interviews.matrices import coded_in_cases
from tixi.report.context import Item, ReportContext, matrix_table
from tixi.report.model import Heading, Paragraph, Section, Table
from tixi.report.sections.common import passages

if TYPE_CHECKING:
    from tixi.project import Project

KEY = "interviews"
CITY = "city"
QUOTE_CODES = 8  # codes (most coded) with one quote each
QUOTE_CHARS = 140


def section(project: Project, context: ReportContext) -> Section:
    """Return the interviews section: cases, codes × cases and × cities, agreement, confusion in talk, quotes."""
    result = Section(KEY, context.t("interviews.title"), context.t("interviews.intro"))
    cases = project.cases()
    if cases.empty:
        result.notes.append(context.t("report.no_data"))
        return result
    if bool(cases["synthetic"].any()):
        result.blocks.append(Paragraph("⚠ " + context.t("interviews.synthetic")))
    coders = [str(row[0]) for row in project.db.execute("SELECT name FROM coders ORDER BY name")]
    coded = coded_in_cases(project.db, coders or None)
    coded = coded[~coded["coder"].astype(str).str.startswith("auto:")] if not coders else coded
    attributes = cases.set_index("case")
    result.blocks.append(_cases(project, context, cases))
    names = context.names
    synthetic = set(cases.loc[cases["synthetic"].astype(bool), "case"])
    evidence = passages(context, coded)
    by_case = [Item(str(code), str(case), row) for code, case, row in zip(coded["code_id"], coded["case"], evidence, strict=True)]
    case_ids = list(cases["case"])
    result.blocks.append(matrix_table(
        context, KEY, context.t("interviews.by_case"), by_case, unit="passages", row_header=context.t("col.code"),
        row_label=lambda code: names.code(str(code)), col_label=lambda case: f"{case}*" if case in synthetic else str(case), cols=case_ids,
        note="* synthetic transcript" if synthetic else "",
    ))
    if CITY in attributes.columns:
        city_of = {str(case): str(attributes.at[case, CITY]) for case in attributes.index}
        by_city = [Item(item.row, city_of.get(str(item.col), ""), item.evidence) for item in by_case]
        cities = sorted({str(v) for v in city_of.values()})
        table = matrix_table(context, KEY, context.t("interviews.by_city"), by_city, unit="passages", row_header=context.t("col.code"),
                             row_label=lambda code: names.code(str(code)), col_label=lambda city: names.place(str(city)), cols=cities)
        result.blocks.append(_heatmap(context, by_city, cities))
        result.blocks.append(table)
    if len(coders) >= 2:
        result.blocks.append(Heading(context.t("interviews.agreement")))
        result.blocks.append(_agreement(project, context, coders[:2]))
    if CITY in attributes.columns:
        result.blocks.append(_confusion(project, context))
    result.blocks.append(Heading(context.t("interviews.quotes")))
    result.blocks.append(_quotes(context, coded, attributes, synthetic))
    return result


def _cases(project: Project, context: ReportContext, cases: pd.DataFrame) -> Table:
    names = context.names
    shown = [column for column in ("case", "city", "province", "age_group", "gender", "occupation", "interview_date") if column in cases.columns]
    frame = cases[shown].copy()
    if "city" in frame:
        frame["city"] = [names.place(str(city)) for city in frame["city"]]
    frame["synthetic"] = [context.t("report.synthetic") if flag else "" for flag in cases["synthetic"]]
    links: dict[tuple[int, str], str] = {}
    counts: list[Any] = []
    # The documents linked to each case (codings reach a case only through these links, so they add none).
    linked = case_links(project.db).groupby("case_id")["doc_id"].apply(sorted)
    column = context.t("col.documents")
    for position, case in enumerate(cases["case"]):
        doc_ids = linked.get(case, [])
        if doc_ids:
            group, count = context.group_once(("case-docs", case), f"{case}", KEY, "documents",
                                              lambda doc_ids=doc_ids: [context.evidence.opening(d) for d in doc_ids])  # type: ignore[misc]
            counts.append(count)
            links[(position, column)] = group
        else:
            counts.append("")
    frame[column] = counts
    return Table(context.t("interviews.cases"), frame.reset_index(drop=True), links)


def _heatmap(context: ReportContext, items: list[Item], cities: list[str]) -> Any:
    names = context.names
    counts: dict[tuple[Hashable, Hashable], int] = {}
    for item in items:
        counts[(item.row, item.col)] = counts.get((item.row, item.col), 0) + 1
    codes = sorted({row for row, _ in counts}, key=str)
    matrix = pd.DataFrame(0, index=[names.code(str(c), short=True) for c in codes], columns=[names.place(c, short=True) for c in cities])
    for (code, city), n in counts.items():
        if city in cities:
            matrix.iat[codes.index(code), cities.index(str(city))] = n
    return context.figures.heatmap("interviews_city", context.t("interviews.by_city"), matrix, cmap="Blues")


def _agreement(project: Project, context: ReportContext, coders: list[str]) -> Table:
    table = project.agreement(coders)
    shown = [c for c in ("code", "level", "percent_agreement", "cohen_kappa", "krippendorff_alpha") if c in table.columns]
    frame = table[shown].copy()
    if "code" in frame:
        frame["code"] = [context.names.code(str(code)) for code in frame["code"]]
    return Table(f"{context.t('interviews.agreement')}: {' / '.join(coders)}", frame.reset_index(drop=True),
                 note="Percent agreement, Cohen's kappa and Krippendorff's alpha (nominal), per code and pooled, at character level.")


def _confusion(project: Project, context: ReportContext) -> Table:
    table = project.confusion(by="city", attribute=CITY)
    shown = [c for c in ("city", "share_conflated", "share_uncertain") if c in table.columns]
    frame = table[shown].copy()
    if "city" in frame:
        frame["city"] = [context.names.place(str(city)) for city in frame["city"]]
    return Table("Confusion in talk, by city (share of turns on the systems)", frame.reset_index(drop=True),
                 note="conflated: turns naming both systems or giving one system's instruments to the other; uncertain: turns with markers of not knowing.")


def _quotes(context: ReportContext, coded: pd.DataFrame, attributes: pd.DataFrame, synthetic: set[str]) -> Table:
    names = context.names
    counts = coded["code_id"].value_counts()
    codes = sorted(counts.index, key=lambda code: (-int(counts[code]), str(code)))[:QUOTE_CODES]
    records = []
    for code in codes:
        first = coded[coded["code_id"] == code].sort_values(["case", "doc_id", "start"]).iloc[0]
        text = context.evidence.text(str(first["doc_id"]))[int(first["start"]):int(first["end"])]
        city = str(attributes.at[first["case"], CITY]) if CITY in attributes.columns and first["case"] in attributes.index else ""
        records.append({
            context.t("col.code"): names.code(str(code)),
            context.t("col.case"): f"{first['case']}" + (f" ({context.t('report.synthetic')})" if first["case"] in synthetic else ""),
            context.t("col.city"): names.place(city) if city else "",
            context.t("col.quote"): text[:QUOTE_CHARS] + ("…" if len(text) > QUOTE_CHARS else ""),
        })
    return Table(context.t("interviews.quotes"), pd.DataFrame.from_records(records))
