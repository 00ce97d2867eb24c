"""Keys never leave in error texts: the scrubber, and servers that echo the key back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from panelist.api import score_lines
from panelist.engines.hybrid import HybridEngine
from panelist.engines.llm import LLMEngine
from panelist.errors import (
    BackendError,
    InvalidModelOutputError,
    RetriesExhaustedError,
    ServerUnavailableError,
)
from panelist.secrets import REDACTED, scrub
from tests.conftest import request_for
from tests.llm.fake_server import FakeServer, Scripted
from tests.llm.test_llm_engine import ANSWER

#: A key no pattern recognises: only knowing the configured key can remove it.
KEY = "correct-horse-battery-staple-42"
ECHO = json.dumps({"error": {"message": f"Invalid key {KEY}", "request_headers": {
    "Authorization": f"Bearer {KEY}"}}})  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorization: Bearer abc.def-123", "Authorization: [redacted]"),
        ('{"authorization": "Basic dXNlcjpwYXNz"}', '{"authorization": "[redacted]"}'),
        ("sent bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl here", "sent bearer [redacted] here"),
        ("Incorrect key sk-proj-AbC123xyz789 given", f"Incorrect key {REDACTED} given"),
        ("key ghp_0123456789abcdefghij0123 and hf_abcdefghijklmnopqrstuv",
         f"key {REDACTED} and {REDACTED}"),
        ("GET /v1?api_key=0123456789abcdef&x=1", "GET /v1?api_key=[redacted]&x=1"),
        ('{"api_key": "zzzzzzzzzz", "max_tokens": 1200}', '{"api_key": "[redacted]", "max_tokens": 1200}'),
        ("token=abcdefgh password: hunter22", "token=[redacted] password: [redacted]"),
        ("session=" + "A1b2" * 10 + "== ok", "session=[redacted] ok"),
        ("http://user:pa55w0rd@proxy:8080/v1 failed", "http://[redacted]@proxy:8080/v1 failed"),
        # Ordinary error texts are left alone.
        ("Missing required key: messages", "Missing required key: messages"),
        ("HTTP 500: model llama3 not loaded", "HTTP 500: model llama3 not loaded"),
        ("max_tokens must be at most 4096", "max_tokens must be at most 4096"),
    ],
)  # fmt: skip
def test_scrub_redacts_what_looks_like_a_secret(text: str, expected: str) -> None:
    assert scrub(text) == expected
    assert scrub(expected) == expected  # scrubbing twice changes nothing


def test_scrub_redacts_the_given_secrets_whatever_they_look_like() -> None:
    assert scrub(f"echo {KEY}!", KEY) == "echo [redacted]!"
    assert scrub("url-encoded: q=ab%2Fcd%2Bef%3D", "ab/cd+ef=") == "url-encoded: q=[redacted]"
    assert scrub("an ox ran", "ox", None, "") == "an ox ran"  # too short to be a secret


def options(server: FakeServer, **extra: object) -> dict[str, object]:
    return {"base_url": server.url, "model": "m", "api_key": KEY, "backoff": 0, "max_retries": 1,
            "cache": False, "structured_output": "json_object", **extra}  # fmt: skip


def test_a_client_error_echoing_the_key_is_scrubbed(server: FakeServer) -> None:
    server.push(Scripted(status=401, body=ECHO))
    with pytest.raises(BackendError) as info:
        LLMEngine(LLMEngine.Options(**options(server))).evaluate(request_for(ANSWER))
    assert server.headers[0]["Authorization"] == f"Bearer {KEY}"
    assert KEY not in str(info.value) and KEY not in info.value.body
    assert f"Invalid key {REDACTED}" in str(info.value) and REDACTED in info.value.body


def test_server_errors_echoing_the_key_are_scrubbed_up_to_the_breaker(server: FakeServer) -> None:
    server.push(*[Scripted(status=500, body=ECHO)] * 2)
    engine = LLMEngine(LLMEngine.Options(**options(server, max_consecutive_failures=1)))
    exhausted, unavailable = engine.evaluate_many([request_for(ANSWER)] * 2, workers=1)
    assert isinstance(exhausted, RetriesExhaustedError)
    assert isinstance(unavailable, ServerUnavailableError)
    for text in (str(exhausted), str(unavailable), unavailable.cause, *engine.notes()):
        assert KEY not in text and REDACTED in text


def test_an_invalid_reply_echoing_the_key_is_scrubbed(server: FakeServer) -> None:
    server.push(*[Scripted(content=f"I cannot grade this, my key is {KEY}")] * 2)
    with pytest.raises(InvalidModelOutputError) as info:
        LLMEngine(LLMEngine.Options(**options(server))).evaluate(request_for(ANSWER))
    assert KEY not in str(info.value) and REDACTED in str(info.value)


def test_hybrid_flag_and_notes_are_scrubbed(server: FakeServer) -> None:
    server.push(Scripted(status=403, body=ECHO))
    engine = HybridEngine(HybridEngine.Options(**options(server)))
    evaluation = engine.evaluate(request_for(ANSWER))
    flag = next(f for f in evaluation.flags if f.code == "llm_failed")
    assert KEY not in evaluation.model_dump_json() and REDACTED in flag.message
    (note,) = engine.notes()
    assert KEY not in note and REDACTED in note


def test_batch_error_lines_are_scrubbed(server: FakeServer, tmp_path: Path) -> None:
    server.push(*[Scripted(status=500, body=ECHO)] * 4)
    batch = tmp_path / "batch.jsonl"
    line = {"question": "Tell me about an incident.", "answer": ANSWER}
    batch.write_text("".join(json.dumps({"id": i, **line}) + "\n" for i in (1, 2)))
    engine = LLMEngine(LLMEngine.Options(**options(server)))
    records = list(score_lines(batch, engine=engine, workers=1))
    assert [set(r) for r in records] == [{"id", "error"}] * 2
    assert KEY not in json.dumps(records) and REDACTED in records[0]["error"]
