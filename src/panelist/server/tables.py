"""The database tables (SQLAlchemy ORM). Portable types only: the same schema on SQLite and
PostgreSQL. Answers, evaluations and reports are written once and never updated.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A random 32-character identifier."""
    return uuid.uuid4().hex


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Every table has a string id and ``created_at``."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=now)


def _fk(target: str) -> Mapped[str]:
    return mapped_column(ForeignKey(target, ondelete="CASCADE"), index=True)


class Organisation(Base):
    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(200), unique=True)


class User(Base):
    __tablename__ = "users"

    organisation_id: Mapped[str] = _fk("organisations.id")
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # admin | recruiter
    #: Web sessions signed in before this moment are over (password change, sign out everywhere).
    sessions_valid_after: Mapped[datetime | None]
    #: A disabled user cannot sign in; their tokens and sessions stop working.
    disabled_at: Mapped[datetime | None]


class ApiToken(Base):
    __tablename__ = "api_tokens"

    user_id: Mapped[str] = _fk("users.id")
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    scopes: Mapped[list[Any]]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class Job(Base):
    __tablename__ = "jobs"

    organisation_id: Mapped[str] = _fk("organisations.id")
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=now)


class QuestionSet(Base):
    __tablename__ = "question_sets"

    organisation_id: Mapped[str] = _fk("organisations.id")
    job_id: Mapped[str] = _fk("jobs.id")
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(300))


class QuestionRow(Base):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("question_set_id", "question_id"),)

    question_set_id: Mapped[str] = _fk("question_sets.id")
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(20))  # behavioral | technical
    competency: Mapped[str | None] = mapped_column(String(300))
    reference_points: Mapped[list[Any]]
    reference_answer: Mapped[str | None] = mapped_column(Text)
    alternative_answers: Mapped[list[Any]]
    anchors: Mapped[list[Any]]


class Candidate(Base):
    __tablename__ = "candidates"

    organisation_id: Mapped[str] = _fk("organisations.id")
    name: Mapped[str] = mapped_column(String(300))
    email: Mapped[str] = mapped_column(String(320), default="")


class InterviewRow(Base):
    __tablename__ = "interviews"

    organisation_id: Mapped[str] = _fk("organisations.id")
    question_set_id: Mapped[str] = _fk("question_sets.id")
    candidate_id: Mapped[str] = _fk("candidates.id")
    # invited | in_progress | submitted | evaluating | evaluated | failed
    status: Mapped[str] = mapped_column(String(20), default="invited", index=True)
    practice_feedback: Mapped[bool] = mapped_column(Boolean, default=False)
    invite_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]


class Draft(Base):
    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("interview_id", "question_id"),)

    interview_id: Mapped[str] = _fk("interviews.id")
    question_id: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=now)


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("interview_id", "question_id"),)

    interview_id: Mapped[str] = _fk("interviews.id")
    question_id: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)


class EvaluationJob(Base):
    __tablename__ = "evaluation_jobs"

    interview_id: Mapped[str] = _fk("interviews.id")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)  # answers evaluated so far
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class EvaluationRow(Base):
    __tablename__ = "evaluations"

    answer_id: Mapped[str] = _fk("answers.id")
    evaluation_job_id: Mapped[str] = _fk("evaluation_jobs.id")
    score: Mapped[int] = mapped_column(Integer)
    result: Mapped[dict[str, Any]]  # Evaluation.model_dump(mode="json")
    engine: Mapped[str] = mapped_column(String(100))
    engine_version: Mapped[str] = mapped_column(String(100))
    model: Mapped[str | None] = mapped_column(String(200))
    prompt_version: Mapped[str | None] = mapped_column(String(100))
    settings: Mapped[dict[str, Any]]
    #: The round of the text evaluated: 1, the first answer alone; 2 or more, the first answer
    #: with the follow-up answers given up to that round.
    round_number: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class ReportRow(Base):
    __tablename__ = "reports"

    interview_id: Mapped[str] = _fk("interviews.id")
    evaluation_job_id: Mapped[str] = _fk("evaluation_jobs.id")
    result: Mapped[dict[str, Any]]  # panelist.models.Report.model_dump(mode="json")


class FollowUpRound(Base):
    """Follow-up questions sent to the candidate after the first submit (round 2, 3, ...),
    with their own one-time, expiring invitation link. Set once at the submit: when, and the
    evaluation job it queued."""

    __tablename__ = "follow_up_rounds"
    __table_args__ = (UniqueConstraint("interview_id", "number"),)

    interview_id: Mapped[str] = _fk("interviews.id")
    number: Mapped[int] = mapped_column(Integer)  # 2 for the first round of follow-ups
    invite_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    evaluation_job_id: Mapped[str | None] = mapped_column(
        ForeignKey("evaluation_jobs.id", ondelete="SET NULL"), index=True
    )


class FollowUpQuestion(Base):
    """A follow-up question of a round, on one question of the interview, in order."""

    __tablename__ = "follow_up_questions"
    __table_args__ = (UniqueConstraint("round_id", "question_id", "position"),)

    round_id: Mapped[str] = _fk("follow_up_rounds.id")
    question_id: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 among that question's follow-ups
    text: Mapped[str] = mapped_column(Text)


class FollowUpDraft(Base):
    """The candidate's draft answer to a follow-up question, overwritten until the submit."""

    __tablename__ = "follow_up_drafts"
    __table_args__ = (UniqueConstraint("follow_up_question_id"),)

    follow_up_question_id: Mapped[str] = _fk("follow_up_questions.id")
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=now)


class FollowUpAnswerRow(Base):
    """The candidate's answer to a follow-up question, written once at the round's submit."""

    __tablename__ = "follow_up_answers"
    __table_args__ = (UniqueConstraint("follow_up_question_id"),)

    follow_up_question_id: Mapped[str] = _fk("follow_up_questions.id")
    text: Mapped[str] = mapped_column(Text)
