"""Local alignment of a candidate pair: exact seeds, chained along near diagonals, give exact boundaries.

Seed-and-extend: every ``seed``-character shingle the two texts share is a seed; consecutive
seeds on one diagonal merge into an exact run; runs are chained in text order when the gap
between them is at most ``max_gap`` characters on both sides and the chain's identity stays at
or above ``min_identity``. A chain starts at its first matching character and ends at its last,
so a passage's boundaries are where the copying starts and stops, never a window edge.

Identity is ``2 * matched / (length_a + length_b)``: the share of both spans covered by the
chain's exact runs (1.0 for a verbatim copy; a lower bound on the LCS-based identity).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tixi.reuse.settings import ReuseSettings
from tixi.reuse.shingles import Hashes, shingle_hashes


@dataclass(frozen=True)
class Match:
    """A passage of text ``a`` found again in text ``b``: half-open character spans and how alike they are."""

    start_a: int
    end_a: int
    start_b: int
    end_b: int
    matched: int

    @property
    def identity(self) -> float:
        """Return ``2 * matched / (length_a + length_b)``."""
        return 2 * self.matched / max(1, (self.end_a - self.start_a) + (self.end_b - self.start_b))


@dataclass(frozen=True)
class SeedIndex:
    """The seed shingles of one text, sorted, with their offsets, and a bitmap filter over them.

    Most shingles of the other text are not in this one; the bitmap (about 32 bits per distinct
    shingle, so some 3% false hits) turns them away before the binary search, which is what costs.
    A shingle this text repeats keeps up to ``MAX_REPEATS`` offsets, so a clause it has twice is
    found against both copies; beyond that a shingle is filler repeated throughout the text.
    """

    hashes: Hashes
    offsets: npt.NDArray[np.int64]
    bitmap: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, text: str, seed: int) -> SeedIndex:
        """Return the seed index of ``text``."""
        hashes = shingle_hashes(text, seed)
        order = np.argsort(hashes, kind="stable")
        hashes = hashes[order]
        bitmap = np.zeros(1 << max(10, int(len(hashes) * 32).bit_length()), dtype=np.bool_)
        bitmap[hashes & np.uint64(len(bitmap) - 1)] = True
        return cls(hashes, order.astype(np.int64), bitmap)

    def find(self, hashes: Hashes) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Return (offsets in the other text, offsets here) of every shingle ``hashes`` shares with this text."""
        maybe = np.flatnonzero(self.bitmap[hashes & np.uint64(len(self.bitmap) - 1)])
        left = np.searchsorted(self.hashes, hashes[maybe], side="left")
        right = np.minimum(np.searchsorted(self.hashes, hashes[maybe], side="right"), left + MAX_REPEATS)
        counts = right - left
        positions_b = np.repeat(maybe, counts)
        # For each hit, its rank among the copies of its shingle here: offsets[left + rank].
        ranks = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        return positions_b.astype(np.int64), self.offsets[np.repeat(left, counts) + ranks]


MAX_REPEATS = 16


def align(index_a: SeedIndex, text_b: str, settings: ReuseSettings) -> list[Match]:
    """Return the passages of text ``a`` (given by its seed index) found in ``text_b``, in ``b``'s order."""
    if len(index_a.hashes) == 0:
        return []
    hashes_b = shingle_hashes(text_b, settings.seed)
    positions_b, positions_a = index_a.find(hashes_b)
    if len(positions_b) + settings.seed - 1 < settings.min_length * settings.min_identity:
        return []
    # Exact runs are consecutive hits on one diagonal: sort by diagonal, then by offset in b.
    diagonal = positions_a - positions_b
    order = np.lexsort((positions_b, diagonal))
    positions_a, positions_b, diagonal = positions_a[order], positions_b[order], diagonal[order]
    breaks = np.ones(len(positions_b), dtype=bool)
    breaks[1:] = (np.diff(positions_b) != 1) | (np.diff(diagonal) != 0)
    starts = np.flatnonzero(breaks)
    lengths = np.diff(np.append(starts, len(positions_b))) + settings.seed - 1
    runs_a, runs_b = positions_a[starts], positions_b[starts]
    by_b = np.lexsort((runs_a, runs_b))
    runs_a, runs_b, lengths = runs_a[by_b], runs_b[by_b], lengths[by_b]
    keep = (lengths >= settings.min_length) | _has_neighbour(runs_a - runs_b, runs_b, lengths, settings.max_gap)
    return _chain(runs_a[keep].tolist(), runs_b[keep].tolist(), lengths[keep].tolist(), settings)


