"""Counterfactual renderings of an answer: the same substance, told by someone else.

Used by ``benchmarks/fairness.py`` and by the judge's cross-validation (out-of-fold fairness):
- names and pronouns: every first name and gendered word swapped (female <-> male names of
  different origins, he <-> she), with a named colleague added where there is none;
- non-native grammar: articles dropped, agreement and prepositions changed, same content;
- spoken form: lower case, fillers ("um", "you know", "like") and run-on sentences;
- lower case: the answer typed all in lower case, punctuation kept;
- clause openers: "Honestly,", "To be honest,", "Frankly,", "Well,", "Actually," in front of
  some sentences, as many people speak;
- STAR labels: "Situation:", "Action:" and "Result:" in front of the first sentence, the first
  later one the candidate tells with "I" and the last, as candidates coached in the STAR method
  write (the judge's training twins use other words, ``training/judge/twins.py``).

Each kind is a pair of functions (baseline side, changed side) of the text and a random source
seeded per answer.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import Any

from panelist.text import sentences

Render = Callable[[str, random.Random], str]

SWAP_NAMES = {
    "Emily": "Lakisha",
    "Greg": "Jamal",
    "Sarah": "Aisha",
    "John": "Mohammed",
    "Anne": "Mei",
    "Tom": "Kwame",
    "Laura": "Priya",
    "James": "Hiroshi",
    "Maria": "Fatima",
    "David": "Tyrone",
}
PRONOUNS = {
    "he": "she",
    "she": "he",
    "him": "her",
    "his": "her",
    "her": "his",
    "himself": "herself",
    "herself": "himself",
}
_WORD = re.compile(r"\b[A-Za-z]+\b")


def swap_identity(text: str, rng: random.Random) -> str:
    """Names and gendered pronouns swapped; a named colleague is added when there is none."""
    if not any(n in text for n in SWAP_NAMES):
        text = f"My colleague Emily and I discussed it first. {text}"

    def swap(m: re.Match[str]) -> str:
        w = m.group(0)
        if w in SWAP_NAMES:
            return SWAP_NAMES[w]
        low = w.lower()
        if low in PRONOUNS:
            out = PRONOUNS[low]
            return out.capitalize() if w[0].isupper() else out
        return w

    return _WORD.sub(swap, text)


def original_identity(text: str, rng: random.Random) -> str:
    """The identity side's baseline: the same named colleague, names not swapped."""
    if not any(n in text for n in SWAP_NAMES):
        text = f"My colleague Emily and I discussed it first. {text}"
    return text


def non_native(text: str, rng: random.Random) -> str:
    """Common second-language errors that keep the meaning."""
    out = []
    for w in text.split(" "):
        low = w.lower()
        if low in {"the", "a", "an"} and rng.random() < 0.6:
            continue
        if low == "has" and rng.random() < 0.5:
            w = "have"
        elif low == "was" and rng.random() < 0.3:
            w = "were"
        elif low == "in" and rng.random() < 0.3:
            w = "on"
        elif low == "to" and rng.random() < 0.15:
            w = "for"
        out.append(w)
    return " ".join(out)


def spoken(text: str, rng: random.Random) -> str:
    """A transcript of the answer said aloud: fillers, lower case, few full stops."""
    fillers = ["um", "uh", "you know", "like", "so", "I mean"]
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = sentence.rstrip(".!?").split()
        if words and rng.random() < 0.7:
            words.insert(rng.randrange(len(words)), rng.choice(fillers) + ",")
        out.append(" ".join(words).lower())
    return " and ".join(out) + "."


OPENERS = (
    "Honestly,",
    "To be honest,",
    "Frankly,",
    "Well,",
    "Actually,",
    "I have to say,",
    "Honestly",
    "To be honest with you,",
    "Truth is,",
    "Well -",
)


def with_openers(text: str, rng: random.Random) -> str:
    """The answer with a clause opener in front of about half its sentences (the first always)."""
    out = []
    for k, sentence in enumerate(re.split(r"(?<=[.!?])\s+", text)):
        if sentence and (k == 0 or rng.random() < 0.4):
            head = sentence if sentence.startswith("I ") else sentence[:1].lower() + sentence[1:]
            sentence = f"{rng.choice(OPENERS)} {head}"
        out.append(sentence)
    return " ".join(out)


def star_parts(texts: Sequence[str]) -> dict[int, str]:
    """Which of an answer's sentences each part of the STAR method labels: the situation the
    first, the action the first later one that starts with "I " and the result the last (an
    answer of one or two sentences gets what fits)."""
    parts = {0: "situation"} if texts else {}
    acting = next((k for k in range(1, len(texts) - 1) if texts[k].startswith("I ")), None)
    if acting is not None:
        parts[acting] = "action"
    if len(texts) > 1:
        parts[len(texts) - 1] = "result"
    return parts


#: The headers :func:`with_star_labels` puts before each part.
STAR_HEADERS = {"situation": "Situation:", "action": "Action:", "result": "Result:"}


def with_star_labels(text: str, rng: random.Random) -> str:
    """The answer with the STAR method's headers (:func:`star_parts`, :data:`STAR_HEADERS`);
    its line breaks are kept."""
    found = sentences(text)
    labels = {
        found[k].start: STAR_HEADERS[p] for k, p in star_parts([s.text for s in found]).items()
    }
    for at in sorted(labels, reverse=True):
        text = f"{text[:at]}{labels[at]} {text[at:]}"
    return text


KINDS: dict[str, tuple[Render, Render]] = {
    "names and pronouns": (original_identity, swap_identity),
    "non-native grammar": (lambda t, r: t, non_native),
    "spoken transcript": (lambda t, r: t, spoken),
    "lower case": (lambda t, r: t, lambda t, r: t.lower()),
    "clause openers": (lambda t, r: t, with_openers),
    "STAR labels": (lambda t, r: t, with_star_labels),
}


def summary(changes: Sequence[float]) -> str:
    """Mean and largest absolute score change of pairs, mean signed change, and how many pairs
    moved by more than 2 and 5 points."""
    size = [abs(c) for c in changes]
    return (
        f"mean |change| {sum(size) / len(size):4.2f}  largest {max(size):3.0f}  "
        f"mean signed {sum(changes) / len(changes):+5.2f}  pairs over 2: "
        f"{sum(s > 2 for s in size)}, over 5: {sum(s > 5 for s in size)}"
    )


def chosen(rows: list[dict[str, Any]], pairs: int = 200, seed: int = 0) -> list[dict[str, Any]]:
    """The graded answers pairs are built from: rated 40 or more, at least 40 words."""
    substantive = [r for r in rows if r["score"] >= 40 and len(str(r["answer"]).split()) >= 40]
    return random.Random(seed).sample(substantive, min(pairs, len(substantive)))


def render(kind: str, record: dict[str, Any]) -> tuple[str, str]:
    """Both sides of ``kind`` for one answer (the random source is seeded by its id)."""
    rng = random.Random(record["id"])
    left, right = KINDS[kind]
    answer = str(record["answer"])
    return left(answer, rng), right(answer, rng)
