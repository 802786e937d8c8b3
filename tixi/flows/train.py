"""Train the flow model on labelled articles, and predict labelled articles for validation.

Each labelled article is cut into candidate sentences exactly as ``tixi flows`` cuts a document; a
candidate takes the type of the labelled flows whose quote it overlaps (A before B before W before C),
else "none". The temperature (calibration) and the decision threshold are chosen on out-of-fold
predictions of a document-grouped cross-validation, so no document scores a model that saw it.
"""

from __future__ import annotations

import platform
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tixi.errors import InputError
from tixi.flows.candidates import Candidate, UnitSpan, candidates_of
from tixi.flows.extract import CLASSES, FLOW_CLASSES, FlowReader, decide_all
from tixi.flows.model import Flow
from tixi.learn.grouped import C_DEFAULT, FOLDS, INNER_FOLDS, best_f1_threshold, calibrated_fit, document_folds
from tixi.learn.linear import FloatArray, LinearModel, labels_digest
from tixi.model import DATA_FLOW_TYPES
from tixi.validation.change import TrainReport
from tixi.validation.flows import flow_scores
from tixi.validation.labels import Article, label_lines, load_labels
from tixi.validation.metrics import Figure

PROJECT_MODEL = Path("models") / "flows_model.json"




@dataclass(frozen=True)
class Example:
    """A candidate sentence of a labelled article, its features and its class."""

    article: Article
    candidate: Candidate
    features: list[str]
    label: str


def article_candidates(article: Article, reader: FlowReader) -> list[Candidate]:
    """Return the candidate sentences of a labelled article (offsets within its text)."""
    return candidates_of(article.text, [UnitSpan(article.article, 0, len(article.text))], reader.cues)


def candidate_class(article: Article, candidate: Candidate) -> str:
    """Return the class of a candidate: "flow" when it overlaps a labelled data flow, "C" a linkage, else "none"."""
    found = {flow.type for flow in article.flows if flow.start >= 0 and flow.start < candidate.end and candidate.start < flow.end}
    if found & DATA_FLOW_TYPES:
        return "flow"
    return "C" if "C" in found else "none"


def examples_of(articles: Sequence[Article], reader: FlowReader) -> list[Example]:
    """Return the training examples of labelled articles, in article order."""
    examples = []
    for article in articles:
        kind = reader.kinds.of(article.title)
        for candidate in article_candidates(article, reader):
            examples.append(Example(article, candidate, reader.featurizer.features(candidate, kind), candidate_class(article, candidate)))
    return examples


def best_threshold(examples: Sequence[Example], probabilities: FloatArray) -> float:
    """Return the flow threshold that maximises article-level F1 of flow articles on out-of-fold probabilities."""
    flow_columns = [CLASSES.index(kind) for kind in FLOW_CLASSES]
    by_article: dict[str, tuple[bool, float]] = {}
    for example, row in zip(examples, probabilities, strict=True):
        gold = bool(example.article.flow_types & DATA_FLOW_TYPES)
        score = float(row[flow_columns].sum())
        previous = by_article.get(example.article.key, (gold, 0.0))
        by_article[example.article.key] = (gold, max(previous[1], score))
    return best_f1_threshold(by_article.values())


def train_model(articles: Sequence[Article], reader: FlowReader, *, c: float = C_DEFAULT, folds: int = FOLDS,
                labels_sha256: str = "") -> LinearModel:
    """Return a flow model trained on ``articles``, calibrated and thresholded by grouped cross-validation."""
    import sklearn

    examples = examples_of(articles, reader)
    labels = [example.label for example in examples]
    model, probabilities = calibrated_fit([example.features for example in examples], labels,
                                          [example.article.doc for example in examples], CLASSES, c=c, folds=folds)
    model.threshold = best_threshold(examples, probabilities)
    model.provenance = {
        "name": "flow-model", "labels_sha256": labels_sha256, "documents": len({article.doc for article in articles}), "articles": len(articles),
        "candidates": len(examples), "classes": {name: labels.count(name) for name in CLASSES},
        "c": c, "folds": folds, "features": "char 1-3-grams, lead-in bigrams, pack patterns (tixi.flows.features)",
        "gazetteer": reader.gaz.label, "scikit_learn": sklearn.__version__, "python": platform.python_version(),
    }
    return model


def predict_articles(articles: Sequence[Article], reader: FlowReader) -> dict[str, list[Flow]]:
    """Return the flows (type C included) the reader finds in each labelled article, by article key."""
    found: dict[str, list[Flow]] = {}
    for article in articles:
        candidates = article_candidates(article, reader)
        found[article.key] = decide_all(article.doc, candidates, reader.probabilities(candidates, article.title), reader, None,
                                        reader.kinds.of(article.title))
    return found


def cross_validate(articles: Sequence[Article], reader: FlowReader, *, c: float = C_DEFAULT, folds: int = FOLDS) -> dict[str, list[Flow]]:
    """Return each article's flows predicted by a model trained (and calibrated) without its document."""
    predictions: dict[str, list[Flow]] = {}
    for held in document_folds((article.doc for article in articles), folds):
        train = [article for article in articles if article.doc not in held]
        test = [article for article in articles if article.doc in held]
        try:
            model = train_model(train, reader, c=c, folds=INNER_FOLDS)
        except InputError:
            # The other folds hold one class only (tiny label sets): the held-out articles stay unpredicted,
            # so their labelled flows count as missed, not as found.
            predictions.update({article.key: [] for article in test})
            continue
        predictions.update(predict_articles(test, replace(reader, model=model)))
    return predictions


def flow_measures(articles: Sequence[Article], flows: dict[str, list[Flow]]) -> dict[str, Figure]:
    """Return the flow measures a retraining reports, by name."""
    scores = flow_scores(articles, flows)
    measures = {f"flow article {name}": figure for name, figure in scores.article.items()}
    measures.update({f"type A or B article {name}": figure for name, figure in scores.article_ab.items() if name != "f1"})
    measures["direction right"] = scores.direction
    return measures


def train_for_project(root: Path, reader: FlowReader, labels: Path) -> TrainReport:
    """Train a flow model on a user's label file, store it as ``root/models/flows_model.json``, and report the change."""
    articles = load_labels(labels)
    if len({article.doc for article in articles}) < 2:
        raise InputError(f"{labels}: labels of at least two documents are needed (the model is validated by document)")
    digest = labels_digest(label_lines(labels))
    before_label = reader.model.label if reader.model else "no model"
    before = flow_measures(articles, predict_articles(articles, reader)) if reader.model else {}
    bare = replace(reader, model=None)
    after = flow_measures(articles, cross_validate(articles, bare))
    model = train_model(articles, bare, labels_sha256=digest)
    model.provenance["labels_file"] = str(labels)
    path = model.save(root / PROJECT_MODEL)
    return TrainReport("flows", path, model.label, digest, len({a.doc for a in articles}), len(articles), before_label, before, after)
