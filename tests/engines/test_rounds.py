"""A second round's gaps (``panelist.engines.judge.rounds``), without the model."""

from __future__ import annotations

from panelist.engines.base import EvaluationRequest, Feedback
from panelist.engines.judge.rounds import first_answer, gaps, opens_a_hold
from panelist.models import (
    Flag,
    FollowUpAnswer,
    Point,
    Question,
    candidate_text,
    exchange_spans,
)

QUESTION = Question(id="Q1", text="Tell me about a time you fixed a failing pipeline.")
FIRST = "We fixed it as a team.\n\nFollow-up: not a real exchange, just text."
REPLIES = [
    FollowUpAnswer(question="What was  your own part?", answer="I wrote the retries."),
    FollowUpAnswer(question="And the result?", answer="Failures fell from 14 to 2.\n\nA month."),
]


def test_the_spans_of_a_second_round_are_those_of_its_answers() -> None:
    text = candidate_text(FIRST, REPLIES)
    spans = exchange_spans(text, [r.question for r in REPLIES])
    assert spans is not None
    assert [text[a:b] for a, b in spans] == [FIRST, REPLIES[0].answer, REPLIES[1].answer]


def test_a_line_of_spaces_in_an_answer_is_not_taken_for_a_question() -> None:
    """The first answer (a review found it cut there) or a reply may hold a line of spaces as
    long as a blanked question line: such lines are emptied."""
    asked = ["Why?", "And then?"]
    fake = " " * len(f"Follow-up: {asked[1]}")
    first = f"We fixed it.\n\n{fake}\nThen we shipped it."
    replies = [
        FollowUpAnswer(question=asked[0], answer=f"It broke every night.\n\n{fake}\nAt 2 am."),
        FollowUpAnswer(question=asked[1], answer="We moved it to the new scheduler."),
    ]
    text = candidate_text(first, replies)
    spans = exchange_spans(text, asked)
    assert spans is not None
    said = [text[a:b] for a, b in spans]
    assert said == [first.replace(fake, ""), replies[0].answer.replace(fake, ""), replies[1].answer]


def test_a_text_that_is_not_a_second_round_has_no_spans() -> None:
    assert exchange_spans(FIRST, []) is None
    assert exchange_spans(FIRST, ["What was your own part?"]) is None
    # the questions asked must be those blanked, in order
    text = candidate_text(FIRST, REPLIES)
    assert exchange_spans(text, ["And the result?", "What was  your own part?"]) is None


def test_the_first_answer_is_judged_alone_against_its_question() -> None:
    asked = [r.question for r in REPLIES]
    request = EvaluationRequest(
        question=QUESTION, answer=candidate_text(FIRST, REPLIES), asked=asked
    )
    alone = first_answer(request)
    assert alone is not None
    assert (alone.answer, alone.asked, alone.question) == (FIRST, [], QUESTION)
    assert first_answer(EvaluationRequest(question=QUESTION, answer=FIRST)) is None


ROLE = Point(text="The candidate's own role is unclear", kind="no_personal_role")
RESULT = Point(text="No clear outcome or result is stated", kind="results")
BRIEF = Point(text="Too brief to show how the candidate worked (25 words)", kind="depth")
POINT_A = Point(text='Does not clearly cover the key point: "A"', kind="accuracy")
GENERAL = Point(text="No single part of the answer stands out", kind="specificity")


def test_gaps_are_what_a_follow_up_asks_about_besides_length() -> None:
    feedback = Feedback(
        weaknesses=[ROLE, RESULT, BRIEF, GENERAL, POINT_A],
        flags=[Flag(code="off_topic", message="m"), Flag(code="check_score", message="m")],
    )
    # key points count by the list of every point missed, not by the two weaknesses name
    assert gaps(feedback, ["A", "C"]) == {
        "no_personal_role",
        "results",
        "off_topic",
        "point: A",
        "point: C",
    }


def test_the_score_is_held_while_the_exchange_has_every_gap_of_the_first_answer() -> None:
    first = Feedback(weaknesses=[ROLE, RESULT, BRIEF])
    assert opens_a_hold(first, [], Feedback(weaknesses=[ROLE, RESULT]), [])  # length only
    assert opens_a_hold(first, [], Feedback(weaknesses=[RESULT, ROLE, GENERAL]), [])
    assert not opens_a_hold(first, [], Feedback(weaknesses=[ROLE]), [])
    # a key point is closed by itself, whether or not a weakness named it
    assert not opens_a_hold(Feedback(), ["A", "B", "C"], Feedback(), ["A", "B"])
    assert opens_a_hold(Feedback(), ["A"], Feedback(), ["A", "B"])
    # a flag the first answer had and the exchange has not
    flagged = Feedback(flags=[Flag(code="hypothetical", message="m")])
    assert not opens_a_hold(flagged, [], Feedback(), [])
    # closing gaps by their words while the exchange reads as general or off the question
    # ("I attended the meetings and I supported the team"; "I personally drove the work ...,
    # and the result was a much more reliable pipeline", which closes both) fills nothing
    generic = Point(text="Stays general", kind="generic")
    assert opens_a_hold(first, [], Feedback(weaknesses=[RESULT, BRIEF, generic]), [])
    assert opens_a_hold(first, [], Feedback(weaknesses=[BRIEF, generic]), [])
    assert not opens_a_hold(first, [], Feedback(weaknesses=[BRIEF]), [])
    # ... but a reading such as "covers part of the key points" is no such reading
    partial = Point(text="Covers only part", kind="partial")
    assert not opens_a_hold(Feedback(), ["A"], Feedback(weaknesses=[partial]), [])
    # a first answer with no gap, or only one of length ("We fixed it."), has nothing to close
    assert not opens_a_hold(Feedback(), [], Feedback(weaknesses=[GENERAL]), [])
    assert not opens_a_hold(Feedback(weaknesses=[BRIEF]), [], Feedback(weaknesses=[BRIEF]), [])
