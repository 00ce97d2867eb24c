"""From raw quality to a calibrated 0-100 score: calibration, anchors, then flaw caps.

The calibration (``data/calibration.json``) is a monotone piecewise-linear map per kind of
question, fitted by ``scripts/calibrate.py`` with cross-validation by role.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from panelist.embeddings import Embedder
from panelist.engines.rubric.criteria import Rubric
from panelist.engines.rubric.flaws import Hit
from panelist.models import Anchor

#: Softmax temperature over anchor similarities: lower trusts the nearest anchor more.
ANCHOR_TEMPERATURE = 0.07
#: How much the anchors' verdict weighs against the rubric's once anchors are close.
ANCHOR_WEIGHT = 0.6


@dataclass(frozen=True)
class Calibration:
    """Monotone piecewise-linear maps from raw quality (0-1) to score (0-100), by kind."""

    version: str
    knots: dict[str, list[tuple[float, float]]]

    def apply(self, kind: str, raw: float) -> float:
        """The calibrated score of ``raw`` for questions of ``kind``."""
        points = self.knots.get(kind) or self.knots["default"]
        xs, ys = zip(*points, strict=True)
        return float(np.interp(raw, xs, ys))


@lru_cache(maxsize=1)
def get_calibration() -> Calibration:
    """The calibration shipped with Panelist."""
    source = resources.files("panelist") / "data" / "calibration.json"
    raw = json.loads(source.read_text(encoding="utf-8"))
    knots = {k: [(float(x), float(y)) for x, y in v] for k, v in raw["knots"].items()}
    return Calibration(version=str(raw["version"]), knots=knots)


def anchor_estimate(
    embedder: Embedder, answer: str, anchors: list[Anchor]
) -> tuple[float, float] | None:
    """A score from the anchors most like the answer, and how close the nearest anchor is."""
    if not anchors or not answer.strip():
        return None
    vectors = embedder.encode([answer, *(a.answer for a in anchors)])
    sims = vectors[1:] @ vectors[0]
    weights = np.exp((sims - sims.max()) / ANCHOR_TEMPERATURE)
    scores = np.array([a.score for a in anchors], dtype=float)
    return float(weights @ scores / weights.sum()), float(sims.max())


def cap_rule(hits: list[Hit], rubric: Rubric) -> tuple[float, float]:
    """The multiplier and the ceiling that the detected flaws put on a score."""
    factor, cap = 1.0, 100.0
    for hit in hits:
        rule = rubric.flags[hit.code]
        factor *= rule.get("factor", 1.0)
        cap = min(cap, rule["cap"])
    return factor, cap


def apply_caps(score: float, hits: list[Hit], rubric: Rubric) -> float:
    """Lower ``score`` to the level the detected flaws allow."""
    factor, cap = cap_rule(hits, rubric)
    return min(score * factor, cap)


def blend_anchor(score: float, estimate: tuple[float, float] | None) -> float:
    """Mix the rubric's score with the anchors' verdict, trusting close anchors more."""
    if estimate is None:
        return score
    anchor_score, closeness = estimate
    weight = ANCHOR_WEIGHT * min(max((closeness - 0.3) / 0.4, 0.0), 1.0)
    return (1 - weight) * score + weight * anchor_score
