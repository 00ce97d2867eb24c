"""The trained judge at run time: score, style probabilities and what each sentence contributes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from panelist.judge.encoder import TokenEncoder, data_file, session
from panelist.judge.features import UnitSequence, pack, sequence, unit_mean
from panelist.judge.inputs import JudgeInput, UnitType


@dataclass(frozen=True)
class Prediction:
    """The judge's reading of one answer.

    ``piece_score[k]`` is how much the score falls when answer piece ``k`` is left out
    (positive: the piece helps); ``piece_style[k][s]`` how much style ``s``'s log-odds fall
    (positive: the piece is evidence of that style; log-odds still move near probability 1);
    ``piece_reference[k]`` is the reference point closest to piece ``k`` (its index in
    ``JudgeInput.references``, -1 when there are none) and their similarity.
    """

    score: float
    styles: dict[str, float]
    piece_score: list[float]
    piece_style: list[dict[str, float]]
    piece_reference: list[tuple[int, float]]


class Judge:
    """The encoder and the trained head, loaded once per process."""

    def __init__(self, directory: Path | None = None) -> None:
        directory = directory or data_file("judge.json").parent
        meta: dict[str, Any] = json.loads((directory / "judge.json").read_text(encoding="utf-8"))
        self.version: str = meta["version"]
        self.styles: list[str] = meta["styles"]
        self.style_means = np.array(meta["style_means"], np.float32)
        self.mix = float(meta["mix"])
        self.encoder = TokenEncoder(directory / "encoder.onnx")
        self._head = session(directory / "head.onnx")

    def predict(self, item: JudgeInput) -> Prediction:
        """Score one answer, and again without each piece to see what that piece does."""
        texts = list(dict.fromkeys(item.texts))
        states = self.encoder.encode(texts)
        rows = {t: i for i, t in enumerate(texts)}
        means = np.stack([unit_mean(s) for s in states])
        unit_rows = [rows[t] for t in item.texts]
        seqs: list[UnitSequence] = [sequence(item, unit_rows, means)]
        n = len(item.pieces)
        if n > 1:
            seqs += [sequence(item, unit_rows, means, drop=k) for k in range(n)]
        raw, probs = self._head.run(None, pack(states, seqs).feed())
        scores = (1 - self.mix) * 100 * raw + self.mix * probs @ self.style_means
        full = {s: float(p) for s, p in zip(self.styles, probs[0], strict=True)}
        piece_score = [float(scores[0] - scores[1 + k]) for k in range(len(seqs) - 1)]
        odds = np.log(np.clip(probs, 1e-7, 1.0)) - np.log(np.clip(1.0 - probs, 1e-7, 1.0))
        piece_style = [
            {s: float(odds[0, j] - odds[1 + k, j]) for j, s in enumerate(self.styles)}
            for k in range(len(seqs) - 1)
        ]
        vectors = means[unit_rows]
        refs = np.flatnonzero(np.array(item.types) == UnitType.REFERENCE)
        references = [(-1, 0.0)] * n
        if len(refs):
            sim = vectors[len(item.texts) - n :] @ vectors[refs].T
            best = sim.argmax(axis=1)
            references = [(int(b), float(sim[p, b])) for p, b in enumerate(best)]
        return Prediction(float(scores[0]), full, piece_score, piece_style, references)


@lru_cache(maxsize=1)
def get_judge() -> Judge:
    """The process-wide judge."""
    return Judge()
