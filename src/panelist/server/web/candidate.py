"""The candidate's pages at ``/i/{token}``: the role and job description, the questions one
at a time (drafts saved as they type by script, and by each form post without it), a review
and the one submit; then a thank-you page, and for practice interviews the report.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from panelist.server.api.deps import QueueDep, SessionDep, SettingsDep
from panelist.server.config import ServerSettings
from panelist.server.services import interviews, invitations
from panelist.server.tables import InterviewRow
from panelist.server.web import candidate_link as link
from panelist.server.web.candidate_link import Context
from panelist.server.web.deps import CandidateForm, CandidatePage
from panelist.server.web.templating import templates

router = APIRouter(prefix="/i/{token}")
_NO_PAGE = "this interview has no question"


def _base(token: str) -> str:
    return f"/i/{token}"


def _context(
    session: Session, interview: InterviewRow, token: str, settings: ServerSettings
) -> Context:
    opened = invitations.open_interview(session, interview)
    return {
        "base": _base(token),
        "token": token,
        "interview": interview,
        "role": opened.role,
        "job": opened.job,
        "questions": opened.questions,
        "drafts": invitations.drafts(session, interview.id),
        "max_chars": settings.max_answer_chars,
    }


def _submitted_page(
    request: Request, session: Session, context: Context, *, just_now: bool = False
) -> Response:
    interview: InterviewRow = context["interview"]
    has_report = (
        interview.practice_feedback and interviews.latest_report(session, interview.id) is not None
    )
    return link.done_page(
        request, "candidate/done.html", context, has_report=has_report, just_now=just_now
    )


@router.get("")
def start(
    token: str,
    request: Request,
    interview: CandidatePage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """The role, the job description and how to answer; once submitted, a note saying so."""
    context = _context(session, interview, token, settings)
    if interview.submitted_at is not None:
        return _submitted_page(request, session, context)
    return templates.TemplateResponse(request, "candidate/start.html", context)


@router.get("/q/{n}")
def question(
    token: str,
    n: int,
    request: Request,
    interview: CandidatePage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Question ``n`` of the interview, with the saved draft."""
    context = _context(session, interview, token, settings)
    if interview.submitted_at is not None:
        return link.go_to(_base(token))
    row = link.page_of(n, context["questions"], _NO_PAGE)
    context |= {"n": n, "question": row, "text": context["drafts"].get(row.question_id, "")}
    return templates.TemplateResponse(request, "candidate/question.html", context)


@router.post("/q/{n}")
def save_answer(
    token: str,
    n: int,
    request: Request,
    interview: CandidateForm,
    session: SessionDep,
    settings: SettingsDep,
    answer: Annotated[str, Form()] = "",
    go: Annotated[str, Form()] = "next",
) -> Response:
    """Save the draft, then go to the previous or next question, or the review."""
    context = _context(session, interview, token, settings)
    if interview.submitted_at is not None:
        return link.go_to(_base(token))
    row = link.page_of(n, context["questions"], _NO_PAGE)
    if answer or row.question_id in context["drafts"]:
        error = link.invalid(
            lambda: invitations.save_draft(
                session, interview, row.question_id, answer, settings.max_answer_chars
            )
        )
        if error:
            context |= {"n": n, "question": row, "text": answer, "error": error}
            return templates.TemplateResponse(request, "candidate/question.html", context, 422)
    return link.after_save(_base(token), n, len(context["questions"]), go)


@router.get("/review")
def review(
    token: str,
    request: Request,
    interview: CandidatePage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Every question with the answer so far, and the submit button."""
    context = _context(session, interview, token, settings)
    if interview.submitted_at is not None:
        return link.go_to(_base(token))
    unanswered = [
        n
        for n, q in enumerate(context["questions"], start=1)
        if not context["drafts"].get(q.question_id, "").strip()
    ]
    context["unanswered"] = unanswered
    return templates.TemplateResponse(request, "candidate/review.html", context)


@router.post("/submit")
def submit(
    token: str,
    request: Request,
    interview: CandidateForm,
    session: SessionDep,
    settings: SettingsDep,
    queue: QueueDep,
) -> Response:
    """Submit the drafts as the answers, once."""
    return link.submit(
        request,
        _base(token),
        lambda: invitations.submit(session, queue, interview, {}, settings.max_answer_chars),
    )


@router.get("/done")
def done(
    token: str,
    request: Request,
    interview: CandidatePage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Thanks for submitting."""
    context = _context(session, interview, token, settings)
    if interview.submitted_at is None:
        return link.go_to(_base(token))
    return _submitted_page(request, session, context, just_now=True)


@router.get("/report")
def report(
    token: str,
    request: Request,
    interview: CandidatePage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """A practice interview's report, once evaluated."""
    context = _context(session, interview, token, settings)
    found = invitations.practice_report(session, interview)
    return link.report_page(request, session, context, found)
