"""The judge's numeric inputs: unit similarities, surface features and padded batch arrays.

Features are computed in numpy for training and at run time alike, so both see the same input.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from panelist.judge.encoder import DIMENSION, States
from panelist.judge.inputs import JudgeInput, UnitType
from panelist.text import content_stems

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]

_FIRST_PERSON = re.compile(r"\b(i|me|my|mine|myself|i'm|i've|i'd|i'll)\b", re.IGNORECASE)
_WE = re.compile(r"\b(we|our|us|ours|we're|we've|we'd)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_MODAL = re.compile(r"\b(would|will|i'd|could|should)\b", re.IGNORECASE)

SURFACE = 6
SIMILARITY = 4
#: Per-unit features: surface (answer pieces only), similarities, position in the answer.
UNIT_FEATURES = SURFACE + SIMILARITY + 1
GLOBAL_FEATURES = 8


def surface(text: str) -> list[float]:
    """Length, figures, percent sign, first person, "we" and modal verbs of an answer piece."""
    n = max(len(text.split()), 1)
    return [
        math.log1p(n) / 4,
        len(_DIGIT.findall(text)) / n,
        float("%" in text),
        len(_FIRST_PERSON.findall(text)) / n * 3,
        len(_WE.findall(text)) / n * 3,
        len(_MODAL.findall(text)) / n * 3,
    ]


def unit_mean(states: States) -> Floats:
    """The unit-length mean of a unit's token states (zero for an empty unit)."""
    if len(states) == 0:
        return np.zeros(DIMENSION, np.float32)
    mean = states.mean(axis=0)
    return np.asarray(mean / max(float(np.linalg.norm(mean)), 1e-9), np.float32)


@dataclass(frozen=True)
class UnitSequence:
    """One answer's input sequence: unit rows in a shared table, their types and features."""

    index: Ints
    types: Ints
    features: Floats
    globals: Floats


def _masked_max(sim: Floats, mask: npt.NDArray[np.bool_]) -> Floats:
    if not mask.any():
        return np.zeros(sim.shape[0], np.float32)
    return np.asarray(sim[:, mask].max(axis=1), np.float32)


def sequence(
    item: JudgeInput, rows: Sequence[int], means: Floats, drop: int | None = None
) -> UnitSequence:
    """The sequence of ``item`` whose units are rows ``rows`` of the unit table.

    ``means`` holds the unit-length mean vectors of the table. ``drop`` leaves one answer piece
    out (by its position among the pieces), to measure what that piece contributes.
    """
    types = np.array(item.types, np.int64)
    keep = np.ones(len(types), bool)
    first_piece = len(types) - len(item.pieces)
    if drop is not None:
        keep[first_piece + drop] = False
    index = np.asarray(rows, np.int64)[keep]
    types = types[keep]
    texts = [t for t, k in zip(item.texts, keep, strict=True) if k]
    vectors = means[index]
    sim = vectors @ vectors.T
    is_answer = types == UnitType.ANSWER
    n = int(is_answer.sum())
    answer_sim = [
        sim[:, 0],
        _masked_max(sim, types == UnitType.PART),
        _masked_max(sim, types == UnitType.REFERENCE),
        _masked_max(sim, types == UnitType.REQUIREMENT),
    ]
    max_answer = _masked_max(sim, is_answer)
    mean_answer = sim[:, is_answer].mean(axis=1) if n else np.zeros(len(types), np.float32)
    zero = np.zeros(len(types), np.float32)
    other_sim = [max_answer, np.where(types == UnitType.QUESTION, mean_answer, 0.0), zero, zero]
    similarity = np.where(is_answer[:, None], np.stack(answer_sim, 1), np.stack(other_sim, 1))
    features = np.zeros((len(types), UNIT_FEATURES), np.float32)
    features[:, SURFACE : SURFACE + SIMILARITY] = similarity
    k = 0
    for row, text in enumerate(texts):
        if is_answer[row]:
            features[row, :SURFACE] = surface(text)
            features[row, -1] = k / max(n - 1, 1)
            k += 1
    answer = [t for t, a in zip(texts, is_answer, strict=True) if a]
    glob = np.array(
        [
            math.log1p(item.words) / 6,
            n / 20,
            float(item.technical),
            float(bool(item.references)),
            *overlap(item, answer),
        ],
        np.float32,
    )
    return UnitSequence(index, types, features, glob)


#: Word stems of a text, cached: the question and reference texts recur in every sequence.
_stems = lru_cache(maxsize=8192)(content_stems)


def _recall(target: frozenset[str] | set[str], found: frozenset[str] | set[str]) -> float:
    return len(target & found) / len(target) if target else 0.0


def overlap(item: JudgeInput, answer: Sequence[str]) -> list[float]:
    """Word-stem overlap of the answer with the question, its parts and the reference material.

    Share of the question's content stems the answer uses, the least-covered part, the mean
    coverage of the reference points, and the share of the answer's stems found in them.
    """
    said: set[str] = set().union(*(_stems(t) for t in answer))
    parts = [_recall(_stems(p), said) for p in item.parts] or [0.0]
    refs = [_stems(r) for r in item.references]
    ref_all: set[str] = set().union(*refs)
    return [
        _recall(_stems(item.question), said),
        min(parts),
        float(np.mean([_recall(r, said) for r in refs])) if refs else 0.0,
        _recall(said, ref_all) if refs else 0.0,
    ]


@dataclass(frozen=True)
class Batch:
    """Padded arrays for the judge network (the names of its ONNX inputs)."""

    tokens: Floats
    token_mask: Floats
    index: Ints
    types: Ints
    features: Floats
    globals: Floats

    def feed(self) -> dict[str, npt.NDArray[np.generic]]:
        """The ONNX input feed."""
        return {
            "tokens": self.tokens,
            "token_mask": self.token_mask,
            "index": self.index,
            "types": self.types,
            "features": self.features,
            "globals": self.globals,
        }


def pack(table: Sequence[States], sequences: Sequence[UnitSequence]) -> Batch:
    """Pad the unit table and the sequences; the row after the table is the padding unit."""
    width = max([len(s) for s in table] + [1])
    tokens = np.zeros((len(table), width, DIMENSION), np.float32)
    mask = np.zeros((len(table), width), np.float32)
    for i, states in enumerate(table):
        tokens[i, : len(states)] = states
        mask[i, : len(states)] = 1.0
    length = max(len(s.index) for s in sequences)
    b = len(sequences)
    index = np.full((b, length), len(table), np.int64)
    types = np.full((b, length), int(UnitType.PAD), np.int64)
    features = np.zeros((b, length, UNIT_FEATURES), np.float32)
    for row, s in enumerate(sequences):
        index[row, : len(s.index)] = s.index
        types[row, : len(s.types)] = s.types
        features[row, : len(s.features)] = s.features
    glob = np.stack([s.globals for s in sequences]).astype(np.float32)
    return Batch(tokens, mask, index, types, features, glob)
