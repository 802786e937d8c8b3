"""Article-level precision and recall of flow extraction against hand-labelled articles (issue 5)."""

from __future__ import annotations

from pathlib import Path

import yaml

from tixi.project import Project

LABELS = Path(__file__).parent / "data" / "labels.yaml"


def _doc_ids_by_file(project: Project) -> dict[str, str]:
    documents = project.documents()
    return {Path(str(source)).name: doc_id for doc_id, source in zip(documents["id"], documents["source"], strict=True)}


def test_labels_cover_every_article_of_eight_documents(flows_project: Project) -> None:
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    ids = _doc_ids_by_file(flows_project)
    assert len(labels["documents"]) >= 8
    for document in labels["documents"]:
        doc_id = ids[Path(document["file"]).name]
        articles = flows_project.segments(kind="article", doc_id=doc_id)
        assert len(articles) == document["articles"], document["file"]
        assert set(document["flows"] or {}) <= set(articles["label"]), document["file"]
        for flows in (document["flows"] or {}).values():
            assert all({"source", "target", "modality"} <= set(flow) for flow in flows)


def test_article_level_precision_and_recall(flows_project: Project) -> None:
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    ids = _doc_ids_by_file(flows_project)
    flows = flows_project.flows()
    found = set(zip(flows["doc_id"], flows["unit"], strict=True))
    true_pos = false_pos = false_neg = modality_agree = 0
    for document in labels["documents"]:
        doc_id = ids[Path(document["file"]).name]
        gold = document["flows"] or {}
        for label in flows_project.segments(kind="article", doc_id=doc_id)["label"]:
            predicted, labelled = (doc_id, label) in found, label in gold
            true_pos += predicted and labelled
            false_pos += predicted and not labelled
            false_neg += labelled and not predicted
            if predicted and labelled:
                got = set(flows[(flows["doc_id"] == doc_id) & (flows["unit"] == label)]["modality"])
                modality_agree += bool(got & {flow["modality"] for flow in gold[label]})
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(f"\nflow articles: precision {precision:.3f} recall {recall:.3f} (tp {true_pos}, fp {false_pos}, fn {false_neg}); "
          f"a labelled modality among those found in {modality_agree}/{true_pos} true positives")
    assert precision >= 0.95
    assert recall >= 0.95
