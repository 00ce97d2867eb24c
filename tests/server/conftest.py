"""A real server for the tests: uvicorn on a free loopback port, SQLite and PostgreSQL.

PostgreSQL runs when ``PANELIST_TEST_POSTGRES_URL`` names a server where the user may create
databases (``scripts/start-postgres`` prints one); with ``PANELIST_REQUIRE_POSTGRES=1`` its
absence is a failure, not a skip. Each run creates its own databases and drops them.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from panelist.server.accounts import create_admin
from panelist.server.app import create_app
from panelist.server.config import ServerSettings

ROOT = Path(__file__).resolve().parents[2]
PG_ENV = "PANELIST_TEST_POSTGRES_URL"
REQUIRE_PG_ENV = "PANELIST_REQUIRE_POSTGRES"
PASSWORD = "correct horse battery staple"
EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "src" / "panelist" / "examples" / "ml-engineer"


def wait_for(check: Callable[[], Any], timeout: float = 60.0, what: str = "condition") -> Any:
    """Poll ``check`` until it returns a truthy value, failing after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


class Databases:
    """Creates databases of one kind (fresh SQLite files or PostgreSQL databases)."""

    def __init__(self, kind: str, tmp: Path, admin_url: str | None) -> None:
        self.kind = kind
        self.tmp = tmp
        self.admin_url = admin_url
        self.created: list[str] = []

    def new(self) -> str:
        """The URL of a new, empty database."""
        name = f"panelist_test_{uuid.uuid4().hex[:12]}"
        if self.kind == "sqlite":
            return f"sqlite:///{self.tmp / (name + '.db')}"
        assert self.admin_url is not None
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        self.created.append(name)
        return make_url(self.admin_url).set(database=name).render_as_string(False)

    def drop_all(self) -> None:
        """Drop the PostgreSQL databases this run made."""
        if not self.created:
            return
        admin = create_engine(str(self.admin_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def databases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Databases]:
    """Database factory, once per kind; PostgreSQL only when configured."""
    admin_url = None
    if request.param == "postgresql":
        admin_url = os.environ.get(PG_ENV)
        if not admin_url:
            if os.environ.get(REQUIRE_PG_ENV) == "1":
                pytest.fail(f"{REQUIRE_PG_ENV}=1 but {PG_ENV} is not set (scripts/start-postgres)")
            pytest.skip(f"{PG_ENV} is not set (scripts/start-postgres prints one)")
    made = Databases(request.param, tmp_path_factory.mktemp(request.param), admin_url)
    yield made
    made.drop_all()


@pytest.fixture(scope="session")
def data_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private XDG_DATA_HOME, so no test writes into the real user data folder."""
    path = tmp_path_factory.mktemp("data-home")
    old = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(path)
    yield path
    if old is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = old


def free_socket() -> socket.socket:
    """A listening socket on a free loopback port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


@dataclass
class LiveServer:
    """The app served by uvicorn in a background thread."""

    settings: ServerSettings
    url: str = ""
    app: Any = None
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None
    _clients: list[httpx.Client] = field(default_factory=list)

    def start(self) -> LiveServer:
        self.app = create_app(self.settings)
        sock = free_socket()
        host, port = sock.getsockname()
        self.url = f"http://{host}:{port}"
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        wait_for(lambda: self._server is not None and self._server.started, 30, "server start")
        return self

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = httpx.Client(base_url=self.url + "/api/v1", headers=headers, timeout=60)
        self._clients.append(client)
        return client

    def stop(self) -> None:
        for client in self._clients:
            client.close()
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(30)


def settings_for(database_url: str, **overrides: Any) -> ServerSettings:
    """Test settings: the rubric engine, generous sign-in limits, a fixed secret key."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "engine": "rubric",
        "secret_key": "test-secret",
        "signin_per_minute": 10_000,
        "poll_seconds": 0.1,
    }
    values.update(overrides)
    return ServerSettings(**values)


@pytest.fixture
def start_server(data_home: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start a server with the given settings; stopped after the test."""
    started: list[LiveServer] = []

    def start(settings: ServerSettings) -> LiveServer:
        server = LiveServer(settings).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def shared_db(databases: Databases) -> str:
    """One database per kind shared by the tests that use the shared server."""
    return databases.new()


@pytest.fixture(scope="session")
def server(shared_db: str, data_home: Path) -> Iterator[LiveServer]:
    """A server (rubric engine) shared by the tests of one database kind."""
    live = LiveServer(settings_for(shared_db)).start()
    yield live
    live.stop()


@dataclass
class Org:
    """An organisation with an admin, and helpers to get tokens for it."""

    server: LiveServer
    name: str
    email: str
    _tokens: dict[tuple[str, ...], str] = field(default_factory=dict)

    def token(self, *scopes: str, email: str | None = None) -> str:
        """A new API token with ``scopes`` (all of the admin's by default)."""
        wanted = list(scopes) or ["read", "write", "admin"]
        response = self.server.client().post(
            "/auth/token",
            json={"email": email or self.email, "password": PASSWORD, "scopes": wanted},
        )
        assert response.status_code == 201, response.text
        token: str = response.json()["token"]
        return token

    def client(self, *scopes: str) -> httpx.Client:
        """A client authorised by a token with ``scopes`` (one token per set of scopes)."""
        key = tuple(sorted(scopes))
        if key not in self._tokens:
            self._tokens[key] = self.token(*scopes)
        return self.server.client(self._tokens[key])


def new_org(server: LiveServer) -> Org:
    """A new organisation with its first admin, made as ``panelist admin create`` does."""
    name = f"Org {uuid.uuid4().hex[:8]}"
    email = f"admin-{uuid.uuid4().hex[:8]}@example.org"
    create_admin(server.settings, email, name, PASSWORD)
    return Org(server, name, email)


@pytest.fixture
def org(server: LiveServer) -> Org:
    """A fresh organisation on the shared server."""
    return new_org(server)


def example_yaml() -> str:
    """The example interview file's text."""
    return (EXAMPLE_DIR / "interview.yaml").read_text(encoding="utf-8")


def example_jd() -> str:
    """The example's job description."""
    return (EXAMPLE_DIR / "job_description.md").read_text(encoding="utf-8")


@dataclass
class Invitation:
    """An interview set up through the API: ids and the candidate's token."""

    job_id: str
    question_set_id: str
    candidate_id: str
    interview_id: str
    token: str
    questions: list[dict[str, Any]]


#: A technical question whose rubric a candidate must never see.
SECRET_QUESTION = {
    "id": "PROBE",
    "text": "What does a readiness probe decide?",
    "type": "technical",
    "reference_points": ["SECRET-POINT traffic routing"],
    "reference_answer": "SECRET-ANSWER",
    "anchors": [{"answer": "SECRET-ANCHOR", "score": 10}],
}


def setup_secret_interview(client: httpx.Client) -> Invitation:
    """An interview on :data:`SECRET_QUESTION` alone."""
    job = client.post("/jobs", json={"title": "SRE", "description": "Run services."}).json()
    qset = client.post(
        f"/jobs/{job['id']}/question-sets",
        json={"name": "tech", "questions": [SECRET_QUESTION]},
    ).json()
    return setup_interview(client, job_id=job["id"], question_set_id=qset["id"])


def setup_interview(
    client: httpx.Client,
    *,
    job_id: str | None = None,
    question_set_id: str | None = None,
    candidate: str = "Ada Candidate",
    practice_feedback: bool = False,
) -> Invitation:
    """Job (from the example), imported question set, candidate and invitation."""
    if job_id is None:
        job = client.post("/jobs", json={"title": "ML engineer", "description": example_jd()})
        assert job.status_code == 201, job.text
        job_id = job.json()["id"]
    if question_set_id is None:
        imported = client.post(
            f"/jobs/{job_id}/question-sets/import",
            content=example_yaml().encode(),
            headers={"Content-Type": "application/yaml"},
        )
        assert imported.status_code == 201, imported.text
        question_set_id = imported.json()["id"]
    qset = client.get(f"/question-sets/{question_set_id}").json()
    person = client.post("/candidates", json={"name": candidate, "email": "c@example.org"})
    assert person.status_code == 201, person.text
    invited = client.post(
        "/interviews",
        json={
            "question_set_id": question_set_id,
            "candidate_id": person.json()["id"],
            "practice_feedback": practice_feedback,
        },
    )
    assert invited.status_code == 201, invited.text
    body = invited.json()
    return Invitation(
        job_id, question_set_id, person.json()["id"], body["id"], body["token"], qset["questions"]
    )


def expire(org: Org, interview_id: str) -> None:
    """Make an interview's invitation expire a second ago, straight in the database."""
    from datetime import timedelta

    from sqlalchemy import update

    from panelist.server.tables import InterviewRow, now

    engine = create_engine(org.server.settings.database_url)
    with engine.begin() as connection:
        connection.execute(
            update(InterviewRow)
            .where(InterviewRow.id == interview_id)
            .values(expires_at=now() - timedelta(seconds=1))
        )
    engine.dispose()


def wait_status(
    client: httpx.Client, interview_id: str, *statuses: str, timeout: float = 120
) -> Any:
    """Poll an interview until its status is one of ``statuses``; its last state."""

    def reached() -> Any:
        body = client.get(f"/interviews/{interview_id}").json()
        return body if body["status"] in statuses else None

    return wait_for(reached, timeout, f"interview {interview_id} to be {'/'.join(statuses)}")


@dataclass
class Round:
    """A submitted interview with a round of follow-up questions: its link's token."""

    invitation: Invitation
    token: str
    follow_up_id: str


def setup_round(server: LiveServer, client: httpx.Client, invitation: Invitation) -> Round:
    """Another interview on ``invitation``'s question set, submitted, with a round of one
    follow-up question on its first question."""
    other = setup_interview(
        client,
        job_id=invitation.job_id,
        question_set_id=invitation.question_set_id,
        candidate="Round Candidate",
    )
    submitted = server.client().post(f"/invite/{other.token}/submit", json={"answers": {}})
    assert submitted.status_code == 202, submitted.text
    made = client.post(
        f"/interviews/{other.interview_id}/follow-ups",
        json={"items": [{"question_id": other.questions[0]["id"], "questions": ["Why?"]}]},
    )
    assert made.status_code == 201, made.text
    body = made.json()
    return Round(other, body["token"], body["items"][0]["follow_ups"][0]["id"])
