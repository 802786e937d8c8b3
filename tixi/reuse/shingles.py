"""Character shingles as 64-bit hashes, and MinHash keys over the shingles of sliding windows.

A text becomes an array of code points; the shingle starting at ``i`` (``k`` characters) is
hashed by a polynomial over those code points, then mixed (splitmix64) so that each MinHash
permutation is the same hash seeded differently. All of it is numpy: a 20-million-character
corpus is hashed in about a second, where a Python loop over shingles would take minutes.

The MinHash of a window of ``w`` consecutive shingles is, per permutation, the minimum of the
seeded hashes over it; an LSH band is ``r`` such minima hashed together. Two texts that share a
run of ``w + k - 1`` characters share that whole window, so they share its band key: with bands
over sliding windows every exact shared run of at least that length is guaranteed a common key
(the guarantee of winnowing, Schleimer, Wilkerson and Aiken 2003), so recall on exact copies is
not left to chance. Longer shingles make a key rarer by chance, so fewer pairs need aligning.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.ndimage import minimum_filter1d

Hashes = npt.NDArray[np.uint64]

_BASE = np.uint64(1_000_003)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def code_points(text: str) -> npt.NDArray[np.uint64]:
    """Return the code points of ``text`` as uint64 (one per character, so indices are character offsets)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def mix(values: Hashes, seed: int = 0) -> Hashes:
    """Return splitmix64 of ``values`` xor a multiple of ``seed``: a different, well spread hash per seed."""
    with np.errstate(over="ignore"):
        z = values ^ (np.uint64(seed) * _GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * _MIX_1
        z = (z ^ (z >> np.uint64(27))) * _MIX_2
        return z ^ (z >> np.uint64(31))


def shingle_hashes(text: str, k: int) -> Hashes:
    """Return the hash of every ``k``-character shingle of ``text``; entry ``i`` is the shingle at offset ``i``."""
    points = code_points(text)
    count = len(points) - k + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            hashes = hashes * _BASE + points[j:j + count]
    return mix(hashes)


def window_minima(hashes: Hashes, window: int, seed: int) -> Hashes:
    """Return, for each window start ``s``, the minimum of the seeded hashes of shingles ``s .. s + window - 1``.

    A text with fewer shingles than a window has one window: all of them.
    """
    seeded = mix(hashes, seed)
    if len(seeded) <= window:
        return np.array([seeded.min()], dtype=np.uint64) if len(seeded) else seeded
    # minimum_filter1d centres its window; the origin shifts it to cover [s, s + window).
    origin = -(window // 2) + (0 if window % 2 else 1)
    minima: Hashes = minimum_filter1d(seeded, size=window, origin=origin, mode="nearest")
    return minima[: len(seeded) - window + 1]


def band_keys(text: str, shingle: int, window: int, rows: int, bands: int) -> list[Hashes]:
    """Return, per LSH band, the distinct keys of ``text``'s windows: ``rows`` window minima hashed together.

    ``window`` counts characters; a window holds ``window - shingle + 1`` shingles.
    """
    hashes = shingle_hashes(text, shingle)
    if len(hashes) == 0:
        return [hashes for _ in range(bands)]
    span = max(1, window - shingle + 1)
    keys: list[Hashes] = []
    for band in range(bands):
        key = np.zeros(1, dtype=np.uint64)
        for row in range(rows):
            key = mix(key ^ window_minima(hashes, span, 1 + band * rows + row), 0)
        keys.append(np.unique(key))
    return keys
