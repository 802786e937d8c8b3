"""Grouped cross-validation: folds keep documents whole, and unscored positives count against F1."""

from __future__ import annotations

from tixi.learn.grouped import best_f1_threshold, document_folds, out_of_fold_logits


def test_folds_hold_each_document_once_and_do_not_depend_on_order() -> None:
    documents = ["d3", "d1", "d2", "d1", "d5", "d4", "d3"]
    folds = document_folds(documents, 3)
    assert sorted(doc for fold in folds for doc in fold) == ["d1", "d2", "d3", "d4", "d5"]
    assert document_folds(list(reversed(documents)), 3) == folds
    assert len(document_folds(["only"], 5)) == 2  # never fewer than two folds


def test_out_of_fold_scores_come_from_models_that_never_saw_the_document() -> None:
    # Each document's rows carry a feature no other document has: a model trained without the document
    # cannot have learned it, so its rows are scored on the shared feature alone, the same for both labels.
    rows = [[f"own{doc}", "shared"] for doc in range(6) for _ in range(2)]
    labels = ["yes" if doc % 2 else "no" for doc in range(6) for _ in range(2)]
    groups = [f"d{doc}" for doc in range(6) for _ in range(2)]
    logits = out_of_fold_logits(rows, labels, groups, ("no", "yes"), folds=3)
    for doc in range(6):
        first, second = logits[2 * doc], logits[2 * doc + 1]
        assert (first == second).all()
    assert len({tuple(logits[2 * doc]) for doc in range(6)}) > 1


def test_threshold_maximises_f1_and_missed_positives_lower_nothing_but_recall() -> None:
    scored = [(True, 0.9), (True, 0.6), (False, 0.5), (False, 0.2)]
    assert best_f1_threshold(scored) == 0.52  # the lowest threshold above the negative at 0.5
    # Positives no candidate reached are false negatives at every threshold, so the choice stays.
    assert best_f1_threshold(scored, missed=3) == 0.52
    assert best_f1_threshold([(False, 0.4)]) == 0.1  # no positive: every threshold ties at F1 0, the lowest wins
