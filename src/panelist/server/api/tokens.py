"""API tokens: sign in with e-mail and password for a token; list and revoke your own."""

from __future__ import annotations

from fastapi import APIRouter, Request

from panelist.server.api.deps import Reader, SessionDep, Writer
from panelist.server.api.schemas import TokenCreate, TokenCreated, TokenPublic
from panelist.server.security import RateLimiter
from panelist.server.services import tokens
from panelist.server.services.accounts import authenticate
from panelist.server.tables import ApiToken

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
    token, value = tokens.create(session, user, body.name, body.scopes)
    return TokenCreated(**public(token).model_dump(), token=value)


@router.get("/tokens")
def list_tokens(caller: Reader, session: SessionDep) -> list[TokenPublic]:
    """Your API tokens, newest first (revoked ones included)."""
    return [public(t) for t in tokens.list_for_user(session, caller.user_id)]


@router.delete("/tokens/{token_id}")
def revoke_token(token_id: str, caller: Writer, session: SessionDep) -> TokenPublic:
    """Revoke one of your tokens; it stops working at once."""
    return public(tokens.revoke(session, caller.user_id, token_id))
