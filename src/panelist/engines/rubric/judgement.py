"""The rubric engine's judgement of an answer: criteria, raw quality and flaws."""

from __future__ import annotations

from dataclasses import dataclass

from panelist.engines.rubric.analysis import Analysis
from panelist.engines.rubric.criteria import Rubric, criteria, get_rubric, kind_of, saturate
from panelist.engines.rubric.flaws import Hit, detect


@dataclass
class Judgement:
    """Criteria (0-1), the kind of question whose weights applied, raw quality and flaws."""

    kind: str
    criteria: dict[str, float]
    raw: float
    hits: list[Hit]


def judge(a: Analysis, rubric: Rubric | None = None) -> Judgement:
    """Criteria, raw quality (0-1, before calibration) and flaws of the answer."""
    rubric = rubric or get_rubric()
    values = criteria(a, rubric)
    kind = kind_of(a)
    weights = {k: w for k, w in rubric.weights[kind].items() if k in values}
    total = sum(weights.values())
    raw = sum(values[k] * w for k, w in weights.items()) / total if total else 0.0
    if kind != "technical_answer":
        depth = saturate(a.signals.content, rubric.scales["depth"])
        raw *= rubric.depth_floor + (1 - rubric.depth_floor) * depth
    return Judgement(kind=kind, criteria=values, raw=raw, hits=detect(a, rubric))
