"""The trained judge at run time: score, style probabilities and what each sentence contributes."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from panelist.judge.encoder import States, TokenEncoder, data_file, session
from panelist.judge.features import (
    Floats,
    Floats16,
    pad_sequences,
    pad_tokens,
    sequences,
    token_directions,
    unit_mean,
)
from panelist.judge.inputs import JudgeInput, UnitType

#: Styles a rule decides, with the guard finding that confirms each: the judge's reading of
#: such a style counts in the score only when the finding is there. The guard finds the text
#: addressed to the grader in all 37 training answers of that style and in none of the 1,863
#: others; the judge, reading sentences it was not trained on, can take a plain "My task was
#: to ..." for it (see the model card).
RULED_STYLES: dict[str, str] = {"prompt_injection": "grader_instruction"}
#: The reading "a good answer given to a question it does not answer", which a training run can
#: add (``misfit_rate`` in ``training/judge/config.py``; tried, not shipped: see the model
#: card). It is learnt with no score, so it never counts in the score.
FIT_STYLE = "another_question"


def score_mask(styles: Sequence[str], left_out: Collection[str]) -> npt.NDArray[np.bool_]:
    """Which of ``styles`` do not count in a score: ``left_out`` and :data:`FIT_STYLE`."""
    return np.isin(styles, [*left_out, FIT_STYLE])


def final_scores(
    raw: Floats,
    probs: Floats,
    means: Floats,
    mix: float,
    temperature: float,
    left_out: npt.NDArray[np.bool_] | None = None,
) -> Floats:
    """0-100 scores: ``(1 - mix)`` times the regression output (0-1, times 100) plus ``mix``
    times the expected style mean, the style probabilities sharpened by ``temperature``
    (``p ** (1 / temperature)``, renormalised; below 1 an answer's likeliest styles weigh more).
    ``means``: one mean label per style, or one row of them per answer.

    ``left_out`` (one mask of styles, or one per answer) names styles whose probability does
    not count: the others are renormalised (see :data:`RULED_STYLES`); where nothing would be
    left (every other sharpened probability rounds to 0), all count.

    The flags read the probabilities as they are; only the score's expectation is sharpened.
    """
    sharp = np.power(probs, np.float32(1 / temperature), dtype=np.float32)
    if left_out is not None:
        kept = np.where(left_out, np.float32(0), sharp)
        sharp = np.where(kept.sum(axis=-1, keepdims=True) > 0, kept, sharp)
    sharp /= sharp.sum(axis=-1, keepdims=True)
    return np.asarray((1 - mix) * 100 * raw + mix * (sharp * means).sum(axis=-1), np.float32)


@dataclass(frozen=True)
class Unit:
    """A text as the head reads it: its unit-length mean token state, its token directions (for
    token alignment) and, per ensemble member, its pooled vector ``(members, d)``."""

    mean: Floats
    tokens: Floats16
    vectors: Floats


@dataclass(frozen=True)
class Prediction:
    """The judge's reading of one answer.

    ``piece_score[k]`` is how much the score falls when answer piece ``k`` is left out
    (positive: the piece helps); ``piece_style[k][s]`` how much style ``s``'s log-odds fall
    (positive: the piece is evidence of that style; log-odds still move near probability 1);
    ``piece_reference[k]`` is the reference point piece ``k`` states most closely, by token
    alignment (:func:`aligned`; its index in ``JudgeInput.references``, -1 when there are none),
    and the cosine of their mean states. ``style_means``
    holds each style's mean label in the training data (what the score counts a reading as)
    and ``left_out`` the styles that did not count in this score (:func:`score_mask`).
    """

    score: float
    styles: dict[str, float]
    piece_score: list[float]
    piece_style: list[dict[str, float]]
    piece_reference: list[tuple[int, float]]
    style_means: dict[str, float]
    left_out: frozenset[str] = frozenset()


class Judge:
    """The encoder and the two trained parts, loaded once per process.

    ``units.onnx`` pools a text's token states into one vector per ensemble member; those
    vectors, the text's mean state and its token directions (float16, about 26 kB for a
    34-token sentence) are kept for ``cache_size`` texts, so the question, reference points and
    requirements that many answers share are encoded once (a batch of answers hands its own
    units to :meth:`predict`, whatever the cache keeps).
    """

    def __init__(self, directory: Path | None = None, cache_size: int = 1024) -> None:
        directory = directory or data_file("judge.json").parent
        meta: dict[str, Any] = json.loads((directory / "judge.json").read_text(encoding="utf-8"))
        self.version: str = meta["version"]
        self.styles: list[str] = meta["styles"]
        self.style_means = np.array(meta["style_means"], np.float32)
        #: Each style's mean label by name, as a :class:`Prediction` carries it.
        self.means_of: dict[str, float] = dict(zip(self.styles, meta["style_means"], strict=True))
        self.mix = float(meta["mix"])
        self.temperature = float(meta["temperature"])
        self.encoder = TokenEncoder(directory / "encoder.onnx")
        # One text (``_pool``) or one answer (``predict``) per call is too little work to share
        # between threads; the encoder's other threads take the second core.
        self._units = session(directory / "units.onnx", threads=1)
        self._head = session(directory / "head.onnx", threads=1)
        self._cache: OrderedDict[str, Unit] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def prepare(self, texts: Sequence[str]) -> list[Unit]:
        """The :class:`Unit` of every text, in order, computing missing ones.

        Encoding runs outside the lock: one thread can read answers while another encodes the
        next ones (see ``JudgeEngine.evaluate_many``).
        """
        unique = list(dict.fromkeys(texts))
        with self._lock:
            known = {t: self._cache[t] for t in unique if t in self._cache}
        missing = [t for t in unique if t not in known]
        known.update(zip(missing, self._pool(missing), strict=True))
        with self._lock:
            for text in unique:
                self._cache[text] = known[text]
                self._cache.move_to_end(text)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return [known[t] for t in texts]

    def _pool(self, texts: Sequence[str]) -> list[Unit]:
        """Encode ``texts`` together, then pool each one alone (in the encoder's threads).

        Pooling several texts in one call, or padded, changes their vectors in the last bits;
        one text per call keeps a text's vectors, and so every score, the same whatever else
        is scored in the same run (the encoder's states are already independent of the batch).
        """
        return self.encoder.map(self._unit, self.encoder.run(texts))

    def _unit(self, states: States) -> Unit:
        tokens, mask = pad_tokens([states])
        (units,) = self._units.run(None, {"tokens": tokens, "token_mask": mask})
        vectors = np.ascontiguousarray(units[:, 0])
        return Unit(unit_mean(states), token_directions(states), vectors)

    def predict(
        self,
        item: JudgeInput,
        known: Mapping[str, Unit] | None = None,
        left_out: Collection[str] = (),
    ) -> Prediction:
        """Score one answer, and again without each piece to see what that piece does.

        ``known`` holds units :meth:`prepare` gave for this answer's texts, if any;
        ``left_out`` names styles whose probability does not count in the score
        (:data:`RULED_STYLES` whose rule did not fire).
        """
        texts = list(dict.fromkeys(item.texts))
        if known is not None and all(t in known for t in texts):
            table = [known[t] for t in texts]
        else:
            table = self.prepare(texts)
        rows = {t: i for i, t in enumerate(texts)}
        means = np.stack([u.mean for u in table])
        unit_rows = [rows[t] for t in item.texts]
        seqs = sequences(item, unit_rows, means, [u.tokens for u in table])
        n = len(item.pieces)
        feed: dict[str, Any] = {"units": np.stack([u.vectors for u in table], axis=1)}
        raw, probs = self._head.run(None, feed | pad_sequences(seqs, len(table)).feed())
        mask = score_mask(self.styles, left_out)
        scores = final_scores(raw, probs, self.style_means, self.mix, self.temperature, mask)
        full = dict(zip(self.styles, probs[0].tolist(), strict=True))
        # Differences taken in the arrays' own precision, as they were element by element.
        piece_score = (scores[0] - scores[1:]).tolist()
        odds = np.log(np.clip(probs, 1e-7, 1.0)) - np.log(np.clip(1.0 - probs, 1e-7, 1.0))
        piece_style = [
            dict(zip(self.styles, row, strict=True)) for row in (odds[0] - odds[1:]).tolist()
        ]
        vectors = means[unit_rows]
        refs = np.flatnonzero(np.array(item.types) == UnitType.REFERENCE)
        references = [(-1, 0.0)] * n
        if len(refs):
            first = len(item.texts) - n
            sim = vectors[first:] @ vectors[refs].T
            tokens = [table[r].tokens for r in unit_rows]
            best = aligned(tokens[first:], [tokens[r] for r in refs]).argmax(axis=1)
            references = [(int(b), float(sim[p, b])) for p, b in enumerate(best)]
        ignored = frozenset(np.asarray(self.styles)[mask].tolist())
        return Prediction(
            float(scores[0]), full, piece_score, piece_style, references, self.means_of, ignored
        )


def aligned(pieces: Sequence[Floats16], references: Sequence[Floats16]) -> Floats:
    """How closely each piece states each reference, token by token (the F1 of their tokens'
    best cosines, in the manner of BERTScore): rows are pieces, columns references.

    The cosine of two mean states is about as high for every point of a question (0.6-0.8 for
    a sentence on its subject); the alignment tells which point a sentence states (D075's "I'd
    score onboarding customers differently" the one on lifecycle stages, not on validation).
    """
    out = np.zeros((len(pieces), len(references)), np.float32)
    if not references or not pieces:
        return out
    width = references[0].shape[1]
    # an empty reference aligns with nothing: one zero token
    empty = np.zeros((1, width), np.float32)
    refs = [r.astype(np.float32) if len(r) else empty for r in references]
    stacked = np.concatenate(refs)
    bounds = np.cumsum([0, *(len(r) for r in refs)])
    for i, piece in enumerate(pieces):
        if not len(piece):
            continue
        cos = piece.astype(np.float32) @ stacked.T
        best = cos.max(axis=0)
        recall = np.add.reduceat(best, bounds[:-1]) / np.diff(bounds)
        precision = np.maximum.reduceat(cos, bounds[:-1], axis=1).mean(axis=0)
        out[i] = 2 * recall * precision / np.maximum(recall + precision, 1e-9)
    return out


@lru_cache(maxsize=1)
def get_judge() -> Judge:
    """The process-wide judge."""
    return Judge()
