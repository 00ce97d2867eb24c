"""What the candidate's two kinds of link share: an interview's (:mod:`.invitations`) and a
round of follow-up questions' (:mod:`.round_answers`).

A link's token opens one row, rate-limited and until it expires; drafts are saved over and
over, and the one submit moves ``submitted_at`` from NULL (every later change is 409).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from panelist.server.security import RateLimiter, hash_token
from panelist.server.services.errors import Refused
from panelist.server.tables import FollowUpRound, InterviewRow, now

Linked = TypeVar("Linked", InterviewRow, FollowUpRound)


def find(session: Session, limiter: RateLimiter, token: str, table: type[Linked]) -> Linked:
    """The row of ``table`` that ``token`` opens (429 too fast, 401 unknown, 410 expired)."""
    digest = hash_token(token)
    if not limiter.allow(digest):
        retry = str(limiter.retry_after(digest))
        raise Refused(429, "too many requests; try again shortly", {"Retry-After": retry})
    found = session.scalars(select(table).where(table.invite_token_hash == digest)).first()
    if found is None:
        raise Refused(401, "unknown invitation")
    if found.expires_at <= now():
        raise Refused(410, "this invitation has expired")
    return found


def check_length(field: str, text: str, limit: int) -> None:
    """422 when ``text`` is longer than ``limit`` characters."""
    if len(text) > limit:
        raise Refused(422, f"field {field}: {len(text):,} characters; the limit is {limit:,}")


def check_known(given: Mapping[str, str], ids: Iterable[str], what: str) -> None:
    """422 naming the first answer of ``given`` whose id is not in ``ids`` (no such ``what``)."""
    unknown = sorted(set(given) - set(ids))
    if unknown:
        raise Refused(422, f"field answers.{unknown[0]}: no such {what}")


def still_open(row: Linked, already: str) -> None:
    """409 ``already`` once ``row`` is submitted."""
    if row.submitted_at is not None:
        raise Refused(409, already)


def commit_draft(session: Session, write: Callable[[], datetime]) -> datetime:
    """``write`` a draft and commit: when it was saved. When a concurrent save created the same
    draft first (the page's autosave racing its form), ``write`` again, over that one."""
    for attempt in range(2):
        moment = write()
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            if attempt:
                raise
            continue
        return moment
    raise AssertionError("unreachable: the second attempt returns or raises")


def claim(session: Session, row: Linked, already: str, **values: object) -> datetime:
    """Mark ``row`` submitted now (setting ``values`` too): when. Only one submit can move
    ``submitted_at`` from NULL; the others are rolled back, 409 ``already``."""
    table = type(row)
    moment = now()
    claimed = session.execute(
        update(table)
        .where(table.id == row.id, table.submitted_at.is_(None))
        .values(submitted_at=moment, **values)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise Refused(409, already)
    return moment


def check_practice(interview: InterviewRow) -> None:
    """403 unless the interview shares its report with the candidate."""
    if not interview.practice_feedback:
        raise Refused(403, "this interview does not share its report with the candidate")
