"""The flow gazetteer: actors, instruments, data categories, modality verbs and rules from pack data.

Everything domain-specific comes from the pack's ``flows.yaml``; this module only checks its shape
and compiles its terms into matchers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from tixi.domain import domain_of
from tixi.errors import InputError
from tixi.flows.model import MODALITIES
from tixi.packs import Pack
from tixi.text.terms import TermMatcher

KINDS = ("actor", "platform", "record", "list", "mechanism", "score", "honour", "incentive", "info")
# Kinds whose names may contain a modality verb (共享 in 信用信息共享平台): verbs are not looked for inside them.
NAME_KINDS = ("actor", "platform", "record", "list", "info")


@dataclass(frozen=True)
class Entry:
    """An actor, instrument or data category: its id, Chinese label, English label, kind, side, terms."""

    id: str
    label: str
    en: str
    kind: str
    side: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A flow rule: in one clause, a verb of ``modality`` and a target of one of ``targets``."""

    id: str
    modality: str
    targets: tuple[str, ...]
    needs: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    confidence: float
    scope: str = "clause"
    data: tuple[str, ...] = ()
    target: str = ""
    sides: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    """One term of an entry found in a text: ``entry`` and ``[start, end)``."""

    entry: Entry
    start: int
    end: int


@dataclass
class Matcher:
    """Finds the terms of many entries at once (``tixi.text.terms``: leftmost-longest)."""

    entries: list[Entry]
    _by_term: dict[str, Entry] = field(default_factory=dict, init=False)
    _matcher: TermMatcher = field(init=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            for term in entry.terms:
                self._by_term.setdefault(term, entry)  # the first entry naming a term keeps it
        self._matcher = TermMatcher(self._by_term)

    def find(self, text: str, offset: int = 0) -> list[Hit]:
        """Return the hits in ``text``, offsets shifted by ``offset``, in text order."""
        terms, by_term = self._matcher.terms, self._by_term
        return [Hit(by_term[terms[index]], start + offset, end + offset) for index, start, end in self._matcher.matches(text)]


@dataclass
class Gazetteer:
    """The compiled contents of a pack's flows file."""

    version: str
    pack_label: str
    entities: Matcher
    data: Matcher
    verbs: dict[str, tuple[re.Pattern[str], ...]]
    rules: list[Rule]
    exclude: tuple[re.Pattern[str], ...]
    exclude_sentence: tuple[re.Pattern[str], ...]
    by_reference: tuple[re.Pattern[str], ...]

    @property
    def label(self) -> str:
        """Return ``<pack label>/flows@<version>``, recorded with every stored flow."""
        return f"{self.pack_label}/flows@{self.version}"

    @cached_property
    def _by_label(self) -> dict[str, Entry]:
        by_label: dict[str, Entry] = {}
        for entry in [*self.entities.entries, *self.data.entries]:
            by_label.setdefault(entry.label, entry)  # the first entry with a label keeps it
        return by_label

    def entry(self, label: str) -> Entry | None:
        """Return the entity or data category whose label is ``label``, or None."""
        return self._by_label.get(label)

    def entity(self, entity_id: str) -> Entry:
        """Return the entity with id ``entity_id``; raise InputError naming the flows file if none."""
        for entry in self.entities.entries:
            if entry.id == entity_id:
                return entry
        raise InputError(f"flows gazetteer {self.label}: a rule names entity {entity_id!r}, which is not among the entities")

    def side(self, label: str) -> str:
        """Return the side (civility, credit, neutral) of the entry labelled ``label``."""
        entry = self.entry(label)
        return entry.side if entry else "neutral"


def load_gazetteer(pack: Pack, relative: str | None = None) -> Gazetteer:
    """Return the gazetteer compiled from the pack's flows file (``files.flows``, default flows.yaml)."""
    name = relative or pack.named("flows", "flows.yaml")
    where = f"{pack.path / name}"
    raw = pack.yaml(name)
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected a mapping with version, entities, data, modalities, rules")
    for key in ("version", "entities", "data", "modalities", "rules"):
        if key not in raw:
            raise InputError(f"{where}: missing key {key!r}; see the pack's flows.yaml for the layout")
    modalities = raw["modalities"]
    unknown = sorted(set(modalities) - set(MODALITIES))
    if unknown:
        raise InputError(f"{where}: unknown modalities {unknown}; use {', '.join(MODALITIES)}")
    sides = domain_of(pack).all_sides
    return Gazetteer(
        version=str(raw["version"]),
        pack_label=pack.label,
        entities=Matcher(list(_entries(raw["entities"], where, "entities", sides))),
        data=Matcher(list(_entries(raw["data"], where, "data", sides, default_kind="data"))),
        verbs={name: _patterns(verbs, where, f"modalities.{name}") for name, verbs in sorted(modalities.items())},
        rules=[_rule(item, index, where) for index, item in enumerate(raw["rules"])],
        exclude=_patterns(raw.get("exclude", []), where, "exclude"),
        exclude_sentence=_patterns(raw.get("exclude_sentence", []), where, "exclude_sentence"),
        by_reference=_patterns(raw.get("by_reference", []), where, "by_reference"),
    )


def _entries(items: Any, where: str, section: str, sides: tuple[str, ...], default_kind: str = "") -> Iterator[Entry]:
    if not isinstance(items, list):
        raise InputError(f"{where}: {section} must be a list of entries")
    for index, item in enumerate(items):
        place = f"{where}: {section}[{index}]"
        if not isinstance(item, dict) or not item.get("id") or not item.get("label") or not item.get("terms"):
            raise InputError(f"{place}: each entry needs id, label and terms")
        kind = str(item.get("kind", default_kind))
        side = str(item.get("side", "neutral"))
        if side not in sides:
            raise InputError(f"{place} ({item['id']}): side {side!r} is not one of {', '.join(sides)} (the pack's domain sides)")
        if kind not in (*KINDS, "data"):
            raise InputError(f"{place} ({item['id']}): kind {kind!r} is not one of {', '.join(KINDS)}")
        yield Entry(str(item["id"]), str(item["label"]), str(item.get("en", "")), kind, side, tuple(str(t) for t in item["terms"]))


def _patterns(items: Any, where: str, section: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(items, list):
        raise InputError(f"{where}: {section} must be a list of words or patterns")
    compiled = []
    for item in items:
        try:
            compiled.append(re.compile(str(item)))
        except re.error as error:
            raise InputError(f"{where}: {section}: {item!r} is not a valid pattern ({error})") from error
    return tuple(compiled)


def _rule(item: Any, index: int, where: str) -> Rule:
    place = f"{where}: rules[{index}]"
    if not isinstance(item, dict) or not item.get("id") or item.get("modality") not in MODALITIES:
        raise InputError(f"{place}: each rule needs id and a modality ({', '.join(MODALITIES)})")
    if not item.get("targets") and not (item.get("data") and item.get("target")):
        raise InputError(f"{place} ({item['id']}): give targets (kinds), or data (category ids) and target (an entity id)")
    targets = tuple(str(kind) for kind in item.get("targets", []))
    scope = str(item.get("scope", "clause"))
    if scope not in ("clause", "sentence"):
        raise InputError(f"{place} ({item['id']}): scope {scope!r} must be clause or sentence")
    bad = [kind for kind in targets if kind not in KINDS]
    if bad:
        raise InputError(f"{place} ({item['id']}): unknown target kinds {bad}")
    return Rule(
        id=str(item["id"]), modality=str(item["modality"]), targets=targets,
        needs=_patterns(item.get("needs", []), where, f"rules[{index}].needs"),
        unless=_patterns(item.get("unless", []), where, f"rules[{index}].unless"),
        confidence=float(item.get("confidence", 0.5)), scope=scope,
        data=tuple(str(category) for category in item.get("data", [])), target=str(item.get("target", "")),
        sides=tuple(str(side) for side in item.get("sides", [])),
    )
