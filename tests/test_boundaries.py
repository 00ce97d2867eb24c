"""The transcript sentence-boundary model: what it reads, and that it finds sentence ends."""

from __future__ import annotations

import random
from itertools import pairwise

import numpy as np

from panelist.boundaries import BUCKETS, MIN_WORDS, cuts, token, use
from panelist.text import sentences

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
    assert len({s.start for s in found} & starts) >= 4
    assert all(text[s.start : s.end] == s.text for s in found)
    # the "and" that joins two sentences belongs to neither
    assert not any(s.text.startswith("and ") for s in found if s.start in starts)


def test_cuts_do_not_depend_on_case_or_full_stops() -> None:
    words = " ".join(WRITTEN).split()
    shouted = [w.upper() for w in words]
    stopped = [f"{w}." if i % 7 == 3 else w for i, w in enumerate(words)]
    assert cuts(words) == cuts(shouted) == cuts(stopped)
    assert cuts(words)


def test_every_piece_keeps_the_fewest_words() -> None:
    rng = random.Random(0)
    vocabulary = "and so i we then um the it was because after that they".split()
    for _ in range(50):
        words = [rng.choice(vocabulary) for _ in range(rng.randrange(1, 40))]
        bounds = [0, *cuts(words), len(words)]
        assert len(bounds) == 2 or all(b - a >= MIN_WORDS for a, b in pairwise(bounds))


def test_a_model_in_use_replaces_the_shipped_one_until_released() -> None:
    text = " and ".join(WRITTEN)
    shipped = len(sentences(text))
    try:
        use(np.full(BUCKETS, -10.0, np.float32))
        assert len(sentences(text)) == 1
    finally:
        use(None)
    assert len(sentences(text)) == shipped > 1
