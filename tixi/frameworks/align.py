"""Align units of two sides: character n-gram TF-IDF cosine, plus shared codebook codes.

A unit is an indicator of a framework (its leaves) or an article of a document. Every pair is
scored; for each unit of side A the best ``top`` units of side B at or above the threshold are
kept, each with the passage of B that shares most with A (the sentence with most common
character bigrams) as evidence. When the codebook matcher of ``tixi.coding.lexicon`` is
available, the codes both units carry raise the score of pairs that already share wording:
``score = cosine · (1 + w·Jaccard(codes))`` with ``w = code_weight``; otherwise ``score = cosine``.
(A sum would let one shared code make two unrelated units look alike: with one code each,
their Jaccard is 1.) The method used is recorded.

Boilerplate units — purpose, definitions, scope, effective date, stock liability clauses; the
pack's ``boilerplate`` patterns, each matched against a unit no longer than
``boilerplate_max_chars`` — are never candidates: they share wording with everything and say
nothing about what either system assesses.

Where the pack gives a ``calibration`` (logistic coefficients over cosine, cosine × code
Jaccard and "both name the same instrument of either system", the crossref trigger words),
each pair also gets a ``probability`` of being related; the overlap counts only pairs at or
above ``min_probability``.

The n-gram range, the document-frequency cut and the threshold come from the pack
(``frameworks/alignment.yaml``): character 1–2-grams with sublinear tf, dropping n-grams found
in more than a tenth of all units (the assessment boilerplate 说明报告 / 规范文件 / 实景图片 and
the legal boilerplate 应当 / 有关部门 that every unit shares). Chosen on hand labels
(tests/frameworks/data/alignment_labels.yaml, test_alignment_quality.py): mean average precision
of the SCSP articles ranked per NCCA indicator 0.58 → 0.82 on the tuning half, 0.37 → 0.56 held out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from tixi.errors import InputError
from tixi.packs import Pack

ALIGNMENT_FILE = "frameworks/alignment.yaml"
NGRAM_RANGE = (1, 2)
MAX_DF = 0.1
CODE_WEIGHT = 1.0
THRESHOLD = 0.065
QUOTE_CHARS = 160
_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")

ALIGNMENT_COLUMNS = [
    "a_side", "a_id", "a_code", "a_title", "a_branch", "rank", "b_side", "b_id", "b_code", "b_title", "b_doc_id",
    "b_start", "b_end", "cosine", "codes_shared", "code_score", "instruments_shared", "score", "probability", "quote",
    "quote_start", "quote_end", "method",
]
MIN_PROBABILITY = 0.5
BOILERPLATE_MAX_CHARS = 160

CodeFinder = Callable[[str], set[str]]
InstrumentFinder = Callable[[str], set[str]]


@dataclass(frozen=True)
class Calibration:
    """Logistic coefficients: P(related) = σ(intercept + cosine·c + cosine·Jaccard(codes)·j + shared instrument·i)."""

    intercept: float
    cosine: float
    codes: float
    instruments: float
    label: str = ""

    def probability(self, cosine: np.ndarray, codes: np.ndarray, instruments: np.ndarray) -> np.ndarray:
        """Return the probability of every pair."""
        logit = self.intercept + self.cosine * cosine + self.codes * cosine * codes + self.instruments * instruments
        return np.asarray(1.0 / (1.0 + np.exp(-logit)))


@dataclass(frozen=True)
class AlignmentSettings:
    """How units are scored: n-gram range, document-frequency cut, code weight, default threshold."""

    ngram_range: tuple[int, int] = NGRAM_RANGE
    max_df: float = MAX_DF  # drop n-grams found in more than this share of all units (boilerplate)
    code_weight: float = CODE_WEIGHT
    threshold: float = THRESHOLD
    label: str = "built-in defaults"
    boilerplate: tuple[tuple[str, str], ...] = ()  # (name, pattern)
    boilerplate_max_chars: int = BOILERPLATE_MAX_CHARS
    calibration: Calibration | None = None
    min_probability: float = MIN_PROBABILITY

    def boilerplate_of(self, text: str) -> str | None:
        """Return the name of the boilerplate pattern a unit's text is (purpose, effective date …), or None."""
        body = text.strip()
        if len(body) > self.boilerplate_max_chars:
            return None
        return next((name for name, pattern in self.boilerplate if re.search(pattern, body)), None)


def alignment_settings(pack: Pack) -> AlignmentSettings:
    """Return the pack's alignment settings (``frameworks/alignment.yaml``), or the built-in defaults."""
    if not pack.has(ALIGNMENT_FILE):
        return AlignmentSettings()
    return settings_from_data(pack.yaml(ALIGNMENT_FILE), f"{pack.label}:{ALIGNMENT_FILE}")


