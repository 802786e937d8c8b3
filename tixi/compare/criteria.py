"""Compare the criteria of two sides: alignment, cross-references and (point-weighted) overlap.

A side is a framework (its leaf indicators are the units) or a system (the articles of that
system's documents are the units; a document without articles counts as one unit). The result
holds three DataFrames the report can take as they are:

- ``alignment``: per unit of A, its best units of B at or above the threshold, with scores and
  the matched passage (see ``tixi.frameworks.align``);
- ``crossrefs``: units of A naming B's system's instruments (and units of B naming A's), with
  the trigger words and, for A's units, the best-matching passage of B;
- ``overlap``: per top-level branch of A and overall, the share of A's units (and of A's points,
  where A has points) that align with B or cross-reference B, with the lists behind the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tixi.domain import domain_of
from tixi.errors import NotFound
from tixi.frameworks.align import CodeFinder, InstrumentFinder, Unit, align_units, alignment_settings, drop_boilerplate
from tixi.frameworks.crossref import Trigger, find_triggers, load_triggers, trigger_words
from tixi.frameworks.model import Framework
from tixi.frameworks.points import points_of
from tixi.frameworks.store import has_framework, load_framework
from tixi.packs import Pack
from tixi.validation.metrics import Z95

if TYPE_CHECKING:
    from tixi.project import Project

DEFAULT_TOP = 3
# A stretch of a document outside its articles this long is a unit of its own: 052 prints its
# community scoring standard before its only article, and it would otherwise never be compared.
MIN_OUTSIDE_CHARS = 200  # used when the pack's domain sets no min_outside_chars
ALL_BRANCHES = "(all)"

CROSSREF_COLUMNS = [
    "side", "unit_kind", "unit_id", "code", "title", "branch", "refers_to", "triggers", "categories", "where",
    "best_b_id", "best_b_code", "best_b_title", "best_b_doc_id", "best_score", "best_quote", "doc_id", "start", "end",
]
OVERLAP_COLUMNS = [
    "branch", "units", "aligned", "aligned_low", "aligned_high", "crossref", "covered", "share", "points", "points_covered",
    "points_share", "aligned_units", "crossref_units", "covered_units",
]


@dataclass
class Side:
    """One side of a comparison: its name, system, units and (for frameworks) the tree."""

    name: str
    system: str
    units: list[Unit]
    framework: Framework | None = None

    @property
    def unit_kind(self) -> str:
        """Return what the units are: indicators (of a framework) or articles (of documents)."""
        return "indicator" if self.framework is not None else "article"


@dataclass
class CriteriaComparison:
    """The result of ``compare_criteria``: three DataFrames and how they were made."""

    a: str
    b: str
    alignment: pd.DataFrame
    crossrefs: pd.DataFrame
    overlap: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)


def resolve_side(project: Project, name: str) -> Side:
    """Return the side named ``name``: a stored framework, else a system's documents."""
    if has_framework(project.db, name):
        framework = load_framework(project.db, name)
        return Side(name, framework.system, framework_units(framework), framework)
    return system_side(project, name)


def system_side(project: Project, name: str) -> Side:
    """Return the side of a system: the articles of its documents."""
    systems = domain_of(project.pack).system_ids
    system = next((known for known in systems if known.lower() == name.lower()), None)
    if system is None:
        raise NotFound(f"{name!r} is neither a framework (`tixi frameworks list`) nor a system ({', '.join(systems)})")
    units = document_units(project, system)
    if not units:
        raise NotFound(f"the project has no documents of system {system}; add some or name a framework")
    return Side(system, system, units)


def framework_units(framework: Framework) -> list[Unit]:
    """Return the leaf indicators of a framework as units."""
    units = []
    for leaf in framework.leaves():
        top = framework.branch(leaf)
        units.append(Unit(
            side=framework.name, id=leaf.key, code=leaf.code, title=leaf.title, text=leaf.text(with_checks=True),
            branch=f"{top.code} {top.title}".strip(), doc_id=leaf.doc_id, start=leaf.start, end=leaf.end,
            points=leaf.points, core=leaf.text(),
        ))
    return units


