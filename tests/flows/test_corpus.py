"""Flows, graph and tension on the bundled corpus: the acceptance checks of issue 5."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import project_copy
from tixi.cli import app
from tixi.errors import InputError
from tixi.flows.graph import graph_from_json
from tixi.project import DATABASE_FILE, Project


def _rows(frame: pd.DataFrame, title: str, unit: str) -> pd.DataFrame:
    return frame[(frame["title"] == title) & (frame["unit"] == unit)]


def test_civility_regulations_route_enforcement_records_to_the_credit_platform(flows_project: Project) -> None:
    flows = flows_project.flows()
    beijing = _rows(flows, "北京市文明行为促进条例", "第三十三条")
    collect = beijing[beijing["modality"] == "collect"].iloc[0]
    assert collect["quote"] == "并按照有关规定向本市公共信用信息平台归集执法信息"
    assert (collect["source"], collect["target"], collect["direction"]) == ("行政执法部门", "公共信用信息平台", "civility → credit")
    assert collect["by_reference"]
    jinan = _rows(flows, "济南市文明行为促进条例", "第三十三条")
    assert set(jinan["target"]) == {"公共信用信息平台"} and set(jinan["direction"]) == {"civility → credit"}


def test_credit_regulations_use_civilization_honours(flows_project: Project) -> None:
    flows = flows_project.flows(system="SCSP")
    assert set(flows["system"]) == {"SCSP"} and "C" not in set(flows["type"])
    henan = _rows(flows, "河南省社会信用条例", "第六十二条")  # 「在精神文明创建、评优评先、道德模范评选…中使用社会信用信息」
    assert set(henan["type"]) == {"B"} and set(henan["direction"]) == {"credit → civility"} and set(henan["modality"]) == {"check"}
    item = _rows(flows, "河南省社会信用条例", "第十二条")  # （四）受到表彰奖励以及参加社会公益、志愿服务等信息
    assert "civility → credit" in set(item["direction"]) and any("志愿服务" in quote for quote in item["quote"])
    restriction = _rows(flows, "上海市社会信用条例", "第三十一条")
    assert "credit → civility" in set(restriction["direction"])


def test_linkage_without_data_is_type_c_and_left_out_of_the_flows(flows_project: Project) -> None:
    everything = flows_project.flows(linkage=True)
    for title, unit in (("上海市社会信用条例", "第四十八条"), ("山东省社会信用条例", "第五十三条")):
        rows = _rows(everything, title, unit)
        assert set(rows["type"]) == {"C"} and set(rows["direction"]) == {"linkage"} and "道德模范" in rows["quote"].iloc[0]
        assert _rows(flows_project.flows(), title, unit).empty


def test_the_named_civility_to_credit_statements_are_found(flows_project: Project) -> None:
    flows = flows_project.flows()
    henan = _rows(flows, "河南省文明行为促进条例", "第五十一条").iloc[0]
    assert (henan["type"], henan["direction"], henan["target_text"]) == ("A", "civility → credit", "社会信用信息")
    assert "行政处罚" in henan["data_text"]
    hebi = _rows(flows, "鹤壁市文明行为促进条例", "第三十二条").iloc[0]
    assert (hebi["type"], hebi["target_text"]) == ("A", "社会信用信息系统")


def test_flows_are_extracted_once_per_text_and_extractor(flows_project: Project) -> None:
    from tixi.flows.store import behaviour_finder, update_flows

    flows_project.flows()
    reader, finder = flows_project._flow_reader(), behaviour_finder(flows_project.pack)
    assert update_flows(flows_project.db, reader, finder) == 0
    flows_project.db.execute("UPDATE flow_runs SET text_hash = 'stale' WHERE doc_id = (SELECT MIN(doc_id) FROM flow_runs)")
    assert update_flows(flows_project.db, reader, finder) == 1


def test_graphml_and_json_reopen_with_the_same_nodes_and_edges(flows_project: Project, tmp_path: Path) -> None:
    graph = flows_project.flow_graph()
    assert graph.number_of_edges() > 20
    edge = graph.edges["行政执法部门", "公共信用信息平台"]
    assert edge["weight"] >= 1 and "collect" in edge["modalities"]
    reopened = nx.read_graphml(flows_project.export_graph(tmp_path / "flows.graphml", "graphml"))
    assert sorted(reopened.nodes) == sorted(graph.nodes)
    assert sorted(reopened.edges) == sorted(graph.edges)
    assert reopened.edges["行政执法部门", "公共信用信息平台"]["weight"] == edge["weight"]
    assert sorted(nx.read_gexf(flows_project.export_graph(tmp_path / "flows.gexf", "gexf")).edges) == sorted(graph.edges)
    payload = json.loads(flows_project.export_graph(tmp_path / "flows.json", "json").read_text(encoding="utf-8"))
    assert payload["format"] == "tixi-flow-graph" and payload["version"] == 1
    assert sorted(graph_from_json(payload).edges) == sorted(graph.edges)


def test_figure_is_drawn(flows_project: Project, tmp_path: Path) -> None:
    figure = flows_project.flow_figure(tmp_path / "flows.png")
    assert figure.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_conflation_rows_carry_evidence(flows_project: Project) -> None:
    table = flows_project.tension("conflation")
    assert len(table) == 50
    beijing = table[table["title"] == "北京市文明行为促进条例"].iloc[0]
    assert beijing["side"] == "civility" and beijing["conflates"] and beijing["civility_to_credit"] >= 2
    assert "第三十三条: 并按照有关规定向本市公共信用信息平台归集执法信息" in beijing["evidence"]
    assert (table.loc[table["conflates"], "evidence"] != "").all()
    by_level = flows_project.tension("conflation", by="level")
    assert set(by_level.columns) >= {"level", "side", "documents", "conflating", "share", "evidence"}
    timeline = flows_project.tension("timeline")
    assert "2020" in set(timeline["year"])


def test_scope_flags_follow_the_catalogue(flows_project: Project, tmp_path: Path) -> None:
    default = flows_project.tension("scope")
    assert not default.empty and (default["quote"] != "").all() and (default["unit"] != "").all()
    beijing = default[default["title"] == "北京市文明行为促进条例"]
    assert "uncivil_generic" in set(beijing["entry"])
    mine = tmp_path / "catalogue.yaml"
    mine.write_text(yaml.safe_dump({
        "version": "mine", "instruments": ["公共信用信息平台"], "modalities": ["collect", "record"],
        "entries": [{"id": "dogs_only", "label": "犬", "status": "excluded", "terms": ["遛犬不牵引", "遛犬不牵绳"]}],
    }, allow_unicode=True), encoding="utf-8")
    custom = flows_project.tension("scope", catalogue=mine)
    assert set(custom["entry"]) <= {"dogs_only"}
    assert set(map(tuple, custom[["doc_id", "unit"]].values)) != set(map(tuple, default[["doc_id", "unit"]].values))


def test_reprimand_passages_have_level_and_date(flows_project: Project) -> None:
    table = flows_project.tension("reprimand")
    assert not table.empty
    shanghai = table[(table["title"] == "上海市社会信用条例") & (table["unit"] == "第十一条")].iloc[0]
    assert (shanghai["cue"], shanghai["level"], shanghai["date"]) == ("R-NOT-INCLUDE", "provincial", "2017-06-23")


def test_compare_dataflows_of_two_systems(flows_project: Project) -> None:
    frame = flows_project.compare_dataflows("NCCA", "SCSP")
    row = frame[(frame["source"] == "行政执法部门") & (frame["target"] == "公共信用信息平台") & (frame["modality"] == "collect")].iloc[0]
    assert row["documents_a"] >= 1 and row["evidence_a"]
    assert set(frame["present"]) <= {"both", "A only", "B only"}


def test_cli_flows_json_and_export(flows_project: Project, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["flows", "-p", str(flows_project.root), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    keys = {"doc_id", "title", "unit", "quote", "source", "target", "data", "behaviour", "modality", "direction", "rule"}
    assert keys <= set(records[0])
    assert any(r["unit"] == "第三十三条" and r["title"] == "北京市文明行为促进条例" for r in records)
    result = runner.invoke(app, ["export", "graph", str(tmp_path / "g.graphml"), "-p", str(flows_project.root), "--format", "graphml"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["tension", "-p", str(flows_project.root), "--part", "nonsense"])
    assert result.exit_code == 1 and "Error:" in result.output


def test_an_edit_of_the_flows_file_rereads_the_flows_without_a_version_bump(flows_project: Project, tmp_path: Path) -> None:
    import shutil

    from tixi.config import Config
    from tixi.flows.store import behaviour_finder, update_flows

    pack = tmp_path / "pack"
    shutil.copytree(flows_project.pack.path, pack)
    flows_file = pack / "flows.yaml"
    flows_file.write_text(flows_file.read_text(encoding="utf-8").replace("A: civility → credit", "A: civility → credit (edited)"),
                          encoding="utf-8")
    flows_project.flows()
    edited = Project(flows_project.root, flows_project.db, Config(convert=flows_project.config.convert,
                                                                   segmenter=flows_project.config.segmenter, pack=str(pack)))
    assert update_flows(edited.db, edited._flow_reader(), behaviour_finder(edited.pack)) == 50
    assert "civility → credit (edited)" in set(edited.flows()["direction"])


def test_a_changed_text_makes_stored_flows_stale_again(corpus_project_path: Path, tmp_path: Path) -> None:
    """Reading flows checks once per state of the store: a text changed here or by another connection is caught."""
    with project_copy(corpus_project_path, tmp_path) as project:
        project.extract_flows()
        first = project.flows()
        assert project.flows().equals(first)  # the second read trusts the first check: nothing was written
        doc_id = str(first["doc_id"].iloc[0])
        project.db.execute("UPDATE texts SET normalized = normalized || '。' WHERE doc_id = ?", (doc_id,))
        project.db.commit()
        with pytest.raises(InputError, match="1 document"):
            project.flows()
        project.extract_flows()
        project.flows()
        other = sqlite3.connect(project.root / DATABASE_FILE)
        other.execute("UPDATE texts SET normalized = normalized || '。' WHERE doc_id = ?", (doc_id,))
        other.commit()
        other.close()
        with pytest.raises(InputError, match="1 document"):
            project.flows()
