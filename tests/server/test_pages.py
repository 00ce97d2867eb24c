"""The web pages over HTTP (no browser): a recruiter signs in, makes a job and its questions,
invites a candidate; the candidate answers with plain form posts (no script) and submits; the
recruiter reads the report, its exports and the comparison."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import httpx
import pytest

from panelist.models import Report
from tests.server.conftest import (
    PASSWORD,
    LiveServer,
    Org,
    example_jd,
    example_yaml,
    expire,
    new_org,
    settings_for,
    setup_interview,
    setup_secret_interview,
    wait_status,
)

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ANSWER = (
    "In my previous role I rebuilt the fraud pipeline with Kafka and XGBoost because the "
    "batch job was too slow; false positives fell from 15% to 8%."
)


class WebClient:
    """A browser without script: keeps the session cookie and the last page's CSRF token."""

    def __init__(self, server: LiveServer) -> None:
        self.http = httpx.Client(base_url=server.url, follow_redirects=False, timeout=60)
        server._clients.append(self.http)
        self.csrf = ""

    def _remember(self, response: httpx.Response) -> httpx.Response:
        if response.headers.get("content-type", "").startswith("text/html"):
            found = _CSRF.search(response.text)
            if found:
                self.csrf = found.group(1)
        return response

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self._remember(self.http.get(path, **kwargs))

    def post(
        self,
        path: str,
        data: dict[str, Any] | None = None,
        *,
        files: dict[str, Any] | None = None,
        csrf: bool = True,
    ) -> httpx.Response:
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf_token", self.csrf)
        return self._remember(self.http.post(path, data=form, files=files))

    def follow(self, response: httpx.Response) -> httpx.Response:
        assert response.status_code == 303, (response.status_code, response.text[:500])
        return self.get(response.headers["location"])

    def sign_in(self, email: str, password: str = PASSWORD) -> httpx.Response:
        self.get("/signin")
        response = self.post("/signin", {"email": email, "password": password})
        assert response.status_code == 303, response.text[:500]
        self.get(response.headers["location"])  # the new session's CSRF token
        return response


def signed_in(org: Org) -> WebClient:
    """A web client signed in as the organisation's admin."""
    client = WebClient(org.server)
    client.sign_in(org.email)
    return client


def create_job(client: WebClient, title: str = "ML engineer") -> str:
    """A job made through the pages; its id."""
    client.get("/jobs/new")
    made = client.post("/jobs/new", {"title": title, "description": example_jd()})
    assert made.status_code == 303
    found = re.match(r"/jobs/([0-9a-f]+)/question-sets/new", made.headers["location"])
    assert found, made.headers["location"]
    return found.group(1)


def invite(client: WebClient, job_id: str, name: str, practice: bool = False) -> str:
    """Invite through the job page; the candidate's link (path)."""
    page = client.get(f"/jobs/{job_id}")
    qset = re.search(r'name="question_set_id" value="([^"]+)"', page.text)
    assert qset, "the job has one question set"
    form = {"question_set_id": qset.group(1), "name": name, "email": "c@example.org"}
    if practice:
        form["practice_feedback"] = "true"
    shown = client.post(f"/jobs/{job_id}/invite", form)
    assert shown.status_code == 200, shown.text[:500]
    url = re.search(r'id="invite-link"[^>]*value="([^"]+)"', shown.text)
    assert url
    return httpx.URL(url.group(1)).path


def answer_all(candidate: WebClient, link: str, text: str = ANSWER) -> int:
    """Answer every question with form posts (no script); the number of questions."""
    page = candidate.get(f"{link}/q/1")
    total = int(re.search(r"Question 1 of (\d+)", page.text).group(1))  # type: ignore[union-attr]
    for n in range(1, total + 1):
        go = "next" if n < total else "review"
        moved = candidate.post(f"{link}/q/{n}", {"answer": f"{text} ({n})", "go": go})
        assert moved.status_code == 303, moved.text[:500]
        candidate.get(moved.headers["location"])
    return total


