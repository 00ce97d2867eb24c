"""Rounds of follow-up questions: the recruiter asks them on a submitted interview; the
candidate answers them through a new link (``/api/v1/follow-up/{token}``)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from panelist.server.api.deps import SessionDep, SettingsDep, Writer, owned
from panelist.server.api.schemas import (
    FollowUpRoundCreate,
    FollowUpRoundCreated,
    FollowUpRoundPublic,
)
from panelist.server.services import rounds
from panelist.server.tables import InterviewRow

router = APIRouter(tags=["follow-ups"])


@router.post("/interviews/{interview_id}/follow-ups", status_code=201)
def ask_follow_ups(
    interview_id: str,
    body: FollowUpRoundCreate,
    request: Request,
    caller: Writer,
    session: SessionDep,
    settings: SettingsDep,
) -> FollowUpRoundCreated:
    """Ask follow-up questions (1-3 per answer): a new round with its own link for the same
    candidate, shown this once. 409 before the first submit or while a round waits for
    answers; 422 for an unknown question id."""
    row = owned(session, InterviewRow, interview_id, caller.organisation_id, "interview")
    asks = [rounds.Ask(i.question_id, list(i.questions)) for i in body.items]
    found, token = rounds.ask(session, row, asks, body.expires_in_days or settings.invite_days)
    public = rounds.describe(session, found, rounds.question_ids(session, row))
    link = f"/f/{token}"
    url = str(request.base_url).rstrip("/") + link
    return FollowUpRoundCreated(**public.model_dump(), link=link, url=url, token=token)


@router.post("/interviews/{interview_id}/follow-ups/withdraw")
def withdraw_follow_ups(
    interview_id: str, caller: Writer, session: SessionDep
) -> FollowUpRoundPublic:
    """Withdraw the round waiting for answers: its link stops working at once (status
    ``expired``) and another round can be asked. 409 when no round is waiting."""
    row = owned(session, InterviewRow, interview_id, caller.organisation_id, "interview")
    found = rounds.withdraw(session, row)
    return rounds.describe(session, found, rounds.question_ids(session, row))
