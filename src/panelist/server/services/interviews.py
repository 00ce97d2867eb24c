"""Interviews: invite a candidate, follow the status, re-score, read and compare reports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panelist.aggregate import summarize
from panelist.models import Report
from panelist.server.api.schemas import (
    CandidatePublic,
    CompareQuestion,
    CompareRow,
    CompareTable,
    InterviewPublic,
    Progress,
)
from panelist.server.security import hash_token, new_invite_token
from panelist.server.services import rounds
from panelist.server.services.errors import Refused, owned
from panelist.server.tables import (
    Answer,
    Candidate,
    Draft,
    EvaluationJob,
    InterviewRow,
    QuestionRow,
    QuestionSet,
    ReportRow,
    now,
)
from panelist.server.worker import Queue

#: Statuses after which an interview changes only by a re-score.
FINAL = frozenset({"evaluated", "failed"})


def _count(session: Session, table: type[Draft] | type[Answer], interview_id: str) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(table).where(table.interview_id == interview_id)
        )
        or 0
    )


def latest_job(session: Session, interview_id: str) -> EvaluationJob | None:
    """The interview's most recent evaluation job."""
    return session.scalars(
        select(EvaluationJob)
        .where(EvaluationJob.interview_id == interview_id)
        .order_by(EvaluationJob.created_at.desc(), EvaluationJob.id.desc())
        .limit(1)
    ).first()


