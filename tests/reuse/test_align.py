"""Alignment and candidates on synthetic texts with planted passages: exact boundaries, identity, the LSH guarantee."""

from __future__ import annotations

import pytest

from tests.reuse.planted import random_text, substitute
from tixi.errors import InputError
from tixi.reuse.find import find_passages
from tixi.reuse.settings import ReuseSettings


def test_a_planted_verbatim_passage_is_found_with_its_exact_offsets() -> None:
    passage = random_text(1, 120)
    a = random_text(2, 700) + passage + random_text(3, 400)
    b = random_text(4, 1500) + passage + random_text(5, 90)
    found = find_passages([a, b, random_text(6, 2000)], ReuseSettings())
    assert [(m.a, m.b) for m in found.matches] == [(0, 1)]
    match = found.matches[0].match
    assert (match.start_a, match.end_a, match.start_b, match.end_b) == (700, 820, 1500, 1620)
    assert match.identity == 1.0
    assert a[match.start_a:match.end_a] == b[match.start_b:match.end_b] == passage


def test_an_edited_copy_keeps_its_boundaries_and_reports_its_identity() -> None:
    # Candidates need one exact run of min_length (or near-duplicate documents): the edits leave the first 60 characters.
    passage = random_text(7, 300)
    edited = passage[:60] + substitute(passage[60:], 12, seed=8)   # then one character in 12 changed
    a = random_text(9, 500) + passage + random_text(10, 500)
    b = random_text(11, 222) + edited + random_text(12, 333)
    match = find_passages([a, b], ReuseSettings()).matches[0].match
    assert (match.start_a, match.end_a, match.start_b, match.end_b) == (500, 800, 222, 522)
    changed = sum(x != y for x, y in zip(passage, edited, strict=True))
    assert match.matched == 300 - changed   # every unchanged character lies in an exact run of >= 8
    assert 0.9 < match.identity < 1.0


def test_passages_shorter_than_min_length_or_less_alike_than_min_identity_are_left_out() -> None:
    short = random_text(13, 45)
    loose = substitute(random_text(14, 200), 4, seed=15)   # one in four changed: no 8-character seed survives
    a = random_text(16, 300) + short + random_text(17, 300) + random_text(14, 200)
    b = random_text(18, 300) + short + random_text(19, 300) + loose
    assert find_passages([a, b], ReuseSettings()).matches == []
    assert len(find_passages([a, b], ReuseSettings(min_length=40)).matches) == 1


def test_a_clause_one_text_repeats_is_found_against_both_copies() -> None:
    clause = random_text(20, 80)
    a = random_text(21, 200) + clause + random_text(22, 200) + clause + random_text(23, 50)
    b = random_text(24, 100) + clause + random_text(25, 100)
    spans = sorted((m.match.start_a, m.match.start_b) for m in find_passages([a, b], ReuseSettings()).matches)
    assert spans == [(200, 100), (480, 100)]


@pytest.mark.parametrize("length", [50, 51, 57, 64, 90])
def test_every_exact_shared_run_of_min_length_makes_a_candidate_pair(length: int) -> None:
    # The guarantee of LSH bands over sliding windows: a run as long as one window shares that window's key.
    runs = [random_text(100 + seed, length) for seed in range(6)]
    texts = [random_text(200 + seed, 300) + run + random_text(300 + seed, 300) for seed, run in enumerate(runs)]
    texts += [random_text(400 + seed, 300) + run + random_text(500 + seed, 200) for seed, run in enumerate(runs)]
    found = find_passages(texts, ReuseSettings())
    assert sorted(map(tuple, found.candidates.pairs.tolist())) == [(seed, seed + 6) for seed in range(6)]
    assert sorted((m.a, m.b, m.match.end_a - m.match.start_a) for m in found.matches) == [(seed, seed + 6, length) for seed in range(6)]


def test_rewritten_copies_with_no_long_exact_run_are_paired_by_whole_document_minhash() -> None:
    text = random_text(30, 3000)
    rewritten = substitute(text, 20, seed=31)   # no exact run of 32 characters is left
    found = find_passages([text, rewritten, random_text(32, 3000)], ReuseSettings())
    assert found.candidates.window_pairs == 0
    assert found.candidates.pairs.tolist() == [[0, 1]]
    assert len(found.matches) == 1 and found.matches[0].match.identity > 0.85


def test_settings_that_cannot_work_are_refused_with_the_fix() -> None:
    with pytest.raises(InputError, match="shingle"):
        ReuseSettings(min_length=20)
    with pytest.raises(InputError, match="0.8 is usual"):
        ReuseSettings(min_identity=1.5)
