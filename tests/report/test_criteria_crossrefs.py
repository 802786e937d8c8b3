"""Dimension 1 shows the cross-references between the systems even where no framework was imported."""

from __future__ import annotations

from pathlib import Path

from tixi.frameworks.crossref import find_triggers, load_triggers, load_virtue_words
from tixi.packs import load_pack
from tixi.project import Project
from tixi.report import build


def test_a_project_without_frameworks_reports_articles_naming_the_other_system(fresh_corpus_project: Project, tmp_path: Path) -> None:
    assert fresh_corpus_project.frameworks.empty
    frame = fresh_corpus_project.cross_references("NCCA", "SCSP")
    civility = frame[frame["side"] == "NCCA"]
    assert len(civility) >= 10 and set(frame["unit_kind"]) == {"article"}
    written = build.write_report(fresh_corpus_project, tmp_path, formats=["md"])
    text = next(path for path in written if path.suffix == ".md").read_text(encoding="utf-8")
    section = text[text.index("Dimension 1"):]
    assert "Cross-references between the systems (articles)" in section
    assert f"civilized cities articles naming social credit instruments (of {frame.attrs['units_a']} articles) | [" in section
    assert "Indicators that name" not in section  # articles are never labelled as indicators


def test_a_virtue_word_alone_names_no_credit_instrument() -> None:
    pack = load_pack("ncca_scsp")
    credit = load_triggers(pack)["SCSP"]
    assert "守信" in load_virtue_words(pack)["SCSP"]
    assert find_triggers("弘扬诚实守信的传统美德，倡导守信践诺。", credit) == []
    assert [hit.term for hit in find_triggers("建立守信激励和失信惩戒机制。", credit)] == ["守信激励", "失信惩戒"]
