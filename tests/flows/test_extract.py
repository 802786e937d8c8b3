"""Flow extraction on small texts: several flows per article, by reference, exclusions, direction."""

from __future__ import annotations

from pathlib import Path

import pytest

from tixi.errors import InputError
from tixi.flows.extract import extract_flows, units_of
from tixi.flows.gazetteer import load_gazetteer
from tixi.packs import load_pack
from tixi.text.normalize import normalize

GAZ = load_gazetteer(load_pack("ncca_scsp"))


def _flows(text: str, system: str = "NCCA") -> list[tuple[str, str, str, str, str]]:
    normal = normalize(text).text
    found = extract_flows("d", normal, units_of(normal), GAZ, system=system)
    return [(flow.unit, flow.source, flow.target, flow.modality, flow.direction) for flow in found]


def test_several_flows_in_one_article_are_several_records() -> None:
    text = "第十条 有关行政执法部门应当按照有关规定向本市公共信用信息平台归集执法信息，对严重不文明行为开展联合惩戒。\n"
    assert _flows(text) == [
        ("第十条", "行政执法部门", "公共信用信息平台", "collect", "civility → credit"),
        ("第十条", "行政执法部门", "联合奖惩", "punish", "civility → credit"),
    ]


def test_flow_stated_by_reference_counts_and_is_flagged() -> None:
    normal = normalize("第五条 志愿服务组织应当依照有关规定纳入个人信用档案。\n").text
    [flow] = extract_flows("d", normal, units_of(normal), GAZ, system="NCCA")
    assert (flow.target, flow.modality, flow.by_reference, flow.rule) == ("信用记录", "record", True, "F-RECORD")
    assert normal[flow.span.start:flow.span.end] == "第五条 志愿服务组织应当依照有关规定纳入个人信用档案"


def test_prohibitions_and_definitions_are_not_flows() -> None:
    text = (
        "第一条 未纳入目录的公共信用信息不得向市公共信用信息服务平台归集。\n"
        "第二条 本条例所称公共信用信息，是指行政机关归集到公共信用信息平台的信息。\n"
    )
    assert _flows(text, "SCSP") == []


def test_credit_status_checked_for_honours_runs_credit_to_civility() -> None:
    text = "第三十一条 对严重失信主体，行政机关应当采取以下惩戒措施：\n（一）限制获得相关荣誉称号。\n"
    assert ("第三十一条", "行政机关", "文明单位/道德模范评选", "punish", "credit → civility") in _flows(text, "SCSP")


def test_paragraphs_are_units_when_a_text_has_no_articles() -> None:
    text = "一段说明。\n\n将有良好志愿服务记录的志愿者信息纳入信用信息共享平台。\n"
    [(unit, _, target, modality, direction)] = _flows(text, "other")
    assert (unit, target, modality, direction) == ("¶2", "公共信用信息平台", "record", "civility → credit")


def test_a_broken_flows_file_names_the_file_and_entry(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: broken\nversion: '1'\nfiles: {flows: flows.yaml}\n", encoding="utf-8")
    (pack / "flows.yaml").write_text(
        "version: '1'\nentities:\n  - {id: a, label: A, kind: actor, side: sideways, terms: [甲]}\ndata: []\nmodalities: {}\nrules: []\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"flows\.yaml: entities\[0\] \(a\): side 'sideways'"):
        load_gazetteer(load_pack(str(pack)))