def settings_from_data(data: Any, label: str) -> AlignmentSettings:
    """Return AlignmentSettings from parsed YAML ``data`` (``label`` names it in errors)."""
    if not isinstance(data, dict):
        raise InputError(f"{label}: expected a mapping at the top")
    ngrams = data.get("ngram_range", list(NGRAM_RANGE))
    if not (isinstance(ngrams, list) and len(ngrams) == 2 and all(isinstance(n, int) and n >= 1 for n in ngrams)
            and ngrams[0] <= ngrams[1]):
        raise InputError(f"{label}: ngram_range must be two whole numbers [low, high] with 1 <= low <= high")
    numbers = {}
    for key, default, low, high in (("max_df", MAX_DF, 0.0, 1.0), ("code_weight", CODE_WEIGHT, 0.0, 100.0),
                                    ("threshold", THRESHOLD, -1.0, 100.0)):
        value = data.get(key, default)
        valid = isinstance(value, int | float) and not isinstance(value, bool)
        if not valid or not (low < value <= high or (key == "code_weight" and value == 0)):
            raise InputError(f"{label}: {key} must be a number in ({low}, {high}], not {value!r}")
        numbers[key] = float(value)
    boilerplate = data.get("boilerplate") or {}
    if not isinstance(boilerplate, dict) or not all(isinstance(value, list) for value in boilerplate.values()):
        raise InputError(f"{label}: boilerplate must map a name (purpose, effective_date …) to a list of patterns")
    patterns = []
    for name, values in boilerplate.items():
        for value in values:
            try:
                re.compile(str(value))
            except re.error as error:
                raise InputError(f"{label}: boilerplate {name}: {value!r} is not a valid pattern ({error})") from error
            patterns.append((str(name), str(value)))
    calibration = None
    if data.get("calibration") is not None:
        fit = data["calibration"]
        keys = ("intercept", "cosine", "codes", "instruments")
        if not isinstance(fit, dict) or not all(isinstance(fit.get(key), int | float) for key in keys):
            raise InputError(f"{label}: calibration needs numbers {', '.join(keys)}")
        calibration = Calibration(float(fit["intercept"]), float(fit["cosine"]), float(fit["codes"]), float(fit["instruments"]),
                                  label=str(fit.get("fitted_on", "")))
    minimum = data.get("min_probability", MIN_PROBABILITY)
    if not isinstance(minimum, int | float) or not 0 < minimum < 1:
        raise InputError(f"{label}: min_probability must be a number between 0 and 1, not {minimum!r}")
    return AlignmentSettings((ngrams[0], ngrams[1]), numbers["max_df"], numbers["code_weight"], numbers["threshold"], label,
                             tuple(patterns), int(data.get("boilerplate_max_chars", BOILERPLATE_MAX_CHARS)), calibration, float(minimum))


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


def score_matrix(units_a: list[Unit], units_b: list[Unit], settings: AlignmentSettings | None = None) -> np.ndarray:
    """Return the cosine similarity of every (A, B) pair over character n-gram TF-IDF vectors."""
    if not units_a or not units_b:
        return np.zeros((len(units_a), len(units_b)))
    chosen = settings or AlignmentSettings()
    texts = [unit.text for unit in units_a] + [unit.text for unit in units_b]
    # On a handful of units a share cut would drop every n-gram: apply it only where it leaves
    # room for n-grams found in at least two units.
    max_df = chosen.max_df if chosen.max_df * len(texts) >= 2 else 1.0
    try:
        matrix = _tfidf(texts, chosen.ngram_range, max_df)
    except ValueError:  # every n-gram cut: score on all of them rather than on none
        matrix = _tfidf(texts, chosen.ngram_range, 1.0)
    return np.asarray(linear_kernel(matrix[: len(units_a)], matrix[len(units_a):]))


def _tfidf(texts: list[str], ngram_range: tuple[int, int], max_df: float) -> Any:
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=ngram_range, sublinear_tf=True, min_df=1, max_df=max_df)
    return vectorizer.fit_transform(texts)


def drop_boilerplate(units: list[Unit], settings: AlignmentSettings) -> tuple[list[Unit], list[tuple[Unit, str]]]:
    """Return the units that are not boilerplate, and those that are with the pattern name."""
    kept, dropped = [], []
    for unit in units:
        name = settings.boilerplate_of(_without_label(unit.text, unit.code))
        if name is None:
            kept.append(unit)
        else:
            dropped.append((unit, name))
    return kept, dropped


def _without_label(text: str, code: str) -> str:
    stripped = text.strip()
    return stripped[len(code):].strip() if code and stripped.startswith(code) else stripped


def align_units(
    units_a: list[Unit], units_b: list[Unit], *, threshold: float, top: int, code_finder: CodeFinder | None = None,
    settings: AlignmentSettings | None = None, instrument_finder: InstrumentFinder | None = None,
) -> pd.DataFrame:
    """Return the alignment table: for each A unit, its best B units scoring at least ``threshold``."""
    chosen = settings or AlignmentSettings()
    cosine = score_matrix(units_a, units_b, chosen)
    method = "lexical"
    codes = np.zeros_like(cosine)
    if code_finder is not None:
        method = "lexical+codes"
        for unit in [*units_a, *units_b]:
            unit.codes = code_finder(unit.text)
        codes = _code_scores(units_a, units_b)
    instruments = np.zeros_like(cosine)  # 1 where both units name the same instrument
    if instrument_finder is not None:
        named_b = [instrument_finder(unit.text) for unit in units_b]
        for i, unit in enumerate(units_a):
            words = instrument_finder(unit.text)
            instruments[i] = [1.0 if words & other else 0.0 for other in named_b]
    score = cosine * (1 + chosen.code_weight * codes)
    probability = chosen.calibration.probability(cosine, codes, instruments) if chosen.calibration else None
    if probability is not None:
        method += "+instruments, calibrated"
    rows = []
    for i, unit in enumerate(units_a):
        order = sorted(range(len(units_b)), key=lambda j: (-round(float(score[i, j]), 12), units_b[j].id))
        for rank, j in enumerate((j for j in order[:top] if score[i, j] >= threshold), start=1):
            row = _row(unit, units_b[j], rank, float(cosine[i, j]), float(codes[i, j]), float(score[i, j]), method)
            row["instruments_shared"] = bool(instruments[i, j])
            row["probability"] = round(float(probability[i, j]), 4) if probability is not None else None
            rows.append(row)
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
