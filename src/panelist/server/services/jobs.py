"""Jobs: a title and a job description, owned by an organisation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelist.server.tables import Job, now


def create(session: Session, organisation_id: str, title: str, description: str = "") -> Job:
    """A new job, committed."""
    job = Job(organisation_id=organisation_id, title=title, description=description)
    session.add(job)
    session.commit()
    return job


def list_jobs(session: Session, organisation_id: str) -> list[Job]:
    """The organisation's jobs, newest first."""
    query = select(Job).where(Job.organisation_id == organisation_id)
    return list(session.scalars(query.order_by(Job.created_at.desc())))


def update(session: Session, job: Job, title: str | None, description: str | None) -> Job:
    """Change the title or description (used by evaluations from now on), committed."""
    if title is not None:
        job.title = title
    if description is not None:
        job.description = description
    job.updated_at = now()
    session.commit()
    return job
