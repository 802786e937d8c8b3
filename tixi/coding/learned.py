"""The coding model: a learned second opinion on each term hit, and on the polarity of promoted behaviours.

The codebook's terms and proximity patterns find candidate mentions with high recall; the model reads
the words around each mention (within its sentence) and gives the probability that the mention
codes its code in the sense of docs/labelling.md. A second model tells a promoted behaviour
*promoted* from a neutral, *regulated* mention. Both are linear models over hashed features
(``tixi.learn.linear``), shipped in the pack as one JSON file with their provenance, and trained by
``tixi train codes`` (``tixi.coding.train``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tixi.coding.lexicon import SENTENCE_ENDS, CodeHit
from tixi.errors import InputError
from tixi.learn.linear import LinearModel, model_from_json, read_model_json, write_model_json

WINDOW = 20
PRESENCE_CLASSES = ("no", "yes")
POLARITY_CLASSES = ("promoted", "regulated")
FORMAT = "tixi-coding-model/1"


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """Return up to ``WINDOW`` characters before and after ``text[start:end]``, within its sentence."""
    left = text[max(0, start - WINDOW):start]
    cut = max(left.rfind(mark) for mark in SENTENCE_ENDS)
    right = text[end:end + WINDOW]
    stops = [at for mark in SENTENCE_ENDS if (at := right.find(mark)) >= 0]
    return left[cut + 1:], right[:min(stops)] if stops else right


def title_grams(title: str) -> list[str]:
    """Return the character bigrams of a document title (what the document is about)."""
    compact = "".join(title.split())
    return sorted({compact[index:index + 2] for index in range(len(compact) - 1)})


def hit_features(text: str, hit: CodeHit, cue: str | None, title: Sequence[str] = ()) -> list[str]:
    """Return the features of one term hit: its code, its term, the polarity cue, its context's characters,
    and, crossed with its code, the bigrams of its document's title (``title_grams``)."""
    left, right = context(text, hit.start, hit.end)
    code = hit.code_id
    features = [f"k:{code}", f"t:{hit.term}", f"p:{cue or '-'}", f"{code}|p:{cue or '-'}"]
    for side, words in (("L", left), ("R", right)):
        compact = "".join(words.split())
        for size in (1, 2):
            for index in range(len(compact) - size + 1):
                gram = compact[index:index + size]
                features.append(f"{side}:{gram}")
                features.append(f"{code}|{side}:{gram}")
    features.extend(f"{code}|T:{gram}" for gram in title)
    return features


@dataclass
class CodingModel:
    """The presence model (is this mention a coding?) and the polarity model of promoted behaviours."""

    presence: LinearModel
    polarity: LinearModel | None
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Return ``coding-model@<first 12 hex of the labels' sha256>``."""
        return f"coding-model@{str(self.provenance.get('labels_sha256', 'untrained'))[:12]}"

    def save(self, path: str | Path) -> Path:
        """Write both models and the provenance as one JSON file (same labels, same bytes)."""
        return write_model_json(path, {"format": FORMAT, "presence": self.presence.to_json(),
                                       "polarity": self.polarity.to_json() if self.polarity else None,
                                       "provenance": self.provenance})


def load_coding_model(path: str | Path) -> CodingModel:
    """Read a coding model written by ``CodingModel.save``; raise InputError naming the file if it is not one."""
    source = Path(path)
    raw = read_model_json(source, "tixi train codes --labels FILE")
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputError(f"{source}: not a {FORMAT} file; retrain it with `tixi train codes --labels FILE`")
    polarity = model_from_json(raw["polarity"], source) if raw.get("polarity") else None
    return CodingModel(model_from_json(raw["presence"], source), polarity, dict(raw.get("provenance") or {}))
