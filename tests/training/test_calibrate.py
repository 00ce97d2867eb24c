"""The style temperature fitted on out-of-fold outputs."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

pytest.importorskip("torch", reason="training needs the train extra: pip install -e '.[train]'")

from training.judge.calibrate import OutOfFold, pair_changes

MEANS = [20.0, 60.0, 90.0]


def _oof(labels: list[float]) -> OutOfFold:
    probs = [[0.6, 0.3, 0.1], [0.1, 0.3, 0.6], [0.2, 0.6, 0.2]]
    cv: dict[str, Any] = {
        str(i): {"regression": 50.0, "style_probs": p, "style_means": MEANS}
        for i, p in enumerate(probs)
    }
    examples: Any = [SimpleNamespace(id=str(i), label=y) for i, y in enumerate(labels)]
    return OutOfFold(cv, examples)


def test_at_temperature_one_an_answer_scores_as_the_cross_validation_did() -> None:
    every = np.ones(3, bool)
    scores = _oof([0.0] * 3).scores(1.0, 0.7, every)
    assert scores[0] == pytest.approx(0.3 * 50 + 0.7 * (0.6 * 20 + 0.3 * 60 + 0.1 * 90), abs=1e-3)


def test_the_temperature_the_labels_were_made_at_has_the_least_error() -> None:
    every = np.ones(3, bool)
    made = _oof([0.0] * 3).scores(0.5, 0.7, every)
    oof = _oof([float(s) for s in made])
    errors = {t: oof.squared_error(t, 0.7, every) for t in (0.3, 0.5, 0.8, 1.0)}
    assert min(errors, key=errors.__getitem__) == 0.5


def test_a_pair_moves_by_its_rounded_scores_difference() -> None:
    side = {"regression": 50.0, "style_probs": [0.6, 0.3, 0.1]}
    changed = {"regression": 50.0, "style_probs": [0.1, 0.3, 0.6]}
    pairs = [{"style_means": MEANS, "sides": [side, changed]}]
    same = [{"style_means": MEANS, "sides": [side, side]}]
    assert pair_changes(same, 0.5, 0.7).tolist() == [0.0]
    moved = {t: float(pair_changes(pairs, t, 0.7)[0]) for t in (1.0, 0.5)}
    left, right = 15 + 0.7 * (12 + 18 + 9), 15 + 0.7 * (2 + 18 + 54)  # 42.3 and 66.8
    assert moved[1.0] == round(right) - round(left) == 25
    assert moved[0.5] > moved[1.0]  # sharper styles, larger change
