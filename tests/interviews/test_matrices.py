"""Cases, matrices, quotes, co-occurrence and conflation on the synthetic interviews."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from tests.interviews.conftest import doc_of
from tixi.errors import InputError, NotFound
from tixi.project import Project

FOLDER = Path(__file__).resolve().parents[2] / "tixi" / "packs" / "ncca_scsp" / "interviews"
DATA = Path(__file__).resolve().parent / "data"


def rows(name: str) -> list[dict[str, str]]:
    with (FOLDER / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_cases_with_attributes_and_links(interviews_project: Project) -> None:
    frame = interviews_project.cases()
    assert len(frame) == 9
    assert frame["synthetic"].all()
    assert (frame["documents"] == 1).all()
    hz = frame.set_index("case").loc["HZ-01"]
    assert (hz["city"], hz["province"], hz["gender"], hz["occupation"]) == ("杭州", "浙江", "女", "退休教师")


def test_import_cases_errors_name_the_line(interviews_project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "cases.csv"
    bad.write_text("id,city\nA,杭州\n,上海\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 3: empty 'id'"):
        interviews_project.import_cases(bad)
    twice = tmp_path / "twice.csv"
    twice.write_text("id,city\nA,杭州\nA,上海\n", encoding="utf-8")
    with pytest.raises(InputError, match="appears twice"):
        interviews_project.import_cases(twice)
    assert len(interviews_project.cases()) == 9


def test_link_case_explicitly(interviews_project: Project, tmp_path: Path) -> None:
    extra = tmp_path / "more.csv"
    extra.write_text("id,city,synthetic\nGROUP-HZ,杭州,true\n", encoding="utf-8")
    assert interviews_project.import_cases(extra)["added"] == 1
    doc = doc_of(interviews_project, "HZ-01")
    assert interviews_project.link_case("GROUP-HZ", doc[:6]) is True
    assert interviews_project.link_case("GROUP-HZ", doc) is False
    assert interviews_project.cases().set_index("case").loc["GROUP-HZ", "documents"] == 1
    with pytest.raises(NotFound, match="no case"):
        interviews_project.link_case("NOPE", doc)


def test_code_by_city_matrix_counts_the_codings_file(interviews_project: Project) -> None:
    city = {row["id"]: row["city"] for row in rows("cases.csv")}
    expected = Counter((row["code"], city[row["case"]]) for row in rows("codings.csv") if row["coder"] == "李敏")
    frame = interviews_project.code_attribute_matrix("city", coders=["李敏"]).set_index("code")
    assert sorted(frame.columns) == sorted([*set(city.values()), "all"])
    for (code, place), value in expected.items():
        assert frame.loc[code, place] == value
    assert frame["all"].sum() == sum(expected.values())
    assert frame.attrs["synthetic_cases"] == 9
    assert frame.loc["talk.conflation", "杭州"] == 3


def test_share_of_cases(interviews_project: Project) -> None:
    shares = interviews_project.code_attribute_matrix("city", value="share", coders=["李敏"]).set_index("code")
    assert shares.loc["talk.conflation", "荣成"] == pytest.approx(0.5)  # RC-02 yes, RC-01 no
    assert shares.loc["talk.conflation", "上海"] == 0.0
    matrix = interviews_project.code_case_matrix(["李敏"]).set_index("code")
    assert matrix.loc["talk.conflation", "HZ-02"] == 2
    assert matrix.loc["talk.conflation", "cases"] == 7
    assert matrix.loc["talk.conflation", "share_of_cases"] == pytest.approx(7 / 9)
    with pytest.raises(InputError, match="no case attribute 'town'"):
        interviews_project.code_attribute_matrix("town")


def test_quotes_filtered_by_attribute(interviews_project: Project) -> None:
    frame = interviews_project.quotes("talk.conflation", where={"city": "杭州"}, coders=["李敏"])
    assert list(frame["quote"]) == ["我觉得是一回事吧，创文的时候社区说闯红灯要扣信用分", "创文那段时间说违章多了会进黑名单", "说再犯就记入信用记录"]
    assert list(frame["speaker"]) == ["王女士", "小陈", "小陈"]
    assert frame["synthetic"].all()
    parents = interviews_project.quotes("talk.attitude", where={"city": "上海"})
    assert set(parents["code"]) == {"talk.attitude.concern"}


def test_cooccurrence_in_turns(interviews_project: Project) -> None:
    frame = interviews_project.cooccurrence_in_turns(["李敏"])
    top = frame.iloc[0]
    assert (top["code_a"], top["code_b"]) == ("talk.conflation", "talk.uncertainty")
    # By reading 李敏's codings: conflation and uncertainty share one turn in HZ-01, HZ-02, RC-02, ZZ-01
    # and SZ-01, two in CD-01 (门前三包 … and 不晓得真假 … 一起喊), none in CD-02 (different turns).
    assert top["turns_both"] == 7
    assert top["c_coefficient"] == pytest.approx(top["turns_both"] / (top["turns_a"] + top["turns_b"] - top["turns_both"]))


def test_confusion_per_case_matches_hand_labels(interviews_project: Project) -> None:
    labels = pd.read_csv(DATA / "confusion_labels.csv").set_index("case")
    frame = interviews_project.confusion(by="case").set_index("case")
    for column in labels.columns:
        assert frame[column].to_dict() == labels[column].to_dict(), column
    assert frame["synthetic"].all()


def test_confusion_per_city_and_turn(interviews_project: Project) -> None:
    cities = interviews_project.confusion(by="city").set_index("city")
    assert cities.loc["杭州", "cases"] == 2
    assert cities.loc["杭州", "cross_attribution"] == 2
    assert cities.loc["苏州", "share_conflated"] == pytest.approx(3 / 4)
    turns = interviews_project.confusion(by="turn")
    cross = turns[turns["cross_attribution"] & (turns["case"] == "HZ-01")]
    assert list(cross["text"]) == ["我觉得是一回事吧，创文的时候社区说闯红灯要扣信用分，所以我也分不清。"]
    assert "采访者" not in set(turns["speaker"])
