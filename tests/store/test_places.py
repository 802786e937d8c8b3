"""One place, one name: the pack's gazetteer normalises place names and gives each its province."""

from __future__ import annotations

import pytest

from tixi.packs import load_pack
from tixi.store.places import Gazetteer, Place

GAZETTEER = Gazetteer.from_pack(load_pack("ncca_scsp"))


@pytest.mark.parametrize(("written", "expected"), [
    ("上海", Place("上海市", "上海市", "上海市")),
    ("上海市", Place("上海市", "上海市", "上海市")),
    ("苏州", Place("苏州市", "苏州市", "江苏省")),
    ("江苏省苏州市", Place("苏州市", "苏州市", "江苏省")),
    ("荣成", Place("荣成市", "威海市", "山东省")),
    ("山东省威海市文登区", Place("威海市文登区", "威海市", "山东省")),
    ("天津市南开区", Place("天津市南开区", "天津市", "天津市")),
    ("河南省", Place("河南省", "", "河南省")),
    ("吉林市", Place("吉林市", "吉林市", "吉林省")),
    ("全国", Place("全国", "", "")),
    ("", Place("", "", "")),
])
def test_variants_of_a_place_meet(written: str, expected: Place) -> None:
    assert GAZETTEER.normalise(written) == expected


def test_a_name_the_gazetteer_lacks_is_kept_with_its_province() -> None:
    assert GAZETTEER.normalise("浙江省某某县") == Place("浙江省某某县", "", "浙江省")
    assert GAZETTEER.normalise("某某镇") == Place("某某镇", "", "")
