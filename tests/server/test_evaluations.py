"""Answers and evaluations are written once: re-scoring adds rows; failures are recorded."""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from panelist.engines.base import Engine, EvaluationRequest
from panelist.engines.registry import get_registry
from panelist.errors import EngineError
from panelist.models import Evaluation
from panelist.server.tables import Answer, EvaluationJob, EvaluationRow, ReportRow
from tests.server.conftest import (
    Databases,
    Org,
    new_org,
    settings_for,
    setup_interview,
    wait_status,
)


def _rows(url: str, interview_id: str) -> dict[str, Any]:
    engine = create_engine(url)
    with Session(engine) as session:
        answers = session.scalars(select(Answer).where(Answer.interview_id == interview_id)).all()
        evaluations = session.scalars(
            select(EvaluationRow)
            .join(Answer, Answer.id == EvaluationRow.answer_id)
            .where(Answer.interview_id == interview_id)
        ).all()
        reports = session.scalar(
            select(func.count())
            .select_from(ReportRow)
            .where(ReportRow.interview_id == interview_id)
        )
        out = {
            "answers": {a.id: (a.question_id, a.text, a.created_at) for a in answers},
            "evaluations": {
                e.id: (e.answer_id, e.score, e.result, e.created_at, e.evaluation_job_id)
                for e in evaluations
            },
            "reports": reports,
        }
    engine.dispose()
    return out


def test_rescore_adds_evaluations_and_keeps_the_old(org: Org) -> None:
    client = org.client()
    invitation = setup_interview(client)
    answers = {
        q["id"]: f"In my last role I owned {q['id']} end to end." for q in invitation.questions
    }
    org.server.client().post(f"/invite/{invitation.token}/submit", json={"answers": answers})
    wait_status(client, invitation.interview_id, "evaluated")
    url = org.server.settings.database_url
    before = _rows(url, invitation.interview_id)
    assert len(before["evaluations"]) == len(answers) and before["reports"] == 1

    queued = client.post(f"/interviews/{invitation.interview_id}/rescore")
    assert queued.status_code == 202, queued.text
    wait_status(client, invitation.interview_id, "evaluated")
    wait = client.get(f"/interviews/{invitation.interview_id}").json()
    assert wait["progress"]["evaluation"] == "done"
    after = _rows(url, invitation.interview_id)

    assert after["answers"] == before["answers"]
    assert len(after["evaluations"]) == 2 * len(answers)
    for key, value in before["evaluations"].items():
        assert after["evaluations"][key] == value  # untouched
    assert after["reports"] == 2
    audit = client.get(f"/interviews/{invitation.interview_id}/evaluations").json()
    assert len(audit) == 2 * len(answers)
    assert {e["engine"] for e in audit} == {"rubric"}
    assert all(e["engine_version"] and "engine_options" in e["settings"] for e in audit)
    assert len({e["evaluation_job_id"] for e in audit}) == 2


def test_rescore_before_submit_or_twice_is_409(org: Org) -> None:
    client = org.client()
    invitation = setup_interview(client)
    assert client.post(f"/interviews/{invitation.interview_id}/rescore").status_code == 409
    assert client.get(f"/interviews/{invitation.interview_id}/report").status_code == 409


class FailingEngine(Engine):
    """Fails every answer (a model server that is down)."""

    name: ClassVar[str] = "test-failing"
    version: ClassVar[str] = "0"

    def evaluate(self, request: EvaluationRequest) -> Evaluation:
        raise EngineError("the model server is down")


def test_failing_evaluation_is_recorded_after_every_try(
    databases: Databases, start_server: Any
) -> None:
    get_registry().register(FailingEngine)
    # a database of its own: the shared server's worker would evaluate the job otherwise
    live = start_server(settings_for(databases.new(), engine="test-failing", max_attempts=2))
    org = new_org(live)
    client = org.client()
    invitation = setup_interview(client)
    live.client().post(f"/invite/{invitation.token}/submit", json={"answers": {}})
    state = wait_status(client, invitation.interview_id, "failed")
    assert state["progress"]["evaluation"] == "failed"
    assert state["progress"]["attempts"] == 2
    assert "the model server is down" in state["progress"]["error"]
    rows = _rows(live.settings.database_url, invitation.interview_id)
    assert len(rows["answers"]) == len(invitation.questions)  # nothing lost
    assert rows["evaluations"] == {} and rows["reports"] == 0
    engine = create_engine(live.settings.database_url)
    with Session(engine) as session:
        jobs = session.scalars(
            select(EvaluationJob).where(EvaluationJob.interview_id == invitation.interview_id)
        ).all()
    engine.dispose()
    assert [(j.status, j.attempts) for j in jobs] == [("failed", 2)]
