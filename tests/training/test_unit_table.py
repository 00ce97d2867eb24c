"""The unit table gives the same token states whether it encodes them or reads its cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from training.judge.data import Example, UnitTable

from panelist.engines.base import EvaluationRequest
from panelist.judge.inputs import build_input
from panelist.models import Question


def _example(answer: str) -> Example:
    request = EvaluationRequest(
        question=Question(id="Q1", text="Tell me about a hard bug."), answer=answer
    )
    return Example("a", build_input(request), 80.0, "strong", "analyst", "Q1", 1.0, "train", {})


def test_a_fresh_table_and_a_cached_one_hold_the_same_states(tmp_path: Path) -> None:
    examples = [_example("I traced a memory leak to a cache that never expired. I fixed it.")]
    fresh = UnitTable(examples, tmp_path)
    assert list(tmp_path.glob("units-*.npz")), "the table was not cached"
    cached = UnitTable(examples, tmp_path)
    assert len(fresh.states) == len(cached.states) > 1
    for a, b in zip(fresh.states, cached.states, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(fresh.means, cached.means)
