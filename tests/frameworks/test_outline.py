"""The outline parser on the real 001 manual: counts, parents, titles, standards, checks, warnings, spans."""

from __future__ import annotations

import re

import pytest

from tixi.errors import InputError
from tixi.frameworks.model import Framework
from tixi.frameworks.parse_outline import parse_outline
from tixi.frameworks.vocabulary import Vocabulary
from tixi.model import Span
from tixi.project import Project

from .conftest import NANKAI


@pytest.fixture(scope="module")
def parts(vocabulary: Vocabulary) -> list[Framework]:
    return parse_outline(NANKAI.read_text(encoding="utf-8"), name="nk", system="NCCA", vocabulary=vocabulary)


def test_main_system_has_exactly_the_numbered_items_of_the_text(parts: list[Framework]) -> None:
    text = NANKAI.read_text(encoding="utf-8")
    printed = {level: len(re.findall(rf"(?m)^ *{numeral}-\d+ ", text)) for level, numeral in ((1, "Ⅰ"), (2, "Ⅱ"), (3, "Ⅲ"))}
    assert printed == {1: 11, 2: 38, 3: 83}  # counted in the text (grep), not by the parser
    assert parts[0].counts_by_level(numbered_only=True) == printed
    # three unnumbered rows the manual prints: the Ⅰ-1 group of records with empty Ⅱ/Ⅲ and 荣誉称号 (Ⅱ and Ⅲ)
    unnumbered = [(item.level, item.title) for item in parts[0].indicators if not item.numbered]
    assert unnumbered == [(2, "（Ⅱ/Ⅲ在原表中为空的记录）"), (2, "荣誉称号"), (3, "获得国家、有关部委的荣誉称号")]


@pytest.mark.parametrize(
    ("code", "title", "parent"),
    [
        ("Ⅰ-1", "理想信念教育", None),
        ("Ⅱ-1", "学习宣传贯彻习近平总书记系列重要讲话精神", "Ⅰ-1"),
        ("Ⅲ-2", "健全完善学习制度", "Ⅱ-1"),
        ("Ⅲ-5", "学习教育和主题实践系统化长期化", "Ⅱ-3"),
        ("Ⅱ-7", "道德模范评选表彰和学习宣传", "Ⅰ-3"),
        ("Ⅰ-6", "诚信守法的市场环境", None),
        ("Ⅱ-18", "推进诚信建设制度化", "Ⅰ-6"),
        ("Ⅲ-34", "社会信用体系建设", "Ⅱ-18"),
        ("Ⅲ-35", "诚信奖惩制度", "Ⅱ-18"),
        ("Ⅲ-36", "诚信教育实践", "Ⅱ-18"),
        ("Ⅲ-38", "执法监管部门和窗口服务单位", "Ⅱ-20"),
        ("Ⅰ-9", "舒适便利的生活环境", None),
        ("Ⅲ-84", "群众满意度调查（>80% >75% ≤75%）", "Ⅱ-36"),  # ＞ folded by normalisation
        ("Ⅱ-39", "加强动态管理", "Ⅰ-12"),
        ("Ⅲ-89", "创建活动常态化", "Ⅱ-39"),
    ],
)
def test_items_sit_under_their_printed_parent(parts: list[Framework], code: str, title: str, parent: str | None) -> None:
    framework = parts[0]
    item = framework.get(code)
    assert item.title == title
    assert (framework.get(item.parent).code if item.parent else None) == parent


def test_standards_checks_and_tags_attach_to_the_right_item(parts: list[Framework]) -> None:
    framework = parts[0]
    credit = framework.get("Ⅲ-34")
    assert len(credit.standards) == 3
    assert credit.standards[0].startswith("1）贯彻国务院《社会信用体系建设规划纲要（2014-2020年）》")
    assert credit.standards[1] == "2）贯彻中央文明委《关于推进诚信建设制度化的意见》，建立统分结合的工作机制。"
    assert credit.methods == ["实地考察", "材料审核", "问卷调查"]
    assert [check.refs for check in credit.checks] == [["#126"], ["#127"], ["#128"], ["#129"], ["#198"], ["#430"]]
    assert credit.checks[2].label == "③" and "地方公共信用信息网络平台网址" in credit.checks[2].text
    assert credit.checks[4].text == "政务大厅：\n①有信用信息互联互通、交换共享的平台；\n②运用多种形式开展诚信宣传教育。"
    assert any("原表合并" in note for note in credit.notes)
    sanctions = framework.get("Ⅲ-35")
    assert sanctions.standards == ["依法建立诚信“红黑名单”制度，制定守信优待政策，对失信违法者进行联合惩戒，开展失信突出问题专项整治。"]
    assert [check.refs[0] for check in sanctions.checks] == ["#130", "#131", "#132", "#133", "#134"]
    assert sanctions.checks[2].notes == ["原表Ⅱ/Ⅲ为空"]
    assert framework.get("Ⅲ-36").notes == ["原表Ⅱ为空"]
    window = framework.get("Ⅲ-38")  # a standard printed over three lines stays one standard
    assert window.standards == [
        "1）从业人员文明用语，礼貌待人，规范服务；\n2）有高效的投诉处理机制；\n3）有效整治门难进、脸难看、事难办等突出问题，无吃拿卡要、慵懒散拖现象。"
    ]
    assert [check.refs for check in window.checks][:2] == [["#160"], ["#193"]]
    assert framework.get("Ⅲ-81").checks[1].refs == ["#61", "#63"]


