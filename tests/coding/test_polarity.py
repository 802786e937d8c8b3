"""Polarity from the pack's cue lists: prohibited, promoted or neutral, on sentences from the corpus."""

from __future__ import annotations

import pytest

from tixi.coding.lexicon import default_pack, find_codes
from tixi.coding.polarity import load_rules, polarity_of


def polarity(text: str, term: str) -> str | None:
    rules = load_rules(default_pack())
    assert rules is not None
    hit = next(hit for hit in find_codes(text) if hit.term == term)
    return polarity_of(text, hit.start, hit.end, rules)


@pytest.mark.parametrize(
    ("text", "term", "expected"),
    [
        ("（十一）行人不得闯红灯，不得乱穿马路和跨越道路隔离设施；", "乱穿马路", "prohibited"),
        ("第二十一条 鼓励和支持无偿献血、捐献造血干细胞。", "无偿献血", "promoted"),
        ("违反本条例规定，随地吐痰的，由城市管理部门责令改正，处五十元罚款。", "随地吐痰", "prohibited"),
        ("第十四条 本市支持和鼓励下列文明行为：\n（一）见义勇为，参加抢险救灾救人；", "见义勇为", "promoted"),
        ("第十二条 重点治理下列不文明行为：\n（二）遛犬不牵引，犬便不清理；", "犬便", "prohibited"),
        ("第二十六条 志愿者享有以下权利：", "志愿者", None),
        ("不断推进志愿服务制度化", "志愿服务", None),
        ("参加社区志愿服务时间累计达到10小时 | 加2分", "志愿服务", "promoted"),
        ("在禁止燃放烟花爆竹的区域燃放烟花爆竹的 | 扣20分", "烟花爆竹", "prohibited"),
    ],
)
def test_polarity_of_corpus_sentences(text: str, term: str, expected: str | None) -> None:
    assert polarity(text, term) == expected
