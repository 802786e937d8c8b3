"""The codebook editor: add, rename, move and merge a person's codes; the pack's codes stay as the pack has them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import csrf_of
from tixi.errors import InputError
from tixi.project import Project


def _post(client: TestClient, token: str, **data: str) -> str:
    response = client.post("/codebook", data=data, headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.text
    return response.text


def test_add_rename_move_and_merge_codes(client: TestClient, web_project: Path) -> None:
    token = csrf_of(client)
    client.post("/coder", data={"coder": "ann"}, headers={"X-CSRF-Token": token})
    _post(client, token, action="create", id="theme.trust", label_zh="信任", parent="")
    _post(client, token, action="create", id="theme.fear", label_zh="担心", parent="")
    doc = json.loads(client.get("/codes.json").text)[0]  # the codes exist for the picker
    assert {"theme.trust", "theme.fear"} <= {code["id"] for code in json.loads(client.get("/codes.json").text)} and doc
    with Project.open(web_project) as project:
        doc_id = str(project.documents()["id"].iloc[0])
        first = project.add_coding(doc_id, code="theme.trust", coder="ann", start=0, end=5)
        project.add_coding(doc_id, code="theme.fear", coder="ann", start=0, end=5)
        project.add_coding(doc_id, code="theme.fear", coder="ann", start=7, end=9)
        project.add_memo("code", "theme.trust", "信任的定义")
    assert "Saved theme.confidence" in _post(client, token, action="edit", code="theme.trust", id="theme.confidence", label_zh="信心",
                                             label_en="Confidence", parent="prohibited")
    assert "2 codings moved" in _post(client, token, action="merge", code="theme.fear", into="theme.confidence")
    with Project.open(web_project) as project:
        codes = project.codes().set_index("id")
        assert "theme.trust" not in codes.index and "theme.fear" not in codes.index
        assert codes.loc["theme.confidence", "parent_id"] == "prohibited" and codes.loc["theme.confidence", "label_zh"] == "信心"
        spans = sorted((int(row.start), int(row.end)) for row in project.codings(code="theme.confidence").itertuples())
        assert spans == [(0, 5), (7, 9)]  # the span coded with both codes is kept once
        assert project.memos("code", "theme.confidence")["text"].tolist() == ["信任的定义"]
        meta = json.loads(project.db.execute("SELECT meta FROM codes WHERE id = 'theme.confidence'").fetchone()[0])
        assert [entry.get("merged") for entry in meta["history"]] == [None, "theme.fear"]
        assert meta["history"][0]["by"] == "ann" and meta["history"][0]["edit"]["id"] == "theme.confidence"
        assert first["id"] in project.codings(code="theme.confidence")["id"].tolist()
    page = client.get("/codebook").text
    assert "theme.confidence" in page and "信心" in page and "under nan" not in page and "under prohibited" in page


def test_pack_codes_and_cycles_are_refused(client: TestClient, web_project: Path) -> None:
    with Project.open(web_project) as project:
        project.create_code("mine.a")
        project.create_code("mine.b", parent="mine.a")
        with pytest.raises(InputError, match="from the pack"):
            project.edit_code("prohibited.littering", by="ann", label_zh="x")
        with pytest.raises(InputError, match="below"):
            project.edit_code("mine.a", by="ann", parent="mine.b")
        with pytest.raises(InputError, match="below"):
            project.merge_codes("mine.a", "mine.b", by="ann")
    token = csrf_of(client)
    refused = client.post("/codebook", data={"action": "merge", "code": "mine.a", "into": "mine.a"}, headers={"X-CSRF-Token": token})
    assert refused.status_code == 400 and "coder name" in refused.text


def test_review_decisions_follow_a_renamed_and_a_merged_code(web_project: Path) -> None:
    """A decision on a coding of a person's code (an imported auto: coding) is not lost when the code is renamed or merged."""
    from tixi.validation.review import Decision, record, review_file

    with Project.open(web_project) as project:
        project.create_code("mine.old")
        project.create_code("mine.other")
        doc_id = str(project.documents()["id"].iloc[0])
        decisions = [Decision("codes", doc_id, 0, 5, "mine.old", "auto:imported", True),
                     Decision("codes", doc_id, 7, 9, "mine.old", "auto:imported", False),
                     Decision("codes", doc_id, 7, 9, "mine.other", "auto:imported", True)]
        record(project.db, project.root, decisions, "ann")
        assert project.edit_code("mine.old", by="ann", new_id="mine.new") == "mine.new"
        moved = project.db.execute("SELECT code_id, start, correct FROM review_decisions ORDER BY code_id, start").fetchall()
        assert [tuple(row) for row in moved] == [("mine.new", 0, 1), ("mine.new", 7, 0), ("mine.other", 7, 1)]
        assert "mine.old" not in review_file(project.root, "codes").read_text(encoding="utf-8")
        project.merge_codes("mine.new", "mine.other", by="ann")
        kept = project.db.execute("SELECT code_id, start, correct FROM review_decisions ORDER BY code_id, start").fetchall()
        # The span judged under both codes keeps the decision taken on the code merged into.
        assert [tuple(row) for row in kept] == [("mine.other", 0, 1), ("mine.other", 7, 1)]
        written = review_file(project.root, "codes").read_text(encoding="utf-8")
        assert "mine.new" not in written and written.count("mine.other") == 2
