"""Background evaluation: a queue of interviews to evaluate and the worker that empties it.

Web requests only enqueue; the worker thread started with the server claims a job, evaluates
the interview's stored answers with the configured engine (built once per worker), and stores
the evaluations and the report in one transaction. Answers come with the follow-up exchanges of
every submitted round; a round's job evaluates the questions it asked about, and its report
takes the latest evaluation of each other question (see :mod:`panelist.server.stored`).

A job left ``running`` by a killed server is put back to ``pending`` on the next start; a job
that fails ``max_attempts`` times is marked ``failed`` with its error, and its interview
``failed``. Answers are never touched.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from panelist.aggregate import build_report
from panelist.api import evaluate_interview, get_engine
from panelist.engines.base import Engine
from panelist.errors import PanelistError
from panelist.models import Evaluation, Report
from panelist.server.config import ServerSettings
from panelist.server.stored import Stored, load
from panelist.server.tables import EvaluationJob, EvaluationRow, InterviewRow, ReportRow, now

log = logging.getLogger("panelist.server.worker")


@dataclass(frozen=True)
class Claim:
    """A job a worker has taken: which interview, and which try this is."""

    job_id: str
    interview_id: str
    attempt: int


class Queue(Protocol):
    """Where evaluation jobs wait. A distributed engine plugs in behind this interface."""

    def enqueue(self, session: Session, interview_id: str) -> str:
        """Add a job in the caller's transaction (so a submit and its job commit together)."""
        ...

    def claim(self) -> Claim | None:
        """Take the oldest pending job, or None."""
        ...

    def complete(self, session: Session, job_id: str) -> None:
        """Mark a job done, in the transaction that stores its results."""
        ...

    def fail(self, job_id: str, error: str) -> bool:
        """Record a failed try; True when the job has no tries left."""
        ...

    def resume(self) -> int:
        """Put jobs a killed server left running back to pending (failed when out of tries)."""
        ...


class DatabaseQueue:
    """The queue as the ``evaluation_jobs`` table (SQLite or PostgreSQL)."""

    def __init__(self, sessions: sessionmaker[Session], max_attempts: int = 3) -> None:
        self.sessions = sessions
        self.max_attempts = max_attempts

    def enqueue(self, session: Session, interview_id: str) -> str:
        job = EvaluationJob(interview_id=interview_id, status="pending", attempts=0, done=0)
        session.add(job)
        session.flush()
        return job.id

    def claim(self) -> Claim | None:
        with self.sessions() as session:
            for _ in range(5):  # another worker may take the same job first: try the next one
                job = session.scalars(
                    select(EvaluationJob)
                    .where(EvaluationJob.status == "pending")
                    .order_by(EvaluationJob.created_at, EvaluationJob.id)
                    .limit(1)
                ).first()
                if job is None:
                    return None
                claim = Claim(job.id, job.interview_id, job.attempts + 1)
                taken = session.execute(
                    update(EvaluationJob)
                    .where(EvaluationJob.id == claim.job_id, EvaluationJob.status == "pending")
                    .values(status="running", attempts=claim.attempt, started_at=now(), done=0)
                )
                if taken.rowcount == 1:  # type: ignore[attr-defined]
                    _set_status(session, claim.interview_id, "evaluating")
                    session.commit()
                    return claim
                session.rollback()
        return None

    def complete(self, session: Session, job_id: str) -> None:
        session.execute(
            update(EvaluationJob)
            .where(EvaluationJob.id == job_id)
            .values(status="done", error=None, finished_at=now())
        )

    def fail(self, job_id: str, error: str) -> bool:
        with self.sessions() as session:
            job = session.get(EvaluationJob, job_id)
            if job is None:
                return True
            final = job.attempts >= self.max_attempts
            job.status = "failed" if final else "pending"
            job.error = error
            job.finished_at = now() if final else None
            _set_status(session, job.interview_id, "failed" if final else "submitted")
            session.commit()
            return final

    def resume(self) -> int:
        with self.sessions() as session:
            running = session.scalars(
                select(EvaluationJob).where(EvaluationJob.status == "running")
            ).all()
            for job in running:
                final = job.attempts >= self.max_attempts
                job.status = "failed" if final else "pending"
                if final:  # the evaluation itself may be what stops the server
                    job.error = f"the server stopped during each of {job.attempts} tries"
                    job.finished_at = now()
                _set_status(session, job.interview_id, "failed" if final else "submitted")
            session.commit()
            return len(running)


def _set_status(session: Session, interview_id: str, status: str) -> None:
    session.execute(
        update(InterviewRow).where(InterviewRow.id == interview_id).values(status=status)
    )


