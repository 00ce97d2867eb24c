"""Agreement of an answer with model answers (technical questions with a reference answer).

Short-answer grading research weighs what the answer adds beyond the question ("question
demoting"): a student who repeats the question's words has not answered it. Five measures,
each 0-1, are averaged with fixed weights; none is fitted to a data set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from panelist.embeddings import Embedder
from panelist.text import content_stems, content_words, stem

#: Weights of the measures in the agreement score.
WEIGHTS = {
    "similarity": 0.25,
    "soft_recall": 0.25,
    "recall": 0.20,
    "novel_recall": 0.15,
    "demoted_similarity": 0.15,
}
_WORD = re.compile(r"[A-Za-z0-9']+")


@dataclass(frozen=True)
class ReferenceMatch:
    """How closely an answer agrees with the closest reference answer."""

    similarity: float
    soft_recall: float
    recall: float
    novel_recall: float
    demoted_similarity: float
    expected_words: int

    @property
    def agreement(self) -> float:
        """The weighted agreement, 0-1."""
        return float(sum(getattr(self, name) * weight for name, weight in WEIGHTS.items()))


def _demote(text: str, question_stems: set[str]) -> str:
    kept = [w for w in _WORD.findall(text) if stem(w) not in question_stems]
    return " ".join(kept) or text


def match_reference(
    embedder: Embedder, question: str, answer: str, references: list[str]
) -> ReferenceMatch | None:
    """Compare ``answer`` with every reference answer; ``None`` without references or answer."""
    references = [r for r in references if r.strip()]
    if not references or not answer.strip():
        return None
    question_stems = content_stems(question)
    question_words = set(content_words(question))
    answer_stems = content_stems(answer)
    answer_words = sorted(set(content_words(answer))) or [answer]
    vectors = embedder.encode(
        [answer, _demote(answer, question_stems), *references,
         *(_demote(r, question_stems) for r in references)]
    )  # fmt: skip
    n = len(references)
    similarity = float((vectors[2 : 2 + n] @ vectors[0]).max())
    demoted = float((vectors[2 + n :] @ vectors[1]).max())
    word_vectors = embedder.encode(answer_words)
    soft, recall, novel = 0.0, 0.0, 0.0
    for reference in references:
        stems = content_stems(reference)
        new_stems = stems - question_stems
        recall = max(recall, len(answer_stems & stems) / len(stems) if stems else 0.0)
        novel = max(novel, len(answer_stems & new_stems) / len(new_stems) if new_stems else 0.5)
        targets = sorted(set(content_words(reference)) - question_words) or sorted(
            set(content_words(reference))
        )
        if targets:
            soft = max(soft, float((embedder.encode(targets) @ word_vectors.T).max(axis=1).mean()))
    expected = int(np.median([len(r.split()) for r in references]))
    return ReferenceMatch(similarity, soft, recall, novel, demoted, expected)
