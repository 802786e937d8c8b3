"""The one term matcher: leftmost-longest, non-overlapping, checked against the obvious slow way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tixi.text.terms import TermMatcher, available_backends

ALPHABET = "信用记录平台文明行为"


def reference(terms: list[str], text: str) -> list[tuple[str, int, int]]:
    """Return leftmost-longest matches the slow, obvious way."""
    found, position = [], 0
    while position < len(text):
        here = [term for term in terms if text.startswith(term, position)]
        if here:
            term = max(here, key=len)
            found.append((term, position, position + len(term)))
            position += len(term)
        else:
            position += 1
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12), st.text(ALPHABET, max_size=60))
def test_matches_are_leftmost_longest_with_every_backend(terms: list[str], text: str) -> None:
    expected = reference(sorted(set(terms)), text)
    for backend in available_backends():
        matcher = TermMatcher(terms, backend)
        assert [(matcher.terms[i], start, end) for i, start, end in matcher.matches(text)] == expected


def test_longer_term_wins_where_two_start_together() -> None:
    matcher = TermMatcher(["信用", "信用记录", "记录"])
    assert [(matcher.terms[i], s, e) for i, s, e in matcher.matches("纳入信用记录和记录")] == [("信用记录", 2, 6), ("记录", 7, 9)]
