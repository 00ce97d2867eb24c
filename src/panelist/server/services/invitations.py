"""The candidate's side, reached only through an invitation token.

A token opens one interview: its role, job description and questions (never reference
points, anchors or scores), drafts that may be overwritten until the one submit, and the
report only when the recruiter turned on practice feedback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelist.models import Report
from panelist.server.services import links
from panelist.server.services.errors import Refused
from panelist.server.services.interviews import latest_report
from panelist.server.tables import Answer, Draft, InterviewRow, Job, QuestionRow, QuestionSet, now
from panelist.server.worker import Queue


@dataclass(frozen=True)
class Opened:
    """What the candidate reads: the role, the job and the questions."""

    role: str
    job: Job
    questions: list[QuestionRow]


def questions(session: Session, interview: InterviewRow) -> list[QuestionRow]:
    """The interview's questions, in order."""
    return list(
        session.scalars(
            select(QuestionRow)
            .where(QuestionRow.question_set_id == interview.question_set_id)
            .order_by(QuestionRow.position)
        )
    )


def drafts(session: Session, interview_id: str) -> dict[str, str]:
    """The saved drafts' texts by question id."""
    rows = session.scalars(select(Draft).where(Draft.interview_id == interview_id))
    return {d.question_id: d.text for d in rows}


def answers(session: Session, interview_id: str) -> dict[str, str]:
    """The submitted answers by question id."""
    rows = session.scalars(select(Answer).where(Answer.interview_id == interview_id))
    return {a.question_id: a.text for a in rows}


def open_interview(session: Session, interview: InterviewRow) -> Opened:
    """The role, job and questions; the first opening marks the interview started."""
    if interview.opened_at is None:
        interview.opened_at = now()
        if interview.status == "invited":
            interview.status = "in_progress"
        session.commit()
    qset = session.get_one(QuestionSet, interview.question_set_id)
    job = session.get_one(Job, qset.job_id)
    return Opened(qset.role, job, questions(session, interview))


_SUBMITTED = "this interview was already submitted"


def save_draft(
    session: Session, interview: InterviewRow, question_id: str, text: str, max_chars: int
) -> datetime:
    """Save (or overwrite) the draft answer to one question; when it was saved."""
    links.still_open(interview, _SUBMITTED)
    if question_id not in {q.question_id for q in questions(session, interview)}:
        raise Refused(404, f"no question {question_id} in this interview")
    links.check_length("text", text, max_chars)

    def write() -> datetime:
        draft = session.scalars(
            select(Draft).where(
                Draft.interview_id == interview.id, Draft.question_id == question_id
            )
        ).first()
        moment = now()
        if draft is None:
            draft = Draft(interview_id=interview.id, question_id=question_id, text=text)
            session.add(draft)
        draft.text = text
        draft.updated_at = moment
        if interview.status == "invited":
            interview.status = "in_progress"
        interview.opened_at = interview.opened_at or moment
        return moment

    return links.commit_draft(session, write)


def submit(
    session: Session,
    queue: Queue,
    interview: InterviewRow,
    given: dict[str, str],
    max_chars: int,
) -> tuple[datetime, int]:
    """Store the answers for good (``given``, else the drafts) and queue the evaluation.

    Returns the time and the number of answers; only one submit succeeds (409 after).
    """
    links.still_open(interview, _SUBMITTED)
    ids = [q.question_id for q in questions(session, interview)]
    links.check_known(given, ids, "question in this interview")
    for qid, text in given.items():
        links.check_length(f"answers.{qid}", text, max_chars)
    saved = drafts(session, interview.id)
    moment = links.claim(session, interview, _SUBMITTED, status="submitted")
    for qid in ids:
        text = given.get(qid, saved.get(qid, ""))
        session.add(Answer(interview_id=interview.id, question_id=qid, text=text))
    queue.enqueue(session, interview.id)
    session.commit()
    return moment, len(ids)


def practice_report(session: Session, interview: InterviewRow) -> Report:
    """The report a practice interview shares with its candidate (403 otherwise, 409 not yet)."""
    links.check_practice(interview)
    report = latest_report(session, interview.id)
    if report is None:
        raise Refused(409, f"no report yet (status {interview.status})")
    return report
