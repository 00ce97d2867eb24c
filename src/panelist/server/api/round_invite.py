"""The candidate's side of a round of follow-up questions, authorised only by that round's
token in the path: the questions asked about with the first answers, drafts of the follow-up
answers until the one submit, and for practice interviews the report with them."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from panelist.server.api.deps import QueueDep, RoundInvited, SessionDep, SettingsDep
from panelist.server.api.interviews import REPORT_RESPONSES, ReportFormat, report_response
from panelist.server.api.invite import submitted
from panelist.server.api.schemas import (
    DraftIn,
    RoundDraftSaved,
    RoundFollowUp,
    RoundInvitePublic,
    RoundItem,
    RoundSubmitIn,
    Submitted,
)
from panelist.server.services import round_answers, rounds

router = APIRouter(prefix="/follow-up/{token}", tags=["candidate"])


@router.get("")
def view(found: RoundInvited, session: SessionDep, settings: SettingsDep) -> RoundInvitePublic:
    """The questions asked about, each with the first answer and its follow-up questions, and
    the saved drafts (opening is recorded)."""
    opened = round_answers.open_round(session, found)
    return RoundInvitePublic(
        role=opened.role,
        job_title=opened.job.title,
        number=found.number,
        status=rounds.status(found),
        practice_feedback=opened.interview.practice_feedback,
        expires_at=found.expires_at,
        submitted_at=found.submitted_at,
        max_answer_chars=settings.max_answer_chars,
        items=[
            RoundItem(
                question_id=i.question.question_id,
                position=i.question.position + 1,
                text=i.question.text,
                answer=i.answer,
                follow_ups=[
                    RoundFollowUp(id=f.id, position=f.position, text=f.text) for f in i.follow_ups
                ],
            )
            for i in opened.items
        ],
        drafts=round_answers.drafts(session, found),
    )


@router.put("/drafts/{follow_up_id}")
def save_draft(
    follow_up_id: str,
    body: DraftIn,
    found: RoundInvited,
    session: SessionDep,
    settings: SettingsDep,
) -> RoundDraftSaved:
    """Save (or overwrite) the draft answer to one follow-up question."""
    moment = round_answers.save_draft(
        session, found, follow_up_id, body.text, settings.max_answer_chars
    )
    return RoundDraftSaved(follow_up_id=follow_up_id, updated_at=moment)


@router.post("/submit", status_code=202)
def submit(
    request: Request,
    found: RoundInvited,
    session: SessionDep,
    settings: SettingsDep,
    queue: QueueDep,
    body: RoundSubmitIn | None = None,
) -> Submitted:
    """Submit once: answers from the body, else from the drafts, are stored for good and
    evaluated with the first answers."""
    given = body.answers if body else {}
    done = round_answers.submit(session, queue, found, given, settings.max_answer_chars)
    return submitted(request, done)


@router.get("/report", response_class=Response, responses=REPORT_RESPONSES)
def candidate_report(
    found: RoundInvited, session: SessionDep, fmt: ReportFormat = "json"
) -> Response:
    """The report with the follow-up answers, for practice interviews, once evaluated."""
    return report_response(round_answers.practice_report(session, found), fmt)
