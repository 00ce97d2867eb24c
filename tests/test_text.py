from __future__ import annotations

import pytest

from panelist.text import (
    ACTION,
    content_stems,
    sentences,
    shorten,
    stem,
    stem_set,
    strip_fillers,
)


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
        ("So, we tagged, so, all and so, we stopped.", "we tagged, all and we stopped."),
        # "so," that means something stays
        (
            "If so, wait a week or so, then even so, go.",
            "If so, wait a week or so, then even so, go.",
        ),
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


def test_stem_set_is_the_content_stems_frozen() -> None:
    text = "We reduced the alerts, then I reduced them again"
    assert stem_set(text) == frozenset(content_stems(text))
    assert isinstance(stem_set(text), frozenset)  # shared by callers: cannot be changed


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("one two three four", 9) == "one two..."
    assert shorten("short", 10) == "short"


def test_a_transcript_without_punctuation_is_cut_into_sentences() -> None:
    text = (
        "um so at my last job i owned the nightly pipeline that fed the finance dashboard and it "
        "failed about twice a week because an upstream export arrived late so i traced the "
        "failures in the logs and then i replaced the fixed schedule with a sensor and failures "
        "dropped from eight a month to one"
    )
    found = sentences(text)
    assert len(found) >= 3
    assert "so i traced the failures in the logs" in [s.text for s in found]
    assert all(text[s.start : s.end] == s.text for s in found)
    assert len(sentences(text, transcripts=False)) == 1
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
        ("(approx. ten users) joined, incl. me.", ["(approx. ten users) joined, incl. me."]),
        ("i spoke to j. smith.", ["i spoke to j. smith."]),
        ("steps:\n1. collect the logs\n2. fix it.", ["steps:\n1. collect the logs\n2. fix it."]),
        ("two options: a. rewrite or b. patch.", ["two options: a. rewrite or b. patch."]),
        # a word with a dot in it, a figure, "no" or "ms" still ends a sentence
        ("edit config.yaml. then restart.", ["edit config.yaml.", "then restart."]),
        ("the team grew to 25. then we hired.", ["the team grew to 25.", "then we hired."]),
        ("i said no. it took 40 ms. so did i.", ["i said no.", "it took 40 ms.", "so did i."]),
    ],
)
def test_sentences_of_text_typed_in_lower_case(text: str, expected: list[str]) -> None:
    assert [s.text for s in sentences(text)] == expected


def test_a_long_answer_typed_in_lower_case_is_cut_in_every_sentence() -> None:
    """Each full stop is looked at once (the first version looked back to the start)."""
    text = "we shipped it. " * 3000
    assert len(sentences(text)) == 3000


ONCE = "Last March I led the rollout. I'm proud of it, we cut errors by 0.5%."


@pytest.mark.parametrize(
    "twice",
    [
        f"{ONCE}{ONCE}",
        ONCE.lower() + ONCE.lower(),  # a transcript in lower case
        f"Sure. {ONCE}Sure. {ONCE}",  # a short first sentence
        f'He said "we are done here."{ONCE}He said "we are done here."{ONCE}',  # a quote
        f"[Note] {ONCE}[Note] {ONCE}",  # a bracket
        f"14 months ago {ONCE}14 months ago {ONCE}",  # a figure
        f"{ONCE[:-1]}{ONCE[:-1]}",  # no full stop at the end: "...by 0.5%Last March ..."
    ],
    ids=["pasted", "lower-case", "short-first", "quote", "bracket", "figure", "no-stop"],
)
def test_an_answer_pasted_twice_with_no_space_is_cut_where_the_copies_meet(twice: str) -> None:
    half = len(twice) // 2
    assert any(s.start == half for s in sentences(twice))
    assert [s.text for s in sentences(twice)[: len(sentences(twice)) // 2]] == [
        s.text for s in sentences(twice[:half])
    ]


def test_a_copy_of_an_earlier_sentence_glued_on_is_cut_too() -> None:
    text = "We cut costs by a third. Then we shipped.We cut costs by a third again."
    assert [s.text for s in sentences(text)][1:] == [
        "Then we shipped.",
        "We cut costs by a third again.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I built it with fmt.Sprintf because it was quick.", 1),
        ("Use String.Format(x) there.", 1),
        ("I used os.Path.join to build it.", 1),
        # names of code and titles that are also words, said twice
        ("The loop called time.Sleep with a fixed delay. The poller called time.Sleep too.", 2),
        ("I called Dr.Jones, the registrar. Dr.Jones came at once.", 2),
        ("We used e.g.Kafka for it.", 1),
        ("We use JavaScript and PostgreSQL. It was 3.5 times faster on the iPhone.", 2),
        # two sentences that begin alike are not a copy; nor two words at the very end
        ("I checked X.I checked Y.", 1),
        ("Jones called. I called Dr.Jones called.", 2),
    ],
)
def test_a_stop_with_no_space_after_it_elsewhere_is_left_whole(text: str, expected: int) -> None:
    assert len(sentences(text)) == expected


@pytest.mark.parametrize(
    ("said", "action"),
    [
        ("I rolled it back and I wrote the fix.", True),
        ("I realised the job had stopped.", False),
        # what one was given is no action of one's own (D051 was credited with it)
        ("Last year I inherited a 120-seat logistics customer.", False),
    ],
)
def test_an_action_is_something_the_candidate_did(said: str, action: bool) -> None:
    assert (ACTION.search(said) is not None) is action
