"""Helpers the sections share: evidence rows from coding and flow frames, category lookups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from tixi.coding.evidence import year_of as coding_year_of
from tixi.report.context import ReportContext
from tixi.report.evidence import EvidenceRow

if TYPE_CHECKING:
    from tixi.project import Project


def passages(context: ReportContext, frame: pd.DataFrame) -> list[EvidenceRow]:
    """Return one evidence row per row of a frame with doc_id, start and end columns (and the coder, if a person)."""
    rows = [context.evidence.passage(str(doc), int(start), int(end))
            for doc, start, end in zip(frame["doc_id"], frame["start"], frame["end"], strict=True)]
    if "coder" in frame.columns:
        rows = [row if str(coder).startswith("auto:") else replace(row, coder=str(coder)) for row, coder in zip(rows, frame["coder"], strict=True)]
    return rows


def first_per(context: ReportContext, frame: pd.DataFrame, keys: list[str]) -> list[EvidenceRow]:
    """Return the evidence row of the first span (in text order) of each group of ``keys``."""
    if frame.empty:
        return []
    ordered = frame.sort_values(["doc_id", "start", "end"], kind="stable")
    return passages(context, ordered.drop_duplicates(subset=keys, keep="first"))


def per_document(context: ReportContext, frame: pd.DataFrame) -> list[EvidenceRow]:
    """Return one row per document: its first span in the frame."""
    return first_per(context, frame, ["doc_id"])


def per_article(context: ReportContext, frame: pd.DataFrame) -> list[EvidenceRow]:
    """Return one row per (document, article) of the spans that lie in an article."""
    rows = first_per(context, frame.assign(_where=[context.evidence.where(str(d), int(s)) for d, s in zip(frame["doc_id"], frame["start"], strict=True)]),
                     ["doc_id", "_where"]) if not frame.empty else []
    return [row for row in rows if not row.where.startswith(("¶", "p. "))]


def auto_codings(project: Project, context: ReportContext) -> pd.DataFrame:
    """Return the automatic codings, read once per report and without context columns (evidence quotes the text itself)."""
    frame: pd.DataFrame = context.result("auto_codings", lambda: project.auto_codings(context=0))
    return frame


def code_categories(project: Project) -> dict[str, str]:
    """Return each code's category, from the project's codes table."""
    codes = project.codes()
    return {str(code): str(category or "") for code, category in zip(codes["id"], codes["category"], strict=True)}


def split_codes(value: object) -> list[str]:
    """Return the code ids of a comma-separated cell (flows' ``behaviour`` column)."""
    if not isinstance(value, str):
        return [str(v) for v in value] if isinstance(value, Iterable) else []
    return [part.strip() for part in value.split(",") if part.strip()]


def year_of(date: object) -> str:
    """Return the year of an ISO date, or '' when there is none."""
    return coding_year_of(date) or ""


def validation_figures(project: Project) -> tuple[dict[str, Any], dict[tuple[str, str], dict[str, Any]]]:
    """Return the pack's validation record and its figures by (measure, evaluation); empty when the pack has none."""
    pack = project.pack
    name = pack.named("validation", "")
    if not name or not pack.has(name):
        return {}, {}
    record = pack.yaml(name) or {}
    figures = {(str(f["measure"]), str(f["evaluation"])): f for f in record.get("figures", [])}
    return record, figures


def interval_text(figure: dict[str, Any]) -> str:
    """Return a measured figure of the validation record with its 95% interval: ``0.89 [0.83, 0.96]``."""
    return f"{float(figure['value']):.2f} [{float(figure['low']):.2f}, {float(figure['high']):.2f}]"


def behaviour_categories(project: Project) -> frozenset[str]:
    """Return the code categories that name virtues and behaviours: those the pack's polarity rules apply to.

    A pack without polarity rules has no such distinction: every category of its codes counts.
    """
    from tixi.coding.polarity import load_rules

    rules = load_rules(project.pack)
    if rules is not None and rules.applies_to:
        return rules.applies_to
    return frozenset(code_categories(project).values())


def first_crossings(context: ReportContext, flows: pd.DataFrame, crossings: tuple[str, ...]) -> dict[str, EvidenceRow]:
    """Return, per document, the evidence row of its first flow across the systems (computed once per report)."""
    made: dict[str, EvidenceRow] = context.result(
        "first_crossings", lambda: {row.doc_id: row for row in per_document(context, flows[flows["direction"].isin(crossings)])})
    return made
