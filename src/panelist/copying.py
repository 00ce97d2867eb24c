"""What an answer says without answering: courtesies, its own sentences again, and the job
description's words given back.

None of it is read by the judge. A greeting is left out silently; a repeated sentence is read
once; text copied from the job description is not credited. The last two are
reported (``repeated``, ``copied_text``), so that a reviewer sees why they did not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from panelist.text import STOPWORDS, Sentence, words

#: The codes of the findings these rules add (the judge engine reports them).
REPEATED = "repeated"
COPIED = "copied_text"
CLAIMED = "keyword_claims"
#: The findings whose sentences the judge does not read (``repeated``: read once).
UNREAD = (REPEATED, COPIED, CLAIMED)

#: A word is said again when a run of words around it was said before in the answer: a sentence
#: is said again when ``REPEAT_SHARE`` of its words are, in runs of ``REPEAT_GRAM`` words, or
#: ``REPEAT_SHORT_SHARE`` in runs of ``REPEAT_SHORT_GRAM`` (an answer pasted twice, with a word
#: changed per sentence, "To repeat," in front, or sentences joined or cut differently; a
#: phrase of fewer words, "We tested it again.", or a sentence built like another, "In
#: worst-case analysis, the assembly tolerance is ...", is not).
REPEAT_GRAM = 8
REPEAT_SHARE = 0.5
REPEAT_SHORT_GRAM = 6
REPEAT_SHORT_SHARE = 0.8
#: The same with the sentence's content words only (stop words, "I" and fillers aside): a
#: sentence of at least ``CONTENT_MIN`` content words, ``CONTENT_SHARE`` of them in runs of
#: ``CONTENT_GRAM`` said before, is said again with words put in ("To repeat, ...", a word
#: inserted per sentence) or left out. So is a shorter one that holds all the content words of
#: an earlier sentence (``CONTENT_GRAM`` or more), in order and in one run, and little else ("To
#: repeat, the hardest part was the timeline."); a short sentence that shares a phrase with an
#: earlier one ("The sepsis screening tool worked.") is not.
CONTENT_GRAM = 3
CONTENT_SHARE = 0.75
CONTENT_MIN = 5
#: Word n-grams compared with the job description.
GRAM = 5
#: A sentence of at least ``COPY_MIN_WORDS`` words with this share of its n-grams in the job
#: description is copied from it.
COPY_SHARE = 0.5
COPY_MIN_WORDS = 8
#: Sentences of at least ``COPY_CONTENT_MIN`` content words, ``COPY_CONTENT_SHARE`` of them next
#: to one that follows them within ``COPY_SPAN`` content words in the job description, are
#: copied from it with words put in ("I" every fourth word) or left out, when the answer has
#: ``COPY_SENTENCES`` copied sentences or more (of any kind). One such sentence alone is a
#: candidate who names the job's tools in the description's order ("I maintained CI/CD
#: pipelines in GitHub Actions and Argo CD with canary deployments and automated rollback."),
#: and is read.
COPY_CONTENT_MIN = 5
COPY_CONTENT_SHARE = 0.8
COPY_SPAN = 2
COPY_SENTENCES = 2
#: A list of at least ``LIST_ITEMS`` items, no word of the candidate's own ("I", "we"), this
#: share of them words of the job description: its keywords given back (a short list, "SQL,
#: Python, Looker, BigQuery and dbt" for "Which tools have you used?", is an answer).
LIST_ITEMS = 8
LIST_SHARE = 0.8

#: Words a name is not made of: "my name is Sam and I code" says more than a name.
_NAME = r"(?!(?:and|but|i|im|i'm|so|the|a|an|not|is|was|with|from|here|really)\b)[a-z][\w.'-]*"
_COURTESY = re.compile(
    r"(?:(?:hello|hi|hey|good (?:morning|afternoon|evening)|greetings|dear (?:sir|madam|all)"
    r"|thanks?(?: you)?(?: (?:so|very) much)?(?: for (?:the|this|that|your) (?:question|opportunity"
    r"|time|invitation)| for (?:having|inviting) me| for asking)?"
    rf"|(?:my name is|my name's|i'm|i am) {_NAME}(?: {_NAME}){{0,2}}"
    r"|(?:that's a |what a )?(?:great|good|interesting) question|sure|of course|certainly"
    r"|(?:that's a )?(?:tough|hard|difficult|big) (?:one|question)|well|okay|ok|alright|hmm+|oh"
    r"|here(?: is|'s) my answer|let me (?:answer|explain|see|think(?: about (?:that|it|this))?"
    r"(?: for a (?:second|moment|minute|bit))?))"
    r"(?:[\s,!.;:-]+|$))+",
)
_GREETING = re.compile(r"(?:hello|hi|hey|good (?:morning|afternoon|evening)|greetings)\b")
_INTRODUCTION = re.compile(r"(?:i'm|i am) ")
_OWN = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|we|our|us)\b")
#: At least ``CLAIMS`` sentences of at most ``CLAIM_WORDS`` words that say "I", make a claim
#: (:data:`_CLAIM`: "experience", "skilled", "know", ...) and, besides, say only words of that
#: kind (:data:`_CLAIM_TOO`) and the job description's own words ("I have experience in SQL.",
#: "I am skilled in Looker.") claim its keywords one by one, with nothing done with any of
#: them. "I work in acute medicine." and "I use Looker for dashboards." make no such claim.
CLAIMS = 3
CLAIM_WORDS = 8
_CLAIM = frozenset(
    """experience experienced skilled proficient proficiency expert expertise familiar
    familiarity knowledge know knows""".split()
)
_CLAIM_TOO = _CLAIM | frozenset(
    """skill skills strong good great excellent solid deep extensive years year hands-on
    background comfortable confident advanced am""".split()
)


def courtesies(sentences: Sequence[Sentence]) -> list[int]:
    """Sentences that only greet, thank or introduce the speaker ("Hello.", "Hi, my name is
    Ana Lima.", "Hi, I'm Ana.", "Thank you for the question.", "Here is my answer."). "I'm ..."
    introduces only after a greeting ("I'm a nurse." says something); a name of more than three
    words, or a sentence that goes on to say anything else, is not one."""
    out = []
    for i, s in enumerate(sentences):
        text = s.clean.strip().lower()
        if not text or not _COURTESY.fullmatch(text):
            continue
        if _INTRODUCTION.search(text) and not _GREETING.match(text):
            continue
        out.append(i)
    return out


def repeated(sentences: Sequence[Sentence], skip: Iterable[int] = ()) -> list[int]:
    """Sentences most of whose words were said before in the answer (case and punctuation
    aside; see :data:`REPEAT_SHARE`). What a repeated sentence says is not counted as said: a
    sentence that runs two copies together ("...review.I checked...") is a repeat, and the
    copy's next sentence, said there first, is not."""
    left_out = set(skip)
    runs = ((REPEAT_GRAM, REPEAT_SHARE), (REPEAT_SHORT_GRAM, REPEAT_SHORT_SHARE))
    seen: dict[int, set[tuple[str, ...]]] = {n: set() for n, _ in runs}
    seen_content: set[tuple[str, ...]] = set()
    said: list[tuple[str, ...]] = []
    out = []
    for i, s in enumerate(sentences):
        if i in left_out:
            continue
        tokens = [w.lower() for w in words(s.clean)]
        content = _content(tokens)
        if (
            any(
                len(tokens) >= n and _said_again(tokens, n, seen[n]) >= share * len(tokens)
                for n, share in runs
            )
            or (
                len(content) >= CONTENT_MIN
                and _said_again(content, CONTENT_GRAM, seen_content) >= CONTENT_SHARE * len(content)
            )
            or _holds_one(content, said)
        ):
            out.append(i)
        else:
            for n, _ in runs:
                seen[n] |= set(_grams(tokens, n))
            seen_content |= set(_grams(content, CONTENT_GRAM))
            if len(content) >= CONTENT_GRAM:
                said.append(tuple(content))
    return out


def _holds_one(content: list[str], said: list[tuple[str, ...]]) -> bool:
    """Whether ``content`` holds all of one of the earlier sentences' content words (``said``)
    in one run, and they make :data:`CONTENT_SHARE` of it."""
    for earlier in said:
        n = len(earlier)
        if n >= CONTENT_SHARE * len(content) and any(
            tuple(content[k : k + n]) == earlier for k in range(len(content) - n + 1)
        ):
            return True
    return False


def _content(tokens: list[str]) -> list[str]:
    """The content words of lower-case ``tokens``: no stop words."""
    return [t for t in tokens if t not in STOPWORDS]


def _grams(tokens: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[k : k + n]) for k in range(len(tokens) - n + 1)]