def document_units(project: Project, system: str) -> list[Unit]:
    """Return the articles of the system's documents as units (a document without articles is one unit)."""
    documents = project.documents()
    titles = dict(zip(documents["id"], documents["title"], strict=True))
    doc_ids = sorted(doc_id for doc_id, doc_system in zip(documents["id"], documents["system"], strict=True) if doc_system == system)
    articles_of = dict(list(project.segments(kind="article").groupby("doc_id")))
    units: list[Unit] = []
    for doc_id, text in project.iter_texts(doc_ids):
        title = titles[doc_id]
        articles = articles_of.get(doc_id)
        if articles is None:
            units.append(Unit(system, f"{doc_id}:0", "", title or doc_id, text, title or doc_id, doc_id, 0, len(text)))
            continue
        for segment_id, label, start, end in zip(articles["id"], articles["label"], articles["start"], articles["end"], strict=True):
            units.append(Unit(
                system, f"{doc_id}:{segment_id}", label or "", f"{title} {label or ''}".strip(), text[start:end],
                title or doc_id, doc_id, int(start), int(end),
            ))
        spans = sorted(zip(articles["start"].astype(int), articles["end"].astype(int), strict=True))
        for start, end in outside_stretches(text, spans, int(domain_of(project.pack).constant("min_outside_chars", MIN_OUTSIDE_CHARS))):
            units.append(Unit(system, f"{doc_id}:@{start}", "", f"{title} @{start}", text[start:end], title or doc_id, doc_id, start, end))
    return sorted(units, key=lambda unit: (unit.doc_id or "", unit.start or 0))


def outside_stretches(text: str, spans: list[tuple[int, int]], minimum: int = MIN_OUTSIDE_CHARS) -> list[tuple[int, int]]:
    """Return the (start, end) stretches of ``text`` outside ``spans`` holding ``minimum`` characters or more."""
    stretches, position = [], 0
    for start, end in [*spans, (len(text), len(text))]:
        gap = text[position:start]
        if len(gap.strip()) >= minimum:
            lead = len(gap) - len(gap.lstrip())
            stretches.append((position + lead, position + len(gap.rstrip())))
        position = max(position, end)
    return stretches


def instrument_finder_for(triggers: dict[str, list[Trigger]]) -> InstrumentFinder:
    """Return a function giving the instrument words (crossref triggers of any system) a text names."""
    every = sorted({trigger for words in triggers.values() for trigger in words})

    def finder(text: str) -> set[str]:
        return set(trigger_words(find_triggers(text, every)))

    return finder


def code_finder_for(pack: Pack) -> tuple[CodeFinder | None, str]:
    """Return a function giving the codebook codes in a text, or None when codes are unavailable (and why)."""
    try:
        from tixi.coding.lexicon import find_codes
    except ImportError as error:
        return None, f"lexical only: tixi.coding.lexicon not importable ({error})"
    try:
        find_codes("", pack)
    except Exception as error:  # a pack without a codebook, or a codebook that does not load
        return None, f"lexical only: codebook of {pack.label} unavailable ({error})"

    def finder(text: str) -> set[str]:
        return {hit.code_id for hit in find_codes(text, pack)}

    return finder, f"codes from {pack.label} codebook"


