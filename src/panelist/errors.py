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
