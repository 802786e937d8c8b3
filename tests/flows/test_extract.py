"""Flow extraction on small texts with the pack's shipped model: candidates, types, fields, spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from tixi.errors import InputError
from tixi.flows.extract import extract_flows, load_reader, units_of
from tixi.flows.gazetteer import load_gazetteer
from tixi.flows.model import Flow
from tixi.packs import load_pack
from tixi.text.normalize import normalize

READER = load_reader(load_pack("ncca_scsp"))


def _flows(text: str, title: str = "某市文明行为促进条例") -> tuple[str, list[Flow]]:
    normal = normalize(text).text
    return normal, extract_flows("d", normal, units_of(normal), READER, title=title)


def test_the_shipped_model_is_read_with_its_provenance() -> None:
    assert READER.model is not None and READER.model.label.startswith("flow-model@")
    assert len(str(READER.model.provenance["labels_sha256"])) == 64 and READER.model.provenance["documents"] >= 30


def test_a_civility_penalty_recorded_as_credit_information_is_type_a() -> None:
    text = "第五十一条 按照前款规定作出的行政处罚决定，可以作为当事人社会信用信息予以记录。\n"
    normal, [flow] = _flows(text, "河南省文明行为促进条例")
    assert (flow.unit, flow.type, flow.direction, flow.modality) == ("第五十一条", "A", "civility → credit", "record")
    assert (flow.target_text, flow.data_text) == ("社会信用信息", "行政处罚")
    assert normal[flow.span.start:flow.span.end] == "可以作为当事人社会信用信息予以记录"
    assert 0.0 < flow.confidence <= 1.0 and flow.rule == READER.model.label  # type: ignore[union-attr]


def test_source_is_the_subject_of_the_clause_and_the_platform_the_target() -> None:
    text = "第十条 有关行政执法部门应当按照有关规定向本市公共信用信息平台归集执法信息。\n"
    normal, flows = _flows(text)
    flow = next(flow for flow in flows if flow.modality == "collect")
    assert (flow.source_text, flow.target_text, flow.data_text, flow.type) == ("行政执法部门", "公共信用信息平台", "执法信息", "A")
    assert flow.by_reference and normal[flow.span.start:flow.span.end] == "有关行政执法部门应当按照有关规定向本市公共信用信息平台归集执法信息"


def test_the_longest_platform_name_wins_over_the_information_inside_it() -> None:
    _, flows = _flows("第三十二条 对严重不文明行为，由有关部门依法将其录入社会信用信息系统。\n", "鹤壁市文明行为促进条例")
    assert [(flow.target, flow.target_text, flow.type) for flow in flows] == [("公共信用信息平台", "社会信用信息系统", "A")]


def test_an_item_is_read_with_the_lead_in_of_its_list() -> None:
    text = ("第三十一条 对严重失信主体，行政机关应当就相关联的事项采取以下惩戒措施：\n"
            "（一）限制进入相关市场；\n（二）限制获得相关荣誉称号。\n")
    _, flows = _flows(text, "某省社会信用条例")
    honour = [flow for flow in flows if "荣誉称号" in flow.target_text]
    assert [(flow.type, flow.direction, flow.modality) for flow in honour] == [("B", "credit → civility", "punish")]
    assert {flow.type for flow in flows} == {"B", "W"}


def test_linkage_without_data_is_type_c_and_not_a_data_flow() -> None:
    text = "第四十八条 本市有关部门应当结合精神文明、道德模范的评选和各行业的诚信创建活动，树立诚信典范。\n"
    _, flows = _flows(text, "上海市社会信用条例")
    assert [(flow.type, flow.direction) for flow in flows] == [("C", "linkage")]


def test_prohibitions_definitions_and_scope_are_not_flows() -> None:
    text = (
        "第一条 为了规范社会信用信息管理，根据有关法律，制定本条例。\n"
        "第二条 本条例所称公共信用信息，是指行政机关在履行职责过程中产生的信息。\n"
        "第三条 任何单位和个人不得非法获取、泄露或者篡改社会信用信息。\n"
    )
    assert _flows(text, "某省社会信用条例")[1] == []


def test_paragraphs_are_units_when_a_text_has_no_articles() -> None:
    text = "一段说明。\n\n将有良好志愿服务记录的志愿者信息纳入公共信用信息平台。\n"
    _, [flow] = _flows(text, "某市志愿服务条例")
    assert (flow.unit, flow.target, flow.type) == ("¶2", "公共信用信息平台", "A")


def test_without_a_model_no_candidate_is_a_flow(tmp_path: Path) -> None:
    pack = load_pack("ncca_scsp")
    reader = load_reader(pack)
    reader.model = None
    normal = normalize("第十条 有关行政执法部门应当向本市公共信用信息平台归集执法信息。\n").text
    assert extract_flows("d", normal, units_of(normal), reader) == []


def test_a_broken_model_file_names_the_file_and_says_how_to_retrain(tmp_path: Path) -> None:
    broken = tmp_path / "model.json"
    broken.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(InputError, match=r"model\.json: not a tixi-linear-model/1 file .*tixi train"):
        load_reader(load_pack("ncca_scsp"), broken)


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
