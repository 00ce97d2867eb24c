"""Recruiter pages of follow-up rounds: choose what to ask on an evaluated interview (per
answer, the evaluation's follow-up questions, ticked and editable, and one of your own), then
the candidate's new link, shown this once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from panelist.models import Evaluation, QuestionAnswer, Report
from panelist.server.api.deps import SessionDep, SettingsDep
from panelist.server.api.schemas import MAX_FOLLOW_UP_CHARS, MAX_FOLLOW_UPS
from panelist.server.services import interviews, rounds
from panelist.server.services.errors import Refused, owned
from panelist.server.tables import InterviewRow, Job, QuestionSet
from panelist.server.web.deps import RecruiterForm, RecruiterPage, Texts, paired
from panelist.server.web.templating import templates, web_session

router = APIRouter()

#: What each follow-up reason asks about, as the form shows it.
REASONS = {
    "missing_part": "a part of the question it left out",
    "no_personal_role": "the candidate's own part",
    "no_result": "the result",
    "unverified_claim": "how a figure was measured",
    "no_reasoning": "the reasoning",
    "reference_point": "a key point it did not cover",
    "off_topic": "the question asked",
    "too_brief": "more detail",
    "hypothetical": "a real example, in detail",
    "ask_again": "the question again",
}


@dataclass(frozen=True)
class Choice:
    """One proposed follow-up question: its form slot, its text, ticked or not."""

    slot: str
    text: str
    checked: bool
    reason: str


@dataclass(frozen=True)
class AskView:
    """One answer of the interview with the follow-up questions that may be asked on it."""

    number: int
    item: QuestionAnswer
    evaluation: Evaluation | None
    choices: list[Choice]
    own: str
    error: str | None


def _ready(session: Session, row: InterviewRow) -> Report:
    """The latest report, when follow-up questions may be asked now (else 409)."""
    if row.submitted_at is None:
        raise Refused(409, f"interview {row.id} has no submitted answers yet")
    report = interviews.latest_report(session, row.id)
    if report is None:
        raise Refused(409, "follow-up questions are chosen from the evaluation: wait for it")
    waiting = rounds.open_round(session, row.id)
    if waiting is not None:
        raise Refused(
            409,
            f"follow-up questions of round {waiting.number} are waiting for the candidate's "
            f"answers (the link is valid until {waiting.expires_at:%Y-%m-%d %H:%M} UTC)",
        )
    return report


def _views(
    report: Report,
    posted: dict[str, tuple[str, bool]] | None = None,
    own: dict[str, str] | None = None,
    errors: dict[int, str] | None = None,
) -> list[AskView]:
    """Every answer with its proposed follow-ups: ticked as proposed, or as ``posted``."""
    by_id = {e.question_id: e for e in report.evaluations}
    views = []
    for n, item in enumerate(report.interview.items, start=1):
        evaluation = by_id.get(item.question.id)
        choices = []
        for i, proposed in enumerate(evaluation.follow_ups if evaluation else [], start=1):
            slot = f"{n}-{i}"
            text, checked = (posted or {}).get(slot, (proposed.text, posted is None))
            reason = REASONS.get(proposed.reason, proposed.reason.replace("_", " "))
            choices.append(Choice(slot, text, checked, reason))
        own_text = (own or {}).get(str(n), "")
        views.append(AskView(n, item, evaluation, choices, own_text, (errors or {}).get(n)))
    return views


def _page(
    request: Request, session: Session, row: InterviewRow, context: dict[str, Any], status: int
) -> Response:
    qset = session.get_one(QuestionSet, row.question_set_id)
    context |= {
        "job": session.get_one(Job, qset.job_id),
        "interview": interviews.describe(session, row),
        "max_chars": MAX_FOLLOW_UP_CHARS,
        "max_follow_ups": MAX_FOLLOW_UPS,
    }
    return templates.TemplateResponse(request, "follow_ups_new.html", context, status)


@router.get("/interviews/{interview_id}/follow-ups/new")
def follow_ups_page(
    interview_id: str, request: Request, recruiter: RecruiterPage, session: SessionDep
) -> Response:
    """Per answer, the evaluation's follow-up questions (ticked, editable) and one of yours."""
    row = owned(session, InterviewRow, interview_id, recruiter.organisation_id, "interview")
    report = _ready(session, row)
    return _page(request, session, row, {"answers": _views(report), "error": None}, 200)


def _problem(texts: list[str], unticked_blank: bool) -> str | None:
    if unticked_blank:
        return "A ticked follow-up question is empty: write it, or untick it."
    if len(texts) > MAX_FOLLOW_UPS:
        return f"At most {MAX_FOLLOW_UPS} follow-up questions per answer: untick one."
    if any(len(t) > MAX_FOLLOW_UP_CHARS for t in texts):
        return f"At most {MAX_FOLLOW_UP_CHARS:,} characters per question."
    return None


@router.post("/interviews/{interview_id}/follow-ups")
def ask_follow_ups(
    interview_id: str,
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    settings: SettingsDep,
    slot: Texts = None,
    text: Texts = None,
    ask: Texts = None,
    own_for: Texts = None,
    own: Texts = None,
) -> Response:
    """Send the ticked and written follow-up questions: a new round and its link, shown once."""
    row = owned(session, InterviewRow, interview_id, recruiter.organisation_id, "interview")
    report = _ready(session, row)
    shown, yours = paired(slot, text), paired(own_for, own)
    ticked = set(ask or [])
    posted = {s: (t.strip(), s in ticked) for s, t in shown}
    written = {n: t.strip() for n, t in yours}
    asks, errors = [], {}
    for n, item in enumerate(report.interview.items, start=1):
        mine = [(t, on) for s, (t, on) in posted.items() if s.split("-")[0] == str(n)]
        chosen = [t for t, on in mine if on and t] + (
            [written[str(n)]] if written.get(str(n)) else []
        )
        problem = _problem(chosen, any(on and not t for t, on in mine))
        if problem:
            errors[n] = problem
        elif chosen:
            asks.append(rounds.Ask(item.question.id, chosen))
    error = None if asks or errors else "Tick or write at least one follow-up question."
    if errors or error:
        views = _views(report, posted, written, errors)
        message = error or "Some answers need a change: see below."
        return _page(request, session, row, {"answers": views, "error": message}, 422)
    found, token = rounds.ask(session, row, asks, settings.invite_days)
    qset = session.get_one(QuestionSet, row.question_set_id)
    context: dict[str, Any] = {
        "job": session.get_one(Job, qset.job_id),
        "interview": interviews.describe(session, row),
        "round": found,
        "asked": sum(len(a.questions) for a in asks),
        "answers": len(asks),
        "url": str(request.base_url).rstrip("/") + f"/f/{token}",
    }
    return templates.TemplateResponse(request, "follow_ups_sent.html", context)


@router.post("/interviews/{interview_id}/follow-ups/withdraw")
def withdraw_follow_ups(
    interview_id: str, request: Request, recruiter: RecruiterForm, session: SessionDep
) -> RedirectResponse:
    """Withdraw the round waiting for answers (a lost link, or other questions to ask)."""
    row = owned(session, InterviewRow, interview_id, recruiter.organisation_id, "interview")
    found = rounds.withdraw(session, row)
    web_session(request).flash(
        f"Round {found.number} withdrawn: its link no longer works. You can ask again."
    )
    return RedirectResponse(f"/interviews/{interview_id}", 303)
