"""The style temperature of the final score, fitted on a cross-validation's out-of-fold outputs.

``python -m training.judge.calibrate CV_JSON`` reads the ``cv.json`` that ``python -m
training.judge --cv`` writes (each answer's out-of-fold regression output, style probabilities,
its fold's style means and the styles left out of its score, as the engine leaves them; the
same for the counterfactual pairs and SemEval when it has them)
and prints, at each temperature of :data:`GRID`, the squared and absolute error of the final
score, the largest change of each kind of pair and the SemEval AUC; then the temperature with
the least squared error, and a nested estimate: each fold of roles scored at the temperature
fitted on the other folds.

Averaging seeds softens the style probabilities, so fit on a cross-validation that averages as
many seeds as the shipped model (``--seeds 3``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from panelist.judge.model import final_scores
from panelist.quality import roc_auc
from training.judge.__main__ import figures, load
from training.judge.config import Config
from training.judge.data import Example, role_folds

GRID = tuple(round(0.3 + 0.05 * i, 2) for i in range(15))  # 0.3 to 1.0


class Outputs:
    """Out-of-fold outputs of answers: regression (0-1), style probabilities, fold style means."""

    def __init__(self, rows: Sequence[dict[str, Any]]) -> None:
        self.raw = np.array([r["regression"] for r in rows], np.float32) / 100
        self.probs = np.array([r["style_probs"] for r in rows], np.float32)
        self.means = np.array([r["style_means"] for r in rows], np.float32)
        # Styles left out of each score (cv.json of a run before they were recorded: none).
        self.left_out = np.zeros(self.probs.shape, bool)
        for i, r in enumerate(rows):
            self.left_out[i, r.get("left_out", [])] = True

    def scores(self, temperature: float, mix: float, at: np.ndarray | None = None) -> np.ndarray:
        """Final scores (of the answers ``at``, a mask; default all) at ``temperature``."""
        if at is None:
            at = np.ones(len(self.raw), bool)
        return final_scores(
            self.raw[at], self.probs[at], self.means[at], mix, temperature, self.left_out[at]
        )


class OutOfFold(Outputs):
    """Out-of-fold outputs of a cross-validation, in the order of ``examples``, and labels."""

    def __init__(self, cv: dict[str, dict[str, Any]], examples: Sequence[Any]) -> None:
        super().__init__([cv[e.id] for e in examples])
        self.labels = np.array([e.label for e in examples], np.float32)

    def squared_error(self, temperature: float, mix: float, at: np.ndarray | None = None) -> float:
        """Mean squared error of the final scores (of the answers ``at``) at ``temperature``."""
        labels = self.labels if at is None else self.labels[at]
        return float(((self.scores(temperature, mix, at) - labels) ** 2).mean())


def pair_changes(pairs: Sequence[dict[str, Any]], temperature: float, mix: float) -> np.ndarray:
    """Rounded score of each pair's changed side minus its baseline's, at ``temperature``."""
    sides = [
        Outputs([p["sides"][k] | {"style_means": p["style_means"]} for p in pairs]) for k in (0, 1)
    ]
    left, right = (np.round(s.scores(temperature, mix)) for s in sides)
    return right - left


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cv", type=Path, help="cv.json written by python -m training.judge --cv")
    args = parser.parse_args()
    cfg = Config()
    data = json.loads(args.cv.read_text(encoding="utf-8"))
    train, _, graded = load(cfg)
    oof = OutOfFold(data["out_of_fold"], train)
    pairs: dict[str, list[dict[str, Any]]] = data.get("pairs", {})
    semeval = {k: v for k, v in data.get("semeval", {}).items() if "style_probs" in v}
    correct = {e.id: e.extra.get("label_2way") == "correct" for e in graded}
    for t in GRID:
        line = (
            f"temperature {t:.2f}: squared error {oof.squared_error(t, cfg.mix):7.2f}  "
            f"MAE {float(np.abs(oof.scores(t, cfg.mix) - oof.labels).mean()):5.2f}"
        )
        for kind, rows in pairs.items():
            moved = np.abs(pair_changes(rows, t, cfg.mix))
            line += f"  {kind}: {moved.mean():.2f}, largest {moved.max():.0f}"
        if semeval:
            scores = Outputs(list(semeval.values())).scores(t, cfg.mix)
            line += f"  SemEval AUC {roc_auc(list(scores), [correct[k] for k in semeval]):.3f}"
        print(line)
    best = min(GRID, key=lambda t: oof.squared_error(t, cfg.mix))
    print(f"least squared error on all folds: temperature {best:.2f}")
    folds = _folds(train, cfg)
    nested = np.zeros(len(train))
    chosen = []
    for f in range(cfg.folds):
        fitted = min(GRID, key=lambda t: oof.squared_error(t, cfg.mix, folds != f))
        chosen.append(f"{fitted:.2f}")
        nested[folds == f] = oof.scores(fitted, cfg.mix, folds == f)
    print(f"nested: each fold at the temperature fitted on the others ({', '.join(chosen)})")
    print(figures("nested", nested, train))


def _folds(train: list[Example], cfg: Config) -> np.ndarray:
    """The cross-validation's test fold of each training answer."""
    fold_of = {
        role: f
        for f, roles in enumerate(role_folds(train, cfg.folds, cfg.split_seed))
        for role in roles
    }
    return np.array([fold_of[e.role] for e in train])


if __name__ == "__main__":
    main()
