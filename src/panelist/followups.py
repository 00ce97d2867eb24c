"""Follow-up questions from the gaps an evaluation found, offline and deterministic.

Each weakness kind or flag code an engine emits (judge or rubric) maps to a reason
(``data/followups.yaml``): the missing part of the question, no personal role, no result, no
reasoning, a reference point not covered, another situation, a real example instead of a
hypothetical one, too brief, or, for a non-answer, asking the question again. A follow-up quotes
a short clause of the answer where that helps ('You said "we rolled it back". What was your own
part in that?'). A question that asks what the candidate would do (:func:`asks_for_plan`) gets
the plan wording of a reason where it has one: never a request for a past example or a result.
A part of a multi-part question that the answer shows no marker of (the same dependable markers
the rubric engine uses) is asked about even when the engine did not say so.

None are written for a complete answer (score at least :data:`COMPLETE` and no weakness), for
an answer with no gap found, or for one not judged (``unsupported_language``: a reviewer who
reads the language should ask). Text addressed to the grader is a matter for the reviewer, not a
question: it gives no follow-up, the answer's other gaps do. In a second round (the answer
the questions already asked are given), a follow-up that repeats one is not asked again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from panelist.aggregate import judged
from panelist.datafiles import load_yaml
from panelist.engines.rubric.criteria import get_rubric
from panelist.engines.rubric.semantics import is_situational, question_parts
from panelist.lexicon import get_lexicon
from panelist.models import Evaluation, Evidence, FollowUp, Question
from panelist.text import ACTION, HABIT, content_stems

#: From this score, an answer with no weakness is complete: no follow-up.
COMPLETE = 85
#: The longest quote, in words, and how many of them may come before what it shows.
QUOTE_WORDS = 12
QUOTE_BEFORE = 4
#: A shorter clause says too little to quote ('You said "I considered"'): the plain wording serves.
QUOTE_MIN_WORDS = 3

#: Reasons that may be asked once per part of the question or reference point.
_PER_ITEM = frozenset({"missing_part", "reference_point"})
_BOUNDARY = re.compile(r"[;:!?\"()]|[,.](?=\s|$)|\s[-\u2013\u2014]\s")
_WE = re.compile(r"\bwe\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
#: A sentence that tells a lesson ("What I learned is ...", "It taught me ...", "The main lesson
#: for me was ..."), not a class ("my lesson on graphing").
_LESSON = re.compile(
    r"\b(?:I (?:learned|learnt|realised|realized)|taught me|what I took away|(?:the|my) (?:main "
    r"|big |biggest |key )?(?:lesson|takeaway)(?: for me| here)? (?:was|is|I)\b)",
    re.IGNORECASE,
)
#: A question about the past: its answer tells what happened even when it also asks what the
#: candidate would do differently now.
_PAST = re.compile(
    r"\b(?:tell me about|describe|give (?:me )?an example|share an experience|walk me through)\b"
    r"[^?]*\b(?:a time|a situation|an occasion|a project|an experience|when you|you (?:had|were))\b"
    r"|\b(?:did|have) you\b",
    re.IGNORECASE,
)
#: A question that asks what the candidate would do (a plan, not a past outcome), besides the
#: rubric's situational questions (:func:`is_situational`).
_SITUATIONAL = re.compile(
    r"\b(?:how|what) would you\b|\bwould you (?:do|handle|approach|respond|say|tell)\b"
    r"|\bhow do you\b|\bwhat do you do (?:when|if)\b"
    r"|\b(?:imagine|suppose)\b|^\s*if\b|\byou(?: are|'re) (?:asked|told|given|about to)\b",
    re.IGNORECASE,
)


def asks_for_plan(question: str) -> bool:
    """Whether ``question`` asks what the candidate would do, not what they did."""
    situational = _SITUATIONAL.search(question) or is_situational(question)
    return bool(situational) and not _PAST.search(question)


@lru_cache(maxsize=1)
def _wording() -> dict[str, Any]:
    source = resources.files("panelist") / "data" / "followups.yaml"
    data: dict[str, Any] = load_yaml(source.read_text(encoding="utf-8"))
    return data


def reason_of(kind: str) -> str | None:
    """The reason a follow-up question is asked about a weakness of ``kind`` (or a flag of that
    code): ``no_result`` of ``results``; ``None`` when none is asked."""
    reasons: dict[str, str] = _wording()["reasons"]
    return reasons.get(kind)


def off_the_question(kind: str) -> bool:
    """Whether a weakness of ``kind`` says the answer is not about the question or says nothing
    specific (``generic``, ``off_topic``, ...): its follow-up replaces all others."""
    return reason_of(kind) in _wording()["exclusive"]


@dataclass
class _Gap:
    """A finding that calls for a follow-up."""

    kind: str
    reason: str
    evidence: list[Evidence] = field(default_factory=list)
    part: str | None = None
    point: str | None = None


def _clause(
    answer: str, start: int, end: int, anchor: int, from_anchor: bool
) -> tuple[Evidence, str]:
    """The clause of ``answer[start:end]`` around ``anchor`` and its quote.

    At most :data:`QUOTE_WORDS` words around the anchor; "..." marks a cut.
    """
    left = anchor if from_anchor else start
    if not from_anchor:
        for boundary in _BOUNDARY.finditer(answer, start, anchor):
            left = boundary.end()
    after = _BOUNDARY.search(answer, anchor, end)
    right = after.start() if after is not None else end
    words = list(re.finditer(r"\S+", answer[left:right]))
    if not words:
        evidence = Evidence.of(answer, start, end)
        return evidence, " ".join(evidence.quote.split())
    at = next((i for i, w in enumerate(words) if left + w.end() > anchor), 0)
    first = max(0, min(at - QUOTE_BEFORE, len(words) - QUOTE_WORDS))
    kept = words[first : first + QUOTE_WORDS]
    evidence = Evidence.of(answer, left + kept[0].start(), left + kept[-1].end())
    quote = " ".join(evidence.quote.split()).rstrip(".")
    if first > 0:
        quote = "..." + quote
    if first + QUOTE_WORDS < len(words):
        quote += "..."
    return evidence, quote


def _quote(gap: _Gap, answer: str) -> tuple[Evidence, str] | None:
    """The clause a follow-up for ``gap`` quotes, or None."""
    spans = [(e.start, e.end) for e in gap.evidence if answer[e.start : e.end] == e.quote]
    if gap.reason == "no_personal_role" and gap.kind != "blames_others":
        pattern, from_anchor, last = _WE, True, False
    elif gap.reason == "no_result" and gap.kind == "results":
        pattern, from_anchor, last = ACTION, True, True
    elif gap.reason in ("no_result", "unverified_claim"):
        pattern, from_anchor, last = _DIGIT, False, False
    elif gap.reason == "no_reasoning":
        pattern, from_anchor, last = ACTION, True, False
    elif gap.reason in ("too_brief", "hypothetical", "reference_point") or gap.kind.startswith(
        "blame"
    ):
        pattern, from_anchor, last = re.compile(r"\S"), False, False
    else:
        return None
    if gap.kind == "generic":
        # asked for the detail of what happened, not of what the candidate learned from it
        spans = [(s, e) for s, e in spans if not _LESSON.search(answer, s, e)]
        if not spans:
            return None
    habits = [(s, e) for s, e in spans if HABIT.search(answer, s, e)]
    if gap.kind == "general_process" and habits:
        # the clause that tells the habit ("I follow several strategies"), not the first one
        pattern, spans = HABIT, habits
    for start, end in [*spans, (0, len(answer))]:
        found = list(pattern.finditer(answer, start, end))
        if found:
            anchor = found[-1 if last else 0].start()
            evidence, quote = _clause(answer, start, end, anchor, from_anchor)
            return (evidence, quote) if len(quote.split()) >= QUOTE_MIN_WORDS else None
    return None


def _reference_point(text: str, question: Question, part: str | None) -> str | None:
    """The reference point a weakness names (by its ``question_part`` or its text)."""
    points = [p.strip() for p in question.reference_points]
    if part and part.strip() in points:
        return part.strip()
    flat = " ".join(text.split())
    for point in points:
        words = " ".join(point.split())
        if words in flat or (len(words) > 100 and words[:90] in flat):
            return point
    return part


def _gaps(evaluation: Evaluation, question: Question, answer: str) -> list[_Gap]:
    gaps: list[_Gap] = []
    for weakness in evaluation.weaknesses:
        kind = weakness.kind or ""
        reason = reason_of(kind)
        if reason is None:
            continue
        gap = _Gap(kind, reason, list(weakness.evidence), weakness.question_part)
        if kind == "partial" and gap.part is None:
            parts = question_parts(question.text)
            if len(parts) < 2 or question.reference_points:
                continue  # the missed reference points say what is missing
            gap.part = parts[-1]
        if gap.reason == "reference_point":
            gap.point = _reference_point(weakness.text, question, weakness.question_part)
            if gap.point is None and kind == "accuracy":
                continue
        gaps.append(gap)
    for flag in evaluation.flags:
        reason = reason_of(flag.code)
        if reason is not None and not any(g.kind == flag.code for g in gaps):
            gaps.append(_Gap(flag.code, reason, list(flag.evidence)))
    gaps += _missing_parts(question, answer, {g.part for g in gaps if g.part})
    return gaps


#: Parts of a question (by the lexicon category that answers them) that another reason's
#: follow-up already asks about.
_PART_REASONS = {"result": "no_result", "task": "no_personal_role"}


def _part_kind(part: str) -> dict[str, str] | None:
    return next((k for k in get_rubric().part_kinds if re.search(k["ask"], part, re.I)), None)


def _said_otherwise(gap: _Gap, gaps: list[_Gap]) -> bool:
    """A missing part whose question another follow-up asks (the outcome, the own role)."""
    if gap.reason != "missing_part" or gap.part is None:
        return False
    kind = _part_kind(gap.part)
    reason = _PART_REASONS.get(kind["answer"]) if kind else None
    return reason is not None and any(g.reason == reason for g in gaps)


def _missing_parts(question: Question, answer: str, known: set[str]) -> list[_Gap]:
    """Later parts of the question with no marker of an answer to them in ``answer``.

    The first part is the story itself, not checked here.
    """
    lexicon = get_lexicon()
    gaps = []
    for part in question_parts(question.text)[1:]:
        kind = _part_kind(part)
        if kind is None or part in known:
            continue
        if not lexicon.find(kind["answer"], answer):
            gaps.append(_Gap("part", "missing_part", part=part))
    return gaps


def _template(gap: _Gap, question: Question) -> dict[str, str]:
    """The wording for ``gap``: by its kind, else its reason; when the question asks for a plan,
    the plan wording (by kind, else reason) comes first."""
    wording = _wording()
    kind = wording["same_as"].get(gap.kind, gap.kind)
    sets: list[dict[str, dict[str, str]]] = [wording["templates"]]
    if asks_for_plan(question.text):
        sets.insert(0, wording["plan_templates"])
    for templates in sets:
        for key in (kind, gap.reason):
            if key in templates:
                return templates[key]
    raise KeyError(gap.reason)


def _values(gap: _Gap, question: Question) -> dict[str, str]:
    parts = question_parts(question.text)
    return {
        "question": " ".join(question.text.split()),
        "first": re.split(r"(?<=[?.!])\s+", " ".join(question.text.split()))[0],
        "part": (gap.part or parts[0]).rstrip(" ?.").strip(),
        "point": (gap.point or "").rstrip("."),
    }


def _write(gap: _Gap, question: Question, answer: str) -> FollowUp:
    template = _template(gap, question)
    quote = _quote(gap, answer) if "quoted" in template else None
    values = _values(gap, question)
    if quote is not None:
        text = template["quoted"].format(quote=quote[1], **values)
    else:
        text = template["plain"].format(**values)
    evidence = [quote[0]] if quote is not None else []
    return FollowUp(text=text, reason=gap.reason, evidence=evidence, reference_point=gap.point)


def _repeats(gap: _Gap, question: Question, before: list[set[str]]) -> bool:
    """Whether the gap's question (its plain wording) was asked already: half or more of the
    content words of the shorter of the two are shared."""
    mine = content_stems(_template(gap, question)["plain"].format(**_values(gap, question)))
    return any(
        mine and other and len(mine & other) * 2 >= min(len(mine), len(other)) for other in before
    )


def followups(
    evaluation: Evaluation, question: Question, answer: str, asked: list[str] | None = None
) -> list[FollowUp]:
    """At most three follow-up questions for ``answer``, most important first; none that
    repeats one of the questions ``asked`` already."""
    if not judged(evaluation):
        return []
    if evaluation.score >= COMPLETE and not evaluation.weaknesses:
        return []
    wording = _wording()
    order: list[str] = wording["order"]
    gaps = sorted(_gaps(evaluation, question, answer), key=lambda g: order.index(g.reason))
    if not gaps:
        return []
    if gaps[0].reason in wording["exclusive"]:
        gaps = gaps[:1]
    gaps = [g for g in gaps if not _said_otherwise(g, gaps)]
    covered = {r for g in gaps for r in wording["covers"].get(g.reason, [])}
    gaps = [g for g in gaps if g.reason not in covered]
    chosen: list[_Gap] = []
    seen: set[tuple[str, str | None]] = set()
    before = [content_stems(text) for text in asked or []]
    for gap in gaps:
        key = (gap.reason, gap.part or gap.point if gap.reason in _PER_ITEM else None)
        if key in seen or _repeats(gap, question, before):
            continue
        seen.add(key)
        chosen.append(gap)
    out: list[FollowUp] = []
    for gap in chosen:
        follow_up = _write(gap, question, answer)
        if all(f.text != follow_up.text for f in out):
            out.append(follow_up)
    return out[: int(wording["max"])]


def with_follow_ups(
    evaluation: Evaluation, question: Question, answer: str, asked: list[str] | None = None
) -> Evaluation:
    """``evaluation`` with its follow-up questions filled in."""
    questions = followups(evaluation, question, answer, asked)
    return evaluation.model_copy(update={"follow_ups": questions})
