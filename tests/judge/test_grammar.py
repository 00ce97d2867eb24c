from __future__ import annotations

import pytest

from panelist.judge.grammar import plain_grammar
from panelist.judge.inputs import answer_pieces


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The team was on call at the weekend.", "Team was on call at weekend."),
        ("They were sure it has a bug.", "They was sure it have bug."),
        (
            "I am glad they aren't here; it doesn't matter.",
            "I is glad they isn't here; it don't matter.",
        ),
        # a letter standing alone is not an article
        ("We ran A/B tests on plan A.", "We ran A/B tests on plan A."),
        ("An outage cost us $5k.", "Outage cost us $5k."),
        # tense and negation are kept
        ("It is fixed; it was not.", "It is fixed; it was not."),
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
