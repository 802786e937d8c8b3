"""Comparing criteria on the corpus: cross-reference flagging against hand labels, acceptance 3, overlap, CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from tixi.cli import app
from tixi.compare.criteria import compare_criteria
from tixi.project import Project

from .conftest import NANKAI

LABELS = Path(__file__).parent / "data" / "credit_labels.csv"


def hand_labels() -> dict[tuple[str, str], bool]:
    lines = [line for line in LABELS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {(row["part"], row["code"]): row["credit"] == "1" for row in csv.DictReader(lines)}


def flagged_units(project: Project, framework: str) -> set[str]:
    result = project.compare_criteria(framework, "SCSP")
    own = result.crossrefs[result.crossrefs["side"] == framework]
    return set(own["unit_id"])


def test_credit_flagging_precision_and_recall(framework_project: Project) -> None:
    labels = hand_labels()
    predicted: dict[tuple[str, str], bool] = {}
    for part, name in (("1", "nankai"), ("2", "nankai-2")):
        framework = framework_project.framework(name)
        flagged = flagged_units(framework_project, name)
        for leaf in framework.leaves():
            code = leaf.key if part == "2" else (leaf.code or leaf.title)
            predicted[(part, code)] = leaf.key in flagged
    assert set(predicted) == set(labels)  # every leaf labelled, every label a leaf: 112 units
    true_positive = sum(predicted[key] and labels[key] for key in labels)
    precision = true_positive / max(1, sum(predicted.values()))
    recall = true_positive / max(1, sum(labels.values()))
    print(f"credit flagging on 001: {len(labels)} units, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.9 and recall >= 0.9


def test_acceptance_nankai_against_the_scsp_side(framework_project: Project) -> None:
    result = framework_project.compare_criteria("nankai", "SCSP")
    own = result.crossrefs[result.crossrefs["side"] == "nankai"].set_index("code")
    assert sorted(own.index) == ["Ⅲ-34", "Ⅲ-35", "Ⅲ-36"]
    assert {"红黑名单", "联合惩戒", "守信优待"} <= set(own.loc["Ⅲ-35", "triggers"])
    assert {"征信", "信用记录", "社会信用体系"} <= set(own.loc["Ⅲ-34", "triggers"])
    scsp = set(framework_project.documents().query("system == 'SCSP'")["id"])
    for code in own.index:
        doc_id = own.loc[code, "best_b_doc_id"]
        assert doc_id in scsp
        quote = own.loc[code, "best_quote"]
        row = result.alignment.query("a_code == @code and rank == 1")
        if not row.empty:  # the passage is where the table says it is
            start, end = int(row["quote_start"].iloc[0]), int(row["quote_end"].iloc[0])
            assert framework_project.document(doc_id).text[start:end] == quote
        assert quote
    overlap = result.overlap.set_index("branch")
    assert overlap.loc["Ⅰ-6 诚信守法的市场环境", "units"] == 5
    assert set(overlap.loc["Ⅰ-6 诚信守法的市场环境", "crossref_units"]) == {"Ⅲ-34", "Ⅲ-35", "Ⅲ-36"}
    assert overlap.loc["Ⅰ-6 诚信守法的市场环境", "share"] >= 0.6
    assert overlap.loc["(all)", "units"] == 85
    assert overlap.loc["(all)", "share"] == round(overlap.loc["(all)", "covered"] / 85, 4)
    # SCSP articles naming civility institutions: credit regulations that reward volunteering or 道德模范
    others = result.crossrefs[result.crossrefs["side"] == "SCSP"]
    assert any("志愿服务" in words for words in others["triggers"])
    assert result.meta["method"].split(",")[0] in ("lexical", "lexical+codes", "lexical+instruments", "lexical+codes+instruments")


def test_results_are_deterministic_and_cached(framework_project: Project) -> None:
    first = compare_criteria(framework_project, "nankai", "SCSP")
    second = compare_criteria(framework_project, "nankai", "SCSP")
    for name in ("alignment", "crossrefs", "overlap"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    assert framework_project.compare_criteria("nankai", "SCSP") is framework_project.compare_criteria("nankai", "SCSP")


def test_point_weighted_overlap_of_a_scoring_table(framework_project: Project) -> None:
    result = framework_project.compare_criteria("suzhou", "nankai")
    overall = result.overlap.set_index("branch").loc["(all)"]
    assert overall["points"] == 110
    assert 0 < overall["points_covered"] <= 110
    assert overall["points_share"] == round(overall["points_covered"] / 110, 4)
    assert len(result.overlap) == 5  # four sections and the total


def test_cli_import_list_show_compare(framework_project: Project) -> None:
    runner = CliRunner()
    folder = str(framework_project.root)
    imported = runner.invoke(app, ["frameworks", "import", str(NANKAI), "--system", "NCCA", "--name", "cli", "-p", folder])
    assert imported.exit_code == 0, imported.output
    assert "Stored framework cli (NCCA): level 1: 11, level 2: 40, level 3: 84" in imported.output
    assert "Ⅰ-8 missing" in imported.output
    listing = runner.invoke(app, ["frameworks", "list", "-p", folder, "--format", "csv"])
    assert "cli-2,NCCA" in listing.output
    shown = runner.invoke(app, ["frameworks", "show", "cli", "-p", folder, "--format", "yaml"])
    assert shown.output.startswith("schema: tixi-framework/1\nname: cli\nsystem: NCCA\n")
    tree = runner.invoke(app, ["frameworks", "show", "cli-2", "-p", folder])
    assert "1 领导体制和工作机制" in tree.output
    compared = runner.invoke(app, ["compare", "criteria", "cli", "SCSP", "-p", folder, "--format", "json"])
    data = json.loads(compared.output)
    assert {row["code"] for row in data["crossrefs"] if row["side"] == "cli"} == {"Ⅲ-34", "Ⅲ-35", "Ⅲ-36"}
    missing = runner.invoke(app, ["compare", "criteria", "nothing", "SCSP", "-p", folder])
    assert missing.exit_code == 1 and "neither a framework" in missing.output
    bad = runner.invoke(app, ["frameworks", "import", str(NANKAI), "--system", "XX", "--name", "z", "-p", folder])
    assert bad.exit_code == 1 and "system must be one of" in bad.output


def test_cli_prints_warnings_that_look_like_markup(framework_project: Project, tmp_path: Path) -> None:
    outline = tmp_path / "tags.txt"
    outline.write_text("1.甲项目\n [/x] 查看台账\n", encoding="utf-8")
    runner = CliRunner()
    imported = runner.invoke(app, ["frameworks", "import", str(outline), "--system", "other", "--name", "tags", "-p", str(framework_project.root)])
    assert imported.exit_code == 0, imported.output
    assert "check tag [/x] is not among the pack's methods" in imported.output