def compare_criteria(
    project: Project, a: str, b: str, *, threshold: float | None = None, top: int = DEFAULT_TOP, use_codes: bool = True,
) -> CriteriaComparison:
    """Return alignment, cross-references and overlap of side ``a`` against side ``b``.

    ``threshold`` defaults to the pack's (``frameworks/alignment.yaml``).
    """
    side_a, side_b = resolve_side(project, a), resolve_side(project, b)
    settings = alignment_settings(project.pack)
    threshold = settings.threshold if threshold is None else threshold
    finder, codes_note = code_finder_for(project.pack) if use_codes else (None, "lexical only: codes not requested")
    triggers = load_triggers(project.pack)
    candidates_a, dropped_a = drop_boilerplate(side_a.units, settings)
    candidates_b, dropped_b = drop_boilerplate(side_b.units, settings)
    candidates = align_units(
        candidates_a, candidates_b, threshold=float("-inf"), top=max(top, 1), code_finder=finder, settings=settings,
        instrument_finder=instrument_finder_for(triggers),
    )
    alignment = candidates[candidates["score"] >= threshold].reset_index(drop=True)
    crossrefs = _crossrefs_both_ways(side_a, side_b, triggers, candidates)
    calibrated = settings.calibration is not None
    overlap = overlap_table(side_a, alignment, crossrefs[crossrefs["side"] == side_a.name],
                            min_probability=settings.min_probability if calibrated else None, candidates=candidates)
    meta = {
        "a": side_a.name, "b": side_b.name, "a_system": side_a.system, "b_system": side_b.system,
        "threshold": threshold, "top": top, "method": candidates.attrs.get("method", "lexical"), "codes": codes_note,
        "settings": settings.label, "a_kind": side_a.unit_kind, "b_kind": side_b.unit_kind,
        "min_probability": settings.min_probability if calibrated else None,
        "calibration": settings.calibration.label if settings.calibration else None,
        "boilerplate_dropped": {"a": len(dropped_a), "b": len(dropped_b)},
        "pack": project.pack.label, "units_a": len(side_a.units), "units_b": len(side_b.units),
    }
    for frame in (alignment, crossrefs, overlap):
        frame.attrs.update(meta)
    return CriteriaComparison(side_a.name, side_b.name, alignment, crossrefs, overlap, meta)


def _crossrefs_both_ways(side_a: Side, side_b: Side, triggers: dict[str, list[Trigger]], candidates: pd.DataFrame | None) -> pd.DataFrame:
    """Return the units of A naming B's instruments (with A's best alignment from ``candidates``), then those of B naming A's."""
    parts = [_crossrefs(side_a, side_b, triggers, candidates), _crossrefs(side_b, side_a, triggers, None)]
    return pd.concat([part for part in parts if not part.empty] or parts[:1], ignore_index=True)


def _crossrefs(side: Side, other: Side, triggers: dict[str, list[Trigger]], candidates: pd.DataFrame | None) -> pd.DataFrame:
    """Return the units of ``side`` holding triggers of ``other``'s system."""
    words = triggers.get(other.system, []) if other.system != side.system else []
    best = {}
    if candidates is not None and not candidates.empty:
        firsts = candidates[candidates["rank"] == 1]
        best = {row["a_id"]: row for row in firsts.to_dict("records")}
    rows = []
    for unit in side.units:
        hits = find_triggers(unit.text, words)
        if not hits:
            continue
        own = find_triggers(unit.core, words) if unit.core else hits
        match = best.get(unit.id, {})
        rows.append({
            "side": side.name, "unit_kind": side.unit_kind, "unit_id": unit.id, "code": unit.code, "title": unit.title, "branch": unit.branch,
            "refers_to": other.system, "triggers": trigger_words(hits), "categories": sorted({hit.category for hit in hits}),
            "where": "title/standards" if own else "checks only", "best_b_id": match.get("b_id"), "best_b_code": match.get("b_code"),
            "best_b_title": match.get("b_title"), "best_b_doc_id": match.get("b_doc_id"), "best_score": match.get("score"),
            "best_quote": match.get("quote"), "doc_id": unit.doc_id, "start": unit.start, "end": unit.end,
        })
    return pd.DataFrame.from_records(rows, columns=CROSSREF_COLUMNS)


def system_crossrefs(project: Project, a: str, b: str) -> pd.DataFrame:
    """Return the articles of system ``a``'s documents naming ``b``'s instruments, and those of ``b`` naming ``a``'s.

    Needs no framework: the units are the articles of each system's documents (``unit_kind``
    is "article"). A unit naming only virtue words (守信, 诚信: pack ``virtue_words``) is not
    a cross-reference.
    """
    side_a, side_b = system_side(project, a), system_side(project, b)
    triggers = load_triggers(project.pack)
    frame = _crossrefs_both_ways(side_a, side_b, triggers, None)
    frame.attrs.update({"a": side_a.name, "b": side_b.name, "units_a": len(side_a.units), "units_b": len(side_b.units),
                        "pack": project.pack.label})
    return frame


