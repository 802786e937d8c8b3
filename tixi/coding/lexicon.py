"""Find codebook terms in a text: Aho-Corasick, leftmost-longest, non-overlapping.

``find_codes(text, pack)`` is the stable, pure entry point other stages call. The text is
taken as it is (pass a document's *normalised* text, as ``Project.iter_texts`` yields it, so
that offsets are the project's offsets); codebook terms are normalised when the automaton is
built. The automaton is built once per codebook content and cached.

The matching itself is ``tixi.text.terms.TermMatcher`` (one Aho-Corasick automaton).
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


NEAR_WINDOW = 24  # characters between the two words of a proximity pattern, at most
SENTENCE_ENDS = "。；;！？!?\n"


class Lexicon:
    """An automaton over all terms of a codebook, mapping each term to its code (or to nothing, for excluded strings)."""

    def __init__(self, codebook: Codebook, backend: str | None = None, kind: str | None = None) -> None:
        self.codebook = codebook
        self.kind = kind
        # Codes restricted to other document kinds take no part: their terms must not hide others'.
        applicable = [code for code in codebook.codes if not code.applies_to or (kind or "") in code.applies_to]
        owners: dict[str, str | None] = {}
        for code in applicable:
            owners.update({term: code.id for term in code.terms})
            owners.update({term: None for term in code.exclude})
        self.matcher = TermMatcher(owners, backend)
        self.backend = self.matcher.backend
        self.terms = self.matcher.terms
        self.owners = [owners[term] for term in self.terms]
        # Proximity patterns "A…B": A is found by an automaton of its own, B looked for after it.
        self.near: dict[str, list[tuple[str, str]]] = {}
        for code in applicable:
            for pattern in code.near:
                first, second = pattern.split("…")
                self.near.setdefault(first, []).append((second, code.id))
        self.near_matcher = TermMatcher(self.near, backend)

    def for_kind(self, kind: str | None) -> Lexicon:
        """Return the lexicon over the same codebook for documents of ``kind`` (this one when it already is)."""
        group = _kind_group(self.codebook, kind)
        return self if group == self.kind else _cached(self.codebook, self.backend, group)

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """Return leftmost-longest non-overlapping matches as (term index, start, end), excluded strings included."""
        return self.matcher.matches(text)

    def find(self, text: str) -> list[CodeHit]:
        """Return the code hits in ``text``, in text order (matches of excluded strings code nothing).

        Proximity patterns add a hit from A to B when B follows A within ``NEAR_WINDOW`` characters
        of the same sentence and no term of that code already lies there.
        """
        owners, terms, new = self.owners, self.terms, tuple.__new__
        # tuple.__new__ skips the named tuple's Python-level __new__: the same object, faster.
        hits = [new(CodeHit, (start, end, owners[index], terms[index])) for index, start, end in self.matches(text)
                if owners[index] is not None]
        if self.near:
            hits = self._near(text, hits)
        return hits

    def _near(self, text: str, hits: list[CodeHit]) -> list[CodeHit]:
        added = []
        anchors = self.near_matcher.terms
        for index, start, end in self.near_matcher.matches(text):
            window = text[end:end + NEAR_WINDOW]
            stop = min((at for mark in SENTENCE_ENDS if (at := window.find(mark)) >= 0), default=len(window))
            for second, code_id in self.near[anchors[index]]:
                at = window.find(second, 0, stop)
                if at < 0:
                    continue
                span_end = end + at + len(second)
                if not any(hit.code_id == code_id and hit.start < span_end and start < hit.end for hit in hits):
                    added.append(CodeHit(start, span_end, code_id, f"{anchors[index]}…{second}"))
        return sorted(hits + added) if added else hits


_LEXICONS: dict[tuple[str, str, str], Lexicon] = {}


def lexicon_for(pack: Pack | None = None, backend: str | None = None, kind: str | None = None) -> Lexicon:
    """Return the cached lexicon of ``pack``'s codebooks (the default pack when None) for documents of ``kind``.

    Codes whose codebook file names the kinds it ``applies_to`` are left out for other kinds (and
    for ``kind=None``, a document of no particular kind).
    """
    codebook = load_codebook(pack or default_pack())
    return _cached(codebook, backend or available_backends()[0], _kind_group(codebook, kind))


def _kind_group(codebook: Codebook, kind: str | None) -> str | None:
    """Return ``kind`` when some code is restricted to it, else None: every other kind sees the same codes."""
    return kind if kind in {name for code in codebook.codes for name in code.applies_to} else None


def _cached(codebook: Codebook, backend: str, group: str | None) -> Lexicon:
    key = (codebook.fingerprint, backend, group or "")
    lexicon = _LEXICONS.get(key)
    if lexicon is None or lexicon.codebook is not codebook:
        lexicon = Lexicon(codebook, backend, group)
        _LEXICONS[key] = lexicon
    return lexicon


def default_pack() -> Pack:
    """Return the pack a project uses when its configuration names none."""
    return load_pack(load_config(None).pack)


def find_codes(text: str, pack: Pack | None = None, kind: str | None = None) -> list[CodeHit]:
    """Return the codebook codes found in ``text`` (a document of ``kind``): longest leftmost matches, in text order."""
    return lexicon_for(pack, kind=kind).find(text)
