"""A server killed (SIGKILL) while evaluating loses no answer and finishes after a restart.

The server runs as ``python -m panelist.server serve`` in a subprocess, with a slow plugin
engine, so the kill lands mid-evaluation; its first admin comes from ``admin create``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from panelist.server.tables import Answer, EvaluationJob, EvaluationRow, ReportRow
from tests.server.conftest import PASSWORD, Databases, setup_interview, wait_for

PLUGIN = Path(__file__).resolve().parent / "plugin" / "panelist_test_slow.py"


def plugin_path(tmp: Path) -> Path:
    """A folder that makes the slow engine an installed plugin for a subprocess."""
    folder = tmp / "plugin"
    dist = folder / "panelist_test_slow-1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: panelist-test-slow\nVersion: 1\n")
    (dist / "entry_points.txt").write_text(
        "[panelist.engines]\ntest-slow = panelist_test_slow:register\n"
    )
    (folder / "panelist_test_slow.py").write_text(PLUGIN.read_text())
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Subprocess:
    """``python -m panelist.server serve`` with an environment and a log file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "panelist.server", "serve", "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

        def up() -> bool:
            assert self.proc is not None and self.proc.poll() is None, self.log.read_text()
            try:
                return httpx.get(self.api.replace("/api/v1", "/openapi.json")).status_code == 200
            except httpx.TransportError:
                return False

        wait_for(up, 60, "the server to start")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture
def served(databases: Databases, tmp_path: Path) -> Iterator[Subprocess]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(plugin_path(tmp_path)), os.environ.get("PYTHONPATH", "")]
        ),
        "PANELIST_DATABASE_URL": databases.new(),
        "PANELIST_SERVER_ENGINE": "test-slow",
        "PANELIST_SERVER_POLL_SECONDS": "0.1",
        "PANELIST_TEST_SLOW_SECONDS": "0.5",
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    server = Subprocess(env, tmp_path / "server.log")
    yield server
    server.stop()


def _stored(url: str, interview_id: str) -> dict[str, Any]:
    engine = create_engine(url)
    with Session(engine) as session:
        answers = session.scalars(select(Answer).where(Answer.interview_id == interview_id))
        jobs = session.scalars(
            select(EvaluationJob).where(EvaluationJob.interview_id == interview_id)
        ).all()
        evaluations = session.scalars(
            select(EvaluationRow).join(Answer).where(Answer.interview_id == interview_id)
        ).all()
        reports = session.scalars(
            select(ReportRow).where(ReportRow.interview_id == interview_id)
        ).all()
        out = {
            "answers": {a.question_id: a.text for a in answers},
            "jobs": [(j.status, j.attempts) for j in jobs],
            "evaluations": len(evaluations),
            "reports": len(reports),
        }
    engine.dispose()
    return out