def overlap_table(side: Side, alignment: pd.DataFrame, crossrefs: pd.DataFrame, *, min_probability: float | None = None,
                  candidates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return, per branch of A and overall, the share of units and points aligned with or referring to B.

    With ``min_probability`` (a calibrated aligner), a unit is aligned when one of its candidate
    pairs is at least that probable, and ``aligned_low``/``aligned_high`` bound the number of
    truly aligned units: the 95% range of a sum of independent chances, one per unit, that at
    least one of its candidates is related. Without it, every pair at or above the score
    threshold counts and no interval is given.
    """
    chances: dict[str, float] = {}
    if min_probability is not None and candidates is not None and not candidates.empty:
        aligned = set(candidates.loc[candidates["probability"] >= min_probability, "a_id"])
        for unit_id, probabilities in candidates.groupby("a_id")["probability"]:
            chances[str(unit_id)] = 1.0 - float(np.prod([1.0 - float(p) for p in probabilities]))
    else:
        aligned = set(alignment["a_id"])
    referring = set(crossrefs["unit_id"])
    weights = _point_weights(side)
    branches: dict[str, list[Unit]] = {}
    for unit in side.units:
        branches.setdefault(unit.branch, []).append(unit)
    rows = [_overlap_row(name, units, aligned, referring, weights, chances) for name, units in branches.items()]
    rows.append(_overlap_row(ALL_BRANCHES, side.units, aligned, referring, weights, chances))
    return pd.DataFrame.from_records(rows, columns=OVERLAP_COLUMNS)


def _point_weights(side: Side) -> dict[str, tuple[str, float]]:
    """Return unit id → (point-bearing item, its points): the lowest item with points above or at the unit."""
    framework = side.framework
    if framework is None:
        return {}
    weights: dict[str, tuple[str, float]] = {}
    for unit in side.units:
        leaf = framework.get(unit.id)
        for item in [leaf, *reversed(framework.ancestors(leaf))]:
            points = points_of(item)
            if points is not None:  # a deduction weighs as much as a bonus of its size; an effect weighs nothing
                weights[unit.id] = (item.key, points.weight)
                break
    return weights


def _overlap_row(
    branch: str, units: list[Unit], aligned: set[str], referring: set[str], weights: dict[str, tuple[str, float]],
    chances: dict[str, float],
) -> dict[str, object]:
    ids = [unit.id for unit in units]
    low = high = None
    if chances:
        mean = sum(chances.get(unit_id, 0.0) for unit_id in ids)
        spread = Z95 * math.sqrt(sum(chances.get(unit_id, 0.0) * (1 - chances.get(unit_id, 0.0)) for unit_id in ids))
        low, high = max(0, math.floor(mean - spread)), min(len(ids), math.ceil(mean + spread))
    covered = [unit_id for unit_id in ids if unit_id in aligned or unit_id in referring]
    codes = {unit.id: unit.code or unit.title for unit in units}
    bearers = {weights[unit_id] for unit_id in ids if unit_id in weights}
    covered_bearers = {weights[unit_id] for unit_id in covered if unit_id in weights}
    points = sum(value for _, value in bearers) if bearers else None
    points_covered = sum(value for _, value in covered_bearers) if bearers else None

    def label(chosen: list[str]) -> list[str]:
        return [codes[unit_id] for unit_id in chosen]

    return {
        "branch": branch, "units": len(ids), "aligned": sum(unit_id in aligned for unit_id in ids), "aligned_low": low, "aligned_high": high,
        "crossref": sum(unit_id in referring for unit_id in ids), "covered": len(covered),
        "share": round(len(covered) / len(ids), 4) if ids else 0.0, "points": points, "points_covered": points_covered,
        "points_share": round(points_covered / points, 4) if points and points_covered is not None else None,
        "aligned_units": label([unit_id for unit_id in ids if unit_id in aligned]),
        "crossref_units": label([unit_id for unit_id in ids if unit_id in referring]), "covered_units": label(covered),
    }
