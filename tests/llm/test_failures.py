"""A server that is down, dying or redirecting: the breaker, hybrid fallbacks, where the key goes."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import httpx
import pytest

from panelist.engines.base import EvaluationRequest
from panelist.engines.hybrid import HybridEngine
from panelist.engines.llm import LLMEngine
from panelist.errors import (
    BackendError,
    InsecureKeyWarning,
    PanelistError,
    RetriesExhaustedError,
    ServerUnavailableError,
)
from panelist.llm.client import ChatClient
from panelist.models import Evaluation
from tests.conftest import request_for
from tests.llm.fake_server import (
    CountingTransport,
    DroppingServer,
    FakeServer,
    Scripted,
    closed_port_url,
)
from tests.llm.test_llm_engine import ANSWER, reply

FAST = {"model": "m", "backoff": 0, "timeout": 2.0, "cache": False,
        "structured_output": "json_object"}  # fmt: skip


@pytest.fixture
def dropping() -> Iterator[DroppingServer]:
    fake = DroppingServer()
    yield fake
    fake.close()


def llm(base_url: str, **options: object) -> tuple[LLMEngine, CountingTransport]:
    """An LLM engine whose HTTP attempts are counted."""
    engine = LLMEngine(LLMEngine.Options(**{**FAST, "base_url": base_url, **options}))
    transport = CountingTransport()
    engine.client = ChatClient(engine.config, transport=transport)
    return engine, transport


def hybrid(base_url: str, **options: object) -> tuple[HybridEngine, CountingTransport]:
    engine = HybridEngine(HybridEngine.Options(**{**FAST, "base_url": base_url, **options}))
    transport = CountingTransport()
    engine.llm.client = ChatClient(engine.llm.config, transport=transport)
    return engine, transport


def answers(n: int) -> list[EvaluationRequest]:
    return [request_for(f"{ANSWER} Answer number {i}.") for i in range(n)]


def scored(results: list[Evaluation | PanelistError]) -> list[Evaluation]:
    """``results``, which must all be evaluations."""
    assert kinds(results) == ["Evaluation"] * len(results)
    return [r for r in results if isinstance(r, Evaluation)]


def kinds(results: list[Evaluation | PanelistError]) -> list[str]:
    return [type(r).__name__ for r in results]


def test_the_breaker_stops_calling_a_server_that_refuses_connections() -> None:
    url = closed_port_url()
    engine, transport = llm(url, max_retries=1)
    results = list(engine.evaluate_many(answers(6), workers=1))
    assert kinds(results) == ["RetriesExhaustedError"] * 3 + ["ServerUnavailableError"] * 3
    assert transport.calls == 3 * 2  # three requests of two attempts each, then none
    assert str(results[3]) == (
        f"LLM server {url} unreachable after 3 consecutive failures (connection refused); "
        "remaining answers not scored"
    )
    assert engine.notes() == [
        f"LLM server {url} unreachable after 3 consecutive failures (connection refused); "
        "the answers after that were not sent to it"
    ]
    assert engine.degraded() == 0


def test_the_failure_limit_is_an_option_and_zero_never_gives_up() -> None:
    engine, transport = llm(closed_port_url(), max_retries=0, max_consecutive_failures=1)
    results = list(engine.evaluate_many(answers(3), workers=1))
    assert kinds(results) == ["RetriesExhaustedError"] + ["ServerUnavailableError"] * 2
    assert transport.calls == 1
    engine, transport = llm(closed_port_url(), max_retries=0, max_consecutive_failures=0)
    results = list(engine.evaluate_many(answers(5), workers=1))
    assert kinds(results) == ["RetriesExhaustedError"] * 5 and transport.calls == 5
    assert engine.notes() == []


def test_the_failure_limit_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from panelist.settings import get_settings

    monkeypatch.setenv("PANELIST_LLM_MAX_CONSECUTIVE_FAILURES", "7")
    get_settings.cache_clear()
    try:
        engine, _ = llm(closed_port_url())
        assert engine.config.max_consecutive_failures == 7
        assert engine.client.breaker.limit == 7
    finally:
        get_settings.cache_clear()


def test_the_breaker_holds_under_threads(dropping: DroppingServer) -> None:
    engine, _ = llm(dropping.url, max_retries=1, concurrency=4)
    results = list(engine.evaluate_many(answers(40), workers=4))
    assert all(isinstance(r, RetriesExhaustedError | ServerUnavailableError) for r in results)
    assert sum(isinstance(r, RetriesExhaustedError) for r in results) <= 3 + 3
    assert sum(isinstance(r, ServerUnavailableError) for r in results) >= 40 - 6
    # At most the three failures that open it and three requests in flight, two attempts each.
    assert 3 * 2 <= dropping.accepted <= (3 + 3) * 2
    seen = dropping.accepted
    more = list(engine.evaluate_many(answers(8), workers=4))
    assert kinds(more) == ["ServerUnavailableError"] * 8
    assert dropping.accepted == seen
    cut_off = r"\((server disconnected without sending a response|connection reset by peer)\)"
    assert re.search(cut_off, str(more[0]))


def test_repeated_5xx_after_retries_count_as_failures(server: FakeServer) -> None:
    # The fake server answers 500 once its script is used up: a dead backend behind a proxy.
    engine, _ = llm(server.url, max_retries=1, max_consecutive_failures=2)
    results = list(engine.evaluate_many(answers(5), workers=1))
    assert kinds(results) == ["RetriesExhaustedError"] * 2 + ["ServerUnavailableError"] * 3
    assert len(server.requests) == 2 * 2
    assert "(HTTP 500: no script)" in str(results[2])


def test_client_errors_do_not_count(server: FakeServer) -> None:
    server.push(*[Scripted(status=401, body='{"error": "bad key"}')] * 5)
    engine, _ = llm(server.url, max_retries=1, max_consecutive_failures=2)
    results = list(engine.evaluate_many(answers(5), workers=1))
    assert kinds(results) == ["BackendError"] * 5
    assert len(server.requests) == 5


def test_a_success_resets_the_count(server: FakeServer) -> None:
    server.push(Scripted(status=503, body="busy"), Scripted(content=reply(70)),
                Scripted(status=503, body="busy"), Scripted(status=502, body="bad gateway"))  # fmt: skip
    engine, _ = llm(server.url, max_retries=0, max_consecutive_failures=2)
    results = list(engine.evaluate_many(answers(5), workers=1))
    assert kinds(results) == ["RetriesExhaustedError", "Evaluation", "RetriesExhaustedError",
                              "RetriesExhaustedError", "ServerUnavailableError"]  # fmt: skip
    assert len(server.requests) == 4
    assert "(HTTP 502: bad gateway)" in str(results[4])


def test_a_server_that_never_replies_opens_the_breaker(server: FakeServer) -> None:
    server.push(*[Scripted(content=reply(), delay=0.3)] * 2)
    engine, _ = llm(server.url, max_retries=0, timeout=0.1, max_consecutive_failures=2)
    results = list(engine.evaluate_many(answers(4), workers=1))
    assert kinds(results) == ["RetriesExhaustedError"] * 2 + ["ServerUnavailableError"] * 2
    assert "timed out after 0.1s" in str(results[1])
    assert "(no reply within 0.1s)" in str(results[3])
    assert len(server.requests) == 2


class _ConnectTimeouts(httpx.BaseTransport):
    """A transport whose every connection attempt times out (a host dropping SYNs)."""

    calls = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        raise httpx.ConnectTimeout("timed out", request=request)


def test_connect_timeouts_count_as_failures() -> None:
    engine, _ = llm(closed_port_url(), max_retries=1, max_consecutive_failures=2)
    transport = _ConnectTimeouts()
    engine.client = ChatClient(engine.config, transport=transport)
    results = list(engine.evaluate_many(answers(4), workers=1))
    assert kinds(results) == ["RetriesExhaustedError"] * 2 + ["ServerUnavailableError"] * 2
    assert transport.calls == 4
    assert "(connect timed out after 2s)" in str(results[2])


def test_hybrid_falls_back_at_once_and_says_how_often() -> None:
    url = closed_port_url()
    engine, transport = hybrid(url, max_retries=1)
    requests = answers(8)
    results = scored(list(engine.evaluate_many(requests, workers=1)))
    assert transport.calls == 3 * 2
    for result, request in zip(results, requests, strict=True):
        assert "llm_failed" in {f.code for f in result.flags}
        assert result.score == engine.rubric.evaluate(request).score
    last = next(f for f in results[-1].flags if f.code == "llm_failed")
    cause = f"{url} unreachable after 3 consecutive failures: connection refused"
    assert last.message == f"The LLM gave no evaluation ({cause}); rubric only."
    assert engine.degraded() == 8
    assert engine.notes() == [f"8 of 8 answers fell back to the rubric: the LLM failed ({cause})"]


def test_hybrid_counts_fallbacks_among_answers(server: FakeServer) -> None:
    server.push(Scripted(content=reply(70)))
    engine, _ = hybrid(server.url, max_retries=0)
    results = scored(list(engine.evaluate_many(answers(3), workers=1)))
    flagged = ["llm_failed" in {f.code for f in r.flags} for r in results]
    assert flagged == [False, True, True]
    assert engine.degraded() == 2
    (note,) = engine.notes()
    assert note.startswith("2 of 3 answers fell back to the rubric: the LLM failed (")
    assert "HTTP 500: no script" in note


def test_hybrid_counts_are_thread_safe(dropping: DroppingServer) -> None:
    engine, _ = hybrid(dropping.url, max_retries=1, concurrency=4)
    scored(list(engine.evaluate_many(answers(40), workers=4)))
    assert engine.degraded() == 40
    assert engine.notes()[0].startswith("40 of 40 answers fell back to the rubric")
    assert dropping.accepted <= (3 + 3) * 2


def test_hybrid_without_failures_has_no_notes(server: FakeServer) -> None:
    server.push(Scripted(content=reply(70)))
    engine, _ = hybrid(server.url)
    list(engine.evaluate_many(answers(1), workers=1))
    assert (engine.degraded(), engine.notes()) == (0, [])


def test_a_redirect_is_an_error_and_the_key_does_not_follow(server: FakeServer) -> None:
    elsewhere = FakeServer()
    try:
        target = f"{elsewhere.url}/chat/completions?token=abcdef0123456789"
        server.push(Scripted(status=307, body="", headers={"location": target}))
        engine, _ = llm(server.url, api_key="sk-configured-0123456789")
        with pytest.raises(BackendError) as info:
            engine.evaluate(request_for(ANSWER))
        assert str(info.value).startswith(
            f"{server.url} redirected (HTTP 307) to {elsewhere.url}/chat/completions?token=[redacted]"
        )
        assert elsewhere.requests == []
        assert server.headers[0]["Authorization"] == "Bearer sk-configured-0123456789"
    finally:
        elsewhere.close()


@pytest.mark.parametrize(
    ("base_url", "warned"),
    [
        ("http://10.0.0.5:8000/v1", True),
        ("http://gpu-box.example:8000/v1", True),
        ("https://api.example.com/v1", False),
        ("http://localhost:11434/v1", False),
        ("http://127.0.0.1:8080/v1", False),
        ("http://[::1]:8080/v1", False),
    ],
)
def test_a_key_from_the_environment_sent_unencrypted_is_warned_about(
    monkeypatch: pytest.MonkeyPatch, base_url: str, warned: bool
) -> None:
    monkeypatch.setenv("MY_KEY", "sk-env-secret-0123456789")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        llm(base_url, api_key_env="MY_KEY")
        llm(base_url, api_key="sk-explicit-0123456789")  # an explicit key is the user's choice
    insecure = [w for w in caught if issubclass(w.category, InsecureKeyWarning)]
    assert len(insecure) == warned
    if warned:
        message = str(insecure[0].message)
        assert f"the API key from MY_KEY would be sent unencrypted to {base_url}" in message
        assert "sk-env-secret" not in message
