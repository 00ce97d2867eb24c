"""Signing in to the pages and out again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from panelist.server.api.deps import SessionDep, SettingsDep
from panelist.server.security import RateLimiter
from panelist.server.services.accounts import authenticate
from panelist.server.services.errors import Refused
from panelist.server.web.deps import CsrfChecked
from panelist.server.web.templating import templates, web_session

router = APIRouter()


def _local(target: str | None) -> str:
    """``target`` when it is a path on this site, else the jobs page (no open redirect)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/jobs"


@router.get("/")
def home(request: Request) -> RedirectResponse:
    """The jobs page when signed in, else the sign-in page."""
    return RedirectResponse("/jobs" if web_session(request).user_id else "/signin", 303)


@router.get("/signin")
def sign_in_page(request: Request, next: Annotated[str | None, Query()] = None) -> Response:
    """The sign-in form."""
    context = {"next": _local(next), "email": "", "error": None}
    return templates.TemplateResponse(request, "signin.html", context)


@router.post("/signin")
def sign_in(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    _: CsrfChecked,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """Check the e-mail and password (rate-limited per address) and start a session."""
    limiter: RateLimiter = request.app.state.signin_limiter
    client = request.client.host if request.client else "unknown"
    try:
        user = authenticate(session, limiter, client, email, password)
    except Refused as refused:
        context = {"next": _local(next), "email": email, "error": str(refused.detail)}
        return templates.TemplateResponse(
            request, "signin.html", context, refused.status_code, refused.headers
        )
    web_session(request).sign_in(user.id, settings.session_hours)
    return RedirectResponse(_local(next), 303)


@router.post("/signout")
def sign_out(request: Request, settings: SettingsDep, _: CsrfChecked) -> RedirectResponse:
    """End the session."""
    web_session(request).sign_out(settings.session_hours)
    web_session(request).flash("You are signed out.")
    return RedirectResponse("/signin", 303)
