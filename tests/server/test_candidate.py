"""The candidate's side: one token, one interview; drafts until one submit; expiry;
nothing of the rubric shown; the report only for practice interviews."""

from __future__ import annotations

from typing import Any

from tests.server.conftest import (
    Org,
    expire,
    new_org,
    settings_for,
    setup_interview,
    setup_secret_interview,
    wait_status,
)


def test_token_reaches_its_interview_only(org: Org) -> None:
    client = org.client()
    first = setup_interview(client, candidate="First")
    second = setup_interview(
        client, job_id=first.job_id, question_set_id=first.question_set_id, candidate="Second"
    )
    candidate = org.server.client()
    qid = first.questions[0]["id"]
    candidate.put(f"/invite/{first.token}/drafts/{qid}", json={"text": "mine"})
    assert candidate.get(f"/invite/{second.token}").json()["drafts"] == {}
    assert candidate.get(f"/invite/{first.token}").json()["drafts"] == {qid: "mine"}
    other = client.post(
        f"/jobs/{first.job_id}/question-sets",
        json={"name": "x", "questions": [{"id": "ZZ", "text": "?"}]},
    )
    assert other.status_code == 201
    refused = candidate.put(f"/invite/{first.token}/drafts/ZZ", json={"text": "x"})
    assert refused.status_code == 404
    wrong = candidate.post(f"/invite/{first.token}/submit", json={"answers": {"ZZ": "x"}})
    assert wrong.status_code == 422 and "answers.ZZ" in wrong.json()["error"]


def test_candidate_never_sees_the_rubric(org: Org) -> None:
    client = org.client()
    invitation = setup_secret_interview(client)
    view = org.server.client().get(f"/invite/{invitation.token}")
    assert view.status_code == 200
    assert "SECRET" not in view.text
    assert view.json()["questions"][0]["text"] == "What does a readiness probe decide?"
    assert "score" not in view.text


def test_drafts_overwrite_until_one_submit(org: Org) -> None:
    client = org.client()
    invitation = setup_interview(client)
    candidate = org.server.client()
    base = f"/invite/{invitation.token}"
    ids = [q["id"] for q in invitation.questions]
    candidate.put(f"{base}/drafts/{ids[0]}", json={"text": "first words"})
    candidate.put(f"{base}/drafts/{ids[0]}", json={"text": "final words"})
    given = {ids[1]: "from the body"}
    response = candidate.post(f"{base}/submit", json={"answers": given})
    assert response.status_code == 202
    again = candidate.post(f"{base}/submit", json={"answers": given})
    assert again.status_code == 409
    assert candidate.put(f"{base}/drafts/{ids[0]}", json={"text": "late"}).status_code == 409
    wait_status(client, invitation.interview_id, "evaluated")
    report = client.get(f"/interviews/{invitation.interview_id}/report").json()
    answers = {i["question"]["id"]: i["answer"] for i in report["interview"]["items"]}
    assert answers[ids[0]] == "final words"
    assert answers[ids[1]] == "from the body"
    assert answers[ids[2]] == ""  # unanswered questions are stored as empty answers
    assert candidate.get(f"/invite/{invitation.token}/report").status_code == 403


def test_expired_token_is_refused(org: Org) -> None:
    client = org.client()
    invitation = setup_interview(client)
    candidate = org.server.client()
    assert candidate.get(f"/invite/{invitation.token}").status_code == 200
    expire(org, invitation.interview_id)
    for response in (
        candidate.get(f"/invite/{invitation.token}"),
        candidate.put(
            f"/invite/{invitation.token}/drafts/{invitation.questions[0]['id']}",
            json={"text": "x"},
        ),
        candidate.post(f"/invite/{invitation.token}/submit"),
    ):
        assert response.status_code == 410, response.text
        assert "expired" in response.json()["error"]


def test_practice_feedback_shows_the_report(org: Org) -> None:
    client = org.client()
    invitation = setup_interview(client, practice_feedback=True)
    candidate = org.server.client()
    base = f"/invite/{invitation.token}"
    assert candidate.get(f"{base}/report").status_code == 409  # nothing submitted yet
    answers = {
        q["id"]: "I led the migration and measured a 20% gain." for q in invitation.questions
    }
    assert candidate.post(f"{base}/submit", json={"answers": answers}).status_code == 202
    wait_status(client, invitation.interview_id, "evaluated")
    text = candidate.get(f"{base}/report", params={"format": "text"})
    assert text.status_code == 200
    assert (
        text.text
        == client.get(
            f"/interviews/{invitation.interview_id}/report", params={"format": "text"}
        ).text
    )
    assert candidate.get(base).json()["status"] == "evaluated"


def test_candidate_endpoints_are_rate_limited(shared_db: str, start_server: Any) -> None:
    live = start_server(settings_for(shared_db, candidate_per_minute=3, worker=False))
    org = new_org(live)
    invitation = setup_interview(org.client())
    candidate = live.client()
    codes = [candidate.get(f"/invite/{invitation.token}").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
