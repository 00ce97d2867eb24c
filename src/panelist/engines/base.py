"""What every scoring engine provides, and the request it answers."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from panelist.errors import PanelistError
from panelist.models import Evaluation, Flag, JobDescription, Point, Question


class EvaluationRequest(BaseModel):
    """One answer to judge, with everything an engine may use to judge it."""

    model_config = ConfigDict(extra="forbid")

    question: Question
    answer: str
    job_description: JobDescription = Field(default_factory=JobDescription)
    role: str = ""
    asked: list[str] = Field(
        default_factory=list,
        exclude_if=lambda value: not value,
        description="Follow-up questions already asked (a second round); their lines are "
        "blanked out of the answer (see panelist.models.candidate_text).",
    )


@dataclass
class Feedback:
    """What an engine writes about one answer, besides the score."""

    strengths: list[Point] = field(default_factory=list)
    weaknesses: list[Point] = field(default_factory=list)
    tips: list[Point] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    justification: str = ""


class EngineOptions(BaseModel):
    """Base of every engine's options; unknown options are an error."""

    model_config = ConfigDict(extra="forbid")


#: Requests a worker of :meth:`Engine.evaluate_many` may have queued ahead of the one awaited.
AHEAD = 4


class Engine(ABC):
    """A scoring back end. Subclasses set ``name``, ``version`` and ``capabilities``."""

    name: ClassVar[str]
    version: ClassVar[str]
    description: ClassVar[str] = ""
    capabilities: ClassVar[frozenset[str]] = frozenset()
    Options: ClassVar[type[EngineOptions]] = EngineOptions

    def __init__(self, options: EngineOptions | None = None) -> None:
        self.options = options or self.Options()

    @property
    def workers(self) -> int:
        """Answers evaluated in parallel when the caller does not say."""
        return 1

    @abstractmethod
    def evaluate(self, request: EvaluationRequest) -> Evaluation:
        """Judge one answer."""

    def degraded(self) -> int:
        """Answers this engine scored in a lesser way (e.g. without its model) since it was made."""
        return 0

    def notes(self) -> list[str]:
        """Lines for the closing summary of a run: what went wrong besides per-answer errors."""
        return []

    def evaluate_many(
        self, requests: Iterable[EvaluationRequest], workers: int | None = None
    ) -> Iterator[Evaluation | PanelistError]:
        """Judge answers in order; a failure is yielded in place of its evaluation.

        Requests are read as they are needed, ``AHEAD`` per worker at most: a long stream is
        not read into memory, and a caller that stops early leaves no work queued.
        """
        workers = self.workers if workers is None else workers
        call: Callable[[EvaluationRequest], Evaluation | PanelistError] = self._safe_evaluate
        if workers <= 1:
            yield from map(call, requests)
            return
        pool = ThreadPoolExecutor(max_workers=workers)
        try:
            queued: deque[Future[Evaluation | PanelistError]] = deque()
            for request in requests:
                queued.append(pool.submit(call, request))
                if len(queued) >= workers * AHEAD:
                    yield queued.popleft().result()
            while queued:
                yield queued.popleft().result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _safe_evaluate(self, request: EvaluationRequest) -> Evaluation | PanelistError:
        try:
            return self.evaluate(request)
        except PanelistError as exc:
            return exc
