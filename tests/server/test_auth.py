"""Authorisation on every route: no credentials (401), the wrong scope (403), another
organisation's ids (404). Routes are enumerated from the app, so a new one must be added to
``CASES`` (and be protected) or this test fails."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.params import Depends

from panelist.server.api.deps import RequireScope, invite_access, round_access
from panelist.server.security import Scope
from tests.server.conftest import (
    PASSWORD,
    Invitation,
    LiveServer,
    Org,
    Round,
    new_org,
    settings_for,
    setup_interview,
    setup_round,
)

PUBLIC = {"POST /api/v1/auth/token"}


def api_routes(app: FastAPI) -> Iterator[tuple[str, str, Callable[..., Any]]]:
    """(method, path, endpoint) of every route under /api/v1."""
    try:  # FastAPI versions that keep included routers nested
        from fastapi.routing import iter_route_contexts

        routes: Any = iter_route_contexts(app.routes)
    except ImportError:
        routes = app.routes
    for route in routes:
        path = getattr(route, "path", "") or ""
        if path.startswith("/api/v1"):
            for method in sorted(getattr(route, "methods", None) or ()):
                yield method, path, route.endpoint


def guard_of(endpoint: Callable[..., Any]) -> Scope | str | None:
    """The scope a route requires, "invite" for the candidate routes, or None."""
    found: list[Scope | str] = []
    for hint in typing.get_type_hints(endpoint, include_extras=True).values():
        for meta in getattr(hint, "__metadata__", ()):
            if isinstance(meta, Depends):
                if isinstance(meta.dependency, RequireScope):
                    found.append(meta.dependency.scope)
                elif meta.dependency in (invite_access, round_access):
                    found.append("invite")
    assert len(found) <= 1, f"{endpoint.__name__}: more than one guard {found}"
    return found[0] if found else None


@dataclass
class Side:
    """An organisation with one of everything."""

    org: Org
    invitation: Invitation
    token_id: str
    user_id: str
    round: Round


@dataclass
class World:
    mine: Side
    theirs: Side


def _side(server: LiveServer) -> Side:
    org = new_org(server)
    invitation = setup_interview(org.client())
    tokens = org.client("read").get("/tokens").json()
    (admin,) = org.client("admin").get("/users").json()
    made = setup_round(server, org.client(), invitation)
    return Side(org, invitation, tokens[0]["id"], admin["id"], made)


@pytest.fixture
def world(server: LiveServer) -> World:
    return World(_side(server), _side(server))


def _path(path: str, side: Side) -> str:
    inv = side.invitation
    round_link = path.startswith("/api/v1/follow-up/")
    return path.removeprefix("/api/v1").format(
        job_id=inv.job_id,
        question_set_id=inv.question_set_id,
        candidate_id=inv.candidate_id,
        interview_id=inv.interview_id,
        token_id=side.token_id,
        user_id=side.user_id,
        token=side.round.token if round_link else inv.token,
        question_id=inv.questions[0]["id"],
        follow_up_id=side.round.follow_up_id,
    )


# For each route: a valid body (from the side whose ids are used), and what another
# organisation's ids show: "404" (refused as unknown) or "own" (acts on the caller's data only).
Body = Callable[[Side], Any]
_QUESTION = {"id": "Q1", "text": "Why?"}
CASES: dict[str, tuple[Body | None, str]] = {
    "POST /api/v1/auth/token": (lambda s: {"email": s.org.email, "password": "wrong"}, "own"),
    "GET /api/v1/tokens": (None, "own"),
    "DELETE /api/v1/tokens/{token_id}": (None, "404"),
    "POST /api/v1/users": (
        lambda s: {"email": "new@example.org", "password": PASSWORD, "role": "recruiter"},
        "own",
    ),
    "GET /api/v1/users": (None, "own"),
    "PATCH /api/v1/users/{user_id}": (lambda s: {"disabled": False}, "404"),
    "POST /api/v1/jobs": (lambda s: {"title": "T"}, "own"),
    "GET /api/v1/jobs": (None, "own"),
    "GET /api/v1/jobs/{job_id}": (None, "404"),
    "PATCH /api/v1/jobs/{job_id}": (lambda s: {"title": "Renamed"}, "404"),
    "POST /api/v1/jobs/{job_id}/question-sets": (
        lambda s: {"name": "n", "questions": [_QUESTION]},
        "404",
    ),
    "POST /api/v1/jobs/{job_id}/question-sets/draft": (lambda s: {"n": 2}, "404"),
    "POST /api/v1/jobs/{job_id}/question-sets/import": (
        lambda s: "role: r\nquestions:\n  - {id: Q1, text: Why}\n",
        "404",
    ),
    "GET /api/v1/jobs/{job_id}/question-sets": (None, "404"),
    "GET /api/v1/question-sets/{question_set_id}": (None, "404"),
    "POST /api/v1/candidates": (lambda s: {"name": "N"}, "own"),
    "GET /api/v1/candidates": (None, "own"),
    "GET /api/v1/candidates/{candidate_id}": (None, "404"),
    "POST /api/v1/interviews": (
        lambda s: {
            "question_set_id": s.invitation.question_set_id,
            "candidate_id": s.invitation.candidate_id,
        },
        "404",
    ),
    "GET /api/v1/jobs/{job_id}/interviews": (None, "404"),
    "GET /api/v1/interviews/{interview_id}": (None, "404"),
    "POST /api/v1/interviews/{interview_id}/rescore": (None, "404"),
    "GET /api/v1/interviews/{interview_id}/evaluations": (None, "404"),
    "GET /api/v1/interviews/{interview_id}/report": (None, "404"),
    "POST /api/v1/interviews/{interview_id}/follow-ups": (
        lambda s: {"items": [{"question_id": s.invitation.questions[0]["id"], "questions": ["?"]}]},
        "404",
    ),
    "POST /api/v1/interviews/{interview_id}/follow-ups/withdraw": (None, "404"),
    "GET /api/v1/jobs/{job_id}/compare": (None, "404"),
    "GET /api/v1/invite/{token}": (None, "invite"),
    "PUT /api/v1/invite/{token}/drafts/{question_id}": (lambda s: {"text": "x"}, "invite"),
    "POST /api/v1/invite/{token}/submit": (lambda s: {}, "invite"),
    "GET /api/v1/invite/{token}/report": (None, "invite"),
    "GET /api/v1/follow-up/{token}": (None, "invite"),
    "PUT /api/v1/follow-up/{token}/drafts/{follow_up_id}": (lambda s: {"text": "x"}, "invite"),
    "POST /api/v1/follow-up/{token}/submit": (lambda s: {}, "invite"),
    "GET /api/v1/follow-up/{token}/report": (None, "invite"),
    "POST /api/v1/score": (lambda s: {"id": "1", "question": "Why?", "answer": "x"}, "own"),
    "POST /api/v1/score/batch": (lambda s: [], "own"),
}


def _send(client: Any, method: str, url: str, body: Any) -> Any:
    if body is None:
        return client.request(method, url)
    if isinstance(body, str):
        return client.request(method, url, content=body.encode())
    return client.request(method, url, json=body)


def test_every_route_is_listed_and_guarded(server: LiveServer) -> None:
    seen = set()
    for method, path, endpoint in api_routes(server.app):
        key = f"{method} {path}"
        seen.add(key)
        assert key in CASES, f"new route {key}: add it to CASES with its expected refusals"
        guard = guard_of(endpoint)
        if key in PUBLIC:
            assert guard is None
        else:
            assert guard is not None, f"{key} has no authorisation dependency"
            if guard != "invite":
                expected = (
                    Scope.ADMIN
                    if path.startswith("/api/v1/users")
                    else Scope.READ
                    if method == "GET" or path.startswith("/api/v1/score")
                    else Scope.WRITE
                )
                assert guard == expected, f"{key} requires {guard}, expected {expected}"
            else:
                assert CASES[key][1] == "invite"
    assert seen == set(CASES), f"routes gone: {set(CASES) - seen}"


def test_without_credentials_every_route_is_401(world: World, server: LiveServer) -> None:
    anonymous = server.client()
    bogus = server.client("pnl_not-a-real-token")
    for method, path, _ in api_routes(server.app):
        key = f"{method} {path}"
        make_body, _ = CASES[key]
        body = make_body(world.mine) if make_body else None
        if CASES[key][1] == "invite":  # the token is the credential: a wrong one
            url = _path(path, world.mine)
            for token in (world.mine.invitation.token, world.mine.round.token):
                url = url.replace(token, "not-a-token")
            assert _send(anonymous, method, url, body).status_code == 401, key
            # an API token is no invitation, and an invitation is no API token
            api = server.client(world.mine.org.token())
            assert _send(api, method, url, body).status_code == 401, key
            continue
        url = _path(path, world.mine)
        for client in (anonymous, bogus):
            response = _send(client, method, url, body)
            assert response.status_code == 401, f"{key}: {response.status_code} {response.text}"
            assert set(response.json()) == {"error"}
    invite_as_bearer = server.client(world.mine.invitation.token)
    assert invite_as_bearer.get("/jobs").status_code == 401


def test_wrong_scope_is_403(world: World, server: LiveServer) -> None:
    for method, path, endpoint in api_routes(server.app):
        key = f"{method} {path}"
        guard = guard_of(endpoint)
        if not isinstance(guard, Scope):
            continue
        others = [s.value for s in Scope if s != guard]
        client = world.mine.org.client(*others)
        make_body, _ = CASES[key]
        body = make_body(world.mine) if make_body else None
        response = _send(client, method, _path(path, world.mine), body)
        assert response.status_code == 403, f"{key}: {response.status_code} {response.text}"
        assert guard.value in response.json()["error"]


def test_other_organisations_ids_are_404(world: World, server: LiveServer) -> None:
    client = world.mine.org.client()
    for method, path, _ in api_routes(server.app):
        key = f"{method} {path}"
        make_body, expected = CASES[key]
        if expected != "404":
            continue
        body = make_body(world.theirs) if make_body else None
        response = _send(client, method, _path(path, world.theirs), body)
        assert response.status_code == 404, f"{key}: {response.status_code} {response.text}"
    # lists show only the caller's organisation
    theirs = world.theirs.invitation
    assert theirs.job_id not in {j["id"] for j in client.get("/jobs").json()}
    assert theirs.candidate_id not in {c["id"] for c in client.get("/candidates").json()}
    users = {u["email"] for u in client.get("/users").json()}
    assert users == {world.mine.org.email}
    # an interview mixing organisations is refused
    mixed = client.post(
        "/interviews",
        json={
            "question_set_id": world.mine.invitation.question_set_id,
            "candidate_id": theirs.candidate_id,
        },
    )
    assert mixed.status_code == 404


def test_each_link_opens_its_own_round_or_interview_only(world: World, server: LiveServer) -> None:
    """A first-round link opens no round of follow-ups, a round's link no first round, and
    neither reaches another interview's follow-up questions."""
    anonymous = server.client()
    mine, theirs = world.mine, world.theirs
    for method, path, _ in api_routes(server.app):
        key = f"{method} {path}"
        make_body, kind = CASES[key]
        if kind != "invite":
            continue
        body = make_body(mine) if make_body else None
        url = _path(path, mine)
        if path.startswith("/api/v1/follow-up/"):
            own, wrong = mine.round.token, [mine.invitation.token, theirs.invitation.token]
        else:
            own, wrong = mine.invitation.token, [mine.round.token, theirs.round.token]
        for token in wrong:
            response = _send(anonymous, method, url.replace(own, token), body)
            assert response.status_code == 401, f"{key} with another link's token"
    # another interview's follow-up question, through this round's token: unknown here
    base = f"/follow-up/{mine.round.token}"
    draft = anonymous.put(f"{base}/drafts/{theirs.round.follow_up_id}", json={"text": "x"})
    assert draft.status_code == 404
    answers = {theirs.round.follow_up_id: "x"}
    submit = anonymous.post(f"{base}/submit", json={"answers": answers})
    assert submit.status_code == 422 and theirs.round.follow_up_id in submit.json()["error"]
    view = anonymous.get(f"/follow-up/{theirs.round.token}").json()
    assert [f["id"] for i in view["items"] for f in i["follow_ups"]] == [theirs.round.follow_up_id]
    assert view["drafts"] == {}


