"""Who may see each page: routes are enumerated from the app, so a new page must be listed in
``PAGES`` (and guarded) or this fails. Signed out: redirect to the sign-in page; a recruiter on
an admin page: 403; another organisation's ids: 404; a form posted without the session's CSRF
token: 403. Sessions are
signed, HttpOnly, SameSite=Lax cookies, Secure over https or when configured."""

from __future__ import annotations

import base64
import json
import time
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.params import Depends

from panelist.server.security import Signer
from panelist.server.web.deps import (
    csrf_checked,
    invited_form,
    invited_page,
    round_form,
    round_page,
    signed_in,
    signed_in_admin,
    signed_in_admin_form,
    signed_in_form,
)
from panelist.server.web.session import COOKIE
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
    wait_status,
)
from tests.server.test_pages import WebClient
from tests.server.test_pages import signed_in as web_signed_in

# Each page route: who may use it, and a form body for its POST.
Form = Callable[["Side"], dict[str, Any]]
PAGES: dict[str, tuple[str, Form | None]] = {
    "GET /": ("public", None),
    "GET /signin": ("public", None),
    "POST /signin": ("public form", lambda s: {"email": s.org.email, "password": PASSWORD}),
    "POST /signout": ("public form", lambda s: {}),
    "GET /docs": ("public", None),
    "GET /openapi.json": ("public", None),
    "GET /jobs": ("recruiter", None),
    "GET /jobs/new": ("recruiter", None),
    "POST /jobs/new": ("recruiter form", lambda s: {"title": "T"}),
    "GET /jobs/{job_id}": ("recruiter", None),
    "GET /jobs/{job_id}/edit": ("recruiter", None),
    "POST /jobs/{job_id}/edit": ("recruiter form", lambda s: {"title": "T2"}),
    "GET /jobs/{job_id}/status.json": ("recruiter", None),
    "POST /jobs/{job_id}/invite": (
        "recruiter form",
        lambda s: {"question_set_id": s.invitation.question_set_id, "name": "N"},
    ),
    "GET /jobs/{job_id}/question-sets/new": ("recruiter", None),
    "POST /jobs/{job_id}/question-sets/draft": ("recruiter form", lambda s: {"n": "2"}),
    "POST /jobs/{job_id}/question-sets/import": (
        "recruiter form",
        lambda s: {"yaml_text": "role: r\nquestions:\n  - {id: Q1, text: Why}\n"},
    ),
    "POST /jobs/{job_id}/question-sets/new": (
        "recruiter form",
        lambda s: {"action": "create", "q_text": ["Why?"]},
    ),
    "GET /jobs/{job_id}/compare": ("recruiter", None),
    "GET /interviews/{interview_id}": ("recruiter", None),
    "GET /interviews/{interview_id}/report.{extension}": ("recruiter", None),
    "POST /interviews/{interview_id}/rescore": ("recruiter form", lambda s: {}),
    "GET /interviews/{interview_id}/follow-ups/new": ("recruiter", None),
    "POST /interviews/{interview_id}/follow-ups": (
        "recruiter form",
        lambda s: {"own_for": ["1"], "own": ["What was your own part?"]},
    ),
    "POST /interviews/{interview_id}/follow-ups/withdraw": ("recruiter form", lambda s: {}),
    "GET /account": ("recruiter", None),
    "POST /account/tokens": (
        "recruiter form",
        lambda s: {"name": "T", "scopes": ["read"], "password": PASSWORD},
    ),
    "POST /account/tokens/{token_id}/revoke": ("recruiter form", lambda s: {}),
    "POST /account/password": (
        "recruiter form",
        lambda s: {
            "current_password": PASSWORD,
            "new_password": PASSWORD,
            "confirm_password": PASSWORD,
        },
    ),
    "POST /account/signout-all": ("recruiter form", lambda s: {}),
    "GET /users": ("admin", None),
    "POST /users/new": (
        "admin form",
        lambda s: {"email": "new@example.org", "role": "recruiter", "password": PASSWORD},
    ),
    "POST /users/{user_id}/disable": ("admin form", lambda s: {}),
    "POST /users/{user_id}/enable": ("admin form", lambda s: {}),
    "GET /i/{token}": ("candidate", None),
    "GET /i/{token}/q/{n}": ("candidate", None),
    "POST /i/{token}/q/{n}": ("candidate form", lambda s: {"answer": "x", "go": "next"}),
    "GET /i/{token}/review": ("candidate", None),
    "POST /i/{token}/submit": ("candidate form", lambda s: {}),
    "GET /i/{token}/done": ("candidate", None),
    "GET /i/{token}/report": ("candidate", None),
    "GET /f/{token}": ("candidate", None),
    "GET /f/{token}/q/{n}": ("candidate", None),
    "POST /f/{token}/q/{n}": (
        "candidate form",
        lambda s: {"follow_up": [s.round.follow_up_id], "answer": ["x"], "go": "next"},
    ),
    "GET /f/{token}/review": ("candidate", None),
    "POST /f/{token}/submit": ("candidate form", lambda s: {}),
    "GET /f/{token}/done": ("candidate", None),
    "GET /f/{token}/report": ("candidate", None),
}
_GUARDS = {
    signed_in: "recruiter",
    signed_in_form: "recruiter form",
    signed_in_admin: "admin",
    signed_in_admin_form: "admin form",
    invited_page: "candidate",
    invited_form: "candidate form",
    round_page: "candidate",
    round_form: "candidate form",
    csrf_checked: "public form",
}


