"""The account page: API tokens made (their value shown once, never listed again) and revoked;
the password changed; "Sign out everywhere". A session cookie copied before a password change
or a sign-out everywhere no longer works after it: the server ends sessions, not the browser."""

from __future__ import annotations

import json
import re
import time

import httpx
import pytest

from panelist.server.security import Signer
from panelist.server.web.session import COOKIE
from tests.server.conftest import PASSWORD, Org
from tests.server.test_pages import WebClient, signed_in

NEW_PASSWORD = "a new and longer passphrase"


def replay(org: Org, cookie: str, path: str = "/jobs") -> httpx.Response:
    """``path`` asked for with a copy of a session cookie, by a client with no other state."""
    with httpx.Client(base_url=org.server.url, cookies={COOKIE: cookie}) as client:
        return client.get(path)


def shown_token(page: httpx.Response) -> str:
    """The token value on the page made after creating one."""
    found = re.search(r'id="token-value"[^>]*value="(pnl_[^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def test_a_token_is_shown_once_then_listed_without_value_and_revocable(org: Org) -> None:
    web = signed_in(org)
    assert "No tokens yet" in web.get("/account").text
    made = web.post(
        "/account/tokens", {"name": "ATS sync", "scopes": ["read", "write"], "password": PASSWORD}
    )
    assert made.status_code == 200
    assert "will not be shown again" in made.text
    value = shown_token(made)
    api = org.server.client(value)
    assert api.get("/jobs").status_code == 200  # it works, within its scopes
    assert api.get("/users").status_code == 403

    account = web.get("/account")
    assert value not in account.text  # never shown again
    assert value[:10] + "…" in account.text and "ATS sync" in account.text
    assert "read, write" in account.text
    listed = api.get("/tokens").json()
    assert value not in json.dumps(listed)
    (token,) = listed

    revoked = web.post(f"/account/tokens/{token['id']}/revoke")
    assert revoked.headers["location"] == "/account"
    page = web.follow(revoked)
    assert "“ATS sync”" in page.text and "revoked: it no longer works" in page.text
    assert "Revoked</span>" in page.text and "/revoke" not in page.text
    assert value not in page.text
    assert api.get("/jobs").status_code == 401
    # revoking again changes nothing; someone else's token, or none, is 404
    assert web.post(f"/account/tokens/{token['id']}/revoke").status_code == 303
    assert web.post("/account/tokens/not-a-token/revoke").status_code == 404


def test_token_scopes_are_those_of_the_role(org: Org) -> None:
    admin = org.client("admin")
    email = f"rec-{org.email}"
    assert admin.post("/users", json={"email": email, "password": PASSWORD}).status_code == 201
    web = WebClient(org.server)
    web.sign_in(email)
    page = web.get("/account")
    assert 'value="read"' in page.text and 'value="admin"' not in page.text
    refused = web.post(
        "/account/tokens", {"name": "x", "scopes": ["read", "admin"], "password": PASSWORD}
    )
    assert refused.status_code == 422
    assert "Scopes: your role (recruiter) allows only read, write." in refused.text
    form = {"name": "x", "scopes": ["write"], "password": PASSWORD}
    value = shown_token(web.post("/account/tokens", form))
    assert org.server.client(value).post("/jobs", json={"title": "T"}).status_code == 201
    assert org.server.client(value).get("/jobs").status_code == 403  # write only


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"name": " ", "scopes": ["read"], "password": PASSWORD}, "Name: give the token a name"),
        ({"name": "x" * 201, "scopes": ["read"]}, "Name: at most 200 characters."),
        ({"name": "x", "password": PASSWORD}, "Scopes: choose at least one."),
        ({"name": "x", "scopes": ["root"]}, "Scopes: your role (admin) allows only"),
        ({"name": "x", "scopes": ["read"]}, "Password: give your password to make a token."),
        ({"name": "x", "scopes": ["read"], "password": "wrong"}, "Password: this is not your"),
    ],
)
def test_token_form_errors_name_the_field(org: Org, form: dict[str, object], message: str) -> None:
    web = signed_in(org)
    web.get("/account")
    refused = web.post("/account/tokens", form)
    assert refused.status_code == 422
    assert message in refused.text and 'aria-invalid="true"' in refused.text
    assert "token-value" not in refused.text
    assert [t["name"] for t in org.client("read").get("/tokens").json()] == [""]  # none made


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"current_password": "wrong", "new_password": NEW_PASSWORD},
            "Current password: this is not your password.",
        ),
        ({"new_password": NEW_PASSWORD}, "Current password: give it."),
        (
            {"current_password": PASSWORD, "new_password": "short"},
            "New password: at least 10 characters.",
        ),
        (
            {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": "x"},
            "New password again: it does not match the new password.",
        ),
    ],
)
def test_password_form_errors_name_the_field(org: Org, form: dict[str, str], message: str) -> None:
    web = signed_in(org)
    copied = web.http.cookies[COOKIE]
    web.get("/account")
    form = {"confirm_password": form.get("new_password", "")} | form
    refused = web.post("/account/password", form)
    assert refused.status_code == 422
    assert message in refused.text
    assert web.get("/jobs").status_code == 200  # nothing changed
    assert replay(org, copied).status_code == 200
    assert org.token("read")  # the password is the same