def test_skipped_numbers_are_kept_and_reported(parts: list[Framework]) -> None:
    missing = sorted(re.search(r": (\S+) missing", warning).group(1) for warning in parts[0].warnings)  # type: ignore[union-attr]
    # the manifest's note for 001: 原表无Ⅰ-8、Ⅱ-34、Ⅱ-38、Ⅲ-58、Ⅲ-72、Ⅲ-76、Ⅲ-78、Ⅲ-86至Ⅲ-88
    assert missing == sorted(["Ⅰ-8", "Ⅱ-34", "Ⅱ-38", "Ⅲ-58", "Ⅲ-72", "Ⅲ-76", "Ⅲ-78", "Ⅲ-86–Ⅲ-88"])
    assert "line 501: Ⅰ-9 follows Ⅰ-7: Ⅰ-8 missing (kept as printed)" in parts[0].warnings


def test_minors_system_is_its_own_framework_with_five_top_items(parts: list[Framework]) -> None:
    minors = parts[1]
    assert minors.name == "nk-2"
    assert minors.title.startswith("全国未成年人思想道德建设工作测评体系")
    assert [(item.code, item.title) for item in minors.children(None)] == [
        ("1", "领导体制和工作机制"), ("2", "思想道德教育实践活动"), ("3", "学校教育"), ("4", "家庭教育和社会教育"), ("5", "营造良好社会文化环境"),
    ]
    assert [item.code for item in minors.children("3")] == [f"{n}）" for n in range(1, 9)]
    meeting = minors.get("1/1）")
    assert meeting.title == "召开会议进行安排部署，制定下发专门的工作方案或责任分工。"
    assert meeting.checks[0].method == "网上申报" and meeting.checks[0].label == "①"
    assert meeting.checks[0].materials.startswith("会议通知（规范文件）、领导讲话（规范文件）等材料。")
    media = minors.get("5/6）")
    assert media.title == "本区主要新闻媒体、都市类媒体、网络媒体和社会媒介做好关爱保护未成年人健康成长的宣传。"
    assert media.notes and media.notes[0].startswith("#418/#419 行作")
    assert minors.get("4/5）").methods == ["实地考察", "网上申报"]
    assert not minors.warnings


def test_import_links_spans_to_the_stored_document(framework_project: Project) -> None:
    framework = framework_project.framework("nankai")
    item = framework.get("Ⅲ-34")
    assert item.doc_id is not None and item.start is not None and item.end is not None
    passage = framework_project.text(Span(item.doc_id, item.start, item.end))
    assert passage.startswith("Ⅲ-34 社会信用体系建设")
    assert passage.endswith("对本区诚信建设的评价。")
    top = framework.get("Ⅰ-6")  # a top item's span covers its whole branch
    assert framework_project.text(Span(top.doc_id, top.start, top.end)).endswith("②对本区行政执法监管部门工作的评价。")  # type: ignore[arg-type]


def test_outline_that_repeats_a_number_is_reported(vocabulary: Vocabulary) -> None:
    text = "1.甲项目\n 1）第一条内容\n 1）重复的内容\n 3）跳过的内容\n2.乙项目\n 1）内容\n"
    [framework] = parse_outline(text, name="t", system="other", vocabulary=vocabulary)
    assert [item.key for item in framework.indicators] == ["1", "1/1）", "1/1）~2", "1/3）", "2", "2/1）"]
    assert framework.warnings == [
        "line 3: 1） follows 1）: number repeated or out of order (kept as printed)",
        "line 4: 3） follows 1）: 2） missing (kept as printed)",
    ]


def test_unindented_outline_uses_label_order(vocabulary: Vocabulary) -> None:
    text = "一、总体要求\n（一）组织领导\n1.成立领导小组\n2.明确责任\n（二）宣传\n二、具体任务\n（一）信用建设\n"
    [framework] = parse_outline(text, name="t", system="other", vocabulary=vocabulary)
    assert [(item.key, item.level) for item in framework.indicators] == [
        ("一", 1), ("一/（一）", 2), ("一/（一）/1", 3), ("一/（一）/2", 3), ("一/（二）", 2), ("二", 1), ("二/（一）", 2),
    ]


def test_text_without_items_is_an_error(vocabulary: Vocabulary) -> None:
    with pytest.raises(InputError, match="no numbered items"):
        parse_outline("这是一段普通文字。\n没有编号。\n", name="t", system="other", vocabulary=vocabulary, source="plain.txt")