def page_routes(app: FastAPI) -> Iterator[tuple[str, str, Callable[..., Any]]]:
    """(method, path, endpoint) of every route outside the API (mounts excluded)."""
    try:
        from fastapi.routing import iter_route_contexts

        routes: Any = iter_route_contexts(app.routes)
    except ImportError:  # FastAPI versions that flatten included routers
        routes = app.routes
    for route in routes:
        path = getattr(route, "path", "") or ""
        methods = getattr(route, "methods", None)
        if path.startswith("/api/") or not methods:
            continue
        for method in sorted(methods - {"HEAD"}):
            yield method, path, route.endpoint


def guard_of(endpoint: Callable[..., Any]) -> str:
    """Who the endpoint admits, by the dependencies in its signature."""
    found = []
    for hint in typing.get_type_hints(endpoint, include_extras=True).values():
        for meta in getattr(hint, "__metadata__", ()):
            if isinstance(meta, Depends) and meta.dependency in _GUARDS:
                found.append(_GUARDS[meta.dependency])
    assert len(found) <= 1, f"{endpoint.__name__}: more than one guard {found}"
    return found[0] if found else "public"


@dataclass
class Side:
    """An organisation with a job, a question set, an invitation, an API token and a
    recruiter."""

    org: Org
    invitation: Invitation
    token_id: str
    user_id: str
    round: Round


def _path(path: str, side: Side) -> str:
    inv = side.invitation
    return path.format(
        job_id=inv.job_id,
        interview_id=inv.interview_id,
        token=side.round.token if path.startswith("/f/") else inv.token,
        token_id=side.token_id,
        user_id=side.user_id,
        n=1,
        extension="json",
    )


def _side(server: LiveServer) -> Side:
    org = new_org(server)
    client = org.client()
    recruiter = client.post(
        "/users",
        json={"email": f"rec-{org.email}", "password": PASSWORD, "role": "recruiter"},
    )
    assert recruiter.status_code == 201, recruiter.text
    token_id = client.get("/tokens").json()[0]["id"]
    invitation = setup_interview(client)
    made = setup_round(server, client, invitation)
    return Side(org, invitation, token_id, recruiter.json()["id"], made)


@pytest.fixture
def sides(server: LiveServer) -> tuple[Side, Side]:
    return _side(server), _side(server)


