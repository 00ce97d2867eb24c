"""The judge's numeric inputs: unit similarities, surface features and padded batch arrays.

Features are computed in numpy for training and at run time alike, so both see the same input.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from panelist.judge.encoder import DIMENSION, States
from panelist.judge.inputs import JudgeInput, UnitType
from panelist.text import stem_set

Floats = npt.NDArray[np.float32]
Floats16 = npt.NDArray[np.float16]
Ints = npt.NDArray[np.int64]

_FIRST_PERSON = re.compile(r"\b(i|me|my|mine|myself|i'm|i've|i'd|i'll)\b", re.IGNORECASE)
_WE = re.compile(r"\b(we|our|us|ours|we're|we've|we'd)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_MODAL = re.compile(r"\b(would|will|i'd|could|should)\b", re.IGNORECASE)

SURFACE = 6
SIMILARITY = 4
#: Per-unit features: surface (answer pieces only), similarities, position in the answer.
UNIT_FEATURES = SURFACE + SIMILARITY + 1
GLOBAL_FEATURES = 11
#: Where a context unit's token coverage goes among its similarity features.
COVER = SURFACE + 2
# Unit types as plain ints: numpy compares an array with an ``IntEnum`` member slowly.
_PART, _REFERENCE, _REQUIREMENT, _ANSWER = (
    int(t) for t in (UnitType.PART, UnitType.REFERENCE, UnitType.REQUIREMENT, UnitType.ANSWER)
)


@lru_cache(maxsize=8192)
def surface(text: str) -> tuple[float, ...]:
    """Length, figures, percent sign, first person, "we" and modal verbs of an answer piece."""
    n = max(len(text.split()), 1)
    return (
        math.log1p(n) / 4,
        len(_DIGIT.findall(text)) / n,
        float("%" in text),
        len(_FIRST_PERSON.findall(text)) / n * 3,
        len(_WE.findall(text)) / n * 3,
        len(_MODAL.findall(text)) / n * 3,
    )


def unit_mean(states: States) -> Floats:
    """The unit-length mean of a unit's token states (zero for an empty unit)."""
    if len(states) == 0:
        return np.zeros(DIMENSION, np.float32)
    mean = states.mean(axis=0)
    return np.asarray(mean / max(float(np.linalg.norm(mean)), 1e-9), np.float32)


def token_directions(states: States) -> Floats16:
    """Unit-length token states without ``[CLS]`` and ``[SEP]``, in float16: what token
    alignment compares (every row of one text against every row of another)."""
    inner = states[1:-1]
    norms = np.maximum(np.linalg.norm(inner, axis=1, keepdims=True), 1e-9)
    return np.asarray(inner / norms, np.float16)


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
    item: JudgeInput,
    rows: Sequence[int],
    means: Floats,
    tokens: Sequence[Floats16],
    drop: int | None = None,
) -> UnitSequence:
    """The sequence of ``item`` whose units are rows ``rows`` of the unit table.

    ``means`` holds the unit-length mean vectors of the table, ``tokens`` its token directions
    (:func:`token_directions`). ``drop`` leaves one answer piece out (by its position among the
    pieces), to measure what that piece contributes.
    """
    return _Reading(item, rows, means, tokens).sequence(drop)


def sequences(
    item: JudgeInput, rows: Sequence[int], means: Floats, tokens: Sequence[Floats16]
) -> list[UnitSequence]:
    """The full sequence of ``item``, then, with two pieces or more, one without each piece."""
    reading = _Reading(item, rows, means, tokens)
    n = len(item.pieces)
    return [reading.sequence(None), *(reading.sequence(k) for k in range(n) if n > 1)]


def _per_piece(values: Floats, lengths: Sequence[int], reduce: np.ufunc) -> Floats:
    """``reduce`` over each piece's columns of ``values`` (pieces laid end to end)."""
    out = np.zeros((values.shape[0], len(lengths)), np.float32)
    starts = np.cumsum([0, *lengths])[:-1]
    for k, (start, length) in enumerate(zip(starts, lengths, strict=True)):
        if length:
            out[:, k] = reduce.reduce(values[:, start : start + length], axis=1)
    return out


def _per_piece_max(values: Floats, lengths: Sequence[int]) -> Floats:
    """:func:`_per_piece` with ``np.maximum`` in one call (a maximum does not round, so the
    order in which it is taken does not matter)."""
    out = np.zeros((values.shape[0], len(lengths)), np.float32)
    starts = np.cumsum([0, *lengths])[:-1]
    filled = np.array(lengths) > 0
    if filled.any() and values.shape[0]:
        out[:, filled] = np.maximum.reduceat(values, starts[filled], axis=1)
    return out


