"""Candidates of an organisation."""

from __future__ import annotations

from fastapi import APIRouter

from panelist.server.api.deps import Reader, SessionDep, Writer, owned
from panelist.server.api.schemas import CandidateCreate, CandidatePublic
from panelist.server.services import candidates
from panelist.server.services.interviews import candidate_public as public
from panelist.server.tables import Candidate

router = APIRouter(tags=["candidates"])


@router.post("/candidates", status_code=201)
def create_candidate(body: CandidateCreate, caller: Writer, session: SessionDep) -> CandidatePublic:
    """Add a candidate."""
    return public(candidates.create(session, caller.organisation_id, body.name, body.email))


@router.get("/candidates")
def list_candidates(caller: Reader, session: SessionDep) -> list[CandidatePublic]:
    """Your organisation's candidates, by name."""
    return [public(c) for c in candidates.list_candidates(session, caller.organisation_id)]


@router.get("/candidates/{candidate_id}")
def get_candidate(candidate_id: str, caller: Reader, session: SessionDep) -> CandidatePublic:
    """One candidate."""
    return public(owned(session, Candidate, candidate_id, caller.organisation_id, "candidate"))
