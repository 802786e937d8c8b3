"""Researchers retrain on their own labels: `tixi train flows|codes --labels FILE`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import invoke, run
from tixi.project import Project

VALIDATION = Path(__file__).resolve().parents[2] / "validation"


@pytest.fixture(scope="module")
def labels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a label file of five training documents of the validation set (a user's own labels, in form)."""
    rows = [json.loads(line) for line in (VALIDATION / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    chosen = sorted({row["doc"] for row in rows if row["split"] == "train" and row["stratum"] in ("civility", "credit")})[:5]
    target = tmp_path_factory.mktemp("labels") / "my_labels.jsonl"
    target.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows if row["doc"] in chosen), encoding="utf-8")
    return target


def test_train_flows_stores_the_model_and_every_flow_names_it(fresh_corpus_project: Project, labels: Path) -> None:
    folder = str(fresh_corpus_project.root)
    fresh_corpus_project.extract_flows()
    before = set(fresh_corpus_project.flows()["rule"])
    out = run("train", "flows", "--labels", str(labels), "-p", folder, "-f", "json")
    rows = {row["measure"]: row for row in json.loads(out)}
    assert {"flow article precision", "flow article recall", "direction right"} <= set(rows)
    assert all(row["new_cross_validated"].split()[0] != "–" for name, row in rows.items() if name.startswith("flow article"))
    model = fresh_corpus_project.root / "models" / "flows_model.json"
    saved = json.loads(model.read_text(encoding="utf-8"))
    assert saved["provenance"]["documents"] == 5 and saved["provenance"]["labels_file"] == str(labels)
    fresh_corpus_project.extract_flows()  # the new model makes the stored flows stale; reading them again is a command
    after = set(fresh_corpus_project.flows()["rule"])
    assert after == {f"flow-model@{saved['provenance']['labels_sha256'][:12]}"} and after != before


def test_train_codes_stores_the_model_and_the_coder_names_it(fresh_corpus_project: Project, labels: Path) -> None:
    folder = str(fresh_corpus_project.root)
    out = run("train", "codes", "--labels", str(labels), "-p", folder)
    assert "codes per article f1" in out and "Stored coding-model@" in out
    report = fresh_corpus_project.code()
    assert report.coder.startswith("auto:lexicon@0.1.0+coding-model@") and len(report.coded) == 50
    sha = json.loads((fresh_corpus_project.root / "models" / "coding_model.json").read_text(encoding="utf-8"))["provenance"]["labels_sha256"]
    assert report.coder.endswith(sha[:12])


def test_labels_of_one_document_are_refused_with_the_reason(fresh_corpus_project: Project, labels: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    lines = labels.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])["doc"]
    one.write_text("\n".join(line for line in lines if json.loads(line)["doc"] == first) + "\n", encoding="utf-8")
    code, _, error = invoke("train", "flows", "--labels", str(one), "-p", str(fresh_corpus_project.root))
    assert code == 1 and "at least two documents" in error
