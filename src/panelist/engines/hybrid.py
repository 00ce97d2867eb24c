"""The ``hybrid`` engine: the rubric's score and flags, the LLM's feedback, one combined score.

The rubric keeps what it is trusted for: deterministic evidence and flags. An answer that tries
to instruct the grader is flagged and capped by the rubric whatever the model says. A large
disagreement between the two scores is flagged for human review. If the model fails, the
rubric's evaluation is returned with a flag saying so, and the fallbacks are counted for the
run's summary (:meth:`HybridEngine.notes`). Once the LLM server is given up (its breaker is open)
every answer falls back at once.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import ClassVar

from pydantic import Field

from panelist.engines.base import Engine, EngineOptions, EvaluationRequest
from panelist.engines.llm import LLMEngine, LLMOptions
from panelist.engines.rubric import RubricEngine
from panelist.engines.rubric.criteria import get_rubric
from panelist.engines.rubric.scoring import apply_caps
from panelist.errors import EngineError, ServerUnavailableError
from panelist.models import Evaluation, Flag


class HybridOptions(LLMOptions):
    """LLM options, plus how the two scores combine."""

    llm_weight: float = Field(0.5, ge=0, le=1, description="Share of the LLM in the final score.")
    review_gap: int = Field(25, ge=0, le=100, description="Score gap that asks for human review.")


class HybridEngine(Engine):
    """Rubric score and flags with LLM-written feedback."""

    name: ClassVar[str] = "hybrid"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = "Rubric score and flags + LLM feedback; disagreements flagged."
    capabilities: ClassVar[frozenset[str]] = frozenset({"network", "feedback", "evidence", "cache"})
    Options = HybridOptions

    def __init__(
        self,
        options: EngineOptions | None = None,
        rubric: RubricEngine | None = None,
        llm: LLMEngine | None = None,
    ) -> None:
        super().__init__(options)
        assert isinstance(self.options, HybridOptions)
        llm_fields = set(LLMOptions.model_fields)
        llm_options = LLMOptions(**self.options.model_dump(include=llm_fields))
        self.rubric = rubric or RubricEngine()
        self.llm = llm or LLMEngine(llm_options)
        self._lock = threading.Lock()
        self._answers = 0
        self._fallbacks: Counter[str] = Counter()

    @property
    def workers(self) -> int:
        """Answers evaluated in parallel by default."""
        return self.llm.workers

    def degraded(self) -> int:
        """Answers that fell back to the rubric because the LLM failed."""
        with self._lock:
            return sum(self._fallbacks.values())

    def notes(self) -> list[str]:
        """How many answers fell back to the rubric, and the commonest reason."""
        with self._lock:
            fallbacks, answers = sum(self._fallbacks.values()), self._answers
            common = self._fallbacks.most_common(1)
        if not fallbacks:
            return []
        s = "" if answers == 1 else "s"
        return [
            f"{fallbacks} of {answers} answer{s} fell back to the rubric: the LLM failed "
            f"({common[0][0]})"
        ]

    def evaluate(self, request: EvaluationRequest) -> Evaluation:
        """Judge one answer with both engines."""
        assert isinstance(self.options, HybridOptions)
        base, judgement = self.rubric.evaluate_with_judgement(request)
        try:
            opinion = self.llm.model_evaluation(request)
        except EngineError as exc:
            reason = self._reason(exc)
            with self._lock:
                self._answers += 1
                self._fallbacks[reason] += 1
            failed = Flag(
                code="llm_failed", message=f"The LLM gave no evaluation ({reason}); rubric only."
            )
            return base.model_copy(
                update={
                    "flags": [*base.flags, failed],
                    "engine": self.name,
                    "engine_version": self._version(),
                }
            )
        w = self.options.llm_weight
        blended = (1 - w) * base.score + w * opinion.score
        final = round(apply_caps(blended, judgement.hits, get_rubric()))
        flags = list(base.flags)
        rubric_codes = {f.code for f in flags}
        flags += [f for f in opinion.flags if f.code not in rubric_codes]
        if abs(base.score - opinion.score) >= self.options.review_gap:
            flags.append(
                Flag(
                    code="needs_human_review",
                    message=f"The rubric ({base.score}) and the LLM ({opinion.score}) disagree by "
                    f"{abs(base.score - opinion.score)} points.",
                )
            )
        note = f" (Rubric {base.score}, LLM {opinion.score}, combined {final}.)"
        with self._lock:
            self._answers += 1
        return Evaluation(
            question_id=request.question.id,
            score=final,
            criteria={**base.criteria, "llm": opinion.score},
            strengths=opinion.strengths or base.strengths,
            weaknesses=[
                *[w_ for w_ in base.weaknesses if w_.kind in rubric_codes],
                *opinion.weaknesses,
            ]
            or base.weaknesses,
            improvement_tips=opinion.improvement_tips or base.improvement_tips,
            justification=(opinion.justification or base.justification) + note,
            flags=flags,
            engine=self.name,
            engine_version=self._version(),
            model=opinion.model,
            prompt_version=opinion.prompt_version,
            usage=opinion.usage,
        )

    def _reason(self, exc: EngineError) -> str:
        if isinstance(exc, ServerUnavailableError):
            text = (
                f"{exc.base_url} unreachable after {exc.failures} consecutive failures: {exc.cause}"
            )
        else:
            text = str(exc)
        return self.llm.client.scrub(text)

    def _version(self) -> str:
        return f"{self.version}+{self.rubric.full_version}"
