"""The candidate's pages at ``/i/{token}``: the role and job description, the questions one
at a time (drafts saved as they type by script, and by each form post without it), a review
and the one submit; then a thank-you page, and for practice interviews the report.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from panelist.server.api.deps import QueueDep, SessionDep, SettingsDep, wake_worker
from panelist.server.config import ServerSettings
from panelist.server.services import interviews, invitations, rounds
from panelist.server.services.errors import Refused
from panelist.server.tables import InterviewRow
from panelist.server.web.deps import CandidateForm, CandidatePage
from panelist.server.web.report_view import view
from panelist.server.web.templating import templates

router = APIRouter(prefix="/i/{token}")


def _base(token: str) -> str:
    return f"/i/{token}"


def _context(
    session: Session, interview: InterviewRow, token: str, settings: ServerSettings
) -> dict[str, Any]:
    opened = invitations.open_interview(session, interview)
    drafts = invitations.drafts(session, interview.id)
    return {
        "base": _base(token),
        "token": token,
        "interview": interview,
        "role": opened.role,
        "job": opened.job,
        "questions": opened.questions,
        "drafts": {qid: d.text for qid, d in drafts.items()},
        "max_chars": settings.max_answer_chars,
    }


def _submitted_page(
    request: Request, session: Session, context: dict[str, Any], *, just_now: bool = False
) -> Response:
    interview: InterviewRow = context["interview"]
    has_report = (
        interview.practice_feedback and interviews.latest_report(session, interview.id) is not None
    )
    context = context | {"just_now": just_now, "has_report": has_report}
    return templates.TemplateResponse(request, "candidate/done.html", context)


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


def _number(n: int, context: dict[str, Any]) -> int:
    if not 1 <= n <= len(context["questions"]):
        raise Refused(404, f"this interview has no question {n}")
    return n


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
        return RedirectResponse(_base(token), 303)
    _number(n, context)
    row = context["questions"][n - 1]
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
        return RedirectResponse(_base(token), 303)
    _number(n, context)
    row = context["questions"][n - 1]
    if answer or row.question_id in context["drafts"]:
        try:
            invitations.save_draft(
                session, interview, row.question_id, answer, settings.max_answer_chars
            )
        except Refused as refused:
            if refused.status_code != 422:
                raise
            context |= {"n": n, "question": row, "text": answer, "error": str(refused.detail)}
            return templates.TemplateResponse(request, "candidate/question.html", context, 422)
    total = len(context["questions"])
    target = {
        "prev": f"/q/{max(1, n - 1)}",
        "next": f"/q/{n + 1}" if n < total else "/review",
        "review": "/review",
    }.get(go, f"/q/{n}")
    return RedirectResponse(_base(token) + target, 303)


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
        return RedirectResponse(_base(token), 303)
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
    try:
        invitations.submit(session, queue, interview, {}, settings.max_answer_chars)
    except Refused as refused:
        if refused.status_code != 409:
            raise
        return RedirectResponse(_base(token), 303)
    wake_worker(request)
    return RedirectResponse(_base(token) + "/done", 303)


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
        return RedirectResponse(_base(token), 303)
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
    context["view"] = view(found, rounds.evaluated_rounds(session, interview.id))
    return templates.TemplateResponse(request, "candidate/report.html", context)
