"""The candidate's side, reached only through an invitation token.

A token opens one interview: its role, job description and questions (never reference
points, anchors or scores), drafts that may be overwritten until the one submit, and the
report only when the recruiter turned on practice feedback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from panelist.models import Report
from panelist.server.security import RateLimiter, hash_token
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


def find(session: Session, limiter: RateLimiter, token: str) -> InterviewRow:
    """The one interview ``token`` opens (429 too fast, 401 unknown, 410 expired)."""
    digest = hash_token(token)
    if not limiter.allow(digest):
        retry = str(limiter.retry_after(digest))
        raise Refused(429, "too many requests; try again shortly", {"Retry-After": retry})
    interview = session.scalars(
        select(InterviewRow).where(InterviewRow.invite_token_hash == digest)
    ).first()
    if interview is None:
        raise Refused(401, "unknown invitation")
    if interview.expires_at <= now():
        raise Refused(410, "this invitation has expired")
    return interview


def questions(session: Session, interview: InterviewRow) -> list[QuestionRow]:
    """The interview's questions, in order."""
    return list(
        session.scalars(
            select(QuestionRow)
            .where(QuestionRow.question_set_id == interview.question_set_id)
            .order_by(QuestionRow.position)
        )
    )


def drafts(session: Session, interview_id: str) -> dict[str, Draft]:
    """The saved drafts by question id."""
    rows = session.scalars(select(Draft).where(Draft.interview_id == interview_id))
    return {d.question_id: d for d in rows}


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


def check_length(field: str, text: str, limit: int) -> None:
    """422 when ``text`` is longer than ``limit`` characters."""
    if len(text) > limit:
        raise Refused(422, f"field {field}: {len(text):,} characters; the limit is {limit:,}")


def _still_open(interview: InterviewRow) -> None:
    if interview.submitted_at is not None:
        raise Refused(409, "this interview was already submitted")


def save_draft(
    session: Session, interview: InterviewRow, question_id: str, text: str, max_chars: int
) -> datetime:
    """Save (or overwrite) the draft answer to one question; when it was saved."""
    _still_open(interview)
    if question_id not in {q.question_id for q in questions(session, interview)}:
        raise Refused(404, f"no question {question_id} in this interview")
    check_length("text", text, max_chars)
    for attempt in range(2):
        draft = drafts(session, interview.id).get(question_id)
        moment = now()
        if draft is None:
            draft = Draft(interview_id=interview.id, question_id=question_id, text=text)
            session.add(draft)
        draft.text = text
        draft.updated_at = moment
        if interview.status == "invited":
            interview.status = "in_progress"
        interview.opened_at = interview.opened_at or moment
        try:
            session.commit()
        except IntegrityError:
            # The same draft was created by a concurrent save (the page's autosave racing
            # its form): overwrite that one instead.
            session.rollback()
            if attempt:
                raise
            continue
        return moment
    raise AssertionError("unreachable: the second attempt returns or raises")


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
    _still_open(interview)
    ids = [q.question_id for q in questions(session, interview)]
    unknown = sorted(set(given) - set(ids))
    if unknown:
        raise Refused(422, f"field answers.{unknown[0]}: no such question in this interview")
    for qid, text in given.items():
        check_length(f"answers.{qid}", text, max_chars)
    saved = drafts(session, interview.id)
    moment = now()
    claimed = session.execute(  # only one submit can move submitted_at from NULL
        update(InterviewRow)
        .where(InterviewRow.id == interview.id, InterviewRow.submitted_at.is_(None))
        .values(submitted_at=moment, status="submitted")
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Refused(409, "this interview was already submitted")
    for qid in ids:
        text = given[qid] if qid in given else (saved[qid].text if qid in saved else "")
        session.add(Answer(interview_id=interview.id, question_id=qid, text=text))
    queue.enqueue(session, interview.id)
    session.commit()
    return moment, len(ids)


def practice_report(session: Session, interview: InterviewRow) -> Report:
    """The report a practice interview shares with its candidate (403 otherwise, 409 not yet)."""
    if not interview.practice_feedback:
        raise Refused(403, "this interview does not share its report with the candidate")
    report = latest_report(session, interview.id)
    if report is None:
        raise Refused(409, f"no report yet (status {interview.status})")
    return report
