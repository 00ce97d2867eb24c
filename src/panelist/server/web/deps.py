"""Who may see a page: a signed-in recruiter (by the session cookie) or a candidate (by the
invitation token in the path); and the CSRF check every form POST passes.

A recruiter page asked for without a session redirects to the sign-in page; an id of another
organisation is 404, as in the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Form, Path, Request

from panelist.server.api.deps import SessionDep
from panelist.server.security import RateLimiter, same_token
from panelist.server.services import invitations
from panelist.server.services.errors import Refused
from panelist.server.tables import InterviewRow, User
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
    """The signed-in user, else :class:`SignInRequiredError`."""
    web = web_session(request)
    user = session.get(User, web.user_id) if web.user_id else None
    if user is None:
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


def invited_page(
    request: Request,
    session: SessionDep,
    token: Annotated[str, Path(description="The invitation token from the candidate's link.")],
) -> InterviewRow:
    """The interview the link opens (404 unknown link, 410 expired, 429 too fast)."""
    limiter: RateLimiter = request.app.state.candidate_limiter
    try:
        return invitations.find(session, limiter, token)
    except Refused as refused:
        if refused.status_code == 401:
            raise Refused(404, "this link is not valid: check that it was copied whole") from None
        raise


def invited_form(
    interview: Annotated[InterviewRow, Depends(invited_page)],
    _: Annotated[None, Depends(csrf_checked)],
) -> InterviewRow:
    """The candidate's interview, for a form of this site."""
    return interview


RecruiterPage = Annotated[Recruiter, Depends(signed_in)]
RecruiterForm = Annotated[Recruiter, Depends(signed_in_form)]
CandidatePage = Annotated[InterviewRow, Depends(invited_page)]
CandidateForm = Annotated[InterviewRow, Depends(invited_form)]
CsrfChecked = Annotated[None, Depends(csrf_checked)]
