from __future__ import annotations

import pytest

from panelist.aggregate import NOTE_KIND, factor_common_weaknesses, summarize
from panelist.models import Evaluation, Flag, Point


def _ev(qid: str, score: int, kinds: list[str] = (), flags: list[str] = ()) -> Evaluation:  # type: ignore[assignment]
    return Evaluation(
        question_id=qid,
        score=score,
        criteria={"results": score // 2},
        weaknesses=[Point(text=f'Weak {k}: "q"', kind=k) for k in kinds],
        improvement_tips=[Point(text=f"Improve {k}.", kind=k) for k in kinds],
        flags=[Flag(code=f, message=f) for f in flags],
    )


def test_summary_figures_and_ties() -> None:
    summary = summarize([_ev("A", 80), _ev("B", 35, flags=["blame"]), _ev("C", 80)])
    assert summary.total_questions == 3
    assert summary.average_score == pytest.approx(65.0)
    assert (summary.highest.score, summary.highest.question_ids) == (80, ["A", "C"])
    assert (summary.lowest.score, summary.lowest.question_ids) == (35, ["B"])
    assert summary.criteria_averages == {"results": pytest.approx(32.3, abs=0.1)}
    assert summary.flagged == {"blame": ["B"]}


def test_answers_not_judged_are_listed_but_not_averaged() -> None:
    french = _ev("FR", 10, flags=["unsupported_language"])
    summary = summarize([_ev("A", 79), french, _ev("B", 60)])
    assert summary.total_questions == 3
    assert summary.average_score == pytest.approx(69.5)
    assert (summary.highest.question_ids, summary.lowest.question_ids) == (["A"], ["B"])
    assert summary.criteria_averages == {"results": pytest.approx(34.5)}
    assert summary.flagged == {"unsupported_language": ["FR"]}
    assert summary.judged_questions == 2
    # with no answer judged, the figures are the scores there are, not empty
    alone = summarize([french])
    assert (alone.average_score, alone.lowest.question_ids) == (10, ["FR"])
    assert alone.judged_questions is None
    assert summarize([_ev("A", 79)]).judged_questions is None


def test_summary_needs_evaluations() -> None:
    with pytest.raises(ValueError, match="no evaluations"):
        summarize([])


def test_weakness_under_most_answers_is_said_once() -> None:
    evaluations = [
        _ev(q, 70, ["results", "reasoning"] if q != "D" else ["results"]) for q in "ABCD"
    ]
    kept, common = factor_common_weaknesses(evaluations)
    assert common == [
        "Weak reasoning (in 3 of 4 answers). Tip: Improve reasoning.",
        "Weak results (in 4 of 4 answers). Tip: Improve results.",
    ]
    assert all(not e.weaknesses and not e.improvement_tips for e in kept)


def test_rare_weakness_stays_with_its_answer() -> None:
    evaluations = [_ev("A", 70, ["results"]), _ev("B", 70), _ev("C", 70), _ev("D", 70)]
    kept, common = factor_common_weaknesses(evaluations)
    assert common == []
    assert kept[0].weaknesses[0].kind == "results"


def test_notes_for_the_reviewer_stay_with_their_answers() -> None:
    """Notes on how each answer was read differ (an inflated-claims reading, an unexplained low
    score): one line for all would say the first under every answer and lose the others."""
    evaluations = [_ev(q, 40, [NOTE_KIND]) for q in "ABCD"]
    kept, common = factor_common_weaknesses(evaluations)
    assert common == []
    assert [e.weaknesses for e in kept] == [e.weaknesses for e in evaluations]


def test_a_note_on_the_score_is_a_flag_not_a_weakness() -> None:
    """The judge's ``check_score`` notes are listed under their flag, not factored out or
    counted as weaknesses, however many answers carry one."""
    evaluations = [_ev(q, 40, flags=["check_score"]) for q in "ABCD"]
    kept, common = factor_common_weaknesses(evaluations)
    assert common == [] and kept == evaluations
    assert summarize(kept).flagged == {"check_score": list("ABCD")}
