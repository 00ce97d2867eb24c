"""The default engine (the judge) behind the server: a submitted interview and a score, and a
second round of follow-up questions."""

from __future__ import annotations

from typing import Any

from panelist.loaders import example_path, load_interview
from panelist.models import Report
from panelist.server.config import ServerSettings
from panelist.server.web.report_view import asked_spans
from tests.server.conftest import Databases, new_org, setup_interview, wait_status
from tests.test_second_round import FIRST, OWN_PART, QUESTION, RESULT


def test_default_engine_evaluates_in_the_background(
    databases: Databases, start_server: Any
) -> None:
    settings = ServerSettings(
        database_url=databases.new(), secret_key="test", signin_per_minute=1000
    )
    assert settings.engine == "judge"
    live = start_server(settings)
    client = new_org(live).client()
    invitation = setup_interview(client)
    example = load_interview(example_path())
    answers = {i.question.id: i.answer for i in example.items}
    live.client().post(f"/invite/{invitation.token}/submit", json={"answers": answers})
    wait_status(client, invitation.interview_id, "evaluated")
    audit = client.get(f"/interviews/{invitation.interview_id}/evaluations").json()
    assert {e["engine"] for e in audit} == {"judge"}
    assert len(audit) == len(answers)
    scored = client.post(
        "/score", json={"id": "x", "question": example.items[0].question.text, "answer": "No idea."}
    )
    assert scored.status_code == 200 and scored.json()["engine"] == "judge"


def test_a_second_round_raises_a_we_only_answer_and_quotes_only_the_candidate(
    databases: Databases, start_server: Any
) -> None:
    """The judge behind the server: a first answer that says "we" throughout is weak on the
    candidate's own part and the result; asked about them and answered, round 2 scores higher,
    and no evidence quotes the interviewer's questions."""
    settings = ServerSettings(
        database_url=databases.new(), secret_key="test", signin_per_minute=1000
    )
    live = start_server(settings)
    client = new_org(live).client()
    job = client.post("/jobs", json={"title": "Data Engineer"}).json()
    qset = client.post(
        f"/jobs/{job['id']}/question-sets",
        json={"name": "reliability", "questions": [QUESTION.model_dump(mode="json")]},
    ).json()
    invitation = setup_interview(client, job_id=job["id"], question_set_id=qset["id"])
    candidate = live.client()
    candidate.post(f"/invite/{invitation.token}/submit", json={"answers": {QUESTION.id: FIRST}})
    wait_status(client, invitation.interview_id, "evaluated")
    url = f"/interviews/{invitation.interview_id}"
    first = client.get(f"{url}/report").json()["evaluations"][0]
    assert {"no_personal_role", "results"} <= {w["kind"] for w in first["weaknesses"]}
    assert first["follow_ups"], "follow-up questions are proposed"

    # The recruiter's own questions (the first proposal asks for a specific time instead).
    asked = [OWN_PART.question, RESULT.question]
    made = client.post(
        f"{url}/follow-ups", json={"items": [{"question_id": QUESTION.id, "questions": asked}]}
    ).json()
    ids = [f["id"] for f in made["items"][0]["follow_ups"]]
    answers = dict(zip(ids, [OWN_PART.answer, RESULT.answer], strict=True))
    sent = candidate.post(f"/follow-up/{made['token']}/submit", json={"answers": answers})
    assert sent.status_code == 202
    wait_status(client, invitation.interview_id, "evaluated")

    audit = client.get(f"{url}/evaluations").json()
    assert [(e["round"], e["engine"]) for e in audit] == [(1, "judge"), (2, "judge")]
    assert audit[0]["score"] == first["score"]  # the first evaluation is kept
    assert audit[1]["score"] > first["score"], (first["score"], audit[1]["score"])
    report = Report.model_validate(client.get(f"{url}/report").json())
    (item,) = report.interview.items
    (evaluation,) = report.evaluations
    assert evaluation.score == audit[1]["score"]
    lines = asked_spans(item)
    assert [item.full_answer[s:e] for s, e in lines] == [f"Follow-up: {q}" for q in asked]
    points = evaluation.strengths + evaluation.weaknesses + evaluation.improvement_tips
    quotes = [e for p in [*points, *evaluation.flags, *evaluation.follow_ups] for e in p.evidence]
    assert quotes, "the judge quotes the answer"
    for e in quotes:
        assert item.full_answer[e.start : e.end] == e.quote
        assert all(e.end <= s or end <= e.start for s, end in lines), e.quote
        assert "Follow-up" not in e.quote and not any(q in e.quote for q in asked)
