"""Panelist's error hierarchy: every error a user can cause or meet derives from PanelistError."""

from __future__ import annotations


class PanelistError(Exception):
    """Base of every error shown to users as one line."""


class InputError(PanelistError):
    """Bad input: a file, a line or a field that cannot be used, named in the message."""


class UnknownEngineError(PanelistError):
    """An engine id that is not registered."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown engine {name!r}; known engines: {', '.join(sorted(known))}")
        self.name = name
        self.known = known


class EngineError(PanelistError):
    """A scoring back end failed."""


class BackendError(EngineError):
    """An HTTP model server answered with an error."""

    def __init__(self, message: str, status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class RetriesExhaustedError(EngineError):
    """A back end kept failing after every retry."""


class InvalidModelOutputError(EngineError):
    """A model reply that does not validate into an evaluation."""


class ServerUnavailableError(EngineError):
    """An LLM server failed so many requests in a row that no more are sent to it."""

    def __init__(self, base_url: str, failures: int, cause: str) -> None:
        super().__init__(
            f"LLM server {base_url} unreachable after {failures} consecutive failures ({cause}); "
            "remaining answers not scored"
        )
        self.base_url = base_url
        self.failures = failures
        self.cause = cause


class InsecureKeyWarning(UserWarning):
    """An API key from the environment is about to travel unencrypted to another machine."""