def _admin_token(served: Subprocess) -> str:
    """``admin create`` in the server's environment, then a token of that admin (the server
    started in between)."""
    created = subprocess.run(
        [
            sys.executable,
            "-m",
            "panelist.server",
            "admin",
            "create",
            "--email",
            "boss@example.org",
            "--organisation",
            "Acme",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=served.env,
        timeout=120,
    )
    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == "created admin boss@example.org in organisation Acme"
    served.start()
    signed = httpx.post(
        served.api + "/auth/token", json={"email": "boss@example.org", "password": PASSWORD}
    )
    token: str = signed.json()["token"]
    return token


def test_killed_mid_evaluation_resumes_and_loses_nothing(served: Subprocess) -> None:
    token = _admin_token(served)
    anonymous = httpx.Client(base_url=served.api, timeout=60)
    client = httpx.Client(base_url=served.api, headers={"Authorization": f"Bearer {token}"})
    invitation = setup_interview(client)
    answers = {q["id"]: f"My answer to {q['id']}, written with care." for q in invitation.questions}
    submitted = anonymous.post(f"/invite/{invitation.token}/submit", json={"answers": answers})
    assert submitted.status_code == 202

    def mid_evaluation() -> bool:
        state = client.get(f"/interviews/{invitation.interview_id}").json()
        return bool(state["status"] == "evaluating" and state["progress"]["evaluated"] >= 2)

    wait_for(mid_evaluation, 60, "the evaluation to be under way")
    served.kill()
    url = served.env["PANELIST_DATABASE_URL"]
    left = _stored(url, invitation.interview_id)
    assert left["answers"] == answers  # submitted answers survive the kill
    assert left["jobs"] == [("running", 1)] and left["evaluations"] == 0

    served.env["PANELIST_TEST_SLOW_SECONDS"] = "0"
    served.start()
    client = httpx.Client(base_url=served.api, headers={"Authorization": f"Bearer {token}"})
    wait_for(
        lambda: (
            client.get(f"/interviews/{invitation.interview_id}").json()["status"] == "evaluated"
        ),
        60,
        "the resumed evaluation",
    )
    done = _stored(url, invitation.interview_id)
    assert done["answers"] == answers
    assert done["jobs"] == [("done", 2)]
    assert done["evaluations"] == len(answers) and done["reports"] == 1
    report = client.get(f"/interviews/{invitation.interview_id}/report").json()
    assert {i["question"]["id"]: i["answer"] for i in report["interview"]["items"]} == answers
    assert "resumed 1 evaluation job" in served.log.read_text()


def test_killed_while_evaluating_follow_up_answers_loses_nothing(served: Subprocess) -> None:
    served.env["PANELIST_TEST_SLOW_SECONDS"] = "0.3"
    token = _admin_token(served)
    anonymous = httpx.Client(base_url=served.api, timeout=60)
    client = httpx.Client(base_url=served.api, headers={"Authorization": f"Bearer {token}"})
    job = client.post("/jobs", json={"title": "SRE"}).json()
    questions = [{"id": f"Q{n}", "text": f"Question {n}?"} for n in range(1, 4)]
    qset = client.post(
        f"/jobs/{job['id']}/question-sets", json={"name": "n", "questions": questions}
    ).json()
    invitation = setup_interview(client, job_id=job["id"], question_set_id=qset["id"])
    answers = {q["id"]: f"First answer to {q['id']}." for q in questions}
    anonymous.post(f"/invite/{invitation.token}/submit", json={"answers": answers})
    url = f"/interviews/{invitation.interview_id}"
    wait_for(lambda: client.get(url).json()["status"] == "evaluated", 60, "the first round")
    items = [{"question_id": q["id"], "questions": [f"And then, on {q['id']}?"]} for q in questions]
    made = client.post(f"{url}/follow-ups", json={"items": items}).json()
    given = {
        f["id"]: f"Then I measured it, on {i['question_id']}, for two weeks."
        for i in made["items"]
        for f in i["follow_ups"]
    }
    sent = anonymous.post(f"/follow-up/{made['token']}/submit", json={"answers": given})
    assert sent.status_code == 202

    def mid_evaluation() -> bool:
        state = client.get(url).json()
        return bool(state["status"] == "evaluating" and state["progress"]["evaluated"] >= 1)

    wait_for(mid_evaluation, 60, "the follow-up answers' evaluation to be under way")
    served.kill()
    database = served.env["PANELIST_DATABASE_URL"]
    left = _stored(database, invitation.interview_id)
    assert sorted(left["jobs"]) == [("done", 1), ("running", 1)]
    assert left["evaluations"] == 3 and left["reports"] == 1  # the first round's only

    served.env["PANELIST_TEST_SLOW_SECONDS"] = "0"
    served.start()
    client = httpx.Client(base_url=served.api, headers={"Authorization": f"Bearer {token}"})
    wait_for(lambda: client.get(url).json()["status"] == "evaluated", 60, "the resumed round")
    done = _stored(database, invitation.interview_id)
    assert done["answers"] == answers
    assert sorted(done["jobs"]) == [("done", 1), ("done", 2)]
    assert done["evaluations"] == 6 and done["reports"] == 2
    rounds = client.get(url).json()["rounds"]
    assert [f["answer"] for i in rounds[0]["items"] for f in i["follow_ups"]] == list(
        given.values()
    )
    audit = client.get(f"{url}/evaluations").json()
    assert [e["round"] for e in audit] == [1, 1, 1, 2, 2, 2]
    report = client.get(f"{url}/report").json()
    assert all(len(i["follow_ups"]) == 1 for i in report["interview"]["items"])
