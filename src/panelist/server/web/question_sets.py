"""Recruiter pages that make a job's question set: import interview YAML (pasted or a file),
or write the questions one by one (the form grows a question at a time, without script)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from panelist.errors import InputError
from panelist.loaders import describe_validation
from panelist.models import Question, QuestionType
from panelist.server.api.deps import SessionDep
from panelist.server.services import question_sets
from panelist.server.services.errors import owned
from panelist.server.tables import Job
from panelist.server.web.deps import RecruiterForm, RecruiterPage
from panelist.server.web.templating import templates, web_session

router = APIRouter()
MAX_QUESTIONS = 200
Texts = Annotated[list[str] | None, Form()]


@dataclass
class Draft:
    """A question as typed into the form."""

    id: str = ""
    text: str = ""
    type: str = QuestionType.BEHAVIORAL.value
    competency: str = ""
    points: str = ""  # reference points, one a line


@dataclass
class Builder:
    """The write-the-questions form: the set's name, its role and the questions so far."""

    name: str = ""
    role: str = ""
    drafts: list[Draft] = field(default_factory=lambda: [Draft()])


def _page(
    request: Request,
    job: Job,
    *,
    builder: Builder | None = None,
    yaml_text: str = "",
    import_error: str | None = None,
    builder_error: str | None = None,
    status: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "job": job,
        "builder": builder or Builder(role=job.title),
        "types": [t.value for t in QuestionType],
        "yaml_text": yaml_text,
        "import_error": import_error,
        "builder_error": builder_error,
    }
    return templates.TemplateResponse(request, "question_set_new.html", context, status)


def _done(request: Request, job: Job, count: int, warnings: list[str]) -> RedirectResponse:
    session = web_session(request)
    session.flash(f"Question set added: {count} questions.")
    for warning in warnings:
        session.flash(f"Note: {warning}.")
    return RedirectResponse(f"/jobs/{job.id}", 303)


@router.get("/jobs/{job_id}/question-sets/new")
def new_question_set(
    job_id: str, request: Request, recruiter: RecruiterPage, session: SessionDep
) -> Response:
    """Import interview YAML or write the questions."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    return _page(request, job)


@router.post("/jobs/{job_id}/question-sets/import")
def import_question_set(
    job_id: str,
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    yaml_text: Annotated[str, Form()] = "",
    yaml_file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """A question set from the uploaded file, else from the pasted text."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    text = yaml_text
    if yaml_file is not None:
        try:
            text = yaml_file.file.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            return _page(request, job, import_error="The file is not UTF-8 text.", status=422)
    if not text.strip():
        error = "Paste the interview YAML or choose a file."
        return _page(request, job, yaml_text=yaml_text, import_error=error, status=422)
    try:
        qset, warnings = question_sets.import_yaml(session, job, text)
    except InputError as exc:
        session.rollback()
        return _page(request, job, yaml_text=text, import_error=str(exc), status=422)
    count = len(question_sets.questions(session, qset.id))
    return _done(request, job, count, warnings)


def _drafts(
    ids: list[str], texts: list[str], types: list[str], competencies: list[str], points: list[str]
) -> list[Draft]:
    def at(values: list[str], n: int, default: str = "") -> str:
        return values[n] if n < len(values) else default

    return [
        Draft(
            at(ids, n).strip(),
            at(texts, n),
            at(types, n, "behavioral"),
            at(competencies, n).strip(),
            at(points, n),
        )
        for n in range(len(texts))
    ]


def _questions(drafts: list[Draft]) -> list[Question]:
    """The written questions (blank ones skipped); ids default to Q1, Q2, ..."""
    out = []
    for n, draft in enumerate(d for d in drafts if d.text.strip()):
        try:
            out.append(
                Question(
                    id=draft.id or f"Q{n + 1}",
                    text=draft.text.strip(),
                    type=QuestionType(draft.type),
                    competency=draft.competency or None,
                    reference_points=[p.strip() for p in draft.points.splitlines() if p.strip()],
                )
            )
        except (ValueError, ValidationError) as exc:
            reason = describe_validation(exc) if isinstance(exc, ValidationError) else str(exc)
            raise InputError(f"question {n + 1}: {reason}") from None
    return out


@router.post("/jobs/{job_id}/question-sets/new")
def write_question_set(
    job_id: str,
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    action: Annotated[str, Form()] = "create",
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    q_id: Texts = None,
    q_text: Texts = None,
    q_type: Texts = None,
    q_competency: Texts = None,
    q_points: Texts = None,
) -> Response:
    """Add a blank question to the form (``action=add``), or create the set."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    drafts = _drafts(q_id or [], q_text or [], q_type or [], q_competency or [], q_points or [])
    builder = Builder(name.strip(), role.strip() or job.title, drafts or [Draft()])
    if action == "add":
        if len(builder.drafts) < MAX_QUESTIONS:
            builder.drafts.append(Draft())
        return _page(request, job, builder=builder)
    try:
        questions = _questions(builder.drafts)
        if not questions:
            raise InputError("write at least one question")
        if len(questions) > MAX_QUESTIONS:
            raise InputError(f"at most {MAX_QUESTIONS} questions")
        label = builder.name or f"{job.title} questions"
        question_sets.create(session, job, label[:300], builder.role[:300], questions)
    except InputError as exc:
        session.rollback()
        return _page(request, job, builder=builder, builder_error=str(exc), status=422)
    return _done(request, job, len(questions), [])
