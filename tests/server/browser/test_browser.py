"""The pages in a real browser: a recruiter sets up a job from the example interview and
invites a candidate, who answers every question by typing and submits; the recruiter reads
the report and the comparison and downloads the PDF. Also: the candidate's flow with the
keyboard only, a form without its CSRF token, a phone-sized screen, and the offline API docs.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from panelist.loaders import example_path, load_interview
from tests.server.browser.conftest import Pages, screenshot
from tests.server.conftest import (
    EXAMPLE_DIR,
    PASSWORD,
    LiveServer,
    example_jd,
    new_org,
    setup_interview,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips, or fails with PANELIST_REQUIRE_BROWSER=1
    expect = None


def sign_in(pages: Pages, email: str, shot: str | None = None) -> Any:
    """A page signed in through the sign-in form."""
    page = pages.new_page(viewport={"width": 1280, "height": 900})
    page.goto("/jobs")
    expect(page).to_have_url(re.compile(r"/signin\?next=/jobs$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    if shot:
        screenshot(page, shot)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Jobs", level=1)).to_be_visible()
    return page


def focus_on(page: Any, selector: str, limit: int = 40) -> list[str]:
    """Press Tab until the focused element matches ``selector``; the elements passed."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return passed
        passed.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
    raise AssertionError(f"Tab never reached {selector}; passed {passed}")


