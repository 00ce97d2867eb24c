"""Question sets of a job: made from questions or imported from the interview YAML format.

A question set is never changed once made, so every interview keeps the questions it was
asked; make a new set to change them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panelist.models import Question
from panelist.server.questionsets import check_unique, from_row, parse_yaml, to_rows
from panelist.server.tables import Job, QuestionRow, QuestionSet


@dataclass(frozen=True)
class Summary:
    """A question set and how many questions it has."""

    question_set: QuestionSet
    questions: int


def questions(session: Session, question_set_id: str) -> list[Question]:
    """The set's questions, in order."""
    rows = session.scalars(
        select(QuestionRow)
        .where(QuestionRow.question_set_id == question_set_id)
        .order_by(QuestionRow.position)
    )
    return [from_row(r) for r in rows]


def create(session: Session, job: Job, name: str, role: str, items: list[Question]) -> QuestionSet:
    """A new set of ``items`` for ``job``, committed (two questions with one id: 422)."""
    check_unique(items)
    qset = QuestionSet(organisation_id=job.organisation_id, job_id=job.id, name=name, role=role)
    session.add(qset)
    session.flush()
    session.add_all(to_rows(qset.id, items))
    session.commit()
    return qset


def import_yaml(
    session: Session, job: Job, text: str, name: str | None = None
) -> tuple[QuestionSet, list[str]]:
    """A set read from interview YAML, and warnings about what was left out.

    An inline job description fills the job's description when that is empty.
    """
    imported = parse_yaml(text)
    warnings = list(imported.warnings)
    jd = imported.job_description
    if jd is not None and jd.text.strip():
        if not job.description.strip():
            job.description = jd.text
        elif jd.text.strip() != job.description.strip():
            warnings.append("the file's job description was not used: the job has its own")
    label = name or imported.name or imported.role
    return create(session, job, label, imported.role, imported.questions), warnings


def summaries(session: Session, job_id: str) -> list[Summary]:
    """The job's question sets with their sizes, oldest first."""
    counts = (
        select(QuestionRow.question_set_id, func.count().label("n"))
        .group_by(QuestionRow.question_set_id)
        .subquery()
    )
    rows = session.execute(
        select(QuestionSet, counts.c.n)
        .join(counts, counts.c.question_set_id == QuestionSet.id)
        .where(QuestionSet.job_id == job_id)
        .order_by(QuestionSet.created_at)
    ).all()
    return [Summary(q, n) for q, n in rows]
