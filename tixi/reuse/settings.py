"""The settings of a reuse run: what a passage is, and how candidates are found."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from tixi.errors import InputError


@dataclass(frozen=True)
class ReuseSettings:
    """How `tixi reuse` finds passages; every field is recorded with the run.

    ``min_length`` and ``min_identity`` say what counts as a reused passage. Candidates: LSH over
    windows of ``min_length`` characters, ``bands`` bands of ``rows`` MinHash rows over shingles of
    ``shingle`` characters; a key shared by more than ``max_key_documents`` documents is a clause
    nearly every document has, and pairs are not formed from it alone (the count is reported).
    Whole documents also go through datasketch's MinHashLSH (``document_threshold`` Jaccard over
    ``document_shingle``-character shingles), so rewritten copies with few exact runs are aligned.
    Alignment: exact seeds of ``seed`` characters chained across gaps of at most ``max_gap``.
    Two documents share a template when their passages (not boilerplate) cover ``family_share``
    of the shorter one.
    """

    min_length: int = 50
    min_identity: float = 0.8
    shingle: int = 32
    rows: int = 2
    bands: int = 1
    max_key_documents: int = 1000
    document_shingle: int = 5
    document_permutations: int = 64
    document_threshold: float = 0.5
    seed: int = 8
    max_gap: int = 24
    family_share: float = 0.3

    def __post_init__(self) -> None:
        if self.min_length < 10:
            raise InputError(f"min_length {self.min_length} is too short to mean a copied passage; use 10 or more (50 is usual)")
        if not 0 < self.min_identity <= 1:
            raise InputError(f"min_identity {self.min_identity} must lie in (0, 1]; 0.8 is usual")
        if not 2 <= self.seed <= self.shingle <= self.min_length:
            raise InputError(f"need 2 <= seed ({self.seed}) <= shingle ({self.shingle}) <= min_length ({self.min_length})")
        if self.rows < 1 or self.bands < 1:
            raise InputError("rows and bands must be at least 1")

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as a plain dict (recorded with the run)."""
        return asdict(self)
