"""Scoring without storing: one batch item, or a bounded list, in the ``panelist score`` format.

These are the only routes that run the engine inside a request (in the thread pool); nothing
is written to the database.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError

from panelist.api import batch_output, check_length, get_engine, score_lines
from panelist.engines.base import Engine
from panelist.errors import InputError, PanelistError
from panelist.guard import enforce
from panelist.loaders import BatchItem, BatchLine, describe_validation
from panelist.server.api.deps import Reader, SettingsDep
from panelist.server.api.errors import ApiError
from panelist.server.config import ServerSettings

router = APIRouter(prefix="/score", tags=["scoring"])


class Scorer:
    """The engine scoring requests use: built on first use, then shared by every request."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The configured engine."""
        with self._lock:
            if self._engine is None:
                self._engine = get_engine(self.settings.engine, **self.settings.engine_options)
            return self._engine


def _scorer(request: Request) -> Scorer:
    scorer: Scorer = request.app.state.scorer
    return scorer


@router.post("")
def score_one(
    item: BatchItem, caller: Reader, request: Request, settings: SettingsDep
) -> dict[str, Any]:
    """Score one answer (a ``panelist score`` line); the result is not stored."""
    answer = item.request()
    try:
        check_length(answer, settings.max_answer_chars)
    except InputError:
        raise ApiError(
            422,
            f"field answer: {len(item.answer):,} characters; "
            f"the limit is {settings.max_answer_chars:,}",
        ) from None
    try:
        evaluation = _scorer(request).engine.evaluate(answer)
    except PanelistError as exc:
        raise ApiError(502, f"scoring failed: {exc}") from None
    return batch_output(item.id, enforce(evaluation, answer.answer))


@router.post("/batch")
def score_batch(
    items: list[dict[str, Any]], caller: Reader, request: Request, settings: SettingsDep
) -> list[dict[str, Any]]:
    """Score up to ``max_batch`` items; a bad item gives an ``{"id", "error"}`` record."""
    if len(items) > settings.max_batch:
        raise ApiError(422, f"body: {len(items)} items; at most {settings.max_batch} per batch")
    lines = []
    for n, data in enumerate(items, start=1):
        raw_id = data.get("id")
        item_id = str(raw_id) if isinstance(raw_id, str | int) else None
        try:
            lines.append(BatchLine(n, item_id, BatchItem(**data), None))
        except ValidationError as exc:
            lines.append(BatchLine(n, item_id, None, f"item {n}: {describe_validation(exc)}"))
    records = score_lines(
        lines, engine=_scorer(request).engine, max_answer_chars=settings.max_answer_chars
    )
    return [_item_error(record) for record in records]


def _item_error(record: dict[str, Any]) -> dict[str, Any]:
    """Errors read "item N" here, where ``panelist score`` says "line N"."""
    error = record.get("error")
    if isinstance(error, str) and error.startswith("line "):
        record = {**record, "error": "item " + error[len("line ") :]}
    return record
