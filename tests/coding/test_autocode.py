"""tixi code: every document coded, incremental recoding, the pack version recorded with each coding."""

from __future__ import annotations

import shutil
from pathlib import Path

from tixi.coding.autocode import coding_model
from tixi.config import Config
from tixi.packs import load_pack
from tixi.project import Project

_MODEL = coding_model(load_pack("ncca_scsp"))
MODEL = f"+{_MODEL.label}" if _MODEL else ""  # the shipped coding model, recorded with the coder


def with_pack(project: Project, folder: Path) -> Project:
    """Return the same project opened with another pack folder."""
    config = Config(convert=project.config.convert, segmenter=project.config.segmenter, pack=str(folder))
    return Project(project.root, project.db, config)


def copy_pack(tmp_path: Path, version: str, drop_term: str | None = None) -> Path:
    folder = tmp_path / f"pack-{version}-{drop_term or 'all'}"
    shutil.copytree(load_pack("ncca_scsp").path, folder, ignore=shutil.ignore_patterns("corpus"))
    description = folder / "pack.yaml"
    description.write_text(description.read_text(encoding="utf-8").replace('version: "0.1.0"', f'version: "{version}"'), encoding="utf-8")
    if drop_term:
        codebook = folder / "codebook.yaml"
        codebook.write_text(codebook.read_text(encoding="utf-8").replace(f"[{drop_term}, ", "["), encoding="utf-8")
    return folder


def test_code_codes_every_document_then_skips_unchanged(fresh_corpus_project: Project) -> None:
    project = fresh_corpus_project
    first = project.code()
    assert len(first.coded) == 50 and first.skipped == [] and first.added > 4000
    stored = project.db.execute("SELECT COUNT(*), COUNT(DISTINCT doc_id), MIN(coder), MAX(coder) FROM codings").fetchone()
    assert tuple(stored) == (first.added, 50, f"auto:lexicon@0.1.0{MODEL}", f"auto:lexicon@0.1.0{MODEL}")
    confidence = project.db.execute("SELECT MIN(confidence), MAX(confidence) FROM codings").fetchone()
    assert 0.0 < confidence[0] <= confidence[1] <= 1.0  # every automatic coding carries the model's probability
    runs = project.db.execute("SELECT COUNT(*), MIN(pack) FROM coding_runs").fetchone()
    assert tuple(runs) == (50, "ncca_scsp@0.1.0")
    second = project.code()
    assert second.coded == [] and len(second.skipped) == 50 and second.added == second.removed == 0
    row = project.db.execute(
        "SELECT term, polarity, start, end FROM codings WHERE code_id = 'prohibited.spitting' AND polarity = 'prohibited' LIMIT 1"
    ).fetchone()
    assert row["term"] in ("随地吐痰", "吐痰", "便溺") and row["end"] - row["start"] == len(row["term"])


def test_codebook_change_touches_only_the_codings_that_change(fresh_corpus_project: Project, tmp_path: Path) -> None:
    project = fresh_corpus_project
    before = project.code()
    dropped = project.db.execute("SELECT COUNT(*) FROM codings WHERE term = '随地吐痰'").fetchone()[0]
    assert dropped > 0
    changed = with_pack(project, copy_pack(tmp_path, "0.1.0", drop_term="随地吐痰"))
    after = changed.code()
    assert len(after.coded) == 50  # the codebook changed, so every document is looked at again ...
    assert after.removed == dropped  # ... but only the codings of the dropped term go, the rest stay
    assert after.kept + after.removed == before.added
    assert changed.db.execute("SELECT COUNT(*) FROM codings WHERE term = '随地吐痰'").fetchone()[0] == 0


def test_pack_version_change_shows_in_the_coder(fresh_corpus_project: Project, tmp_path: Path) -> None:
    project = fresh_corpus_project
    project.code()
    upgraded = with_pack(project, copy_pack(tmp_path, "0.2.0"))
    report = upgraded.code()
    assert report.coder == f"auto:lexicon@0.2.0{MODEL}" and len(report.coded) == 50
    coders = {row[0] for row in upgraded.db.execute("SELECT DISTINCT coder FROM codings")}
    assert coders == {f"auto:lexicon@0.2.0{MODEL}"}
    assert {row[0] for row in upgraded.db.execute("SELECT DISTINCT pack FROM coding_runs")} == {"ncca_scsp@0.2.0"}


def test_evidence_lists_spans_with_article(coded_corpus_project: Project) -> None:
    project = coded_corpus_project
    frame = project.evidence(code="prohibited.jaywalking", system="NCCA")
    assert len(frame) >= 30 and set(frame["system"]) == {"NCCA"}
    for row in frame.head(40).itertuples():
        text = project.document(row.doc_id).text
        assert text[row.start:row.end] == row.match
        # A term matches itself; a proximity pattern "A…B" spans from its first word to its second.
        first, _, second = row.term.partition("…")
        assert row.match == row.term if not second else (row.match.startswith(first) and row.match.endswith(second))
    row = frame.iloc[0]
    regulations = frame[frame["kind"] == "regulation"]
    assert regulations["article"].str.match(r"^第.+条$").all()
    # In the framework (no articles) the unit is the numbered item, e.g. Ⅲ-49.
    assert frame[frame["kind"] == "framework"]["article"].notna().all()
    family = project.evidence(code="prohibited")
    assert set(frame["code_id"]) <= set(family["code_id"]) and family["code_id"].nunique() > 10


def test_reads_never_code_and_say_what_to_run(fresh_corpus_project: Project) -> None:
    import pytest

    from tixi.errors import InputError

    project = fresh_corpus_project
    assert project.auto_codings().empty and not project.is_coded()
    assert project.db.execute("SELECT COUNT(*) FROM codings").fetchone()[0] == 0  # the read wrote nothing
    with pytest.raises(InputError, match="run `tixi code`"):
        project.compare_virtues("NCCA", "SCSP")
    project.code()
    assert project.is_coded() and not project.auto_codings().empty
    assert set(project.compare_virtues("NCCA", "SCSP").prevalence["group"]) == {"NCCA", "SCSP"}
