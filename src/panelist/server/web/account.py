"""The signed-in user's own account: API tokens (made, shown once, revoked), the password,
and signing out of every web session."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from panelist.server.api.deps import SessionDep, SettingsDep
from panelist.server.security import RateLimiter, Scope
from panelist.server.services import accounts, tokens
from panelist.server.services.errors import Refused
from panelist.server.tables import User
from panelist.server.web.deps import Recruiter, RecruiterForm, RecruiterPage, Texts
from panelist.server.web.templating import templates, web_session

router = APIRouter()
MAX_TOKEN_NAME = 200
#: What each scope allows, as the new-token form says it.
SCOPE_HELP = {
    Scope.READ.value: "read everything, and score answers without storing them",
    Scope.WRITE.value: "create and change jobs, question sets, candidates and invitations; "
    "re-score; revoke tokens",
    Scope.ADMIN.value: "manage the organisation's users",
}


def _context(session: Session, recruiter: Recruiter, **values: Any) -> dict[str, Any]:
    """The account page: the user's tokens, the scopes they may give, the forms' values."""
    context: dict[str, Any] = {
        "tokens": tokens.list_for_user(session, recruiter.user_id),
        "allowed_scopes": [s.value for s in tokens.allowed_scopes(recruiter.role)],
        "scope_help": SCOPE_HELP,
        "token_form": {"name": "", "scopes": [Scope.READ.value]},
        "errors": {},
    }
    return context | values


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/account")
def account_page(request: Request, recruiter: RecruiterPage, session: SessionDep) -> Response:
    """Your API tokens, a new token, your password, and "Sign out everywhere"."""
    return templates.TemplateResponse(request, "account.html", _context(session, recruiter))


@router.post("/account/tokens")
def create_token(
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    name: Annotated[str, Form()] = "",
    scopes: Texts = None,
    password: Annotated[str, Form()] = "",
) -> Response:
    """Make a token; its value is shown on the page this returns, and never again.

    The password is asked again: a token outlives "Sign out everywhere", so a stolen session
    must not be able to make one."""
    name, chosen = name.strip(), scopes or []
    allowed = [s.value for s in tokens.allowed_scopes(recruiter.role)]
    errors = {}
    if not name:
        errors["name"] = "Name: give the token a name, e.g. the integration that will use it."
    elif len(name) > MAX_TOKEN_NAME:
        errors["name"] = f"Name: at most {MAX_TOKEN_NAME} characters."
    if not chosen:
        errors["scopes"] = "Scopes: choose at least one."
    elif not set(chosen) <= set(allowed):
        errors["scopes"] = f"Scopes: your role ({recruiter.role}) allows only {', '.join(allowed)}."
    user = session.get_one(User, recruiter.user_id)
    if not password:
        errors["password"] = "Password: give your password to make a token."
    elif not errors:
        limiter: RateLimiter = request.app.state.signin_limiter
        try:
            accounts.confirm_password(limiter, _client(request), user, password)
        except Refused as refused:
            if refused.status_code != 401:
                raise
            errors["password"] = "Password: this is not your password."
    if errors:
        form = {"name": name, "scopes": chosen}
        context = _context(session, recruiter, token_form=form, errors=errors)
        return templates.TemplateResponse(request, "account.html", context, 422)
    token, value = tokens.create(session, user, name, [Scope(s) for s in chosen])
    context = {"token": token, "value": value}
    return templates.TemplateResponse(request, "token_created.html", context)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    token_id: str, request: Request, recruiter: RecruiterForm, session: SessionDep
) -> RedirectResponse:
    """Revoke one of your tokens: it stops working at once."""
    token = tokens.revoke(session, recruiter.user_id, token_id)
    label = f"“{token.name}” ({token.prefix}…)" if token.name else f"{token.prefix}…"
    web_session(request).flash(f"Token {label} revoked: it no longer works.")
    return RedirectResponse("/account", 303)


@router.post("/account/password")
def change_password(
    request: Request,
    recruiter: RecruiterForm,
    session: SessionDep,
    settings: SettingsDep,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    confirm_password: Annotated[str, Form()] = "",
) -> Response:
    """Change your password: every other web session ends; this one goes on."""
    errors = accounts.password_problems(new_password, confirm_password)
    if not current_password:
        errors = {"current_password": "Current password: give it."} | errors
    if not errors:
        limiter: RateLimiter = request.app.state.signin_limiter
        user = session.get_one(User, recruiter.user_id)
        try:
            accounts.change_password(
                session, limiter, _client(request), user, current_password, new_password
            )
        except Refused as refused:
            if refused.status_code != 401:
                raise
            errors = {"current_password": "Current password: this is not your password."}
    if errors:
        context = _context(session, recruiter, errors=errors)
        return templates.TemplateResponse(request, "account.html", context, 422)
    web = web_session(request)
    web.sign_in(recruiter.user_id, settings.session_hours)  # this session, begun anew
    web.flash("Password changed. Every other session is signed out.")
    return RedirectResponse("/account", 303)


@router.post("/account/signout-all")
def sign_out_everywhere(
    request: Request, recruiter: RecruiterForm, session: SessionDep, settings: SettingsDep
) -> RedirectResponse:
    """End every web session of yours, this one too (API tokens are revoked one by one)."""
    accounts.end_sessions(session, session.get_one(User, recruiter.user_id))
    web = web_session(request)
    web.sign_out(settings.session_hours)
    web.flash("You are signed out everywhere: every session of yours has ended.")
    return RedirectResponse("/signin", 303)
