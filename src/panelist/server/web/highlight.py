"""An answer cut into pieces, each marked with the kinds of evidence quoting it.

Evidence spans come from the evaluation (``answer[start:end] == quote``); a span whose offsets
do not match its quote is placed by the quote's first occurrence, or left out. In a second
round, the follow-up question lines (the interviewer's words, never evidence) are pieces of
their own, marked ``asked``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from panelist.models import Evaluation, Evidence

#: Evidence kinds, strongest first: a piece quoted by several is shown as the first.
KINDS = ("flag", "weakness", "tip", "strength")


@dataclass(frozen=True)
class Piece:
    """A run of the answer's text and the evidence kinds quoting it (empty: not quoted)."""

    text: str
    kinds: frozenset[str]
    asked: bool = False

    @property
    def kind(self) -> str | None:
        """The kind the piece is shown as."""
        return next((k for k in KINDS if k in self.kinds), None)


def _span(answer: str, evidence: Evidence) -> tuple[int, int] | None:
    start, end = evidence.start, evidence.end
    if 0 <= start < end <= len(answer) and answer[start:end] == evidence.quote:
        return start, end
    if evidence.quote.strip():
        found = answer.find(evidence.quote)
        if found >= 0:
            return found, found + len(evidence.quote)
    return None


def spans(answer: str, evaluation: Evaluation) -> list[tuple[int, int, str]]:
    """Every evidence span of the evaluation as ``(start, end, kind)``."""
    groups = {
        "strength": [e for p in evaluation.strengths for e in p.evidence],
        "weakness": [e for p in evaluation.weaknesses for e in p.evidence],
        "tip": [e for p in evaluation.improvement_tips for e in p.evidence],
        "flag": [e for f in evaluation.flags for e in f.evidence],
    }
    out = []
    for kind, evidence in groups.items():
        for item in evidence:
            span = _span(answer, item)
            if span is not None:
                out.append((*span, kind))
    return out


def pieces(
    answer: str, evaluation: Evaluation | None, asked: Sequence[tuple[int, int]] = ()
) -> list[Piece]:
    """The answer in order, cut wherever an evidence span or an ``asked`` span (a follow-up
    question line) starts or ends."""
    found = spans(answer, evaluation) if evaluation else []
    bounds = [*found, *((s, e, "") for s, e in asked)]
    cuts = sorted({0, len(answer), *(s for s, _, _ in bounds), *(e for _, e, _ in bounds)})
    out = []
    for start, end in pairwise(cuts):
        kinds = frozenset(k for s, e, k in found if s <= start and end <= e)
        inside = any(s <= start and end <= e for s, e in asked)
        out.append(Piece(answer[start:end], frozenset() if inside else kinds, inside))
    return out
