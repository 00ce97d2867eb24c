"""The candidate's side of a round of follow-up questions, reached only through that round's
invitation token.

The token opens one round of one interview: each question asked about, the candidate's first
answer to it (read-only), and the follow-up questions, with drafts that may be overwritten
until the one submit. The submit stores the answers and queues the round's evaluation in one
transaction. For practice interviews, the report that includes the answers, once evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from panelist.models import FollowUpAnswer, Report, candidate_text
from panelist.server.security import RateLimiter, hash_token
from panelist.server.services.errors import Refused
from panelist.server.services.interviews import latest_report
from panelist.server.services.invitations import answers as first_answers
from panelist.server.services.invitations import check_length, questions
from panelist.server.services.rounds import follow_ups
from panelist.server.tables import (
    FollowUpAnswerRow,
    FollowUpDraft,
    FollowUpQuestion,
    FollowUpRound,
    InterviewRow,
    Job,
    QuestionRow,
    QuestionSet,
    ReportRow,
    now,
)
from panelist.server.worker import Queue


@dataclass(frozen=True)
class RoundQuestion:
    """A question of the interview with its first answer and this round's follow-ups."""

    number: int  # 1, 2, ... among the questions of this round
    question: QuestionRow
    answer: str
    follow_ups: list[FollowUpQuestion]


@dataclass(frozen=True)
class OpenedRound:
    """What the candidate reads: the role, the job and the questions asked about."""

    interview: InterviewRow
    role: str
    job: Job
    items: list[RoundQuestion]


def find(session: Session, limiter: RateLimiter, token: str) -> FollowUpRound:
    """The one round ``token`` opens (429 too fast, 401 unknown, 410 expired)."""
    digest = hash_token(token)
    if not limiter.allow(digest):
        retry = str(limiter.retry_after(digest))
        raise Refused(429, "too many requests; try again shortly", {"Retry-After": retry})
    found = session.scalars(
        select(FollowUpRound).where(FollowUpRound.invite_token_hash == digest)
    ).first()
    if found is None:
        raise Refused(401, "unknown invitation")
    if found.expires_at <= now():
        raise Refused(410, "this invitation has expired")
    return found


def _items(session: Session, interview: InterviewRow, found: FollowUpRound) -> list[RoundQuestion]:
    rows = questions(session, interview)
    asked = follow_ups(session, found, [q.question_id for q in rows])
    given = first_answers(session, interview.id)
    items: list[RoundQuestion] = []
    for row in rows:
        mine = [f for f in asked if f.question_id == row.question_id]
        if mine:
            answer = given.get(row.question_id, "")
            items.append(RoundQuestion(len(items) + 1, row, answer, mine))
    return items


def open_round(session: Session, found: FollowUpRound) -> OpenedRound:
    """The role, job and questions; the first opening is recorded."""
    if found.opened_at is None:
        found.opened_at = now()
        session.commit()
    interview = session.get_one(InterviewRow, found.interview_id)
    qset = session.get_one(QuestionSet, interview.question_set_id)
    job = session.get_one(Job, qset.job_id)
    return OpenedRound(interview, qset.role, job, _items(session, interview, found))


def drafts(session: Session, found: FollowUpRound) -> dict[str, FollowUpDraft]:
    """The saved drafts by follow-up question id."""
    rows = session.scalars(
        select(FollowUpDraft)
        .join(FollowUpQuestion, FollowUpQuestion.id == FollowUpDraft.follow_up_question_id)
        .where(FollowUpQuestion.round_id == found.id)
    )
    return {d.follow_up_question_id: d for d in rows}


def _still_open(found: FollowUpRound) -> None:
    if found.submitted_at is not None:
        raise Refused(409, "these follow-up answers were already submitted")


def _check_lengths(items: list[RoundQuestion], texts: dict[str, str], limit: int) -> None:
    """422 when an answer, with its follow-up answers, would be longer than ``limit``."""
    for item in items:
        for f in item.follow_ups:
            check_length(f"answers.{f.id}", texts.get(f.id, ""), limit)
        exchanges = [
            FollowUpAnswer(question=f.text, answer=texts[f.id])
            for f in item.follow_ups
            if texts.get(f.id, "").strip()
        ]
        total = len(candidate_text(item.answer, exchanges))
        if total > limit:
            raise Refused(
                422,
                f"field answers.{item.follow_ups[-1].id}: your answer to question "
                f"{item.question.position + 1} with its follow-up answers has {total:,} "
                f"characters; the limit is {limit:,}",
            )


