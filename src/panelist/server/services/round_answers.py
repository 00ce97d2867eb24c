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
from sqlalchemy.orm import Session

from panelist.models import FollowUpAnswer, Report, candidate_text
from panelist.server.services import links
from panelist.server.services.errors import Refused
from panelist.server.services.interviews import latest_report
from panelist.server.services.invitations import answers as first_answers
from panelist.server.services.invitations import questions
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


def drafts(session: Session, found: FollowUpRound) -> dict[str, str]:
    """The saved drafts' texts by follow-up question id."""
    rows = session.scalars(
        select(FollowUpDraft)
        .join(FollowUpQuestion, FollowUpQuestion.id == FollowUpDraft.follow_up_question_id)
        .where(FollowUpQuestion.round_id == found.id)
    )
    return {d.follow_up_question_id: d.text for d in rows}


_SUBMITTED = "these follow-up answers were already submitted"


def _check_lengths(items: list[RoundQuestion], texts: dict[str, str], limit: int) -> None:
    """422 when an answer, with its follow-up answers, would be longer than ``limit``."""
    for item in items:
        for f in item.follow_ups:
            links.check_length(f"answers.{f.id}", texts.get(f.id, ""), limit)
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
    links.still_open(found, _SUBMITTED)
    interview = session.get_one(InterviewRow, found.interview_id)
    items = _items(session, interview, found)
    if follow_up_id not in {f.id for i in items for f in i.follow_ups}:
        raise Refused(404, f"no follow-up question {follow_up_id} in this round")

    def write() -> datetime:
        _check_lengths(items, drafts(session, found) | {follow_up_id: text}, max_chars)
        draft = session.scalars(
            select(FollowUpDraft).where(FollowUpDraft.follow_up_question_id == follow_up_id)
        ).first()
        moment = now()
        if draft is None:
            draft = FollowUpDraft(follow_up_question_id=follow_up_id, text=text)
            session.add(draft)
        draft.text = text
        draft.updated_at = moment
        found.opened_at = found.opened_at or moment
        return moment

    return links.commit_draft(session, write)


def submit(
    session: Session, queue: Queue, found: FollowUpRound, given: dict[str, str], max_chars: int
) -> tuple[datetime, int]:
    """Store the follow-up answers for good (``given``, else the drafts) and queue the round's
    evaluation. Returns the time and the number of answers; only one submit succeeds (409), and
    only with at least one answer (422: a follow-up left blank is not part of the exchange)."""
    links.still_open(found, _SUBMITTED)
    interview = session.get_one(InterviewRow, found.interview_id)
    items = _items(session, interview, found)
    ids = [f.id for i in items for f in i.follow_ups]
    links.check_known(given, ids, "follow-up question in this round")
    saved = drafts(session, found)
    texts = {fid: given.get(fid, saved.get(fid, "")) for fid in ids}
    if not any(t.strip() for t in texts.values()):
        raise Refused(422, "field answers: answer at least one of the follow-up questions")
    _check_lengths(items, texts, max_chars)
    moment = links.claim(session, found, _SUBMITTED)
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
    links.check_practice(interview)
    report = latest_report(session, interview.id)
    if report is None or not evaluated(session, found):
        state = "not submitted" if found.submitted_at is None else "being evaluated"
        raise Refused(409, f"no report with these follow-up answers yet ({state})")
    return report
