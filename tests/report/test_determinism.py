"""Two runs on the same inputs give the same files, except the date line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tixi.cli import app
from tixi.demo import DemoRun, run_demo
from tixi.project import Project
from tixi.report.evidence import EvidenceStore

DATE_PREFIXES = ("Generated on", '<p class="generated"')


def without_date(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(DATE_PREFIXES)]


def files_of(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_a_second_demo_gives_the_same_report(demo_run: DemoRun, report_dir: Path, tmp_path: Path) -> None:
    second = run_demo(tmp_path / "again")
    second.project.close()
    other = tmp_path / "again" / "report"
    assert files_of(report_dir) == files_of(other)
    for name in files_of(report_dir):
        if name.endswith(".png"):
            assert (report_dir / name).read_bytes() == (other / name).read_bytes(), name
        else:
            first_lines, second_lines = without_date(report_dir / name), without_date(other / name)
            assert first_lines == second_lines, name
    html = (report_dir / "report.html").read_text(encoding="utf-8").splitlines()
    assert len(html) - len(without_date(report_dir / "report.html")) == 1  # exactly one line holds the date


def test_source_date_epoch_fixes_the_date_line(demo_run: DemoRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = demo_run.project.report(tmp_path / "a", formats=["md"])
    second = demo_run.project.report(tmp_path / "b", formats=["md"])
    assert [path.relative_to(tmp_path / "a") for path in first] == [path.relative_to(tmp_path / "b") for path in second]
    for one, other in zip(first, second, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name
    report = next(path for path in first if path.name == "report.md")
    assert "Generated on 2023-11-14 22:13 UTC" in report.read_text(encoding="utf-8")


def test_cli_report_in_chinese(demo_run: DemoRun, tmp_path: Path) -> None:
    project_dir = demo_run.project.root
    result = CliRunner().invoke(app, ["report", "-p", str(project_dir), "--out", str(tmp_path / "zh"), "--format", "html,md", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "report.html" in result.output
    html = (tmp_path / "zh" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in html
    for heading in ("语料概览", "维度一：测评标准与指标", "维度二：美德与行为", "维度三：体系间的数据流", "碎片化", "访谈", "方法与来源", "证据附录"):
        assert heading in html, heading
    # Code labels come from the codebook in the report's language (the old check here, "A or 闯红灯", held vacuously).
    assert "闯红灯、乱穿马路、翻越护栏" in html and "Jaywalking and running red lights" not in html
    assert "杭州 Hangzhou" in html
    markdown = (tmp_path / "zh" / "report.md").read_text(encoding="utf-8")
    assert markdown.startswith("# 文明城市与社会信用：两套治理体系的交叉")
    english = (demo_run.report_html or Path()).read_text(encoding="utf-8")
    assert html.count('class="ev-group"') == english.count('class="ev-group"')


def test_cli_rejects_unknown_language_and_format(demo_run: DemoRun, tmp_path: Path) -> None:
    runner = CliRunner()
    bad_lang = runner.invoke(app, ["report", "-p", str(demo_run.project.root), "--out", str(tmp_path), "--lang", "fr"])
    assert bad_lang.exit_code == 1 and "--lang must be one of en, zh" in bad_lang.output
    bad_format = runner.invoke(app, ["report", "-p", str(demo_run.project.root), "--out", str(tmp_path), "--format", "pdf"])
    assert bad_format.exit_code == 1 and "--format takes" in bad_format.output


def test_rows_alike_but_for_the_marked_words_keep_one_order(corpus_project: Project) -> None:
    """Two codings in one sentence quote it twice; their order must not hang on string hashes (which vary by process)."""
    store = EvidenceStore(corpus_project)
    doc_id, _ = next(corpus_project.iter_texts())
    late, early = store.passage(doc_id, 6, 8), store.passage(doc_id, 2, 4)  # both in the opening sentence
    assert late.quote == early.quote and late.mark_start > early.mark_start
    for rows in ([late, early], [early, late]):
        group = store.by_id(store.group("twice in one sentence", "test", "passages", rows))
        assert [row.mark_start for row in group.rows] == [early.mark_start, late.mark_start]
