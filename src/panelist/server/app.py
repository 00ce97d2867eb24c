"""The FastAPI application: the API under ``/api/v1``, the web pages, the offline ``/docs``;
migrations and the worker on start."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import APIRouter, FastAPI

from panelist.engines.registry import get_registry
from panelist.server import db, web
from panelist.server.api import (
    candidates,
    errors,
    follow_ups,
    interviews,
    invite,
    jobs,
    questionsets,
    round_invite,
    score,
    tokens,
    users,
)
from panelist.server.api.middleware import AccessLog, BodyLimit
from panelist.server.config import ServerSettings, secret_key
from panelist.server.security import RateLimiter
from panelist.server.worker import DatabaseQueue, Worker

API_PREFIX = "/api/v1"
_ROUTERS = (
    tokens,
    users,
    jobs,
    questionsets,
    candidates,
    interviews,
    follow_ups,
    invite,
    round_invite,
    score,
)


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """The server for ``settings`` (read from the environment when not given).

    Starting it migrates the database to the latest schema and, unless ``settings.worker``
    is off, starts the evaluation worker, which first resumes jobs a killed server left.
    """
    settings = settings or ServerSettings()
    get_registry().get(settings.engine)  # an unknown engine id fails now, listing the known
    engine = db.connect(settings.database_url)
    sessions = db.sessions(engine)
    queue = DatabaseQueue(sessions, settings.max_attempts)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db.migrate(engine)
        app.state.secret_key = secret_key(settings)
        worker = Worker(queue, sessions, settings) if settings.worker else None
        app.state.worker = worker
        if worker is not None:
            worker.start()
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()
            engine.dispose()

    app = FastAPI(
        title="Panelist",
        version=version("panelist"),
        summary="Evaluate job-interview answers: jobs, question sets, invitations, reports.",
        lifespan=lifespan,
        docs_url=None,  # served offline by panelist.server.web.docs
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.sessions = sessions
    app.state.queue = queue
    app.state.worker = None
    app.state.scorer = score.Scorer(settings)
    app.state.signin_limiter = RateLimiter(settings.signin_per_minute)
    app.state.candidate_limiter = RateLimiter(settings.candidate_per_minute)
    errors.install(app)
    api = APIRouter(prefix=API_PREFIX)
    for module in _ROUTERS:
        api.include_router(module.router)
    app.include_router(api)
    web.install(app, settings)
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.add_middleware(AccessLog)
    return app
