"""Train the coding model on labelled articles, and code labelled articles for validation.

Each labelled article is coded by the codebook's terms and proximity patterns exactly as ``tixi
code`` codes a document; a mention is a positive example of its code when the article's labels
hold that code. Polarity examples are the mentions of promoted behaviours whose article labels the
code promoted or regulated. Thresholds and temperatures come from out-of-fold predictions of a
document-grouped cross-validation.
"""

from __future__ import annotations

import platform
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tixi.coding.autocode import PROJECT_MODEL, AutoCoding, code_text
from tixi.coding.learned import POLARITY_CLASSES, PRESENCE_CLASSES, CodingModel, hit_features, title_grams
from tixi.coding.lexicon import CodeHit, Lexicon
from tixi.coding.polarity import PolarityRules
from tixi.errors import InputError
from tixi.learn.grouped import C_DEFAULT, FOLDS, INNER_FOLDS, best_f1_threshold, calibrated_fit, document_folds
from tixi.learn.linear import FloatArray, labels_digest
from tixi.validation.change import TrainReport
from tixi.validation.codes import article_polarity, code_scores
from tixi.validation.labels import Article, label_lines, load_labels
from tixi.validation.metrics import Figure

DOCUMENT_KIND = "regulation"  # labelled articles are statutes: interview-only codes take no part


@dataclass(frozen=True)
class Mention:
    """A term hit in a labelled article, its features and its presence and polarity labels."""

    article: Article
    coding: AutoCoding
    features: list[str]
    present: str  # "yes" or "no"
    polarity: str | None  # "promoted" or "regulated" for promoted behaviours the labels hold, else None


def mentions_of(articles: Sequence[Article], lexicon: Lexicon, rules: PolarityRules | None) -> list[Mention]:
    """Return the term hits of labelled articles with their labels, in article order."""
    categories = {code.id: code.category for code in lexicon.codebook.codes}
    varying = rules.varying if rules is not None else frozenset()
    found = []
    for article in articles:
        gold = dict(article.codes)
        grams = title_grams(article.title)
        for coding in code_text(article.text, lexicon, rules, DOCUMENT_KIND):
            features = hit_features(article.text, CodeHit(coding.start, coding.end, coding.code_id, coding.term), coding.polarity, grams)
            polarity = gold.get(coding.code_id) if categories[coding.code_id] in varying else None
            found.append(Mention(article, coding, features, "yes" if coding.code_id in gold else "no",
                                 polarity if polarity in POLARITY_CLASSES else None))
    return found


def _article_threshold(mentions: Sequence[Mention], probabilities: FloatArray) -> float:
    """Return the presence threshold that maximises article-level F1 of codes on out-of-fold probabilities."""
    best_score: dict[tuple[str, str], tuple[bool, float]] = {}
    for mention, row in zip(mentions, probabilities, strict=True):
        key = (mention.article.key, mention.coding.code_id)
        score = max(best_score.get(key, (False, 0.0))[1], float(row[1]))
        best_score[key] = (mention.present == "yes", score)
    missed = sum(1 for article in {m.article.key: m.article for m in mentions}.values()
                 for code, _ in article.codes if (article.key, code) not in best_score)
    return best_f1_threshold(best_score.values(), missed)


