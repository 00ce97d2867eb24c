"""Request and response bodies of the HTTP API (Create / Public shapes per resource)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from panelist.models import Question, QuestionType
from panelist.server.security import MIN_PASSWORD, Scope

Email = str  # checked loosely: the address is a login name here, not a mailbox we write to
_EMAIL = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TokenCreate(_In):
    email: Email = _EMAIL
    password: str = Field(min_length=1, max_length=1000)
    scopes: list[Scope] = Field(
        default_factory=lambda: [Scope.READ, Scope.WRITE],
        description="At most the user's scopes: recruiters read and write, admins also admin.",
    )
    name: str = Field("", max_length=200, description="A label, e.g. the integration's name.")


class TokenPublic(BaseModel):
    id: str
    name: str
    prefix: str = Field(description="The token's first characters, to recognise it.")
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenPublic):
    token: str = Field(description="The token itself, shown this once only.")


class UserCreate(_In):
    email: Email = _EMAIL
    password: str = Field(min_length=MIN_PASSWORD, max_length=1000)
    role: Literal["admin", "recruiter"] = "recruiter"


class UserPublic(BaseModel):
    id: str
    email: str
    role: str
    organisation_id: str
    created_at: datetime


class JobCreate(_In):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=200_000, description="The job description text.")


class JobUpdate(_In):
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=200_000)


class JobPublic(BaseModel):
    id: str
    title: str
    description: str
    created_at: datetime
    updated_at: datetime


class QuestionSetCreate(_In):
    name: str = Field(min_length=1, max_length=300)
    role: str | None = Field(None, max_length=300, description="Defaults to the job's title.")
    questions: list[Question] = Field(min_length=1, max_length=200)


class QuestionSetSummary(BaseModel):
    id: str
    job_id: str
    name: str
    role: str
    questions: int
    created_at: datetime


class QuestionSetPublic(BaseModel):
    id: str
    job_id: str
    name: str
    role: str
    created_at: datetime
    questions: list[Question]
    warnings: list[str] = Field(default_factory=list, description="What an import left out.")


class CandidateCreate(_In):
    name: str = Field(min_length=1, max_length=300)
    email: str = Field("", max_length=320)


class CandidatePublic(BaseModel):
    id: str
    name: str
    email: str
    created_at: datetime


class InterviewCreate(_In):
    question_set_id: str
    candidate_id: str
    practice_feedback: bool = Field(False, description="Let the candidate read the report.")
    expires_in_days: float | None = Field(
        None, gt=0, le=365, description="Defaults to the server's invitation lifetime."
    )


class Progress(BaseModel):
    questions: int
    drafts: int
    answers: int
    evaluation: str | None = Field(description="Latest job: pending, running, done or failed.")
    evaluated: int = Field(description="Answers the latest job has evaluated so far.")
    attempts: int
    error: str | None


class InterviewPublic(BaseModel):
    id: str
    job_id: str
    question_set_id: str
    candidate: CandidatePublic
    status: str
    practice_feedback: bool
    expires_at: datetime
    opened_at: datetime | None
    submitted_at: datetime | None
    created_at: datetime
    progress: Progress


class InterviewCreated(InterviewPublic):
    link: str = Field(description="The candidate's link, /i/{token}.")
    url: str = Field(description="The link on this server's address.")
    token: str = Field(description="The invitation token, shown this once only.")


class EvaluationPublic(BaseModel):
    id: str
    question_id: str
    score: int
    engine: str
    engine_version: str
    model: str | None
    prompt_version: str | None
    settings: dict[str, object]
    evaluation_job_id: str
    created_at: datetime
    result: dict[str, object]


class JobQueued(BaseModel):
    id: str
    interview_id: str
    status: str


class CompareQuestion(BaseModel):
    id: str
    text: str


class CompareRow(BaseModel):
    interview_id: str
    candidate_id: str
    candidate: str
    status: str
    scores: dict[str, int | None]
    average: float | None


class CompareTable(BaseModel):
    job_id: str
    questions: list[CompareQuestion]
    rows: list[CompareRow]


class InviteQuestion(BaseModel):
    id: str
    position: int
    text: str
    type: QuestionType
    competency: str | None


class InvitePublic(BaseModel):
    """What a candidate sees: never reference points, anchors or scores."""

    role: str
    job_title: str
    job_description: str
    status: str
    practice_feedback: bool
    expires_at: datetime
    submitted_at: datetime | None
    max_answer_chars: int
    questions: list[InviteQuestion]
    drafts: dict[str, str]


class DraftIn(_In):
    text: str


class DraftSaved(BaseModel):
    question_id: str
    updated_at: datetime


class SubmitIn(_In):
    answers: dict[str, str] = Field(
        default_factory=dict, description="Answers by question id; drafts fill the rest."
    )


class Submitted(BaseModel):
    status: str
    submitted_at: datetime
    answers: int
