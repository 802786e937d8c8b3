"""Reliability statistics against published examples and the krippendorff package."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest

from tixi.interviews.reliability import (
    LEVELS,
    CodedSpan,
    binary_agreement,
    char_units,
    cohen_kappa,
    krippendorff_alpha,
    mean_pairwise_kappa,
    percent_agreement,
    segment_units,
)

nan = math.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", data C: 4 coders x 12 units.
C = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
     [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
     [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
     [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
# The Wikipedia example (3 coders x 15 units), as in the krippendorff package's docstring.
W = [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
     [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
     [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]


@pytest.mark.parametrize(("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)])
def test_krippendorff_data_c(level: str, expected: float) -> None:
    assert krippendorff_alpha(C, level) == pytest.approx(expected, abs=5e-4)


def test_krippendorff_data_c_exact_to_four_places() -> None:
    values = [round(krippendorff_alpha(C, level), 4) for level in LEVELS]
    assert values == [0.7434, 0.8154, 0.8491, 0.7974]


def test_wikipedia_example() -> None:
    assert krippendorff_alpha(W, "nominal") == pytest.approx(0.691358, abs=1e-6)
    assert krippendorff_alpha(W, "interval") == pytest.approx(0.810845, abs=1e-6)


def test_binary_examples() -> None:
    data_a = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert krippendorff_alpha(data_a) == pytest.approx(0.0952, abs=1e-4)
    assert cohen_kappa(*data_a) == pytest.approx(0.0909, abs=1e-4)
    quica = [[0, 1, 0, 1, 0, 1], [0, 1, 0, 1, 0, 0]]
    assert krippendorff_alpha(quica) == pytest.approx(0.685714, abs=1e-6)
    assert cohen_kappa(*quica) == pytest.approx(0.666667, abs=1e-6)
    assert percent_agreement(quica) == pytest.approx(5 / 6)


def test_nvivo_style_character_example() -> None:
    # 1,000 characters: A codes 150, B codes 100, 50 by both, 800 by neither.
    a = np.zeros(1000)
    b = np.zeros(1000)
    a[:150] = 1
    b[100:200] = 1
    stats = binary_agreement(np.stack([a, b]))
    assert stats.percent_agreement == pytest.approx(0.85)
    assert stats.cohen_kappa == pytest.approx(0.3182, abs=1e-4)
    assert stats.krippendorff_alpha == pytest.approx(0.3146, abs=1e-4)
    assert (stats.coded_by_any, stats.coded_by_all) == (200, 50)


@pytest.mark.parametrize("level", LEVELS)
def test_matches_krippendorff_package_on_random_data(level: str) -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        coders, units = rng.integers(2, 6), rng.integers(5, 40)
        data = rng.integers(1, 6, size=(coders, units)).astype(float)
        data[rng.random(data.shape) < 0.2] = np.nan
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        assert krippendorff_alpha(data, level) == pytest.approx(expected, abs=1e-9)


def test_undefined_alpha_and_kappa_are_nan() -> None:
    assert math.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))
    assert math.isnan(cohen_kappa([1, 1], [1, 1]))


def test_mean_pairwise_kappa_of_two_coders_is_cohen() -> None:
    first, second = [1, 2, 2, 3, 1, 1], [1, 2, 3, 3, 1, 2]
    assert mean_pairwise_kappa([first, second]) == pytest.approx(cohen_kappa(first, second))


def test_char_and_segment_units() -> None:
    spans = [CodedSpan("d1", 2, 5, "x", "A"), CodedSpan("d1", 4, 8, "x", "B"), CodedSpan("d2", 0, 2, "x", "B"),
             CodedSpan("d1", 0, 10, "y", "A")]
    chars = char_units({"d1": 10, "d2": 3}, spans, ["A", "B"], "x")
    assert chars.shape == (2, 13)
    assert chars[0].tolist() == [0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert chars[1].tolist() == [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0]
    segments = segment_units([("d1", 0, 3), ("d1", 3, 10), ("d2", 0, 3)], spans, ["A", "B"], "x")
    assert segments.tolist() == [[1, 1, 0], [0, 1, 1]]


def test_cohen_kappa_leaves_out_units_one_coder_did_not_code() -> None:
    # Units 1 and 2 were coded by one coder only: kappa is computed on units 0, 3 and 4, by hand
    # observed 2/3, expected 2/3·1/3 + 1/3·2/3 = 4/9, kappa (2/3 - 4/9) / (1 - 4/9) = 0.4.
    from tixi.interviews.reliability import cohen_kappa

    assert abs(cohen_kappa([1, 0, None, 1, 0], [1, None, 0, 0, 0]) - 0.4) < 1e-12
    assert abs(cohen_kappa([1, 1, 0], [1, 0, 0]) - cohen_kappa([1, 1, None, 0], [1, 0, 1, 0])) < 1e-12
