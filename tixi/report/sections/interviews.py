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
    merged = consensus(coded)
    evidence = passages(context, merged)
    by_case = [Item(str(code), str(case), row) for code, case, row in zip(merged["code_id"], merged["case"], evidence, strict=True)]
    case_ids = list(cases["case"])
    rule = context.t("interviews.consensus", coders=len(set(coded["coder"].astype(str)))) if coded["coder"].nunique() > 1 else ""
    result.blocks.append(matrix_table(
        context, KEY, context.t("interviews.by_case"), by_case, unit="passages", row_header=context.t("col.code"),
        row_label=lambda code: names.code(str(code)), col_label=lambda case: f"{case}*" if case in synthetic else str(case), cols=case_ids,
        note=" ".join(part for part in (context.t("interviews.synthetic_mark") if synthetic else "", rule) if part),
    ))
    if CITY in attributes.columns:
        city_of = {str(case): context.place(str(attributes.at[case, CITY])) for case in attributes.index}
        by_city = [Item(item.row, city_of.get(str(item.col), ""), item.evidence) for item in by_case]
        cities = sorted({str(v) for v in city_of.values()})
        interviews_in = {city: sum(1 for value in city_of.values() if value == city) for city in cities}
        table = matrix_table(context, KEY, context.t("interviews.by_city"), by_city, unit="passages", row_header=context.t("col.code"),
                             row_label=lambda code: names.code(str(code)),
                             col_label=lambda city: context.t("interviews.city_column", city=names.place(str(city)), n=interviews_in.get(str(city), 0)),
                             cols=cities, note=" ".join(part for part in (context.t("interviews.per_city"), rule) if part))
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
        frame["city"] = [names.place(context.place(str(city))) for city in frame["city"]]
    frame["synthetic"] = [context.t("report.synthetic") if flag else "" for flag in cases["synthetic"]]
    frame = frame.rename(columns={column: context.names.t_or(f"col.{column}", column) for column in frame.columns})
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
        frame["code"] = [context.names.code(str(code)) if str(code) in context.names.codes else context.t("interviews.all_codes")
                         for code in frame["code"]]
    if "level" in frame:
        frame["level"] = [context.names.t_or(f"interviews.level_{level}", str(level)) for level in frame["level"]]
    frame = frame.rename(columns={column: context.names.t_or(f"col.{column}", column) for column in shown})
    return Table(f"{context.t('interviews.agreement')}: {' / '.join(coders)}", frame.reset_index(drop=True),
                 note=context.t("interviews.agreement_note"))


def _confusion(project: Project, context: ReportContext) -> Table:
    """Return confusion in talk by city: turns on the systems, those that conflate them or show uncertainty, and the shares."""
    turns = project.confusion(by="turn", attribute=CITY)
    mentions = [column for column in turns.columns if column.startswith("mention_")]
    measures = {"system": context.t("col.system_turns"), "conflated": context.t("col.conflated_turns"), "uncertain": context.t("col.uncertain_turns")}
    items = []
    for row in turns.to_dict("records"):
        if not any(bool(row[column]) for column in mentions):
            continue
        city, evidence = context.place(str(row[CITY])), context.evidence.passage(str(row["doc_id"]), int(row["start"]), int(row["end"]))
        items.append(Item(city, "system", evidence))
        if bool(row["both_systems"]) or bool(row["cross_attribution"]):
            items.append(Item(city, "conflated", evidence))
        if bool(row["uncertain"]):
            items.append(Item(city, "uncertain", evidence))
    interviews = turns.assign(**{CITY: [context.place(str(city)) for city in turns[CITY]]}).groupby(CITY)["case"].nunique().to_dict() if not turns.empty else {}
    cities = sorted({str(item.row) for item in items})
    table = matrix_table(context, KEY, context.t("interviews.confusion"), items, unit="passages", row_header=context.t("col.city"),
                         row_label=lambda city: context.t("interviews.city_column", city=context.names.place(str(city)), n=interviews.get(city, 0)),
                         col_label=lambda measure: measures[str(measure)], rows=cities, cols=list(measures), total=False,
                         note=context.t("interviews.confusion_note"))
    frame = table.frame
    system_col = measures["system"]
    for share, measure in (("col.share_conflated", "conflated"), ("col.share_uncertain", "uncertain")):
        frame[context.t(share)] = [f"{part or 0}/{whole}" if whole else "—" for part, whole in zip(frame[measures[measure]], frame[system_col], strict=True)]
    return table


def consensus(coded: pd.DataFrame) -> pd.DataFrame:
    """Return one row per passage: overlapping spans of one code in one document, by any coder, merged.

    Two coders coding the same words are one passage, not two (the codes × cases and × cities tables
    count passages this way); the merged row names every coder who coded it.
    """
    if coded.empty:
        return coded
    rows = []
    ordered = coded.sort_values(["doc_id", "code_id", "start", "end"], kind="stable")
    for (_, _), group in ordered.groupby(["doc_id", "code_id"], sort=False):
        current: dict[str, Any] | None = None
        for record in (dict(item) for item in group.to_dict("records")):
            if current is not None and int(record["start"]) < int(current["end"]):
                current["end"] = max(int(current["end"]), int(record["end"]))
                current["coders"].add(str(record["coder"]))
                continue
            if current is not None:
                rows.append(current)
            current = {str(key): value for key, value in record.items()}
            current["coders"] = {str(record["coder"])}
        if current is not None:
            rows.append(current)
    merged = pd.DataFrame.from_records(rows)
    merged["coder"] = [" + ".join(sorted(coders)) for coders in merged.pop("coders")]
    return merged.reset_index(drop=True)


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
