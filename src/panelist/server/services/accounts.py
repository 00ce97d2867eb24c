"""Signing in with e-mail and password, for an API token or a web session."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelist.server.security import RateLimiter, check_password
from panelist.server.services.errors import Refused
from panelist.server.tables import User


def authenticate(
    session: Session, limiter: RateLimiter, client: str, email: str, password: str
) -> User:
    """The user with this e-mail and password; 429 over the sign-in limit, else 401."""
    if not limiter.allow(client):
        retry = str(limiter.retry_after(client))
        raise Refused(429, "too many sign-in attempts; try again later", {"Retry-After": retry})
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if not check_password(user.password_hash if user else None, password) or user is None:
        raise Refused(401, "wrong e-mail or password")
    return user
