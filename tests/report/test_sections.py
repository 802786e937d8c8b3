"""A part of tixi that is missing or broken becomes a note; the rest of the report still renders."""

from __future__ import annotations

from pathlib import Path

import pytest

from tixi.project import Project
from tixi.report import build
from tixi.report.context import ReportContext
from tixi.report.evidence import EvidenceStore
from tixi.report.figures import Figures, choose_font
from tixi.report.i18n import load_names
from tixi.report.model import NotLanded, Section


def context_for(project: Project, lang: str = "en") -> ReportContext:
    names = load_names(project, lang)
    return ReportContext(lang, names, EvidenceStore(project), Figures(names), project.documents())


def not_landed(project: Project, context: ReportContext) -> Section:
    raise NotImplementedError("the dimension-9 API")


def half_built(project: Project, context: ReportContext) -> Section:
    context.evidence.documents_group("a count", "broken", ["no-such-document"])
    raise ValueError("a bug in the stage")


def missing_method(project: Project, context: ReportContext) -> Section:
    raise NotLanded("Project has no compare_everything")


def test_missing_and_broken_sections_become_notes(corpus_project: Project) -> None:
    context = context_for(corpus_project)
    section = build._run("x", "criteria.title", not_landed, corpus_project, context)
    assert section.status == "not_landed"
    assert section.notes[0].startswith("This part has not landed yet")
    assert build._run("y", "criteria.title", missing_method, corpus_project, context).status == "not_landed"
    with pytest.warns(UserWarning, match="a bug in the stage"):
        broken = build._run("z", "virtues.title", half_built, corpus_project, context)
    assert broken.status == "failed" and "ValueError: a bug in the stage" in broken.notes[0]
    assert context.evidence.groups == []  # the failed section's half-made evidence is dropped


def test_report_of_an_uncoded_project_renders_every_section(fresh_corpus_project: Project, tmp_path: Path) -> None:
    """The shared corpus project has documents only: no codings, frameworks or cases.

    Its flows are read first (the report reads stored flows; other tests may or may not have read them).
    """
    fresh_corpus_project.extract_flows()
    written = build.write_report(fresh_corpus_project, tmp_path, formats=["html"])
    html = next(path for path in written if path.name == "report.html").read_text(encoding="utf-8")
    for key in ("overview", "criteria", "virtues", "flows", "fragmentation", "interviews", "reuse", "methods"):
        assert f'id="sec-{key}"' in html
    assert 'data-status="failed"' not in html
    assert "data:image/png;base64," in html


def test_figures_find_a_cjk_font() -> None:
    if not Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists():
        pytest.skip("fonts-wqy-microhei is not installed here (the Makefile installs it; figures fall back to English labels)")
    font = choose_font()
    assert font.cjk and font.family


def test_bilingual_names(corpus_project: Project) -> None:
    english, chinese = load_names(corpus_project, "en"), load_names(corpus_project, "zh")
    assert english.place("杭州市") == "杭州市 Hangzhou"
    assert english.value("systems", "NCCA") == "civilized cities" and chinese.value("systems", "NCCA") == "文明城市"
    assert english.code("prohibited.jaywalking", short=True) != chinese.code("prohibited.jaywalking", short=True)
    assert chinese.t("overview.title") == "语料概览"


def test_methods_cite_the_measured_validity_of_the_shipped_models(report_dir: Path) -> None:
    import yaml

    from tixi.packs import load_pack

    pack = load_pack("ncca_scsp")
    record = yaml.safe_load((pack.path / pack.named("validation", "validation.yaml")).read_text(encoding="utf-8"))
    frozen = {f["measure"]: f for f in record["figures"] if f["evaluation"] == "frozen"}
    markdown = (report_dir / "report.md").read_text(encoding="utf-8")
    methods = markdown[markdown.index("Validity of the automatic measures"):]
    recall = frozen["flow article (A, B, W): recall"]
    assert f"{recall['value']:.2f} [{recall['low']:.2f}, {recall['high']:.2f}] (n={recall['n']})" in methods
    assert "frozen set (22 documents) was drawn at random before any tuning" in methods


def test_evidence_rows_go_to_disk_and_come_back_in_order(corpus_project: Project) -> None:
    """Groups keep their rows in a temporary database; a group dropped after a failed section leaves no rows behind."""
    store = EvidenceStore(corpus_project)
    doc_id = str(corpus_project.documents()["id"].iloc[0])
    text = store.text(doc_id)
    rows = [store.passage(doc_id, start, start + 4) for start in (200, 10, 100)]
    first = store.group("three spans", "test", "passages", rows)
    assert [text[row.start:row.end] for row in store.by_id(first).rows] == [row.quote for row in store.by_id(first).rows]
    assert [row.start for row in store.by_id(first).rows] == sorted(row.start for row in rows)
    assert store.by_id(first).size == 3
    second = store.group("one span", "test", "passages", rows[:1])
    assert store.forget_after(1) == [second]
    again = store.group("another span", "test", "passages", rows[1:2])
    assert again == second and store.by_id(again).rows == rows[1:2]