def _stacked(texts: Sequence[Floats16]) -> Floats:
    """The token directions of ``texts`` one after another, in float32."""
    if not sum(len(t) for t in texts):
        return np.zeros((0, DIMENSION), np.float32)
    return np.concatenate(texts).astype(np.float32)


class _Context:
    """The context side of token alignment: every context token's direction in float32 (the
    units one after another), the unit each belongs to, and which are reference tokens."""

    def __init__(self, context: Sequence[Floats16], refs: Sequence[int]) -> None:
        self.tokens = _stacked(context)
        self.unit_lengths = np.array([len(u) for u in context], np.int64)
        self.unit_of_token = np.repeat(np.arange(len(context)), self.unit_lengths)
        self.reference_tokens = np.isin(self.unit_of_token, refs)
        self.filled = self.unit_lengths > 0


class _ContextCache:
    """The :class:`_Context` of the latest contexts, by the identity of their token arrays: the
    answers to one question share its units (``Judge.prepare`` hands out one array per text, and
    token directions are never changed in place). An entry keeps its arrays, so that their
    identities cannot be reused while it is kept."""

    def __init__(self, size: int = 16) -> None:
        self._entries: OrderedDict[tuple[int, ...], tuple[object, _Context]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, context: Sequence[Floats16], refs: Sequence[int]) -> _Context:
        key = (*(id(u) for u in context), -1, *refs)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry[1]
        found = _Context(context, refs)
        with self._lock:
            self._entries[key] = (list(context), found)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return found


_contexts = _ContextCache()


class _Alignment:
    """Token alignment of an answer's pieces with its context units (BERTScore-like).

    ``best[t, k]`` is the best cosine of context token ``t`` (the context units' tokens one
    after another) with a token of piece ``k``; ``precision[k]`` is the sum over piece ``k``'s
    tokens of their best cosine with a reference token.
    """

    def __init__(
        self, context: Sequence[Floats16], pieces: Sequence[Floats16], refs: list[int]
    ) -> None:
        lengths = [len(p) for p in pieces]
        self.lengths = np.array(lengths, np.float32)
        self.context = _contexts.get(context, refs)
        self.unit_lengths = self.context.unit_lengths
        self.unit_of_token = self.context.unit_of_token
        sim = self.context.tokens @ _stacked(pieces).T
        self.best = _per_piece_max(sim, lengths)
        reference_tokens = self.context.reference_tokens
        if reference_tokens.any() and sim.shape[1]:
            to_reference = sim[reference_tokens].max(axis=0)
            self.precision = _per_piece(to_reference[None, :], lengths, np.add)[0]
        else:
            self.precision = np.zeros(len(lengths), np.float32)

    def coverage(self, pieces: Sequence[int]) -> Floats:
        """Per context unit, the mean over its tokens of their best cosine with ``pieces``."""
        out = np.zeros(len(self.unit_lengths), np.float32)
        if not pieces or not len(self.best):
            return out
        best = self.best[:, pieces].max(axis=1)
        sums = np.bincount(self.unit_of_token, weights=best, minlength=len(out))
        filled = self.context.filled
        out[filled] = sums[filled] / self.unit_lengths[filled]
        return out

    def precise(self, pieces: Sequence[int]) -> float:
        """The mean over the tokens of ``pieces`` of their best cosine with a reference token."""
        tokens = float(self.lengths[pieces].sum()) if pieces else 0.0
        return float(self.precision[pieces].sum()) / tokens if tokens else 0.0


