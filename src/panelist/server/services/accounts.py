"""Signing in with e-mail and password, for an API token or a web session; changing one's
password; ending every web session of a user."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelist.server.security import MIN_PASSWORD, RateLimiter, check_password, hash_password
from panelist.server.services.errors import Refused
from panelist.server.tables import User, now


def _limit(limiter: RateLimiter, client: str) -> None:
    if not limiter.allow(client):
        retry = str(limiter.retry_after(client))
        raise Refused(429, "too many sign-in attempts; try again later", {"Retry-After": retry})


def authenticate(
    session: Session, limiter: RateLimiter, client: str, email: str, password: str
) -> User:
    """The active user with this e-mail and password; 429 over the sign-in limit, else 401.

    A disabled user gets the same 401 as a wrong password.
    """
    _limit(limiter, client)
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if not check_password(user.password_hash if user else None, password) or user is None:
        raise Refused(401, "wrong e-mail or password")
    if user.disabled_at is not None:
        raise Refused(401, "wrong e-mail or password")
    return user


def session_is_current(user: User, issued_ms: int) -> bool:
    """Whether a web session signed in at ``issued_ms`` (milliseconds since the epoch) still
    holds: the user is not disabled and has not ended their sessions since."""
    if user.disabled_at is not None:
        return False
    after = user.sessions_valid_after
    return after is None or issued_ms >= int(after.timestamp() * 1000)


def end_sessions(session: Session, user: User) -> None:
    """End every web session of ``user`` signed in until now ("sign out everywhere")."""
    user.sessions_valid_after = now()
    session.commit()


def password_problems(new: str, again: str) -> dict[str, str]:
    """What is wrong with a new password and its confirmation, by form field."""
    if len(new) < MIN_PASSWORD:
        return {"new_password": f"New password: at least {MIN_PASSWORD} characters."}
    if len(new) > 1000:
        return {"new_password": "New password: at most 1,000 characters."}
    if again != new:
        return {"confirm_password": "New password again: it does not match the new password."}
    return {}


def confirm_password(limiter: RateLimiter, client: str, user: User, password: str) -> None:
    """Check the signed-in user's password before something a stolen session must not do
    (make an API token, change the password): 401 when wrong, 429 over the sign-in limit."""
    _limit(limiter, client)
    if not check_password(user.password_hash, password):
        raise Refused(401, "current password: this is not your password")


def change_password(
    session: Session, limiter: RateLimiter, client: str, user: User, current: str, new: str
) -> None:
    """Set a new password (checked by :func:`password_problems` first) when ``current`` is
    right, and end every web session signed in until now; 401 for a wrong current password.

    Checks of the current password share the sign-in rate limit (429).
    """
    confirm_password(limiter, client, user, current)
    user.password_hash = hash_password(new)
    end_sessions(session, user)
