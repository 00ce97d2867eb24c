"""Users of an organisation, managed by its admins: added, listed, disabled and enabled."""

from __future__ import annotations

from fastapi import APIRouter

from panelist.server.api.deps import AdminCaller, SessionDep
from panelist.server.api.schemas import UserCreate, UserPublic, UserUpdate
from panelist.server.services import users
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
        disabled_at=user.disabled_at,
    )


@router.post("/users", status_code=201)
def create_user(body: UserCreate, caller: AdminCaller, session: SessionDep) -> UserPublic:
    """Add a user (recruiter or admin) to your organisation."""
    user = users.create(session, caller.organisation_id, body.email, body.password, body.role)
    return public(user)


@router.get("/users")
def list_users(caller: AdminCaller, session: SessionDep) -> list[UserPublic]:
    """The users of your organisation."""
    return [public(u) for u in users.list_users(session, caller.organisation_id)]


@router.patch("/users/{user_id}")
def update_user(
    user_id: str, body: UserUpdate, caller: AdminCaller, session: SessionDep
) -> UserPublic:
    """Disable a user (their sign-in, tokens and web sessions stop working) or enable them
    again. You cannot disable yourself, nor the last active admin (409)."""
    user = users.set_disabled(
        session, caller.organisation_id, caller.user_id, user_id, body.disabled
    )
    return public(user)
