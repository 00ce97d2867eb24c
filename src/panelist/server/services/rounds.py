"""Rounds of follow-up questions: the recruiter asks them on a submitted interview, and the
candidate answers them through a new one-time link (see :mod:`.round_answers`).

A round stores the questions asked per question id, in order; it is round 2 after the first
answers, then 3, and so on. At most one round is open (sent, not answered, link still valid)
at a time. Questions, drafts and answers of a round go in their own tables; the first answers
are never changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panelist.server.api.schemas import (
    MAX_FOLLOW_UP_CHARS,
    MAX_FOLLOW_UPS,
    FollowUpItemPublic,
    FollowUpQuestionPublic,
    FollowUpRoundPublic,
)
from panelist.server.security import hash_token, new_invite_token
from panelist.server.services.errors import Refused
from panelist.server.stored import latest_of_each
from panelist.server.tables import (
    EvaluationJob,
    EvaluationRow,
    FollowUpAnswerRow,
    FollowUpQuestion,
    FollowUpRound,
    InterviewRow,
    QuestionRow,
    now,
)


@dataclass(frozen=True)
class Ask:
    """The follow-up questions to ask on one question of the interview, in order."""

    question_id: str
    questions: list[str]


def question_ids(session: Session, interview: InterviewRow) -> list[str]:
    """The interview's question ids, in order."""
    return list(
        session.scalars(
            select(QuestionRow.question_id)
            .where(QuestionRow.question_set_id == interview.question_set_id)
            .order_by(QuestionRow.position)
        )
    )


def rounds_of(session: Session, interview_id: str) -> list[FollowUpRound]:
    """The interview's rounds of follow-ups, oldest first."""
    return list(
        session.scalars(
            select(FollowUpRound)
            .where(FollowUpRound.interview_id == interview_id)
            .order_by(FollowUpRound.number)
        )
    )


RoundStatus = Literal["sent", "expired", "answered"]


def status(found: FollowUpRound) -> RoundStatus:
    """sent (waiting for the answers), expired (unanswered, its link expired) or answered."""
    if found.submitted_at is not None:
        return "answered"
    return "sent" if found.expires_at > now() else "expired"


def open_round(session: Session, interview_id: str) -> FollowUpRound | None:
    """The round waiting for the candidate's answers, if any."""
    return next((r for r in rounds_of(session, interview_id) if status(r) == "sent"), None)


def follow_ups(
    session: Session, found: FollowUpRound, order: Sequence[str]
) -> list[FollowUpQuestion]:
    """The round's follow-up questions, in the interview's question order, then as asked."""
    rank = {qid: n for n, qid in enumerate(order)}
    rows = session.scalars(select(FollowUpQuestion).where(FollowUpQuestion.round_id == found.id))
    return sorted(rows, key=lambda f: (rank.get(f.question_id, len(rank)), f.position))


def _clean(asks: Sequence[Ask], known: Sequence[str]) -> list[Ask]:
    """The asks, stripped and checked (422 naming the field at fault)."""
    if not asks:
        raise Refused(422, "field items: ask at least one follow-up question")
    seen: set[str] = set()
    cleaned = []
    for n, ask in enumerate(asks):
        field = f"field items.{n}"
        if ask.question_id not in known:
            raise Refused(
                422, f"{field}.question_id: no question {ask.question_id} in this interview"
            )
        if ask.question_id in seen:
            raise Refused(422, f"{field}.question_id: {ask.question_id} is given twice")
        seen.add(ask.question_id)
        texts = [" ".join(q.split()) for q in ask.questions]
        if not 1 <= len(texts) <= MAX_FOLLOW_UPS:
            raise Refused(422, f"{field}.questions: 1 to {MAX_FOLLOW_UPS} follow-up questions")
        for k, text in enumerate(texts):
            if not text or len(text) > MAX_FOLLOW_UP_CHARS:
                raise Refused(
                    422, f"{field}.questions.{k}: 1 to {MAX_FOLLOW_UP_CHARS} characters of text"
                )
        cleaned.append(Ask(ask.question_id, texts))
    order = {qid: n for n, qid in enumerate(known)}
    return sorted(cleaned, key=lambda a: order[a.question_id])


