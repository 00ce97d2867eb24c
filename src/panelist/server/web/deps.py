"""Who may see a page: a signed-in recruiter (by the session cookie), an admin, or a candidate
(by the invitation token in the path, or a round of follow-up questions' token); the CSRF
check every form POST passes; and form fields posted any number of times.

A recruiter page asked for without a session (or with one the user has since ended, or of a
disabled user) redirects to the sign-in page; an admin page asked for by a recruiter is 403; an
id of another organisation is 404, as in the API.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Form, Request

from panelist.server.api.deps import (
    InviteToken,
    RoundToken,
    SessionDep,
    invite_access,
    round_access,
)
from panelist.server.security import same_token
from panelist.server.services.accounts import session_is_current
from panelist.server.services.errors import Refused
from panelist.server.tables import FollowUpRound, InterviewRow, User
from panelist.server.web.templating import web_session


class SignInRequiredError(Exception):
    """Raised by recruiter pages without a signed-in session: answered by a redirect."""


@dataclass(frozen=True)
class Recruiter:
    """The user signed in to the pages."""

    user_id: str
    organisation_id: str
    email: str
    role: str


def signed_in(request: Request, session: SessionDep) -> Recruiter:
    """The signed-in user, else :class:`SignInRequiredError`.

    A session the user ended since it began (password change, sign out everywhere), or of a
    disabled user, is signed out here.
    """
    web = web_session(request)
    user = session.get(User, web.user_id) if web.user_id else None
    if user is None or not session_is_current(user, web.issued):
        if web.user_id is not None:
            web.sign_out(request.app.state.settings.session_hours)
        raise SignInRequiredError
    recruiter = Recruiter(user.id, user.organisation_id, user.email, user.role)
    request.state.recruiter = recruiter
    return recruiter


def csrf_checked(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    """403 unless the form carries the session's CSRF token."""
    if not same_token(web_session(request).csrf, csrf_token):
        raise Refused(
            403,
            "this form has expired or did not come from this site; reload the page and try again",
        )


def signed_in_form(
    recruiter: Annotated[Recruiter, Depends(signed_in)],
    _: Annotated[None, Depends(csrf_checked)],
) -> Recruiter:
    """A signed-in recruiter posting a form of this site."""
    return recruiter


def signed_in_admin(recruiter: Annotated[Recruiter, Depends(signed_in)]) -> Recruiter:
    """The signed-in user when an admin; 403 for a recruiter."""
    if recruiter.role != "admin":
        raise Refused(403, "only admins manage the organisation's users")
    return recruiter


def signed_in_admin_form(
    admin: Annotated[Recruiter, Depends(signed_in_admin)],
    _: Annotated[None, Depends(csrf_checked)],
) -> Recruiter:
    """A signed-in admin posting a form of this site."""
    return admin


@contextmanager
def _page_link() -> Iterator[None]:
    """An unknown candidate link is a page not found (404), where the API says 401."""
    try:
        yield
    except Refused as refused:
        if refused.status_code == 401:
            raise Refused(404, "this link is not valid: check that it was copied whole") from None
        raise


def invited_page(request: Request, session: SessionDep, token: InviteToken) -> InterviewRow:
    """The interview the link opens (404 unknown link, 410 expired, 429 too fast)."""
    with _page_link():
        return invite_access(request, session, token)


def invited_form(
    interview: Annotated[InterviewRow, Depends(invited_page)],
    _: Annotated[None, Depends(csrf_checked)],
) -> InterviewRow:
    """The candidate's interview, for a form of this site."""
    return interview


def round_page(request: Request, session: SessionDep, token: RoundToken) -> FollowUpRound:
    """The round of follow-up questions the link opens (404 unknown link, 410 expired, 429)."""
    with _page_link():
        return round_access(request, session, token)


def round_form(
    found: Annotated[FollowUpRound, Depends(round_page)],
    _: Annotated[None, Depends(csrf_checked)],
) -> FollowUpRound:
    """The candidate's round of follow-up questions, for a form of this site."""
    return found


RecruiterPage = Annotated[Recruiter, Depends(signed_in)]
RecruiterForm = Annotated[Recruiter, Depends(signed_in_form)]
AdminPage = Annotated[Recruiter, Depends(signed_in_admin)]
AdminForm = Annotated[Recruiter, Depends(signed_in_admin_form)]
CandidatePage = Annotated[InterviewRow, Depends(invited_page)]
CandidateForm = Annotated[InterviewRow, Depends(invited_form)]
RoundPage = Annotated[FollowUpRound, Depends(round_page)]
RoundForm = Annotated[FollowUpRound, Depends(round_form)]
CsrfChecked = Annotated[None, Depends(csrf_checked)]
Texts = Annotated[list[str] | None, Form()]


def paired(keys: list[str] | None, values: list[str] | None) -> list[tuple[str, str]]:
    """Two form fields posted side by side (``Texts``), as pairs; 422 when one lacks rows."""
    keys, values = keys or [], values or []
    if len(keys) != len(values):
        raise Refused(422, "some fields of the form are missing: reload the page")
    return list(zip(keys, values, strict=True))
