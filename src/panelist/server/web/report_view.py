"""A report arranged for its page and its HTML/PDF export: each answer with its evidence
pieces and criteria chart, and the charts of the summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from panelist.models import FOLLOW_UP_PREFIX, Evaluation, Question, QuestionAnswer, Report
from panelist.server.web.charts import BarChart, bar_chart
from panelist.server.web.highlight import Piece, pieces


@dataclass(frozen=True)
class AnswerView:
    """One question, the answer given and its evaluation."""

    number: int
    question: Question
    answer: str
    evaluation: Evaluation | None
    pieces: list[Piece]
    chart: BarChart | None
    follow_ups: int = 0
    round: int | None = None  # the evaluation's round, when known


@dataclass(frozen=True)
class ReportView:
    """The report and what its page draws."""

    report: Report
    answers: list[AnswerView]
    scores_chart: BarChart
    criteria_chart: BarChart | None

    @property
    def candidate(self) -> str:
        return self.report.interview.candidate or "Candidate"

    @property
    def has_rounds(self) -> bool:
        """Whether any answer comes with follow-up answers (then each says its round)."""
        return any(a.follow_ups for a in self.answers)


def asked_spans(item: QuestionAnswer) -> list[tuple[int, int]]:
    """Where the follow-up question lines are in ``item.full_answer``."""
    shown, judged = item.full_answer, item.candidate_text
    found = []
    start = 0
    for line in shown.split("\n"):
        end = start + len(line)
        if line.startswith(FOLLOW_UP_PREFIX) and not judged[start:end].strip():
            found.append((start, end))
        start = end + 1
    return found


def view(report: Report, rounds: Mapping[str, int] | None = None) -> ReportView:
    """The page's view of ``report``; ``rounds``: the round of each question's evaluation."""
    by_id = {e.question_id: e for e in report.evaluations}
    answers = []
    for n, item in enumerate(report.interview.items, start=1):
        evaluation = by_id.get(item.question.id)
        chart = None
        if evaluation is not None and evaluation.criteria:
            chart = bar_chart(
                f"criteria-{n}",
                f"Criteria of the answer to question {n}",
                {k: float(v) for k, v in evaluation.criteria.items()},
            )
        cut = pieces(item.full_answer, evaluation, asked_spans(item))
        known = (rounds or {}).get(item.question.id)
        answers.append(
            AnswerView(
                n,
                item.question,
                item.full_answer,
                evaluation,
                cut,
                chart,
                follow_ups=len(item.follow_ups),
                round=known or (None if item.follow_ups else 1),
            )
        )
    scores = bar_chart(
        "scores",
        "Score of each answer (0-100)",
        {a.question.id: (float(a.evaluation.score) if a.evaluation else None) for a in answers},
    )
    averages = report.summary.criteria_averages
    criteria = (
        bar_chart("criteria", "Criteria averaged over the answers judged (0-100)", dict(averages))
        if averages
        else None
    )
    return ReportView(report, answers, scores, criteria)
