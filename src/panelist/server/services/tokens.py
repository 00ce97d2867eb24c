"""API tokens of a user: made (the value returned this once), listed, revoked."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelist.server.security import (
    API_TOKEN_PREFIX,
    ROLE_SCOPES,
    Scope,
    hash_token,
    new_api_token,
)
from panelist.server.services.errors import Refused, not_found
from panelist.server.tables import ApiToken, User, now


def allowed_scopes(role: str) -> list[Scope]:
    """The scopes a user of ``role`` may give a token, in the order of :class:`Scope`."""
    allowed = ROLE_SCOPES.get(role, frozenset())
    return [scope for scope in Scope if scope in allowed]


def create(
    session: Session, user: User, name: str, scopes: Iterable[Scope]
) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its value (stored only as a hash), committed.

    403 when the user's role may not hold one of ``scopes``.
    """
    wanted = set(scopes)
    refused = [s.value for s in Scope if s in wanted and s not in allowed_scopes(user.role)]
    if refused:
        raise Refused(403, f"field scopes: a {user.role} cannot hold {', '.join(refused)}")
    value = new_api_token()
    token = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hash_token(value),
        prefix=value[: len(API_TOKEN_PREFIX) + 6],
        scopes=sorted(s.value for s in wanted),
    )
    session.add(token)
    session.commit()
    return token, value


def list_for_user(session: Session, user_id: str) -> list[ApiToken]:
    """The user's tokens, newest first (revoked ones included)."""
    query = select(ApiToken).where(ApiToken.user_id == user_id)
    return list(session.scalars(query.order_by(ApiToken.created_at.desc())))


def revoke(session: Session, user_id: str, token_id: str) -> ApiToken:
    """Revoke one of the user's tokens (it stops working at once); 404 for anyone else's."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        raise not_found("token", token_id)
    if token.revoked_at is None:
        token.revoked_at = now()
        session.commit()
    return token
