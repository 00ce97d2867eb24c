"""Jobs: a title and a job description, owned by an organisation."""

from __future__ import annotations

from fastapi import APIRouter

from panelist.server.api.deps import Reader, SessionDep, Writer, owned
from panelist.server.api.schemas import JobCreate, JobPublic, JobUpdate
from panelist.server.services import jobs
from panelist.server.tables import Job

router = APIRouter(tags=["jobs"])


def public(job: Job) -> JobPublic:
    """The job as shown."""
    return JobPublic(
        id=job.id,
        title=job.title,
        description=job.description,
        created_at=job.created_at,
        updated_at=job.updated_at,
    )


@router.post("/jobs", status_code=201)
def create_job(body: JobCreate, caller: Writer, session: SessionDep) -> JobPublic:
    """Create a job."""
    return public(jobs.create(session, caller.organisation_id, body.title, body.description))


@router.get("/jobs")
def list_jobs(caller: Reader, session: SessionDep) -> list[JobPublic]:
    """Your organisation's jobs, newest first."""
    return [public(j) for j in jobs.list_jobs(session, caller.organisation_id)]


@router.get("/jobs/{job_id}")
def get_job(job_id: str, caller: Reader, session: SessionDep) -> JobPublic:
    """One job."""
    return public(owned(session, Job, job_id, caller.organisation_id, "job"))


@router.patch("/jobs/{job_id}")
def update_job(job_id: str, body: JobUpdate, caller: Writer, session: SessionDep) -> JobPublic:
    """Change a job's title or description (used by evaluations from now on)."""
    job = owned(session, Job, job_id, caller.organisation_id, "job")
    return public(jobs.update(session, job, body.title, body.description))
