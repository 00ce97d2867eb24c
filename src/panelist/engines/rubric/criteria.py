"""Criteria sub-scores and flaw detectors of the rubric engine.

Criteria are 0-1 measures of what expert interviewers look for; detectors find the flaws that
cap an answer's level whatever its other merits. Weights and caps come from ``rubric.yaml``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from panelist.engines.rubric.analysis import Analysis
from panelist.engines.rubric.signals import LIST_RUN
from panelist.text import content_words


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
    raw: dict[str, Any] = yaml.safe_load(
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


@dataclass(frozen=True)
class Hit:
    """A detected flaw and the sentences that show it."""

    code: str
    sentences: list[int] = field(default_factory=list)
    detail: str = ""


@dataclass
class Judgement:
    """Criteria (0-1), the rubric they were weighed with, the raw quality and the flaws."""

    kind: str
    criteria: dict[str, float]
    raw: float
    hits: list[Hit]


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


def _saturate(evidence: float, scale: float) -> float:
    return 1.0 - math.exp(-max(evidence, 0.0) / scale)


def criteria(a: Analysis, rubric: Rubric) -> dict[str, float]:
    """Every criterion that applies to the answer, 0-1."""
    s, sc = a.signals, rubric.scales
    n_sentences = max(len(s.kept), 1)
    parts = part_status(a, rubric)
    out = {
        "relevance": _relevance(a, parts),
        "specificity": _saturate(
            s.count("quantity") + 0.5 * s.proper_nouns + 0.25 * s.numbers, sc["specificity"]
        ),
        "reasoning": _saturate(len(s.sentences_with("reasoning")), sc["reasoning"]),
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
    out["situation"] = 0.5 * _saturate(len(scene_sentences(a, rubric)), sc["situation"])
    out["situation"] += 0.5 * narrated
    planned = set(s.planned_actions) | set(s.present_actions) if a.asks_for_plan else set()
    actions = set(s.i_actions) | planned
    out["actions"] = _saturate(len(actions) + 0.5 * _chained_actions(a), sc["actions"])
    results = s.sentences_with("result")
    if a.asks_for_plan:
        results = sorted(set(results) | set(s.sentences_with("success_measure")))
    measured = set(results) & set(s.sentences_with("quantity"))
    out["results"] = _saturate(0.5 * len(results) + len(measured), sc["results"])
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


def detect(a: Analysis, rubric: Rubric) -> list[Hit]:
    """The flaws of the answer, strongest first.

    With a model answer and no key points (short-answer grading), only the flaws that do not
    depend on an interview answer's length and form are looked for.
    """
    hits = _basic_flaws(a, rubric)
    if a.reference is None or a.references:
        hits += _length_flaws(a, rubric) + _content_flaws(a, rubric)
    if kind_of(a) == "technical_open" and not hits:
        hits.append(Hit("accuracy_unchecked"))
    return hits


def _basic_flaws(a: Analysis, rubric: Rubric) -> list[Hit]:
    s, d = a.signals, rubric.detectors
    hits: list[Hit] = []
    if s.instruction:
        hits.append(Hit("grader_instruction", s.instruction))
    hedged = s.count("hedges") > 0 and s.words < d["hedged_non_answer_words"]
    if not s.words or hedged:
        hits.append(Hit("non_answer", s.kept[:1]))
    elif (
        s.english < d["english_share"]
        and s.other_language >= d["other_language_share"]
        and s.words >= d["gibberish_min_words"]
    ):
        hits.append(Hit("unsupported_language", s.kept[:1]))
    elif s.gibberish >= d["gibberish_ratio"] and s.words >= d["gibberish_min_words"]:
        hits.append(Hit("gibberish", s.kept[:2]))
    return hits


def _length_flaws(a: Analysis, rubric: Rubric) -> list[Hit]:
    s, d = a.signals, rubric.detectors
    if not s.words or s.count("hedges"):
        return []
    if s.words < d["non_answer_words"]:
        return [Hit("non_answer", s.kept[:1])]
    if s.words < d["too_short_words"]:
        return [Hit("too_short", s.kept[:1])]
    return []


def _content_flaws(a: Analysis, rubric: Rubric) -> list[Hit]:
    s, d = a.signals, rubric.detectors
    hits: list[Hit] = []
    n_sentences = max(len(s.kept), 1)
    if a.question_share > d["restated_share"] and a.novel_terms < d["restated_novel_terms"]:
        hits.append(Hit("restated_question", s.kept[:2]))
    elif (
        a.borrowed_share > d["restated_share"]
        and a.borrowed_novel_terms < d["restated_novel_terms"]
    ):
        hits.append(Hit("restated_job_description", s.kept[:2]))
    if s.list_ratio > d["list_ratio"] and len(s.i_actions) <= 1:
        hits.append(Hit("keyword_stuffing", _list_sentences(a)))
    platitudes = s.sentences_with("platitude")
    share = len(platitudes) / n_sentences
    story_padding = not a.technical and share > d["platitude_share"] and len(s.i_actions) <= 1
    # A technical answer may call something important; one made mostly of such lines says nothing.
    technical_padding = (
        a.technical and share > 2 * d["platitude_share"] and not s.sentences_with("reasoning")
    )
    if story_padding or technical_padding:
        hits.append(Hit("padding", platitudes[:2]))
    if s.repetition >= d["repetition_share"]:
        hits.append(Hit("repetition"))
    hits += _credibility_flaws(a, rubric)
    best_part = max((m.similarity for m in a.parts), default=0.0)
    # An open question ("a project you are proud of") is far, in similarity, from any story.
    judged = a.technical or _specific_situation(a, rubric)
    unrelated = (
        judged
        and best_part < d["off_topic_part"]
        and a.question_similarity < d["off_topic_question"]
    )
    named = situation_sentences(a, rubric)
    other_story = (
        judged
        and a.expects_story
        and not named  # an answer that names the situation asked about is not another story
        and a.situation_contrast is not None
        and a.situation_contrast < d["off_topic_contrast"]
    )
    if s.words >= d["too_short_words"] and (unrelated or other_story):
        hits.append(Hit("off_topic", s.kept[:1]))
    elif (
        s.words >= d["too_short_words"]
        and a.expects_story
        and named == []
        and a.situation_contrast is not None
        and a.situation_contrast < d["situation_contrast"]
    ):
        part = a.parts[0].part
        first = part.split()[0]
        if not any(c.isupper() for c in first[1:]):  # keep acronyms such as "SQL" as written
            part = part[:1].lower() + part[1:]
        hits.append(Hit("situation_missing", s.kept[:1], part))
    return hits


def _specific_situation(a: Analysis, rubric: Rubric) -> bool:
    """Whether a behavioural question asks about a specific situation rather than any story.

    "Tell me about a time you showed leadership" is no closer to a good answer than to a
    generic prompt, so similarity cannot tell an answer to it from a different story.
    """
    words = content_words(a.parts[0].part) if a.parts else []
    return len(set(words)) >= rubric.detectors["specific_situation_words"]


def _credibility_flaws(a: Analysis, rubric: Rubric) -> list[Hit]:
    s, d = a.signals, rubric.detectors
    hits: list[Hit] = []
    implausible = s.sentences_with("implausible")
    if s.count("implausible") >= 2:
        hits.append(Hit("implausible_metrics", implausible[:2]))
    elif implausible:
        hits.append(Hit("unverified_metric", implausible[:1]))
    blame = s.sentences_with("blame")
    if s.count("blame") >= 2:
        hits.append(Hit("blame", blame[:2]))
    elif blame:
        hits.append(Hit("blame_hint", blame[:1]))
    if s.count("misconduct") >= 2:
        hits.append(Hit("misconduct", s.sentences_with("misconduct")[:2]))
    if not a.technical:
        n_sentences = max(len(s.kept), 1)
        hypothetical = s.sentences_with("hypothetical") if a.expects_story else []
        share = len(hypothetical) / n_sentences
        if (not s.i_actions and share > d["hypothetical_share"]) or (
            len(s.i_actions) <= 1 and share > 2 * d["hypothetical_share"]
        ):
            hits.append(Hit("hypothetical", hypothetical[:1]))
        if s.i_count == 0 and s.we_count >= d["we_only_min"]:
            hits.append(Hit("no_personal_role", s.kept[:1]))
    contradicted = [m for m in a.references if m.contradicted]
    where = [m.sentence for m in contradicted if m.sentence is not None]
    if len(contradicted) >= 2:
        hits.append(
            Hit("contradicts_reference", where[:2], "; ".join(m.part for m in contradicted))
        )
    elif contradicted:
        hits.append(Hit("possible_contradiction", where, contradicted[0].part))
    return hits


def _list_sentences(a: Analysis) -> list[int]:
    return [i for i in a.signals.kept if LIST_RUN.search(a.signals.text(i))][:2]


def judge(a: Analysis, rubric: Rubric | None = None) -> Judgement:
    """Criteria, raw quality (0-1, before calibration) and flaws of the answer."""
    rubric = rubric or get_rubric()
    values = criteria(a, rubric)
    kind = kind_of(a)
    weights = {k: w for k, w in rubric.weights[kind].items() if k in values}
    total = sum(weights.values())
    raw = sum(values[k] * w for k, w in weights.items()) / total if total else 0.0
    if kind != "technical_answer":
        depth = _saturate(a.signals.content, rubric.scales["depth"])
        raw *= rubric.depth_floor + (1 - rubric.depth_floor) * depth
    return Judgement(kind=kind, criteria=values, raw=raw, hits=detect(a, rubric))
