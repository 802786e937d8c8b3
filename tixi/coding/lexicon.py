"""Find codebook terms in a text: Aho-Corasick, leftmost-longest, non-overlapping.

``find_codes(text, pack)`` is the stable, pure entry point other stages call. The text is
taken as it is (pass a document's *normalised* text, as ``Project.iter_texts`` yields it, so
that offsets are the project's offsets); codebook terms are normalised when the automaton is
built. The automaton is built once per codebook content and cached.

Two backends give identical hits: ``ahocorasick_rs`` (Rust, used when importable) and
``pyahocorasick`` (always installed). Both select, from left to right, the match that starts
first and, among those, the longest; then continue after its end.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import ahocorasick

from tixi.coding.codebook import Codebook, load_codebook
from tixi.config import load_config
from tixi.packs import Pack, load_pack

try:  # the optional fast path (pip install ahocorasick-rs)
    import ahocorasick_rs
except ImportError:  # pragma: no cover - depends on the environment
    ahocorasick_rs = None  # type: ignore[assignment]

BACKENDS = ("ahocorasick_rs", "pyahocorasick")


class CodeHit(NamedTuple):
    """One match of a codebook term: ``[start, end)`` in the text, the code and the term matched.

    A named tuple rather than a dataclass: a corpus run builds hundreds of thousands of hits,
    and a tuple is the cheapest immutable record Python builds.
    """

    start: int
    end: int
    code_id: str
    term: str


def make_hit(start: int, end: int, code_id: str, term: str) -> CodeHit:
    """Return ``CodeHit(start, end, code_id, term)``."""
    return CodeHit(start, end, code_id, term)


def available_backends() -> list[str]:
    """Return the matching backends importable here, fastest first."""
    return [name for name in BACKENDS if name != "ahocorasick_rs" or ahocorasick_rs is not None]


class Lexicon:
    """An automaton over all terms of a codebook, mapping each term to its code (or to nothing, for excluded strings)."""

    def __init__(self, codebook: Codebook, backend: str | None = None) -> None:
        self.codebook = codebook
        self.backend = backend or available_backends()[0]
        if self.backend not in available_backends():
            raise ValueError(f"matching backend {self.backend!r} is not installed; have {', '.join(available_backends())}")
        owners: dict[str, str | None] = {}
        for code in codebook.codes:
            owners.update({term: code.id for term in code.terms})
            owners.update({term: None for term in code.exclude})
        self.terms = sorted(owners)
        self.owners = [owners[term] for term in self.terms]
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
        """Return leftmost-longest non-overlapping matches as (term index, start, end), excluded strings included."""
        if self._automaton is None or not text:
            return []
        if self.backend == "ahocorasick_rs":
            found: list[tuple[int, int, int]] = self._automaton.find_matches_as_indexes(text)
            return found
        # pyahocorasick reports every (overlapping) match by its end; choose leftmost-longest greedily.
        found = sorted((end + 1 - length, -(end + 1), index) for end, (length, index) in self._automaton.iter(text))
        chosen, position = [], 0
        for start, negative_end, index in found:
            if start >= position:
                chosen.append((index, start, -negative_end))
                position = -negative_end
        return chosen

    def find(self, text: str) -> list[CodeHit]:
        """Return the code hits in ``text``, in text order (matches of excluded strings code nothing)."""
        owners, terms, new = self.owners, self.terms, tuple.__new__
        # tuple.__new__ skips the named tuple's Python-level __new__: the same object, faster.
        return [new(CodeHit, (start, end, owners[index], terms[index])) for index, start, end in self.matches(text)
                if owners[index] is not None]


_LEXICONS: dict[tuple[str, str], Lexicon] = {}


def lexicon_for(pack: Pack | None = None, backend: str | None = None) -> Lexicon:
    """Return the cached lexicon of ``pack``'s codebooks (the default pack when None)."""
    codebook = load_codebook(pack or default_pack())
    chosen = backend or available_backends()[0]
    key = (codebook.fingerprint, chosen)
    lexicon = _LEXICONS.get(key)
    if lexicon is None or lexicon.codebook is not codebook:
        lexicon = Lexicon(codebook, chosen)
        _LEXICONS[key] = lexicon
    return lexicon


def default_pack() -> Pack:
    """Return the pack a project uses when its configuration names none."""
    return load_pack(load_config(None).pack)


def find_codes(text: str, pack: Pack | None = None) -> list[CodeHit]:
    """Return the codebook codes found in ``text``: longest leftmost non-overlapping term matches, in text order."""
    return lexicon_for(pack).find(text)
