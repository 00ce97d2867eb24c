"""Question sets of a job: created from JSON or imported from the interview YAML format, and
drafted from the job's description (returned to be edited, not stored).

A question set is never changed once made, so every interview keeps the questions it was
asked; make a new set to change them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from panelist.server.api.deps import Reader, SessionDep, Writer, owned
from panelist.server.api.errors import ApiError
from panelist.server.api.schemas import (
    DraftNote,
    DraftRequest,
    QuestionSetCreate,
    QuestionSetDraft,
    QuestionSetPublic,
    QuestionSetSummary,
)
from panelist.server.services import drafting, question_sets
from panelist.server.tables import Job, QuestionSet

router = APIRouter(tags=["question sets"])


async def yaml_text(request: Request) -> str:
    """The request body as UTF-8 text."""
    try:
        return (await request.body()).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApiError(422, "body: not UTF-8 text") from None


def public(
    session: Session, qset: QuestionSet, warnings: list[str] | None = None
) -> QuestionSetPublic:
    """The question set with its questions."""
    return QuestionSetPublic(
        id=qset.id,
        job_id=qset.job_id,
        name=qset.name,
        role=qset.role,
        created_at=qset.created_at,
        questions=question_sets.questions(session, qset.id),
        warnings=warnings or [],
    )


@router.post("/jobs/{job_id}/question-sets", status_code=201)
def create_question_set(
    job_id: str, body: QuestionSetCreate, caller: Writer, session: SessionDep
) -> QuestionSetPublic:
    """Create a question set from JSON questions (the fields of an interview question)."""
    job = owned(session, Job, job_id, caller.organisation_id, "job")
    qset = question_sets.create(session, job, body.name, body.role or job.title, body.questions)
    return public(session, qset)


@router.post("/jobs/{job_id}/question-sets/draft")
def draft_question_set(
    job_id: str, body: DraftRequest, caller: Writer, session: SessionDep, request: Request
) -> QuestionSetDraft:
    """Draft questions from the job's description; nothing is stored.

    Each question probes a requirement (a bullet line) of the description. Technical questions
    get a ``TODO: ...`` reference point: replace it, edit freely, then create the set with
    ``POST /jobs/{job_id}/question-sets``. A description without bullet requirements: 422.
    On a server that drafts with a language model, it writes the technical questions and their
    points (``drafted_by``; check them); ``problems`` names those it could not draft.
    """
    job = owned(session, Job, job_id, caller.organisation_id, "job")
    drafted = drafting.draft_for(job, body.n, body.role, request.app.state.settings)
    return QuestionSetDraft(
        name=drafted.name,
        role=drafted.role,
        questions=[d.question for d in drafted.questions],
        notes=[
            DraftNote(
                question_id=d.question.id,
                kind=d.kind,
                requirement=d.requirement,
                what_good_looks_like=list(d.what_good_looks_like),
                drafted_by=d.drafted_by,
            )
            for d in drafted.questions
        ],
        yaml=drafted.yaml,
        problems=list(drafted.problems),
    )


@router.post(
    "/jobs/{job_id}/question-sets/import",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/yaml": {"schema": {"type": "string"}}},
        }
    },
)
def import_question_set(
    job_id: str,
    caller: Writer,
    session: SessionDep,
    text: Annotated[str, Depends(yaml_text)],
    name: Annotated[str | None, Query(max_length=300)] = None,
) -> QuestionSetPublic:
    """Import a question set from interview YAML (answers in it are ignored, with a warning).

    An inline job description fills the job's description when that is empty.
    """
    job = owned(session, Job, job_id, caller.organisation_id, "job")
    qset, warnings = question_sets.import_yaml(session, job, text, name)
    return public(session, qset, warnings)


@router.get("/jobs/{job_id}/question-sets")
def list_question_sets(
    job_id: str, caller: Reader, session: SessionDep
) -> list[QuestionSetSummary]:
    """The question sets of a job, oldest first."""
    owned(session, Job, job_id, caller.organisation_id, "job")
    return [
        QuestionSetSummary(
            id=s.question_set.id,
            job_id=s.question_set.job_id,
            name=s.question_set.name,
            role=s.question_set.role,
            questions=s.questions,
            created_at=s.question_set.created_at,
        )
        for s in question_sets.summaries(session, job_id)
    ]


@router.get("/question-sets/{question_set_id}")
def get_question_set(
    question_set_id: str, caller: Reader, session: SessionDep
) -> QuestionSetPublic:
    """One question set with its questions, reference points and anchors."""
    qset = owned(session, QuestionSet, question_set_id, caller.organisation_id, "question set")
    return public(session, qset)
