"""Drafting a question set from the job's description: the API returns it (nothing stored),
the page fills its question form with it; a TODO reference point left in is refused on save."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
import yaml

from panelist.design.compose import REFERENCE_PLACEHOLDER
from tests.llm.fake_server import FakeServer, Scripted
from tests.server.conftest import LiveServer, Org, example_jd, new_org, settings_for
from tests.server.test_pages import WebClient, signed_in

POINTS = "Names the stages from ingestion to monitoring\nExplains how a model is rolled back"


def _job(org: Org, description: str = "") -> str:
    made = org.client().post("/jobs", json={"title": "ML engineer", "description": description})
    assert made.status_code == 201, made.text
    job_id: str = made.json()["id"]
    return job_id


def _draft(api: httpx.Client, job_id: str, **body: Any) -> httpx.Response:
    return api.post(f"/jobs/{job_id}/question-sets/draft", json=body)


def test_a_draft_probes_the_description_and_stores_nothing(org: Org) -> None:
    api = org.client()
    job_id = _job(org, example_jd())
    response = _draft(api, job_id, n=6)
    assert response.status_code == 200, response.text
    body = response.json()
    questions, notes = body["questions"], body["notes"]
    assert len(questions) == 6 and body["role"] == "ML engineer"
    assert [n["question_id"] for n in notes] == [q["id"] for q in questions]
    assert len({q["id"] for q in questions}) == 6 and len({q["text"] for q in questions}) == 6
    assert len({n["requirement"] for n in notes}) == 6  # six different requirements
    for question, note in zip(questions, notes, strict=True):
        assert note["requirement"] in example_jd()
        if note["kind"] == "technical":
            assert question["type"] == "technical"
            assert question["reference_points"] == [REFERENCE_PLACEHOLDER]
        else:
            assert question["type"] == "behavioral" and note["what_good_looks_like"]
    assert {n["kind"] for n in notes} == {"past", "situational", "technical"}
    written = yaml.safe_load(body["yaml"])
    assert [q["id"] for q in written["questions"]] == [q["id"] for q in questions]
    assert _draft(api, job_id, n=2, role="Data scientist").json()["role"] == "Data scientist"
    assert api.get(f"/jobs/{job_id}/question-sets").json() == []  # nothing stored


def test_a_draft_becomes_a_set_once_its_placeholders_are_replaced(org: Org) -> None:
    api = org.client()
    job_id = _job(org, example_jd())
    body = _draft(api, job_id, n=4).json()
    create = {k: body[k] for k in ("name", "role", "questions")}
    refused = api.post(f"/jobs/{job_id}/question-sets", json=create)
    assert refused.status_code == 422
    technical = next(q for q in body["questions"] if q["type"] == "technical")
    position = body["questions"].index(technical)
    error = refused.json()["error"]
    assert f"field questions[{position}].reference_points" in error
    assert technical["id"] in error and "placeholder" in error
    assert api.get(f"/jobs/{job_id}/question-sets").json() == []
    for question in create["questions"]:
        if question["type"] == "technical":
            question["reference_points"] = POINTS.splitlines()
    made = api.post(f"/jobs/{job_id}/question-sets", json=create)
    assert made.status_code == 201, made.text
    stored = api.get(f"/question-sets/{made.json()['id']}").json()
    assert [q["text"] for q in stored["questions"]] == [q["text"] for q in body["questions"]]
    assert stored["questions"][position]["reference_points"] == POINTS.splitlines()


@pytest.mark.parametrize(
    ("description", "body", "message"),
    [
        ("", {}, "the job has no description"),
        ("We want a great engineer who writes tidy code.", {}, "has no requirements"),
        (example_jd(), {"n": 0}, "field body.n"),
        (example_jd(), {"n": 31}, "field body.n"),
        (example_jd(), {"n": 2, "extra": 1}, "field body.extra"),
        (example_jd(), {"role": "r" * 301}, "field body.role"),
    ],
)
def test_a_draft_is_refused_with_the_reason(
    org: Org, description: str, body: dict[str, Any], message: str
) -> None:
    response = _draft(org.client(), _job(org, description), **body)
    assert response.status_code == 422
    assert message in response.json()["error"]


class _Form(HTMLParser):
    """The fields of the form posted to ``action`` (name, value), as a browser sends them."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._open: tuple[str, str] | None = None  # a textarea or select being read
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action", "").split("#")[0] == self.action
        elif not self.inside or (not a.get("name") and tag != "option"):
            return
        elif tag == "input":
            self.fields.append((a["name"], a.get("value", "")))
        elif tag in ("textarea", "select"):
            self._open, self._text = (tag, a["name"]), ""
        elif tag == "option" and self._open and "selected" in a:
            self.fields.append((self._open[1], a["value"]))

    def handle_data(self, data: str) -> None:
        if self._open and self._open[0] == "textarea":
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif self._open and tag == self._open[0]:
            if tag == "textarea":
                self.fields.append((self._open[1], unescape(self._text).removeprefix("\n")))
            self._open = None


