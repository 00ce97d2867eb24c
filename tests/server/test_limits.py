"""Size limits (413 for bodies, 422 for answers and batches) and one-line JSON errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.server.conftest import LiveServer, Org, new_org, settings_for, setup_interview


@pytest.fixture
def small(shared_db: str, start_server: Any) -> LiveServer:
    """A server with small limits and no worker."""
    settings = settings_for(
        shared_db, max_request_bytes=32768, max_answer_chars=100, max_batch=2, worker=False
    )
    live: LiveServer = start_server(settings)
    return live


def test_too_large_bodies_are_413(small: LiveServer) -> None:
    client = new_org(small).client()
    declared = client.post("/jobs", json={"title": "T", "description": "x" * 40_000})
    assert declared.status_code == 413
    assert declared.json() == {"error": "request body larger than 32,768 bytes"}

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"title": "T", "description": "'
        for _ in range(40):
            yield b"y" * 1000
        yield b'"}'

    streamed = client.post("/jobs", content=chunks(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
    assert client.post("/jobs", json={"title": "fits"}).status_code == 201


def test_answers_over_the_limit_are_422(small: LiveServer) -> None:
    org = new_org(small)
    invitation = setup_interview(org.client())
    candidate = small.client()
    qid = invitation.questions[0]["id"]
    base = f"/invite/{invitation.token}"
    draft = candidate.put(f"{base}/drafts/{qid}", json={"text": "a" * 101})
    assert draft.status_code == 422
    assert draft.json()["error"] == "field text: 101 characters; the limit is 100"
    assert candidate.put(f"{base}/drafts/{qid}", json={"text": "a" * 100}).status_code == 200
    submit = candidate.post(f"{base}/submit", json={"answers": {qid: "b" * 101}})
    assert submit.status_code == 422
    assert f"answers.{qid}" in submit.json()["error"]
    scored = org.client().post("/score", json={"id": "1", "question": "Q?", "answer": "c" * 101})
    assert scored.status_code == 422
    assert "field answer" in scored.json()["error"]
    item = {"id": "1", "question": "Q?", "answer": "ok"}
    batch = org.client().post("/score/batch", json=[item, item, item])
    assert batch.status_code == 422
    assert "at most 2" in batch.json()["error"]


def test_errors_are_one_line_json_naming_the_field(org: Org) -> None:
    client = org.client()
    missing = client.post("/jobs", json={"description": "no title"})
    assert missing.status_code == 422
    assert missing.json() == {"error": "field body.title: Field required"}
    broken = client.post(
        "/jobs", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 422
    assert broken.json()["error"].startswith("invalid JSON body")
    extra = client.post("/jobs", json={"title": "T", "salary": 1})
    assert "body.salary" in extra.json()["error"]
    nowhere = client.get("/no-such-route")
    assert nowhere.status_code == 404 and set(nowhere.json()) == {"error"}
    for response in (missing, broken, extra, nowhere):
        assert "\n" not in response.json()["error"]
