"""Documents a user can correct: manifests checked, metadata set and re-applied, documents removed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.cli_runner import invoke, run
from tixi.errors import InputError
from tixi.project import Project


def corpus(tmp_path: Path, rows: list[dict[str, str]], extra: tuple[str, ...] = ()) -> Path:
    """Write small regulations and a manifest naming ``rows``; files in ``extra`` exist but are not listed."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for index, name in enumerate([row["file"] for row in rows] + list(extra)):
        if name != "missing.txt":
            (folder / name).write_text(f"某市第{index}号条例\n第一条 为了促进文明行为，制定本条例。\n", encoding="utf-8")
    manifest = folder / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "system", "date", "place"])
        writer.writeheader()
        writer.writerows(rows)
    return manifest


def test_manifest_problems_are_listed_and_strict_makes_them_an_error(tmp_path: Path) -> None:
    manifest = corpus(tmp_path, [
        {"file": "a.txt", "system": "NCCAA", "date": "2019-13-45", "place": "济南市"},
        {"file": "missing.txt", "system": "SCSP", "date": "2020", "place": ""},
        {"file": "b.txt", "system": "SCSP", "date": "2020-03-01", "place": "杭州市"},
    ], extra=("unlisted.txt",))
    project = Project.init(tmp_path / "p")
    with pytest.raises(InputError, match="4 problem"):
        project.add([manifest.parent], manifest=manifest, strict=True)
    assert project.documents().empty  # strict adds nothing
    report = project.add([manifest.parent], manifest=manifest)
    joined = "\n".join(report.warnings)
    assert "system 'NCCAA'" in joined and "did you mean 'NCCA'" in joined and "2019-13-45" in joined
    assert "missing.txt is listed but does not exist" in joined and "unlisted.txt is in the folder but not in the manifest" in joined
    documents = project.documents().set_index("title")
    assert documents.loc["某市第0号条例", "system"] != documents.loc["某市第0号条例", "system"]  # NaN: the bad value left out
    assert documents.loc["某市第0号条例", "place"] == "济南市"
    assert documents.loc["某市第2号条例", "system"] == "SCSP"


def test_a_corrected_manifest_is_reapplied_with_update(tmp_path: Path) -> None:
    manifest = corpus(tmp_path, [{"file": "a.txt", "system": "NCCA", "date": "2019", "place": "济南"}])
    folder = str(tmp_path / "p")
    run("init", folder)
    run("add", str(manifest.parent), "--manifest", str(manifest), "-p", folder)
    manifest.write_text("file,system,date,place\na.txt,SCSP,2019-05-01,济南市\n", encoding="utf-8")
    unchanged = run("add", str(manifest.parent), "--manifest", str(manifest), "-p", folder)
    assert "1 already in the project" in unchanged and "updated" not in unchanged
    updated = run("add", str(manifest.parent), "--manifest", str(manifest), "--update", "-p", folder)
    assert "(1 updated from the manifest and options)" in updated
    project = Project.open(Path(folder))
    row = project.documents().iloc[0]
    assert (row["system"], row["date"], row["place"]) == ("SCSP", "2019-05-01", "济南市")
    project.close()


def test_docs_set_checks_values_and_docs_remove_takes_everything_with_it(fresh_corpus_project: Project) -> None:
    folder = str(fresh_corpus_project.root)
    beijing = fresh_corpus_project.documents().set_index("title").loc["北京市文明行为促进条例", "id"]
    assert "Set place='北京'" in run("docs", "set", beijing[:8], "place=北京", "note=checked by hand", "-p", folder)
    code, _, error = invoke("docs", "set", beijing[:8], "date=2020-02-30", "-p", folder)
    assert code == 1 and "not a calendar date" in error
    row = fresh_corpus_project.documents().set_index("id").loc[beijing]
    assert row["place"] == "北京" and row["meta"]["note"] == "checked by hand" and row["meta"]["edited"] == ["note", "place"]
    fresh_corpus_project.code()
    fresh_corpus_project.extract_flows()  # reads never extract; other tests may or may not have read the shared corpus's flows
    flows_before = fresh_corpus_project.flows()
    assert (flows_before["doc_id"] == beijing).any()
    assert "Removed 1 document" in run("docs", "remove", beijing[:8], "-p", folder)
    assert beijing not in set(fresh_corpus_project.documents()["id"])
    for table in ("texts", "segments", "codings", "flows"):
        assert fresh_corpus_project.db.execute(f"SELECT COUNT(*) FROM {table} WHERE doc_id = ?", (beijing,)).fetchone()[0] == 0
    assert len(fresh_corpus_project.documents()) == 49
