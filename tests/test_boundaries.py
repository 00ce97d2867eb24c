"""The transcript sentence-boundary model: what it reads, and that it finds sentence ends."""

from __future__ import annotations

import random
from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pytest

from panelist.boundaries import BUCKETS, MIN_WORDS, cuts, token, use, using
from panelist.guard import check
from panelist.text import Sentence, sentences

#: Written for this test (not from the training data): six sentences of a spoken answer.
WRITTEN = [
    "last spring our warehouse kept shipping the wrong pallet sizes to two stores",
    "i pulled the pick lists for a month and compared them with the delivery notes",
    "the mistakes all came from one label printer that had an old template",
    "we replaced the template and i added a check at the loading bay",
    "after that the wrong shipments dropped from nine a week to one",
    "the stores stopped sending complaints within a month",
]


def test_token_reads_words_without_case_punctuation_or_exact_figures() -> None:
    assert token("Pallet,") == token("pallet") == "pallet"
    assert token("$62k") == token("1,200") == "<num>"
    assert token("(I'd") == "i'd"


def test_sentences_joined_by_and_are_found() -> None:
    text = " and ".join(WRITTEN)
    found = sentences(text)
    starts = {text.index(s) for s in WRITTEN[1:]}
    cut = {s.start for s in found} - {0}
    assert len(cut & starts) >= 3 and len(cut - starts) <= 1
    assert all(text[s.start : s.end] == s.text for s in found)
    # the "and" that joins two sentences belongs to neither
    assert not any(s.text.startswith("and ") for s in found)


def test_cuts_do_not_depend_on_case_or_full_stops() -> None:
    words = " ".join(WRITTEN).split()
    shouted = [w.upper() for w in words]
    stopped = [f"{w}." if i % 7 == 3 else w for i, w in enumerate(words)]
    assert cuts(words) == cuts(shouted) == cuts(stopped)
    assert cuts(words)


def test_cuts_do_not_depend_on_names_or_gendered_words() -> None:
    said = (
        "so emily told me he was worried and i asked him what he had seen and "
        "he said his team had missed two deliveries and mark and i checked the pick lists"
    ).split()
    swap = {"emily": "jamal", "he": "she", "him": "her", "his": "her"}
    assert cuts(said) == cuts([swap.get(w, w) for w in said])
    assert token("Lakisha's") == token("Greg's") and token("mark") != token("Mark")


def test_no_cut_comes_closer_than_the_fewest_words() -> None:
    eager = np.full(BUCKETS, 10.0, np.float32)  # every gap reads as a sentence end
    assert cuts([f"w{i}" for i in range(12)], eager) == [3, 6, 9]
    assert cuts([f"w{i}" for i in range(5)], eager) == []


def test_every_piece_keeps_the_fewest_words() -> None:
    rng = random.Random(0)
    vocabulary = "and so i we then um the it was because after that they".split()
    for _ in range(50):
        words = [rng.choice(vocabulary) for _ in range(rng.randrange(1, 40))]
        bounds = [0, *cuts(words), len(words)]
        assert len(bounds) == 2 or all(b - a >= MIN_WORDS for a, b in pairwise(bounds))


def test_transcript_pieces_keep_their_spans_and_enough_words() -> None:
    rng = random.Random(1)
    vocabulary = [*" ".join(WRITTEN).split(), "and", "um", "uh,", "yeah", "you know", "so", "—"]
    for _ in range(200):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randrange(45, 120)))
        found = sentences(text)
        assert all(text[s.start : s.end] == s.text for s in found)
        if len(found) > 1:
            assert all(len(s.clean.split()) >= MIN_WORDS for s in found), text


def test_a_closing_filler_joins_the_last_sentence() -> None:
    text = " and ".join(WRITTEN) + " and yeah um"
    last = sentences(text)[-1]
    assert last.text.endswith("within a month and yeah um")
    assert last.clean.endswith("within a month and")  # fillers removed


@pytest.mark.parametrize(
    "read", [sentences, lambda text: list(check(text).sentences)], ids=["text", "guard"]
)
def test_a_model_in_use_replaces_the_shipped_one_until_released(
    read: Callable[[str], list[Sentence]],
) -> None:
    text = " and ".join(WRITTEN)
    shipped = len(read(text))
    try:
        use(np.full(BUCKETS, -10.0, np.float32))
        assert len(read(text)) == 1
    finally:
        use(None)
    assert len(read(text)) == shipped > 1


def test_a_model_used_in_a_block_gives_way_to_the_one_before_even_on_error() -> None:
    text = " and ".join(WRITTEN)
    shipped = len(sentences(text))
    never = np.full(BUCKETS, -10.0, np.float32)
    always = np.full(BUCKETS, 10.0, np.float32)
    with using(never):
        assert len(sentences(text)) == 1
        with pytest.raises(RuntimeError), using(always):
            assert len(sentences(text)) > shipped
            raise RuntimeError
        assert len(sentences(text)) == 1  # the outer block's model again
    assert len(sentences(text)) == shipped > 1
