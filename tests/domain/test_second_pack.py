"""A second pack, with systems of its own (river chiefs against environmental credit), runs end to end:
add → code → label and train the flow model → flows → compare → report. Nothing in core code names
the reference pack's systems or sides, so none of them appears here."""

from __future__ import annotations

import json
from pathlib import Path

from tixi.flows.extract import units_of
from tixi.project import Project
from tixi.text.normalize import normalize

PACK = Path(__file__).resolve().parents[1] / "packs" / "river_credit"
CORPUS = PACK / "corpus"
# Labelled flows of the synthetic documents (docs/labelling.md): (file, article) -> [(type, direction, quote)].
FLOWS = {
    ("river_a.txt", "第三条"): [("W", "within water", "各级河长应当将巡河记录录入河长制信息系统")],
    ("river_a.txt", "第四条"): [("A", "water → ecocredit", "生态环境部门应当将查实的偷排、违法排污信息推送至环境信用信息平台")],
    ("river_b.txt", "第三条"): [("A", "water → ecocredit", "并将处罚信息纳入环境信用记录")],
    ("river_b.txt", "第四条"): [("W", "within water", "河长办应当将各级河长巡河情况纳入河湖管理信息系统")],
    ("eco_c.txt", "第三条"): [("A", "water → ecocredit", "生态环境主管部门应当归集企业违法排污信息，录入环境信用信息系统")],
    ("eco_c.txt", "第四条"): [("B", "ecocredit → water", "评选优秀河长时，应当查询并使用相关企业和个人的环境信用信息")],
}


def write_labels(target: Path) -> Path:
    """Write every article of the three documents as a label row (the format of docs/labelling.md)."""
    rows = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8")).text
        title = text.splitlines()[0]
        for unit in units_of(text):
            flows = [{"type": kind, "direction": direction, "modality": "record", "source": "(not named)", "target": "(not named)",
                      "data": "(implicit)", "quote": quote} for kind, direction, quote in FLOWS.get((path.name, unit.label), [])]
            rows.append({"doc": path.stem, "article": unit.label, "title": title, "text": text[unit.start:unit.end], "flows": flows, "codes": []})
    target.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return target


def test_a_pack_with_other_systems_runs_end_to_end(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "river", pack=str(PACK))
    report = project.add([CORPUS], manifest=CORPUS / "manifest.csv")
    assert len(report.added) == 3 and not report.warnings
    assert set(project.documents()["system"]) == {"RIVER", "ECO"}
    import pytest

    from tixi.errors import InputError

    with pytest.raises(InputError, match="system 'NCCA' is not one of RIVER, ECO, other"):
        project.add([CORPUS], manifest=CORPUS / "manifest.csv", system="NCCA")  # the reference pack's systems mean nothing here
    project.close()


def test_the_second_pack_codes_learns_flows_compares_and_reports(tmp_path: Path) -> None:
    import pytest

    from tixi.errors import InputError

    project = Project.init(tmp_path / "river", pack=str(PACK))
    project.add([CORPUS], manifest=CORPUS / "manifest.csv")
    coded = project.code()
    assert len(coded.coded) == 3 and coded.coder == "auto:lexicon@0.1.0"  # no coding model in this pack: terms decide
    codes = set(project.auto_codings()["code_id"])
    assert {"promoted.river_patrol", "prohibited.illegal_discharge", "mechanism.eco_credit_record"} <= codes
    project.extract_flows()
    assert project.flows().empty  # no flow model yet: candidates are read, none decided
    trained = project.train_flows(write_labels(tmp_path / "labels.jsonl"))
    assert trained.documents == 3 and trained.path.exists()
    with pytest.raises(InputError, match="run `tixi flows`"):
        project.flows()  # the new model makes the stored flows stale: a read says so, it does not extract
    project.extract_flows()
    flows = project.flows()
    assert "water → ecocredit" in set(flows["direction"])
    assert set(flows["direction"]) <= {"water → ecocredit", "ecocredit → water", "within water", "within ecocredit"}
    conflation = project.tension("conflation")
    assert {"water_to_ecocredit", "ecocredit_to_water"} <= set(conflation.columns)
    assert set(conflation["side"]) <= {"water", "ecocredit", "neutral"}
    virtues = project.compare_virtues("RIVER", "ECO")
    assert set(virtues.prevalence["group"]) == {"RIVER", "ECO"}
    written = project.report(tmp_path / "report")
    html = next(path for path in written if path.name == "report.html").read_text(encoding="utf-8")
    assert "河长制" in html and "NCCA" not in html and "SCSP" not in html
    assert 'id="sec-flows" data-status="ok"' in html and 'id="sec-virtues" data-status="ok"' in html
    project.close()
