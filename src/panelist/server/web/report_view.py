"""A report arranged for its page and its HTML/PDF export: each answer with its evidence
pieces and criteria chart, and the charts of the summary."""

from __future__ import annotations

from dataclasses import dataclass

from panelist.models import Evaluation, Question, Report
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


def view(report: Report) -> ReportView:
    """The page's view of ``report``."""
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
        cut = pieces(item.answer, evaluation)
        answers.append(AnswerView(n, item.question, item.answer, evaluation, cut, chart))
    scores = bar_chart(
        "scores",
        "Score of each answer (0-100)",
        {a.question.id: (float(a.evaluation.score) if a.evaluation else None) for a in answers},
    )
    averages = report.summary.criteria_averages
    criteria = (
        bar_chart("criteria", "Criteria averaged over all answers (0-100)", dict(averages))
        if averages
        else None
    )
    return ReportView(report, answers, scores, criteria)
