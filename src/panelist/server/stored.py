"""What an evaluation job evaluates, read from the database.

An interview's questions with the first answers and, after them, the follow-up exchanges of
every submitted round in order (a follow-up question left unanswered is not part of them); the
round each question's text is from; and the latest stored evaluation of each question. A
follow-up round's job evaluates only the questions that round asked about (and any never
evaluated); every other job evaluates every question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from panelist.errors import PanelistError
from panelist.models import Evaluation, FollowUpAnswer, Interview, JobDescription, QuestionAnswer
from panelist.server.questionsets import from_row
from panelist.server.tables import (
    Answer,
    Candidate,
    EvaluationRow,
    FollowUpAnswerRow,
    FollowUpQuestion,
    FollowUpRound,
    InterviewRow,
    Job,
    QuestionRow,
    QuestionSet,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Exchange:
    """A follow-up question answered in a round."""

    round_number: int
    follow_up: FollowUpAnswer


def exchanges(session: Session, interview_id: str) -> dict[str, list[Exchange]]:
    """The answered follow-ups of every submitted round, by question id, in the order asked
    (those left blank are left out)."""
    rows = session.execute(
        select(
            FollowUpRound.number,
            FollowUpQuestion.question_id,
            FollowUpQuestion.text,
            FollowUpAnswerRow.text,
        )
        .join(FollowUpQuestion, FollowUpQuestion.round_id == FollowUpRound.id)
        .join(FollowUpAnswerRow, FollowUpAnswerRow.follow_up_question_id == FollowUpQuestion.id)
        .where(FollowUpRound.interview_id == interview_id, FollowUpRound.submitted_at.is_not(None))
        .order_by(FollowUpRound.number, FollowUpQuestion.position)
    ).all()
    found: dict[str, list[Exchange]] = {}
    for number, question_id, question, answer in rows:
        if not answer.strip():
            continue
        exchange = Exchange(number, FollowUpAnswer(question=question, answer=answer))
        found.setdefault(question_id, []).append(exchange)
    return found


def latest_of_each(
    session: Session, interview_id: str, column: InstrumentedAttribute[T]
) -> dict[str, T]:
    """``column`` of the most recent stored evaluation of each question, by question id."""
    rows = session.execute(
        select(Answer.question_id, column)
        .join(Answer, Answer.id == EvaluationRow.answer_id)
        .where(Answer.interview_id == interview_id)
        .order_by(EvaluationRow.created_at, EvaluationRow.id)
    ).all()
    return dict(rows)


def latest_evaluations(session: Session, interview_id: str) -> dict[str, Evaluation]:
    """The most recent stored evaluation of each question."""
    results = latest_of_each(session, interview_id, EvaluationRow.result)
    return {qid: Evaluation.model_validate(result) for qid, result in results.items()}


@dataclass(frozen=True)
class Stored:
    """An interview as stored, and what one job of it evaluates."""

    interview: Interview
    answer_ids: dict[str, str]
    rounds: dict[str, int]
    targets: list[str]
    previous: dict[str, Evaluation]

    @property
    def to_evaluate(self) -> Interview:
        """The interview with only the questions this job evaluates."""
        wanted = set(self.targets)
        items = [i for i in self.interview.items if i.question.id in wanted]
        return self.interview.model_copy(update={"items": items})


def load(session: Session, interview_id: str, job_id: str) -> Stored:
    """The interview of stored answers and follow-up exchanges, and what job ``job_id`` does."""
    row = session.get_one(InterviewRow, interview_id)
    qset = session.get_one(QuestionSet, row.question_set_id)
    job = session.get_one(Job, qset.job_id)
    candidate = session.get_one(Candidate, row.candidate_id)
    questions = session.scalars(
        select(QuestionRow)
        .where(QuestionRow.question_set_id == qset.id)
        .order_by(QuestionRow.position)
    ).all()
    answers = {
        a.question_id: a
        for a in session.scalars(select(Answer).where(Answer.interview_id == interview_id))
    }
    missing = [q.question_id for q in questions if q.question_id not in answers]
    if missing:
        raise PanelistError(f"interview {interview_id}: no stored answer to {', '.join(missing)}")
    asked = exchanges(session, interview_id)
    interview = Interview(
        role=qset.role,
        job_description=JobDescription(title=job.title, text=job.description),
        candidate=candidate.name,
        items=[
            QuestionAnswer(
                question=from_row(q),
                answer=answers[q.question_id].text,
                follow_ups=[e.follow_up for e in asked.get(q.question_id, [])],
            )
            for q in questions
        ],
    )
    ids = [q.question_id for q in questions]
    previous = latest_evaluations(session, interview_id)
    round_of = session.scalars(
        select(FollowUpRound.number).where(FollowUpRound.evaluation_job_id == job_id)
    ).first()
    if round_of is None:
        targets = ids
    else:
        targets = [
            qid
            for qid in ids
            if qid not in previous or any(e.round_number == round_of for e in asked.get(qid, []))
        ]
    return Stored(
        interview=interview,
        answer_ids={qid: a.id for qid, a in answers.items()},
        rounds={qid: max((e.round_number for e in asked.get(qid, [])), default=1) for qid in ids},
        targets=targets,
        previous=previous,
    )
