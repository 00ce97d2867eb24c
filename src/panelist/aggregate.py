"""Interview-level aggregation: plain arithmetic over evaluations, never a model's opinion."""

from __future__ import annotations

from collections import Counter

from panelist.errors import InputError
from panelist.models import Evaluation, Interview, Report, ScoreRef, Summary

#: A weakness of the same kind under at least this share of answers is reported once.
COMMON_SHARE = 0.5
COMMON_MIN = 3
#: Weakness kind of a note for the reviewer on how one answer was read (the judge engine's
#: notes differ from answer to answer): it stays with its answer, never factored out. The judge
#: writes such notes as a ``check_score`` flag since its wording 8; evaluations saved before
#: still carry this kind.
NOTE_KIND = "reading"
#: Code of a flag that is a note on the score for a reviewer ("read it before relying on the
#: score"), not a weakness of the answer.
CHECK_SCORE = "check_score"
#: Flags that leave an answer unjudged (its score is a cap, not a reading of its merits): its
#: justification says "Not judged", it has no follow-up and the summary's figures leave it out.
UNJUDGED = frozenset({"unsupported_language"})


def noted(evaluation: Evaluation) -> bool:
    """Whether the evaluation carries a note on its score for a reviewer (:data:`CHECK_SCORE`)."""
    return any(f.code == CHECK_SCORE for f in evaluation.flags)


def judged(evaluation: Evaluation) -> bool:
    """Whether the engine judged the answer on its merits (no :data:`UNJUDGED` flag)."""
    return not any(f.code in UNJUDGED for f in evaluation.flags)


def summarize(
    evaluations: list[Evaluation],
    common_weaknesses: list[str] | None = None,
    *,
    count_unjudged: bool = False,
) -> Summary:
    """Total, average, highest and lowest score (with question ids), criteria averages, flags.

    The average, highest, lowest and criteria averages leave out answers that were not judged
    (flagged :data:`UNJUDGED`, such as an answer in another language: they are listed under
    their flag), unless no answer was judged or ``count_unjudged`` is set (how reports were
    summed before 2026-12-02: text reports saved then are read back with it).
    """
    if not evaluations:
        raise ValueError("cannot summarise an interview with no evaluations")
    counted = [e for e in evaluations if count_unjudged or judged(e)] or evaluations
    scores = [e.score for e in counted]
    high, low = max(scores), min(scores)
    criteria: dict[str, list[int]] = {}
    for evaluation in counted:
        for name, value in evaluation.criteria.items():
            criteria.setdefault(name, []).append(value)
    flagged: dict[str, list[str]] = {}
    for evaluation in evaluations:
        for flag in evaluation.flags:
            flagged.setdefault(flag.code, []).append(evaluation.question_id)
    return Summary(
        total_questions=len(evaluations),
        judged_questions=len(counted) if len(counted) < len(evaluations) else None,
        average_score=round(sum(scores) / len(scores), 1),
        highest=ScoreRef(
            score=high, question_ids=[e.question_id for e in counted if e.score == high]
        ),
        lowest=ScoreRef(score=low, question_ids=[e.question_id for e in counted if e.score == low]),
        criteria_averages={k: round(sum(v) / len(v), 1) for k, v in criteria.items()},
        common_weaknesses=common_weaknesses or [],
        flagged={code: sorted(set(ids), key=ids.index) for code, ids in flagged.items()},
    )


def factor_common_weaknesses(evaluations: list[Evaluation]) -> tuple[list[Evaluation], list[str]]:
    """Move weaknesses whose kind recurs under most answers (and their tips) into one line;
    notes for the reviewer (:data:`NOTE_KIND`) stay with their answers."""
    kinds = Counter(
        kind
        for e in evaluations
        for kind in {w.kind for w in e.weaknesses if w.kind and w.kind != NOTE_KIND}
    )
    threshold = max(COMMON_MIN, COMMON_SHARE * len(evaluations))
    common = {kind for kind, n in kinds.items() if n >= threshold}
    if not common:
        return evaluations, []
    lines: dict[str, str] = {}
    tips: dict[str, str] = {}
    kept = []
    for evaluation in evaluations:
        for weakness in evaluation.weaknesses:
            if weakness.kind in common and weakness.kind not in lines:
                lines[weakness.kind] = weakness.text.split(': "')[0].rstrip(".")
        for tip in evaluation.improvement_tips:
            if tip.kind in common and tip.kind not in tips:
                tips[tip.kind] = tip.text.rstrip(".")
        update = {
            "weaknesses": [w for w in evaluation.weaknesses if w.kind not in common],
            "improvement_tips": [t for t in evaluation.improvement_tips if t.kind not in common],
        }
        kept.append(evaluation.model_copy(update=update))
    messages = []
    for kind in sorted(common):
        message = f"{lines[kind]} (in {kinds[kind]} of {len(evaluations)} answers)."
        if kind in tips:
            message += f" Tip: {tips[kind]}."
        messages.append(message)
    return kept, messages


def build_report(interview: Interview, evaluations: list[Evaluation]) -> Report:
    """Assemble a report: the evaluations put in the interview's order of questions (by
    ``question_id``), common weaknesses factored out, then summarised.

    Raises :class:`~panelist.errors.InputError` when the evaluations are not one per question
    of the interview (one missing, one for a question it does not have, or two for one).
    """
    evaluations = in_question_order(interview, evaluations)
    kept, common = factor_common_weaknesses(evaluations)
    return Report(interview=interview, evaluations=kept, summary=summarize(kept, common))


def in_question_order(interview: Interview, evaluations: list[Evaluation]) -> list[Evaluation]:
    """``evaluations``, one per question of ``interview``, in its order of questions."""
    ids = [item.question.id for item in interview.items]
    by_id: dict[str, Evaluation] = {}
    twice = []
    for evaluation in evaluations:
        if evaluation.question_id in by_id:
            twice.append(evaluation.question_id)
        by_id[evaluation.question_id] = evaluation
    missing = [i for i in ids if i not in by_id]
    unknown = [i for i in by_id if i not in ids]
    problems = [
        f"{label} {', '.join(map(repr, found))}"
        for label, found in (
            ("no evaluation for question", missing),
            ("evaluation for no question of the interview:", unknown),
            ("two evaluations for question", twice),
        )
        if found
    ]
    if problems:
        raise InputError("evaluations do not match the interview: " + "; ".join(problems))
    return [by_id[i] for i in ids]