def form_fields(html: str, action: str) -> dict[str, list[str]]:
    """The form's fields by name, each a list in page order."""
    parser = _Form(action)
    parser.feed(html)
    out: dict[str, list[str]] = {}
    for name, value in parser.fields:
        out.setdefault(name, []).append(value)
    return out


def test_the_page_drafts_into_the_form(org: Org) -> None:
    web = signed_in(org)
    job_id = _job(org, example_jd())
    url = f"/jobs/{job_id}/question-sets/new"
    page = web.get(url).text
    assert page.index("Draft questions from the job description") < page.index("Or import")
    drafted = web.post(f"/jobs/{job_id}/question-sets/draft", {"n": "4", "role": ""})
    assert drafted.status_code == 200, drafted.text[:500]
    html = drafted.text
    expected = _draft(org.client(), job_id, n=4).json()
    fields = form_fields(html, url)
    assert fields["q_text"] == [q["text"] for q in expected["questions"]]
    assert fields["q_id"] == [q["id"] for q in expected["questions"]]
    assert fields["q_type"] == [q["type"] for q in expected["questions"]]
    assert fields["q_competency"] == [q["competency"] for q in expected["questions"]]
    technical = [q["type"] == "technical" for q in expected["questions"]]
    assert [p == REFERENCE_PLACEHOLDER for p in fields["q_points"]] == technical
    assert fields["role"] == ["ML engineer"]
    assert (
        "4 questions drafted from the job" in html and "Replace each <strong>TODO</strong>" in html
    )
    first = expected["notes"][0]
    assert f"“{first['requirement']}”" in unescape(html)
    assert first["what_good_looks_like"][0] in unescape(html)
    assert 'id="q1-about"' in html and 'aria-describedby="q1-about"' in html
    assert "Leave the question blank to drop it." in html
    assert org.client().get(f"/jobs/{job_id}/question-sets").json() == []

    # saved as drafted: refused, naming the question; the hints are still there
    n = technical.index(True)
    refused = web.post(url, fields | {"action": "create"})
    assert refused.status_code == 422
    question_id = expected["questions"][n]["id"]
    assert f"Question {n + 1} ({question_id}) still has the TODO line" in unescape(refused.text)
    assert re.search(rf'id="q{n + 1}-points"[^>]*aria-invalid="true"', refused.text)
    assert f"“{first['requirement']}”" in unescape(refused.text)
    assert org.client().get(f"/jobs/{job_id}/question-sets").json() == []

    # the TODO lines replaced, the last question blanked: saved without it
    fields = form_fields(refused.text, url)
    fields["q_points"] = [
        POINTS if t else p for t, p in zip(technical, fields["q_points"], strict=True)
    ]
    fields["q_text"][-1] = " "
    saved = web.post(url, fields | {"action": "create"})
    assert "Question set added: 3 questions." in web.follow(saved).text
    sets = org.client().get(f"/jobs/{job_id}/question-sets").json()
    stored = org.client().get(f"/question-sets/{sets[0]['id']}").json()["questions"]
    assert [q["id"] for q in stored] == fields["q_id"][:3]
    assert stored[n]["reference_points"] == POINTS.splitlines()


@pytest.mark.parametrize(
    ("description", "says"),
    [
        ("", "The job has no description"),
        ("We want a great engineer who writes tidy code.", "has no requirements"),
    ],
)
def test_a_job_without_requirements_links_to_its_edit_page(
    org: Org, description: str, says: str
) -> None:
    web = signed_in(org)
    job_id = _job(org, description)
    page = web.get(f"/jobs/{job_id}/question-sets/new").text
    assert says in page and f'href="/jobs/{job_id}/edit"' in page
    assert "question-sets/draft" not in page  # no button that would fail
    posted = web.post(f"/jobs/{job_id}/question-sets/draft", {"n": "6"})
    assert posted.status_code == 422 and says in posted.text


