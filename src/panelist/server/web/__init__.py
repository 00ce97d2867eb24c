"""The web pages: recruiters (signed in with a session cookie) and candidates (by their link).

Templates are in ``panelist/server/templates``, the stylesheet and scripts in
``panelist/server/static``; the pages call the same services as the API.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from panelist.server.config import ServerSettings
from panelist.server.web import (
    account,
    auth,
    candidate,
    docs,
    errors,
    follow_ups,
    jobs,
    question_sets,
    reports,
    round_candidate,
    users,
)
from panelist.server.web.session import WebSessions
from panelist.server.web.templating import STATIC

_ROUTERS = (
    auth,
    account,
    users,
    jobs,
    question_sets,
    reports,
    follow_ups,
    candidate,
    round_candidate,
)


def install(app: FastAPI, settings: ServerSettings) -> None:
    """Add the pages, their static files, the offline ``/docs`` and HTML error pages."""
    for module in _ROUTERS:
        app.include_router(module.router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    docs.install(app)
    errors.install(app)
    app.add_middleware(WebSessions, state=app.state, settings=settings)
