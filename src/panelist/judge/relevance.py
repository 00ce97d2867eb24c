"""Is an answer about its question or its job at all? A check on the encoder's token states.

For the question and for each of the job description's requirements, the answer's coverage is
the mean over its word pieces, weighted by their inverse document frequency in the training
answers (``data/judge/idf.npy``, written by ``python -m training.relevance``), of their best
cosine with a word piece of the answer. An answer of ``MIN_WORDS`` words or more that covers
neither the question (under ``QUESTION_BELOW``) nor the job (its three best-covered
requirements, under ``JOB_BELOW``) is about something else: a holiday, a hobby, another line
of work. The check needs a question that names a situation (:func:`specific`) and a job
description of ``MIN_JOB_LINES`` requirement lines or more: any story answers "Tell me about a
challenge you overcame", and it covers such a question, or a short job description, as little
as an unrelated answer does.

Measured through the engine on the 2,005 training and dev answers, each under its own question
and job description (14-17 lines): 6 are flagged, all rated 10 or less (5 non-answers, 1 whose
only words for the job were addressed to the grader). Five short answers about a holiday, a
hike, football, the violin and a pet, under every seventh dev question with its job
description: 73 of 75 flagged. Not flagged: 250 good dev answers (rated 60 or more) under five
general questions, 200 good training answers under a general question with another role's job
description. One sentence about the job added to an unrelated answer escapes the check.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

from panelist.judge.encoder import data_file, load_tokenizer

QUESTION_BELOW = 0.36
JOB_BELOW = 0.40
MIN_WORDS = 30
#: Distinct requirement lines a job description needs for the check: a short one covers too
#: little of a real answer's words to tell it from an unrelated one.
MIN_JOB_LINES = 8
#: Word pieces of weight ``SPECIFIC_WEIGHT`` or more (used by 5% of the training answers or
#: fewer) a question needs for the check: "Tell me about yourself" (1), "Tell me about a
#: challenge you overcame at work" (2) or "What is your greatest strength?" (4) can be answered
#: by any story; the training and dev questions have 4 to 40 (median 17, 5% under 8).
SPECIFIC_PIECES = 5
SPECIFIC_WEIGHT = 3.0
#: Requirements read: the best covered ones.
TOP_REQUIREMENTS = 3

Floats = npt.NDArray[np.float32]
#: Token directions as the judge keeps them.
Tokens = npt.NDArray[np.floating[Any]]


@lru_cache(maxsize=1)
def _weights() -> Floats:
    return np.asarray(np.load(data_file("idf.npy")), np.float32)


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    return load_tokenizer()  # type: ignore[no-any-return]


@lru_cache(maxsize=256)
def _pieces(text: str) -> Floats:
    """The weight of each word piece of ``text`` (as the encoder reads it, without its
    ``[CLS]`` and ``[SEP]``)."""
    ids = _tokenizer().encode(text).ids[1:-1]
    return _weights()[np.array(ids, np.int64)] if ids else np.zeros(0, np.float32)


def coverage(text: str, tokens: Tokens, answer: Floats) -> float:
    """How much of ``text`` (its token directions ``tokens``) the answer's tokens cover."""
    weights = _pieces(text)
    if not len(weights) or not len(answer) or len(weights) != len(tokens):
        return 1.0
    best = (tokens.astype(np.float32) @ answer.T).max(axis=1)
    return float((best * weights).sum() / max(float(weights.sum()), 1e-9))


def specific(question: str) -> bool:
    """Whether ``question`` names enough of a situation for an answer to be checked against it
    (:data:`SPECIFIC_PIECES`)."""
    return int((_pieces(question) >= SPECIFIC_WEIGHT).sum()) >= SPECIFIC_PIECES


def unrelated(
    words: int,
    question: tuple[str, Tokens],
    requirements: Sequence[tuple[str, Tokens]],
    answer: Floats,
) -> bool:
    """Whether an answer of ``words`` words, with token directions ``answer``, is about
    neither its ``question`` nor its job (``requirements``, distinct). Not checked under a
    general question, or a job description of fewer than :data:`MIN_JOB_LINES` lines."""
    if words < MIN_WORDS or len(requirements) < MIN_JOB_LINES or not len(answer):
        return False
    if not specific(question[0]) or coverage(*question, answer) >= QUESTION_BELOW:
        return False
    covered = sorted(coverage(text, tokens, answer) for text, tokens in requirements)
    return float(np.mean(covered[-TOP_REQUIREMENTS:])) < JOB_BELOW