def test_the_page_refuses_a_bad_number(org: Org) -> None:
    web: WebClient = signed_in(org)
    job_id = _job(org, example_jd())
    web.get(f"/jobs/{job_id}/question-sets/new")
    for n in ("0", "31", "six"):
        refused = web.post(f"/jobs/{job_id}/question-sets/draft", {"n": n})
        assert refused.status_code == 422
        assert "Give a number of questions between 1 and 30." in refused.text
        assert re.search(rf'id="draft-n"[^>]*value="{n}"', refused.text)


LLM_DRAFT = {
    "question": "How would you keep the features a model is trained on identical to the "
    "features it receives when serving predictions online?",
    "reference_points": [
        "Compute features once, in one shared definition used offline and online",
        "Log the served features and compare their distributions with the training data",
        "Use point-in-time correct joins so training never sees future values",
    ],
}


def test_a_server_drafting_with_a_model_fills_the_technical_questions(
    shared_db: str, start_server: Callable[..., LiveServer]
) -> None:
    """The model's questions and points come back marked; a question it fails keeps its TODO."""
    model = FakeServer()
    try:
        second = {**LLM_DRAFT, "question": "Explain how you would roll out a retrained model "
                  "safely and what you would monitor after the release."}  # fmt: skip
        model.push(Scripted(content=json.dumps(LLM_DRAFT)), Scripted(content=json.dumps(second)))
        model.push(Scripted(content="not json"), Scripted(content=json.dumps(LLM_DRAFT)))
        options = {"base_url": model.url, "model": "scripted", "max_retries": 0}
        live = start_server(
            settings_for(shared_db, worker=False, draft_with_llm=True, llm_options=options)
        )
        org = new_org(live)
        job_id = _job(org, example_jd())
        body = _draft(org.client(), job_id, n=6).json()
        technical = [q for q in body["questions"] if q["type"] == "technical"]
        assert [q["text"] for q in technical] == [LLM_DRAFT["question"], second["question"]]
        assert technical[0]["reference_points"] == LLM_DRAFT["reference_points"]
        notes = [n for n in body["notes"] if n["kind"] == "technical"]
        assert [n["drafted_by"] for n in notes] == ["scripted", "scripted"]
        assert body["problems"] == [] and "drafted by scripted" in body["yaml"]
        assert model.requests[0]["response_format"]["json_schema"]["schema"]["required"] == [
            "question",
            "reference_points",
        ]
        # The page: the first reply is refused, that question keeps its TODO and says why.
        web = signed_in(org)
        web.get(f"/jobs/{job_id}/question-sets/new")
        page = web.post(f"/jobs/{job_id}/question-sets/draft", {"n": "6", "role": ""})
        assert page.status_code == 200
        text = unescape(page.text)
        assert "not drafted (the reply is not JSON" in text
        assert text.count(REFERENCE_PLACEHOLDER) == 1
        assert "Question and points drafted by the model scripted: check them." in text
    finally:
        model.close()


def test_a_dead_model_leaves_the_offline_draft_and_says_so(
    shared_db: str, start_server: Callable[..., LiveServer]
) -> None:
    options = {"base_url": "http://127.0.0.1:9/v1", "model": "m", "max_retries": 0}
    live = start_server(
        settings_for(shared_db, worker=False, draft_with_llm=True, llm_options=options)
    )
    org = new_org(live)
    job_id = _job(org, example_jd())
    response = _draft(org.client(), job_id, n=6)
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["problems"]) == 2
    assert all("kept the offline question" in p for p in body["problems"])
    technical = [q for q in body["questions"] if q["type"] == "technical"]
    assert all(q["reference_points"] == [REFERENCE_PLACEHOLDER] for q in technical)


def test_bad_model_options_of_the_server_are_one_line() -> None:
    from panelist.errors import InputError
    from panelist.server.config import ServerSettings
    from panelist.server.services.drafting import llm_client

    settings = ServerSettings(
        database_url="sqlite://", draft_with_llm=True, llm_options={"colour": "red"}
    )
    with pytest.raises(InputError, match=r"^PANELIST_SERVER_LLM_OPTIONS: colour: Extra inputs"):
        llm_client(settings)
    assert llm_client(ServerSettings(database_url="sqlite://")) is None