def latest_report(session: Session, interview_id: str) -> Report | None:
    """The interview's most recent report, its summary computed afresh (a report stored
    before answers not judged were left out of the figures reads as a new one would)."""
    row = session.scalars(
        select(ReportRow)
        .where(ReportRow.interview_id == interview_id)
        .order_by(ReportRow.created_at.desc(), ReportRow.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    report = Report.model_validate(row.result)
    summary = summarize(report.evaluations, report.summary.common_weaknesses)
    return report.model_copy(update={"summary": summary})


def candidate_public(candidate: Candidate) -> CandidatePublic:
    """The candidate as shown."""
    return CandidatePublic(
        id=candidate.id, name=candidate.name, email=candidate.email, created_at=candidate.created_at
    )


def describe(session: Session, row: InterviewRow) -> InterviewPublic:
    """The interview with its candidate, status and progress."""
    qset = session.get_one(QuestionSet, row.question_set_id)
    candidate = session.get_one(Candidate, row.candidate_id)
    job = latest_job(session, row.id)
    questions = session.scalar(
        select(func.count()).select_from(QuestionRow).where(QuestionRow.question_set_id == qset.id)
    )
    return InterviewPublic(
        id=row.id,
        job_id=qset.job_id,
        question_set_id=qset.id,
        candidate=candidate_public(candidate),
        status=row.status,
        practice_feedback=row.practice_feedback,
        expires_at=row.expires_at,
        opened_at=row.opened_at,
        submitted_at=row.submitted_at,
        created_at=row.created_at,
        progress=Progress(
            questions=questions or 0,
            drafts=_count(session, Draft, row.id),
            answers=_count(session, Answer, row.id),
            evaluation=job.status if job else None,
            evaluated=job.done if job else 0,
            attempts=job.attempts if job else 0,
            error=job.error if job else None,
        ),
        rounds=rounds.describe_all(session, row),
    )


def invite(
    session: Session,
    organisation_id: str,
    question_set_id: str,
    candidate_id: str,
    *,
    practice_feedback: bool,
    days: float,
) -> tuple[InterviewRow, str]:
    """A new interview of the candidate on the set, committed, and its invitation token.

    The token is returned this once: only its SHA-256 hash is stored.
    """
    qset = owned(session, QuestionSet, question_set_id, organisation_id, "question set")
    owned(session, Candidate, candidate_id, organisation_id, "candidate")
    token = new_invite_token()
    row = InterviewRow(
        organisation_id=organisation_id,
        question_set_id=qset.id,
        candidate_id=candidate_id,
        status="invited",
        practice_feedback=practice_feedback,
        invite_token_hash=hash_token(token),
        expires_at=now() + timedelta(days=days),
    )
    session.add(row)
    session.commit()
    return row, token


def list_for_job(session: Session, job_id: str) -> list[InterviewRow]:
    """The interviews of a job, newest first."""
    return list(
        session.scalars(
            select(InterviewRow)
            .join(QuestionSet, QuestionSet.id == InterviewRow.question_set_id)
            .where(QuestionSet.job_id == job_id)
            .order_by(InterviewRow.created_at.desc())
        )
    )


def rescore(session: Session, queue: Queue, row: InterviewRow) -> str:
    """Queue the submitted answers for evaluation again; the new job's id (409 if not now)."""
    if row.submitted_at is None:
        raise Refused(409, f"interview {row.id} has no submitted answers yet")
    job = latest_job(session, row.id)
    if job is not None and job.status in ("pending", "running"):
        raise Refused(409, f"interview {row.id} is already queued for evaluation")
    job_id = queue.enqueue(session, row.id)
    row.status = "submitted"
    session.commit()
    return job_id


def report_of(session: Session, row: InterviewRow) -> Report:
    """The latest report, or 409 while there is none."""
    report = latest_report(session, row.id)
    if report is None:
        raise Refused(409, f"interview {row.id} has no report yet (status {row.status})")
    return report


def compare(session: Session, job_id: str) -> CompareTable:
    """Candidates x questions: each interview's latest scores, side by side (only the questions
    of the sets candidates were invited to)."""
    rows = session.execute(
        select(InterviewRow, Candidate)
        .join(QuestionSet, QuestionSet.id == InterviewRow.question_set_id)
        .join(Candidate, Candidate.id == InterviewRow.candidate_id)
        .where(QuestionSet.job_id == job_id)
        .order_by(Candidate.name, InterviewRow.created_at)
    ).all()
    asked = {interview.question_set_id for interview, _ in rows}
    questions = session.execute(
        select(QuestionRow.question_id, QuestionRow.text)
        .join(QuestionSet, QuestionSet.id == QuestionRow.question_set_id)
        .where(QuestionSet.job_id == job_id, QuestionRow.question_set_id.in_(asked))
        .order_by(QuestionSet.created_at, QuestionRow.position)
    ).all()
    columns: dict[str, str] = {}
    for qid, text in questions:
        columns.setdefault(qid, text)
    table = []
    for interview, candidate in rows:
        report = latest_report(session, interview.id)
        scores: dict[str, int | None] = dict.fromkeys(columns)
        if report is not None:
            scores.update({e.question_id: e.score for e in report.evaluations})
        table.append(
            CompareRow(
                interview_id=interview.id,
                candidate_id=candidate.id,
                candidate=candidate.name,
                status=shown_status(interview.status, interview.expires_at),
                scores=scores,
                average=round(report.summary.average_score, 1) if report else None,
            )
        )
    return CompareTable(
        job_id=job_id,
        questions=[CompareQuestion(id=q, text=t) for q, t in columns.items()],
        rows=table,
    )


def status_counts(session: Session, organisation_id: str) -> dict[str, dict[str, int]]:
    """For each job of the organisation: how many of its interviews are in each status (as
    :func:`shown_status` gives it)."""
    rows = session.execute(
        select(QuestionSet.job_id, InterviewRow.status, InterviewRow.expires_at)
        .join(QuestionSet, QuestionSet.id == InterviewRow.question_set_id)
        .where(InterviewRow.organisation_id == organisation_id)
    ).all()
    counts: dict[str, dict[str, int]] = {}
    for job_id, status, expires_at in rows:
        shown = shown_status(status, expires_at)
        counts.setdefault(job_id, {})[shown] = counts.get(job_id, {}).get(shown, 0) + 1
    return counts


def shown_status(status: str, expires_at: datetime) -> str:
    """The status as the pages show it: an interview not submitted before its link expired is
    ``expired``."""
    expires = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)
    return "expired" if status in ("invited", "in_progress") and expires <= now() else status
