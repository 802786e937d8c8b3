"""The coding commands, run as a user runs them."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.cli_runner import invoke, run, runner
from tixi.cli import app
from tixi.project import Project


def test_coding_commands_end_to_end(fresh_corpus_project: Project, tmp_path: Path) -> None:
    folder = str(fresh_corpus_project.root)
    assert "Coded 50 documents, skipped 0" in run("code", "-p", folder)
    assert "Coded 0 documents, skipped 50 unchanged (auto:lexicon@0.1.0+coding-model@" in run("code", "-p", folder)

    lines = run("kwic", "prohibited.jaywalking", "-p", folder, "--system", "NCCA", "--context", "10", "-f", "csv").splitlines()
    assert lines[0].startswith("doc_id,title,system") and len(lines) > 30 and "闯红灯" in "".join(lines)
    literal = run("kwic", "光盘行动", "-p", folder, "-f", "csv")
    assert "光盘行动" in literal and "第" in literal

    matrix = list(csv.DictReader(run("matrix", "-p", folder, "--by", "article", "--format", "csv").splitlines()))
    assert set(matrix[0]) >= {"doc_id", "article", "code_id", "polarity", "term", "count"}
    assert any(row["article"] == "第十一条" and row["code_id"] == "prohibited.spitting" for row in matrix)

    keyness = run("compare", "virtues", "NCCA", "SCSP", "-p", folder, "--table", "keyness", "-f", "csv")
    assert keyness.splitlines()[1].startswith("promoted.volunteering,")
    assert "prevalence" in run("compare", "virtues", "NCCA", "SCSP", "-p", folder, "--by", "system")
    assert "municipal" in run("compare", "virtues", "provincial", "municipal", "-p", folder, "--by", "level", "--table", "prevalence", "-f", "csv")

    sample = tmp_path / "sample.csv"
    assert "Wrote" in run("validate", "sample", "-p", folder, "--code", "prohibited", "-n", "20", "--out", str(sample))
    rows = list(csv.DictReader(sample.open(encoding="utf-8")))
    assert all(row["code_id"].startswith("prohibited.") for row in rows)
    strata = {row["stratum"] for row in rows}
    assert "0: no candidate" in strata and any(row["coded"] == "y" for row in rows) and any(row["coded"] == "n" for row in rows)
    # Mark every coded unit right but the first, every uncoded unit wrong but one of the zero stratum.
    first_coded = next(index for index, row in enumerate(rows) if row["coded"] == "y")
    first_zero = next(index for index, row in enumerate(rows) if row["stratum"] == "0: no candidate")
    for index, row in enumerate(rows):
        row["correct"] = ("n" if index == first_coded else "y") if row["coded"] == "y" else ("y" if index == first_zero else "n")
    with sample.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    scored = {row["measure"]: row for row in csv.DictReader(run("validate", "score", str(sample), "-p", folder, "-f", "csv").splitlines())}
    # The Horvitz-Thompson estimates, by hand: each stratum's share of right marks times its size.
    by_stratum: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_stratum.setdefault(row["stratum"], []).append(row)
    found = sum(int(g[0]["stratum_size"]) * sum(r["correct"] == "y" for r in g) / len(g) for g in by_stratum.values() if g[0]["coded"] == "y")
    missed = sum(int(g[0]["stratum_size"]) * sum(r["correct"] == "y" for r in g) / len(g) for g in by_stratum.values() if g[0]["coded"] == "n")
    coded = sum(int(g[0]["stratum_size"]) for g in by_stratum.values() if g[0]["coded"] == "y")
    precision, recall = scored["precision (estimated)"], scored["recall (estimated)"]
    assert abs(float(precision["value"]) - found / coded) < 1e-9 and abs(float(recall["value"]) - found / (found + missed)) < 1e-9
    assert float(recall["low"]) <= float(recall["value"]) <= float(recall["high"]) and float(recall["value"]) < 1.0


def test_uncertain_order_lists_the_units_nearest_the_threshold_first(fresh_corpus_project: Project, tmp_path: Path) -> None:
    sample = tmp_path / "uncertain.csv"
    run("validate", "sample", "-p", str(fresh_corpus_project.root), "--task", "flows", "-n", "24", "--order", "uncertain",
        "--out", str(sample))
    rows = list(csv.DictReader(sample.open(encoding="utf-8")))
    threshold = fresh_corpus_project._flow_reader().model.threshold  # type: ignore[union-attr]
    distances = [abs(float(row["score"]) - threshold) for row in rows]
    assert distances == sorted(distances) and {row["task"] for row in rows} == {"flows"}
    assert any(row["coded"] == "y" and "→" in row["predicted"] for row in rows)


def test_bad_mark_is_one_error_line(fresh_corpus_project: Project, tmp_path: Path) -> None:
    sample = tmp_path / "bad.csv"
    sample.write_text("code_id,correct\nvirtue.honesty,maybe\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "score", str(sample), "-p", str(fresh_corpus_project.root)])
    assert result.exit_code == 1 and f"{sample}:2: correct must be y or n" in result.output.replace("\n", "")


def test_matrix_table_prints_its_code_columns(coded_corpus_project: Project) -> None:
    # The terminal view keeps every column of the matrix (it printed "no rows" when it kept none).
    shown = run("compare", "virtues", "NCCA", "SCSP", "-p", str(coded_corpus_project.root), "--table", "matrix")
    assert "promoted.volunteering" in shown and "no rows" not in shown


def test_bad_choices_are_one_error_line_before_any_work(coded_corpus_project: Project) -> None:
    folder = str(coded_corpus_project.root)
    code, _, error = invoke("compare", "virtues", "NCCA", "SCSP", "-p", folder, "--table", "bogus")
    assert code == 1 and error.startswith("Error: unknown table 'bogus'")
    code, _, error = invoke("compare", "virtues", "NCCA", "SCSP", "-p", folder, "--by", "colour")
    assert code == 1 and error.startswith("Error: --by must be one of system, kind, level, place, year")
    code, _, error = invoke("matrix", "-p", folder, "--by", "code")
    assert code == 1 and error.startswith("Error: --by must be document or article")
    # An empty string would match at every offset (and never advance): refused, not looped on.
    code, _, error = invoke("kwic", "", "-p", folder)
    assert code == 1 and error.startswith("Error: give a term")
