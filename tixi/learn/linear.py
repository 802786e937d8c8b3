"""A linear classifier over hashed string features, shipped as data (the flow and coding models).

A model is a JSON file: the classes, the non-zero rows of a weight matrix over hashed features,
the intercepts, a softmax temperature (calibration), the decision threshold, and provenance (the
sha256 of the labels it learned from, their size, the library versions). Loading it runs no code
from the file: the scorer is rebuilt from the numbers. Training is deterministic: sorted inputs,
a deterministic solver, no clock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from tixi.errors import InputError

HASH_BITS = 18
PRUNE = 0.003
FORMAT = "tixi-linear-model/1"

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def hash_features(rows: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """Return the binary hashed feature matrix of feature-string lists (scikit-learn's murmurhash, seed 0)."""
    from sklearn.feature_extraction import FeatureHasher

    hasher = FeatureHasher(n_features=2**HASH_BITS, input_type="string", alternate_sign=False)
    matrix = hasher.transform(rows).tocsr()
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


@dataclass
class LinearModel:
    """Calibrated class probabilities of feature lists, and a decision threshold chosen on held-out data."""

    classes: tuple[str, ...]
    weights: FloatArray  # (2**HASH_BITS, classes)
    intercept: FloatArray  # (classes,)
    temperature: float = 1.0
    threshold: float = 0.5
    provenance: dict[str, Any] = field(default_factory=dict)

    def logits(self, matrix: sparse.csr_matrix) -> FloatArray:
        """Return the raw class scores of hashed feature rows."""
        scores: FloatArray = np.asarray(matrix @ self.weights) + self.intercept
        return scores

    def probabilities(self, rows: Sequence[Sequence[str]]) -> FloatArray:
        """Return calibrated class probabilities, one row per feature list, columns in ``classes`` order."""
        if not rows:
            return np.zeros((0, len(self.classes)))
        return softmax(self.logits(hash_features(rows)) / self.temperature)

    @property
    def label(self) -> str:
        """Return ``<name>@<first 12 hex of the labels' sha256>``, recorded with every result it decides."""
        name = str(self.provenance.get("name", "model"))
        return f"{name}@{str(self.provenance.get('labels_sha256', 'untrained'))[:12]}"

    def to_json(self) -> dict[str, Any]:
        """Return the model as plain data: non-zero weight rows only."""
        rows = np.flatnonzero(np.abs(self.weights).sum(axis=1) > 0)
        return {
            "format": FORMAT, "classes": list(self.classes), "hash_bits": HASH_BITS,
            "temperature": round(self.temperature, 6), "threshold": round(self.threshold, 6),
            "intercept": [round(float(value), 6) for value in self.intercept],
            "rows": [int(row) for row in rows],
            "weights": [[round(float(value), 4) for value in self.weights[row]] for row in rows],
            "provenance": self.provenance,
        }

    def save(self, path: str | Path) -> Path:
        """Write the model as JSON to ``path`` (same labels and settings give the same bytes)."""
        return write_model_json(path, self.to_json())


def write_model_json(path: str | Path, data: Any) -> Path:
    """Write ``data`` as compact, key-sorted JSON so that a model file's bytes depend on its content only."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    return target


def read_model_json(path: str | Path, retrain: str) -> Any:
    """Parse a model file; raise InputError naming the file and the ``retrain`` command if it cannot be read."""
    source = Path(path)
    try:
        return json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"{source}: cannot read the model ({error}); retrain it with `{retrain}`") from error


def load_model(path: str | Path) -> LinearModel:
    """Read a model written by ``LinearModel.save``; raise InputError naming the file if it is not one."""
    return model_from_json(read_model_json(path, "tixi train flows|codes --labels FILE"), path)


def model_from_json(raw: Any, source: str | Path) -> LinearModel:
    """Return the model of parsed JSON written by ``LinearModel.to_json`` (``source`` names it in errors)."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT or raw.get("hash_bits") != HASH_BITS:
        raise InputError(f"{source}: not a {FORMAT} file with {HASH_BITS}-bit hashing; retrain it with `tixi train flows|codes --labels FILE`")
    classes = tuple(str(name) for name in raw["classes"])
    weights = np.zeros((2**HASH_BITS, len(classes)))
    if raw["rows"]:
        weights[np.asarray(raw["rows"], dtype=np.int64)] = np.asarray(raw["weights"], dtype=np.float64)
    return LinearModel(classes, weights, np.asarray(raw["intercept"], dtype=np.float64), float(raw["temperature"]),
                     float(raw["threshold"]), dict(raw.get("provenance") or {}))


def softmax(scores: FloatArray) -> FloatArray:
    """Return row-wise softmax probabilities."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
    return result


def fit(rows: Sequence[Sequence[str]], labels: Sequence[str], classes: Sequence[str], *, c: float = 1.0) -> LinearModel:
    """Return a model fitted to feature lists and their classes (balanced class weights, L2, lbfgs)."""
    from sklearn.linear_model import LogisticRegression

    present = [name for name in classes if name in set(labels)]
    if len(present) < 2:
        raise InputError(f"the labels hold only the class(es) {present}: a model needs examples of two classes or more to learn from")
    matrix = hash_features(rows)
    # Fit on the hashed columns that occur (a few tens of thousands of 2**18): the same solution, far faster.
    used = np.unique(matrix.indices)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver="lbfgs")
    model.fit(matrix[:, used], list(labels))
    learned = [str(name) for name in model.classes_]
    weights = np.zeros((2**HASH_BITS, len(classes)))
    intercept = np.full(len(classes), -30.0)  # a class never seen in training is never predicted
    coef = model.coef_ if len(learned) > 2 else np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2])
    bias = model.intercept_ if len(learned) > 2 else np.asarray([-model.intercept_[0] / 2, model.intercept_[0] / 2])
    for index, name in enumerate(learned):
        position = list(classes).index(name)
        weights[used, position] = coef[index]
        intercept[position] = bias[index]
    weights[np.abs(weights) < PRUNE] = 0.0  # tiny weights change no decision and would bloat the file
    return LinearModel(tuple(classes), weights, intercept)


def fit_temperature(logits: FloatArray, labels: Sequence[str], classes: Sequence[str]) -> float:
    """Return the softmax temperature that minimises the log loss of out-of-fold scores (a grid search)."""
    index = np.asarray([list(classes).index(name) for name in labels])
    best, best_loss = 1.0, float("inf")
    for temperature in np.round(np.arange(0.25, 5.01, 0.05), 2):
        probabilities = softmax(logits / temperature)
        loss = float(-np.mean(np.log(np.clip(probabilities[np.arange(len(index)), index], 1e-12, None))))
        if loss < best_loss - 1e-12:
            best, best_loss = float(temperature), loss
    return best


def labels_digest(lines: Sequence[str]) -> str:
    """Return the sha256 of label lines in sorted order (the provenance of a model)."""
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()
