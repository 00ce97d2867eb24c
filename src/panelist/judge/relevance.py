"""Is an answer about its question or its job at all? A check on the encoder's token states.

For the question and for each of the job description's requirements, the answer's coverage is
the mean over its word pieces, weighted by their inverse document frequency in the training
answers (``data/judge/idf.npy``, written by ``python -m training.relevance``), of their best
cosine with a word piece of the answer. An answer of ``MIN_WORDS`` words or more that covers
neither the question (under ``QUESTION_BELOW``) nor the job (its three best-covered
requirements, under ``JOB_BELOW``), or covers the job very little (under ``JOB_ALONE_BELOW``),
is about something else: a holiday, a hobby, another line of work. The check needs a job
description of ``MIN_REQUIREMENTS`` requirement lines or more: without one a general question
("Tell me about a challenge you overcame") is covered as little as an unrelated answer, and
with a short one a good answer can be too.

Measured through the engine on the 2,005 training and dev answers, each under its own question
and job description (14-17 lines): 10 are flagged, all rated 10 or less (8 non-answers, 2
answers whose only words for the job were addressed to the grader); the bounds sit under every
other answer of 30 words or more (the job alone: 0.379 at least). Five short answers about a
holiday, a hike, football, the violin and a pet, each under every seventh dev question with its
job description: 75 of 75 flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from panelist.judge.encoder import data_file, load_tokenizer

QUESTION_BELOW = 0.36
JOB_BELOW = 0.40
#: Under this the job alone decides (the answers above: 0.379 at least).
JOB_ALONE_BELOW = 0.36
MIN_WORDS = 30
#: Distinct requirement lines a job description needs for the check: a short one covers too
#: little of a real answer's words to tell it from an unrelated one.
MIN_REQUIREMENTS = 8
#: Requirements read: the best covered ones.
TOP_REQUIREMENTS = 3

Floats = npt.NDArray[np.float32]
#: Token directions as the judge keeps them.
Tokens = npt.NDArray[np.floating[Any]]


@lru_cache(maxsize=1)
def _weights() -> Floats:
    return np.asarray(np.load(data_file("idf.npy")), np.float32)


@lru_cache(maxsize=1)
def _tokenizer() -> object:
    return load_tokenizer()


def _pieces(text: str) -> npt.NDArray[np.float32]:
    """The weight of each word piece of ``text`` (as the encoder reads it, without its
    ``[CLS]`` and ``[SEP]``)."""
    ids = _tokenizer().encode(text).ids[1:-1]  # type: ignore[attr-defined]
    return _weights()[np.array(ids, np.int64)] if ids else np.zeros(0, np.float32)


def coverage(text: str, tokens: Tokens, answer: Floats) -> float:
    """How much of ``text`` (its token directions ``tokens``) the answer's tokens cover."""
    weights = _pieces(text)
    if not len(weights) or not len(answer) or len(weights) != len(tokens):
        return 1.0
    best = (tokens.astype(np.float32) @ answer.T).max(axis=1)
    return float((best * weights).sum() / max(float(weights.sum()), 1e-9))


def unrelated(
    words: int,
    question: tuple[str, Tokens],
    requirements: Sequence[tuple[str, Tokens]],
    answer: Floats,
) -> bool:
    """Whether an answer of ``words`` words, with token directions ``answer``, is about
    neither its ``question`` nor its job (``requirements``, distinct; fewer than
    :data:`MIN_REQUIREMENTS`: not checked)."""
    if words < MIN_WORDS or len(requirements) < MIN_REQUIREMENTS or not len(answer):
        return False
    covered = sorted(coverage(text, tokens, answer) for text, tokens in requirements)
    job = float(np.mean(covered[-TOP_REQUIREMENTS:]))
    return job < JOB_ALONE_BELOW or (
        job < JOB_BELOW and coverage(*question, answer) < QUESTION_BELOW
    )
