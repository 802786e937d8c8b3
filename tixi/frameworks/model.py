"""Indicator frameworks as trees: what a parser builds, what YAML holds and the store keeps.

An ``Indicator`` is one numbered (or, where the manual prints none, unnumbered) item of an
assessment system: its code as printed (``Ⅲ-34``, ``1）``), level, title, content,
assessment standards (测评标准), the checks that verify it (material review, site visit,
survey, online report …, each with the text of the requirement) and points (分值). Its
``key`` is the path of codes from the root, unique within the framework, so that
``1）`` under ``2`` and ``1）`` under ``3`` stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KEY_SEPARATOR = "/"


@dataclass
class Check:
    """One way an indicator is verified: method tag, record ids, printed label and requirement."""

    method: str
    text: str
    refs: list[str] = field(default_factory=list)  # record ids as printed, e.g. ["#94"]
    label: str = ""  # item label printed before the text, e.g. "①"
    materials: str = ""  # materials to hand in (上报材料), where the manual separates them
    notes: list[str] = field(default_factory=list)


@dataclass
class Indicator:
    """One item of a framework tree; ``parent`` is the parent's key (None at the top)."""

    key: str
    code: str
    level: int
    title: str
    parent: str | None = None
    number: int | None = None
    content: str = ""
    standards: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    points: float | None = None
    notes: list[str] = field(default_factory=list)
    doc_id: str | None = None
    start: int | None = None  # offsets of the item's lines (with its subtree) in the source text
    end: int | None = None
    line: int | None = None  # line (text) or row (table) it was read from, from 1
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def methods(self) -> list[str]:
        """Return the assessment methods of the checks, sorted, each once."""
        return sorted({check.method for check in self.checks if check.method})

    @property
    def numbered(self) -> bool:
        """Return whether the manual printed a number for this item."""
        return self.number is not None

    def text(self, *, with_checks: bool = False) -> str:
        """Return title, content and standards (and the checks' text) joined, for matching."""
        parts = [self.title, self.content, *self.standards]
        if with_checks:
            parts += [part for check in self.checks for part in (check.text, check.materials)]
        return "\n".join(part for part in parts if part)


@dataclass
class Framework:
    """A named indicator tree of one system, with where it came from and what looked wrong."""

    name: str
    system: str
    indicators: list[Indicator] = field(default_factory=list)  # in document order, parents first
    title: str = ""
    source: str = ""
    parser: str = ""
    doc_id: str | None = None
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def get(self, key_or_code: str) -> Indicator:
        """Return the indicator with this key, or the only one with this printed code."""
        for indicator in self.indicators:
            if indicator.key == key_or_code:
                return indicator
        matches = [indicator for indicator in self.indicators if indicator.code == key_or_code]
        if len(matches) == 1:
            return matches[0]
        from tixi.errors import NotFound

        if matches:
            raise NotFound(f"code {key_or_code!r} occurs {len(matches)} times in framework {self.name!r}; give the key (path)")
        raise NotFound(f"framework {self.name!r} has no indicator {key_or_code!r}")

    def children(self, key: str | None) -> list[Indicator]:
        """Return the indicators whose parent is ``key`` (None: the top level), in order."""
        return [indicator for indicator in self.indicators if indicator.parent == key]

    def leaves(self) -> list[Indicator]:
        """Return the indicators without children, in order."""
        parents = {indicator.parent for indicator in self.indicators}
        return [indicator for indicator in self.indicators if indicator.key not in parents]

    def ancestors(self, indicator: Indicator) -> list[Indicator]:
        """Return the chain from the top-level item down to ``indicator``'s parent."""
        by_key = {item.key: item for item in self.indicators}
        chain: list[Indicator] = []
        parent = indicator.parent
        while parent is not None:
            chain.append(by_key[parent])
            parent = by_key[parent].parent
        return list(reversed(chain))

    def branch(self, indicator: Indicator) -> Indicator:
        """Return the top-level item above ``indicator`` (itself at the top)."""
        chain = self.ancestors(indicator)
        return chain[0] if chain else indicator

    def counts_by_level(self, *, numbered_only: bool = False) -> dict[int, int]:
        """Return how many indicators each level has."""
        counts: dict[int, int] = {}
        for indicator in self.indicators:
            if numbered_only and not indicator.numbered:
                continue
            counts[indicator.level] = counts.get(indicator.level, 0) + 1
        return dict(sorted(counts.items()))


def child_key(parent: str | None, code: str, title: str, taken: set[str]) -> str:
    """Return a unique key for a new item: the parent's key plus its code (or title when unnumbered)."""
    own = (code or title[:24] or "item").replace(KEY_SEPARATOR, "／")
    base = f"{parent}{KEY_SEPARATOR}{own}" if parent else own
    key, copy = base, 2
    while key in taken:  # a repeated number stays as printed; its key gets a suffix
        key = f"{base}~{copy}"
        copy += 1
    taken.add(key)
    return key
