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
from panelist.quantities import conflicting_durations
from panelist.text import Sentence, content_stems

_LEAD_IN = re.compile(
    r"^(?:(?:can|could) you\s+)?(?:please\s+)?(?:tell me about|tell us about|describe|"
    r"give (?:me |us )?an example of|provide an example of|share an experience where|"
    r"share an example of|walk me through|"
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


_SITUATIONAL = re.compile(
    r"\b(what would you do|how would you (handle|approach|respond|deal|react|manage|go about|"
    r"prioriti[sz]e|proceed|tackle)|what (steps|actions) would you|what would your first|"
    r"if you (were|had|found|discovered|noticed|joined|inherited|learned)|imagine|suppose|"
    r"let'?s say|walk me through (how|what) you would|how do you (\w+ )?(handle|approach|"
    r"prioriti[sz]e|decide|deal|manage|make sure|ensure|keep|stay|balance|choose|work|build|"
    r"give|run|measure)|what is your (approach|process)|what's your (approach|process))\b",
    re.IGNORECASE,
)


_MOTIVATIONAL = re.compile(
    r"\b(why (do|would) you (want|like)|why (are|were) you (interested|applying)|"
    r"why (this|our|the) (role|company|team|position|job)|why (us|here|join)|"
    r"what (interests|attracts|excites|draws|appeals to) you|what do you know about (us|our)|"
    r"where do you see yourself|what motivates you|what are you looking for in)\b",
    re.IGNORECASE,
)


def is_motivational(question: str) -> bool:
    """Whether ``question`` asks why the candidate wants the job rather than for an example."""
    return bool(_MOTIVATIONAL.search(question))


def is_situational(question: str) -> bool:
    """Whether ``question`` asks for a plan or a practice, not a past example.

    "What would you do if...", "How do you prioritise...": a plan or a way of working, told in
    the conditional or the present, answers these.
    """
    return bool(_SITUATIONAL.search(question))


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


@dataclass(frozen=True)
class Windows:
    """Embedded stretches of an answer: each kept sentence and each pair of adjacent ones."""

    first: list[int]
    texts: list[str]
    vectors: Matrix
    whole: Matrix | None
    singles: int = 0

    @property
    def empty(self) -> bool:
        """Whether the answer has no text to match."""
        return not self.texts


def _unit(vector: Matrix) -> Matrix:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def answer_windows(embedder: Embedder, sentences: list[Sentence], kept: list[int]) -> Windows:
    """Embed each kept sentence once; pairs and the whole answer are length-weighted means.

    Mean pooling makes the embedding of two sentences close to the length-weighted mean of
    theirs, which halves the model work against embedding the pairs themselves.
    """
    index = [i for i in kept if sentences[i].clean]
    texts = [sentences[i].clean for i in index]
    if not texts:
        return Windows([], [], np.zeros((0, 0), dtype=np.float32), None, 0)
    vectors = embedder.encode(texts)
    lengths = np.array([max(len(t.split()), 1) for t in texts], dtype=np.float32)
    first, pair_texts, pair_vectors = [], [], []
    for k in range(len(index) - 1):
        if index[k + 1] == index[k] + 1:
            first.append(index[k])
            pair_texts.append(f"{texts[k]} {texts[k + 1]}")
            pair_vectors.append(_unit(vectors[k] * lengths[k] + vectors[k + 1] * lengths[k + 1]))
    whole = _unit((vectors * lengths[:, None]).sum(axis=0))
    stacked = np.vstack([vectors, *pair_vectors]) if pair_vectors else vectors
    return Windows(index + first, texts + pair_texts, stacked.astype(np.float32), whole, len(index))


def _stem_recall(target: str, text_stems: set[str]) -> float:
    stems = content_stems(target)
    return len(stems & text_stems) / len(stems) if stems else 0.0


def match_parts(
    embedder: Embedder,
    targets: list[str],
    windows: Windows,
    threshold: float,
    check_contradiction: bool = False,
    given: str = "",
) -> list[PartMatch]:
    """For each target, the answer window that covers it best and whether it is covered.

    With ``check_contradiction``, also whether that window contradicts the target; ``given``
    is the question, whose figures are context rather than claims.
    """
    if not targets:
        return []
    if windows.empty:
        return [PartMatch(t, None, 0.0, 0.0, False) for t in targets]
    sims = embedder.encode(targets) @ windows.vectors.T
    answer_stems = content_stems(" ".join(windows.texts))
    lexicon = get_lexicon()
    out = []
    for t, target in enumerate(targets):
        best = int(np.argmax(sims[t]))
        similarity = float(sims[t, best])
        overlap = _stem_recall(target, answer_stems)
        strength = 0.7 * similarity + 0.3 * overlap
        contradicted = False
        if check_contradiction and similarity >= threshold - 0.1:
            window = windows.texts[best]
            contradicted = bool(lexicon.count("dismissal", window)) or (
                similarity >= threshold
                and (
                    conflicting_durations(target, window, given)
                    or (
                        bool(_NEGATION.search(window)) != bool(_NEGATION.search(target))
                        and bool(lexicon.count("absolute", window))
                    )
                )
            )
        out.append(
            PartMatch(
                target,
                windows.first[best],
                similarity,
                overlap,
                strength >= threshold,
                contradicted,
            )
        )
    return out


def similarity_to(embedder: Embedder, text: str, windows: Windows) -> float:
    """Cosine similarity of ``text`` to the whole answer."""
    if windows.whole is None:
        return 0.0
    return float(embedder.encode([text])[0] @ windows.whole)
