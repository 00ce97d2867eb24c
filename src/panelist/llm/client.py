"""A small client for OpenAI-compatible ``/chat/completions`` endpoints.

Servers differ in structured output: OpenAI takes ``{"type": "json_schema", ...}``, llama.cpp's
server takes ``{"type": "json_object", "schema": ...}`` and rejects ``json_schema``, some take
neither. In ``auto`` mode the client tries them in that order and remembers what worked.
Retries with exponential backoff on 429 (honouring ``Retry-After``), 5xx, timeouts and
connection errors; other 4xx are errors at once. Concurrency is capped by a semaphore. A server
that cannot be reached several requests in a row is given up (:class:`Breaker`). Redirects are
not followed, so the key goes only to the configured server, and every error text is scrubbed
of secrets (``panelist.secrets``).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from panelist.errors import BackendError, RetriesExhaustedError, ServerUnavailableError
from panelist.models import Usage
from panelist.secrets import scrub

MODES = ("json_schema", "json_object_schema", "json_object", "none")
RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0
_ERRNO = re.compile(r"^\[Errno -?\d+\]\s*")
_remembered: dict[tuple[str, str], str] = {}
_remembered_lock = threading.Lock()


@dataclass(frozen=True)
class Completion:
    """A reply's text, the token usage, and the structured-output mode that was accepted."""

    content: str
    usage: Usage
    mode: str


@dataclass(frozen=True)
class ClientConfig:
    """Where and how to call the server."""

    base_url: str
    model: str
    api_key: str | None = field(repr=False)
    structured_output: str = "auto"
    timeout: float = 60.0
    max_retries: int = 3
    backoff: float = 1.0
    concurrency: int = 4
    max_consecutive_failures: int = 3
    temperature: float = 0.0
    max_tokens: int = 1200


def response_format(mode: str, schema: dict[str, Any]) -> dict[str, Any] | None:
    """The ``response_format`` field for a structured-output mode."""
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": "evaluation", "schema": schema}}
    if mode == "json_object_schema":
        return {"type": "json_object", "schema": schema}
    if mode == "json_object":
        return {"type": "json_object"}
    return None


class Breaker:
    """Stops calling an unreachable server: opens after ``limit`` failed requests in a row.

    A request counts once, after its retries, when its last attempt could not connect, was cut
    off, got no reply in time or got a 5xx; any other answer from the server resets the count.
    Once open it stays open for the client's life, and every
    request fails at once with :class:`ServerUnavailableError`. A ``limit`` of 0 never opens.
    Thread-safe.
    """

    def __init__(self, base_url: str, limit: int) -> None:
        self.base_url = base_url
        self.limit = limit
        self._failures = 0
        self._cause = ""
        self._open = False
        self._refused = 0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        """Whether requests are refused."""
        return self._open

    @property
    def refused(self) -> int:
        """Requests refused since the breaker opened."""
        return self._refused

    def error(self) -> ServerUnavailableError:
        """The error raised for a refused request."""
        return ServerUnavailableError(self.base_url, self._failures, self._cause)

    def check(self) -> None:
        """Raise :class:`ServerUnavailableError` when open."""
        with self._lock:
            if self._open:
                self._refused += 1
                raise self.error()

    def failed(self, cause: str) -> None:
        """Count a request whose retries all failed to reach the server (``cause`` is scrubbed)."""
        with self._lock:
            if not self._open:
                self._failures += 1
                self._cause = cause
                self._open = 0 < self.limit <= self._failures

    def reached(self) -> None:
        """The server answered: start counting again."""
        with self._lock:
            if not self._open:
                self._failures = 0


