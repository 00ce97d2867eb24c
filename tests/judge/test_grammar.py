from __future__ import annotations

import pytest

from panelist.judge.grammar import plain_grammar, without_openers
from panelist.judge.inputs import answer_pieces


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The team was on call at the weekend.", "Team was on call at weekend."),
        ("They were sure it has a bug.", "They was sure it have bug."),
        ("They aren't here; it doesn't matter.", "They isn't here; it don't matter."),
        ("They aren\u2019t here; it doesn\u2019t matter.", "They isn't here; it don't matter."),
        # a letter is not an article; "am" is also a time of day
        ("We ran A/B tests on plan A and plan B.", "We ran A/B tests on plan A and plan B."),
        (
            "Option A is better. Vitamin A and grade-A.",
            "Option A is better. Vitamin A and grade-A.",
        ),
        ("I am paged at 7 am.", "I am paged at 7 am."),
        ("An outage cost us $5k. A fix took an hour.", "Outage cost us $5k. Fix took hour."),
        # tense and negation are kept
        ("It isn't fixed; it wasn't; it had been.", "It isn't fixed; it wasn't; it had been."),
    ],
)
def test_plain_grammar(text: str, expected: str) -> None:
    assert plain_grammar(text) == expected


def test_second_language_slips_give_the_judge_the_same_pieces() -> None:
    native = "The release has a bug that was found at the weekend. Tests are green."
    second = "Release have bug that were found at weekend. Tests is green."
    assert [p.text for p in answer_pieces(native)] == [p.text for p in answer_pieces(second)]


def test_the_feedback_reads_the_sentence_before_plain_grammar() -> None:
    (piece,) = answer_pieces("We got the service back within a day.")
    assert piece.text == "We got service back within day."
    assert piece.said == "We got the service back within a day."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("To be honest, on my last team the service paged.", "On my last team the service paged."),
        ("Honestly, I did not know.", "I did not know."),
        ("Frankly speaking, we were late.", "We were late."),
        ("Well, the plan was simple.", "The plan was simple."),
        ("We tried, but honestly, it failed.", "We tried, but it failed."),
        ("I have to say, it was hard.", "It was hard."),
        ("Look, listen, honestly, it was fine.", "Look, listen, it was fine."),
        # forms a review found missed: no comma, a dash or colon, "with you", "to be fair"
        ("Honestly I did not know.", "I did not know."),
        ("Honestly - it failed.", "It failed."),
        ("To be honest with you, it was hard.", "It was hard."),
        ("To be fair, she had a point.", "She had a point."),
        ("Truth is, it failed.", "It failed."),
        ("I've got to say, it went well.", "It went well."),
        ("Well - the plan failed.", "The plan failed."),
        # inside a clause, or without a comma, the word is the answer's
        ("I honestly did not know.", "I honestly did not know."),
        ("I actually fixed it.", "I actually fixed it."),
        ("It went well, so we kept it.", "It went well, so we kept it."),
        ("Look at the logs first.", "Look at the logs first."),
        ("Sure enough, the disk was full.", "Sure enough, the disk was full."),
        # content a first version dropped (a review): lists, "so well,", a phrase not an opener
        ("The launch went so well, the client doubled the contract.", None),
        ("I follow three steps: listen, apologise, solve.", None),
        ("Right, left and centre channels were down.", None),
        ("Well, water and power were cut.", None),
        ("Look, listen and feel for breathing.", None),
        ("The truth is out there.", None),
        ("To be fair to the team, we were late.", None),
    ],
)
def test_clause_openers_that_say_how_not_what_are_not_read(text: str, expected: str | None) -> None:
    assert without_openers(text) == (text if expected is None else expected)


def test_an_opener_gives_the_judge_the_same_pieces() -> None:
    plain = "The checkout service paged every night. I replaced the alert."
    spoken = "Frankly, the checkout service paged every night. Honestly, I replaced the alert."
    assert [p.text for p in answer_pieces(plain)] == [p.text for p in answer_pieces(spoken)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Situation: At my last job the report was late.", "At my last job the report was late."),
        ("**Task:** I had to fix it.", "I had to fix it."),
        ("2) Action: I wrote a script.", "I wrote a script."),
        ("Actions - I rang the supplier.", "I rang the supplier."),
        ("R: It worked.", "It worked."),
        ("Outcome: churn fell by a third.", "Churn fell by a third."),
        ("Lessons learned: ask earlier.", "Ask earlier."),
        ("The situation was that the ward was short.", "The ward was short."),
        ("The end result was that both renewals closed.", "Both renewals closed."),
        ("The context was this: a new client.", "A new client."),
        ("Honestly, the situation was that we lost.", "We lost."),
        # the words of a result, a task or an action that are the answer's own
        ("The result was a 20% cut in waste.", None),
        ("Results were good.", None),
        ("Task force met weekly.", None),
        ("Actions speak louder than words.", None),
        ("Stars: five out of five.", None),
        ("We agreed the outcome was fair.", None),
        ("My task was to cut the backlog.", None),
        # found by a review: a sign, a "that" that qualifies, an opener after a label, and a
        # word that is a name when capitalised
        ("Outcome -15% cost per unit.", None),
        ("Outcome - we won the bid.", "We won the bid."),
        ("The situation was that bad that I called the manager.", None),
        ("Result: Well, we lost the bid.", "We lost the bid."),
        ("Action: mark every stale ticket as closed.", "mark every stale ticket as closed."),
    ],
)
def test_star_labels_are_not_read(text: str, expected: str | None) -> None:
    assert without_openers(text) == (text if expected is None else expected)
    # a technical answer's terms stay (the opener goes either way)
    kept = text.removeprefix("Honestly, ")
    assert without_openers(text, labels=False) == kept[:1].upper() + kept[1:]


def test_a_technical_answer_keeps_the_terms_a_label_would_name() -> None:
    answer = "Actions: plain objects that describe what happened. Reducers: pure functions."
    assert answer_pieces(answer, story=False)[0].said.startswith("Actions: plain objects")
    assert answer_pieces(answer)[0].said.startswith("Plain objects")


def test_star_labels_give_the_judge_the_same_pieces() -> None:
    """The training answers have almost no STAR labels and the judge read a good dev answer so
    labelled by hand as blaming others (80 to 44); the labels say how the story is told."""
    plain = "At my last job the report was late. I rebuilt it. It went out on time."
    labelled = (
        "The situation was that at my last job the report was late. Action: I rebuilt it. "
        "The result was that it went out on time."
    )
    assert [p.text for p in answer_pieces(plain)] == [p.text for p in answer_pieces(labelled)]
