"""Shared templates and copied clauses: text reuse between documents, its spread over time and place, and the flows it carries.

Reads what `tixi reuse` stored (``Project.report`` finds reuse first when the documents changed,
as it reads new flows first). A figure draws each copy as an arrow from the source's year and
place to the copy's; tables list the template families and the copied clauses that carry a flow
across the systems (civility → credit in the reference pack; the directions come from the domain).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from tixi.domain import domain_of
from tixi.errors import InputError
from tixi.report.context import ReportContext
from tixi.report.model import Figure, Heading, Paragraph, Section, Table
from tixi.report.sections.common import year_of
from tixi.reuse.results import carried_flows, family_table
from tixi.reuse.store import directed_pairs, family_members, passage_counts, passages_carrying

if TYPE_CHECKING:
    from tixi.project import Project

KEY = "reuse"
FAMILY_ROWS = 12        # largest template families listed
CARRIER_ROWS = 30       # copied clauses with a crossing flow listed
QUOTE_CHARS = 90


def section(project: Project, context: ReportContext) -> Section:
    """Return the reuse section: counts, the diffusion figure, template families, copied clauses carrying crossing flows."""
    result = Section(KEY, context.t("reuse.title"), context.t("reuse.intro"))
    if project.reuse_stale():  # Project.report finds reuse first; a section only reads
        result.notes.append(context.t("reuse.stale"))
        return result
    counts = passage_counts(project.db)  # counted by SQLite: copies of a large corpus give more passages than a report holds
    if not counts.passages:
        result.notes.append(context.t("report.no_data"))
        return result
    result.blocks.append(Paragraph(context.t("reuse.summary", passages=counts.passages, boilerplate=counts.boilerplate,
                                             pairs=counts.pairs, families=counts.families)))
    documents = project.documents().set_index("id")
    directed = directed_pairs(project.db)
    if not directed.empty:
        result.blocks.append(_diffusion(context, directed, documents))
    families = family_table(family_members(project.db), project.documents())  # what Project.reuse_families returns
    if not families.empty:
        result.blocks.append(Heading(context.t("reuse.families")))
        result.blocks.append(_families(context, families))
    crossings = domain_of(project.pack).crossings
    carriers = _carriers(project, crossings)
    result.blocks.append(Heading(context.t("reuse.carriers", directions=", ".join(context.names.value("directions", d) for d in crossings))))
    if carriers.empty:
        result.blocks.append(Paragraph(context.t("reuse.no_carriers")))
    else:
        result.blocks.append(_carrier_table(context, carriers))
    result.notes.append(context.t("reuse.note"))
    return result


def _carriers(project: Project, crossings: tuple[str, ...]) -> pd.DataFrame:
    """Return copied passages (boilerplate too: a referral clause may route records) holding a flow that crosses between the sides.

    `Project.reuse_flows` for those directions, without the copied text, which the table does not quote.
    """
    if not crossings:
        return pd.DataFrame()
    try:
        flows = project.flows()
    except InputError:  # flows not read for these documents: no carriers to show (the flows section says so)
        return pd.DataFrame()
    passages = project.reuse_passages(text=False, numbers=passages_carrying(project.db, crossings))
    return carried_flows(passages, flows[flows["direction"].isin(crossings)])


def _place_year(context: ReportContext, documents: pd.DataFrame, doc_ids: pd.Series) -> list[tuple[str, str]]:
    """Return (canonical place or '?', year) per document: 宁波 and 浙江省宁波市 are one place, as the report counts places."""
    return [(context.place(documents.at[doc, "place"]) or "?", year_of(documents.at[doc, "date"])) for doc in doc_ids]


def _diffusion(context: ReportContext, directed: pd.DataFrame, documents: pd.DataFrame) -> Figure:
    """Draw copies as arrows from (source year, source place) to (target year, target place); width ~ passages.

    ``directed`` counts passages per (source_doc, target_doc).
    """
    sources, targets = _place_year(context, documents, directed["source_doc"]), _place_year(context, documents, directed["target_doc"])
    moves: Counter[tuple[tuple[str, str], tuple[str, str]]] = Counter()
    for source, target, count in zip(sources, targets, directed["passages"], strict=True):
        if source[1] and target[1]:
            moves[(source, target)] += int(count)
    received: Counter[str] = Counter()
    ends: Counter[tuple[str, str]] = Counter()
    for (_, target), count in moves.items():
        received[target[0]] += count
        ends[target] += count
    places = sorted({p for (s, t) in moves for p in (s[0], t[0])}, key=lambda p: (-received[p], p))
    row = {place: index for index, place in enumerate(places)}
    figures = context.figures
    caption = context.t("reuse.diffusion")
    with plt.rc_context({"font.family": [figures.font.family, "DejaVu Sans"] if figures.font.family else ["DejaVu Sans"], "font.size": 9}):
        fig, ax = plt.subplots(figsize=(9.0, max(3.0, 0.32 * len(places) + 1.4)))
        top = max(moves.values()) if moves else 1
        for (source, target), count in sorted(moves.items()):
            x0, y0, x1, y1 = int(source[1]), row[source[0]], int(target[1]), row[target[0]]
            style = "-" if source[0] != target[0] else ":"
            ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops={"arrowstyle": "->", "lw": 0.4 + 2.6 * count / top,
                        "color": "#1b9e77" if source[0] != target[0] else "#999999", "alpha": 0.55, "linestyle": style,
                        "connectionstyle": "arc3,rad=0.15"})
        ax.scatter([int(y) for _, y in ends], [row[p] for p, _ in ends], s=[12 + 60 * n / max(ends.values()) for n in ends.values()],
                   color="#d95f02", zorder=3)
        years = [int(y) for (s, t) in moves for y in (s[1], t[1])]
        ax.set_xlim(min(years) - 1, max(years) + 1)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_yticks(range(len(places)), [figures.label(context.names.place(p)) for p in places])
        ax.set_ylim(len(places) - 0.5, -0.5)
        ax.set_xlabel(figures.label(context.t("col.year")))
        ax.spines[["top", "right"]].set_visible(False)
        busiest = sorted(received.items(), key=lambda item: (-item[1], item[0]))[:3]
        alt = context.t("reuse.diffusion_alt", copies=sum(moves.values()), places=len(places), first=min(years), last=max(years),
                        busiest="、".join(f"{context.names.place(p)} ({n})" for p, n in busiest) if context.lang == "zh"
                        else ", ".join(f"{context.names.place(p)} ({n})" for p, n in busiest))
        return figures.finish(fig, "reuse_diffusion", caption, alt)


def _families(context: ReportContext, families: pd.DataFrame) -> Table:
    rows, links = [], {}
    for family, members in families.groupby("family", sort=True):
        template = members.iloc[0]
        years = sorted(year_of(d) for d in members["date"] if year_of(d))
        rows.append({
            context.t("reuse.col.family"): int(str(family)),
            context.t("reuse.col.template"): f"{template['title']} ({template['date'] or '?'})",
            context.t("col.documents"): len(members),
            context.t("col.place"): "、".join(sorted({context.names.place(place) for place in map(context.place, members["place"]) if place})),
            context.t("reuse.col.years"): f"{years[0]}–{years[-1]}" if years else "",
        })
        label = context.t("reuse.family_evidence", family=int(str(family)))
        links[(len(rows) - 1, context.t("col.documents"))] = context.evidence.documents_group(label, KEY, [str(doc) for doc in members["doc_id"]])
        if len(rows) == FAMILY_ROWS:
            break
    return Table(context.t("reuse.families_caption", shown=len(rows), total=int(families["family"].nunique())), pd.DataFrame(rows), links)


def _carrier_table(context: ReportContext, carriers: pd.DataFrame) -> Table:
    rows, links = [], {}
    ordered = carriers.sort_values(["target_date", "target_title", "passage"], na_position="last", kind="stable").head(CARRIER_ROWS)
    for position, row in enumerate(ordered.to_dict("records")):
        quote = str(row["quote"])
        rows.append({
            context.t("reuse.col.copied_from"): f"{row['source_title']} ({row['source_date'] or '?'})",
            context.t("reuse.col.copied_into"): f"{row['target_title']} ({row['target_date'] or '?'})",
            context.t("col.direction"): context.names.value("directions", str(row["direction"])),
            context.t("reuse.col.kind"): str(row["boilerplate"]) or "—",
            context.t("col.quote"): quote[:QUOTE_CHARS] + ("…" if len(quote) > QUOTE_CHARS else ""),
            context.t("col.passages"): 2,  # the passage in the source and in the copy; the count links to both
        })
        evidence = [context.evidence.passage(str(row["source_doc"]), int(row["source_start"]), int(row["source_end"])),
                    context.evidence.passage(str(row["target_doc"]), int(row["target_start"]), int(row["target_end"]))]
        label = context.t("reuse.evidence", passage=int(row["passage"]))
        links[(position, context.t("col.passages"))] = context.evidence.group(label, KEY, "passages", evidence)
    return Table(context.t("reuse.carriers_caption", shown=len(rows), total=len(carriers)), pd.DataFrame(rows), links)
