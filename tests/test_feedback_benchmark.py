"""benchmarks/feedback.py: each wording of the feedback and what it is said of."""

from __future__ import annotations

from benchmarks.feedback import tally, wording

from panelist.models import Evaluation, Point


def _scored(score: int, strengths: list[str], weaknesses: list[str]) -> Evaluation:
    return Evaluation(
        question_id="q",
        score=score,
        strengths=[Point(text=t) for t in strengths],
        weaknesses=[Point(text=t) for t in weaknesses],
    )


def test_a_wording_is_counted_once_an_answer_with_the_good_ones_and_styles_apart() -> None:
    outcome = 'States a concrete outcome: "Churn fell by a fifth."'
    scored = [
        ({"id": "a", "style": "strong"}, _scored(80, [outcome], ["No clear outcome is stated"])),
        ({"id": "b", "style": "generic"}, _scored(40, [outcome, outcome], [])),
        ({"id": "c", "style": "strong"}, _scored(55, [], ["No clear outcome is stated"])),
    ]
    counts = tally(scored)
    said = counts["+ States a concrete outcome"]
    assert (said.answers, said.good, said.ids) == (2, 1, ["a", "b"])
    assert said.styles == {"strong": 1, "generic": 1}
    missing = counts["- No clear outcome is stated"]
    assert (missing.answers, missing.good, missing.styles["strong"]) == (2, 2, 2)
    assert set(counts) == {"+ States a concrete outcome", "- No clear outcome is stated"}


def test_a_wording_is_the_text_before_its_quote() -> None:
    assert wording('This part may stray from what the question asks: "I was at a bank."') == (
        "This part may stray from what the question asks"
    )
    assert wording('Covers the key point "Error budget = 1 - SLO: the allowance": "1 - SLO"') == (
        "Covers the key point"
    )
    assert wording("Does not spell out why the main choices were made") == (
        "Does not spell out why the main choices were made"
    )
