"""API tokens: sign in with e-mail and password for a token; list and revoke your own."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select

from panelist.server.api.deps import Reader, SessionDep, Writer
from panelist.server.api.errors import ApiError, not_found
from panelist.server.api.schemas import TokenCreate, TokenCreated, TokenPublic
from panelist.server.security import (
    API_TOKEN_PREFIX,
    ROLE_SCOPES,
    RateLimiter,
    hash_token,
    new_api_token,
)
from panelist.server.services.accounts import authenticate
from panelist.server.tables import ApiToken, now

router = APIRouter(tags=["tokens"])


def public(token: ApiToken) -> TokenPublic:
    """The token as listed (never its value)."""
    return TokenPublic(
        id=token.id,
        name=token.name,
        prefix=token.prefix,
        scopes=list(token.scopes),
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


@router.post("/auth/token", status_code=201)
def create_token(body: TokenCreate, request: Request, session: SessionDep) -> TokenCreated:
    """Exchange an e-mail and password for a new API token (rate-limited per address)."""
    limiter: RateLimiter = request.app.state.signin_limiter
    client = request.client.host if request.client else "unknown"
    user = authenticate(session, limiter, client, body.email, body.password)
    allowed = ROLE_SCOPES.get(user.role, frozenset())
    refused = [s.value for s in body.scopes if s not in allowed]
    if refused:
        raise ApiError(403, f"field scopes: a {user.role} cannot hold {', '.join(refused)}")
    value = new_api_token()
    token = ApiToken(
        user_id=user.id,
        name=body.name,
        token_hash=hash_token(value),
        prefix=value[: len(API_TOKEN_PREFIX) + 6],
        scopes=sorted({s.value for s in body.scopes}),
    )
    session.add(token)
    session.commit()
    return TokenCreated(**public(token).model_dump(), token=value)


@router.get("/tokens")
def list_tokens(caller: Reader, session: SessionDep) -> list[TokenPublic]:
    """Your API tokens, newest first (revoked ones included)."""
    tokens = session.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == caller.user_id)
        .order_by(ApiToken.created_at.desc())
    )
    return [public(t) for t in tokens]


@router.delete("/tokens/{token_id}")
def revoke_token(token_id: str, caller: Writer, session: SessionDep) -> TokenPublic:
    """Revoke one of your tokens; it stops working at once."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != caller.user_id:
        raise not_found("token", token_id)
    if token.revoked_at is None:
        token.revoked_at = now()
        session.commit()
    return public(token)
