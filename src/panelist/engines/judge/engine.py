"""The default engine: a judge trained on expert-rated answers, with rules in front of it."""

from __future__ import annotations

from typing import ClassVar

from panelist.engines.base import Engine, EngineOptions, EvaluationRequest
from panelist.engines.judge.feedback import Writer
from panelist.engines.judge.wording import get_wording
from panelist.guard import INSTRUCTION_CAP, check
from panelist.judge.inputs import build_input
from panelist.judge.model import Judge, get_judge
from panelist.models import Evaluation

#: Highest score when a rule decides: the answer cannot be judged on its merits.
RULE_CAPS = {
    "grader_instruction": INSTRUCTION_CAP,
    "non_answer": 8,
    "gibberish": 5,
    "unsupported_language": 10,
}


class JudgeEngine(Engine):
    """Scores with the learned judge; rules catch grader instructions and unreadable answers."""

    name: ClassVar[str] = "judge"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = (
        "Offline learned judge (MiniLM layers + a head trained on 1,900 rated answers); default."
    )
    capabilities: ClassVar[frozenset[str]] = frozenset({"offline", "deterministic", "evidence"})

    def __init__(self, options: EngineOptions | None = None, judge: Judge | None = None) -> None:
        super().__init__(options)
        self._judge = judge

    @property
    def judge(self) -> Judge:
        """The trained model, loaded on first use."""
        if self._judge is None:
            self._judge = get_judge()
        return self._judge

    @property
    def full_version(self) -> str:
        """Engine, model and wording versions: what determines an evaluation."""
        return f"{self.version}+model{self.judge.version}.wording{get_wording().version}"

    def evaluate(self, request: EvaluationRequest) -> Evaluation:
        """Judge one answer."""
        guard = check(request.answer)
        item = build_input(request, exclude=set(guard.instruction))
        prediction = self.judge.predict(item) if item.pieces else None
        score = prediction.score if prediction else 0.0
        for finding in guard.findings:
            score = min(score, RULE_CAPS[finding.code])
        final = round(max(0.0, min(100.0, score)))
        feedback = Writer(get_wording(), request, item, prediction, guard).write(final)
        return Evaluation(
            question_id=request.question.id,
            score=final,
            strengths=feedback.strengths,
            weaknesses=feedback.weaknesses,
            improvement_tips=feedback.tips,
            justification=feedback.justification,
            flags=feedback.flags,
            engine=self.name,
            engine_version=self.full_version,
        )
