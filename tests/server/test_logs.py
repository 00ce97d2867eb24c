"""Logs name routes and ids, never answers, passwords or tokens."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.server.conftest import (
    PASSWORD,
    Databases,
    new_org,
    settings_for,
    setup_interview,
    wait_status,
)


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def logged() -> Iterator[Collect]:
    handler = Collect()
    loggers = [logging.getLogger(n) for n in ("panelist", "uvicorn", "sqlalchemy", "alembic")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
    loggers[0].setLevel(logging.INFO)
    yield handler
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_no_secret_or_answer_in_logs(
    databases: Databases, start_server: Any, logged: Collect
) -> None:
    live = start_server(settings_for(databases.new()))
    org = new_org(live)
    api_token = org.token()
    client = live.client(api_token)
    invitation = setup_interview(client)
    candidate = live.client()
    answer = "UNIQUE-ANSWER-TEXT I migrated the billing service."
    qid = invitation.questions[0]["id"]
    candidate.put(f"/invite/{invitation.token}/drafts/{qid}", json={"text": answer})
    candidate.get(f"/invite/{invitation.token}/nope")
    candidate.post(f"/invite/{invitation.token}/submit")
    wait_status(client, invitation.interview_id, "evaluated")
    text = "\n".join(logged.lines)
    assert "PUT /api/v1/invite/{token}/drafts/{question_id} 200" in text
    assert "POST /api/v1/auth/token 201" in text
    assert f"evaluating interview {invitation.interview_id}" in text and "try 1)" in text
    for secret in (PASSWORD, api_token, invitation.token, "UNIQUE-ANSWER-TEXT"):
        assert secret not in text


def test_unexpected_errors_are_500_and_logged_by_type_only(logged: Collect) -> None:
    from panelist.server.api.middleware import AccessLog

    async def broken(scope: Any, receive: Any, send: Any) -> None:
        raise RuntimeError("UNIQUE-ANSWER-TEXT quoted by an error")

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=AccessLog(broken))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/anything")

    response = asyncio.run(call())
    assert response.status_code == 500
    assert response.json() == {"error": "internal error; see the server log"}
    text = "\n".join(logged.lines)
    assert "RuntimeError" in text and "UNIQUE-ANSWER-TEXT" not in text
