"""Find many terms in a text at once: Aho-Corasick, leftmost-longest, non-overlapping.

The one term matcher of tixi: the codebook lexicon, the flow gazetteer and the framework
cross-reference triggers all find their pack terms through it, so "which term wins where
two overlap" means the same everywhere: from left to right, the match that starts first
and, among those, the longest; the scan goes on after its end.

Two backends give identical matches: ``ahocorasick_rs`` (Rust, used when importable) and
``pyahocorasick``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ahocorasick

try:  # a wheel for every common platform, but keep working where it cannot be installed
    import ahocorasick_rs
except ImportError:  # pragma: no cover - depends on the environment
    ahocorasick_rs = None  # type: ignore[assignment]

BACKENDS = ("ahocorasick_rs", "pyahocorasick")


def available_backends() -> list[str]:
    """Return the matching backends importable here, fastest first."""
    return [name for name in BACKENDS if name != "ahocorasick_rs" or ahocorasick_rs is not None]


class TermMatcher:
    """An automaton over a set of terms; ``terms`` are kept sorted and matches name them by index."""

    def __init__(self, terms: Iterable[str], backend: str | None = None) -> None:
        self.terms: list[str] = sorted({term for term in terms if term})
        self.backend = backend or available_backends()[0]
        if self.backend not in available_backends():
            raise ValueError(f"matching backend {self.backend!r} is not installed; have {', '.join(available_backends())}")
        self._automaton = self._build()

    def _build(self) -> Any:
        if not self.terms:
            return None
        if self.backend == "ahocorasick_rs":
            # A DFA costs more memory to build but scans about twice as fast as the default NFA.
            return ahocorasick_rs.AhoCorasick(self.terms, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                              implementation=ahocorasick_rs.Implementation.DFA)
        automaton = ahocorasick.Automaton()
        for index, term in enumerate(self.terms):
            automaton.add_word(term, (len(term), index))
        automaton.make_automaton()
        return automaton

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """Return leftmost-longest non-overlapping matches as ``(term index, start, end)``, in text order."""
        if self._automaton is None or not text:
            return []
        if self.backend == "ahocorasick_rs":
            found: list[tuple[int, int, int]] = self._automaton.find_matches_as_indexes(text)
            return found
        # pyahocorasick reports every (overlapping) match by its end; choose leftmost-longest greedily.
        candidates = sorted((end + 1 - length, -(end + 1), index) for end, (length, index) in self._automaton.iter(text))
        chosen, position = [], 0
        for start, negative_end, index in candidates:
            if start >= position:
                chosen.append((index, start, -negative_end))
                position = -negative_end
        return chosen
