"""The candidate's pages for a round of follow-up questions, at ``/f/{token}``: what it is,
then each question asked about, with the first answer (read-only) and a text box per follow-up
question (drafts saved as they type by script, and by each form post without it), a review and
the one submit; then a thank-you page, and for practice interviews the updated report.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from panelist.server.api.deps import QueueDep, SessionDep, SettingsDep
from panelist.server.config import ServerSettings
from panelist.server.services import round_answers
from panelist.server.services.errors import Refused
from panelist.server.tables import FollowUpRound
from panelist.server.web import candidate_link as link
from panelist.server.web.candidate_link import Context
from panelist.server.web.deps import RoundForm, RoundPage, Texts, paired
from panelist.server.web.templating import templates

router = APIRouter(prefix="/f/{token}")
_NO_PAGE = "these follow-up questions have no part"


def _base(token: str) -> str:
    return f"/f/{token}"


def _context(
    session: Session, found: FollowUpRound, token: str, settings: ServerSettings
) -> Context:
    opened = round_answers.open_round(session, found)
    return {
        "base": _base(token),
        "token": token,
        "round": found,
        "interview": opened.interview,
        "role": opened.role,
        "job": opened.job,
        "items": opened.items,
        "drafts": round_answers.drafts(session, found),
        "max_chars": settings.max_answer_chars,
    }


def _submitted_page(
    request: Request, session: Session, context: Context, *, just_now: bool = False
) -> Response:
    found: FollowUpRound = context["round"]
    has_report = context["interview"].practice_feedback and round_answers.evaluated(session, found)
    return link.done_page(
        request, "candidate/round_done.html", context, has_report=has_report, just_now=just_now
    )


@router.get("")
def start(
    token: str, request: Request, found: RoundPage, session: SessionDep, settings: SettingsDep
) -> Response:
    """What the follow-up questions are and how to answer; once submitted, a note saying so."""
    context = _context(session, found, token, settings)
    if found.submitted_at is not None:
        return _submitted_page(request, session, context)
    return templates.TemplateResponse(request, "candidate/round_start.html", context)


@router.get("/q/{n}")
def question(
    token: str,
    n: int,
    request: Request,
    found: RoundPage,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    """Question ``n`` asked about: the first answer, and the follow-up questions with drafts."""
    context = _context(session, found, token, settings)
    if found.submitted_at is not None:
        return link.go_to(_base(token))
    item = link.page_of(n, context["items"], _NO_PAGE)
    context |= {"n": n, "item": item, "texts": context["drafts"], "error": None}
    return templates.TemplateResponse(request, "candidate/round_question.html", context)


@router.post("/q/{n}")
def save_answers(
    token: str,
    n: int,
    request: Request,
    found: RoundForm,
    session: SessionDep,
    settings: SettingsDep,
    follow_up: Texts = None,
    answer: Texts = None,
    go: Annotated[str, Form()] = "next",
) -> Response:
    """Save the drafts of this page, then go to the previous or next page, or the review."""
    context = _context(session, found, token, settings)
    if found.submitted_at is not None:
        return link.go_to(_base(token))
    item = link.page_of(n, context["items"], _NO_PAGE)
    given = dict(paired(follow_up, answer))

    def save() -> None:  # each follow-up written, or with a draft to overwrite
        for f in item.follow_ups:
            text = given.get(f.id, "")
            if text or f.id in context["drafts"]:
                round_answers.save_draft(session, found, f.id, text, settings.max_answer_chars)

    error = link.invalid(save)
    if error:
        texts_now = context["drafts"] | given
        context |= {"n": n, "item": item, "texts": texts_now, "error": error}
        return templates.TemplateResponse(request, "candidate/round_question.html", context, 422)
    return link.after_save(_base(token), n, len(context["items"]), go)


@router.get("/review")
def review(
    token: str, request: Request, found: RoundPage, session: SessionDep, settings: SettingsDep
) -> Response:
    """Every follow-up question with the answer so far, and the submit button."""
    if found.submitted_at is not None:
        return link.go_to(_base(token))
    context = _review_context(session, found, token, settings)
    return templates.TemplateResponse(request, "candidate/round_review.html", context)


def _review_context(
    session: Session, found: FollowUpRound, token: str, settings: ServerSettings
) -> Context:
    context = _context(session, found, token, settings)
    context["unanswered"] = [
        i.number
        for i in context["items"]
        if any(not context["drafts"].get(f.id, "").strip() for f in i.follow_ups)
    ]
    context["error"] = None
    return context


@router.post("/submit")
def submit(
    token: str,
    request: Request,
    found: RoundForm,
    session: SessionDep,
    settings: SettingsDep,
    queue: QueueDep,
) -> Response:
    """Submit the drafts as the answers to the follow-up questions, once."""
    try:
        return link.submit(
            request,
            _base(token),
            lambda: round_answers.submit(session, queue, found, {}, settings.max_answer_chars),
        )
    except Refused as refused:
        if refused.status_code != 422:
            raise
        # nothing answered, or too long: back to the review
        context = _review_context(session, found, token, settings)
        context["error"] = str(refused.detail).split(": ", 1)[-1]
        return templates.TemplateResponse(request, "candidate/round_review.html", context, 422)


@router.get("/done")
def done(
    token: str, request: Request, found: RoundPage, session: SessionDep, settings: SettingsDep
) -> Response:
    """Thanks for answering."""
    context = _context(session, found, token, settings)
    if found.submitted_at is None:
        return link.go_to(_base(token))
    return _submitted_page(request, session, context, just_now=True)


@router.get("/report")
def report(
    token: str, request: Request, found: RoundPage, session: SessionDep, settings: SettingsDep
) -> Response:
    """A practice interview's report with the follow-up answers, once evaluated."""
    context = _context(session, found, token, settings)
    shown = round_answers.practice_report(session, found)
    return link.report_page(request, session, context, shown)
