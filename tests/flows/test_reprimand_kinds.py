"""A reprimand is a higher authority correcting lower-level practice; a law limiting itself is self-restraint."""

from __future__ import annotations

from tixi.flows.tension import load_reprimand_rules, reprimands
from tixi.packs import load_pack
from tixi.project import Project

PACK = load_pack("ncca_scsp")

CENTRAL_NOTICE = (
    "一、各地区、各部门不得随意扩大失信惩戒措施的适用范围，对将闯红灯、不文明养犬等轻微违法行为纳入失信黑名单的做法予以纠正。"
    "二、本意见自印发之日起施行。"
)
CITY_REGULATION = (
    "第三十二条 行政机关对信息主体实施信用惩戒措施的，应当与其违法行为的性质、情节和社会危害程度相适应。"
    "第三十三条 各地区不得随意扩大失信惩戒范围。"
)


def meta(doc_id: str, level: str) -> dict[str, str]:
    return {"id": doc_id, "title": doc_id, "system": "SCSP", "place": "", "level": level, "date": "2020-12-18"}


def test_a_central_correction_of_local_practice_is_a_reprimand() -> None:
    table = reprimands([(meta("central", "central"), CENTRAL_NOTICE, [])], load_reprimand_rules(PACK))
    assert list(table["kind"]) == ["reprimand"]
    assert table.iloc[0]["quote"].startswith("一、各地区、各部门不得随意扩大")
    row = table.iloc[0]
    assert CENTRAL_NOTICE[int(row["start"]):int(row["end"])] == row["quote"]  # offsets, so evidence quotes the passage


def test_a_municipal_law_limiting_itself_is_self_restraint() -> None:
    table = reprimands([(meta("city", "municipal"), CITY_REGULATION, [])], load_reprimand_rules(PACK))
    # proportionality is self-restraint; the same corrective words in a municipal law are not a higher authority's
    assert list(table["kind"]) == ["self_restraint", "self_restraint"]
    assert list(table["cue"]) == ["R-PROPORTION", "R-NOT-WIDEN"]


def test_the_demo_corpus_has_self_restraint_but_no_reprimand(flows_project: Project) -> None:
    table = flows_project.tension("reprimand")
    assert not table.empty and set(table["kind"]) == {"self_restraint"}
    # the bundled credit laws' limits on their own catalogues (上海 第十一条) are listed, as self-restraint
    shanghai = table[(table["title"] == "上海市社会信用条例") & (table["unit"] == "第十一条")]
    assert not shanghai.empty


def test_an_annex_after_the_last_article_is_not_that_articles_context(flows_project: Project) -> None:
    """The Wendeng measures end with 第二十二条 (the effective date) and then a scoring table: a flow in a table row is
    not flagged for a behaviour named in another row (乱涂乱画 −5 is a deduction, not a blacklisting)."""
    scope = flows_project.tension("scope")
    wendeng = scope[scope["title"].str.startswith("威海市文登区社会成员") & (scope["unit"] == "第二十二条")]
    assert wendeng.empty


def test_article_body_stops_at_a_table_or_annex() -> None:
    from tixi.text.segment import article_body

    article = "第二十二条\n本办法自2020年1月1日起实施。\n\n=== 附 ===\n评价类别 | 分项 | 加减分\n乱涂乱画 | 公共卫生 | -5\n"
    assert article_body(article) == "第二十二条\n本办法自2020年1月1日起实施。"
    items = "第二条 本条例所称文明行为，是指：\n（一）遵守法律；\n\n（二）诚实守信。"
    assert article_body(items) == items
    assert article_body("第三条 见附件。\n\n附件1 评分表\n项目 | 分值 | 备注") == "第三条 见附件。"