def _said_again(tokens: list[str], n: int, seen: set[tuple[str, ...]]) -> int:
    """How many of ``tokens`` are in a run of ``n`` said before (in ``seen``, or earlier in the
    same sentence)."""
    again = [False] * len(tokens)
    own: set[tuple[str, ...]] = set()
    for k, gram in enumerate(_grams(tokens, n)):
        if gram in seen or gram in own:
            again[k : k + n] = [True] * n
        own.add(gram)
    return sum(again)


@dataclass(frozen=True)
class _Sources:
    """What the rules compare an answer with, read once per job description: its word
    n-grams, its words, and its content words' pairs within :data:`COPY_SPAN`."""

    grams: frozenset[tuple[str, ...]]
    vocabulary: frozenset[str]
    pairs: frozenset[tuple[str, str]]


@lru_cache(maxsize=64)
def _read_sources(sources: tuple[str, ...]) -> _Sources:
    """:class:`_Sources` of ``sources``; the answers of a batch share their description."""
    tokens = [[w.lower() for w in words(text)] for text in sources]
    return _Sources(
        grams=frozenset(tuple(t[i : i + GRAM]) for t in tokens for i in range(len(t) - GRAM + 1)),
        vocabulary=frozenset(w for t in tokens for w in t),
        pairs=frozenset(
            (t[k], t[k + d])
            for t in map(_content, tokens)
            for k in range(len(t))
            for d in range(1, COPY_SPAN + 1)
            if k + d < len(t)
        ),
    )


