"""Candidate document pairs: MinHash LSH over windows (exact runs) and over whole documents (rewritten copies).

The per-document part (``DocumentKeys.of``) reads one text and needs nothing else, so it runs
anywhere (a Dask worker, for one); ``candidate_pairs`` joins the keys of all documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt

from tixi.reuse.settings import ReuseSettings
from tixi.reuse.shingles import Hashes, band_keys, shingle_hashes

# Whole-document signatures use one shingle in 4 (those whose hash is 0 mod 4): the same shingles
# are kept in every document, so Jaccard is still estimated without bias, at a quarter of the cost.
_DOCUMENT_SAMPLE = np.uint64(4)
_MAX_HASH_BITS = np.uint64(32)


@dataclass(frozen=True)
class DocumentKeys:
    """One document's LSH keys: window band keys (one array per band) and its whole-document MinHash."""

    bands: list[Hashes]
    signature: Hashes

    @classmethod
    def of(cls, text: str, settings: ReuseSettings) -> DocumentKeys:
        """Return the keys of ``text``."""
        bands = band_keys(text, settings.shingle, settings.min_length, settings.rows, settings.bands)
        return cls(bands, document_signature(text, settings))


def document_signature(text: str, settings: ReuseSettings) -> Hashes:
    """Return the MinHash of the document's character shingles: ``document_permutations`` values below 2**32.

    Permutations are affine maps a*h + b over 64-bit words with odd multipliers drawn from a fixed
    seed, so signatures are the same on every machine and every run.
    """
    hashes = shingle_hashes(text, settings.document_shingle)
    hashes = np.unique(hashes[hashes % _DOCUMENT_SAMPLE == 0])
    if len(hashes) == 0:
        return np.full(settings.document_permutations, np.iinfo(np.uint32).max, dtype=np.uint64)
    a, b = _permutations(settings.document_permutations)
    with np.errstate(over="ignore"):
        # One permutation at a time keeps memory at one text's shingles, not shingles x permutations.
        values = [((hashes * a[p] + b[p]) >> _MAX_HASH_BITS).min() for p in range(len(a))]
    return np.array(values, dtype=np.uint64)


def _permutations(count: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    generator = np.random.default_rng(20261202)
    a = generator.integers(1, 2**63, size=count, dtype=np.uint64) | np.uint64(1)
    b = generator.integers(0, 2**63, size=count, dtype=np.uint64)
    return a, b


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs (indices into the document list, first < second) and what the LSH passed over."""

    pairs: npt.NDArray[np.int64]        # shape (n, 2)
    window_pairs: int                  # pairs from window keys
    document_pairs: int                # pairs from whole-document MinHash LSH (some also window pairs)
    frequent_keys: int                 # window keys in more than max_key_documents documents, not paired


def candidate_pairs(keys: Sequence[DocumentKeys], settings: ReuseSettings) -> Candidates:
    """Return the document pairs that share a window band key, or whose whole-document MinHash LSH collides."""
    codes: set[int] = set()
    count = len(keys)
    frequent = 0
    for band in range(settings.bands):
        values = np.concatenate([document.bands[band] for document in keys]) if keys else np.zeros(0, dtype=np.uint64)
        owners = np.concatenate([np.full(len(document.bands[band]), index, dtype=np.int64) for index, document in enumerate(keys)]) \
            if keys else np.zeros(0, dtype=np.int64)
        order = np.argsort(values, kind="stable")
        values, owners = values[order], owners[order]
        _, starts, sizes = np.unique(values, return_index=True, return_counts=True)
        shared = sizes > 1
        frequent += int((sizes > settings.max_key_documents).sum())
        keep = shared & (sizes <= settings.max_key_documents)
        twos = starts[keep & (sizes == 2)]
        # Most shared keys join exactly two documents: those pairs are made without a Python loop.
        first, second = owners[twos], owners[twos + 1]
        codes.update((np.minimum(first, second) * count + np.maximum(first, second)).tolist())
        for start, size in zip(starts[keep & (sizes > 2)].tolist(), sizes[keep & (sizes > 2)].tolist(), strict=True):
            members = sorted(set(owners[start:start + size].tolist()))
            codes.update(left * count + right for left, right in combinations(members, 2))
    window_pairs = len(codes)
    document_codes = _document_pairs(keys, settings)
    codes.update(document_codes)
    ordered = np.array(sorted(codes), dtype=np.int64)
    pairs = np.stack([ordered // max(count, 1), ordered % max(count, 1)], axis=1) if len(ordered) else np.zeros((0, 2), dtype=np.int64)
    return Candidates(pairs, window_pairs, len(document_codes), frequent)


def _document_pairs(keys: Sequence[DocumentKeys], settings: ReuseSettings) -> set[int]:
    """Return pair codes of documents whose MinHash LSH (datasketch) collides at ``document_threshold``."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=settings.document_threshold, num_perm=settings.document_permutations)
    sketches = [LeanMinHash(seed=1, hashvalues=document.signature, scheme="affine64") for document in keys]
    for index, sketch in enumerate(sketches):
        lsh.insert(index, sketch, check_duplication=False)
    count = len(keys)
    codes: set[int] = set()
    for index, sketch in enumerate(sketches):
        for other in lsh.query(sketch):
            if other != index:
                codes.add(min(index, other) * count + max(index, other))
    return codes
