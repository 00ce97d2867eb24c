"""Semantic signals: how the answer relates to the question, the job and reference points.

Uses sentence embeddings (``panelist.embeddings``) plus stem overlap, which keeps exact
technical terms ("DATE_TRUNC", "readiness probe") from being blurred away by the embedding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from panelist.embeddings import Embedder, Matrix
from panelist.lexicon import get_lexicon
from panelist.text import Sentence, content_stems

_LEAD_IN = re.compile(
    r"^(?:(?:can|could) you\s+)?(?:please\s+)?(?:tell me about|tell us about|describe|give (?:me |us )?an example of|"
    r"provide an example of|share an experience where|share an example of|walk me through|"
    r"talk (?:me |us )?through|explain)\s+(?:a time\s+(?:when\s+)?|a situation\s+(?:where|when)\s+|"
    r"an? (?:specific |recent )?(?:project|case|occasion|example)\s+(?:where|when|in which)\s+|"
    r"when\s+|how\s+)?",
    re.IGNORECASE,
)
_PART_SPLIT = re.compile(
    r"(?<=[.?!])\s+|[,;]\s*(?:and\s+)?(?=(?:how|what|why|when|where|which|who|did|do|were|was)\b)",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|n't|without|none|neither|nor|doesn't|don't|isn't|aren't|wasn't|won't|cannot)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PartMatch:
    """How well one part of the question (or one reference point) is covered."""

    part: str
    sentence: int | None
    similarity: float
    overlap: float
    covered: bool
    contradicted: bool = False


def question_parts(question: str) -> list[str]:
    """Split a question into the separate things it asks, without their lead-in phrases."""
    parts = []
    for raw in _PART_SPLIT.split(question):
        part = _LEAD_IN.sub("", raw.strip()).strip(" ,;?.")
        if len(part.split()) >= 3:
            parts.append(part[0].upper() + part[1:])
    return parts or [question.strip()]


def jd_requirements(job_description: str) -> list[str]:
    """The requirement lines of a job description: its bullet and numbered items."""
    items = []
    for line in job_description.splitlines():
        match = re.match(r"^\s*(?:[-*\u2022]|\d+[.)])\s+(.*\S)", line)
        if match:
            text = re.sub(r"[*_`]+", "", match.group(1)).strip()
            if len(text.split()) >= 3:
                items.append(text)
    return items


def windows(sentences: list[Sentence], kept: list[int]) -> list[tuple[int, str]]:
    """Single kept sentences and adjacent pairs, each tagged with its first sentence index."""
    out = [(i, sentences[i].clean) for i in kept if sentences[i].clean]
    out += [
        (a, f"{sentences[a].clean} {sentences[b].clean}")
        for a, b in zip(kept, kept[1:], strict=False)
        if b == a + 1
    ]
    return out


def _stem_recall(target: str, text_stems: set[str]) -> float:
    stems = content_stems(target)
    return len(stems & text_stems) / len(stems) if stems else 0.0


def match_parts(
    embedder: Embedder,
    targets: list[str],
    sentences: list[Sentence],
    kept: list[int],
    threshold: float,
    check_contradiction: bool = False,
) -> list[PartMatch]:
    """For each target, the answer window that covers it best and whether it is covered."""
    spans = windows(sentences, kept)
    if not targets:
        return []
    if not spans:
        return [PartMatch(t, None, 0.0, 0.0, False) for t in targets]
    vectors: Matrix = embedder.encode([*targets, *(text for _, text in spans)])
    sims = vectors[: len(targets)] @ vectors[len(targets) :].T
    answer_stems = content_stems(" ".join(text for _, text in spans))
    lexicon = get_lexicon()
    out = []
    for t, target in enumerate(targets):
        best = int(np.argmax(sims[t]))
        similarity = float(sims[t, best])
        overlap = _stem_recall(target, answer_stems)
        strength = 0.7 * similarity + 0.3 * overlap
        index = spans[best][0]
        contradicted = False
        if check_contradiction and similarity >= threshold - 0.1:
            window = spans[best][1]
            contradicted = bool(lexicon.count("dismissal", window)) or (
                bool(_NEGATION.search(window)) != bool(_NEGATION.search(target))
                and similarity >= threshold
                and bool(lexicon.count("absolute", window))
            )
        out.append(
            PartMatch(target, index, similarity, overlap, strength >= threshold, contradicted)
        )
    return out


def similarity(embedder: Embedder, a: str, b: str) -> float:
    """Cosine similarity of two texts."""
    vectors = embedder.encode([a, b])
    return float(vectors[0] @ vectors[1])