def copied(
    sentences: Sequence[Sentence], sources: Sequence[str], skip: Iterable[int] = ()
) -> list[int]:
    """Sentences copied from ``sources`` (the job description): most of their
    word n-grams are the sources', or they list the sources' words (see :data:`LIST_SHARE`)."""
    read = _read_sources(tuple(sources))
    grams, vocabulary, pairs = read.grams, read.vocabulary, read.pairs
    if not vocabulary:
        return []
    left_out = set(skip)
    out = []
    reworded = []
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
        elif _reworded(_content(own), pairs):
            reworded.append(i)
    if reworded and len(out) + len(reworded) >= COPY_SENTENCES:
        out = sorted(out + reworded)
    return out


def _reworded(content: list[str], pairs: AbstractSet[tuple[str, str]]) -> bool:
    """Whether most of ``content`` stands next to a word it follows in the sources (``pairs``)."""
    if len(content) < COPY_CONTENT_MIN:
        return False
    found = [False] * len(content)
    for k in range(len(content) - 1):
        if (content[k], content[k + 1]) in pairs:
            found[k] = found[k + 1] = True
    return sum(found) >= COPY_CONTENT_SHARE * len(content)


def claimed(
    sentences: Sequence[Sentence], sources: Sequence[str], skip: Iterable[int] = ()
) -> list[int]:
    """Sentences that claim the sources' keywords one by one (see :data:`CLAIMS`), when there
    are at least :data:`CLAIMS` of them."""
    vocabulary = _read_sources(tuple(sources)).vocabulary
    left_out = set(skip)
    out = []
    for i, s in enumerate(sentences):
        own = [w.lower() for w in words(s.clean)]
        if i in left_out or not own or len(own) > CLAIM_WORDS or "i" not in own:
            continue
        content = [w for w in _content(own) if w not in _CLAIM_TOO]
        if _CLAIM & set(own) and content and all(w in vocabulary for w in content):
            out.append(i)
    return out if len(out) >= CLAIMS else []


def _listed(text: str, vocabulary: AbstractSet[str]) -> bool:
    """A list of the vocabulary's words with nothing of the candidate's own."""
    items = [words(item.lower()) for item in re.split(r"[,;\n]", text)]
    items = [item for item in items if item]
    if len(items) < LIST_ITEMS or _OWN.search(text.lower()):
        return False
    found = sum(all(w in vocabulary for w in item) for item in items)
    return found >= LIST_SHARE * len(items)