class Worker:
    """A thread that evaluates queued interviews until stopped."""

    def __init__(
        self, queue: Queue, sessions: sessionmaker[Session], settings: ServerSettings
    ) -> None:
        self.queue = queue
        self.sessions = sessions
        self.settings = settings
        self._engine: Engine | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="panelist-worker", daemon=True)

    @property
    def engine(self) -> Engine:
        """The worker's engine, built on first use and kept."""
        if self._engine is None:
            self._engine = get_engine(self.settings.engine, **self.settings.engine_options)
        return self._engine

    def start(self) -> None:
        """Resume jobs a killed server left running, then start the thread."""
        resumed = self.queue.resume()
        if resumed:
            log.info("resumed %d evaluation job(s) left running", resumed)
        self._thread.start()

    def wake(self) -> None:
        """Look at the queue now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current job (a job cut short is resumed on the next start)."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                worked = self.run_once()
            except Exception:  # the database went away: keep the thread, retry later
                log.exception("worker: cannot reach the queue")
                worked = False
            if not worked:
                self._wake.wait(self.settings.poll_seconds)
                self._wake.clear()

    def run_once(self) -> bool:
        """Evaluate one queued interview; False when the queue is empty."""
        claim = self.queue.claim()
        if claim is None:
            return False
        log.info("evaluating interview %s (job %s, try %d)", *_ids(claim))
        try:
            with self.sessions() as session:
                stored = load(session, claim.interview_id, claim.job_id)
            fresh: list[Evaluation] = []

            def evaluated(evaluation: Evaluation) -> None:
                fresh.append(evaluation)
                self._progress(claim.job_id)

            if stored.targets:
                evaluate_interview(
                    stored.to_evaluate,
                    engine=self.engine,
                    max_answer_chars=self.settings.max_answer_chars,
                    on_evaluation=evaluated,
                )
            latest = stored.previous | {e.question_id: e for e in fresh}
            items = stored.interview.items
            report = build_report(stored.interview, [latest[i.question.id] for i in items])
            self._store(claim, report, fresh, stored)
        except Exception as exc:  # every failure is recorded on the job, none is lost
            error = str(exc) if isinstance(exc, PanelistError) else f"{type(exc).__name__}: {exc}"
            final = self.queue.fail(claim.job_id, error)
            # Panelist's messages hold no answer text; other exceptions may quote their input.
            shown = error if isinstance(exc, PanelistError) else type(exc).__name__
            log.warning(
                "evaluation job %s failed (try %d%s): %s",
                claim.job_id,
                claim.attempt,
                ", final" if final else "",
                shown,
            )
        return True

    def _progress(self, job_id: str) -> None:
        with self.sessions() as session:
            session.execute(
                update(EvaluationJob)
                .where(EvaluationJob.id == job_id)
                .values(done=EvaluationJob.done + 1)
            )
            session.commit()

    def _store(self, claim: Claim, report: Report, fresh: list[Evaluation], stored: Stored) -> None:
        """The new evaluations (as the engine gave them, before the report moved common
        weaknesses to its summary) and the report, in one transaction."""
        settings = {
            "engine_options": self.engine.options.model_dump(mode="json"),
            "max_answer_chars": self.settings.max_answer_chars,
        }
        with self.sessions() as session:
            for evaluation in fresh:
                session.add(_evaluation_row(evaluation, stored, claim.job_id, settings))
            session.add(
                ReportRow(
                    interview_id=claim.interview_id,
                    evaluation_job_id=claim.job_id,
                    result=report.model_dump(mode="json"),
                )
            )
            self.queue.complete(session, claim.job_id)
            _set_status(session, claim.interview_id, "evaluated")
            session.commit()
        log.info("evaluated interview %s (job %s)", claim.interview_id, claim.job_id)


def _ids(claim: Claim) -> tuple[str, str, int]:
    return claim.interview_id, claim.job_id, claim.attempt


def _evaluation_row(
    evaluation: Evaluation, stored: Stored, job_id: str, settings: dict[str, object]
) -> EvaluationRow:
    return EvaluationRow(
        answer_id=stored.answer_ids[evaluation.question_id],
        round_number=stored.rounds[evaluation.question_id],
        evaluation_job_id=job_id,
        score=evaluation.score,
        result=evaluation.model_dump(mode="json"),
        engine=evaluation.engine,
        engine_version=evaluation.engine_version,
        model=evaluation.model,
        prompt_version=evaluation.prompt_version,
        settings=dict(settings),
    )
