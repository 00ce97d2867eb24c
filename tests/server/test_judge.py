"""The default engine (the judge) behind the server: a submitted interview and a score."""

from __future__ import annotations

from typing import Any

from panelist.loaders import example_path, load_interview
from panelist.server.config import ServerSettings
from tests.server.conftest import Databases, new_org, setup_interview, wait_status


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
