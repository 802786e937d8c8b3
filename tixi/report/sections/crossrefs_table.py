"""Dimension 1 without a framework: articles of each system's documents that name the other system's instruments.

The units are articles (never indicators): a regulation article naming 公共信用信息 or 信用记录
(a credit instrument) is a cross-reference of the civility side to the credit side, the
clearest sign in the texts that data or sanctions are meant to move between the systems.
Each count links to the articles, with the first trigger word marked.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import pandas as pd

from tixi.report.context import ReportContext
from tixi.report.evidence import EvidenceRow
from tixi.report.model import Block, Paragraph, Table

if TYPE_CHECKING:
    from tixi.project import Project

KEY = "criteria"
TOP_TRIGGERS = 5
LISTED_ARTICLES = 20
TITLE_CHARS = 30


def crossref_blocks(project: Project, context: ReportContext) -> list[Block]:
    """Return the summary of cross-references between the two compared systems, and the articles behind it."""
    compared = context.names.compared
    systems = set(context.documents["system"]) if not context.documents.empty else set()
    if len(compared) != 2 or not set(compared) <= systems:
        return []
    a, b = compared
    frame = project.cross_references(a, b)
    records: list[dict[str, Any]] = []
    links: dict[tuple[int, str], str] = {}
    blocks: list[Block] = []
    units = {a: int(frame.attrs.get("units_a", 0)), b: int(frame.attrs.get("units_b", 0))}
    for position, (side, other) in enumerate(((a, b), (b, a))):
        own = frame[frame["side"] == side]
        rows = [row for row in (article_row(context, record) for record in own.to_dict("records")) if row is not None]
        label_side, label_other = context.names.value("systems", side), context.names.value("systems", other)
        record: dict[str, Any] = {
            context.t("criteria.crossrefs_direction"): context.t("criteria.crossrefs_from_to", a=label_side, b=label_other, n=units[side]),
        }
        for column, unit in (("documents", "documents"), ("articles", "articles")):
            title = context.t(f"criteria.crossrefs_{column}")
            if rows:
                group, count = context.group_once(("crossrefs", side, other, unit), f"{label_side} → {label_other}", KEY, unit,
                                                  lambda rows=rows: rows)  # type: ignore[misc]
                record[title] = count
                links[(position, title)] = group
            else:
                record[title] = 0
        words = Counter(word for triggers in own["triggers"] for word in triggers)
        record[context.t("criteria.crossrefs_words")] = ", ".join(f"{word} ({count})" for word, count in words.most_common(TOP_TRIGGERS))
        records.append(record)
    blocks.append(Paragraph(context.t("criteria.crossrefs_intro")))
    blocks.append(Table(context.t("criteria.crossrefs_summary"), pd.DataFrame.from_records(records), links,
                        note=context.t("criteria.crossrefs_note")))
    listed = frame[frame["side"] == a].head(LISTED_ARTICLES)
    if not listed.empty:
        blocks.append(Table(
            context.t("criteria.crossrefs_listed", a=context.names.value("systems", a), b=context.names.value("systems", b)),
            pd.DataFrame({
                context.t("col.document"): [_clip(str(title)) for title in listed["branch"]],
                context.t("criteria.crossrefs_article"): [str(code or "—") for code in listed["code"]],
                context.t("criteria.crossrefs_words"): [", ".join(map(str, words)) for words in listed["triggers"]],
            }).reset_index(drop=True)))
    return blocks


def _clip(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS] + "…"


def article_row(context: ReportContext, record: dict[Any, Any]) -> EvidenceRow | None:
    """Return the evidence row of an article: the sentence with its first trigger word, marked."""
    doc_id, start, end = record.get("doc_id"), record.get("start"), record.get("end")
    if doc_id is None or start is None or end is None or start != start:  # NaN: no span
        return None
    text = context.evidence.text(str(doc_id))
    if not text:
        return None
    start, end = int(start), int(end)
    found = [(text.find(word, start, end), word) for word in record.get("triggers") or []]
    first = min(((at, word) for at, word in found if at >= 0), default=(start, ""))
    return context.evidence.passage(str(doc_id), first[0], first[0] + len(first[1]))
