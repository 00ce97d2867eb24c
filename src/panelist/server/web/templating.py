"""The Jinja2 templates of the pages, and what every page is given.

Every template gets ``csrf_token`` (for its forms), ``recruiter`` (who is signed in, if
anyone), ``flashes`` (one-time notes) and ``static(name)`` (a file's URL, with its content
hash so browsers never keep a stale copy).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from panelist.server.security import MIN_PASSWORD
from panelist.server.web.session import SCOPE_KEY, WebSession
from panelist.server.web.text import markdown_lite

PACKAGE = resources.files("panelist.server")
TEMPLATES = Path(str(PACKAGE.joinpath("templates")))
STATIC = Path(str(PACKAGE.joinpath("static")))

#: What each interview status is called on the pages.
STATUS_LABELS = {
    "invited": "Invited",
    "in_progress": "In progress",
    "submitted": "Submitted",
    "evaluating": "Evaluating",
    "evaluated": "Evaluated",
    "failed": "Failed",
    "expired": "Link expired",
    "follow_ups_sent": "Follow-ups sent",
    "follow_ups_answered": "Follow-ups answered",
    "follow_ups_expired": "Follow-up link expired",
}


@cache
def static_url(name: str) -> str:
    """``/static/name?v=hash``: the URL changes whenever the file does."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:10]
    return f"/static/{name}?v={digest}"


@cache
def stylesheet() -> str:
    """The stylesheet's text, inlined into standalone (exported) pages."""
    return (STATIC / "panelist.css").read_text(encoding="utf-8")


def web_session(request: Request) -> WebSession:
    """The visitor's session (set by :class:`~panelist.server.web.session.WebSessions`)."""
    session: WebSession = request.scope[SCOPE_KEY]
    return session


def _context(request: Request) -> dict[str, Any]:
    session = request.scope.get(SCOPE_KEY)
    return {
        "csrf_token": session.csrf if session else "",
        "flashes": session.take_flashes() if session else [],
        "recruiter": getattr(request.state, "recruiter", None),
    }


def _when(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def _score_band(score: float | None) -> str:
    if score is None:
        return "none"
    return "high" if score >= 75 else "mid" if score >= 50 else "low"


templates = Jinja2Templates(directory=TEMPLATES, context_processors=[_context])
templates.env.globals["static"] = static_url
templates.env.globals["status_labels"] = STATUS_LABELS
templates.env.globals["min_password"] = MIN_PASSWORD
templates.env.filters["when"] = _when
templates.env.filters["band"] = _score_band
templates.env.filters["markdown"] = markdown_lite
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True
