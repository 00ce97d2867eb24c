"""Interviews: invite a candidate, follow the status, re-score, read and compare reports."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select

from panelist.models import Report
from panelist.report import render
from panelist.server.api.deps import (
    QueueDep,
    Reader,
    SessionDep,
    SettingsDep,
    Writer,
    owned,
    wake_worker,
)
from panelist.server.api.schemas import (
    CompareTable,
    EvaluationPublic,
    InterviewCreate,
    InterviewCreated,
    InterviewPublic,
    JobQueued,
)
from panelist.server.services import interviews
from panelist.server.services.interviews import describe as public
from panelist.server.tables import Answer, EvaluationRow, InterviewRow, Job

router = APIRouter(tags=["interviews"])
_MEDIA = {"json": "application/json", "text": "text/plain", "md": "text/markdown"}
#: The report routes' answers, and their ``?format=`` parameter.
REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {m: {} for m in _MEDIA.values()}}
}
ReportFormat = Annotated[Literal["json", "text", "md"], Query(alias="format")]


@router.post("/interviews", status_code=201)
def create_interview(
    body: InterviewCreate,
    request: Request,
    caller: Writer,
    session: SessionDep,
    settings: SettingsDep,
) -> InterviewCreated:
    """Invite a candidate to a question set: the link and token are shown this once."""
    row, token = interviews.invite(
        session,
        caller.organisation_id,
        body.question_set_id,
        body.candidate_id,
        practice_feedback=body.practice_feedback,
        days=body.expires_in_days or settings.invite_days,
    )
    link = f"/i/{token}"
    url = str(request.base_url).rstrip("/") + link
    return InterviewCreated(**public(session, row).model_dump(), link=link, url=url, token=token)


@router.get("/jobs/{job_id}/interviews")
def list_interviews(job_id: str, caller: Reader, session: SessionDep) -> list[InterviewPublic]:
    """The interviews of a job, newest first, with their status."""
    owned(session, Job, job_id, caller.organisation_id, "job")
    return [public(session, r) for r in interviews.list_for_job(session, job_id)]


@router.get("/interviews/{interview_id}")
def get_interview(interview_id: str, caller: Reader, session: SessionDep) -> InterviewPublic:
    """One interview: status and progress."""
    row = owned(session, InterviewRow, interview_id, caller.organisation_id, "interview")
    return public(session, row)


@router.post("/interviews/{interview_id}/rescore", status_code=202)
def rescore(
    interview_id: str, request: Request, caller: Writer, session: SessionDep, queue: QueueDep
) -> JobQueued:
    """Evaluate the submitted answers again: new evaluations and a new report are added."""
    row = owned(session, InterviewRow, interview_id, caller.organisation_id, "interview")
    job_id = interviews.rescore(session, queue, row)
    wake_worker(request)
    return JobQueued(id=job_id, interview_id=row.id, status="pending")


@router.get("/interviews/{interview_id}/evaluations")
def list_evaluations(
    interview_id: str, caller: Reader, session: SessionDep
) -> list[EvaluationPublic]:
    """Every evaluation of the interview's answers, oldest first: the audit trail."""
    owned(session, InterviewRow, interview_id, caller.organisation_id, "interview")
    rows = session.execute(
        select(EvaluationRow, Answer.question_id)
        .join(Answer, Answer.id == EvaluationRow.answer_id)
        .where(Answer.interview_id == interview_id)
        .order_by(EvaluationRow.created_at, EvaluationRow.id)
    ).all()
    return [
        EvaluationPublic(
            id=e.id,
            question_id=qid,
            score=e.score,
            engine=e.engine,
            engine_version=e.engine_version,
            model=e.model,
            prompt_version=e.prompt_version,
            settings=e.settings,
            evaluation_job_id=e.evaluation_job_id,
            created_at=e.created_at,
            round=e.round_number,
            result=e.result,
        )
        for e, qid in rows
    ]


def report_response(report: Report, fmt: str) -> Response:
    """The report rendered as ``fmt`` (json, text or md)."""
    return Response(render(report, fmt), media_type=_MEDIA[fmt])


@router.get(
    "/interviews/{interview_id}/report", response_class=Response, responses=REPORT_RESPONSES
)
def get_report(
    interview_id: str, caller: Reader, session: SessionDep, fmt: ReportFormat = "json"
) -> Response:
    """The latest report: JSON, text (the reference layout) or Markdown."""
    row = owned(session, InterviewRow, interview_id, caller.organisation_id, "interview")
    return report_response(interviews.report_of(session, row), fmt)


@router.get("/jobs/{job_id}/compare")
def compare(job_id: str, caller: Reader, session: SessionDep) -> CompareTable:
    """Candidates x questions: each interview's latest scores, side by side."""
    owned(session, Job, job_id, caller.organisation_id, "job")
    return interviews.compare(session, job_id)
