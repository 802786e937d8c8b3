"""Comparison between systems: keyness against a hand computation, co-occurrence, prevalence with evidence."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tixi.compare.virtues import VirtueComparison, chi_square, cooccurrence, keyness
from tixi.project import Project


def test_keyness_matches_hand_computation() -> None:
    # Hand-made counts: code x is 30 of 100 mentions in a and 10 of 200 in b.
    counts_a = {"x": 30, "y": 70}
    counts_b = {"x": 10, "y": 190}
    frame = keyness(counts_a, counts_b, alpha0=300).set_index("code_id")
    # Prior a_w = a_0 * pooled share: x pooled 40 of 300 -> a_x = 40; a_0 = 300.
    a_x = 40.0
    delta = math.log((30 + a_x) / (100 + 300 - 30 - a_x)) - math.log((10 + a_x) / (200 + 300 - 10 - a_x))
    variance = 1 / (30 + a_x) + 1 / (10 + a_x)
    assert frame.loc["x", "alpha"] == pytest.approx(40.0)
    assert frame.loc["x", "log_odds"] == pytest.approx(delta)  # ln(70/330) - ln(50/450) = 0.6466
    assert frame.loc["x", "log_odds"] == pytest.approx(0.646627, abs=1e-6)
    assert frame.loc["x", "variance"] == pytest.approx(variance)
    assert frame.loc["x", "z"] == pytest.approx(delta / math.sqrt(variance))
    assert frame.loc["y", "z"] < 0 < frame.loc["x", "z"]
    # Chi-square of [[30, 70], [10, 190]]: N (ad - bc)^2 / row and column totals.
    expected = 300 * (30 * 190 - 70 * 10) ** 2 / (100 * 200 * 40 * 260)
    assert frame.loc["x", "chi2"] == pytest.approx(expected)  # 36.0577
    assert chi_square(30, 10, 100, 200)[1] == pytest.approx(math.erfc(math.sqrt(expected / 2)))


def test_cooccurrence_counts_articles_and_c_coefficient() -> None:
    codings = pd.DataFrame({
        "doc_id": ["d1", "d1", "d1", "d1", "d2", "d2"],
        "article": ["第一条", "第一条", "第二条", "第三条", "第一条", "第一条"],
        "code_id": ["a", "b", "a", "b", "a", "b"],
    })
    row = cooccurrence(codings).iloc[0]
    # a in 3 articles, b in 3, both in 2 (d1 第一条, d2 第一条): c = 2 / (3 + 3 - 2) = 0.5
    assert (row["code_a"], row["code_b"], row["articles_a"], row["articles_b"], row["articles_both"]) == ("a", "b", 3, 3, 2)
    assert row["c"] == pytest.approx(0.5)


@pytest.fixture(scope="module")
def comparison(coded_corpus_project: Project) -> VirtueComparison:
    return coded_corpus_project.compare_virtues("NCCA", "SCSP")


def test_shared_behaviours_appear_in_both_systems_with_evidence(comparison: VirtueComparison) -> None:
    shared = comparison.shared.set_index("code_id")
    # Jaywalking is NCCA-only here: no bundled SCSP document names it.
    assert shared.loc["prohibited.jaywalking", "status"] == "only NCCA"
    for code_id in ("promoted.volunteering", "virtue.honesty", "prohibited.littering", "promoted.blood_donation", "virtue.bravery"):
        assert shared.loc[code_id, "status"] == "shared", code_id
        assert "NCCA:" in shared.loc[code_id, "evidence"] and "SCSP:" in shared.loc[code_id, "evidence"]
    prevalence = comparison.prevalence
    volunteering = prevalence[prevalence["code_id"] == "promoted.volunteering"].set_index("group")
    assert volunteering.loc["NCCA", "documents_total"] == 35
    assert volunteering.loc["NCCA", "documents"] >= 30 and volunteering.loc["SCSP", "documents"] >= 2
    assert volunteering.loc["NCCA", "document_share"] == pytest.approx(volunteering.loc["NCCA", "documents"] / 35)
    assert "«志愿" in volunteering.loc["SCSP", "evidence"]


def test_keyness_separates_the_systems(comparison: VirtueComparison) -> None:
    key = comparison.keyness.set_index("code_id")
    assert key.loc["promoted.volunteering", "z"] > 3 and key.loc["mechanism.black_list", "z"] < -3
    assert not comparison.keyness["code_id"].str.startswith("talk.").any()
    assert comparison.cooccurrence["c"].between(0, 1).all()
    assert (comparison.matrix["system"].isin(["NCCA", "SCSP"])).all()
