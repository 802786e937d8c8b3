"""Find many terms in a text at once: Aho-Corasick, leftmost-longest, non-overlapping.

The one term matcher of tixi: the codebook lexicon, the flow gazetteer and the framework
cross-reference triggers all find their pack terms through it, so "which term wins where
two overlap" means the same everywhere: from left to right, the match that starts first
and, among those, the longest; the scan goes on after its end.

The automaton is ``ahocorasick_rs`` (Rust; a wheel for every common platform), the one
Aho-Corasick dependency of tixi.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ahocorasick_rs

BACKENDS = ("ahocorasick_rs",)


def available_backends() -> list[str]:
    """Return the matching backends (one: kept as a list so callers can name the one they use)."""
    return list(BACKENDS)


class TermMatcher:
    """An automaton over a set of terms; ``terms`` are kept sorted and matches name them by index."""

    def __init__(self, terms: Iterable[str], backend: str | None = None) -> None:
        self.terms: list[str] = sorted({term for term in terms if term})
        self.backend = backend or BACKENDS[0]
        if self.backend not in BACKENDS:
            raise ValueError(f"matching backend {self.backend!r} is not available; use {', '.join(BACKENDS)}")
        self._automaton = self._build()

    def _build(self) -> Any:
        if not self.terms:
            return None
        # A DFA costs more memory to build but scans about twice as fast as the default NFA.
        return ahocorasick_rs.AhoCorasick(self.terms, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                          implementation=ahocorasick_rs.Implementation.DFA)

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """Return leftmost-longest non-overlapping matches as ``(term index, start, end)``, in text order."""
        if self._automaton is None or not text:
            return []
        found: list[tuple[int, int, int]] = self._automaton.find_matches_as_indexes(text)
        return found
