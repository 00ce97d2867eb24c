"""A second round: the answers to follow-up questions raise a score only by closing a gap.

The judge reads the first answer and the follow-up answers as one text. An evasive reply ("Like
I said, it was really a team thing") raised a weak answer from 39 to 46, as much as a reply that
gave the candidate's own part. The model cannot judge a reply on its own: it scores any answer
of one or two sentences 15-27, whatever it says ("Failed runs dropped from 14 a month to 2." to
"How did you measure the result?": 18); and the replies read alone, as an answer to the
question, let a fluent story about another case raise a weak answer by 18 points (a review).
What the feedback's checks read decides instead: whether a gap of the first answer that a
follow-up question asks about (its own role, a result, a reason, a key point, a specific case,
...) is closed once the replies are read with it, and the exchange does not come to read as
an answer that says nothing specific or is off the question. When none is, or it does, the
exchange scores no more than the first answer alone. Replies may lower the score, as the
whole exchange reads them; the justification then says what the first answer alone scores.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from panelist.engines.base import EvaluationRequest, Feedback
from panelist.followups import off_the_question, reason_of
from panelist.models import exchange_spans

#: Follow-up reasons any longer answer closes, whatever it says: they do not count.
BY_LENGTH = frozenset({"too_brief"})
#: Weakness kinds of a missed key point: each missed point counts by itself (all of them, not
#: only the two the feedback names).
POINT_KINDS = frozenset({"accuracy", "contradicts_reference"})


#: The whole exchange scoring this many points or more under the first answer alone is said.
LOWER_BY = 3


@dataclass(frozen=True)
class Alone:
    """The first answer of a second round, judged alone, against the whole exchange: the score
    is ``held`` to its ``score`` (the replies fill none of its gaps, :func:`opens_a_hold`), or
    the exchange scores ``lower`` than it (said in the justification)."""

    kind: Literal["held", "lower"]
    score: int


def first_answer(request: EvaluationRequest) -> EvaluationRequest | None:
    """The first answer of a second round as a request of its own; ``None`` for an answer
    with no follow-ups asked."""
    spans = exchange_spans(request.answer, request.asked)
    if spans is None:
        return None
    start, end = spans[0]
    return request.model_copy(update={"answer": request.answer[start:end], "asked": []})


def gaps(feedback: Feedback, missed: Collection[str]) -> set[str]:
    """The gaps of an answer that a follow-up question asks about: its weaknesses' kinds and
    flags' codes with a reason (:func:`panelist.followups.reason_of`) besides those of length
    and of key points, and each key point it misses (``missed``), by its wording."""
    kinds = {w.kind or "" for w in feedback.weaknesses} | {f.code for f in feedback.flags}
    out = {f"point: {point}" for point in missed}
    for kind in kinds - POINT_KINDS:
        reason = reason_of(kind)
        if reason is not None and reason not in BY_LENGTH:
            out.add(kind)
    return out


def opens_a_hold(
    first: Feedback, first_missed: Collection[str], whole: Feedback, whole_missed: Collection[str]
) -> bool:
    """Whether the whole exchange is to score no more than its first answer: the first answer
    has gaps (:func:`gaps`; one with none, or only of length, "We fixed it.", has nothing for
    the replies to close) and the replies close none of them or open a reading of an answer
    off the question or with nothing specific (:func:`panelist.followups.off_the_question`):
    "I attended the meetings and I supported the team" closes "own role unclear" by its words
    and makes the exchange read as general, and "I personally drove the reliability work from
    start to finish ..., and the result was a much more reliable pipeline" closes the own role
    and the result by its words (a review: 39 to 47) and reads as general too."""
    had, has = gaps(first, first_missed), gaps(whole, whole_missed)
    emptier = {kind for kind in has - had if off_the_question(kind)}
    return bool(had) and (not had - has or bool(emptier))
