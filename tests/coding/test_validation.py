"""Hand-labelled validation: per-document presence precision and recall per code family >= 0.95."""

from __future__ import annotations

from pathlib import Path

from tixi.coding.validate import load_labels, predicted_labels, presence_scores, scores_frame
from tixi.project import Project

LABELS = Path(__file__).parent / "data" / "labels.yaml"
FAMILIES = ["mechanism", "prohibited", "promoted", "virtue"]


def predictions(project: Project) -> dict[str, dict[str, set[str]]]:
    project.code()
    files = {row.id: Path(str(row.source)).name for row in project.documents().itertuples()}
    return predicted_labels(project.evidence(coder="auto:"), files)


def test_labels_cover_five_documents_of_different_kinds() -> None:
    labels = load_labels(LABELS)
    assert len(labels) == 5
    assert sum(len(articles) for articles in labels.values()) > 150


def test_presence_precision_and_recall_per_family(fresh_corpus_project: Project) -> None:
    labels = load_labels(LABELS)
    predicted = predictions(fresh_corpus_project)
    documents = scores_frame(presence_scores(labels, predicted, families=FAMILIES))
    articles = scores_frame(presence_scores(labels, predicted, level="article", families=FAMILIES))
    print("\nper-document presence:\n" + documents.to_string(index=False))
    print("per-article presence (reported, not asserted):\n" + articles.to_string(index=False))
    assert list(documents["family"]) == [*FAMILIES, "all"]
    assert (documents["precision"] >= 0.95).all() and (documents["recall"] >= 0.95).all()
    assert (articles["precision"] >= 0.95).all()