class _Reading:
    """What every sequence of one answer shares: similarities and piece features."""

    def __init__(
        self, item: JudgeInput, rows: Sequence[int], means: Floats, tokens: Sequence[Floats16]
    ) -> None:
        self.item = item
        self.rows = np.asarray(rows, np.int64)
        self.types = np.array(item.types, np.int64)
        vectors = means[self.rows]
        self.sim = np.asarray(vectors @ vectors.T, np.float32)
        # Similarities of each unit to the question, parts, references and requirements: no
        # piece left out changes them (only answer pieces are left out).
        self.fixed = np.stack(
            [
                self.sim[:, 0],
                _masked_max(self.sim, self.types == _PART),
                _masked_max(self.sim, self.types == _REFERENCE),
                _masked_max(self.sim, self.types == _REQUIREMENT),
            ],
            1,
        )
        self.surface = np.array([surface(p.text) for p in item.pieces], np.float32)
        self.first_piece = len(self.types) - len(item.pieces)
        self.refs = [int(i) for i in np.flatnonzero(self.types == _REFERENCE)]
        self.units = np.arange(len(self.types))
        self.piece_stems = [stem_set(p.text) for p in item.pieces]
        self.align = _Alignment(
            [tokens[r] for r in self.rows[: self.first_piece]],
            [tokens[r] for r in self.rows[self.first_piece :]],
            self.refs,
        )

    def sequence(self, drop: int | None) -> UnitSequence:
        """The sequence without piece ``drop`` (``None``: all of it)."""
        # Context units come first and are never left out: position u is unit u; the answer
        # pieces left follow.
        context = self.first_piece
        at = self.units if drop is None else np.delete(self.units, context + drop)
        types = self.types[at]
        is_answer = types == _ANSWER
        n = len(at) - context
        features = np.zeros((len(at), UNIT_FEATURES), np.float32)
        # A piece's similarities to the context; a context unit's best similarity to a piece
        # and, for the question, the mean one (over the rows of all units, as trained).
        features[context:, SURFACE : SURFACE + SIMILARITY] = self.fixed[at[context:]]
        if n:
            to_pieces = self.sim[at[:, None], at][:, is_answer]
            features[:context, SURFACE] = to_pieces[:context].max(axis=1)
            features[0, SURFACE + 1] = to_pieces.mean(axis=1)[0]
        pieces = [k for k in range(len(self.item.pieces)) if k != drop]
        if pieces:
            features[context:, :SURFACE] = self.surface[pieces]
        features[context:, -1] = np.arange(n) / max(n - 1, 1)
        covered = self.align.coverage(pieces)
        features[:context, COVER] = covered
        said: set[str] = set().union(*(self.piece_stems[k] for k in pieces))
        refs = [float(covered[u]) for u in self.refs]
        glob = np.array(
            [
                math.log1p(self.item.words) / 6,
                n / 20,
                float(self.item.technical),
                float(bool(self.item.references)),
                *overlap(self.item, said),
                max(refs, default=0.0),
                float(np.mean(refs)) if refs else 0.0,
                self.align.precise(pieces),
            ],
            np.float32,
        )
        return UnitSequence(self.rows[at], types, features, glob)


def _recall(target: frozenset[str] | set[str], found: frozenset[str] | set[str]) -> float:
    return len(target & found) / len(target) if target else 0.0


def overlap(item: JudgeInput, said: set[str]) -> list[float]:
    """Word-stem overlap of the answer's stems ``said`` with the question, its parts and the
    reference material.

    Share of the question's content stems the answer uses, the least-covered part, the mean
    coverage of the reference points, and the share of the answer's stems found in them.
    """
    parts = [_recall(stem_set(p), said) for p in item.parts] or [0.0]
    refs = [stem_set(r) for r in item.references]
    ref_all: set[str] = set().union(*refs)
    return [
        _recall(stem_set(item.question), said),
        min(parts),
        float(np.mean([_recall(r, said) for r in refs])) if refs else 0.0,
        _recall(said, ref_all) if refs else 0.0,
    ]


@dataclass(frozen=True)
class Sequences:
    """Padded unit sequences: the names of the head's ONNX inputs besides ``units``."""

    index: Ints
    types: Ints
    features: Floats
    globals: Floats

    def feed(self) -> dict[str, npt.NDArray[np.generic]]:
        """The ONNX input feed of these arrays."""
        return {
            "index": self.index,
            "types": self.types,
            "features": self.features,
            "globals": self.globals,
        }


@dataclass(frozen=True)
class Batch:
    """Padded token states of a unit table, and the sequences over it."""

    tokens: Floats
    token_mask: Floats
    sequences: Sequences


def pad_tokens(table: Sequence[States]) -> tuple[Floats, Floats]:
    """Token states padded to the longest unit, and the mask of real tokens."""
    width = max([len(s) for s in table] + [1])
    tokens = np.zeros((len(table), width, DIMENSION), np.float32)
    mask = np.zeros((len(table), width), np.float32)
    for i, states in enumerate(table):
        tokens[i, : len(states)] = states
        mask[i, : len(states)] = 1.0
    return tokens, mask


def pad_sequences(sequences: Sequence[UnitSequence], table_size: int) -> Sequences:
    """Pad the sequences; index ``table_size`` (the row after the table) is the padding unit."""
    length = max(len(s.index) for s in sequences)
    b = len(sequences)
    index = np.full((b, length), table_size, np.int64)
    types = np.full((b, length), int(UnitType.PAD), np.int64)
    features = np.zeros((b, length, UNIT_FEATURES), np.float32)
    for row, s in enumerate(sequences):
        index[row, : len(s.index)] = s.index
        types[row, : len(s.types)] = s.types
        features[row, : len(s.features)] = s.features
    glob = np.stack([s.globals for s in sequences]).astype(np.float32)
    return Sequences(index, types, features, glob)


def pack(table: Sequence[States], sequences: Sequence[UnitSequence]) -> Batch:
    """Pad the unit table and the sequences over it."""
    tokens, mask = pad_tokens(table)
    return Batch(tokens, mask, pad_sequences(sequences, len(table)))
