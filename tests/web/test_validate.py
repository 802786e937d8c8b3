"""A validation sample drawn and marked in the browser is the file `tixi validate score` reads, with live estimates."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from starlette.testclient import TestClient

from tests.cli_runner import run
from tests.web.conftest import csrf_of


def test_draw_and_mark_a_sample(client: TestClient, web_project: Path) -> None:
    token = csrf_of(client)
    client.post("/coder", data={"coder": "ann"}, headers={"X-CSRF-Token": token})
    drawn = client.post("/validate/draw", data={"task": "codes", "n": "12", "seed": "3"}, headers={"X-CSRF-Token": token})
    assert drawn.status_code == 200 and drawn.headers["hx-redirect"] == "/validate?sample=sample_codes_3.csv"
    path = web_project / "validation" / "sample_codes_3.csv"
    page = client.get("/validate?sample=sample_codes_3.csv").text
    ids = re.findall(r'<tr id="unit-(\d+)"', page)
    assert len(ids) == len(list(csv.DictReader(path.open(encoding="utf-8")))) > 0
    for unit, mark in zip(ids[:4], "yyny", strict=True):
        marked = client.post("/validate/mark", data={"sample": "sample_codes_3.csv", "id": unit, "mark": mark}, headers={"X-CSRF-Token": token})
        assert marked.status_code == 200 and marked.headers["hx-trigger"] == "marked"
    rows = {row["sample_id"]: row["correct"] for row in csv.DictReader(path.open(encoding="utf-8"))}
    assert [rows[unit] for unit in ids[:4]] == list("yyny") and all(rows[unit] == "" for unit in ids[4:])
    estimates = client.get("/validate/estimates?sample=sample_codes_3.csv").text
    assert "precision (estimated)" in estimates and f"{len(ids) - 4} not yet marked" in estimates
    printed = run("validate", "score", str(path), "-p", str(web_project), "--format", "csv")
    assert "precision (estimated)" in printed
    for name in ("../tixi.toml", "review_codes.csv", "..%2Ftixi.db", "nothing.csv"):
        refused = client.post("/validate/mark", data={"sample": name, "id": "1", "mark": "y"}, headers={"X-CSRF-Token": token})
        assert refused.status_code == 400, name
