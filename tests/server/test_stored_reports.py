"""A report stored before a change to how the summary is figured is read as a new one would be."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from panelist.aggregate import summarize
from panelist.models import Evaluation, Flag, Interview, Question, QuestionAnswer, Report
from panelist.report import render
from panelist.server.services.interviews import latest_report
from panelist.server.web.exports import html_page


@dataclass
class _Row:
    result: dict[str, Any]


class _Session:
    """Stands in for the database session: the one stored report row."""

    def __init__(self, row: _Row) -> None:
        self.row = row

    def scalars(self, _query: object) -> _Session:
        return self

    def first(self) -> _Row:
        return self.row


def test_a_stored_summary_that_averaged_an_answer_not_judged_is_figured_afresh() -> None:
    items = [QuestionAnswer(question=Question(id=q, text="Why?"), answer="Because.") for q in "AB"]
    evaluations = [
        Evaluation(question_id="A", score=80),
        Evaluation(
            question_id="B",
            score=10,
            flags=[Flag(code="unsupported_language", message="Not English.")],
        ),
    ]
    old = summarize(evaluations, count_unjudged=True)  # how it was stored before
    stored = Report(
        interview=Interview(role="r", items=items), evaluations=evaluations, summary=old
    )
    report = latest_report(_Session(_Row(stored.model_dump(mode="json"))), "i")  # type: ignore[arg-type]
    assert old.average_score == 45
    assert report is not None and report.summary.average_score == 80
    assert report.summary.lowest.question_ids == ["A"]
    assert report.summary.judged_questions == 1
    page = html_page(report)
    assert "1 judged: the figures count only these" in page
    assert "| Answers judged | 1 of 2 (the figures below count only these) |" in render(
        report, "md"
    )
    assert "judged: the figures" not in html_page(stored.model_copy(update={"summary": old}))