def test_recruiter_and_candidate_in_the_browser(pages: Pages, site: LiveServer) -> None:
    org = new_org(site)
    example = load_interview(example_path())
    recruiter = sign_in(pages, org.email, shot="01-sign-in")

    recruiter.get_by_role("link", name="New job").first.click()
    recruiter.get_by_label("Title").fill("ML engineer")
    recruiter.get_by_label("Job description").fill(example_jd())
    recruiter.get_by_role("button", name="Create the job").click()
    expect(recruiter.get_by_text("Job “ML engineer” created")).to_be_visible()
    screenshot(recruiter, "02-question-set-new")
    recruiter.get_by_label("Choose the file").set_input_files(EXAMPLE_DIR / "interview.yaml")
    recruiter.get_by_role("button", name="Import the questions").click()
    expect(recruiter.get_by_text("Question set added: 9 questions.")).to_be_visible()
    job_url = recruiter.url

    recruiter.get_by_label("Name").fill("Ada Lovelace")
    recruiter.get_by_label("E-mail (optional)").fill("ada@example.org")
    recruiter.get_by_role("button", name="Create the invitation link").click()
    link = recruiter.get_by_label("Candidate's link").input_value()
    assert re.fullmatch(re.escape(site.url) + r"/i/[A-Za-z0-9_-]{43}", link), link
    copy = recruiter.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()  # shown by the script
    copy.click()
    expect(recruiter.locator("#copy-status")).not_to_be_empty()
    screenshot(recruiter, "03-invitation")

    candidate = pages.new_page(viewport={"width": 1280, "height": 900})
    candidate.goto(link)
    expect(candidate.get_by_role("heading", name="Interview: ML engineer")).to_be_visible()
    expect(candidate.get_by_text("machine learning engineer", exact=True)).to_be_visible()
    expect(candidate.get_by_role("heading", name="Responsibilities")).to_be_visible()
    screenshot(candidate, "04-candidate-start")
    candidate.get_by_role("link", name="Start").first.click()
    total = len(example.items)
    for n, item in enumerate(example.items, start=1):
        expect(candidate.locator("#progress-text")).to_have_text(f"Question {n} of {total}")
        expect(candidate.get_by_role("heading", level=1)).to_have_text(item.question.text)
        area = candidate.get_by_label("Your answer")
        area.fill(item.answer[:-80])
        area.press_sequentially(item.answer[-80:])  # typed, key by key
        expect(candidate.locator("#save-status")).to_have_text("Saved")
        if n == 2:
            screenshot(candidate, "05-candidate-question", full_page=False)
        name = "Next question" if n < total else "Review and submit"
        candidate.get_by_role("button", name=name).click()
    token = link.rsplit("/", 1)[1]
    drafts = site.client().get(f"/invite/{token}").json()["drafts"]
    assert drafts == {i.question.id: i.answer for i in example.items}  # saved as typed
    expect(candidate.get_by_role("heading", name="Review your answers")).to_be_visible()
    screenshot(candidate, "06-candidate-review", full_page=False)
    recruiter.get_by_role("link", name="Back to ML engineer").click()
    badge = recruiter.locator('[data-interview] [data-field="label"]')
    expect(badge).to_have_text("In progress")
    candidate.get_by_role("button", name="Submit my answers").click()
    expect(candidate.get_by_role("heading", name="Thank you")).to_be_visible()
    screenshot(candidate, "07-candidate-thanks")
    candidate.goto(link)
    expect(candidate.get_by_role("heading", name="already submitted")).to_be_visible()

    # the job page, open since before the submit, follows the status without a reload
    expect(badge).to_have_text("Evaluated", timeout=60_000)
    assert recruiter.url == job_url
    screenshot(recruiter, "08-job-page")
    recruiter.get_by_role("link", name="Report of Ada Lovelace").click()
    expect(recruiter.get_by_role("heading", name="Report: Ada Lovelace")).to_be_visible()
    assert recruiter.locator("mark.ev").count() >= total  # evidence highlighted
    first_mark = recruiter.locator("article.answer").first.locator("mark.ev").first.inner_text()
    assert first_mark in example.items[0].answer
    chart = recruiter.locator("svg[role=img]").first
    expect(chart).to_be_visible()
    expect(chart.locator("title")).to_have_text(re.compile("Criteria"))
    assert chart.locator("rect").count() >= 5
    average = recruiter.locator(".figures dd").first.inner_text().split("/")[0].strip()
    screenshot(recruiter, "09-report", full_page=False)
    screenshot(recruiter, "09-report-full")

    with recruiter.expect_download() as download:
        recruiter.get_by_role("link", name="PDF").click()
    saved = download.value.path()
    data = saved.read_bytes()
    assert data.startswith(b"%PDF")
    assert download.value.suggested_filename == "report-ada-lovelace.pdf"
    pypdf = pytest.importorskip("pypdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Ada Lovelace" in text and average in text

    recruiter.get_by_role("link", name="Compare with the other candidates").click()
    expect(recruiter.get_by_role("heading", name="Compare candidates: ML engineer")).to_be_visible()
    row = recruiter.get_by_role("row", name=re.compile("Ada Lovelace"))
    expect(row).to_contain_text(average)
    expect(recruiter.locator("svg[role=img] title")).to_have_text(re.compile("Overall score"))
    screenshot(recruiter, "10-compare")
    recruiter.get_by_role("link", name="Jobs", exact=True).click()
    expect(recruiter.get_by_role("row", name=re.compile("ML engineer"))).to_contain_text(
        "1 evaluated"
    )
    screenshot(recruiter, "00-jobs")


def test_questions_drafted_from_the_job_description(pages: Pages, site: LiveServer) -> None:
    org = new_org(site)
    job = org.client().post("/jobs", json={"title": "ML engineer", "description": example_jd()})
    recruiter = sign_in(pages, org.email)
    recruiter.goto(f"/jobs/{job.json()['id']}/question-sets/new")
    recruiter.get_by_label("Number of questions").fill("4")
    recruiter.get_by_role("button", name="Draft the questions").click()
    expect(
        recruiter.get_by_role("heading", name="Check and edit the drafted questions")
    ).to_be_visible()
    expect(recruiter.get_by_role("status")).to_contain_text("4 questions drafted")
    assert recruiter.url.endswith("#drafted")  # the form, scrolled to
    first = recruiter.locator("#q1-text")
    expect(first).to_have_accessible_description(re.compile(r"^Probes the requirement: “.+”"))
    todo = recruiter.locator("textarea[name=q_points][aria-describedby$=points-todo]")
    expect(todo.first).to_have_value(re.compile("^TODO: "))
    screenshot(recruiter, "14-question-set-drafted")
    recruiter.get_by_role("button", name="Create the question set").click()
    alert = recruiter.get_by_role("alert")
    expect(alert).to_contain_text("still has the TODO line")
    screenshot(recruiter, "15-question-set-todo-refused", full_page=False)
    for n in range(todo.count()):
        todo.nth(n).fill("Names the stages from data to monitoring\nExplains a rollback")
    recruiter.get_by_role("button", name="Create the question set").click()
    expect(recruiter.get_by_text("Question set added: 4 questions.")).to_be_visible()
    sets = org.client().get(f"/jobs/{job.json()['id']}/question-sets").json()
    assert [s["questions"] for s in sets] == [4]


def test_candidate_flow_with_the_keyboard_only(pages: Pages, site: LiveServer) -> None:
    org = new_org(site)
    invitation = setup_interview(org.client(), candidate="Kim Keys")
    page = pages.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"/i/{invitation.token}")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    assert skip.bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    focus_on(page, "a.button")
    expect(page.locator(":focus")).to_have_text(re.compile("Start"))
    page.keyboard.press("Enter")
    total = len(invitation.questions)
    for n in range(1, total + 1):
        expect(page.locator("#progress-text")).to_have_text(f"Question {n} of {total}")
        focus_on(page, "textarea#answer")
        page.keyboard.type(f"With the keyboard only: answer {n}, with a result of 20%.")
        expect(page.locator("#save-status")).to_have_text("Saved")
        focus_on(page, "button[value=next], button[value=review]")
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"  # focus is visible
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Review your answers")).to_be_visible()
    focus_on(page, "form[action$='/submit'] button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    answers = org.client().get(f"/interviews/{invitation.interview_id}").json()["progress"]
    assert answers["answers"] == total


def test_a_form_without_its_csrf_token_is_refused(pages: Pages, site: LiveServer) -> None:
    org = new_org(site)
    page = sign_in(pages, org.email)
    page.goto("/jobs/new")
    page.evaluate("() => document.querySelector('main input[name=csrf_token]').remove()")
    page.get_by_label("Title").fill("Forged")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Create the job").click()
    assert posted.value.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    assert org.client().get("/jobs").json() == []


def test_candidate_pages_fit_a_phone(pages: Pages, site: LiveServer) -> None:
    org = new_org(site)
    invitation = setup_interview(org.client(), candidate="Pho Ne")
    page = pages.new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    base = f"/i/{invitation.token}"
    for path in ("", "/q/1", "/review", "/q/1"):
        page.goto(base + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path or '/'} scrolls sideways: {width}px wide"
    page.get_by_label("Your answer").press_sequentially("On my phone: I led the rollout.")
    expect(page.locator("#save-status")).to_have_text("Saved")
    button = page.get_by_role("button", name="Next question").bounding_box()
    assert button["height"] >= 44  # a finger-sized target
    screenshot(page, "11-phone-question", full_page=False)
    page.goto(base)
    screenshot(page, "12-phone-start", full_page=False)


def test_api_docs_work_offline(pages: Pages) -> None:
    page = pages.new_page(viewport={"width": 1280, "height": 900})
    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Panelist")
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() >= 20
    screenshot(page, "13-api-docs", full_page=False)


def test_a_pasted_answer_over_the_limit_is_kept_whole_and_not_saved(
    pages: Pages, site: LiveServer
) -> None:
    org = new_org(site)
    invitation = setup_interview(org.client())
    page = pages.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"/i/{invitation.token}/q/1")
    long = "word " * 8001  # 40,005 characters, over the 40,000 limit
    page.get_by_label("Your answer").fill(long)
    page.get_by_label("Your answer").blur()
    expect(page.locator("#save-status")).to_have_text(
        "Too long: 40,005 characters; the limit is 40,000. Shorten it: it is not saved until then."
    )
    assert page.get_by_label("Your answer").input_value() == long  # nothing cut
    assert (
        org.client().get(f"/interviews/{invitation.interview_id}").json()["progress"]["drafts"] == 0
    )
