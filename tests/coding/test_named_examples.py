"""The behaviour examples the validity issue names, coded as the labelling guide says (docs/labelling.md)."""

from __future__ import annotations

from tixi.coding.autocode import AutoCoding, code_text, coding_model
from tixi.coding.lexicon import lexicon_for
from tixi.coding.polarity import load_rules
from tixi.packs import load_pack
from tixi.text.normalize import normalize

PACK = load_pack("ncca_scsp")


def _codes(text: str, title: str = "某市文明行为促进条例", kind: str | None = "regulation") -> list[AutoCoding]:
    return code_text(normalize(text).text, lexicon_for(PACK), load_rules(PACK), kind, coding_model(PACK), title)


def test_yielding_worded_without_the_usual_term_is_yielding_to_pedestrians() -> None:
    found = _codes("第十二条 机动车行经人行横道时，应当减速行驶；遇行人正在通过人行横道，应当停车让行。")
    assert {(c.code_id, c.polarity) for c in found} == {("promoted.yield_to_pedestrians", "promoted")}
    assert all(c.confidence is not None and c.confidence >= 0.5 for c in found)


def test_crossing_by_the_light_is_the_red_light_rule_restrained() -> None:
    found = _codes("第十条 行人应当按照交通信号灯指示通行，走人行横道。")
    assert {(c.code_id, c.polarity) for c in found} == {("prohibited.jaywalking", "prohibited")}


def test_a_dog_registration_clause_is_a_neutral_mention_and_civil_dog_keeping_restrains_uncivil() -> None:
    registration = _codes("第八条 个人养犬应当向居住地公安机关申请办理养犬登记。", "某市养犬管理条例")
    assert registration and {c.polarity for c in registration} == {None}  # regulated, not misconduct
    promoted = _codes("第九条 倡导文明养犬，携犬出户应当束犬链。")
    assert {(c.code_id, c.polarity) for c in promoted} == {("prohibited.uncivil_dog_keeping", "prohibited")}


def test_restraining_dishonesty_is_prohibited_not_promoted() -> None:
    found = _codes("第三条 社会信用体系建设应当坚持对失信行为的约束和惩戒。", "某省社会信用条例")
    assert ("prohibited.dishonesty", "prohibited") in {(c.code_id, c.polarity) for c in found}


def test_interview_codes_stay_off_statutes_and_apply_to_interviews() -> None:
    text = "第二条 本条例所称社会信用，是指信用主体遵守法定义务的状态。"
    assert not [c for c in _codes(text, "某省社会信用条例") if c.code_id.startswith("talk.")]
    spoken = code_text("我听说过社会信用，但是不太清楚。", lexicon_for(PACK), load_rules(PACK), "interview")
    assert "talk.mention_scsp" in {c.code_id for c in spoken}
