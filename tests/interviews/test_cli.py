"""The interviews commands, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import run, runner
from tests.interviews.conftest import doc_of
from tixi.cli import app
from tixi.project import Project


def test_cli_workflow(interviews_project: Project, tmp_path: Path) -> None:
    folder = str(interviews_project.root)
    doc = doc_of(interviews_project, "ZZ-01")[:8]
    interviews_project.close()
    assert "HZ-01" in run("cases", "list", "-p", folder)
    assert "Coding 106" in run("coding", "add", doc, "--quote", "有点形式主义", "--code", "talk.attitude.concern", "--coder", "王五",
                               "--memo", "形式主义", "-p", folder)
    assert "有点形式主义" in run("coding", "list", "--coder", "王五", "-f", "csv", "-p", folder)
    assert "Memo 1 on case ZZ-01" in run("memo", "add", "case", "ZZ-01", "--text", "出租车司机", "--author", "李敏", "-p", folder)
    out = run("quotes", "--code", "talk.conflation", "--where", "city=杭州", "--coder", "李敏", "-p", folder)
    assert "3 quotes" in out and "Synthetic data" in out
    out = run("matrix-cases", "--by", "city", "--coder", "李敏", "-p", folder)
    assert "杭州" in out and "9 of 9 cases are marked synthetic" in out
    assert "9 of 9 documents are marked synthetic" in run("agreement", "--coders", "李敏,陈洁", "-p", folder)
    assert "(all codes),segment" in run("agreement", "--coders", "李敏,陈洁", "--level", "segment", "-f", "csv", "-p", folder)
    assert "6 of 6 rows come from synthetic" in run("confusion", "--by", "city", "-p", folder)
    assert "苏州" in run("confusion", "--by", "city", "-f", "csv", "-p", folder)
    tree = json.loads(run("codes", "--format", "json", "-p", folder))
    talk = next(node for node in tree if node["id"] == "talk")
    assert {child["id"] for child in talk["children"]} >= {"talk.conflation", "talk.attitude"}
    assert "Removed coding 106" in run("coding", "remove", "106", "-p", folder)
    qdpx = tmp_path / "out.qdpx"
    assert "105 codings" in run("export", "qdpx", str(qdpx), "-p", folder)
    assert "Wrote" in run("export", "qdc", str(tmp_path / "out.qdc"), "-p", folder)
    fresh = tmp_path / "fresh"
    run("init", str(fresh))
    assert "codings_added 105" in run("import", "qdpx", str(qdpx), "-p", str(fresh))
    assert "codes_existing" in run("import", "qdc", str(tmp_path / "out.qdc"), "-p", str(fresh))


def test_cli_errors_are_one_line(interviews_project: Project) -> None:
    folder = str(interviews_project.root)
    interviews_project.close()
    result = runner.invoke(app, ["agreement", "--coders", "李敏,无名", "-p", folder])
    assert result.exit_code == 1 and "Error:" in result.output and "无名" in result.output
    result = runner.invoke(app, ["coding", "add", "zzzz", "--quote", "x", "--code", "talk.conflation", "--coder", "a", "-p", folder])
    assert result.exit_code == 1 and "no document" in result.output
