"""No effective-date, purpose or definition clause counts as an alignment; suzhou is no longer 'all aligned'."""

from __future__ import annotations

import re

import pytest

from tixi.frameworks.align import alignment_settings
from tixi.project import Project

# Written here, apart from the pack's patterns, so that the test does not check the patterns against themselves.
EFFECTIVE = re.compile(r"自\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日起施行|自公布之日起施行|自发布之日起施行")
PURPOSE = re.compile(r"^第[一二三四五六七八九十]+条\s*为了?.{0,120}制定本(条例|办法)")
DEFINITION = re.compile(r"^第[一二三四五六七八九十百]+条\s*本(条例|办法)所称")


def boilerplate_clause(text: str) -> bool:
    body = text.strip()
    return len(body) <= 160 and bool(EFFECTIVE.search(body) or PURPOSE.search(body) or DEFINITION.search(body))


@pytest.mark.parametrize(("framework", "system"), [("suzhou", "NCCA"), ("nankai", "SCSP")])
def test_no_boilerplate_clause_is_ever_a_candidate(framework_project: Project, framework: str, system: str) -> None:
    result = framework_project.compare_criteria(framework, system, top=10)
    texts = {}
    for doc_id, text in framework_project.iter_texts(sorted(set(result.alignment["b_doc_id"].dropna()))):
        texts[doc_id] = text
    clauses = [texts[str(row.b_doc_id)][int(row.b_start):int(row.b_end)] for row in result.alignment.itertuples()]
    assert clauses and not [clause[:40] for clause in clauses if boilerplate_clause(clause)]
    assert result.meta["boilerplate_dropped"]["b"] > 0


def test_suzhou_is_not_all_aligned_and_the_overlap_states_its_probability(framework_project: Project) -> None:
    result = framework_project.compare_criteria("suzhou", "NCCA")
    overall = result.overlap[result.overlap["branch"] == "(all)"].iloc[0]
    assert overall["share"] < 1.0
    assert result.meta["min_probability"] == alignment_settings(framework_project.pack).min_probability
    assert 0 <= overall["aligned_low"] <= overall["aligned_high"] <= overall["units"]
    counted = result.alignment[result.alignment["probability"] >= result.meta["min_probability"]]
    assert int(overall["aligned"]) >= len(set(counted["a_id"]))
