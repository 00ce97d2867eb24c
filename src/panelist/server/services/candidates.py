"""Candidates of an organisation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelist.server.tables import Candidate


def create(session: Session, organisation_id: str, name: str, email: str = "") -> Candidate:
    """A new candidate, committed."""
    candidate = Candidate(organisation_id=organisation_id, name=name, email=email)
    session.add(candidate)
    session.commit()
    return candidate


def list_candidates(session: Session, organisation_id: str) -> list[Candidate]:
    """The organisation's candidates, by name."""
    return list(
        session.scalars(
            select(Candidate)
            .where(Candidate.organisation_id == organisation_id)
            .order_by(Candidate.name, Candidate.created_at)
        )
    )
