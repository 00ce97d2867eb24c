"""The same answer told another way: spoken and second-language renderings for training.

A rendering keeps the answer's substance, so it keeps its label and style: the head learns
that lower case, fillers, run-on sentences or dropped articles are not what the raters scored.
These generators are written apart from the ones ``benchmarks/fairness.py`` tests with (other
fillers, joins, repetitions and error types), so that the benchmark measures invariance and
not the recall of one generator.
"""

from __future__ import annotations

import random
import re
from typing import Any

from training.judge.data import Example, with_answer

_FILLERS = ("um", "uh", "like", "you know", "I mean", "sort of", "basically", "so yeah", "right")
_JOINS = (" and ", " so ", ", and then ", " and uh ", ", um, ")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_PREPOSITIONS = ("in", "on", "at", "for", "to")
_AGREEMENT = {"has": "have", "was": "were", "is": "are", "does": "do", "doesn't": "don't"}
#: Styles that already are one of these forms.
_ALREADY = {"spoken_filler", "non_native"}


def spoken(text: str, rng: random.Random) -> str:
    """A transcript: fillers, a few repeated words, sentences run together, often lower case."""
    out: list[str] = []
    for sentence in _SENTENCE.split(text.strip()):
        words = sentence.rstrip(".!?").split()
        if not words:
            continue
        if rng.random() < 0.6:
            words.insert(rng.randrange(len(words)), rng.choice(_FILLERS) + ",")
        if rng.random() < 0.15:
            at = rng.randrange(len(words))
            words.insert(at, words[at])
        piece = " ".join(words)
        if out:
            out.append(". " if rng.random() < 0.25 else rng.choice(_JOINS))
        out.append(piece)
    said = "".join(out) + "."
    return said.lower() if rng.random() < 0.7 else said


def second_language(text: str, rng: random.Random) -> str:
    """Common second-language errors: articles left out, agreement and prepositions changed."""
    out = []
    for word in text.split(" "):
        low = word.lower()
        if low in {"the", "a", "an"} and rng.random() < 0.5:
            continue
        if low in _AGREEMENT and rng.random() < 0.35:
            word = _AGREEMENT[low]
        elif low in _PREPOSITIONS and rng.random() < 0.2:
            word = rng.choice([p for p in _PREPOSITIONS if p != low])
        elif low == "i" and rng.random() < 0.05:
            word = "me"
        out.append(word)
    return " ".join(out)


def renderings(
    examples: list[Example], records: dict[str, dict[str, Any]], rate: float, seed: int
) -> list[Example]:
    """For a ``rate`` share of the training answers each, a spoken and a second-language copy.

    ``records`` are the raw JSONL records of the examples, by id.
    """
    rng = random.Random(seed)
    out: list[Example] = []
    for example in examples:
        if example.style in _ALREADY:
            continue
        for name, render in (("spoken", spoken), ("second-language", second_language)):
            if rng.random() < rate:
                answer = render(str(records[example.id]["answer"]), rng)
                out.append(with_answer(example, records[example.id], answer, name))
    return out