def save_draft(
    session: Session, found: FollowUpRound, follow_up_id: str, text: str, max_chars: int
) -> datetime:
    """Save (or overwrite) the draft answer to one follow-up question; when it was saved."""
    _still_open(found)
    interview = session.get_one(InterviewRow, found.interview_id)
    items = _items(session, interview, found)
    if follow_up_id not in {f.id for i in items for f in i.follow_ups}:
        raise Refused(404, f"no follow-up question {follow_up_id} in this round")
    for attempt in range(2):
        saved = drafts(session, found)
        texts = {k: d.text for k, d in saved.items()} | {follow_up_id: text}
        _check_lengths(items, texts, max_chars)
        draft = saved.get(follow_up_id)
        moment = now()
        if draft is None:
            draft = FollowUpDraft(follow_up_question_id=follow_up_id, text=text)
            session.add(draft)
        draft.text = text
        draft.updated_at = moment
        found.opened_at = found.opened_at or moment
        try:
            session.commit()
        except IntegrityError:  # created by a concurrent save: overwrite that one instead
            session.rollback()
            if attempt:
                raise
            continue
        return moment
    raise AssertionError("unreachable: the second attempt returns or raises")


def submit(
    session: Session, queue: Queue, found: FollowUpRound, given: dict[str, str], max_chars: int
) -> tuple[datetime, int]:
    """Store the follow-up answers for good (``given``, else the drafts) and queue the round's
    evaluation. Returns the time and the number of answers; only one submit succeeds (409), and
    only with at least one answer (422: a follow-up left blank is not part of the exchange)."""
    _still_open(found)
    interview = session.get_one(InterviewRow, found.interview_id)
    items = _items(session, interview, found)
    ids = [f.id for i in items for f in i.follow_ups]
    unknown = sorted(set(given) - set(ids))
    if unknown:
        raise Refused(422, f"field answers.{unknown[0]}: no such follow-up question in this round")
    saved = {k: d.text for k, d in drafts(session, found).items()}
    texts = {fid: given[fid] if fid in given else saved.get(fid, "") for fid in ids}
    if not any(t.strip() for t in texts.values()):
        raise Refused(422, "field answers: answer at least one of the follow-up questions")
    _check_lengths(items, texts, max_chars)
    moment = now()
    claimed = session.execute(  # only one submit can move submitted_at from NULL
        update(FollowUpRound)
        .where(FollowUpRound.id == found.id, FollowUpRound.submitted_at.is_(None))
        .values(submitted_at=moment)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Refused(409, "these follow-up answers were already submitted")
    for fid in ids:
        session.add(FollowUpAnswerRow(follow_up_question_id=fid, text=texts[fid]))
    job_id = queue.enqueue(session, interview.id)
    session.execute(
        update(FollowUpRound).where(FollowUpRound.id == found.id).values(evaluation_job_id=job_id)
    )
    session.execute(
        update(InterviewRow).where(InterviewRow.id == interview.id).values(status="submitted")
    )
    session.commit()
    return moment, len(ids)


def evaluated(session: Session, found: FollowUpRound) -> bool:
    """Whether a report made after this round's submit exists (it includes the answers)."""
    if found.submitted_at is None:
        return False
    made = session.scalars(
        select(ReportRow.id).where(
            ReportRow.interview_id == found.interview_id,
            ReportRow.created_at >= found.submitted_at,
        )
    ).first()
    return made is not None


def practice_report(session: Session, found: FollowUpRound) -> Report:
    """The report with the follow-up answers, for practice interviews (403 otherwise, 409 not
    yet)."""
    interview = session.get_one(InterviewRow, found.interview_id)
    if not interview.practice_feedback:
        raise Refused(403, "this interview does not share its report with the candidate")
    report = latest_report(session, interview.id)
    if report is None or not evaluated(session, found):
        state = "not submitted" if found.submitted_at is None else "being evaluated"
        raise Refused(409, f"no report with these follow-up answers yet ({state})")
    return report