def test_password_change_ends_every_other_session(org: Org) -> None:
    here, there = signed_in(org), signed_in(org)
    copied = here.http.cookies[COOKIE]  # a copy of this session's cookie, taken before
    assert replay(org, copied).status_code == 200
    here.get("/account")
    form = {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    changed = here.post("/account/password", form)
    assert changed.headers["location"] == "/account"
    assert "Password changed. Every other session is signed out." in here.follow(changed).text
    assert here.get("/jobs").status_code == 200  # this session goes on, begun anew

    stale = replay(org, copied)
    assert stale.status_code == 303 and stale.headers["location"] == "/signin?next=/jobs"
    assert there.get("/jobs").status_code == 303
    anonymous = org.server.client()
    old = anonymous.post("/auth/token", json={"email": org.email, "password": PASSWORD})
    assert old.status_code == 401
    new = anonymous.post("/auth/token", json={"email": org.email, "password": NEW_PASSWORD})
    assert new.status_code == 201
    there.sign_in(org.email, NEW_PASSWORD)
    assert there.get("/jobs").status_code == 200


def test_sign_out_everywhere_ends_every_session_but_not_tokens(org: Org) -> None:
    here, there = signed_in(org), signed_in(org)
    copied = here.http.cookies[COOKIE]
    (user,) = org.client("admin").get("/users").json()
    # a cookie from before sign-in times were recorded: valid until the user ends sessions
    legacy = Signer("test-secret", "web-session").dumps(
        {"u": user["id"], "c": "csrf", "e": int(time.time()) + 3600, "f": []}
    )
    assert replay(org, legacy).status_code == 200
    token = org.token("read")
    here.get("/account")

    out = here.post("/account/signout-all")
    assert out.headers["location"] == "/signin"
    assert "You are signed out everywhere" in here.follow(out).text
    for web in (here, there):
        assert web.get("/account").headers["location"] == "/signin?next=/account"
    for cookie in (copied, legacy):
        stale = replay(org, cookie)
        assert stale.status_code == 303 and stale.headers["location"] == "/signin?next=/jobs"
        assert f"{COOKIE}=" in stale.headers["set-cookie"]  # replaced by a signed-out one
    assert org.server.client(token).get("/jobs").status_code == 200  # tokens are revoked apart
    there.sign_in(org.email)  # signing in again works at once
    assert there.get("/jobs").status_code == 200
    assert replay(org, there.http.cookies[COOKIE]).status_code == 200
