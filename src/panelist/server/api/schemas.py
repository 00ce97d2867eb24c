"""Request and response bodies of the HTTP API (Create / Public shapes per resource)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from panelist.design.bank import Kind
from panelist.design.compose import DEFAULT_QUESTIONS, MAX_QUESTIONS
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


class UserUpdate(_In):
    disabled: bool = Field(
        description="true: the user can no longer sign in, and their tokens and web sessions "
        "stop working; false: enabled again (their tokens work again, old sessions do not)."
    )


class UserPublic(BaseModel):
    id: str
    email: str
    role: str
    organisation_id: str
    created_at: datetime
    disabled_at: datetime | None = Field(description="When the user was disabled, if they are.")


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


class DraftRequest(_In):
    n: int = Field(
        DEFAULT_QUESTIONS, ge=1, le=MAX_QUESTIONS, description="How many questions to draft."
    )
    role: str | None = Field(None, max_length=300, description="Defaults to the job's title.")


class DraftNote(BaseModel):
    question_id: str
    kind: Kind = Field(description="past (behaviour), situational or technical.")
    requirement: str = Field(description="The line of the job description the question probes.")
    what_good_looks_like: list[str] = Field(
        description="What a strong answer shows (behavioural questions; empty for technical)."
    )
    drafted_by: str | None = Field(
        None, description="The language model that wrote the question and its points: check them."
    )


class QuestionSetDraft(BaseModel):
    name: str = Field(description="A name for the set.")
    role: str
    questions: list[Question] = Field(
        description="Edit them, replace each 'TODO: ...' reference point, then send name, role "
        "and questions to POST /jobs/{job_id}/question-sets (placeholders are refused)."
    )
    notes: list[DraftNote] = Field(description="Per question, in the same order.")
    yaml: str = Field(description="The same draft as an interview file (YAML), with comments.")
    problems: list[str] = Field(
        default_factory=list,
        description="Technical questions the language model could not draft, and why (they "
        "keep their placeholder).",
    )


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


#: Follow-up questions per answer in one round, and the length of each.
MAX_FOLLOW_UPS = 3
MAX_FOLLOW_UP_CHARS = 1000
FollowUpText = Annotated[str, Field(min_length=1, max_length=MAX_FOLLOW_UP_CHARS)]


class FollowUpItemIn(_In):
    question_id: str = Field(min_length=1, max_length=200)
    questions: list[FollowUpText] = Field(
        min_length=1, max_length=MAX_FOLLOW_UPS, description="Asked in this order."
    )


class FollowUpRoundCreate(_In):
    items: list[FollowUpItemIn] = Field(
        min_length=1, max_length=200, description="Per question id, the follow-ups to ask."
    )
    expires_in_days: float | None = Field(
        None, gt=0, le=365, description="Defaults to the server's invitation lifetime."
    )


class FollowUpQuestionPublic(BaseModel):
    id: str
    position: int = Field(description="1, 2, 3: the order among this answer's follow-ups.")
    text: str
    answer: str | None = Field(description="The candidate's answer, once the round is submitted.")


class FollowUpItemPublic(BaseModel):
    question_id: str
    follow_ups: list[FollowUpQuestionPublic]


class FollowUpRoundPublic(BaseModel):
    id: str
    number: int = Field(description="2 for the first round of follow-ups (1: the first answers).")
    status: Literal["sent", "expired", "answered"] = Field(
        description="sent: waiting for the answers; expired: the link expired unanswered; "
        "answered: submitted (then see evaluation)."
    )
    evaluation: str | None = Field(
        description="The answered round's evaluation job: pending, running, done or failed."
    )
    created_at: datetime
    expires_at: datetime
    opened_at: datetime | None
    submitted_at: datetime | None
    items: list[FollowUpItemPublic]


class FollowUpRoundCreated(FollowUpRoundPublic):
    link: str = Field(description="The candidate's link for this round, /f/{token}.")
    url: str = Field(description="The link on this server's address.")
    token: str = Field(description="The round's invitation token, shown this once only.")


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
    rounds: list[FollowUpRoundPublic] = Field(
        default_factory=list, description="Rounds of follow-up questions, oldest first."
    )


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
    round: int = Field(
        description="1: the first answer alone; 2 or more: with the follow-up answers up to "
        "that round."
    )
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


class RoundFollowUp(BaseModel):
    id: str = Field(description="The follow-up question's id: drafts and answers use it.")
    position: int
    text: str


class RoundItem(BaseModel):
    question_id: str
    position: int = Field(description="The question's number in the interview, from 1.")
    text: str
    answer: str = Field(description="The candidate's first answer (cannot be changed).")
    follow_ups: list[RoundFollowUp]


class RoundInvitePublic(BaseModel):
    """What a candidate sees of a round of follow-up questions."""

    role: str
    job_title: str
    number: int
    status: str
    practice_feedback: bool
    expires_at: datetime
    submitted_at: datetime | None
    max_answer_chars: int
    items: list[RoundItem]
    drafts: dict[str, str] = Field(description="Saved drafts by follow-up question id.")


class RoundDraftSaved(BaseModel):
    follow_up_id: str
    updated_at: datetime


class RoundSubmitIn(_In):
    answers: dict[str, str] = Field(
        default_factory=dict,
        description="Answers by follow-up question id; drafts fill the rest.",
    )
