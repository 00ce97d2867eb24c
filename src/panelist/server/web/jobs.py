"""Recruiter pages of jobs: the list, a new job, a job with its question sets and interviews
(whose status the page polls), and inviting a candidate."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from panelist.server.api.deps import SessionDep, SettingsDep
from panelist.server.api.schemas import FollowUpRoundPublic, InterviewPublic
from panelist.server.services import candidates, interviews, jobs, question_sets
from panelist.server.services.errors import owned
from panelist.server.tables import Job
from panelist.server.web.deps import RecruiterForm, RecruiterPage
from panelist.server.web.templating import STATUS_LABELS, templates, web_session

router = APIRouter()
MAX_TITLE = 300
MAX_DESCRIPTION = 200_000


def interview_status(item: InterviewPublic) -> dict[str, Any]:
    """What the job page shows of an interview's progress (also its polled JSON)."""
    progress = item.progress
    status = item.status
    expires = item.expires_at if item.expires_at.tzinfo else item.expires_at.replace(tzinfo=UTC)
    derived = _round_status(item, item.rounds[-1]) if item.rounds else None
    if derived is not None:
        status, detail = derived
    elif interviews.shown_status(status, expires) == "expired":
        status = "expired"
        detail = f"not submitted; the link expired on {expires:%Y-%m-%d %H:%M} UTC: invite again"
    elif status in ("invited", "in_progress"):
        detail = f"{progress.drafts} of {progress.questions} drafted"
    elif item.status == "submitted":
        detail = f"{progress.answers} answers, waiting to be evaluated"
    elif item.status == "evaluating":
        detail = f"{progress.evaluated} of {progress.answers} answers evaluated"
    elif item.status == "failed":
        detail = progress.error or "the evaluation failed"
    else:
        detail = f"{progress.evaluated} answers evaluated"
    return {
        "id": item.id,
        "candidate": item.candidate.name,
        "status": status,
        "label": STATUS_LABELS.get(status, status),
        "detail": detail,
        "report_url": f"/interviews/{item.id}" if item.status == "evaluated" else None,
    }


def _round_status(item: InterviewPublic, latest: FollowUpRoundPublic) -> tuple[str, str] | None:
    """The status and detail of an interview after its latest round of follow-up questions,
    when that round is what the recruiter waits for or the latest news."""
    asked = sum(len(i.follow_ups) for i in latest.items)
    on = f"round {latest.number}: {asked} follow-up question{'' if asked == 1 else 's'}"
    if latest.status != "answered":
        if item.status not in ("evaluated", "failed"):
            return None  # an evaluation under way says more
        if latest.status == "expired":
            return "follow_ups_expired", f"{on} not answered before the link expired"
        return (
            "follow_ups_sent",
            f"{on} sent; the link works until {latest.expires_at:%Y-%m-%d %H:%M} UTC",
        )
    if latest.evaluation in ("pending", "running"):
        waiting = "being evaluated" if item.status == "evaluating" else "waiting to be evaluated"
        return "follow_ups_answered", f"{on} answered, {waiting}"
    if item.status == "evaluated" and latest.evaluation == "done":
        return "evaluated", f"{on} answered and evaluated"
    return None


def _job_page_context(session: Session, job: Job) -> dict[str, Any]:
    sets = question_sets.summaries(session, job.id)
    rows = [interviews.describe(session, r) for r in interviews.list_for_job(session, job.id)]
    return {
        "job": job,
        "question_sets": [
            {"summary": s, "questions": question_sets.questions(session, s.question_set.id)}
            for s in sets
        ],
        "interviews": [interview_status(r) | {"item": r} for r in rows],
    }


@router.get("/jobs")
def job_list(request: Request, recruiter: RecruiterPage, session: SessionDep) -> Response:
    """The organisation's jobs with how many interviews each has, by status."""
    context = {
        "jobs": jobs.list_jobs(session, recruiter.organisation_id),
        "counts": interviews.status_counts(session, recruiter.organisation_id),
    }
    return templates.TemplateResponse(request, "jobs.html", context)


@router.get("/jobs/new")
def new_job_page(request: Request, recruiter: RecruiterPage) -> Response:
    """The form for a new job: a title and the pasted job description."""
    context = {"title": "", "description": "", "errors": {}}
    return templates.TemplateResponse(request, "job_new.html", context)


