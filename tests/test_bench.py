"""The benchmark's report lines (``panelist.bench``)."""

from __future__ import annotations

from typing import Any

from panelist.bench import _noted
from panelist.engines.base import EvaluationRequest
from tests.conftest import request_for


def _rows(labels: list[float]) -> list[tuple[dict[str, Any], EvaluationRequest]]:
    return [({"score": label}, request_for("I fixed it.")) for label in labels]


def test_answers_noted_for_a_reviewer_are_compared_with_the_others() -> None:
    rows = _rows([80.0, 20.0, 50.0, 60.0])
    line = _noted(rows, [50.0, 50.0, 52.0, 58.0], [True, True, False, False])
    assert line == (
        "noted for a reviewer (check_score): 2 of 4, MAE 30.0 against 2.0 for the others; "
        "off by more than 15 points: 100% against 0%"
    )


def test_with_no_answer_noted_only_the_count_is_given() -> None:
    line = _noted(_rows([80.0, 20.0]), [80.0, 20.0], [False, False])
    assert line == "noted for a reviewer (check_score): 0 of 2"
