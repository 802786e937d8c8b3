"""Polarity of a mention: is the behaviour prohibited or promoted where the text names it?

The cue lists and the window rule live in the pack's ``polarity.yaml`` (its header documents
the rule); this module only applies them. ``polarity_of`` is pure: text, a term's offsets,
the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tixi.errors import InputError
from tixi.packs import Pack

PROHIBITED = "prohibited"
PROMOTED = "promoted"
POLARITIES = (PROHIBITED, PROMOTED)

# A numbered list item at the start of a line: （一） (1) 一、 1. ① and the like.
_ITEM_START = re.compile(r"[ \t\u3000]*(?:[（(][一二三四五六七八九十百\d]+[）)]|[一二三四五六七八九十百]+、|\d{1,3}[.．、）)](?!\d)|[\u2460-\u2473])")
_ARTICLE_HEADING = re.compile(r"^[ \t\u3000]*第[零〇一二三四五六七八九十百千\d]+条", re.MULTILINE)


@dataclass(frozen=True)
class PolarityRules:
    """Cue lists and window sizes read from ``polarity.yaml``."""

    version: str
    applies_to: frozenset[str]
    before: tuple[tuple[str, str], ...]  # (cue, polarity), longest cues first
    after: tuple[tuple[re.Pattern[str], str], ...]
    ignore: tuple[str, ...]
    clause_breaks: frozenset[str]
    sentence_ends: frozenset[str]
    lead_in_marks: tuple[str, ...]
    max_before: int
    max_after: int
    max_lead_in: int
    fixed: tuple[tuple[str, str], ...] = ()  # (category, polarity): the category's polarity is always this
    any_cue: tuple[tuple[str, str], ...] = ()  # (category, polarity): any cue near the term means this polarity
    neutral: tuple[str, ...] = ()  # administrative words that make a cue-less mention of a fixed category neutral

    @property
    def varying(self) -> frozenset[str]:
        """The categories whose polarity depends on the passage (ruled, not fixed): a coding model's polarity decides these."""
        fixed = dict(self.fixed)
        return frozenset(category for category in self.applies_to if category not in fixed)

    def for_category(self, category: str, text: str, start: int, end: int) -> str | None:
        """Return the polarity of a term of ``category`` at ``text[start:end]`` (None: regulated or none)."""
        fixed = dict(self.fixed)
        if category in fixed:
            if self.neutral and polarity_of(text, start, end, self) is None:
                sentence = text[_clause_start(text, start, self.sentence_ends, self.max_before):
                                _sentence_end(text, end, self.sentence_ends, self.max_after)]
                if any(word in sentence for word in self.neutral):
                    return None  # 「个人养犬应当办理养犬登记」: dog keeping managed, not restrained
            return fixed[category]
        if category not in self.applies_to:
            return None
        found = polarity_of(text, start, end, self)
        return dict(self.any_cue).get(category, found) if found is not None else None


def _gap_pattern(cue: str, max_gap: int) -> re.Pattern[str]:
    """Return a regex for a cue where "…" stands for any text and a space for any whitespace."""
    parts = [r"\s*".join(re.escape(word) for word in piece.split()) if piece.strip() else r"\s*" for piece in cue.split("…")]
    return re.compile(f".{{0,{max_gap}}}?".join(parts))


