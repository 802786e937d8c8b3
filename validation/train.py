"""Train the models the pack ships, on the training documents of the validation labels only.

    python validation/train.py

Writes ``tixi/packs/ncca_scsp/flows_model.json`` and ``coding_model.json``. The frozen documents are
never read here: they score the shipped models in ``bench/validity.py --frozen`` and the tests.
The models' provenance holds the sha256 of the training label lines, so the same labels give the
same bytes.
"""

from __future__ import annotations

from pathlib import Path

from tixi.coding.lexicon import lexicon_for
from tixi.coding.polarity import load_rules
from tixi.coding.train import train_coding_model
from tixi.flows.extract import load_reader
from tixi.flows.train import train_model
from tixi.learn.linear import labels_digest
from tixi.packs import load_pack
from tixi.validation.labels import load_labels

HERE = Path(__file__).parent
LABELS = HERE / "labels.jsonl"


def main() -> None:
    pack = load_pack("ncca_scsp")
    lines = [line for line in LABELS.read_text(encoding="utf-8").splitlines() if '"split": "train"' in line]
    digest = labels_digest(lines)
    articles = [article for article in load_labels(LABELS) if article.split == "train"]
    assert len(articles) == len(lines), "every training article has one line"
    flows = train_model(articles, load_reader(pack), labels_sha256=digest)
    flows.save(pack.path / pack.named("flows_model", "flows_model.json"))
    codes = train_coding_model(articles, lexicon_for(pack), load_rules(pack), labels_sha256=digest)
    codes.save(pack.path / pack.named("coding_model", "coding_model.json"))
    print(f"trained on {len({a.doc for a in articles})} documents, {len(articles)} articles (labels sha256 {digest[:12]}); "
          f"flow threshold {flows.threshold}, coding threshold {codes.presence.threshold}")


if __name__ == "__main__":
    main()
