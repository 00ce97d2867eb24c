"""Matching job requirements to the bank's competencies, offline and deterministically.

Each requirement is compared with each competency's name, description and keywords two ways:
the cosine similarity of their MiniLM sentence embeddings (``panelist.embeddings``), and keyword
overlap (a keyword phrase counts when all its word stems appear in the requirement), which keeps
explicit words such as "stakeholders" or "on-call" from being blurred away by the embedding.

A requirement is *technical* when it asks for a skill, tool or body of knowledge rather than a
way of working: either no competency matches it well (best score below :data:`MATCH_MIN`), or
it names several tools, technologies or knowledge phrases ("Looker", "SQL", "experience with";
at least :data:`TECHNICAL_SIGNALS`) and its text alone is not close to any competency
(embedding similarity below :data:`MATCH_MIN`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from panelist.design.bank import Competency, QuestionBank
from panelist.design.requirements import Requirement
from panelist.embeddings import get_embedder
from panelist.text import content_stems

#: Weight of one matching keyword phrase (at most :data:`MAX_KEYWORDS` count).
KEYWORD_WEIGHT = 0.15
MAX_KEYWORDS = 3
#: The score a competency needs to be asked about for a requirement.
MATCH_MIN = 0.45
#: Tool names, acronyms and knowledge phrases that make a requirement technical (see above).
TECHNICAL_SIGNALS = 3
_KNOWLEDGE = re.compile(
    r"\b(?:experience (?:with|in|of|using|building|deploying)|proficien\w*|knowledge of|"
    r"fundamentals|familiarity|familiar with|fluency|hands-on|grounding in|strong|"
    r"expertise|tools?|tooling|frameworks?|libraries|languages?|platforms?|stack)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?<!^)(?<![.:!?]\s)\b(?:[A-Z][a-z0-9]*[A-Z0-9][\w/+-]*|[A-Z][a-z]+\w*)\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9/+-]{1,}\b")


@dataclass(frozen=True)
class Match:
    """A requirement, its competencies from best to worst with their scores, and its kind."""

    requirement: Requirement
    competencies: tuple[tuple[Competency, float], ...]
    technical: bool

    @property
    def best(self) -> Competency:
        """The competency the requirement matches best."""
        return self.competencies[0][0]


def _competency_text(competency: Competency) -> str:
    return (
        f"{competency.name}: {competency.description} Keywords: {', '.join(competency.keywords)}."
    )


def keyword_hits(text: str, competency: Competency) -> int:
    """How many of the competency's keyword phrases appear (by stems) in ``text``."""
    stems = content_stems(text)
    hits = 0
    for keyword in competency.keywords:
        wanted = content_stems(keyword)
        if wanted and wanted <= stems:
            hits += 1
    return hits


def technical_signals(text: str) -> int:
    """Tool names, acronyms and knowledge phrases in a requirement."""
    names = {m.group(0) for m in _NAME.finditer(text)} | set(_ACRONYM.findall(text))
    return len(names) + len(_KNOWLEDGE.findall(text))


def match(requirements: list[Requirement], bank: QuestionBank) -> list[Match]:
    """Each requirement's competencies ranked by embedding similarity plus keyword overlap."""
    if not requirements:
        return []
    embedder = get_embedder()
    req_vectors = embedder.encode([r.text for r in requirements])
    comp_vectors = embedder.encode([_competency_text(c) for c in bank.competencies])
    similarity = req_vectors @ comp_vectors.T
    out = []
    for i, requirement in enumerate(requirements):
        scored = []
        closest = float(similarity[i].max())
        for j, competency in enumerate(bank.competencies):
            hits = keyword_hits(requirement.text, competency)
            score = float(similarity[i, j]) + KEYWORD_WEIGHT * min(hits, MAX_KEYWORDS)
            scored.append((competency, round(score, 4)))
        order = sorted(range(len(scored)), key=lambda k: (-scored[k][1], k))
        ranked = tuple(scored[k] for k in order)
        technical = ranked[0][1] < MATCH_MIN or (
            closest < MATCH_MIN and technical_signals(requirement.text) >= TECHNICAL_SIGNALS
        )
        out.append(Match(requirement, ranked, technical))
    return out