def train_coding_model(articles: Sequence[Article], lexicon: Lexicon, rules: PolarityRules | None, *, c: float = C_DEFAULT,
                       folds: int = FOLDS, labels_sha256: str = "") -> CodingModel:
    """Return a coding model trained on ``articles`` (thresholds from document-grouped cross-validation)."""
    import sklearn

    mentions = mentions_of(articles, lexicon, rules)
    rows = [mention.features for mention in mentions]
    groups = [mention.article.doc for mention in mentions]
    presence, probabilities = calibrated_fit(rows, [m.present for m in mentions], groups, PRESENCE_CLASSES, c=c, folds=folds)
    presence.threshold = _article_threshold(mentions, probabilities)
    presence.provenance = {"name": "coding-presence", "labels_sha256": labels_sha256}
    polar = [m for m in mentions if m.polarity is not None]
    polarity = None
    if len({m.polarity for m in polar}) == 2:
        polarity, _ = calibrated_fit([m.features for m in polar], [str(m.polarity) for m in polar], [m.article.doc for m in polar],
                                     POLARITY_CLASSES, c=c, folds=folds)
        polarity.threshold = 0.5
        polarity.provenance = {"name": "coding-polarity", "labels_sha256": labels_sha256}
    provenance = {
        "name": "coding-model", "labels_sha256": labels_sha256, "documents": len({a.doc for a in articles}), "articles": len(articles),
        "mentions": len(mentions), "polarity_examples": len(polar), "c": c, "folds": folds,
        "features": "code, term, polarity cue, characters (1-2) within 20 characters of the mention in its sentence",
        "codebook": lexicon.codebook.fingerprint[:12], "scikit_learn": sklearn.__version__, "python": platform.python_version(),
    }
    return CodingModel(presence, polarity, provenance)


def code_articles(articles: Sequence[Article], lexicon: Lexicon, rules: PolarityRules | None,
                  model: CodingModel | None) -> dict[str, dict[str, str | None]]:
    """Return {article key: {code: polarity}} as ``tixi code`` would code each labelled article."""
    result: dict[str, dict[str, str | None]] = {}
    for article in articles:
        by_code: dict[str, list[str | None]] = {}
        for coding in code_text(article.text, lexicon, rules, DOCUMENT_KIND, model, article.title):
            by_code.setdefault(coding.code_id, []).append(coding.polarity)
        result[article.key] = {code: article_polarity(code, polarities) for code, polarities in by_code.items()}
    return result


def cross_validate_codes(articles: Sequence[Article], lexicon: Lexicon, rules: PolarityRules | None, *, c: float = C_DEFAULT,
                         folds: int = FOLDS) -> dict[str, dict[str, str | None]]:
    """Return each article's codes from a coding model trained (and thresholded) without its document."""
    result: dict[str, dict[str, str | None]] = {}
    for held in document_folds((a.doc for a in articles), folds):
        train = [a for a in articles if a.doc not in held]
        test = [a for a in articles if a.doc in held]
        model = train_coding_model(train, lexicon, rules, c=c, folds=INNER_FOLDS)
        result.update(code_articles(test, lexicon, rules, model))
    return result




def code_measures(articles: Sequence[Article], predicted: dict[str, dict[str, str | None]]) -> dict[str, Figure]:
    """Return the coding measures a retraining reports, by name."""
    scores = code_scores(articles, predicted)
    measures = {f"codes per article {name}": figure for name, figure in scores.article.items()}
    measures["codes per document f1"] = scores.document["f1"]
    measures["polarity right"] = scores.polarity
    return measures


def train_for_project(root: Path, lexicon: Lexicon, rules: PolarityRules | None, model: CodingModel | None, labels: Path) -> TrainReport:
    """Train a coding model on a user's label file, store it as ``root/models/coding_model.json``, and report the change."""
    articles = load_labels(labels)
    if len({article.doc for article in articles}) < 2:
        raise InputError(f"{labels}: labels of at least two documents are needed (the model is validated by document)")
    digest = labels_digest(label_lines(labels))
    before = code_measures(articles, code_articles(articles, lexicon, rules, model))
    after = code_measures(articles, cross_validate_codes(articles, lexicon, rules))
    trained = train_coding_model(articles, lexicon, rules, labels_sha256=digest)
    trained.provenance["labels_file"] = str(labels)
    path = trained.save(root / PROJECT_MODEL)
    return TrainReport("codes", path, trained.label, digest, len({a.doc for a in articles}), len(articles),
                       model.label if model else "terms only", before, after)
