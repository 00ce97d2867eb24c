"""The rubric engine: an offline, deterministic rubric grader (the explainable baseline)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from panelist.embeddings import Embedder, get_embedder
from panelist.engines.base import Engine, EngineOptions, EvaluationRequest
from panelist.engines.rubric.analysis import Analysis, analyse_request
from panelist.engines.rubric.criteria import get_rubric
from panelist.engines.rubric.feedback import write_feedback
from panelist.engines.rubric.judgement import Judgement, judge
from panelist.engines.rubric.scoring import (
    anchor_estimate,
    apply_caps,
    blend_anchor,
    get_calibration,
)
from panelist.lexicon import get_lexicon
from panelist.models import Evaluation


class RubricOptions(EngineOptions):
    """Options of the rubric engine."""

    use_anchors: bool = Field(
        True, description="Place answers among the question's anchor answers."
    )


class RubricEngine(Engine):
    """Scores what expert interviewers look for, with sentence embeddings and a rubric."""

    name: ClassVar[str] = "rubric"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = (
        "Offline rubric grader (MiniLM embeddings + behavioural rubric); explainable baseline."
    )
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"offline", "deterministic", "evidence", "anchors"}
    )
    Options = RubricOptions

    def __init__(
        self, options: EngineOptions | None = None, embedder: Embedder | None = None
    ) -> None:
        super().__init__(options)
        self._embedder = embedder

    @property
    def embedder(self) -> Embedder:
        """The sentence embedder, loaded on first use."""
        if self._embedder is None:
            self._embedder = get_embedder()
        return self._embedder

    @property
    def full_version(self) -> str:
        """Engine, rubric, lexicon and calibration versions: what determines a score."""
        return (
            f"{self.version}+rubric{get_rubric().version}.lexicon{get_lexicon().version}"
            f".cal{get_calibration().version}"
        )

    def analyse(self, request: EvaluationRequest) -> tuple[Analysis, Judgement]:
        """The analysis and judgement behind an evaluation (used by calibration and hybrid)."""
        rubric = get_rubric()
        analysis = analyse_request(request, self.embedder, rubric.generic_prompts)
        return analysis, judge(analysis, rubric)

    def evaluate(self, request: EvaluationRequest) -> Evaluation:
        """Judge one answer."""
        return self.evaluate_with_judgement(request)[0]

    def evaluate_with_judgement(self, request: EvaluationRequest) -> tuple[Evaluation, Judgement]:
        """The evaluation and the judgement (criteria, flaws) it came from."""
        analysis, judgement = self.analyse(request)
        score = get_calibration().apply(judgement.kind, judgement.raw)
        anchors = request.question.anchors
        assert isinstance(self.options, RubricOptions)
        if anchors and self.options.use_anchors:
            text = analysis.kept_text()
            score = blend_anchor(score, anchor_estimate(self.embedder, text, anchors))
        rubric = get_rubric()
        final = round(apply_caps(score, judgement.hits, rubric))
        feedback = write_feedback(analysis, judgement, final, rubric)
        evaluation = Evaluation(
            question_id=request.question.id,
            score=final,
            criteria={k: round(100 * v) for k, v in sorted(judgement.criteria.items())},
            strengths=feedback.strengths,
            weaknesses=feedback.weaknesses,
            improvement_tips=feedback.tips,
            justification=feedback.justification,
            flags=feedback.flags,
            engine=self.name,
            engine_version=self.full_version,
        )
        return evaluation, judgement