class ChatClient:
    """Sends chat completions; thread-safe, one instance per engine."""

    def __init__(self, config: ClientConfig, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._http = httpx.Client(
            base_url=config.base_url.rstrip("/") + "/",
            headers=headers,
            timeout=httpx.Timeout(config.timeout),
            transport=transport,
            follow_redirects=False,
        )
        self._slots = threading.Semaphore(config.concurrency)
        self._url = self.scrub(config.base_url)
        self.breaker = Breaker(self._url, config.max_consecutive_failures)

    def close(self) -> None:
        """Release the connection pool."""
        self._http.close()

    def scrub(self, text: str) -> str:
        """``text`` without the key or anything that looks like a secret."""
        return scrub(text, self.config.api_key)

    def _modes(self) -> list[str]:
        if self.config.structured_output != "auto":
            return [self.config.structured_output]
        with _remembered_lock:
            known = _remembered.get((self.config.base_url, self.config.model))
        return [known] if known else list(MODES)

    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> Completion:
        """One completion, falling back through structured-output modes on a 400.

        Raises :class:`ServerUnavailableError` at once, without a request, once the breaker is
        open.
        """
        modes = self._modes()
        for i, mode in enumerate(modes):
            try:
                completion = self._post(messages, mode, schema)
            except BackendError as exc:
                rejected = exc.status in (400, 422) or _format_rejected(exc.body)
                if rejected and i + 1 < len(modes) and self.config.structured_output == "auto":
                    continue
                raise
            if self.config.structured_output == "auto":
                with _remembered_lock:
                    _remembered[(self.config.base_url, self.config.model)] = mode
            return completion
        raise AssertionError("unreachable: the last mode either returns or raises")

    def _post(
        self, messages: list[dict[str, str]], mode: str, schema: dict[str, Any]
    ) -> Completion:
        body: dict[str, Any] = {
            "model": self.config.model,
            "messages": messages,
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
        }
        if (fmt := response_format(mode, schema)) is not None:
            body["response_format"] = fmt
        delay = self.config.backoff
        last = cause = ""
        down: bool | None = None  # None: no verdict on whether the server is reachable
        for attempt in range(self.config.max_retries + 1):
            wait = delay
            try:
                with self._slots:
                    self.breaker.check()
                    response = self._http.post("chat/completions", json=body)
            except httpx.ConnectTimeout:
                down, cause = True, f"connect timed out after {self.config.timeout:g}s"
                last = f"cannot reach {self._url}: {cause}"
            except httpx.TimeoutException:  # connected, but no reply: as good as down
                down, cause = True, f"no reply within {self.config.timeout:g}s"
                last = f"timed out after {self.config.timeout:g}s"
            except httpx.TransportError as exc:
                down, cause = True, self.scrub(_describe(exc))
                last = f"cannot reach {self._url}: {cause}"
            else:
                if response.status_code == 200:
                    self.breaker.reached()
                    return self._parse(response, mode)
                text = self.scrub(response.text)
                last = cause = f"HTTP {response.status_code}: {_one_line(text, 300)}"
                down = response.status_code >= 500
                if response.is_redirect:
                    self.breaker.reached()
                    raise self._redirected(response)
                if response.status_code not in RETRY_STATUS or _format_rejected(response.text):
                    self.breaker.reached()
                    raise BackendError(
                        f"{self._url} answered {last}", status=response.status_code, body=text
                    )
                wait = max(delay, _retry_after(response))
            if attempt < self.config.max_retries:
                time.sleep(wait)
                delay *= 2
        if down:
            self.breaker.failed(_one_line(cause, 120))
        elif down is not None:
            self.breaker.reached()
        raise RetriesExhaustedError(
            f"{self._url}: gave up after {self.config.max_retries + 1} attempts ({last})"
        )

    def _redirected(self, response: httpx.Response) -> BackendError:
        where = self.scrub(response.headers.get("location", ""))
        return BackendError(
            f"{self._url} redirected (HTTP {response.status_code}) to {where}; redirects are not "
            "followed, so that the key goes only to the configured server: set the base URL to "
            "the new address if it is right",
            status=response.status_code,
            body=self.scrub(response.text),
        )

    def _parse(self, response: httpx.Response, mode: str) -> Completion:
        try:
            data = response.json()
            content = data["choices"][0]["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError):
            text = self.scrub(response.text)
            raise BackendError(
                f"{self._url}: not a chat-completion reply: {_one_line(text, 200)}",
                status=response.status_code,
                body=text,
            ) from None
        usage = data.get("usage") or {}
        return Completion(
            content=content,
            usage=Usage(
                prompt_tokens=int(usage.get("prompt_tokens") or 0),
                completion_tokens=int(usage.get("completion_tokens") or 0),
            ),
            mode=mode,
        )


def _format_rejected(body: str) -> bool:
    """Whether an error body says the server does not take this ``response_format``.

    llama-cpp-python's server answers such requests with a 500 rather than a 400.
    """
    return "response_format" in body and any(
        word in body
        for word in ("literal_error", "unsupported", "not supported", "Input should be")
    )


def _retry_after(response: httpx.Response) -> float:
    value = response.headers.get("retry-after", "")
    try:
        return min(max(float(value), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        return 0.0


def _describe(exc: httpx.TransportError) -> str:
    """A transport error as a short phrase: ``connection refused``."""
    text = _ERRNO.sub("", str(exc)).strip().rstrip(".") or type(exc).__name__
    return text[:1].lower() + text[1:]


def _one_line(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]
