"""Normalisation folds what needs folding, keeps labels as printed, and maps every span back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tixi.text.normalize import OffsetMap, normalize

FULL_WIDTH = "ＡＢＣａｂｃ０１２３，．：；！？（）"
TRADITIONAL = "這個規劃實施條例關於誠實守信與文明養犬體系網絡"
LABELS = "ⅠⅡⅢⅣ①②③⑴⒈㈠"
SPACES = [" ", "  ", "\t", "\u3000", "\u3000\u3000", "\r\n", "\r", "\n", "\n\n", "\u200b", "\ufeff", "\u00a0"]
PLAIN = "第一条本市行政区域内的文明行为促进工作适用本条例。abc 123"

pieces = st.one_of(
    st.sampled_from(list(FULL_WIDTH)),
    st.sampled_from(list(TRADITIONAL)),
    st.sampled_from(list(LABELS)),
    st.sampled_from(SPACES),
    st.sampled_from(list(PLAIN)),
    st.text(max_size=3),
)
documents = st.lists(pieces, max_size=60).map("".join)


def test_full_width_folds_and_labels_stay_as_printed() -> None:
    text = normalize("Ⅲ-34　測評ＡＢＣ１２３％，①項（一）").text
    assert text == "Ⅲ-34 測評ABC123%，①項（一）"


def test_whitespace_runs_collapse_and_map_back_to_the_whole_run() -> None:
    original = "第一章\u3000总\u3000\u3000则\r\n\r\n第一条"
    result = normalize(original)
    assert result.text == "第一章 总 则\n\n第一条"
    start = result.text.index("则")
    space = start - 1
    assert result.offsets.to_original(space, space + 1) == (5, 7)  # the two ideographic spaces
    assert original[slice(*result.offsets.to_original(start, len(result.text)))] == "则\r\n\r\n第一条"


def test_traditional_to_simplified_is_optional_and_recorded() -> None:
    assert normalize("條例關於誠實守信").text == "條例關於誠實守信"
    converted = normalize("條例關於誠實守信", convert="t2s")
    assert converted.text == "条例关于诚实守信"
    assert converted.converter == "t2s"


def test_offset_map_survives_json() -> None:
    result = normalize("ＡＢ  \r\nＣ\u200bＤ")
    again = OffsetMap.from_json(result.offsets.to_json())
    assert again == result.offsets


@settings(max_examples=300, deadline=None)
@given(documents, st.data())
def test_every_span_maps_back_to_the_original_slice_it_came_from(original: str, data: st.DataObject) -> None:
    result = normalize(original)
    length = len(result.text)
    start = data.draw(st.integers(0, length))
    end = data.draw(st.integers(start, length))
    first, last = result.offsets.to_original(start, end)
    assert 0 <= first <= last <= len(original)
    # Normalising the original slice gives back exactly the normalised span.
    assert normalize(original[first:last]).text == result.text[start:end]
    # And the slice maps forward onto the same span.
    if end > start:
        assert result.offsets.to_normalized(first, last) == (start, end)


@settings(max_examples=200, deadline=None)
@given(documents, st.data())
def test_spans_map_back_with_script_conversion(original: str, data: st.DataObject) -> None:
    result = normalize(original, convert="t2s")
    length = len(result.text)
    start = data.draw(st.integers(0, length))
    end = data.draw(st.integers(start, length))
    first, last = result.offsets.to_original(start, end)
    assert 0 <= first <= last <= len(original)
    if end > start:
        forward = result.offsets.to_normalized(first, last)
        # A span maps back to a slice that maps forward onto a span covering it.
        assert forward[0] <= start and forward[1] >= end
        assert normalize(original[first:last]).text.strip() != "" or result.text[start:end].strip() == ""
