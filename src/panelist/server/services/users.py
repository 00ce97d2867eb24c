"""Users of an organisation, managed by its admins: added, listed, disabled and enabled again.

An admin cannot disable themselves, and the organisation's last active admin cannot be
disabled, so an organisation always keeps an admin who can sign in.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panelist.server.security import hash_password
from panelist.server.services.errors import Refused, owned
from panelist.server.tables import User, now

ROLES = ("recruiter", "admin")


def create(session: Session, organisation_id: str, email: str, password: str, role: str) -> User:
    """A new user of the organisation, committed; 409 when the e-mail already has an account.

    The caller checks the e-mail's form, the password's length and the role.
    """
    email = email.strip().lower()
    if session.scalars(select(User.id).where(User.email == email)).first():
        raise Refused(409, f"field email: {email} already has an account")
    user = User(
        organisation_id=organisation_id,
        email=email,
        password_hash=hash_password(password),
        role=role,
    )
    session.add(user)
    session.commit()
    return user


def list_users(session: Session, organisation_id: str) -> list[User]:
    """The organisation's users, by e-mail."""
    query = select(User).where(User.organisation_id == organisation_id)
    return list(session.scalars(query.order_by(User.email)))


def _active_admins(session: Session, organisation_id: str) -> int:
    query = select(func.count(User.id)).where(
        User.organisation_id == organisation_id,
        User.role == "admin",
        User.disabled_at.is_(None),
    )
    return session.scalar(query) or 0


def set_disabled(
    session: Session, organisation_id: str, acting_user_id: str, user_id: str, disabled: bool
) -> User:
    """Disable user ``user_id`` (their sign-in, tokens and sessions stop working) or enable
    them again (their tokens work again; their old sessions stay over), committed.

    404 for a user of another organisation; 409 to disable oneself or the last active admin.
    """
    user = owned(session, User, user_id, organisation_id, "user")
    if not disabled:
        if user.disabled_at is not None:
            user.disabled_at = None
            session.commit()
        return user
    if user.disabled_at is not None:
        return user
    # Lock the organisation's admins (PostgreSQL), write, then count: two admins disabling
    # each other at the same moment cannot leave the organisation without one.
    session.execute(
        select(User.id)
        .where(User.organisation_id == organisation_id, User.role == "admin")
        .order_by(User.id)
        .with_for_update()
    )
    email, moment = user.email, now()
    user.disabled_at = moment
    user.sessions_valid_after = moment
    session.flush()
    if user.role == "admin" and _active_admins(session, organisation_id) == 0:
        session.rollback()
        raise Refused(409, f"the last active admin, {email}, cannot be disabled")
    if user.id == acting_user_id:
        session.rollback()
        raise Refused(409, "you cannot disable your own account; ask another admin")
    session.commit()
    return user