def rules_from_data(data: Any, where: str) -> PolarityRules:
    """Return polarity rules from the parsed ``polarity.yaml`` (``where`` names it in errors)."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: polarity rules are a mapping with window, prohibited and promoted")
    try:
        window = data["window"]
        max_after = int(window["max_chars_after"])
        before = [(str(cue), name) for name in POLARITIES for cue in data[name]["before"]]
        after = [(_gap_pattern(str(cue), max_after), name) for name in POLARITIES for cue in data[name].get("after", [])]
        empty = [cue for cue, _ in before if not cue.strip()]
        if empty:
            raise InputError(f"{where}: an empty cue in a 'before' list; remove it")
        return PolarityRules(
            version=str(data.get("version", "")),
            applies_to=frozenset(str(item) for item in data.get("applies_to", [])),
            before=tuple(sorted(before, key=lambda pair: -len(pair[0]))),
            after=tuple(after),
            ignore=tuple(str(word) for word in data.get("ignore", [])),
            clause_breaks=frozenset(str(window["clause_breaks"])),
            sentence_ends=frozenset(str(window["sentence_ends"])),
            lead_in_marks=tuple(str(window["lead_in_marks"])),
            max_before=int(window["max_chars_before"]),
            max_after=max_after,
            max_lead_in=int(window["max_lead_in_chars"]),
            fixed=tuple(sorted((str(k), str(v)) for k, v in (data.get("fixed") or {}).items())),
            any_cue=tuple(sorted((str(k), str(v)) for k, v in (data.get("any_cue") or {}).items())),
            neutral=tuple(str(word) for word in data.get("neutral", [])),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"{where}: polarity rules lack or mistype {error}; see the header of the pack's polarity.yaml") from error


def rules_file(pack: Pack) -> Path | None:
    """Return the pack's polarity file (``files: polarity:`` in pack.yaml), or None when it names none or lacks it."""
    name = pack.named("polarity", "")
    return pack.path / name if name and pack.has(name) else None


def load_rules(pack: Pack) -> PolarityRules | None:
    """Return the pack's polarity rules, or None when the pack names no polarity file."""
    path = rules_file(pack)
    return None if path is None else _load(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path: str, stamp: int) -> PolarityRules:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML: {error}") from error
    return rules_from_data(data, path)


def _mask(window: str, ignore: tuple[str, ...]) -> str:
    for word in ignore:
        window = window.replace(word, " " * len(word))
    return window


def _nearest_cue(window: str, rules: PolarityRules) -> str | None:
    """Return the polarity of the cue that ends nearest the end of ``window`` (longer cue on a tie)."""
    window = _mask(window, rules.ignore)
    best: tuple[int, int] | None = None
    chosen = None
    for cue, name in rules.before:
        position = window.rfind(cue)
        if position >= 0:
            rank = (position + len(cue), len(cue))
            if best is None or rank > best:
                best, chosen = rank, name
    return chosen


def _clause_start(text: str, start: int, breaks: frozenset[str], limit: int) -> int:
    position = start
    lowest = max(0, start - limit)
    while position > lowest and text[position - 1] not in breaks:
        position -= 1
    return position


def _sentence_end(text: str, end: int, ends: frozenset[str], limit: int) -> int:
    position = end
    highest = min(len(text), end + limit)
    while position < highest and text[position] not in ends:
        position += 1
    return position


def _lead_in(text: str, start: int, rules: PolarityRules) -> str | None:
    """Return the lead-in sentence of the numbered list the term sits in, or None."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _ITEM_START.match(text, line_start):
        return None
    colon = max(text.rfind(mark, max(0, start - rules.max_lead_in), line_start) for mark in rules.lead_in_marks)
    if colon < 0 or _ARTICLE_HEADING.search(text, colon, line_start):
        return None
    sentence_start = colon
    while sentence_start > 0 and text[sentence_start - 1] not in rules.sentence_ends:
        sentence_start -= 1
    return text[sentence_start:colon]


def polarity_of(text: str, start: int, end: int, rules: PolarityRules) -> str | None:
    """Return "prohibited", "promoted" or None for the term at ``text[start:end]``."""
    clause = text[_clause_start(text, start, rules.clause_breaks, rules.max_before):start]
    found = _nearest_cue(clause, rules)
    if found:
        return found
    tail = text[end:_sentence_end(text, end, rules.sentence_ends, rules.max_after)]
    for pattern, name in rules.after:
        if pattern.search(tail):
            return name
    lead_in = _lead_in(text, start, rules)
    return _nearest_cue(lead_in, rules) if lead_in else None
