"""A small client for OpenAI-compatible ``/chat/completions`` endpoints.

Servers differ in structured output: OpenAI takes ``{"type": "json_schema", ...}``, llama.cpp's
server takes ``{"type": "json_object", "schema": ...}`` and rejects ``json_schema``, some take
neither. In ``auto`` mode the client tries them in that order and remembers what worked.
Retries with exponential backoff on 429 (honouring ``Retry-After``), 5xx, timeouts and
connection errors; other 4xx are errors at once. Concurrency is capped by a semaphore.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from panelist.errors import BackendError, RetriesExhaustedError
from panelist.models import Usage

MODES = ("json_schema", "json_object_schema", "json_object", "none")
RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0
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
        )
        self._slots = threading.Semaphore(config.concurrency)

    def close(self) -> None:
        """Release the connection pool."""
        self._http.close()

    def _modes(self) -> list[str]:
        if self.config.structured_output != "auto":
            return [self.config.structured_output]
        with _remembered_lock:
            known = _remembered.get((self.config.base_url, self.config.model))
        return [known] if known else list(MODES)

    def complete(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> Completion:
        """One completion, falling back through structured-output modes on a 400."""
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
        last = ""
        for attempt in range(self.config.max_retries + 1):
            wait = delay
            try:
                with self._slots:
                    response = self._http.post("chat/completions", json=body)
            except httpx.TimeoutException:
                last = f"timed out after {self.config.timeout:g}s"
            except httpx.TransportError as exc:
                last = f"cannot reach {self.config.base_url}: {exc}"
            else:
                if response.status_code == 200:
                    return self._parse(response, mode)
                last = f"HTTP {response.status_code}: {response.text[:300]}"
                if response.status_code not in RETRY_STATUS or _format_rejected(response.text):
                    raise BackendError(
                        f"{self.config.base_url} answered {last}",
                        status=response.status_code,
                        body=response.text,
                    )
                wait = max(delay, _retry_after(response))
            if attempt < self.config.max_retries:
                time.sleep(wait)
                delay *= 2
        raise RetriesExhaustedError(
            f"{self.config.base_url}: gave up after {self.config.max_retries + 1} attempts ({last})"
        )

    def _parse(self, response: httpx.Response, mode: str) -> Completion:
        try:
            data = response.json()
            content = data["choices"][0]["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError):
            raise BackendError(
                f"{self.config.base_url}: not a chat-completion reply: {response.text[:200]}",
                status=response.status_code,
                body=response.text,
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