def test_scopes_are_limited_by_role(org: Org) -> None:
    admin = org.client()
    made = admin.post(
        "/users", json={"email": "rec@example.org", "password": PASSWORD, "role": "recruiter"}
    )
    assert made.status_code == 201, made.text
    assert (
        admin.post("/users", json={"email": "REC@example.org", "password": PASSWORD}).status_code
        == 409
    )
    signin = org.server.client().post(
        "/auth/token",
        json={"email": "rec@example.org", "password": PASSWORD, "scopes": ["read", "admin"]},
    )
    assert signin.status_code == 403
    assert "admin" in signin.json()["error"]
    recruiter = org.server.client(org.token("read", "write", email="rec@example.org"))
    assert recruiter.post("/jobs", json={"title": "T"}).status_code == 201
    assert recruiter.get("/users").status_code == 403


def test_tokens_are_listed_without_value_and_revocable(org: Org) -> None:
    token = org.token("read", "write")
    client = org.server.client(token)
    listed = client.get("/tokens").json()
    mine = next(t for t in listed if token.startswith(t["prefix"]))
    assert "token" not in mine and mine["scopes"] == ["read", "write"]
    assert mine["last_used_at"] is not None
    assert client.delete(f"/tokens/{mine['id']}").json()["revoked_at"] is not None
    assert client.get("/jobs").status_code == 401


def test_wrong_password_and_unknown_user_are_the_same_401(org: Org) -> None:
    anonymous = org.server.client()
    wrong = anonymous.post("/auth/token", json={"email": org.email, "password": "nope"})
    unknown = anonymous.post("/auth/token", json={"email": "x@y.z", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_sign_in_is_rate_limited(shared_db: str, start_server: Any) -> None:
    live = start_server(settings_for(shared_db, signin_per_minute=3, worker=False))
    org = new_org(live)
    anonymous = live.client()
    codes = [
        anonymous.post("/auth/token", json={"email": org.email, "password": "wrong"}).status_code
        for _ in range(3)
    ]
    assert codes == [401, 401, 401]
    limited = anonymous.post("/auth/token", json={"email": org.email, "password": PASSWORD})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
