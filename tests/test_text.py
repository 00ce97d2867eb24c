from __future__ import annotations

import pytest

from panelist.text import content_stems, sentences, shorten, stem, strip_fillers


def test_sentence_spans_point_into_the_original() -> None:
    text = "At my last job, I fixed it. It worked!\n\nThen we shipped v2.0 on Friday."
    found = sentences(text)
    assert [s.text for s in found] == [
        "At my last job, I fixed it.",
        "It worked!",
        "Then we shipped v2.0 on Friday.",
    ]
    assert all(text[s.start : s.end] == s.text for s in found)


@pytest.mark.parametrize(
    ("spoken", "clean"),
    [
        ("Um, so I, uh, I wrote it up.", "so I wrote it up."),
        ("It was, like, thirty percent up.", "It was, thirty percent up."),
        ("We use it, you know, every day.", "We use it, every day."),
        ("I like dashboards.", "I like dashboards."),
        ("", ""),
    ],
)
def test_strip_fillers(spoken: str, clean: str) -> None:
    assert strip_fillers(spoken) == clean


@pytest.mark.parametrize(
    ("a", "b"),
    [("investigated", "investigation"), ("deployments", "deploying"), ("alerts", "alert")],
)
def test_stem_matches_word_forms(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_content_stems_drop_stop_words() -> None:
    assert content_stems("I would have reduced the alerts") == {stem("reduced"), stem("alerts")}


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("one two three four", 9) == "one two..."
    assert shorten("short", 10) == "short"


def test_a_transcript_without_punctuation_is_cut_at_discourse_markers() -> None:
    text = (
        "um so at my last job i owned the nightly pipeline that fed the finance dashboard and it "
        "failed about twice a week because an upstream export arrived late so i traced the "
        "failures in the logs and then i replaced the fixed schedule with a sensor and failures "
        "dropped from eight a month to one"
    )
    found = sentences(text)
    assert len(found) >= 4
    assert all(text[s.start : s.end] == s.text for s in found)
    assert all(" I " in f" {s.clean} " for s in found if " i " in f" {s.text} ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # typed in lower case: a full stop before a lower-case word still ends a sentence
        ("i fixed the job. then i added a test.", ["i fixed the job.", "then i added a test."]),
        ("x = 1 is a good test. x = 0 is not.", ["x = 1 is a good test.", "x = 0 is not."]),
        # ... but not after an abbreviation, in an ellipsis or inside a quotation
        ("We met at 5 p.m. on the Friday.", ["We met at 5 p.m. on the Friday."]),
        (
            "Use a slow hash, e.g. bcrypt, vs. a fast one.",
            ["Use a slow hash, e.g. bcrypt, vs. a fast one."],
        ),
        ("I thought... maybe not.", ["I thought... maybe not."]),
        ('She asked "is it free?" and smiled.', ['She asked "is it free?" and smiled.']),
    ],
)
def test_sentences_of_text_typed_in_lower_case(text: str, expected: list[str]) -> None:
    assert [s.text for s in sentences(text)] == expected
