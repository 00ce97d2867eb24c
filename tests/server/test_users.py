"""Users, managed by admins on the users page and with ``PATCH /api/v1/users/{id}``: added,
disabled (no sign-in, no tokens, no sessions) and enabled again. An admin cannot disable
themselves, the last active admin cannot be disabled, recruiters manage nobody (403) and
another organisation's users are not found (404)."""

from __future__ import annotations

import re

import httpx
import pytest

from panelist.server import db
from panelist.server.services import users
from panelist.server.services.errors import Refused
from panelist.server.web.session import COOKIE
from tests.server.conftest import PASSWORD, LiveServer, Org, new_org
from tests.server.test_account import replay
from tests.server.test_pages import WebClient, signed_in


def user_ids(org: Org) -> dict[str, str]:
    """The organisation's users: e-mail to id."""
    return {u["email"]: u["id"] for u in org.client("admin").get("/users").json()}


def add_user(org: Org, role: str = "recruiter") -> tuple[str, str]:
    """A new user of ``org`` with :data:`PASSWORD`: e-mail and id."""
    email = f"{role}-{len(user_ids(org))}-{org.email}"
    made = org.client("admin").post(
        "/users", json={"email": email, "password": PASSWORD, "role": role}
    )
    assert made.status_code == 201, made.text
    return email, made.json()["id"]


def test_the_users_page_adds_a_user(org: Org) -> None:
    web = signed_in(org)
    page = web.get("/users")
    assert page.status_code == 200
    assert re.search(re.escape(org.email) + r" <span class=\"muted\">\(you\)</span>", page.text)
    email = f"rec-{org.email}"
    typed = f" {email.upper()} "  # kept trimmed and in lower case
    added = web.post("/users/new", {"email": typed, "role": "recruiter", "password": PASSWORD})
    assert added.headers["location"] == "/users"
    page = web.follow(added)
    assert f"{email} added as recruiter" in page.text
    assert f'aria-label="Disable {email}"' in page.text
    assert f'aria-label="Disable {org.email}"' not in page.text  # not oneself
    recruiter = WebClient(org.server)
    recruiter.sign_in(email)
    assert "Jobs" in recruiter.get("/jobs").text
    listed = {u["email"]: u for u in org.client("admin").get("/users").json()}
    assert listed[email]["role"] == "recruiter"
    assert listed[email]["disabled_at"] is None


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "not-an-address", "password": PASSWORD}, "E-mail: this is not an e-mail"),
        ({"email": "a@b.c", "password": "short"}, "Initial password: at least 10 characters."),
        ({"email": "a@b.c", "password": PASSWORD, "role": "owner"}, "Role: choose recruiter"),
        ({"email": "{admin}", "password": PASSWORD}, "already has an account."),
    ],
)
def test_new_user_form_errors_name_the_field(org: Org, form: dict[str, str], message: str) -> None:
    web = signed_in(org)
    web.get("/users")
    form = form | {"email": form["email"].replace("{admin}", org.email.upper())}
    refused = web.post("/users/new", form)
    assert refused.status_code == 422
    assert message in refused.text and 'aria-invalid="true"' in refused.text
    assert list(user_ids(org)) == [org.email]


def test_a_disabled_user_cannot_sign_in_and_their_tokens_and_sessions_stop(org: Org) -> None:
    email, user_id = add_user(org)
    token = org.token("read", email=email)
    session = WebClient(org.server)
    session.sign_in(email)
    copied = session.http.cookies[COOKIE]
    admin = signed_in(org)
    admin.get("/users")

    disabled = admin.post(f"/users/{user_id}/disable")
    assert disabled.headers["location"] == "/users"
    page = admin.follow(disabled)
    assert f"{email} disabled: they can no longer sign in." in page.text
    assert f'aria-label="Enable {email}"' in page.text

    refused = org.server.client(token).get("/jobs")
    assert refused.status_code == 401
    assert refused.json() == {"error": "the account of this API token is disabled"}
    assert session.get("/jobs").status_code == 303
    assert replay(org, copied).status_code == 303
    anonymous = org.server.client()
    signin = anonymous.post("/auth/token", json={"email": email, "password": PASSWORD})
    wrong = anonymous.post("/auth/token", json={"email": email, "password": "wrong"})
    assert signin.status_code == wrong.status_code == 401
    assert signin.json() == wrong.json()  # the same answer as a wrong password
    web = WebClient(org.server)
    web.get("/signin")
    page_signin = web.post("/signin", {"email": email, "password": PASSWORD})
    assert page_signin.status_code == 401 and "Wrong e-mail or password" in page_signin.text

    # enabled again: they sign in, their tokens work; sessions from before stay over
    enabled = admin.post(f"/users/{user_id}/enable")
    assert f"{email} enabled again." in admin.follow(enabled).text
    assert org.server.client(token).get("/jobs").status_code == 200
    assert replay(org, copied).status_code == 303
    web.sign_in(email)
    assert web.get("/jobs").status_code == 200