def _has_neighbour(diagonal: npt.NDArray[np.int64], runs_b: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64], gap: int) -> npt.NDArray[np.bool_]:
    """Return, per run, whether another run lies within ``gap`` of it in b and on a diagonal within ``gap + 1`` of its own.

    A short run with no such neighbour is a common phrase, not part of any passage; dropping it
    before chaining keeps the loop to the runs that may chain. Diagonals are bucketed twice, the
    second time shifted by half a bucket, so any two within ``gap + 1`` share a bucket once.
    """
    width = 2 * (gap + 1)
    found = np.zeros(len(runs_b), dtype=bool)
    for shift in (0, gap + 1):
        bucket = (diagonal + shift) // width
        order = np.lexsort((runs_b, bucket))
        b, ends, same = runs_b[order], (runs_b + lengths)[order], np.diff(bucket[order]) == 0
        close = same & (b[1:] - ends[:-1] <= gap)
        near = np.zeros(len(order), dtype=bool)
        near[1:] |= close
        near[:-1] |= close
        found[order] |= near
    return found


def _chain(runs_a: list[int], runs_b: list[int], lengths: list[int], settings: ReuseSettings) -> list[Match]:
    """Chain exact runs (sorted by their offset in ``b``) into passages; return those long and alike enough.

    Open chains are filed by the diagonal they end on, in buckets of ``max_gap``: a run can only
    join a chain whose diagonal is within ``max_gap`` of its own, so it looks in three buckets, not
    at every open chain (texts full of repeated phrases have thousands open at once).
    """
    width = settings.max_gap + 1
    buckets: dict[int, list[list[int]]] = {}   # diagonal bucket -> chains [start_a, end_a, start_b, end_b, matched]
    done: list[list[int]] = []
    for start_a, start_b, length in zip(runs_a, runs_b, lengths, strict=True):
        end_a, end_b = start_a + length, start_b + length
        home = (start_a - start_b) // width
        best: list[int] | None = None
        chosen: list[int] | None = None
        for key in (home - 1, home, home + 1):
            chains = buckets.get(key)
            if not chains:
                continue
            alive = []
            for chain in chains:
                if start_b - chain[3] > settings.max_gap:
                    done.append(chain)   # runs come in b order: nothing later can reach this chain
                    continue
                alive.append(chain)
                gap_a, gap_b = start_a - chain[1], start_b - chain[3]
                if not (-settings.seed < gap_a <= settings.max_gap and -settings.seed < gap_b <= settings.max_gap):
                    continue
                matched = chain[4] + length - max(0, -gap_a, -gap_b)
                span = max(chain[1], end_a) - chain[0] + max(chain[3], end_b) - chain[2]
                if 2 * matched >= settings.min_identity * span and (best is None or matched > best[4]):
                    best = [chain[0], max(chain[1], end_a), chain[2], max(chain[3], end_b), matched]
                    chosen = chain
            buckets[key] = alive
        if best is None or chosen is None:
            buckets.setdefault(home, []).append([start_a, end_a, start_b, end_b, length])
            continue
        for key in (home - 1, home, home + 1):
            if key in buckets and any(chain is chosen for chain in buckets[key]):
                buckets[key] = [chain for chain in buckets[key] if chain is not chosen]
                break
        buckets.setdefault((best[1] - best[3]) // width, []).append(best)
    for chains in buckets.values():
        done.extend(chains)
    matches = [Match(*chain) for chain in done if min(chain[1] - chain[0], chain[3] - chain[2]) >= settings.min_length]
    return sorted((match for match in matches if match.identity >= settings.min_identity), key=lambda m: (m.start_b, m.start_a))
