"""Users of an organisation, managed by its admins."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from panelist.server.api.deps import AdminCaller, SessionDep
from panelist.server.api.errors import ApiError
from panelist.server.api.schemas import UserCreate, UserPublic
from panelist.server.security import hash_password
from panelist.server.tables import User

router = APIRouter(tags=["users"])


def public(user: User) -> UserPublic:
    """The user as shown (never the password hash)."""
    return UserPublic(
        id=user.id,
        email=user.email,
        role=user.role,
        organisation_id=user.organisation_id,
        created_at=user.created_at,
    )


@router.post("/users", status_code=201)
def create_user(body: UserCreate, caller: AdminCaller, session: SessionDep) -> UserPublic:
    """Add a user (recruiter or admin) to your organisation."""
    email = body.email.lower()
    if session.scalars(select(User.id).where(User.email == email)).first():
        raise ApiError(409, f"field email: {email} already has an account")
    user = User(
        organisation_id=caller.organisation_id,
        email=email,
        password_hash=hash_password(body.password),
        role=body.role,
    )
    session.add(user)
    session.commit()
    return public(user)


@router.get("/users")
def list_users(caller: AdminCaller, session: SessionDep) -> list[UserPublic]:
    """The users of your organisation."""
    users = session.scalars(
        select(User).where(User.organisation_id == caller.organisation_id).order_by(User.email)
    )
    return [public(u) for u in users]
