"""Agreement between the two coders of the synthetic interviews, checked against the krippendorff package."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from tixi.errors import InputError, NotFound
from tixi.interviews.reliability import CodedSpan, char_units
from tixi.project import Project


def test_char_level_per_code_matches_the_package(interviews_project: Project) -> None:
    frame = interviews_project.agreement(["李敏", "陈洁"]).set_index("code")
    assert frame.attrs["documents"] == 9 and frame.attrs["synthetic_documents"] == 9
    lengths = {doc: len(text) for doc, text in interviews_project.iter_texts()}
    spans = [CodedSpan(r.doc_id, r.start, r.end, r.code_id, r.coder) for r in interviews_project.codings().itertuples()]
    matrix = char_units(lengths, spans, ["李敏", "陈洁"], "talk.conflation")
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert frame.loc["talk.conflation", "krippendorff_alpha"] == pytest.approx(expected, abs=1e-4)
    assert frame.loc["talk.conflation", "units"] == sum(lengths.values())
    pooled = frame.loc["(all codes)"]
    assert pooled["units"] == sum(lengths.values()) * 6
    assert 0.5 < pooled["krippendorff_alpha"] < 0.95


def test_segment_level_uses_turns(interviews_project: Project) -> None:
    frame = interviews_project.agreement(["李敏", "陈洁"], code="talk.experience", level="segment")
    assert list(frame["code"]) == ["talk.experience"]
    assert frame.iloc[0]["units"] == len(interviews_project.segments(kind="turn"))
    # Both coders coded experience in the same nine turns, except RC-02 where 陈洁 also coded the points turn.
    assert (frame.iloc[0]["coded_by_any"], frame.iloc[0]["coded_by_all"]) == (10, 9)


def test_agreement_with_itself_is_perfect(interviews_project: Project) -> None:
    for row in interviews_project.codings(coder="李敏").itertuples():
        interviews_project.add_coding(row.doc_id, start=row.start, end=row.end, code=row.code_id, coder="李敏2")
    frame = interviews_project.agreement(["李敏", "李敏2"])
    assert (frame["krippendorff_alpha"] == 1.0).all() and (frame["percent_agreement"] == 1.0).all()


def test_agreement_errors(interviews_project: Project) -> None:
    with pytest.raises(NotFound, match="no coder '王五'"):
        interviews_project.agreement(["李敏", "王五"])
    with pytest.raises(InputError, match="two different coders"):
        interviews_project.agreement(["李敏", "李敏"])
    with pytest.raises(InputError, match="level"):
        interviews_project.agreement(["李敏", "陈洁"], level="word")
    assert np.isfinite(interviews_project.agreement(["李敏", "陈洁"], level="segment")["cohen_kappa"]).all()
