"""Align units of two sides: character n-gram TF-IDF cosine, plus shared codebook codes.

A unit is an indicator of a framework (its leaves) or an article of a document. Every pair is
scored; for each unit of side A the best ``top`` units of side B at or above the threshold are
kept, each with the passage of B that shares most with A (the sentence with most common
character bigrams) as evidence. When the codebook matcher of ``tixi.coding.lexicon`` is
available, the codes both units carry raise the score of pairs that already share wording:
``score = cosine · (1 + w·Jaccard(codes))`` with ``w = CODE_WEIGHT``; otherwise ``score = cosine``.
(A sum would let one shared code make two unrelated units look alike: with one code each,
their Jaccard is 1.) The method used is recorded.

Character bigrams (not 2–3-grams) and the indicator's checks in its text: on the corpus this
ranks the credit indicators of 001 highest against the credit regulations (bench notes in the
report of issue 3).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

NGRAM_RANGE = (2, 2)
CODE_WEIGHT = 1.0
QUOTE_CHARS = 160
_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")

ALIGNMENT_COLUMNS = [
    "a_side", "a_id", "a_code", "a_title", "a_branch", "rank", "b_side", "b_id", "b_code", "b_title", "b_doc_id",
    "b_start", "b_end", "cosine", "codes_shared", "code_score", "score", "quote", "quote_start", "quote_end", "method",
]

CodeFinder = Callable[[str], set[str]]


@dataclass
class Unit:
    """Something to align: an indicator or an article, with its text and where it lies."""

    side: str  # framework name, or the system whose documents it comes from
    id: str  # indicator key, or "<doc id>:<segment id>"
    code: str  # printed code or article label
    title: str
    text: str
    branch: str  # top-level item (framework) or document title (documents)
    doc_id: str | None = None
    start: int | None = None
    end: int | None = None
    points: float | None = None
    core: str = ""  # an indicator's title, content and standards alone (``text`` adds its checks)
    codes: set[str] = field(default_factory=set)


def score_matrix(units_a: list[Unit], units_b: list[Unit]) -> np.ndarray:
    """Return the cosine similarity of every (A, B) pair over character bigram TF-IDF vectors."""
    if not units_a or not units_b:
        return np.zeros((len(units_a), len(units_b)))
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=NGRAM_RANGE, sublinear_tf=True, min_df=1)
    matrix = vectorizer.fit_transform([unit.text for unit in units_a] + [unit.text for unit in units_b])
    return np.asarray(linear_kernel(matrix[: len(units_a)], matrix[len(units_a):]))


def align_units(
    units_a: list[Unit], units_b: list[Unit], *, threshold: float, top: int, code_finder: CodeFinder | None = None,
) -> pd.DataFrame:
    """Return the alignment table: for each A unit, its best B units scoring at least ``threshold``."""
    cosine = score_matrix(units_a, units_b)
    method = "lexical"
    codes = np.zeros_like(cosine)
    if code_finder is not None:
        method = "lexical+codes"
        for unit in [*units_a, *units_b]:
            unit.codes = code_finder(unit.text)
        codes = _code_scores(units_a, units_b)
    score = cosine * (1 + CODE_WEIGHT * codes)
    rows = []
    for i, unit in enumerate(units_a):
        order = sorted(range(len(units_b)), key=lambda j: (-round(float(score[i, j]), 12), units_b[j].id))
        for rank, j in enumerate((j for j in order[:top] if score[i, j] >= threshold), start=1):
            rows.append(_row(unit, units_b[j], rank, float(cosine[i, j]), float(codes[i, j]), float(score[i, j]), method))
    frame = pd.DataFrame.from_records(rows, columns=ALIGNMENT_COLUMNS)
    frame.attrs["method"] = method
    return frame


def _code_scores(units_a: list[Unit], units_b: list[Unit]) -> np.ndarray:
    scores = np.zeros((len(units_a), len(units_b)))
    for i, a in enumerate(units_a):
        if not a.codes:
            continue
        for j, b in enumerate(units_b):
            union = a.codes | b.codes
            if union:
                scores[i, j] = len(a.codes & b.codes) / len(union)
    return scores


def _row(a: Unit, b: Unit, rank: int, cosine: float, code_score: float, score: float, method: str) -> dict[str, object]:
    quote, offset = best_passage(a.text, b.text)
    quote_start = b.start + offset if b.start is not None else None
    return {
        "a_side": a.side, "a_id": a.id, "a_code": a.code, "a_title": a.title, "a_branch": a.branch, "rank": rank,
        "b_side": b.side, "b_id": b.id, "b_code": b.code, "b_title": b.title, "b_doc_id": b.doc_id,
        "b_start": b.start, "b_end": b.end, "cosine": round(cosine, 4), "codes_shared": sorted(a.codes & b.codes),
        "code_score": round(code_score, 4), "score": round(score, 4), "quote": quote,
        "quote_start": quote_start, "quote_end": quote_start + len(quote) if quote_start is not None else None, "method": method,
    }


def best_passage(query: str, text: str) -> tuple[str, int]:
    """Return the sentence of ``text`` sharing most character bigrams with ``query``, and its offset."""
    wanted = {query[i:i + 2] for i in range(len(query) - 1)}
    best, best_score, best_start = "", -1, 0
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0)
        stripped = sentence.strip()
        if not stripped:
            continue
        shared = len({sentence[i:i + 2] for i in range(len(sentence) - 1)} & wanted)
        if shared > best_score:
            best, best_score = stripped, shared
            best_start = match.start() + sentence.index(stripped[0])
    return best[:QUOTE_CHARS], best_start
