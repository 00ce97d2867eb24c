"""Dependencies every route uses: the session, the settings, and who is calling.

Recruiter routes take a :class:`Caller` through ``Reader``, ``Writer`` or ``AdminCaller``
(an API token with that scope); candidate routes take the interview through ``Invited``
(the invitation token in the path), and a round of follow-up questions through ``RoundInvited``
(that round's token). Every query filters by ``Caller.organisation_id``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from panelist.server.api.errors import ApiError
from panelist.server.config import ServerSettings
from panelist.server.security import ROLE_SCOPES, RateLimiter, Scope, hash_token
from panelist.server.services import links
from panelist.server.services.errors import owned as owned  # used by the routers
from panelist.server.tables import ApiToken, FollowUpRound, InterviewRow, User, now
from panelist.server.worker import Queue, Worker


def get_session(request: Request) -> Iterator[Session]:
    """A database session for one request."""
    with request.app.state.sessions() as session:
        yield session


def get_settings(request: Request) -> ServerSettings:
    """The server's settings."""
    settings: ServerSettings = request.app.state.settings
    return settings


def get_queue(request: Request) -> Queue:
    """The evaluation queue."""
    queue: Queue = request.app.state.queue
    return queue


def wake_worker(request: Request) -> None:
    """Tell the worker (when this process runs one) that a job is waiting."""
    worker: Worker | None = request.app.state.worker
    if worker is not None:
        worker.wake()


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
QueueDep = Annotated[Queue, Depends(get_queue)]

_bearer = HTTPBearer(auto_error=False, description="An API token: Authorization: Bearer pnl_...")
_USAGE_WRITE_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Caller:
    """The user behind an API token."""

    user_id: str
    organisation_id: str
    role: str
    token_id: str


def _unauthorised(message: str) -> ApiError:
    return ApiError(401, message, headers={"WWW-Authenticate": "Bearer"})


class RequireScope:
    """A dependency admitting API tokens that hold ``scope`` (and whose user may hold it)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def __call__(
        self,
        session: SessionDep,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Caller:
        if credentials is None:
            raise _unauthorised("missing API token: send Authorization: Bearer <token>")
        found = session.execute(
            select(ApiToken, User)
            .join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == hash_token(credentials.credentials))
        ).first()
        if found is None or found[0].revoked_at is not None:
            raise _unauthorised("invalid or revoked API token")
        token, user = found
        if user.disabled_at is not None:
            raise _unauthorised("the account of this API token is disabled")
        if self.scope not in token.scopes or self.scope not in ROLE_SCOPES.get(user.role, ()):
            raise ApiError(403, f"this token lacks the {self.scope.value} scope")
        moment = now()
        if token.last_used_at is None or moment - token.last_used_at > _USAGE_WRITE_EVERY:
            token.last_used_at = moment
            session.commit()
        return Caller(user.id, user.organisation_id, user.role, token.id)


Reader = Annotated[Caller, Depends(RequireScope(Scope.READ))]
Writer = Annotated[Caller, Depends(RequireScope(Scope.WRITE))]
AdminCaller = Annotated[Caller, Depends(RequireScope(Scope.ADMIN))]


InviteToken = Annotated[str, Path(description="The invitation token from the candidate's link.")]
RoundToken = Annotated[str, Path(description="The token from the follow-up questions' link.")]


def _candidate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.candidate_limiter
    return limiter


def invite_access(request: Request, session: SessionDep, token: InviteToken) -> InterviewRow:
    """The one interview an invitation token opens (401 unknown, 410 expired, 429 too fast)."""
    return links.find(session, _candidate_limiter(request), token, InterviewRow)


def round_access(request: Request, session: SessionDep, token: RoundToken) -> FollowUpRound:
    """The one round of follow-up questions a token opens (401 unknown, 410 expired, 429)."""
    return links.find(session, _candidate_limiter(request), token, FollowUpRound)


Invited = Annotated[InterviewRow, Depends(invite_access)]
RoundInvited = Annotated[FollowUpRound, Depends(round_access)]