def test_every_page_is_listed_and_guarded(server: LiveServer) -> None:
    seen = set()
    for method, path, endpoint in page_routes(server.app):
        key = f"{method} {path}"
        seen.add(key)
        assert key in PAGES, f"new page {key}: add it to PAGES with who may use it"
        assert guard_of(endpoint) == PAGES[key][0], key
    assert seen == set(PAGES), f"pages gone: {set(PAGES) - seen}"


def test_signed_out_recruiter_pages_redirect_to_sign_in(
    sides: tuple[Side, Side], server: LiveServer
) -> None:
    mine, _ = sides
    anonymous = WebClient(server)
    anonymous.get("/signin")  # a session (anonymous) with a valid CSRF token
    for key, (kind, form) in PAGES.items():
        if not kind.startswith(("recruiter", "admin")):
            continue
        method, path = key.split(" ", 1)
        url = _path(path, mine)
        if method == "GET":
            response = anonymous.get(url)
            assert response.status_code == 303, key
            assert response.headers["location"] == "/signin?next=" + url, key
        else:
            assert form is not None
            response = anonymous.post(url, form(mine))
            assert response.status_code == 303, key
            assert response.headers["location"] == "/signin", key
    assert anonymous.get("/").headers["location"] == "/signin"
    # an API token is no session, and an invitation token opens no recruiter page
    bearer = httpx.get(
        server.url + f"/jobs/{mine.invitation.job_id}",
        headers={"Authorization": f"Bearer {mine.org.token()}"},
    )
    assert bearer.status_code == 303


def test_other_organisations_pages_are_404(sides: tuple[Side, Side]) -> None:
    mine, theirs = sides
    web = web_signed_in(mine.org)
    for key, (kind, form) in PAGES.items():
        if not kind.startswith(("recruiter", "admin")) or "{" not in key:
            continue
        method, path = key.split(" ", 1)
        url = _path(path, theirs)
        if method == "GET":
            response = web.get(url)
        else:
            assert form is not None
            web.get("/jobs")
            response = web.post(url, form(theirs))
        assert response.status_code == 404, f"{key}: {response.status_code}"
        assert "Not found" in response.text
    jobs = web.get("/jobs").text
    assert f"/jobs/{mine.invitation.job_id}" in jobs
    assert f"/jobs/{theirs.invitation.job_id}" not in jobs
    # a candidate of one interview reaches no other
    candidate = WebClient(mine.org.server)
    assert candidate.get(f"/i/{mine.invitation.token}").status_code == 200
    assert candidate.get(f"/i/{mine.invitation.token}x").status_code == 404
    # a round's link opens that round only, and a first-round link opens no round
    assert candidate.get(f"/f/{mine.round.token}").status_code == 200
    for path in ("", "/q/1", "/review", "/done", "/report"):
        assert candidate.get(f"/i/{mine.round.token}{path}").status_code == 404, path
        assert candidate.get(f"/f/{mine.invitation.token}{path}").status_code == 404, path
        assert candidate.get(f"/f/{theirs.invitation.token}{path}").status_code == 404, path
    candidate.get(f"/f/{mine.round.token}/q/1")
    other = candidate.post(
        f"/f/{mine.round.token}/q/1",
        {"follow_up": [theirs.round.follow_up_id], "answer": ["x"], "go": "next"},
    )
    assert other.status_code == 303  # saves nothing: not a follow-up of this round
    assert mine.org.server.client().get(f"/follow-up/{theirs.round.token}").json()["drafts"] == {}