def ask(
    session: Session, interview: InterviewRow, asks: Sequence[Ask], days: float
) -> tuple[FollowUpRound, str]:
    """A new round of follow-up questions, committed, and its invitation token.

    409 before the first submit or while another round waits for answers; 422 for an unknown
    question id or a bad question. The token is returned this once: only its hash is stored.
    """
    if interview.submitted_at is None:
        raise Refused(
            409,
            f"interview {interview.id} has no submitted answers yet: follow-up questions "
            "come after the first submit",
        )
    cleaned = _clean(asks, question_ids(session, interview))
    waiting = open_round(session, interview.id)
    if waiting is not None:
        raise Refused(
            409,
            f"interview {interview.id} already has follow-up questions waiting for answers "
            f"(round {waiting.number}, link valid until {waiting.expires_at:%Y-%m-%d %H:%M} UTC); "
            "withdraw them first to ask others",
        )
    last = session.scalar(
        select(func.max(FollowUpRound.number)).where(FollowUpRound.interview_id == interview.id)
    )
    token = new_invite_token()
    found = FollowUpRound(
        interview_id=interview.id,
        number=(last or 1) + 1,
        invite_token_hash=hash_token(token),
        expires_at=now() + timedelta(days=days),
    )
    session.add(found)
    session.flush()
    for item in cleaned:
        for position, text in enumerate(item.questions, start=1):
            session.add(
                FollowUpQuestion(
                    round_id=found.id, question_id=item.question_id, position=position, text=text
                )
            )
    session.commit()
    return found, token


def withdraw(session: Session, interview: InterviewRow) -> FollowUpRound:
    """End the round waiting for answers now (its link stops working; it shows as expired), so
    that another can be asked; 409 when none is waiting. Answers already given stay stored."""
    waiting = open_round(session, interview.id)
    if waiting is None:
        raise Refused(
            409, f"interview {interview.id} has no follow-up questions waiting for answers"
        )
    waiting.expires_at = now()
    session.commit()
    return waiting


def describe(session: Session, found: FollowUpRound, order: Sequence[str]) -> FollowUpRoundPublic:
    """The round with its questions and, once submitted, the answers."""
    asked = follow_ups(session, found, order)
    answers = {
        a.follow_up_question_id: a.text
        for a in session.scalars(
            select(FollowUpAnswerRow).where(
                FollowUpAnswerRow.follow_up_question_id.in_([f.id for f in asked])
            )
        )
    }
    items: dict[str, list[FollowUpQuestionPublic]] = {}
    for f in asked:
        items.setdefault(f.question_id, []).append(
            FollowUpQuestionPublic(
                id=f.id, position=f.position, text=f.text, answer=answers.get(f.id)
            )
        )
    job = session.get(EvaluationJob, found.evaluation_job_id) if found.evaluation_job_id else None
    return FollowUpRoundPublic(
        id=found.id,
        number=found.number,
        status=status(found),
        evaluation=job.status if job else None,
        created_at=found.created_at,
        expires_at=found.expires_at,
        opened_at=found.opened_at,
        submitted_at=found.submitted_at,
        items=[FollowUpItemPublic(question_id=q, follow_ups=f) for q, f in items.items()],
    )


def describe_all(session: Session, interview: InterviewRow) -> list[FollowUpRoundPublic]:
    """Every round of the interview, oldest first."""
    found = rounds_of(session, interview.id)
    if not found:
        return []
    order = question_ids(session, interview)
    return [describe(session, r, order) for r in found]


def evaluated_rounds(session: Session, interview_id: str) -> dict[str, int]:
    """The round of each question's latest evaluation (the one the latest report shows)."""
    return latest_of_each(session, interview_id, EvaluationRow.round_number)
