"""A second round in a real browser: the recruiter asks follow-up questions on a report, the
candidate answers them by typing (drafts saved as they type) and submits, and the recruiter
reads the round-2 report with the exchange. The new pages also pass axe-core's checks and fit a
phone."""

from __future__ import annotations

import re
from typing import Any

from panelist.loaders import example_path, load_interview
from tests.server.browser.conftest import Pages, screenshot
from tests.server.browser.test_accessibility import violations
from tests.server.browser.test_browser import focus_on, sign_in
from tests.server.conftest import LiveServer, new_org, setup_interview, wait_status

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips, or fails with PANELIST_REQUIRE_BROWSER=1
    expect = None

OWN_PART = "What was your own part in that, as opposed to the team's?"
MEASURED = "How did you measure the result?"
ANSWERS = [
    "I chose the features and wrote the training pipeline myself; my lead reviewed it.",
    "Precision at the threshold went from 0.71 to 0.84 on the March holdout set.",
    "I would pick the simpler model again: it was cheaper to run and easier to explain.",
]


def test_follow_up_questions_in_the_browser(pages: Pages, site: LiveServer) -> None:
    org = new_org(site)
    api = org.client()
    invitation = setup_interview(api, candidate="Grace Hopper", practice_feedback=True)
    example = load_interview(example_path())
    answers = {i.question.id: i.answer for i in example.items}
    site.client().post(f"/invite/{invitation.token}/submit", json={"answers": answers})
    wait_status(api, invitation.interview_id, "evaluated")
    found: list[str] = []

    recruiter = sign_in(pages, org.email)
    recruiter.goto(f"/interviews/{invitation.interview_id}")
    recruiter.get_by_role("link", name="Ask follow-up questions").click()
    expect(recruiter.get_by_role("heading", name="Ask follow-up questions")).to_be_visible()
    boxes = recruiter.locator("input[type=checkbox][name=ask]")
    assert boxes.count() >= 1 and all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    found += violations(recruiter)
    screenshot(recruiter, "19-follow-ups-ask", full_page=False)
    for i in range(boxes.count()):
        boxes.nth(i).uncheck()
    # the first proposed follow-up, reworded, and a question of the recruiter's own on the same
    # answer; another of their own on the last answer
    first = boxes.first.get_attribute("value") or ""
    n = int(first.split("-")[0])
    boxes.first.check()
    recruiter.locator(f"#text-{first}").fill(OWN_PART)
    recruiter.get_by_label(f"Your own question on answer {n}").fill(MEASURED)
    last = len(invitation.questions)
    recruiter.get_by_label(f"Your own question on answer {last}").fill("Which model did you pick?")
    recruiter.get_by_role("button", name="Send the follow-up questions").click()
    expect(
        recruiter.get_by_role("heading", name="Follow-up questions for Grace Hopper")
    ).to_be_visible()
    link = recruiter.get_by_label("Candidate's link for the follow-up questions").input_value()
    assert re.fullmatch(re.escape(site.url) + r"/f/[A-Za-z0-9_-]{43}", link), link
    copy = recruiter.get_by_role("button", name="Copy link")
    copy.click()
    expect(recruiter.locator("#copy-status")).not_to_be_empty()
    found += violations(recruiter)
    screenshot(recruiter, "20-follow-ups-sent")
    recruiter.get_by_role("link", name="Back to ML engineer").click()
    badge = recruiter.locator('[data-interview] [data-field="label"]')
    expect(badge).to_have_text("Follow-ups sent")
    screenshot(recruiter, "21-job-follow-ups-sent", full_page=False)

    candidate = pages.new_page(viewport={"width": 1280, "height": 900})
    candidate.goto(link)
    expect(candidate.get_by_role("heading", name="Follow-up questions")).to_be_visible()
    found += violations(candidate)
    screenshot(candidate, "22-follow-up-start", full_page=False)
    focus_on(candidate, "a.button")
    candidate.keyboard.press("Enter")  # Start, with the keyboard
    expect(candidate.locator("#progress-text")).to_have_text("Follow-up questions: part 1 of 2")
    expect(candidate.get_by_role("heading", level=1)).to_have_text(
        example.items[n - 1].question.text
    )
    expect(candidate.locator(".earlier-answer")).to_have_text(example.items[n - 1].answer)
    own = candidate.get_by_label(re.compile(re.escape(OWN_PART)))
    measured = candidate.get_by_label(re.compile(re.escape(MEASURED)))
    expect(own).to_have_accessible_name(re.compile("^Follow-up question 1 of 2"))
    focus_on(candidate, "textarea#answer-1")
    candidate.keyboard.type(ANSWERS[0])
    expect(candidate.locator("#save-status-1")).to_have_text("Saved")
    measured.press_sequentially(ANSWERS[1])
    expect(candidate.locator("#save-status-2")).to_have_text("Saved")
    found += violations(candidate)
    screenshot(candidate, "23-follow-up-question")
    candidate.get_by_role("button", name="Next part").click()
    expect(candidate.locator("#progress-text")).to_have_text("Follow-up questions: part 2 of 2")
    candidate.get_by_label(re.compile("Which model did you pick")).press_sequentially(ANSWERS[2])
    expect(candidate.locator("#save-status-1")).to_have_text("Saved")
    token = link.rsplit("/", 1)[1]
    drafts = site.client().get(f"/follow-up/{token}").json()["drafts"]
    assert sorted(drafts.values()) == sorted(ANSWERS)  # saved as typed
    candidate.get_by_role("button", name="Review and submit").click()
    expect(candidate.get_by_role("heading", name="Review your follow-up answers")).to_be_visible()
    found += violations(candidate)
    screenshot(candidate, "24-follow-up-review")
    candidate.get_by_role("button", name="Submit my answers").click()
    expect(candidate.get_by_role("heading", name="Thank you")).to_be_visible()

    # the job page, open since before the submit, follows the status without a reload
    expect(badge).to_have_text("Evaluated", timeout=60_000)
    expect(recruiter.locator('[data-interview] [data-field="detail"]')).to_contain_text("round 2")
    recruiter.get_by_role("link", name="Report of Grace Hopper").click()
    article = recruiter.locator("article.answer").nth(n - 1)
    expect(article.locator(".round-note")).to_have_text(
        "Round 2 evaluation: the first answer with 2 follow-up answers."
    )
    asked = article.locator("strong.asked")
    expect(asked).to_have_text([f"Follow-up: {OWN_PART}", f"Follow-up: {MEASURED}"])
    expect(article.locator(".answer-text")).to_contain_text(ANSWERS[1])
    for mark in article.locator("mark.ev").all_inner_texts():
        assert "Follow-up" not in mark and OWN_PART not in mark
    expect(recruiter.locator(".rounds-list")).to_contain_text("Follow-ups answered")
    found += violations(recruiter)
    article.scroll_into_view_if_needed()
    screenshot(recruiter, "25-report-round-2", full_page=False)
    screenshot(recruiter, "25-report-round-2-full")

    candidate.reload()
    candidate.get_by_role("link", name="Read your updated feedback").click()
    expect(candidate.get_by_role("heading", name="Your feedback")).to_be_visible()
    expect(candidate.locator("strong.asked").first).to_have_text(f"Follow-up: {OWN_PART}")
    found += violations(candidate)
    assert found == []


def test_follow_up_pages_fit_a_phone(pages: Pages, site: LiveServer) -> None:
    org = new_org(site)
    api = org.client()
    invitation = setup_interview(api, candidate="Pho Ne")
    site.client().post(f"/invite/{invitation.token}/submit", json={"answers": {}})
    qid = invitation.questions[0]["id"]
    made = api.post(
        f"/interviews/{invitation.interview_id}/follow-ups",
        json={"items": [{"question_id": qid, "questions": [OWN_PART, MEASURED]}]},
    ).json()
    page: Any = pages.new_page(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    base = f"/f/{made['token']}"
    for path in ("", "/q/1", "/review"):
        page.goto(base + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"{path or '/'} scrolls sideways: {width}px wide"
    page.goto(base + "/q/1")
    page.get_by_label(re.compile(re.escape(MEASURED))).press_sequentially("On my phone: 12%.")
    expect(page.locator("#save-status-2")).to_have_text("Saved")
    screenshot(page, "26-phone-follow-up", full_page=False)