def test_forms_without_the_csrf_token_are_403(sides: tuple[Side, Side]) -> None:
    mine, _ = sides
    web = web_signed_in(mine.org)
    for key, (_, form) in PAGES.items():
        if form is None:
            continue
        path = key.split(" ", 1)[1]
        url = _path(path, mine)
        for token in (None, "forged-token"):
            web.get("/jobs")
            data = form(mine) | ({"csrf_token": token} if token else {})
            response = web.post(url, data, csrf=token is not None)
            assert response.status_code == 403, f"{key} ({token}): {response.status_code}"
            assert "reload the page" in response.text
    # nothing happened: still signed in, no job made, no draft saved
    assert web.get("/jobs").status_code == 200
    assert len(mine.org.client().get("/jobs").json()) == 1
    drafts = mine.org.server.client().get(f"/invite/{mine.invitation.token}").json()["drafts"]
    assert drafts == {}
    view = mine.org.server.client().get(f"/follow-up/{mine.round.token}").json()
    assert view["drafts"] == {} and view["submitted_at"] is None
    rounds = mine.org.client().get(f"/interviews/{mine.invitation.interview_id}").json()["rounds"]
    assert rounds == []  # no round asked by a forged form


def test_csrf_token_belongs_to_one_session(org: Org) -> None:
    first, second = web_signed_in(org), web_signed_in(org)
    assert first.csrf != second.csrf
    stolen = first.post("/jobs/new", {"title": "T", "csrf_token": second.csrf}, csrf=False)
    assert stolen.status_code == 403
    before = first.csrf
    first.post("/signout")
    first.sign_in(org.email)
    first.get("/jobs")
    assert first.csrf != before  # signing in starts a new session


def _session(response: httpx.Response) -> dict[str, str]:
    header = next(h for h in response.headers.get_list("set-cookie") if h.startswith(f"{COOKIE}="))
    parts = [p.strip() for p in header.split(";")]
    flags = {p.split("=", 1)[0].lower(): p.partition("=")[2] for p in parts[1:]}
    return {"value": parts[0].split("=", 1)[1], **flags}


def test_session_cookie(org: Org, start_server: Any, shared_db: str) -> None:
    web = WebClient(org.server)
    cookie = _session(web.get("/signin"))
    assert cookie["path"] == "/" and "httponly" in cookie and cookie["samesite"] == "Lax"
    assert "secure" not in cookie  # plain http on loopback
    signed = _session(web.sign_in(org.email))
    payload = json.loads(base64.urlsafe_b64decode(signed["value"].split(".")[0] + "=="))
    assert PASSWORD not in signed["value"] and set(payload) == {"u", "c", "e", "i", "f"}
    assert 12 * 3600 - 60 <= int(signed["max-age"]) <= 12 * 3600
    assert web.get("/jobs").status_code == 200
    assert "set-cookie" not in web.get("/jobs").headers  # unchanged sessions are not re-sent

    # a cookie changed by hand, or signed with another key, is no session
    value = signed["value"]
    for forged in (value[:-2] + "xx", Signer("other-key", "web-session").dumps(payload)):
        client = httpx.Client(base_url=org.server.url, cookies={COOKIE: forged})
        assert client.get("/jobs").status_code == 303
        client.close()
    # an expired one neither
    old = Signer("test-secret", "web-session").dumps(payload | {"e": int(time.time()) - 1})
    expired = httpx.get(org.server.url + "/jobs", cookies={COOKIE: old})
    assert expired.status_code == 303

    signed_out = web.post("/signout")
    assert signed_out.headers["location"] == "/signin"
    assert web.get("/jobs").status_code == 303

    secure = start_server(settings_for(shared_db, cookie_secure=True, worker=False))
    assert "secure" in _session(httpx.get(secure.url + "/signin"))
    https = httpx.get(org.server.url + "/signin", headers={"X-Forwarded-Proto": "https"})
    assert "secure" in _session(https)  # uvicorn trusts a proxy on loopback (its default)


