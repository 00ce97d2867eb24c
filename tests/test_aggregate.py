from __future__ import annotations

import pytest

from panelist.aggregate import (
    NOTE_KIND,
    build_report,
    factor_common_weaknesses,
    noted,
    summarize,
)
from panelist.errors import InputError
from panelist.models import Evaluation, Flag, Interview, Point, Question, QuestionAnswer


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


def test_an_evaluation_is_noted_only_with_a_note_on_its_score() -> None:
    assert noted(_ev("Q1", 60, flags=["check_score"]))
    assert not noted(_ev("Q1", 60, flags=["off_topic"]))


def _interview(*ids: str) -> Interview:
    return Interview(
        role="r",
        items=[
            QuestionAnswer(question=Question(id=i, text=f"Question {i}?"), answer="An answer.")
            for i in ids
        ],
    )


def test_a_report_puts_evaluations_under_their_own_questions() -> None:
    """``build_report`` matched evaluations to questions by position: given in another order,
    an answer's score and strengths were printed under another question."""
    interview = _interview("A", "B", "C")
    evaluations = [_ev("A", 80), _ev("B", 35), _ev("C", 60)]
    shuffled = build_report(interview, [evaluations[2], evaluations[0], evaluations[1]])
    assert shuffled == build_report(interview, evaluations)
    assert [e.question_id for e in shuffled.evaluations] == ["A", "B", "C"]


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (["A", "B"], "no evaluation for question 'C'"),
        (["A", "B", "C", "D"], "evaluation for no question of the interview: 'D'"),
        (["A", "B", "B", "C"], "two evaluations for question 'B'"),
    ],
)
def test_evaluations_that_do_not_match_the_questions_are_an_error(
    given: list[str], said: str
) -> None:
    with pytest.raises(InputError, match=said):
        build_report(_interview("A", "B", "C"), [_ev(i, 50) for i in given])
