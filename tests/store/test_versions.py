"""A document's version is dated by its last amendment, read from its promulgation history."""

from __future__ import annotations

from tixi.packs import load_pack
from tixi.store.versions import amendment_words, version_date

AMENDMENTS = amendment_words(load_pack("ncca_scsp"))


def test_a_revised_law_is_dated_by_its_revision() -> None:
    history = "2007年11月23日 浙江省第十届人民代表大会常务委员会第三十五次会议通过; 2018年7月27日 浙江省第十三届人民代表大会常务委员会第四次会议修订"
    assert version_date("2007-11-23", history, AMENDMENTS) == "2018-07-27"


def test_the_last_of_several_amendments_counts_and_approval_does_not() -> None:
    history = ("2015年6月26日 杭州市第十二届人民代表大会常务委员会第二十九次会议通过; 2015年7月30日 浙江省…批准; "
               "2019年6月21日 杭州市…通过; 2019年8月1日 浙江省…批准的《杭州市人民代表大会常务委员会关于修改〈杭州市生活垃圾管理条例〉的决定》修正")
    assert version_date("2015-06-26", history, AMENDMENTS) == "2019-08-01"


def test_an_unamended_law_keeps_its_date() -> None:
    assert version_date("2020-07-24", "2020年7月24日 山东省第十三届人民代表大会常务委员会第二十二次会议通过", AMENDMENTS) == "2020-07-24"
    assert version_date(None, None, AMENDMENTS) == ""
    assert version_date("2019-01-01", "2020年1月1日 修订", ()) == "2019-01-01"
