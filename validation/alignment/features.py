"""What the aligner sees of each indicator–article pair, computed as `tixi compare criteria` computes it.

Shared by calibrate.py (fit the pack's calibration on the tune half) and score.py (measure on the
frozen half). Builds the bundled-corpus project with the two frameworks sample.py drew from, and
reads the labels both scripts take: the sampling design, a labels file, the provisional labels.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))

OTHER = {"nankai": "SCSP", "suzhou": "NCCA"}
PROVISIONAL = HERE.parents[1] / "tests" / "frameworks" / "data" / "alignment_labels.yaml"


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


def read_design() -> dict[str, dict[str, Any]]:
    """Return the sampling design (design.jsonl) by pair id: split, indicator, inclusion weight."""
    return {row["pair_id"]: row for row in map(json.loads, (HERE / "design.jsonl").read_text(encoding="utf-8").splitlines())}


def read_labels(path: Path) -> dict[str, str]:
    """Return the label of each pair id in a labels file ("1", "0", or what the annotator left)."""
    with path.open(encoding="utf-8") as handle:
        return {row["pair_id"]: row["relevant"].strip() for row in csv.DictReader(handle)}


def labelled_pairs(project: Any, labels_file: Path, split: str) -> tuple[list[tuple[dict[str, Any], int, PairFeatures]], int]:
    """Return (design row, label, features) of the pairs of ``split`` labelled 1 or 0 in ``labels_file``, in the design's order.

    Also returns how many pairs of ``split`` have no such label (calibrate.py fits the tune
    half, score.py measures the frozen half: both read the labels the same way).
    """
    labels = read_labels(labels_file)
    seen = {name: features(project, name) for name in OTHER}
    rows, missing = [], 0
    for pair_id, facts in read_design().items():
        if facts["split"] != split:
            continue
        value = labels.get(pair_id, "")
        if value not in ("0", "1"):
            missing += 1
            continue
        rows.append((facts, int(value), pair_features(seen, pair_id)))
    return rows, missing


def pair_features(seen: dict[str, dict[tuple[str, str], PairFeatures]], pair_id: str) -> PairFeatures:
    """Return the features of pair ``framework:indicator key|article id`` among ``seen`` (features per framework)."""
    framework, rest = pair_id.split(":", 1)
    key, article = rest.split("|", 1)
    return seen[framework][(key, article)]


def provisional_pairs(project: Any, split: str) -> list[tuple[str, int, PairFeatures]]:
    """Return (indicator code, related, features) of the nankai pairs whose indicator the provisional labels put in ``split``.

    The provisional labels (tixi authors', issue 3) name the related articles as "NNN 第X条" (corpus
    number and article code) or "NNN @offset" for a stretch outside the articles.
    """
    import yaml

    from tixi.compare.criteria import resolve_side

    data = yaml.safe_load(PROVISIONAL.read_text(encoding="utf-8"))
    labels = {code: set(entry["relevant"]) for code, entry in data["indicators"].items() if entry["split"] == split}
    documents = project.documents()
    numbers = {doc_id: Path(str(source)).name[:3] for doc_id, source in zip(documents["id"], documents["source"], strict=True)}
    side_a, side_b = resolve_side(project, "nankai"), resolve_side(project, "SCSP")
    keys = {unit.id: (f"{numbers[unit.doc_id or '']} {unit.code}" if unit.code else f"{numbers[unit.doc_id or '']} @{unit.start}")
            for unit in side_b.units}
    code_of = {unit.id: unit.code for unit in side_a.units}
    return [(code_of[key], int(keys[article] in labels[code_of[key]]), found)
            for (key, article), found in features(project, "nankai").items() if code_of.get(key) in labels]
