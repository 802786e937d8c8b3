"""Cross-references: units of one system that name another system's institutions or instruments.

The trigger words per system come from the pack (``crossref.yaml``). A unit refers to system S
when its text holds one of S's triggers; the words found (longest match, each once) are the
evidence shown with the flag. A system's ``virtue_words`` (守信, 诚信) name values both systems
praise, not instruments: they are never triggers, even when a list names them by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tixi.errors import InputError
from tixi.packs import Pack
from tixi.text.terms import TermMatcher

CROSSREF_FILE = "crossref.yaml"


@dataclass(frozen=True, order=True)
class Trigger:
    """A word that names an institution or instrument of ``system``; ``category`` groups it."""

    system: str
    term: str
    category: str


@dataclass(frozen=True, order=True)
class TriggerHit:
    """One occurrence of a trigger in a text: ``[start, end)``."""

    start: int
    end: int
    term: str
    category: str


def load_triggers(pack: Pack) -> dict[str, list[Trigger]]:
    """Return the triggers of each system named in the pack's crossref.yaml."""
    if not pack.has(CROSSREF_FILE):
        raise InputError(f"pack {pack.label} has no {CROSSREF_FILE}: add one listing trigger words per system to flag cross-references")
    data = pack.yaml(CROSSREF_FILE) or {}
    systems = data.get("systems")
    if not isinstance(systems, dict):
        raise InputError(f"{pack.file(CROSSREF_FILE)}: expected 'systems:' mapping each system to its triggers")
    result: dict[str, list[Trigger]] = {}
    for system, entry in systems.items():
        groups = (entry or {}).get("triggers") or {}
        if not isinstance(groups, dict):
            raise InputError(f"{pack.file(CROSSREF_FILE)}: systems.{system}.triggers must map categories to lists of words")
        virtues = {str(word) for word in (entry or {}).get("virtue_words") or []}
        result[str(system)] = sorted(
            {Trigger(str(system), str(term), str(category)) for category, terms in groups.items() for term in terms or []
             if str(term) not in virtues}
        )
    return result


def load_virtue_words(pack: Pack) -> dict[str, list[str]]:
    """Return each system's virtue words: values it praises that alone name no instrument."""
    systems = (pack.yaml(CROSSREF_FILE) or {}).get("systems") if pack.has(CROSSREF_FILE) else None
    if not isinstance(systems, dict):
        return {}
    return {str(system): sorted(str(word) for word in (entry or {}).get("virtue_words") or []) for system, entry in systems.items()}


def find_triggers(text: str, triggers: list[Trigger]) -> list[TriggerHit]:
    """Return the trigger occurrences in ``text``: leftmost, longest, not overlapping."""
    matcher, by_term = _matcher(tuple(triggers))
    return [TriggerHit(start, end, matcher.terms[index], by_term[matcher.terms[index]].category)
            for index, start, end in matcher.matches(text)]


@lru_cache(maxsize=16)
def _matcher(triggers: tuple[Trigger, ...]) -> tuple[TermMatcher, dict[str, Trigger]]:
    """Return the matcher of a trigger list (built once per list) and the trigger of each term."""
    by_term: dict[str, Trigger] = {}
    for trigger in sorted(triggers):
        by_term.setdefault(trigger.term, trigger)  # a word under two categories counts under the first
    return TermMatcher(by_term), by_term


def trigger_words(hits: list[TriggerHit]) -> list[str]:
    """Return the distinct words of ``hits``, sorted."""
    return sorted({hit.term for hit in hits})
