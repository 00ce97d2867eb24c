"""Strengths, weaknesses, tips and a justification, each resting on evidence in the answer.

Wording comes from ``data/feedback.yaml``. A strength quotes the sentence that shows it; a
weakness names the missing part of the question, the missed reference point or the job
requirement, or quotes the sentence at fault. Nothing is said that the answer contradicts:
a part of the question is reported missing only when a dependable marker is absent.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from panelist.aggregate import UNJUDGED
from panelist.datafiles import load_yaml
from panelist.engines.base import Feedback
from panelist.engines.rubric.analysis import Analysis
from panelist.engines.rubric.criteria import Rubric, part_status, scene_sentences
from panelist.engines.rubric.judgement import Judgement
from panelist.lexicon import get_lexicon
from panelist.models import Flag, Point
from panelist.text import shorten

STRONG = 0.7
WEAK = 0.35
#: Criteria measured reliably enough to advise on when nothing else is wrong.
STRETCHABLE = ("actions", "results", "specificity", "reasoning", "situation")
#: Below this, the weakest criterion of an otherwise sound answer earns a tip.
STRETCH = 0.9
MAX_POINTS = 3
#: The lexicon category whose phrase a strength's quote must show, by criterion.
QUOTED_CATEGORY = {"situation": "situation", "results": "result", "reasoning": "reasoning"}


@lru_cache(maxsize=1)
def _wording() -> dict[str, Any]:
    source = resources.files("panelist") / "data" / "feedback.yaml"
    data: dict[str, Any] = load_yaml(source.read_text(encoding="utf-8"))
    return data


def _quote(a: Analysis, index: int | None, limit: int = 110) -> str:
    return shorten(a.signals.sentences[index].text, limit) if index is not None else ""


def _quote_showing(a: Analysis, index: int, category: str, limit: int = 110) -> str:
    """Sentence ``index`` cut to ``limit`` characters around its first ``category`` phrase."""
    text = " ".join(a.signals.sentences[index].text.split())
    found = get_lexicon().find(category, text)
    if not found or found[0].end <= limit - 3:
        return shorten(text, limit)
    start = text.rfind(" ", 0, max(found[0].start - 30, 0)) + 1
    return "..." + shorten(text[start:], limit)


def _first(indexes: list[int]) -> int | None:
    return indexes[0] if indexes else None


def _specifics(a: Analysis) -> str:
    found: list[str] = []
    for _, match in a.signals.matches.get("quantity", []):
        text = match.text.strip(" ,.")
        if text not in found:
            found.append(text)
    return ", ".join(f'"{f}"' for f in found[:3])


def _ranked_sentences(a: Analysis, category: str) -> list[int]:
    """Kept sentences with ``category``, richest first, earlier first on ties.

    Outcomes rank measured ones first and, on ties, later ones: stories end with their result.
    """
    counts: dict[int, int] = {}
    for index, _ in a.signals.matches.get(category, []):
        counts[index] = counts.get(index, 0) + 1
    if category != "result":
        return sorted(counts, key=lambda i: (-counts[i], i))
    measured = set(a.signals.sentences_with("quantity"))
    return sorted(counts, key=lambda i: (-counts[i] - (i in measured), -i))


def _strengths(a: Analysis, j: Judgement, rubric: Rubric) -> list[Point]:
    words = _wording()["strengths"]
    c = j.criteria
    out: list[tuple[float, Point]] = []
    if c.get("accuracy", 0) > 0 and a.references:
        covered = sorted(
            (m for m in a.references if m.covered and not m.contradicted),
            key=lambda m: -m.similarity,
        )
        for m in covered[:2]:
            text = words["accuracy"].format(
                point=shorten(m.part, 70), quote=_quote(a, m.sentence, 90)
            )
            out.append(
                (
                    1.0 + m.similarity,
                    Point(
                        text=text,
                        kind="accuracy",
                        evidence=a.evidence(m.sentence),
                        question_part=m.part,
                    ),
                )
            )
    used = {p.evidence[0].start for _, p in out if p.evidence}
    if a.technical and c.get("relevance", 0) >= STRONG:
        best = max(a.parts, key=lambda m: m.similarity)
        if best.sentence is not None:
            point = Point(
                text=words["relevance"].format(quote=_quote(a, best.sentence)),
                kind="relevance",
                evidence=a.evidence(best.sentence),
                question_part=best.part,
            )
            out.append((c["relevance"], point))
    opening = a.signals.kept[: max(2, len(a.signals.kept) // 3)]
    scene = scene_sentences(a, rubric)
    candidates = {
        "situation": [i for i in opening if i in scene] or opening[:1],
        "actions": a.signals.i_actions,
        "results": _ranked_sentences(a, "result"),
        "reasoning": _ranked_sentences(a, "reasoning"),
    }
    for name, indexes in candidates.items():
        fresh = [i for i in indexes if a.signals.sentences[i].start not in used]
        if c.get(name, 0) < STRONG or not fresh:
            continue
        index = fresh[0]
        used.add(a.signals.sentences[index].start)
        category = QUOTED_CATEGORY.get(name)
        quote = _quote_showing(a, index, category) if category else _quote(a, index)
        text = words[name].format(quote=quote)
        requirement = a.sentence_requirements.get(index)
        point = Point(text=text, kind=name, evidence=a.evidence(index), requirement=requirement)
        out.append((c[name], point))
    if c.get("specificity", 0) >= STRONG and (items := _specifics(a)):
        evidence = [e for i in a.signals.sentences_with("quantity")[:2] for e in a.evidence(i)]
        out.append(
            (
                c["specificity"],
                Point(
                    text=words["specificity"].format(items=items),
                    kind="specificity",
                    evidence=evidence,
                ),
            )
        )
    fits = sorted((m for m in a.requirements if m.covered), key=lambda m: -m.similarity)
    if fits:
        m = fits[0]
        text = words["job_fit"].format(
            requirement=shorten(m.part, 60), quote=_quote(a, m.sentence, 80)
        )
        out.append(
            (
                0.6 + m.similarity,
                Point(
                    text=text, kind="job_fit", evidence=a.evidence(m.sentence), requirement=m.part
                ),
            )
        )
    out.sort(key=lambda pair: -pair[0])
    return [p for _, p in out[:MAX_POINTS]]


def _weaknesses(a: Analysis, j: Judgement, rubric: Rubric) -> tuple[list[Point], list[Point]]:
    wording = _wording()
    own = wording["by_kind"].get(_wording_kind(a, j), {})
    words = {**wording["weaknesses"], **own.get("weaknesses", {})}
    tips = {**wording["tips"], **own.get("tips", {})}
    weak: list[Point] = []
    tip: list[Point] = []

    def add(kind: str, text: str, advice: str, **extra: Any) -> None:
        weak.append(Point(text=text, kind=kind, **extra))
        tip.append(
            Point(text=advice, kind=kind, **{k: v for k, v in extra.items() if k != "evidence"})
        )

    for hit in j.hits:
        if rubric.flags[hit.code]["cap"] >= 100:  # a note on the evaluation, not a fault
            continue
        entry = wording["flags"][hit.code]
        index = _first(hit.sentences)
        fields = {
            "quote": _quote(a, index),
            "words": a.signals.words,
            "detail": shorten(hit.detail, 90),
        }
        text = entry["weakness"].format(**fields)
        if index is None:
            text = re.sub(r':? ?"\s*"$', "", text)
        extra: dict[str, Any] = {"evidence": a.evidence(index)}
        if hit.code == "situation_missing":
            extra["question_part"] = hit.detail
        add(hit.code, text, entry["tip"].format(**fields), **extra)
    if any(h.code in wording["flag_only"] for h in j.hits):
        return weak, tip
    if a.references:
        missed = [m for m in a.references if not m.covered]
        for m in sorted(missed, key=lambda m: m.similarity)[:2]:
            add(
                "accuracy",
                words["accuracy"].format(point=shorten(m.part, 100)),
                tips["accuracy"].format(point=m.part.rstrip(".")),
                question_part=m.part,
            )
    for status in part_status(a, rubric):
        if status.by_marker and not status.answered:
            add(
                "part",
                words["part"].format(label=status.label),
                tips["part"].format(label=status.label),
                question_part=status.part,
            )
    c = j.criteria
    weighed = rubric.weights[j.kind]
    for name in ("actions", "results", "specificity", "reasoning", "situation"):
        story_only = name == "specificity" and a.technical
        if name in c and name in weighed and c[name] < WEAK and not story_only:
            add(name, words[name], tips[name])
    return weak, tip


def _flags(a: Analysis, j: Judgement) -> list[Flag]:
    wording = _wording()["flags"]
    flags = []
    for hit in j.hits:
        fields = {"words": a.signals.words, "detail": shorten(hit.detail, 120), "quote": ""}
        evidence = [e for i in hit.sentences for e in a.evidence(i)]
        flags.append(
            Flag(
                code=hit.code, message=wording[hit.code]["flag"].format(**fields), evidence=evidence
            )
        )
    return flags


def _level(score: int) -> str:
    return next(str(level["text"]) for level in _wording()["levels"] if score >= level["min"])


def _justification(
    score: int, strengths: list[Point], weaknesses: list[Point], flags: list[Flag]
) -> str:
    unjudged = any(f.code in UNJUDGED for f in flags)
    parts = [f"{'Not judged' if unjudged else _level(score)} ({score}/100)."]
    if flags:
        parts.append("Flagged: " + "; ".join(f.message.rstrip(".") for f in flags[:2]) + ".")
    if strengths:
        parts.append("Strengths: " + "; ".join(_head(p.text) for p in strengths[:2]) + ".")
    remaining = [w for w in weaknesses if w.kind not in {f.code for f in flags}]
    heads = list(dict.fromkeys(_head(p.text) for p in remaining))
    if heads:
        counted = [
            f"{h} (x{n})" if (n := sum(_head(p.text) == h for p in remaining)) > 1 else h
            for h in heads[:2]
        ]
        parts.append("Main gaps: " + "; ".join(counted) + ".")
    return " ".join(parts)


def _head(text: str) -> str:
    """The claim of a feedback line without its quote, lower-cased for use inside a sentence."""
    head = text.split(': "')[0]
    head = re.sub(r" \([^()]*\)$", "", head).rstrip(".")
    return head[:1].lower() + head[1:]


def _wording_kind(a: Analysis, j: Judgement) -> str:
    """Whose wording feedback uses: the kind of question, or "plan" for what-would-you-do ones."""
    return "plan" if a.asks_for_plan else j.kind


def _stretch_tip(a: Analysis, j: Judgement, rubric: Rubric) -> Point | None:
    """For an answer with no clear gap: advice on its weakest weighted criterion."""
    own = _wording()["by_kind"].get(_wording_kind(a, j), {})
    tips = {**_wording()["tips"], **own.get("tips", {})}
    weighted = [
        k
        for k in rubric.weights[j.kind]
        if k in j.criteria
        and k in STRETCHABLE
        and not (k == "specificity" and j.kind not in {"behavioral", "motivation"})
    ]
    if not weighted:
        return None
    weakest = min(weighted, key=lambda k: (j.criteria[k], k))
    if j.criteria[weakest] >= STRETCH:
        return None
    return Point(text=_wording()["stretch"].format(tip=tips[weakest]), kind=weakest)


def write_feedback(a: Analysis, j: Judgement, score: int, rubric: Rubric) -> Feedback:
    """The feedback for an answer that received ``score``."""
    nothing_to_credit = any(h.code in _wording()["no_strengths"] for h in j.hits)
    strengths = [] if nothing_to_credit else _strengths(a, j, rubric)
    weaknesses, tips = _weaknesses(a, j, rubric)
    if not tips and (stretch := _stretch_tip(a, j, rubric)) is not None:
        tips.append(stretch)
    flags = _flags(a, j)
    return Feedback(
        strengths=strengths,
        weaknesses=weaknesses[:4],
        tips=tips[:3],
        flags=flags,
        justification=_justification(score, strengths, weaknesses, flags),
    )
