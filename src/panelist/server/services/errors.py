"""Refusals the services raise: an HTTP status and a one-line message."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException

from panelist.server.tables import Base


class Refused(HTTPException):
    """A request refused with ``status`` and ``message`` (JSON for the API, a page for pages)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)


def not_found(kind: str, item_id: str) -> Refused:
    """404 for ids that do not exist or belong to another organisation (never 403)."""
    return Refused(404, f"no {kind} {item_id}")


T = TypeVar("T", bound=Base)


def owned(session: Session, table: type[T], item_id: str, organisation_id: str, kind: str) -> T:
    """Row ``item_id`` of ``table`` when it belongs to the organisation, else 404."""
    row = session.get(table, item_id)
    if row is None or getattr(row, "organisation_id", None) != organisation_id:
        raise not_found(kind, item_id)
    return row
