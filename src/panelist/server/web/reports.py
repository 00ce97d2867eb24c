"""Recruiter pages of results: an interview's report (or its progress until there is one) with
its rounds of follow-up questions, its exports, a re-score, and the comparison of a job's
candidates."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from panelist.server.api.deps import QueueDep, SessionDep, wake_worker
from panelist.server.services import interviews, rounds
from panelist.server.services.errors import owned
from panelist.server.tables import InterviewRow, Job, QuestionSet
from panelist.server.web.charts import bar_chart
from panelist.server.web.deps import RecruiterForm, RecruiterPage
from panelist.server.web.exports import export
from panelist.server.web.jobs import interview_status
from panelist.server.web.report_view import view
from panelist.server.web.templating import templates, web_session

router = APIRouter()
Extension = Literal["txt", "md", "json", "html", "pdf"]


@router.get("/interviews/{interview_id}")
def report_page(
    interview_id: str, request: Request, recruiter: RecruiterPage, session: SessionDep
) -> Response:
    """The report: per answer the score, highlighted evidence, points and flags; charts and
    the summary. Before the evaluation, the interview's progress."""
    row = owned(session, InterviewRow, interview_id, recruiter.organisation_id, "interview")
    qset = session.get_one(QuestionSet, row.question_set_id)
    job = session.get_one(Job, qset.job_id)
    item = interviews.describe(session, row)
    report = interviews.latest_report(session, row.id)
    pending = item.status not in interviews.FINAL
    waiting = next((r for r in item.rounds if r.status == "sent"), None)
    context = {
        "job": job,
        "interview": item,
        "status": interview_status(item),
        "view": view(report, rounds.evaluated_rounds(session, row.id)) if report else None,
        "pending": pending,
        "waiting_round": waiting,
        "can_ask": report is not None and waiting is None and not pending,
    }
    return templates.TemplateResponse(request, "report.html", context)


@router.get("/interviews/{interview_id}/report.{extension}")
def report_export(
    interview_id: str, extension: Extension, recruiter: RecruiterPage, session: SessionDep
) -> Response:
    """The latest report as text, Markdown, JSON, a printable HTML page or PDF."""
    row = owned(session, InterviewRow, interview_id, recruiter.organisation_id, "interview")
    report = interviews.report_of(session, row)
    return export(report, extension, rounds.evaluated_rounds(session, row.id))


@router.post("/interviews/{interview_id}/rescore")
def rescore(
    interview_id: str,
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    queue: QueueDep,
) -> RedirectResponse:
    """Evaluate the answers again (a new report is added; the old ones are kept)."""
    row = owned(session, InterviewRow, interview_id, recruiter.organisation_id, "interview")
    interviews.rescore(session, queue, row)
    wake_worker(request)
    web_session(request).flash("The answers are queued to be evaluated again.")
    return RedirectResponse(f"/interviews/{row.id}", 303)


@router.get("/jobs/{job_id}/compare")
def compare_page(
    job_id: str, request: Request, recruiter: RecruiterPage, session: SessionDep
) -> Response:
    """Candidates x questions with each overall score, as a table and a bar chart."""
    job = owned(session, Job, job_id, recruiter.organisation_id, "job")
    table = interviews.compare(session, job_id)
    labels = _distinct([row.candidate for row in table.rows])
    chart = bar_chart(
        "overall",
        "Overall score of each candidate (average of the answers judged, 0-100)",
        {label: row.average for label, row in zip(labels, table.rows, strict=True)},
    )
    context = {"job": job, "table": table, "chart": chart}
    return templates.TemplateResponse(request, "compare.html", context)


def _distinct(names: list[str]) -> list[str]:
    """The names, a repeated one numbered: "Ada", "Ada (2)"."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out