def test_the_api_disables_and_enables(org: Org) -> None:
    email, user_id = add_user(org)
    token = org.token("read", email=email)
    admin = org.client("admin")
    disabled = admin.patch(f"/users/{user_id}", json={"disabled": True})
    assert disabled.status_code == 200
    assert disabled.json()["email"] == email and disabled.json()["disabled_at"] is not None
    assert org.server.client(token).get("/jobs").status_code == 401
    again = admin.patch(f"/users/{user_id}", json={"disabled": True})
    assert again.json()["disabled_at"] == disabled.json()["disabled_at"]  # unchanged
    enabled = admin.patch(f"/users/{user_id}", json={"disabled": False})
    assert enabled.status_code == 200 and enabled.json()["disabled_at"] is None
    assert org.server.client(token).get("/jobs").status_code == 200
    for body, field in (({}, "body.disabled"), ({"disabled": True, "role": "admin"}, "body.role")):
        invalid = admin.patch(f"/users/{user_id}", json=body)
        assert invalid.status_code == 422 and f"field {field}" in invalid.json()["error"]


def test_the_last_active_admin_cannot_be_disabled(org: Org) -> None:
    me = user_ids(org)[org.email]
    admin = org.client("admin")
    last = admin.patch(f"/users/{me}", json={"disabled": True})
    assert last.status_code == 409
    assert last.json() == {"error": f"the last active admin, {org.email}, cannot be disabled"}

    second_email, second = add_user(org, role="admin")
    myself = admin.patch(f"/users/{me}", json={"disabled": True})
    assert myself.status_code == 409 and "your own account" in myself.json()["error"]
    assert admin.patch(f"/users/{second}", json={"disabled": True}).status_code == 200
    assert admin.patch(f"/users/{me}", json={"disabled": True}).status_code == 409

    web = signed_in(org)
    web.get("/users")
    page = web.post(f"/users/{me}/disable")
    assert page.status_code == 409
    assert f"The last active admin, {org.email}, cannot be disabled." in page.text
    assert second_email in page.text  # the list is still shown
    assert web.get("/jobs").status_code == 200 and org.client("read").get("/jobs").is_success


def test_an_admin_disabled_meanwhile_cannot_disable_the_other(org: Org) -> None:
    """Two admins disabling each other at the same moment: the second to write is refused,
    even though its caller was allowed in before the first wrote."""
    second_email, second = add_user(org, role="admin")
    me = user_ids(org)[org.email]
    organisation = org.client("admin").get("/users").json()[0]["organisation_id"]
    engine = db.connect(org.server.settings.database_url)
    try:
        with db.sessions(engine)() as session:
            users.set_disabled(session, organisation, second, me, True)
        with db.sessions(engine)() as session, pytest.raises(Refused) as refused:
            users.set_disabled(session, organisation, me, second, True)
        assert refused.value.status_code == 409 and "last active admin" in refused.value.detail
    finally:
        engine.dispose()
    still = org.server.client(org.token("admin", email=second_email)).get("/users").json()
    assert {u["email"]: u["disabled_at"] is None for u in still} == {
        org.email: False,
        second_email: True,
    }


def test_recruiters_get_403_on_users(org: Org) -> None:
    email, user_id = add_user(org)
    recruiter = org.server.client(org.token("read", "write", email=email))
    assert recruiter.get("/users").status_code == 403
    patched = recruiter.patch(f"/users/{user_id}", json={"disabled": True})
    assert patched.status_code == 403 and "admin" in patched.json()["error"]
    web = WebClient(org.server)
    web.sign_in(email)
    assert web.get("/users").status_code == 403
    assert web.post(f"/users/{user_id}/disable").status_code == 403
    listed = {u["email"]: u for u in org.client("admin").get("/users").json()}
    assert listed[email]["disabled_at"] is None


def test_another_organisations_users_are_404(server: LiveServer) -> None:
    mine, theirs = new_org(server), new_org(server)
    their_id = user_ids(theirs)[theirs.email]
    patched = mine.client("admin").patch(f"/users/{their_id}", json={"disabled": True})
    assert patched.status_code == 404 and patched.json() == {"error": f"no user {their_id}"}
    web = signed_in(mine)
    web.get("/users")
    for action in ("disable", "enable"):
        assert web.post(f"/users/{their_id}/{action}").status_code == 404
    assert theirs.email not in web.get("/users").text
    assert theirs.client("admin").get("/users").json()[0]["disabled_at"] is None
    assert httpx.get(server.url + "/users").status_code == 303  # signed out: sign in first
