"""Decisions taken in the review page are labels `tixi validate score` reads."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from starlette.testclient import TestClient

from tests.cli_runner import run
from tests.web.conftest import csrf_of
from tixi.model import Span
from tixi.project import Project


def _login(client: TestClient, name: str) -> str:
    token = csrf_of(client)
    assert client.post("/coder", data={"coder": name}, headers={"X-CSRF-Token": token}).status_code == 200
    return token


def test_accept_and_reject_one_by_one_reach_validate_score(client: TestClient, web_project: Path) -> None:
    token = _login(client, "ann")
    page = client.get("/review").text
    ids = [int(found) for found in re.findall(r'<tr id="item-(\d+)"', page)]
    assert len(ids) >= 2
    accepted = client.post("/review/decide", data={"task": "codes", "id": ids[0], "decision": "accept"}, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 200 and 'class="accepted"' in accepted.text
    rejected = client.post("/review/decide", data={"task": "codes", "id": ids[1], "decision": "reject"}, headers={"X-CSRF-Token": token})
    assert 'class="rejected"' in rejected.text
    labels = web_project / "validation" / "review_codes.csv"
    rows = list(csv.DictReader(labels.open(encoding="utf-8")))
    assert sorted(row["correct"] for row in rows) == ["n", "y"] and {row["reviewer"] for row in rows} == {"ann"}
    with Project.open(web_project) as project:
        codings = project.db.execute(f"SELECT id, code_id, substr((SELECT normalized FROM texts WHERE doc_id = codings.doc_id), start + 1, "
                                     f"end - start) FROM codings WHERE id IN ({ids[0]}, {ids[1]}) ORDER BY id").fetchall()
    assert {row["quote"] for row in rows} == {str(row[2]) for row in codings}
    printed = run("validate", "score", str(labels), "-p", str(web_project), "--format", "csv")
    all_row = [line for line in printed.splitlines() if line.startswith("all,")]
    assert all_row and all_row[0].split(",")[1:3] == ["2", "1"]  # marked 2, right 1
    score = client.get("/review/score").text
    assert "all" in score and "0.500" in score


def test_a_bulk_decision_by_term_and_an_undo(client: TestClient, web_project: Path) -> None:
    token = _login(client, "bo")
    with Project.open(web_project) as project:
        term, count = project.db.execute("SELECT term, COUNT(*) FROM codings WHERE coder LIKE 'auto:%' AND term IS NOT NULL "
                                         "GROUP BY term ORDER BY COUNT(*) DESC LIMIT 1").fetchone()
    response = client.post("/review/bulk", data={"task": "codes", "term": term, "decision": "reject"}, headers={"X-CSRF-Token": token})
    assert response.status_code == 200 and response.headers["hx-refresh"] == "true" and response.text.startswith(f"{count} decisions")
    rows = list(csv.DictReader((web_project / "validation" / "review_codes.csv").open(encoding="utf-8")))
    assert len(rows) == count and {row["correct"] for row in rows} == {"n"} and {row["term"] for row in rows} == {term}
    page = client.get(f"/review?term={term}").text
    first = int(re.findall(r'<tr id="item-(\d+)" class="rejected"', page)[0])
    client.post("/review/decide", data={"task": "codes", "id": first, "decision": "undo"}, headers={"X-CSRF-Token": token})
    rows = list(csv.DictReader((web_project / "validation" / "review_codes.csv").open(encoding="utf-8")))
    assert len(rows) == count - 1
    assert client.post("/review/bulk", data={"task": "codes", "decision": "accept"}, headers={"X-CSRF-Token": token}).status_code == 400


def test_flows_are_reviewed_too(client: TestClient, web_project: Path) -> None:
    token = _login(client, "cy")
    page = client.get("/review?task=flows").text
    ids = [int(found) for found in re.findall(r'<tr id="item-(\d+)"', page)]
    assert ids
    client.post("/review/decide", data={"task": "flows", "id": ids[0], "decision": "accept"}, headers={"X-CSRF-Token": token})
    printed = run("validate", "score", str(web_project / "validation" / "review_flows.csv"), "-p", str(web_project), "--format", "csv")
    assert "flow:" in printed


def test_a_decision_needs_a_coder_name(client: TestClient) -> None:
    token = csrf_of(client)
    page = client.get("/review").text
    item = re.findall(r'<tr id="item-(\d+)"', page)[0]
    refused = client.post("/review/decide", data={"task": "codes", "id": item, "decision": "accept"}, headers={"X-CSRF-Token": token})
    assert refused.status_code == 400 and "coder name" in refused.text


def test_fully_reviewed_articles_become_labels_for_tixi_train(client: TestClient, web_project: Path) -> None:
    from tixi.validation.labels import load_labels

    token = _login(client, "di")
    with Project.open(web_project) as project:
        docs = [str(row[0]) for row in project.db.execute(
            "SELECT doc_id FROM codings WHERE coder LIKE 'auto:%' AND doc_id IN (SELECT doc_id FROM segments WHERE kind = 'article') "
            "GROUP BY doc_id ORDER BY COUNT(*) DESC, doc_id LIMIT 2")]
    for doc, decision in zip(docs, ("accept", "reject"), strict=True):
        response = client.post("/review/bulk", data={"task": "codes", "doc": doc, "decision": decision}, headers={"X-CSRF-Token": token})
        assert response.status_code == 200
    articles = load_labels(web_project / "validation" / "review_labels_codes.jsonl")
    assert {article.doc for article in articles} == set(docs)
    with Project.open(web_project) as project:
        for article in articles:
            start, end = project.db.execute("SELECT start, end FROM segments WHERE doc_id = ? AND kind = 'article' AND label = ? "
                                            "ORDER BY start LIMIT 1", (article.doc, article.article)).fetchone()
            coded = {str(row[0]) for row in project.db.execute(
                "SELECT code_id FROM codings WHERE doc_id = ? AND coder LIKE 'auto:%' AND start >= ? AND start < ?", (article.doc, start, end))}
            assert project.text(Span(article.doc, start, end)) == article.text
            assert {code for code, _ in article.codes} == (coded if article.doc == docs[0] else set())
    assert not any(article.flows for article in articles)


def test_results_agreement_and_the_report_pages(client: TestClient, web_project: Path) -> None:
    results = client.get("/results?a=NCCA&b=SCSP")
    assert results.status_code == 200
    assert 'href="/review?code=' in results.text and "/doc/" in results.text  # virtues link to evidence, flows into the reader
    with Project.open(web_project) as project:
        flow = project.flows().iloc[0]
    assert f'/doc/{flow["doc_id"]}?at={flow["start"]}-{flow["end"]}' in results.text
    token = _login(client, "ann")
    doc = re.findall(r'/doc/([0-9a-f]{16})', client.get("/docs").text)[0]
    for coder, end in (("ann", 30), ("bo", 25)):
        client.post("/coder", data={"coder": coder}, headers={"X-CSRF-Token": token})
        made = client.post(f"/doc/{doc}/codings", json={"start": 10, "end": end, "code": "prohibited.littering"}, headers={"X-CSRF-Token": token})
        assert made.status_code == 200, made.text
    agreement = client.get("/agreement?coder=ann&coder=bo")
    assert agreement.status_code == 200 and "prohibited.littering" in agreement.text and "kappa" in agreement.text
    assert client.get("/report/").status_code == 404  # no report written yet
    report = web_project / "report"
    report.mkdir()
    (report / "report.html").write_text("<html><head><style>h1{color:red}</style></head><body><h1>R</h1><img src='figures/a.png'></body></html>",
                                        encoding="utf-8")
    served = client.get("/report/")
    assert served.status_code == 200 and "<h1>R</h1>" in served.text
    assert "script-src" not in served.headers["content-security-policy"] and "default-src 'none'" in served.headers["content-security-policy"]
    (web_project / "tixi.toml").read_text(encoding="utf-8")
    for url in ("/report/../tixi.toml", "/report/%2e%2e/tixi.toml", "/report/..%2ftixi.db", "/report/figures/../../tixi.db"):
        assert client.get(url).status_code == 404, url


def test_memos_on_a_document_and_on_a_coding(client: TestClient, web_project: Path) -> None:
    token = _login(client, "ann")
    doc = re.findall(r'/doc/([0-9a-f]{16})', client.get("/docs").text)[0]
    coding = client.post(f"/doc/{doc}/codings", json={"start": 3, "end": 9, "code": "prohibited.littering"}, headers={"X-CSRF-Token": token}).json()
    on_document = client.post(f"/doc/{doc}/memo", data={"text": "读到<第三条>"}, headers={"X-CSRF-Token": token})
    assert on_document.status_code == 200 and "读到&lt;第三条&gt;" in on_document.text
    on_coding = client.post(f"/codings/{coding['id']}/memo", data={"text": "边界待定"}, headers={"X-CSRF-Token": token})
    assert on_coding.status_code == 200 and "边界待定" in on_coding.text and "memos (1)" in on_coding.text
    with Project.open(web_project) as project:
        memos = project.memos().sort_values("id")
        assert memos[["target_type", "target_id", "author", "text"]].values.tolist()[-2:] == [
            ["document", doc, "ann", "读到<第三条>"], ["coding", str(coding["id"]), "ann", "边界待定"]]
    assert "边界待定" in client.get(f"/doc/{doc}").text


def test_interviews_show_speaker_turns_and_their_case(client: TestClient, web_project: Path) -> None:
    from tixi.interviews.demo import add_demo_interviews

    with Project.open(web_project) as project:
        add_demo_interviews(project)
        doc, case = project.db.execute("SELECT d.id, json_extract(d.meta, '$.case') FROM documents d WHERE json_extract(d.meta, '$.case') "
                                       "IS NOT NULL AND d.id IN (SELECT doc_id FROM segments WHERE kind = 'turn') ORDER BY d.id LIMIT 1").fetchone()
        speakers = {str(row[0]) for row in project.db.execute("SELECT label FROM segments WHERE doc_id = ? AND kind = 'turn'", (doc,))}
        coders = [str(row[0]) for row in project.db.execute("SELECT name FROM coders ORDER BY name LIMIT 2")]
        # metadata naming a case the project does not have links nothing (as in `tixi cases` and the quotes)
        stray = str(project.db.execute("SELECT id FROM documents WHERE id != ? ORDER BY id LIMIT 1", (doc,)).fetchone()[0])
        project.set_metadata(stray, case="NO-SUCH-CASE")
        assert "NO-SUCH-CASE" not in set(project.cases()["case"])
    page = client.get(f"/doc/{doc}").text
    assert f"case {case}" in page
    assert "case NO-SUCH-CASE" not in client.get(f"/doc/{stray}").text
    assert {html_label for html_label in re.findall(r'<span class="turn" data-label="([^"]*)"></span>', page)} == speakers
    agreement = client.get("/agreement?" + "&".join(f"coder={name}" for name in coders)).text
    assert "kappa" in agreement and "alpha" in agreement


def test_a_coder_changes_the_span_of_only_their_own_codings(client: TestClient, web_project: Path) -> None:
    token = _login(client, "ann")
    doc = re.findall(r'/doc/([0-9a-f]{16})', client.get("/docs").text)[0]
    coding = client.post(f"/doc/{doc}/codings", json={"start": 3, "end": 9, "code": "prohibited.littering"}, headers={"X-CSRF-Token": token}).json()
    changed = client.post(f"/codings/{coding['id']}/reshape", json={"start": 4, "end": 12}, headers={"X-CSRF-Token": token}).json()
    assert (changed["start"], changed["end"], changed["before"]) == (4, 12, [3, 9])
    with Project.open(web_project) as project:
        assert project.codings(coder="ann")[["start", "end"]].values.tolist() == [[4, 12]]
    client.post("/coder", data={"coder": "bo"}, headers={"X-CSRF-Token": token})
    refused = client.post(f"/codings/{coding['id']}/reshape", json={"start": 0, "end": 2}, headers={"X-CSRF-Token": token,
                                                                                                   "Accept": "application/json"})
    assert refused.status_code == 400 and "ann's" in refused.json()["error"]
    assert client.post(f"/codings/{coding['id']}/remove", json={}, headers={"X-CSRF-Token": token, "Accept": "application/json"}).status_code != 200


def test_a_flow_accepted_with_corrected_fields(client: TestClient, web_project: Path) -> None:
    from tixi.validation.labels import load_labels

    token = _login(client, "ann")
    with Project.open(web_project) as project:
        doc, count = project.db.execute("SELECT doc_id, COUNT(*) FROM flows WHERE doc_id IN (SELECT doc_id FROM segments WHERE kind = 'article') "
                                        "GROUP BY doc_id ORDER BY COUNT(*), doc_id LIMIT 1").fetchone()
        flows = project.db.execute("SELECT id, source, target, data, direction FROM flows WHERE doc_id = ? ORDER BY id", (doc,)).fetchall()
    first = flows[0]
    corrected = client.post("/review/correct", data={"id": first["id"], "type": "A", "direction": first["direction"], "source": first["source"],
                                                      "target": "信用档案（改）", "data": first["data"]}, headers={"X-CSRF-Token": token})
    assert corrected.status_code == 200 and "corrected" in corrected.text and 'class="accepted"' in corrected.text
    for other in flows[1:]:
        client.post("/review/decide", data={"task": "flows", "id": other["id"], "decision": "reject"}, headers={"X-CSRF-Token": token})
    rows = {row["start"]: row for row in csv.DictReader((web_project / "validation" / "review_flows.csv").open(encoding="utf-8"))}
    marked = [row for row in rows.values() if row["correct"] == "y"]
    assert len(marked) == 1 and marked[0]["target_correct"] == "n" and marked[0]["source_correct"] == "y"
    labels = [article for article in load_labels(web_project / "validation" / "review_labels_flows.jsonl") if article.doc == doc]
    flows_labelled = [flow for article in labels for flow in article.flows]
    assert [flow.target for flow in flows_labelled] == ["信用档案（改）"] and flows_labelled[0].type == "A"
    assert count == len(flows)