def _job_form_errors(title: str, description: str) -> dict[str, str]:
    errors = {}
    if not title:
        errors["title"] = "Give the job a title."
    elif len(title) > MAX_TITLE:
        errors["title"] = f"At most {MAX_TITLE} characters."
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = f"At most {MAX_DESCRIPTION:,} characters."
    return errors


@router.post("/jobs/new")
def create_job(
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
) -> Response:
    """Create the job, then show it."""
    title = title.strip()
    if errors := _job_form_errors(title, description):
        context = {"title": title, "description": description, "errors": errors}
        return templates.TemplateResponse(request, "job_new.html", context, 422)
    job = jobs.create(session, recruiter.organisation_id, title, description.strip())
    web = web_session(request)
    web.flash(f"Job “{job.title}” created. Now add its questions.")
    if not job.description:
        web.flash(
            "Note: the job has no description. Add one (Edit the job) with each requirement on "
            "a bullet line: the questions can then be drafted from it, and answers are judged "
            "against its requirements (without one, only against the questions)."
        )
    return RedirectResponse(f"/jobs/{job.id}/question-sets/new", 303)


def _edit_context(job: Job, title: str, description: str, errors: dict[str, str]) -> dict[str, Any]:
    return {
        "heading": f"Edit: {job.title}",
        "action": f"/jobs/{job.id}/edit",
        "submit": "Save",
        "title": title,
        "description": description,
        "errors": errors,
    }


@router.get("/jobs/{job_id}/edit")
def edit_job_page(
    job_id: str, request: Request, recruiter: RecruiterPage, session: SessionDep
) -> Response:
    """The job's title and description, to change (evaluations from now on use them)."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    context = _edit_context(job, job.title, job.description, {})
    return templates.TemplateResponse(request, "job_new.html", context)


@router.post("/jobs/{job_id}/edit")
def edit_job(
    job_id: str,
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
) -> Response:
    """Save the title and description, then show the job."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    title = title.strip()
    if errors := _job_form_errors(title, description):
        context = _edit_context(job, title, description, errors)
        return templates.TemplateResponse(request, "job_new.html", context, 422)
    jobs.update(session, job, title, description.strip())
    web_session(request).flash("Job saved.")
    return RedirectResponse(f"/jobs/{job.id}", 303)


@router.get("/jobs/{job_id}")
def job_page(
    job_id: str, request: Request, recruiter: RecruiterPage, session: SessionDep
) -> Response:
    """The job: description, question sets, interviews with their status, the invite form."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    context = _job_page_context(session, job) | {"invite": {}, "errors": {}}
    return templates.TemplateResponse(request, "job.html", context)


@router.get("/jobs/{job_id}/status.json")
def job_status(job_id: str, recruiter: RecruiterPage, session: SessionDep) -> JSONResponse:
    """The job's interviews and their status, for the job page to poll."""
    owned(session, Job, job_id, recruiter.organisation_id, "job")
    rows = interviews.list_for_job(session, job_id)
    items = [interview_status(interviews.describe(session, r)) for r in rows]
    return JSONResponse({"interviews": items}, headers={"Cache-Control": "no-store"})


@router.post("/jobs/{job_id}/invite")
def invite(
    job_id: str,
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    settings: SettingsDep,
    question_set_id: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    practice_feedback: Annotated[bool, Form()] = False,
) -> Response:
    """Invite a candidate: the link is shown on the next page, once."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    name, email = name.strip(), email.strip()
    errors = {}
    if not name or len(name) > MAX_TITLE:
        errors["name"] = "Give the candidate's name (at most 300 characters)."
    if email and ("@" not in email or len(email) > 320 or any(c.isspace() for c in email)):
        errors["email"] = "This is not an e-mail address."
    sets = {s.question_set.id for s in question_sets.summaries(session, job.id)}
    if question_set_id not in sets:
        errors["question_set_id"] = "Choose one of this job's question sets."
    if errors:
        invite = {"name": name, "email": email, "practice_feedback": practice_feedback}
        context = _job_page_context(session, job) | {"invite": invite, "errors": errors}
        return templates.TemplateResponse(request, "job.html", context, 422)
    candidate = candidates.create(session, recruiter.organisation_id, name, email)
    row, token = interviews.invite(
        session,
        recruiter.organisation_id,
        question_set_id,
        candidate.id,
        practice_feedback=practice_feedback,
        days=settings.invite_days,
    )
    url = str(request.base_url).rstrip("/") + f"/i/{token}"
    context = {"job": job, "candidate": candidate, "interview": row, "url": url}
    return templates.TemplateResponse(request, "invited.html", context)
