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
    """The seed shingles of one text, sorted, with the first offset of each, and a bitmap filter over them.

    Most shingles of the other text are not in this one; the bitmap (about 32 bits per shingle,
    so some 3% false hits) turns them away before the binary search, which is what costs.
    """

    hashes: Hashes
    first: npt.NDArray[np.int64]
    bitmap: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, text: str, seed: int) -> SeedIndex:
        """Return the seed index of ``text``."""
        hashes = shingle_hashes(text, seed)
        unique, first = np.unique(hashes, return_index=True)
        bitmap = np.zeros(1 << max(10, int(len(unique) * 32).bit_length()), dtype=np.bool_)
        bitmap[unique & np.uint64(len(bitmap) - 1)] = True
        return cls(unique, first.astype(np.int64), bitmap)

    def find(self, hashes: Hashes) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Return (offsets in the other text, first offsets here) of the shingles ``hashes`` shares with this text."""
        maybe = np.flatnonzero(self.bitmap[hashes & np.uint64(len(self.bitmap) - 1)])
        slots = np.minimum(np.searchsorted(self.hashes, hashes[maybe]), len(self.hashes) - 1)
        hit = self.hashes[slots] == hashes[maybe]
        return maybe[hit], self.first[slots[hit]]


def align(index_a: SeedIndex, text_b: str, settings: ReuseSettings) -> list[Match]:
    """Return the passages of text ``a`` (given by its seed index) found in ``text_b``, in ``b``'s order.

    A shingle repeated within ``a`` seeds at its first occurrence only; a clause that ``a``
    repeats is found once, against its first copy.
    """
    if len(index_a.hashes) == 0:
        return []
    hashes_b = shingle_hashes(text_b, settings.seed)
    positions_b, positions_a = index_a.find(hashes_b)
    if len(positions_b) + settings.seed - 1 < settings.min_length * settings.min_identity:
        return []
    breaks = np.ones(len(positions_b), dtype=bool)
    breaks[1:] = (np.diff(positions_b) != 1) | (np.diff(positions_a) != 1)
    starts = np.flatnonzero(breaks)
    lengths = np.diff(np.append(starts, len(positions_b))) + settings.seed - 1
    runs_a, runs_b = positions_a[starts], positions_b[starts]
    # A short run with no other run within max_gap before or after it in b is a common phrase, not
    # part of any passage: dropping it here keeps the chaining loop to the runs that may chain.
    gap_before = np.diff(runs_b, prepend=np.iinfo(np.int64).min // 2) - np.roll(lengths, 1)
    gap_after = np.diff(np.append(runs_b, np.iinfo(np.int64).max // 2)) - lengths
    keep = (lengths >= settings.min_length) | (gap_before <= settings.max_gap) | (gap_after <= settings.max_gap)
    return _chain(runs_a[keep].tolist(), runs_b[keep].tolist(), lengths[keep].tolist(), settings)


def _chain(runs_a: list[int], runs_b: list[int], lengths: list[int], settings: ReuseSettings) -> list[Match]:
    """Chain exact runs (sorted by their offset in ``b``) into passages; return those long and alike enough."""
    open_chains: list[list[int]] = []   # [start_a, end_a, start_b, end_b, matched]
    done: list[list[int]] = []
    for start_a, start_b, length in zip(runs_a, runs_b, lengths, strict=True):
        end_a, end_b = start_a + length, start_b + length
        still_open: list[list[int]] = []
        for chain in open_chains:
            (done if start_b - chain[3] > settings.max_gap else still_open).append(chain)
        open_chains = still_open
        best: list[int] | None = None
        for chain in open_chains:
            gap_a, gap_b = start_a - chain[1], start_b - chain[3]
            if not (-settings.seed < gap_a <= settings.max_gap and -settings.seed < gap_b <= settings.max_gap):
                continue
            matched = chain[4] + length - max(0, -gap_a, -gap_b)
            span = max(chain[1], end_a) - chain[0] + max(chain[3], end_b) - chain[2]
            if 2 * matched >= settings.min_identity * span and (best is None or matched > best[4]):
                best = [chain[0], max(chain[1], end_a), chain[2], max(chain[3], end_b), matched]
                chosen = chain
        if best is None:
            open_chains.append([start_a, end_a, start_b, end_b, length])
        else:
            chosen[:] = best
    done.extend(open_chains)
    matches = [Match(*chain) for chain in done if min(chain[1] - chain[0], chain[3] - chain[2]) >= settings.min_length]
    return sorted((match for match in matches if match.identity >= settings.min_identity), key=lambda m: (m.start_b, m.start_a))
