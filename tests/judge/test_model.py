"""The final score: regression and expected style mean, the styles sharpened by a temperature."""

from __future__ import annotations

import numpy as np
import pytest

from panelist.judge.model import final_scores

MEANS = np.array([20.0, 60.0, 90.0], np.float32)
RAW = np.array([0.5], np.float32)
PROBS = np.array([[0.6, 0.3, 0.1]], np.float32)


def test_at_temperature_one_the_score_mixes_regression_and_expected_style_mean() -> None:
    expected = 0.3 * 50 + 0.7 * (0.6 * 20 + 0.3 * 60 + 0.1 * 90)
    assert final_scores(RAW, PROBS, MEANS, 0.7, 1.0)[0] == pytest.approx(expected, abs=1e-4)


def test_a_lower_temperature_moves_the_score_towards_the_likeliest_style() -> None:
    scores = [float(final_scores(RAW, PROBS, MEANS, 0.7, t)[0]) for t in (1.0, 0.6, 0.3)]
    assert scores[0] > scores[1] > scores[2] > 0.3 * 50 + 0.7 * 20
    even = np.full((1, 3), 1 / 3, np.float32)  # nothing to sharpen
    assert final_scores(RAW, even, MEANS, 0.7, 0.3)[0] == pytest.approx(
        final_scores(RAW, even, MEANS, 0.7, 1.0)[0], abs=1e-4
    )


def test_scores_keep_float32_and_one_per_row() -> None:
    rows = np.vstack([PROBS, PROBS[:, ::-1]])
    out = final_scores(np.array([0.5, 0.5], np.float32), rows, MEANS, 0.7, 0.6)
    assert out.dtype == np.float32 and out.shape == (2,) and out[1] > out[0]


def test_a_style_left_out_does_not_count_and_the_others_are_renormalised() -> None:
    left_out = np.array([True, False, False])
    expected = 0.3 * 50 + 0.7 * (0.75 * 60 + 0.25 * 90)
    assert final_scores(RAW, PROBS, MEANS, 0.7, 1.0, left_out)[0] == pytest.approx(
        expected, abs=1e-4
    )
    rows = np.vstack([PROBS, PROBS])
    per_answer = np.array([[True, False, False], [False, False, False]])
    out = final_scores(np.array([0.5, 0.5], np.float32), rows, MEANS, 0.7, 0.6, per_answer)
    assert out[0] > out[1] == pytest.approx(final_scores(RAW, PROBS, MEANS, 0.7, 0.6)[0])


@pytest.mark.parametrize("rest", [0.0, 1e-23])  # 1e-23 squared rounds to 0 in float32
def test_leaving_out_the_only_likely_style_keeps_the_probabilities_as_they_are(rest: float) -> None:
    certain = np.array([[1.0, rest, rest / 10]], np.float32)
    left_out = np.array([True, False, False])
    score = final_scores(RAW, certain, MEANS, 0.7, 0.5, left_out)[0]
    assert np.isfinite(score)
    assert score == pytest.approx(final_scores(RAW, certain, MEANS, 0.7, 0.5)[0])
