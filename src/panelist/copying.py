"""What an answer says without answering: courtesies, its own sentences again, and the job
description's words given back.

None of it is read by the judge. A greeting is left out silently; a repeated sentence is read
once; text copied from the job description is not credited. The last two are
reported (``repeated``, ``copied_text``), so that a reviewer sees why they did not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from panelist.text import Sentence, words

#: Sentences shorter than this are not called repeats ("Yes.", "Thank you.").
REPEAT_MIN_WORDS = 4
#: Word n-grams compared with the job description.
GRAM = 5
#: A sentence of at least ``COPY_MIN_WORDS`` words with this share of its n-grams in the job
#: description is copied from it.
COPY_SHARE = 0.5
COPY_MIN_WORDS = 8
#: A list of at least ``LIST_ITEMS`` items, no word of the candidate's own ("I", "we"), this
#: share of them words of the job description: its keywords given back.
LIST_ITEMS = 5
LIST_SHARE = 0.8

_COURTESY = re.compile(
    r"(?:(?:hello|hi|hey|good (?:morning|afternoon|evening)|greetings|dear (?:sir|madam|all)"
    r"|thanks?(?: you)?(?: (?:so|very) much)?(?: for (?:the|this|your|having|asking)[\w' ]{0,40})?"
    r"|my name is [a-z][\w.'-]*(?: [a-z][\w.'-]*){0,3}"
    r"|(?:that's a |what a )?(?:great|good|interesting) question|sure|of course|certainly)"
    r"(?:[\s,!.;:-]+|$))+",
)
_OWN = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|we|our|us)\b")


def courtesies(sentences: Sequence[Sentence]) -> list[int]:
    """Sentences that only greet, thank or introduce the speaker ("Hello.", "Hi, my name is
    Ana Lima.", "Thank you for the question."). An introduction of more than four words, or
    one that goes on to say anything else, is not one."""
    return [
        i
        for i, s in enumerate(sentences)
        if s.clean.strip() and _COURTESY.fullmatch(s.clean.strip().lower())
    ]


def repeated(sentences: Sequence[Sentence], skip: Iterable[int] = ()) -> list[int]:
    """Sentences (of ``REPEAT_MIN_WORDS`` words or more) that say word for word what an earlier
    one said (case and punctuation aside)."""
    left_out = set(skip)
    seen: set[tuple[str, ...]] = set()
    out = []
    for i, s in enumerate(sentences):
        if i in left_out:
            continue
        key = tuple(w.lower() for w in words(s.clean))
        if len(key) >= REPEAT_MIN_WORDS and key in seen:
            out.append(i)
        seen.add(key)
    return out


def copied(
    sentences: Sequence[Sentence], sources: Sequence[str], skip: Iterable[int] = ()
) -> list[int]:
    """Sentences copied from ``sources`` (the job description): most of their
    word n-grams are the sources', or they list the sources' words (see :data:`LIST_SHARE`)."""
    tokens = [[w.lower() for w in words(text)] for text in sources]
    grams = {tuple(t[i : i + GRAM]) for t in tokens for i in range(len(t) - GRAM + 1)}
    vocabulary = {w for t in tokens for w in t}
    if not vocabulary:
        return []
    left_out = set(skip)
    out = []
    for i, s in enumerate(sentences):
        if i in left_out:
            continue
        own = [w.lower() for w in words(s.clean)]
        mine = [tuple(own[k : k + GRAM]) for k in range(len(own) - GRAM + 1)]
        shared = sum(g in grams for g in mine)
        if (len(own) >= COPY_MIN_WORDS and shared >= COPY_SHARE * len(mine)) or _listed(
            s.clean, vocabulary
        ):
            out.append(i)
    return out


def _listed(text: str, vocabulary: set[str]) -> bool:
    """A list of the vocabulary's words with nothing of the candidate's own."""
    items = [words(item.lower()) for item in re.split(r"[,;\n]", text)]
    items = [item for item in items if item]
    if len(items) < LIST_ITEMS or _OWN.search(text.lower()):
        return False
    found = sum(all(w in vocabulary for w in item) for item in items)
    return found >= LIST_SHARE * len(items)
