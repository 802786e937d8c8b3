"""find_codes: leftmost-longest, non-overlapping matching of codebook terms; both backends agree."""

from __future__ import annotations

import random

from tixi.coding.lexicon import CodeHit, find_codes, lexicon_for


def reference_matches(terms: list[str], text: str) -> list[tuple[int, int]]:
    """Leftmost-longest by brute force: at each position from the left, the longest term starting there."""
    found, position = [], 0
    while position < len(text):
        lengths = [len(term) for term in terms if text.startswith(term, position)]
        if lengths:
            found.append((position, position + max(lengths)))
            position += max(lengths)
        else:
            position += 1
    return found


def test_longest_match_wins_and_hits_carry_code_and_term() -> None:
    hits = find_codes("（一）不随地吐痰、便溺，不乱扔垃圾；")
    assert hits == [
        CodeHit(4, 8, "prohibited.spitting", "随地吐痰"),
        CodeHit(9, 11, "prohibited.spitting", "便溺"),
        CodeHit(13, 15, "prohibited.littering", "乱扔"),
    ]


def test_excluded_wrong_sense_codes_nothing() -> None:
    assert find_codes("开展爱国卫生运动") == []
    assert [hit.code_id for hit in find_codes("开展爱国主义教育")] == ["virtue.patriotism"]
    assert find_codes("执行军人及其家属优待规定") == []


def test_longer_term_of_another_code_takes_precedence() -> None:
    # 失信被执行人名单 (a blacklist) contains 失信 terms of the dishonesty code; the longest wins.
    assert [(hit.code_id, hit.term) for hit in find_codes("纳入失信被执行人名单")] == [("mechanism.black_list", "失信被执行人名单")]


def test_matches_equal_brute_force_reference_on_random_mixtures() -> None:
    lexicon = lexicon_for()
    pieces = lexicon.terms + ["的", "，", "不", "信", "失", "文明", "垃圾"]
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert [(start, end) for _, start, end in lexicon.matches(text)] == reference_matches(lexicon.terms, text)


def test_cached_lexicon_is_reused() -> None:
    assert lexicon_for() is lexicon_for()
