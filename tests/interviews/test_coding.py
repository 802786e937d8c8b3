"""Coding by hand: by quote and by offsets, edits, removal, memos, and clear errors that store nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interviews.conftest import doc_of
from tixi.errors import InputError, NotFound
from tixi.project import Project


def count(project: Project, table: str) -> int:
    return int(project.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_code_by_quote_finds_the_span(interviews_project: Project) -> None:
    doc = doc_of(interviews_project, "ZZ-01")
    made = interviews_project.add_coding(doc, quote="进了黑名单就不能开车了", code="talk.conflation", coder="王五", memo="测试")
    text = interviews_project.document(doc).text
    assert text[made["start"]:made["end"]] == "进了黑名单就不能开车了"
    assert (made["coder"], made["memo"], made["text"]) == ("王五", "测试", "进了黑名单就不能开车了")


def test_code_by_offsets_and_by_label(interviews_project: Project) -> None:
    doc = doc_of(interviews_project, "SH-01")
    text = interviews_project.document(doc).text
    start = text.index("两套系统")
    made = interviews_project.add_coding(doc, start=start, end=start + 4, code="区分两个体系", coder="王五")
    assert (made["code_id"], made["text"]) == ("talk.distinction", "两套系统")


def test_quote_is_normalised_like_the_text(interviews_project: Project) -> None:
    doc = doc_of(interviews_project, "SH-01")
    made = interviews_project.add_coding(doc, quote="  两套系统  ", code="talk.distinction", coder="王五")
    assert made["text"] == "两套系统"


def test_errors_store_nothing(interviews_project: Project) -> None:
    doc = doc_of(interviews_project, "ZZ-01")
    before = count(interviews_project, "codings")
    with pytest.raises(NotFound, match="not in the document"):
        interviews_project.add_coding(doc, quote="这句话不在文中", code="talk.conflation", coder="王五")
    with pytest.raises(InputError, match="occurs 2 times"):
        interviews_project.add_coding(doc, quote="听说", code="talk.uncertainty", coder="王五")
    with pytest.raises(InputError, match="past the end"):
        interviews_project.add_coding(doc, start=10, end=10_000, code="talk.conflation", coder="王五")
    with pytest.raises(InputError, match="start < end"):
        interviews_project.add_coding(doc, start=5, end=5, code="talk.conflation", coder="王五")
    with pytest.raises(NotFound, match="no code 'talk.nothing'"):
        interviews_project.add_coding(doc, quote="搞不清楚", code="talk.nothing", coder="王五")
    with pytest.raises(InputError, match="reserved"):
        interviews_project.add_coding(doc, quote="搞不清楚", code="talk.uncertainty", coder="auto:me")
    with pytest.raises(InputError, match="needs a coder"):
        interviews_project.add_coding(doc, quote="搞不清楚", code="talk.uncertainty", coder=" ")
    with pytest.raises(InputError, match="already coded"):
        interviews_project.add_coding(doc, quote="搞不清楚", code="talk.uncertainty", coder="李敏")
    with pytest.raises(NotFound, match="no document"):
        interviews_project.add_coding("ffffffff", quote="搞不清楚", code="talk.uncertainty", coder="王五")
    assert count(interviews_project, "codings") == before
    assert count(interviews_project, "coders") == 2


def test_occurrence_picks_one_of_several(interviews_project: Project) -> None:
    doc = doc_of(interviews_project, "ZZ-01")
    text = interviews_project.document(doc).text
    second = interviews_project.add_coding(doc, quote="听说", occurrence=2, code="talk.uncertainty", coder="王五")
    assert second["start"] == text.index("听说", text.index("听说") + 1)


def test_create_code_on_the_fly_under_a_parent(interviews_project: Project) -> None:
    doc = doc_of(interviews_project, "ZZ-01")
    made = interviews_project.add_coding(doc, quote="有点形式主义", code="talk.attitude.formalism", coder="王五",
                                         create=True, parent="talk.attitude", label="形式主义")
    row = interviews_project.db.execute("SELECT * FROM codes WHERE id = ?", (made["code_id"],)).fetchone()
    assert (row["parent_id"], row["origin"], row["label_zh"]) == ("talk.attitude", "user", "形式主义")
    with pytest.raises(NotFound, match="no code 'no.such.parent'"):
        interviews_project.create_code("x.y", parent="no.such.parent")


def test_edit_and_remove(interviews_project: Project) -> None:
    doc = doc_of(interviews_project, "ZZ-01")
    made = interviews_project.add_coding(doc, quote="进了黑名单", code="talk.conflation", coder="王五")
    edited = interviews_project.edit_coding(made["id"], end=made["end"] + 6, code="talk.experience", memo="改")
    assert (edited["text"], edited["code_id"], edited["memo"]) == ("进了黑名单就不能开车了", "talk.experience", "改")
    with pytest.raises(InputError, match="past the end"):
        interviews_project.edit_coding(made["id"], end=99_999)
    interviews_project.add_memo("coding", str(made["id"]), "这条编码的备忘", "王五")
    with pytest.raises(InputError, match="made by 王五"):
        interviews_project.remove_coding(made["id"], coder="李敏")
    removed = interviews_project.remove_coding(made["id"], coder="王五")
    assert removed["id"] == made["id"]
    assert interviews_project.memos("coding").empty
    with pytest.raises(NotFound, match="no coding"):
        interviews_project.remove_coding(made["id"])


def test_memos_on_every_target(interviews_project: Project) -> None:
    doc = doc_of(interviews_project, "HZ-01")
    coding_id = int(interviews_project.codings(doc=doc).iloc[0]["id"])
    for target_type, target_id in [("project", None), ("code", "talk.conflation"), ("document", doc[:8]),
                                   ("case", "HZ-01"), ("coding", str(coding_id))]:
        interviews_project.add_memo(target_type, target_id, f"备忘 {target_type}", "李敏")
    memos = interviews_project.memos()
    assert list(memos["target_type"]) == ["project", "code", "document", "case", "coding"]
    assert memos["target_id"].isna().tolist() == [True, False, False, False, False]
    assert list(memos["target_id"])[1:] == ["talk.conflation", doc, "HZ-01", str(coding_id)]
    with pytest.raises(NotFound):
        interviews_project.add_memo("case", "XX-99", "x", "李敏")
    with pytest.raises(InputError, match="not 'person'"):
        interviews_project.add_memo("person", "x", "x", "李敏")
    with pytest.raises(InputError, match="empty"):
        interviews_project.add_memo("project", None, "  ", "李敏")


def test_import_codings_is_all_or_nothing(interviews_project: Project, tmp_path: Path) -> None:
    before = count(interviews_project, "codings")
    bad = tmp_path / "codings.csv"
    bad.write_text("case,coder,code,quote\nZZ-01,王五,talk.conflation,一个系统吧\nZZ-01,王五,talk.conflation,没有这句话\n", encoding="utf-8")
    with pytest.raises(NotFound, match="line 3"):
        interviews_project.import_codings(bad)
    assert count(interviews_project, "codings") == before


def test_demo_codings_were_all_stored(interviews_project: Project) -> None:
    frame = interviews_project.codings()
    assert len(frame) == 105
    assert sorted(frame["coder"].unique()) == ["李敏", "陈洁"]
    assert (frame["text"].str.len() == frame["end"] - frame["start"]).all()
