"""The candidate's side, authorised only by the invitation token in the path.

A token opens one interview: its role, job description and questions (never reference
points, anchors or scores), drafts that may be overwritten until the one submit, and the
report only when the recruiter turned on practice feedback.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response

from panelist.server.api.deps import Invited, QueueDep, SessionDep, SettingsDep, wake_worker
from panelist.server.api.interviews import REPORT_RESPONSES, ReportFormat, report_response
from panelist.server.api.schemas import (
    DraftIn,
    DraftSaved,
    InvitePublic,
    InviteQuestion,
    SubmitIn,
    Submitted,
)
from panelist.server.services import invitations

router = APIRouter(prefix="/invite/{token}", tags=["candidate"])


@router.get("")
def view(interview: Invited, session: SessionDep, settings: SettingsDep) -> InvitePublic:
    """The role, job description, questions and saved drafts (opening marks it started)."""
    opened = invitations.open_interview(session, interview)
    return InvitePublic(
        role=opened.role,
        job_title=opened.job.title,
        job_description=opened.job.description,
        status=interview.status,
        practice_feedback=interview.practice_feedback,
        expires_at=interview.expires_at,
        submitted_at=interview.submitted_at,
        max_answer_chars=settings.max_answer_chars,
        questions=[
            InviteQuestion(
                id=q.question_id,
                position=q.position,
                text=q.text,
                type=q.type,
                competency=q.competency,
            )
            for q in opened.questions
        ],
        drafts=invitations.drafts(session, interview.id),
    )


@router.put("/drafts/{question_id}")
def save_draft(
    question_id: str,
    body: DraftIn,
    interview: Invited,
    session: SessionDep,
    settings: SettingsDep,
) -> DraftSaved:
    """Save (or overwrite) the draft answer to one question."""
    moment = invitations.save_draft(
        session, interview, question_id, body.text, settings.max_answer_chars
    )
    return DraftSaved(question_id=question_id, updated_at=moment)


def submitted(request: Request, done: tuple[datetime, int]) -> Submitted:
    """The answer to a candidate's submit (when, how many answers), once the worker is told."""
    wake_worker(request)
    moment, count = done
    return Submitted(status="submitted", submitted_at=moment, answers=count)


@router.post("/submit", status_code=202)
def submit(
    request: Request,
    interview: Invited,
    session: SessionDep,
    settings: SettingsDep,
    queue: QueueDep,
    body: SubmitIn | None = None,
) -> Submitted:
    """Submit once: answers from the body, else from the drafts, are stored for good."""
    given = body.answers if body else {}
    done = invitations.submit(session, queue, interview, given, settings.max_answer_chars)
    return submitted(request, done)


@router.get("/report", response_class=Response, responses=REPORT_RESPONSES)
def candidate_report(
    interview: Invited, session: SessionDep, fmt: ReportFormat = "json"
) -> Response:
    """The report, for practice interviews only, once evaluated."""
    return report_response(invitations.practice_report(session, interview), fmt)