def test_recruiter_and_candidate_pages(org: Org) -> None:
    web = signed_in(org)
    assert web.get("/").headers["location"] == "/jobs"
    job_id = create_job(web)
    form = web.get(f"/jobs/{job_id}/question-sets/new")
    assert "Job “ML engineer” created" in form.text
    imported = web.post(
        f"/jobs/{job_id}/question-sets/import",
        files={"yaml_file": ("interview.yaml", example_yaml().encode(), "application/yaml")},
    )
    job_page = web.follow(imported)
    assert "Question set added: 9 questions." in job_page.text
    assert "job_description names a file" in job_page.text  # the import's warnings are shown
    link = invite(web, job_id, "Ada Lovelace")
    token = link.rsplit("/", 1)[1]
    assert token not in web.get(f"/jobs/{job_id}").text  # the link is shown once

    candidate = WebClient(org.server)
    start = candidate.get(link)
    assert start.status_code == 200
    assert "machine learning engineer" in start.text and "Start" in start.text
    total = answer_all(candidate, link)
    drafts = org.server.client().get(f"/invite/{token}").json()["drafts"]
    assert len(drafts) == total and drafts["ML_Q1"] == f"{ANSWER} (1)"
    review = candidate.get(f"{link}/review")
    assert review.text.count('class="review-answer"') == total
    thanks = candidate.follow(candidate.post(f"{link}/submit"))
    assert "Thank you" in thanks.text
    assert "already submitted" in candidate.get(link).text
    assert candidate.get(f"{link}/q/1").headers["location"] == link

    api = org.client()
    interview_id = api.get(f"/jobs/{job_id}/interviews").json()[0]["id"]
    wait_status(api, interview_id, "evaluated")
    status = web.get(f"/jobs/{job_id}/status.json").json()["interviews"]
    assert [(s["candidate"], s["status"]) for s in status] == [("Ada Lovelace", "evaluated")]

    report = web.get(f"/interviews/{interview_id}")
    assert report.status_code == 200
    assert report.text.count('<mark class="ev ev-') >= total  # evidence highlighted
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in report.text
    assert '<title id="criteria-title">' in report.text and "<desc id=" in report.text
    assert "Justification" in report.text and "Average score" in report.text

    expected = api.get(f"/interviews/{interview_id}/report", params={"format": "text"}).text
    text = web.get(f"/interviews/{interview_id}/report.txt")
    assert text.text == expected
    assert 'filename="report-ada-lovelace.txt"' in text.headers["content-disposition"]
    md = web.get(f"/interviews/{interview_id}/report.md")
    assert md.text == api.get(f"/interviews/{interview_id}/report", params={"format": "md"}).text
    parsed = Report.model_validate(
        json.loads(web.get(f"/interviews/{interview_id}/report.json").text)
    )
    assert parsed.interview.candidate == "Ada Lovelace"
    html = web.get(f"/interviews/{interview_id}/report.html")
    assert html.headers["content-type"].startswith("text/html")
    assert "<style>" in html.text and not re.search(r'(src|href)="(https?:)?//', html.text)
    pdf = web.get(f"/interviews/{interview_id}/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    pdf_text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Ada Lovelace" in pdf_text
    assert f"{parsed.summary.average_score}" in pdf_text

    compare = web.get(f"/jobs/{job_id}/compare")
    assert compare.status_code == 200
    assert "Ada Lovelace" in compare.text and "ML_Q1" in compare.text
    assert f">{round(parsed.summary.average_score, 1)}<" in compare.text
    assert '<title id="overall-title">' in compare.text


def test_candidate_pages_by_state(org: Org) -> None:
    api = org.client()
    practice = setup_interview(api, candidate="Pat", practice_feedback=True)
    plain = setup_interview(
        api, job_id=practice.job_id, question_set_id=practice.question_set_id, candidate="Sam"
    )
    candidate = WebClient(org.server)
    assert candidate.get(f"/i/{plain.token}/q/99").status_code == 404
    assert candidate.get(f"/i/{plain.token}/done").headers["location"] == f"/i/{plain.token}"
    for invitation in (practice, plain):
        link = f"/i/{invitation.token}"
        answer_all(candidate, link)
        candidate.follow(candidate.post(f"{link}/submit"))
    assert candidate.post(f"/i/{plain.token}/submit").headers["location"] == f"/i/{plain.token}"
    wait_status(api, practice.interview_id, "evaluated")
    wait_status(api, plain.interview_id, "evaluated")
    done = candidate.get(f"/i/{practice.token}")
    assert "Read your feedback" in done.text
    feedback = candidate.get(f"/i/{practice.token}/report")
    assert feedback.status_code == 200 and "Your feedback" in feedback.text
    assert '<mark class="ev' in feedback.text
    assert "Read your feedback" not in candidate.get(f"/i/{plain.token}").text
    refused = candidate.get(f"/i/{plain.token}/report")
    assert refused.status_code == 403 and "does not share its report" in refused.text
    report = api.get(f"/interviews/{practice.interview_id}/report?format=json").json()
    asked = [f for e in report["evaluations"] for f in e.get("follow_ups", [])]
    recruiter_page = signed_in(org).get(f"/interviews/{practice.interview_id}").text
    assert asked, "this answer leaves gaps to ask about"
    assert "Follow-up questions" in recruiter_page  # for the interviewer, not the candidate
    assert "Follow-up questions" not in feedback.text
    assert "score" not in candidate.get(f"/i/{plain.token}/done").text.lower()
    unknown = candidate.get("/i/not-a-token")
    assert unknown.status_code == 404 and "not valid" in unknown.text


def test_expired_link_is_a_clear_page(org: Org) -> None:
    invitation = setup_interview(org.client())
    expire(org, invitation.interview_id)
    page = WebClient(org.server).get(f"/i/{invitation.token}/q/1")
    assert page.status_code == 410
    assert "This invitation has expired" in page.text and "new invitation" in page.text
    status = signed_in(org).get(f"/jobs/{invitation.job_id}/status.json").json()
    row = status["interviews"][0]
    assert (row["status"], row["label"]) == ("expired", "Link expired")
    assert "invite again" in row["detail"]


def test_candidate_pages_show_no_rubric(org: Org) -> None:
    api = org.client()
    invitation = setup_secret_interview(api)
    candidate = WebClient(org.server)
    for path in ("", "/q/1", "/review"):
        page = candidate.get(f"/i/{invitation.token}{path}")
        assert page.status_code == 200 and "SECRET" not in page.text


def test_question_set_written_one_by_one(org: Org) -> None:
    web = signed_in(org)
    job_id = create_job(web, "SRE")
    url = f"/jobs/{job_id}/question-sets/new"
    web.get(url)
    first = {"name": "on-call", "role": "SRE", "q_text": ["Tell me about an outage."]}
    grown = web.post(url, first | {"q_type": ["behavioral"], "q_id": [""], "action": "add"})
    assert grown.status_code == 200
    assert grown.text.count("<fieldset>") == 2 and "Tell me about an outage." in grown.text
    empty = web.post(url, {"action": "create", "q_text": ["", " "]})
    assert empty.status_code == 422 and "Write at least one question" in empty.text
    bad_id = web.post(url, {"action": "create", "q_text": ["Why?"], "q_id": ["has space"]})
    assert bad_id.status_code == 422 and "Question 1: field id" in bad_id.text, bad_id.text
    made = web.post(
        url,
        {
            "action": "create",
            "name": "on-call",
            "q_text": ["Tell me about an outage.", "What does a readiness probe decide?"],
            "q_type": ["behavioral", "technical"],
            "q_id": ["", "PROBE"],
            "q_competency": ["incidents", ""],
            "q_points": ["", "Whether the pod gets traffic\nNot restarts"],
        },
    )
    assert "Question set added: 2 questions." in web.follow(made).text
    sets = org.client().get(f"/jobs/{job_id}/question-sets").json()
    full = org.client().get(f"/question-sets/{sets[0]['id']}").json()
    assert [q["id"] for q in full["questions"]] == ["Q1", "PROBE"]
    assert full["questions"][1]["reference_points"] == [
        "Whether the pod gets traffic",
        "Not restarts",
    ]
    assert full["questions"][0]["competency"] == "incidents"
    assert full["questions"][1]["type"] == "technical"

    bad_yaml = web.post(f"/jobs/{job_id}/question-sets/import", {"yaml_text": "role: [x\n"})
    assert bad_yaml.status_code == 422 and "invalid YAML" in bad_yaml.text
    nothing = web.post(f"/jobs/{job_id}/question-sets/import", {"yaml_text": ""})
    assert nothing.status_code == 422 and "Paste the interview YAML" in nothing.text


def test_a_job_is_edited_on_its_page(org: Org) -> None:
    web = signed_in(org)
    job_id = create_job(web, "Untitled")
    form = web.get(f"/jobs/{job_id}/edit")
    assert form.status_code == 200 and "Edit: Untitled" in form.text
    assert "Build and own end-to-end machine learning workflows" in form.text
    empty = web.post(f"/jobs/{job_id}/edit", {"title": "", "description": "KEPT"})
    assert empty.status_code == 422 and "KEPT" in empty.text
    saved = web.post(f"/jobs/{job_id}/edit", {"title": "ML engineer", "description": "- Ship"})
    assert saved.status_code == 303 and saved.headers["location"] == f"/jobs/{job_id}"
    job = org.client().get(f"/jobs/{job_id}").json()
    assert (job["title"], job["description"]) == ("ML engineer", "- Ship")


def test_form_errors_keep_what_was_typed(org: Org) -> None:
    web = signed_in(org)
    web.get("/jobs/new")
    untitled = web.post("/jobs/new", {"title": " ", "description": "KEPT-TEXT"})
    assert untitled.status_code == 422
    assert "Give the job a title." in untitled.text and "KEPT-TEXT" in untitled.text
    job_id = org.client().post("/jobs", json={"title": "T"}).json()["id"]
    no_set = web.get(f"/jobs/{job_id}")
    assert "Add the questions first" in no_set.text
    invitation = setup_interview(org.client(), job_id=job_id)
    nameless = web.post(
        f"/jobs/{job_id}/invite",
        {"question_set_id": invitation.question_set_id, "name": "", "email": "not mail"},
    )
    assert nameless.status_code == 422
    assert "Give the candidate&#39;s name" in nameless.text
    assert "This is not an e-mail address." in nameless.text


def test_too_long_answer_is_refused_on_the_page(shared_db: str, start_server: Any) -> None:
    live = start_server(settings_for(shared_db, max_answer_chars=40, worker=False))
    org = new_org(live)
    invitation = setup_interview(org.client())
    candidate = WebClient(live)
    link = f"/i/{invitation.token}"
    candidate.get(f"{link}/q/1")
    long = "x" * 41
    refused = candidate.post(f"{link}/q/1", {"answer": long, "go": "next"})
    assert refused.status_code == 422
    assert "the limit is 40" in refused.text and long in refused.text
    assert 'data-max-chars="40"' in refused.text and "maxlength" not in refused.text


def test_docs_work_offline(server: LiveServer) -> None:
    page = httpx.get(server.url + "/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/docs/assets/") for s in sources), sources
    for source in sources:
        assert httpx.get(server.url + source).status_code == 200
    assert httpx.get(server.url + "/redoc").status_code == 404


def test_a_job_without_description_is_told_why_it_needs_one(org: Org) -> None:
    client = signed_in(org)
    client.get("/jobs/new")
    made = client.post("/jobs/new", {"title": "Barista", "description": "  "})
    assert made.status_code == 303
    page = client.follow(made)
    assert "the job has no description" in page.text
    assert "judged against its requirements" in page.text
