"""What retraining changed: the figures of the model in use and of the new one, on the same labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tixi.validation.metrics import Figure


@dataclass
class TrainReport:
    """A model trained on a user's labels: where it went, what it learned from, and the validation change.

    ``before`` scores the model that was in use on the labels (they are new to it); ``after`` is the
    new model's document-grouped cross-validation on the same labels (no document scores a model
    that saw it). Both are keyed by measure name.
    """

    kind: str  # "flows" or "codes"
    path: Path
    model_label: str
    labels_sha256: str
    documents: int
    articles: int
    before_label: str
    before: dict[str, Figure] = field(default_factory=dict)
    after: dict[str, Figure] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        """Return one row per measure: the model in use, the new model (cross-validated), and the change."""
        rows = []
        for measure, after in self.after.items():
            before = self.before.get(measure)
            rows.append({
                "measure": measure,
                "in_use": before.text() if before else "–",
                "new_cross_validated": after.text(),
                "change": round(after.value - before.value, 3) if before and before.denominator and after.denominator else None,
            })
        return pd.DataFrame.from_records(rows, columns=["measure", "in_use", "new_cross_validated", "change"])
