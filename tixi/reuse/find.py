"""Find reused passages across a list of texts: keys per document, candidate pairs, alignment.

Documents are held by position in the list; callers map positions back to document ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tixi.progress import Progress
from tixi.reuse.align import Match, SeedIndex, align
from tixi.reuse.candidates import Candidates, DocumentKeys, candidate_pairs
from tixi.reuse.settings import ReuseSettings


@dataclass(frozen=True)
class PairMatch:
    """A passage shared by documents ``a`` < ``b`` (positions in the text list)."""

    a: int
    b: int
    match: Match


@dataclass(frozen=True)
class Found:
    """The passages found, and what the candidate stage passed on."""

    matches: list[PairMatch]
    candidates: Candidates


def find_passages(texts: Sequence[str], settings: ReuseSettings, progress: Progress | None = None,
                  keys: Sequence[DocumentKeys] | None = None) -> Found:
    """Return every passage of at least ``min_length`` characters at ``min_identity`` shared by two texts.

    ``keys`` may be given when they were computed elsewhere (``tixi.cluster`` computes them on
    Dask workers); they must be ``DocumentKeys.of`` each text with the same settings.
    """
    if keys is None:
        if progress:
            progress.start(len(texts), "reuse: shingles and MinHash keys")
        made = []
        for text in texts:
            made.append(DocumentKeys.of(text, settings))
            if progress:
                progress.advance()
        keys = made
    candidates = candidate_pairs(keys, settings)
    if progress:
        progress.start(len(candidates.pairs), "reuse: aligning candidate pairs")
    matches: list[PairMatch] = []
    current, index = -1, None
    for a, b in candidates.pairs.tolist():
        if a != current:  # pairs come sorted by their first document: its index is built once
            current, index = a, SeedIndex.of(texts[a], settings.seed)
        assert index is not None
        matches.extend(PairMatch(a, b, match) for match in align(index, texts[b], settings))
        if progress:
            progress.advance()
    if progress:
        progress.finish()
    return Found(matches, candidates)
