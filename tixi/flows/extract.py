"""Find data-flow statements in a text, one unit (article, else paragraph) at a time.

A rule of the pack fires in one clause (or sentence, for rules scoped so) that holds a verb of its
modality and a target of one of its kinds. The source is the nearest actor before the verb in the
unit, or, for the use of a record (reward, punish, check, repair), the record itself. Several flows
in one unit are several records; a clause that says "按照有关规定" still counts and is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from tixi.flows.gazetteer import NAME_KINDS, Gazetteer, Hit, Rule
from tixi.flows.model import SYSTEM_SIDES, Flow
from tixi.model import Span
from tixi.text.segment import segment_text

# Clause and sentence boundaries are punctuation, not domain knowledge. Terms are found once per
# unit; a sentence or clause sees those that lie wholly inside it (a term holding such a mark, which
# the pack's terms do not, would belong to no clause).
CLAUSE = re.compile(r"[^，,；;。：:！？!?\n]+")
SENTENCE = re.compile(r"[^。！？!?\n]+")
# Modalities in which an instrument named before the target is what is *used*: it is the source.
_USE = ("reward", "punish", "check", "repair")
# Modalities whose verb puts something *into* the target (纳入, 列入).
_INTO = ("record", "list")
# The actor of a flow whose clause names none (often the regulation's addressee, left implicit).
UNNAMED_ACTOR = "(actor not named)"

BehaviourFinder = Callable[[str], list[str]]


@dataclass(frozen=True)
class Unit:
    """A stretch of text to read flows from: an article or, without articles, a paragraph."""

    label: str
    start: int
    end: int


@dataclass(frozen=True)
class _Reading:
    """One unit being read: what every rule applied in it needs."""

    doc_id: str
    unit: Unit
    gaz: Gazetteer
    entities: list[Hit]  # the gazetteer entities named in the unit, in text order
    data: list[Hit]  # the data categories named in the unit, in text order
    default_side: str  # the side of the document's system, for flows whose names have none
    behaviours: BehaviourFinder | None

    @cached_property
    def actors(self) -> list[Hit]:
        """Return the actors named in the unit, in text order."""
        return [hit for hit in self.entities if hit.entry.kind == "actor"]


@dataclass(frozen=True)
class _Window:
    """A clause or sentence: its text, where it starts, its hits, and its text with names masked."""

    text: str
    start: int
    hits: list[Hit]
    masked: str
    excluded: bool  # an exclusion pattern of the gazetteer matches: no rule applies here
    # First verb position per modality, filled as rules ask: every rule of a modality asks again.
    verb_at: dict[str, int | None] = field(default_factory=dict)

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def units_of(text: str) -> list[Unit]:
    """Return the articles of ``text`` (or its paragraphs when it has none), in order."""
    segments = segment_text(text, sentences=False)
    articles = [s for s in segments if s.kind == "article"]
    chosen = articles or [s for s in segments if s.kind == "paragraph"]
    ordered = sorted(chosen, key=lambda s: s.start)
    return [Unit(s.label or f"¶{index + 1}", s.start, s.end) for index, s in enumerate(ordered)]


def extract_flows(
    doc_id: str,
    text: str,
    units: Iterable[Unit],
    gazetteer: Gazetteer,
    *,
    system: str | None = None,
    behaviours: BehaviourFinder | None = None,
) -> list[Flow]:
    """Return the flows stated in ``units`` of ``text``, in text order, one per (unit, source, target, modality)."""
    default_side = SYSTEM_SIDES.get(system or "", "neutral")
    flows: list[Flow] = []
    for unit in units:
        body = text[unit.start:unit.end]
        entities, data = gazetteer.entities.find(body, unit.start), gazetteer.data.find(body, unit.start)
        flows.extend(_unit_flows(_Reading(doc_id, unit, gazetteer, entities, data, default_side, behaviours), body))
    return flows


def _within(hits: Sequence[Hit], start: int, end: int) -> list[Hit]:
    return [hit for hit in hits if start <= hit.start and hit.end <= end]


def _window(reading: _Reading, text: str, start: int) -> _Window:
    hits = _within(reading.entities, start, start + len(text))
    masked = list(text)
    for hit in hits:
        if hit.entry.kind in NAME_KINDS:
            masked[hit.start - start:hit.end - start] = "□" * (hit.end - hit.start)
    excluded = any(pattern.search(text) for pattern in reading.gaz.exclude)
    return _Window(text, start, hits, "".join(masked), excluded)


def _unit_flows(reading: _Reading, body: str) -> list[Flow]:
    gaz, unit = reading.gaz, reading.unit
    found: list[Flow] = []
    seen: set[tuple[str, str, str]] = set()
    for match in SENTENCE.finditer(body):
        sentence = _window(reading, match.group(), unit.start + match.start())
        if any(pattern.search(sentence.text) for pattern in gaz.exclude_sentence):
            continue
        # A data word inside a name (信用信息 in 公共信用信息平台) is part of the name, not data.
        data = [hit for hit in _within(reading.data, sentence.start, sentence.end) if sentence.masked[hit.start - sentence.start] != "□"]
        clauses = [_window(reading, c.group(), sentence.start + c.start()) for c in CLAUSE.finditer(sentence.text)]
        claimed: set[tuple[str, str]] = set()
        for rule in gaz.rules:
            if rule.scope == "sentence" and any(modality == rule.modality for modality, _ in claimed):
                continue  # a sentence-wide rule is a fallback for what no clause states
            windows = [sentence] if rule.scope == "sentence" else clauses
            for window in windows:
                for flow in _rule_flows(reading, rule, window, data, claimed):
                    key = (flow.source, flow.target, flow.modality)
                    if key not in seen:  # one record per (source, target, modality) in a unit
                        seen.add(key)
                        found.append(flow)
    return sorted(found, key=lambda flow: (flow.span.start, flow.modality, flow.target))


def _rule_flows(reading: _Reading, rule: Rule, window: _Window, data: Sequence[Hit], claimed: set[tuple[str, str]]) -> list[Flow]:
    if window.excluded:
        return []
    if rule.modality not in window.verb_at:
        window.verb_at[rule.modality] = _first_verb(window, reading.gaz.verbs.get(rule.modality, ()))
    verb = window.verb_at[rule.modality]
    if verb is None or not _conditions_hold(rule, window.text):
        return []
    targets = _targets(rule, window, reading.gaz, data)
    if rule.modality in _INTO and rule.scope == "clause":
        # 纳入/列入 X: the target follows the verb; a record named before it is what is moved.
        targets = [hit for hit in targets if hit.start > verb] or targets
    flows = []
    for target in targets:
        if (rule.modality, target.entry.id) in claimed:
            continue
        claimed.add((rule.modality, target.entry.id))
        flows.append(_make_flow(reading, rule, window, target, data, verb))
    return flows


def _targets(rule: Rule, window: _Window, gaz: Gazetteer, data: Sequence[Hit]) -> list[Hit]:
    """Return the targets a rule sees in a window: entities of its kinds, or its named target for its data."""
    if rule.target:
        inside = [hit for hit in _within(data, window.start, window.end) if hit.entry.id in rule.data]
        return [Hit(gaz.entity(rule.target), inside[0].start, inside[0].end)] if inside else []
    return [hit for hit in window.hits if hit.entry.kind in rule.targets and (not rule.sides or hit.entry.side in rule.sides)]


def _first_verb(window: _Window, verbs: Sequence[re.Pattern[str]]) -> int | None:
    positions = [match.start() + window.start for pattern in verbs if (match := pattern.search(window.masked))]
    return min(positions) if positions else None


def _conditions_hold(rule: Rule, text: str) -> bool:
    if rule.needs and not any(pattern.search(text) for pattern in rule.needs):
        return False
    return not any(pattern.search(text) for pattern in rule.unless)


def _make_flow(reading: _Reading, rule: Rule, window: _Window, target: Hit, data: Sequence[Hit], verb: int) -> Flow:
    actors = reading.actors
    source_label, target_label = _source(rule, target, window.hits, actors, verb), target.entry.label
    if rule.modality == "check" and target.entry.kind in ("info", "record", "score"):
        # A record that is checked is where the information comes from; the checker receives it.
        source_label, target_label = target.entry.label, _nearest_actor(actors, verb) or UNNAMED_ACTOR
    data_label = _data(window, data, target)
    return Flow(
        source=source_label, target=target_label, data=data_label,
        behaviour=tuple(sorted(set(reading.behaviours(window.text)))) if reading.behaviours else (),
        modality=rule.modality,
        direction=direction(reading.gaz, source_label, target_label, data_label, reading.default_side),
        span=Span(reading.doc_id, window.start, window.end), rule=rule.id, confidence=rule.confidence,
        unit=reading.unit.label, by_reference=any(pattern.search(window.text) for pattern in reading.gaz.by_reference),
    )


def _source(rule: Rule, target: Hit, hits: Sequence[Hit], actors: Sequence[Hit], verb: int) -> str:
    if rule.modality in _USE:
        used = [hit for hit in hits if hit.entry.kind != "actor" and hit.entry.id != target.entry.id and hit.start < target.start]
        if used:
            return used[-1].entry.label
    return _nearest_actor(actors, verb) or UNNAMED_ACTOR


def _nearest_actor(actors: Sequence[Hit], position: int) -> str | None:
    before = [hit for hit in actors if hit.start < position]
    if before:
        return before[-1].entry.label
    return actors[0].entry.label if actors else None


def _data(window: _Window, data: Sequence[Hit], target: Hit) -> str:
    """Return the data category of the window (else of its sentence), else a record named beside the target."""
    chosen = _within(data, window.start, window.end) or list(data)
    if chosen:
        return chosen[0].entry.label
    named = [hit for hit in window.hits if hit.entry.kind not in ("actor", "info") and hit.entry.id != target.entry.id]
    return named[0].entry.label if named else ""


def direction(gaz: Gazetteer, source: str, target: str, data: str, default_side: str) -> str:
    """Return the direction of a flow from the sides of its source (or data, or document) and target."""
    source_side = gaz.side(source)
    if source_side == "neutral":
        source_side = gaz.side(data) if data else "neutral"
    if source_side == "neutral":
        source_side = default_side
    target_side = gaz.side(target)
    if target_side == "neutral":
        target_side = source_side
    if source_side == "neutral":
        source_side = target_side
    if source_side == "neutral":
        return "unclassified"
    if source_side == target_side:
        return f"within {source_side}"
    return f"{source_side} → {target_side}"
