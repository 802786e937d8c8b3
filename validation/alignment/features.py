"""What the aligner sees of each indicator–article pair, computed as `tixi compare criteria` computes it.

Shared by calibrate.py (fit the pack's calibration on the tune half) and score.py (measure on the
frozen half). Builds the bundled-corpus project with the two frameworks sample.py drew from.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))

OTHER = {"nankai": "SCSP", "suzhou": "NCCA"}


@dataclass(frozen=True)
class PairFeatures:
    """The aligner's view of one pair: cosine, code Jaccard, shared instrument, score; boilerplate name if dropped."""

    cosine: float
    codes: float
    instruments: float
    score: float
    boilerplate: str | None


@contextmanager
def corpus_project(folder: Path) -> Iterator[Any]:
    """Yield the bundled-corpus project with frameworks ``nankai`` (001) and ``suzhou`` (110) imported."""
    from tests.frameworks.conftest import NANKAI, SUZHOU
    from tixi.demo import build_demo

    project, _ = build_demo(folder)
    project.import_framework(NANKAI, system="NCCA", name="nankai")
    project.import_framework(SUZHOU, system="SCSP", name="suzhou")
    try:
        yield project
    finally:
        project.close()


def features(project: Any, framework: str) -> dict[tuple[str, str], PairFeatures]:
    """Return the features of every (indicator key, article unit id) pair of ``framework`` against the other system."""
    from tixi.compare.criteria import code_finder_for, instrument_finder_for, resolve_side
    from tixi.frameworks.align import align_units, alignment_settings, drop_boilerplate
    from tixi.frameworks.crossref import load_triggers

    settings = alignment_settings(project.pack)
    units_a, units_b = resolve_side(project, framework).units, resolve_side(project, OTHER[framework]).units
    kept, dropped = drop_boilerplate(units_b, settings)
    finder, _ = code_finder_for(project.pack)
    table = align_units(units_a, kept, threshold=float("-inf"), top=len(kept), code_finder=finder, settings=settings,
                        instrument_finder=instrument_finder_for(load_triggers(project.pack)))
    result = {(str(row.a_id), str(row.b_id)): PairFeatures(float(row.cosine), float(row.code_score), float(row.instruments_shared),
                                                          float(row.score), None)
              for row in table.itertuples()}
    for unit in units_a:
        for article, name in dropped:
            result[(unit.id, article.id)] = PairFeatures(0.0, 0.0, 0.0, 0.0, name)
    return result
