"""Find codebook terms in a text: Aho-Corasick, leftmost-longest, non-overlapping.

``find_codes(text, pack)`` is the stable, pure entry point other stages call. The text is
taken as it is (pass a document's *normalised* text, as ``Project.iter_texts`` yields it, so
that offsets are the project's offsets); codebook terms are normalised when the automaton is
built. The automaton is built once per codebook content and cached.

The matching itself is ``tixi.text.terms.TermMatcher`` (two backends, identical hits).
"""

from __future__ import annotations

from typing import NamedTuple

from tixi.coding.codebook import Codebook, load_codebook
from tixi.config import load_config
from tixi.packs import Pack, load_pack
from tixi.text.terms import TermMatcher, available_backends


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


class Lexicon:
    """An automaton over all terms of a codebook, mapping each term to its code (or to nothing, for excluded strings)."""

    def __init__(self, codebook: Codebook, backend: str | None = None) -> None:
        self.codebook = codebook
        owners: dict[str, str | None] = {}
        for code in codebook.codes:
            owners.update({term: code.id for term in code.terms})
            owners.update({term: None for term in code.exclude})
        self.matcher = TermMatcher(owners, backend)
        self.backend = self.matcher.backend
        self.terms = self.matcher.terms
        self.owners = [owners[term] for term in self.terms]

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """Return leftmost-longest non-overlapping matches as (term index, start, end), excluded strings included."""
        return self.matcher.matches(text)

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
