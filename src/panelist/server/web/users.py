"""The organisation's users, for admins: the list, a new user, disabling and enabling one."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from panelist.server.api.deps import SessionDep
from panelist.server.security import MIN_PASSWORD
from panelist.server.services import users
from panelist.server.services.errors import Refused
from panelist.server.web.deps import AdminForm, AdminPage, Recruiter
from panelist.server.web.templating import templates, web_session

router = APIRouter()
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_NEW: dict[str, str] = {"email": "", "role": "recruiter"}


def _context(session: Session, admin: Recruiter, **values: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "users": users.list_users(session, admin.organisation_id),
        "roles": users.ROLES,
        "new": dict(_NEW),
        "errors": {},
        "error": None,
    }
    return context | values


@router.get("/users")
def users_page(request: Request, admin: AdminPage, session: SessionDep) -> Response:
    """The organisation's users (e-mail, role, created, disabled) and the form for a new one."""
    return templates.TemplateResponse(request, "users.html", _context(session, admin))


def _new_user_errors(email: str, role: str, password: str) -> dict[str, str]:
    errors = {}
    if not _EMAIL.fullmatch(email) or len(email) > 320:
        errors["email"] = "E-mail: this is not an e-mail address."
    if role not in users.ROLES:
        errors["role"] = f"Role: choose {' or '.join(users.ROLES)}."
    if len(password) < MIN_PASSWORD:
        errors["password"] = f"Initial password: at least {MIN_PASSWORD} characters."
    elif len(password) > 1000:
        errors["password"] = "Initial password: at most 1,000 characters."
    return errors


@router.post("/users/new")
def create_user(
    request: Request,
    admin: AdminForm,
    session: SessionDep,
    email: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "recruiter",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Add a user to the organisation; they sign in with the initial password given here."""
    email = email.strip().lower()
    errors = _new_user_errors(email, role, password)
    if not errors:
        try:
            user = users.create(session, admin.organisation_id, email, password, role)
        except Refused as refused:
            if refused.status_code != 409:
                raise
            errors = {"email": f"E-mail: {email} already has an account."}
    if errors:
        context = _context(session, admin, new={"email": email, "role": role}, errors=errors)
        return templates.TemplateResponse(request, "users.html", context, 422)
    web_session(request).flash(
        f"{user.email} added as {user.role}: give them their initial password yourself."
    )
    return RedirectResponse("/users", 303)


def _set_disabled(
    request: Request, admin: Recruiter, session: Session, user_id: str, disabled: bool
) -> Response:
    try:
        user = users.set_disabled(session, admin.organisation_id, admin.user_id, user_id, disabled)
    except Refused as refused:
        if refused.status_code != 409:
            raise
        message = str(refused.detail)
        context = _context(session, admin, error=message[:1].upper() + message[1:] + ".")
        return templates.TemplateResponse(request, "users.html", context, 409)
    done = "disabled: they can no longer sign in" if disabled else "enabled again"
    web_session(request).flash(f"{user.email} {done}.")
    return RedirectResponse("/users", 303)


@router.post("/users/{user_id}/disable")
def disable_user(user_id: str, request: Request, admin: AdminForm, session: SessionDep) -> Response:
    """Disable a user: their sign-in, API tokens and web sessions stop working."""
    return _set_disabled(request, admin, session, user_id, True)


@router.post("/users/{user_id}/enable")
def enable_user(user_id: str, request: Request, admin: AdminForm, session: SessionDep) -> Response:
    """Enable a disabled user again: they can sign in, and their API tokens work again."""
    return _set_disabled(request, admin, session, user_id, False)
