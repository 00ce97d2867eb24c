from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from panelist import quality


@pytest.fixture
def pairs() -> tuple[list[float], list[float]]:
    rng = np.random.default_rng(0)
    labels = rng.uniform(0, 100, 200)
    predicted = np.clip(labels + rng.normal(0, 15, 200), 0, 100)
    predicted[::7] = 50.0  # ties
    return list(predicted), list(labels)


def test_correlations_match_scipy(pairs: tuple[list[float], list[float]]) -> None:
    predicted, labels = pairs
    assert quality.pearson(predicted, labels) == pytest.approx(stats.pearsonr(predicted, labels)[0])
    assert quality.spearman(predicted, labels) == pytest.approx(
        stats.spearmanr(predicted, labels)[0]
    )


def test_auc_matches_mann_whitney(pairs: tuple[list[float], list[float]]) -> None:
    predicted, labels = pairs
    positive = [v > 50 for v in labels]
    pos = [p for p, y in zip(predicted, positive, strict=True) if y]
    neg = [p for p, y in zip(predicted, positive, strict=True) if not y]
    u = stats.mannwhitneyu(pos, neg).statistic
    assert quality.roc_auc(predicted, positive) == pytest.approx(u / (len(pos) * len(neg)))


@pytest.mark.parametrize(
    ("score", "level"), [(0, 0), (14.9, 0), (15, 1), (54, 2), (55, 3), (89, 4), (90, 5), (100, 5)]
)
def test_levels(score: float, level: int) -> None:
    assert quality.level(score) == level


def test_kappa_is_one_for_identical_levels_and_lower_when_off() -> None:
    labels = [5, 20, 40, 60, 80, 95]
    assert quality.quadratic_kappa(labels, labels) == pytest.approx(1.0)
    shifted = [20, 40, 60, 80, 95, 95]
    assert quality.quadratic_kappa(shifted, labels) < 0.9


def test_macro_f1_and_smd() -> None:
    assert quality.macro_f1(
        [True, False, True, False], [True, False, False, False]
    ) == pytest.approx((2 / 3 + 0.8) / 2)
    assert quality.standardised_mean_difference([60, 70, 80], [50, 60, 70]) > 0
