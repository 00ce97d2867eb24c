"""Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules) of every kind of page.

axe-core comes from the ``axe-playwright-python`` package (the ``dev`` extra). It catches what
a machine can: missing labels and names, contrast below AA, invalid ARIA, landmarks, headings,
duplicate ids. It does not replace using the pages with a screen reader.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.server.browser.conftest import Pages
from tests.server.browser.test_browser import sign_in
from tests.server.conftest import LiveServer, new_org, setup_interview, wait_status

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page: Any) -> list[str]:
    """axe-core's violations on the page as loaded, one line each."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:  # pragma: no cover - the dev extra installs it
        pytest.fail("axe-playwright-python is not installed (pip install -e '.[dev]')")
    page.wait_for_load_state("load")
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    found = Axe().run(page, options=options).response["violations"]
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']}: "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
        for v in found
    ]


def test_every_page_passes_axe(pages: Pages, site: LiveServer) -> None:
    org = new_org(site)
    api = org.client()
    invitation = setup_interview(api, practice_feedback=True)
    found: list[str] = []

    signin = pages.new_page(viewport={"width": 1280, "height": 900})
    signin.goto("/signin")
    found += violations(signin)

    candidate = pages.new_page(viewport={"width": 390, "height": 844})
    for path in ("", "/q/1", "/review"):
        candidate.goto(f"/i/{invitation.token}{path}")
        found += violations(candidate)
    answers = {q["id"]: f"In my last role I built {q['id']} myself." for q in invitation.questions}
    submitted = site.client().post(f"/invite/{invitation.token}/submit", json={"answers": answers})
    assert submitted.status_code < 300, submitted.text
    candidate.goto(f"/i/{invitation.token}/done")
    found += violations(candidate)

    recruiter = sign_in(pages, org.email)
    wait_status(api, invitation.interview_id, "evaluated")
    candidate.goto(f"/i/{invitation.token}/report")
    found += violations(candidate)
    for path in (
        "/jobs",
        "/jobs/new",
        f"/jobs/{invitation.job_id}",
        f"/jobs/{invitation.job_id}/edit",
        f"/jobs/{invitation.job_id}/question-sets/new",
        f"/interviews/{invitation.interview_id}",
        f"/jobs/{invitation.job_id}/compare",
        "/account",
        "/users",
    ):
        recruiter.goto(path)
        found += violations(recruiter)
    recruiter.goto(f"/jobs/{invitation.job_id}/question-sets/new")
    recruiter.get_by_role("button", name=re.compile("Draft")).click()
    found += violations(recruiter)
    assert found == []


def test_the_check_finds_what_it_should(pages: Pages) -> None:
    """A control: an unlabelled field and low-contrast text added to a page are reported."""
    page = pages.new_page()
    page.goto("/signin")
    page.evaluate(
        """() => {
            const input = document.createElement("input");
            document.querySelector("main").appendChild(input);
            const faint = document.createElement("p");
            faint.textContent = "faint text";
            faint.style.color = "#eeeeee";
            document.querySelector("main").appendChild(faint);
        }"""
    )
    found = " ".join(violations(page))
    assert "label" in found and "color-contrast" in found
