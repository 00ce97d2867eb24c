"""The rubric and the criteria sub-scores of the rubric engine.

Criteria are 0-1 measures of what expert interviewers look for, weighed by kind of question;
weights, caps and thresholds come from ``rubric.yaml``. Flaws are found in ``flaws.py``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from panelist.datafiles import load_yaml
from panelist.engines.rubric.analysis import Analysis


@dataclass(frozen=True)
class Rubric:
    """The contents of ``rubric.yaml``."""

    version: str
    weights: dict[str, dict[str, float]]
    scales: dict[str, float]
    depth_floor: float
    flags: dict[str, dict[str, float]]
    detectors: dict[str, float]
    part_kinds: list[dict[str, str]]
    situations: list[dict[str, str]]
    generic_prompts: list[str]


@lru_cache(maxsize=1)
def get_rubric() -> Rubric:
    """The rubric shipped with Panelist."""
    raw: dict[str, Any] = load_yaml(
        (resources.files("panelist") / "data" / "rubric.yaml").read_text(encoding="utf-8")
    )
    return Rubric(
        version=str(raw["version"]),
        weights=raw["weights"],
        scales=raw["scales"],
        depth_floor=float(raw["depth_floor"]),
        flags=raw["flags"],
        detectors=raw["detectors"],
        part_kinds=raw["part_kinds"],
        situations=raw["situations"],
        generic_prompts=raw["generic_prompts"],
    )


@dataclass(frozen=True)
class PartStatus:
    """Whether one part of the question is answered, and how that was decided."""

    part: str
    answered: bool
    by_marker: bool
    label: str
    sentence: int | None


def part_status(a: Analysis, rubric: Rubric) -> list[PartStatus]:
    """For each part of the question: answered or not, by a dependable marker or by meaning."""
    out = []
    for match in a.parts:
        kind = next((k for k in rubric.part_kinds if re.search(k["ask"], match.part, re.I)), None)
        if kind is not None:
            found = a.signals.sentences_with(kind["answer"])
            out.append(
                PartStatus(
                    match.part, bool(found), True, kind["label"], found[0] if found else None
                )
            )
        else:
            out.append(PartStatus(match.part, match.covered, False, match.part, match.sentence))
    return out


def situation_sentences(a: Analysis, rubric: Rubric) -> list[int] | None:
    """The sentences of a behavioural answer that name the adverse situation asked about.

    None when the question asks about no situation of a kind in ``rubric.situations``.
    """
    if a.technical or not a.parts:
        return None
    kinds = [k for k in rubric.situations if re.search(k["ask"], a.parts[0].part, re.I)]
    if not kinds:
        return None
    return sorted({i for k in kinds for i in a.signals.sentences_with(k["answer"])})


def scene_sentences(a: Analysis, rubric: Rubric) -> list[int]:
    """The sentences that set the scene: context, the candidate's task, the situation asked."""
    s = a.signals
    found = s.sentences_with("situation") + s.sentences_with("task")
    return sorted(set(found) | set(situation_sentences(a, rubric) or []))


def _relevance(a: Analysis, parts: list[PartStatus]) -> float:
    """How fully the answer addresses the parts of the question, 0-1.

    A part with a dependable marker counts when the marker is there; any other part counts in
    proportion to how close the answer comes to it, since closeness is a matter of degree.
    """
    if not parts:
        return 0.0
    scores = []
    for status, match in zip(parts, a.parts, strict=True):
        if status.by_marker:
            scores.append(float(status.answered))
        else:
            strength = 0.7 * match.similarity + 0.3 * match.overlap
            scores.append(min(max((strength - 0.25) / 0.2, 0.0), 1.0))
    return sum(scores) / len(scores)


def saturate(evidence: float, scale: float) -> float:
    """``1 - exp(-evidence / scale)``: how close some evidence brings a criterion to 1."""
    return 1.0 - math.exp(-max(evidence, 0.0) / scale)


def criteria(a: Analysis, rubric: Rubric) -> dict[str, float]:
    """Every criterion that applies to the answer, 0-1."""
    s, sc = a.signals, rubric.scales
    n_sentences = max(len(s.kept), 1)
    parts = part_status(a, rubric)
    out = {
        "relevance": _relevance(a, parts),
        "specificity": saturate(
            s.count("quantity") + 0.5 * s.proper_nouns + 0.25 * s.numbers, sc["specificity"]
        ),
        "reasoning": saturate(len(s.sentences_with("reasoning")), sc["reasoning"]),
        "clarity": max(0.0, 1.0 - 2 * s.repetition - 2 * s.gibberish - s.filler_ratio)
        * (1.0 - min(s.count("platitude") / n_sentences, 1.0) * 0.5),
    }
    if a.requirements:
        out["job_fit"] = min(1.0, sum(m.covered for m in a.requirements) / 2)
    if a.technical:
        if a.references:
            per_point = [
                min(max((0.7 * m.similarity + 0.3 * m.overlap - 0.3) / 0.3, 0.0), 1.0)
                for m in a.references
            ]
            out["accuracy"] = sum(per_point) / len(per_point)
        elif a.reference is not None:
            out["accuracy"] = a.reference.agreement
        return out
    past_density = s.past_verbs / max(s.words, 1) * 100
    # A question that sets the scene and asks for a plan ("what would you do if...") is
    # answered with planned actions and how their success would be judged, in the conditional.
    narrated = 1.0 if a.asks_for_plan else min(past_density / sc["past_density"], 1.0)
    out["situation"] = 0.5 * saturate(len(scene_sentences(a, rubric)), sc["situation"])
    out["situation"] += 0.5 * narrated
    planned = set(s.planned_actions) | set(s.present_actions) if a.asks_for_plan else set()
    actions = set(s.i_actions) | planned
    out["actions"] = saturate(len(actions) + 0.5 * _chained_actions(a), sc["actions"])
    results = s.sentences_with("result")
    if a.asks_for_plan:
        results = sorted(set(results) | set(s.sentences_with("success_measure")))
    measured = set(results) & set(s.sentences_with("quantity"))
    out["results"] = saturate(0.5 * len(results) + len(measured), sc["results"])
    return out


#: A further past-tense verb chained onto an action ("I called her, explained... and offered").
_CHAINED = re.compile(
    r"(?:,|\band|\bthen)\s+(?:then\s+|also\s+)?"
    r"([a-z]+ed|built|wrote|ran|set|sent|took|made|got|found|told|led|put|gave)\b"
)


def _chained_actions(a: Analysis) -> int:
    """Further actions chained in the candidate's action sentences, at most two per sentence."""
    return sum(min(len(_CHAINED.findall(a.signals.text(i))), 2) for i in a.signals.i_actions)


def kind_of(a: Analysis) -> str:
    """Which weight set applies: behavioral, motivation or one of the technical kinds."""
    if not a.technical:
        return "motivation" if a.asks_for_motivation else "behavioral"
    if a.references:
        return "technical_points"
    return "technical_answer" if a.reference is not None else "technical_open"
