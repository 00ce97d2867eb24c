"""What the candidate's pages of an interview (``/i/{token}``, :mod:`.candidate`) and of a round
of follow-up questions (``/f/{token}``, :mod:`.round_candidate`) share.

Each page's context has the link's ``base`` path and its ``interview``. The answer pages are
numbered from 1; saving one moves to the previous or next page or to the review; the one submit
leads to the done page, which links the practice report once there is one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from panelist.models import Report
from panelist.server.api.deps import wake_worker
from panelist.server.services import rounds
from panelist.server.services.errors import Refused
from panelist.server.web.report_view import view
from panelist.server.web.templating import templates

Context = dict[str, Any]
T = TypeVar("T")


def go_to(base: str, path: str = "") -> Response:
    """A redirect (303) to the link's start page ``base``, or to ``path`` below it."""
    return RedirectResponse(base + path, 303)


def page_of(n: int, pages: Sequence[T], missing: str) -> T:
    """Page ``n`` of ``pages`` (from 1); 404 "``missing`` n" when there is none."""
    if not 1 <= n <= len(pages):
        raise Refused(404, f"{missing} {n}")
    return pages[n - 1]


def after_save(base: str, n: int, total: int, go: str) -> Response:
    """From page ``n`` of ``total``: ``go`` to the previous or next page or the review; any
    other ``go`` stays on page ``n``."""
    target = {
        "prev": f"/q/{max(1, n - 1)}",
        "next": f"/q/{n + 1}" if n < total else "/review",
        "review": "/review",
    }.get(go, f"/q/{n}")
    return go_to(base, target)


def invalid(save: Callable[[], object]) -> str | None:
    """Run ``save``: the message when it is refused as invalid (422), else None; other refusals
    propagate."""
    try:
        save()
    except Refused as refused:
        if refused.status_code != 422:
            raise
        return str(refused.detail)
    return None


def submit(request: Request, base: str, action: Callable[[], object]) -> Response:
    """Run the one submit ``action``, then the done page; once submitted (409), the start page.
    Other refusals propagate."""
    try:
        action()
    except Refused as refused:
        if refused.status_code != 409:
            raise
        return go_to(base)
    wake_worker(request)
    return go_to(base, "/done")


def done_page(
    request: Request, template: str, context: Context, *, has_report: bool, just_now: bool
) -> Response:
    """The page saying the answers are submitted (``just_now``, or earlier), with the practice
    report's link when ``has_report``."""
    context = context | {"just_now": just_now, "has_report": has_report}
    return templates.TemplateResponse(request, template, context)


def report_page(request: Request, session: Session, context: Context, report: Report) -> Response:
    """The practice report, each answer saying which round its evaluation is from."""
    context["view"] = view(report, rounds.evaluated_rounds(session, context["interview"].id))
    return templates.TemplateResponse(request, "candidate/report.html", context)
