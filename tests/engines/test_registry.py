from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest

from panelist.engines.base import AHEAD, Engine, EngineOptions, EvaluationRequest
from panelist.engines.registry import Registry, get_registry, register_builtin
from panelist.errors import InputError, PanelistError, UnknownEngineError
from panelist.models import Evaluation
from tests.conftest import request_for


class _Options(EngineOptions):
    fixed: int = 50


class _Fixed(Engine):
    name: ClassVar[str] = "fixed"
    version: ClassVar[str] = "0.1"
    Options = _Options

    def evaluate(self, request: EvaluationRequest) -> Evaluation:
        if not request.answer:
            raise PanelistError("empty")
        assert isinstance(self.options, _Options)
        return Evaluation(
            question_id=request.question.id, score=self.options.fixed, engine=self.name
        )


def test_builtin_engines_are_registered_like_plugins() -> None:
    registry = Registry()
    register_builtin(registry)
    assert "rubric" in registry.names()
    assert "rubric" in get_registry().names()


def test_unknown_engine_lists_the_known_ones() -> None:
    registry = Registry()
    registry.register(_Fixed)
    with pytest.raises(UnknownEngineError, match=r"unknown engine 'nope'; known engines: fixed"):
        registry.get("nope")


def test_options_are_validated() -> None:
    registry = Registry()
    registry.register(_Fixed)
    assert registry.create("fixed", fixed=70).evaluate(request_for("x")).score == 70
    with pytest.raises(
        InputError, match="engine 'fixed' options: fixed: Input should be a valid integer"
    ):
        registry.create("fixed", fixed="lots")


def test_evaluate_many_yields_errors_in_place() -> None:
    results = list(
        _Fixed().evaluate_many([request_for("a"), request_for(""), request_for("b")], workers=2)
    )
    assert isinstance(results[1], PanelistError)
    assert [r.score for r in results if isinstance(r, Evaluation)] == [50, 50]


class _Slow(_Fixed):
    """Answers after the first take a while: a caller can stop while some are queued."""

    def __init__(self) -> None:
        super().__init__()
        self.started = 0
        self._lock = threading.Lock()

    def evaluate(self, request: EvaluationRequest) -> Evaluation:
        with self._lock:
            self.started += 1
            first = self.started == 1
        if not first:
            time.sleep(0.5)
        return super().evaluate(request)


def test_evaluate_many_reads_requests_as_it_needs_them() -> None:
    """With workers, a few requests per worker are queued, not the whole stream; a caller that
    stops leaves nothing queued: the requests no worker has started are never evaluated."""
    read = 0

    def stream() -> Iterator[EvaluationRequest]:
        nonlocal read
        for _ in range(1000):
            read += 1
            yield request_for("an answer")

    engine = _Slow()
    results = engine.evaluate_many(stream(), workers=2)
    assert isinstance(next(results), Evaluation)
    assert read == 2 * AHEAD
    results.close()
    assert read == 2 * AHEAD
    assert engine.started <= 3  # the first, and what the two workers had begun; not all 8