def test_sign_in_errors_and_rate_limit(shared_db: str, start_server: Any) -> None:
    live = start_server(settings_for(shared_db, signin_per_minute=3, worker=False))
    org = new_org(live)
    web = WebClient(live)
    web.get("/signin")
    wrong = web.post("/signin", {"email": org.email, "password": "wrong"})
    assert wrong.status_code == 401 and "Wrong e-mail or password" in wrong.text
    unknown = web.post("/signin", {"email": "nobody@example.org", "password": "wrong"})
    assert unknown.status_code == 401 and "Wrong e-mail or password" in unknown.text
    assert web.post("/signin", {"email": org.email, "password": "wrong"}).status_code == 401
    limited = web.post("/signin", {"email": org.email, "password": PASSWORD})
    assert limited.status_code == 429 and "Too many sign-in attempts" in limited.text
    assert int(limited.headers["Retry-After"]) >= 1
    # the API's sign-in shares the limit
    api = live.client().post("/auth/token", json={"email": org.email, "password": PASSWORD})
    assert api.status_code == 429


def test_sign_in_goes_back_only_to_this_site(org: Org) -> None:
    for target, expected in (
        ("/jobs/new", "/jobs/new"),
        ("//evil.example/x", "/jobs"),
        ("https://evil.example/", "/jobs"),
        ("/\\evil.example", "/jobs"),
    ):
        web = WebClient(org.server)
        web.get("/signin", params={"next": target})
        response = web.post("/signin", {"email": org.email, "password": PASSWORD, "next": target})
        assert response.headers["location"] == expected, target


def test_page_headers(org: Org) -> None:
    invitation = setup_interview(org.client())
    web = web_signed_in(org)
    for page in (web.get("/jobs"), WebClient(org.server).get(f"/i/{invitation.token}")):
        assert page.headers["cache-control"] == "no-store"
        assert page.headers["referrer-policy"] == "no-referrer"
        assert page.headers["x-frame-options"] == "DENY"
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert "<script>" not in page.text and " style=" not in page.text  # nothing inline
    api = org.client().get("/jobs")
    assert COOKIE not in api.headers.get("set-cookie", "")  # the API has no session


def test_status_json_and_rescore(org: Org) -> None:
    api = org.client()
    invitation = setup_interview(api)
    web = web_signed_in(org)
    status = web.get(f"/jobs/{invitation.job_id}/status.json").json()
    assert status["interviews"][0]["status"] == "invited"
    early = web.post(f"/interviews/{invitation.interview_id}/rescore")
    assert early.status_code == 409
    answers = {q["id"]: "I led it." for q in invitation.questions}
    org.server.client().post(f"/invite/{invitation.token}/submit", json={"answers": answers})
    wait_status(api, invitation.interview_id, "evaluated")
    web.get(f"/interviews/{invitation.interview_id}")
    again = web.post(f"/interviews/{invitation.interview_id}/rescore")
    assert again.headers["location"] == f"/interviews/{invitation.interview_id}"
    wait_status(api, invitation.interview_id, "evaluated")
    reports = api.get(f"/interviews/{invitation.interview_id}/evaluations").json()
    assert len(reports) == 2 * len(invitation.questions)


def test_recruiters_get_403_on_admin_pages(sides: tuple[Side, Side]) -> None:
    mine, _ = sides
    web = WebClient(mine.org.server)
    web.sign_in(f"rec-{mine.org.email}")
    for key, (kind, form) in PAGES.items():
        if not kind.startswith("admin"):
            continue
        method, path = key.split(" ", 1)
        url = _path(path, mine)
        web.get("/jobs")
        response = web.get(url) if method == "GET" else web.post(url, form(mine) if form else {})
        assert response.status_code == 403, f"{key}: {response.status_code}"
        assert "Not allowed" in response.text and "Only admins" in response.text
    users = {u["email"]: u["disabled_at"] for u in mine.org.client().get("/users").json()}
    assert users == {mine.org.email: None, f"rec-{mine.org.email}": None}  # nothing changed
    assert 'href="/users"' not in web.get("/jobs").text  # the nav shows Users to admins only
    assert 'href="/users"' in web_signed_in(mine.org).get("/jobs").text
