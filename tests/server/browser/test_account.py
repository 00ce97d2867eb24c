"""The account and users pages in a real browser: an API token made, its value seen once, then
revoked; "Sign out everywhere" ending this browser's session and another's; an admin adding a
user and disabling them."""

from __future__ import annotations

import re

import httpx

from panelist.server.web.session import COOKIE
from tests.server.browser.conftest import Pages, screenshot
from tests.server.browser.test_browser import expect, sign_in
from tests.server.conftest import PASSWORD, LiveServer, new_org


def test_a_token_seen_once_revoked_then_sign_out_everywhere(pages: Pages, site: LiveServer) -> None:
    org = new_org(site)
    page = sign_in(pages, org.email)
    elsewhere = sign_in(pages, org.email)  # the same user in another browser
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name="Your account", level=1)).to_be_visible()
    expect(page.get_by_text("No tokens yet.")).to_be_visible()

    page.get_by_label("Name").fill("ATS sync")
    expect(page.get_by_role("checkbox", name=re.compile("^read"))).to_be_checked()
    page.get_by_role("checkbox", name=re.compile("^write")).check()
    page.get_by_role("textbox", name="Your password").fill(PASSWORD)
    page.get_by_role("button", name="Create the token").click()
    expect(page.get_by_role("heading", name="New API token: ATS sync")).to_be_visible()
    expect(page.get_by_text("will not be shown again")).to_be_visible()
    value = page.get_by_label("Token", exact=True).input_value()
    assert re.fullmatch(r"pnl_[A-Za-z0-9_-]{43}", value), value
    page.get_by_role("button", name="Copy token").click()
    expect(page.locator("#copy-status")).to_have_text(re.compile("[Tt]oken"))
    screenshot(page, "14-token-created")
    assert site.client(value).get("/jobs").status_code == 200

    page.get_by_role("link", name="Back to your account").click()
    row = page.get_by_role("row", name=re.compile("ATS sync"))
    expect(row).to_contain_text("read, write")
    expect(row).to_contain_text(value[:10])
    assert value not in page.content()  # shown once only
    screenshot(page, "15-account")
    row.get_by_role("button", name="Revoke ATS sync").click()
    expect(page.get_by_text("revoked: it no longer works")).to_be_visible()
    expect(row).to_contain_text("Revoked")
    expect(row.get_by_role("button")).to_have_count(0)
    assert site.client(value).get("/jobs").status_code == 401
    screenshot(page, "16-account-revoked", full_page=False)

    (cookie,) = [c["value"] for c in page.context.cookies() if c["name"] == COOKIE]
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You are signed out everywhere")).to_be_visible()
    screenshot(page, "17-signed-out-everywhere", full_page=False)
    elsewhere.reload()
    expect(elsewhere).to_have_url(re.compile(r"/signin\?next=/jobs$"))
    stale = httpx.get(site.url + "/account", cookies={COOKIE: cookie})  # a copy taken before
    assert stale.status_code == 303


def test_an_admin_adds_and_disables_a_user(pages: Pages, site: LiveServer) -> None:
    org = new_org(site)
    page = sign_in(pages, org.email)
    page.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users", level=1)).to_be_visible()
    email = f"rec-{org.email}"
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Initial password").fill("short")
    page.evaluate("() => document.getElementById('new-password').removeAttribute('minlength')")
    page.get_by_role("button", name="Add the user").click()
    expect(page.get_by_role("alert")).to_have_text("Initial password: at least 10 characters.")
    expect(page.get_by_label("Initial password")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Initial password").fill(PASSWORD)
    page.get_by_role("button", name="Add the user").click()
    expect(page.get_by_text(f"{email} added as recruiter")).to_be_visible()

    recruiter = sign_in(pages, email)
    expect(recruiter.get_by_role("link", name="Users")).to_have_count(0)
    page.get_by_role("button", name=f"Disable {email}").click()
    expect(page.get_by_text(f"{email} disabled")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(re.escape(email)))
    expect(row).to_contain_text("Disabled")
    expect(page.get_by_role("button", name=f"Disable {org.email}")).to_have_count(0)
    screenshot(page, "18-users")
    recruiter.reload()
    expect(recruiter.get_by_role("heading", name="Sign in")).to_be_visible()


def test_without_javascript_the_token_is_shown_and_no_copy_button_that_does_nothing(
    pages: Pages, site: LiveServer
) -> None:
    """The copy button is JavaScript's: without it the page shows the value to copy by hand and
    no button (a stylesheet's ``display`` once showed a ``hidden`` button before the script
    ran, so that a click could reach it before it did anything)."""
    org = new_org(site)
    page = pages.new_page(java_script_enabled=False)
    page.goto("/signin")
    page.get_by_label("E-mail").fill(org.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Account").click()
    page.get_by_label("Name").fill("Nightly export")
    page.get_by_role("textbox", name="Your password").fill(PASSWORD)
    page.get_by_role("button", name="Create the token").click()
    expect(page.get_by_role("heading", name="New API token: Nightly export")).to_be_visible()
    expect(page.get_by_label("Token", exact=True)).to_be_visible()
    expect(page.locator("button[data-copy]")).to_have_count(1)
    expect(page.get_by_role("button", name="Copy token")).to_be_hidden()
