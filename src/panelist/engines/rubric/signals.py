"""Surface signals of an answer: what a careful reader notices before judging.

Everything here is plain text analysis (no embeddings): counts of lexicon categories per
sentence, first-person actions, specifics, list-like stuffing, repetition, gibberish and text
addressed to the grader. Semantic signals live in ``semantics.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from panelist.lexicon import Match, get_lexicon
from panelist.text import (
    STOPWORDS,
    Sentence,
    content_stems,
    content_words,
    sentences,
    stem,
    words,
)

_IRREGULAR_PAST = frozenset(
    """went made built wrote took found ran led set put got saw told sent brought thought began
    chose drove gave held kept knew left lost met paid sat said sold spent stood taught understood
    won cut split shut caught fell rose grew hit read rebuilt rewrote spoke bought dealt felt heard
    laid meant overcame quit rang shook struck threw withdrew became broke did had was were came
    began drew flew forgot forgave froze hid hung lit mistook rode sang sank slept slid sought stuck
    swung tore woke wore upheld undertook oversaw outgrew sped spun""".split()
)
_NOT_PAST = frozenset(
    "need feed seed bed red shed speed hundred indeed weed proceed exceed succeed embed".split()
)
#: Verbs after "I" that state a view, a habit or an ability rather than an action.
_NOT_ACTIONS = frozenset(
    """am have has think believe know feel love like want hope guess mean would will can could
    should must may might do usually always typically try tend need prefer enjoy consider wish
    also really""".split()
)
#: A story told in the present tense ("I trace the failures and I find...") is read as a story
#: when at least this many sentences narrate the candidate's actions that way.
PRESENT_NARRATIVE_MIN = 3
_ADVERB = r"(?:\s+(?:then|also|quickly|immediately|first|finally|personally|eventually|later|"
_ADVERB += r"just|actually|still|directly|manually|initially|instead|again|even|both|only))?"
_I_VERB = re.compile(rf"(?<![Ii]f )(?<![Ww]hen )\bI{_ADVERB}\s+([a-z]+)\b")
#: "I would call...", "I'd then check...", "I will ask...": a planned action.
_I_PLAN = re.compile(
    rf"\bI(?:'d| would| will|'ll| am going to|'m going to){_ADVERB}"
    rf"(?:\s+(?:start by|begin by|want to|need to|try to))?\s+([a-z]+)\b"
)
_WE = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
_I = re.compile(r"\b(?:I|my|me|I'm|I've|I'd)\b")
_PROPER = re.compile(
    r"(?<=[a-z,;:]\s)([A-Z][a-zA-Z0-9]+(?:[ -][A-Z][a-zA-Z0-9]+)*)"
    r"|\b([A-Z]{2,}[a-z]?\d*|[a-z]+[A-Z]\w+)\b"
)
_NUMBER = re.compile(r"\d[\d,.]*")
_ITEM = r"\s*[^\s,;:.]+(?:\s+[^\s,;:.]+){0,2}\s*"
_CHAIN_ITEM = r"[^\s,;:.]+(?:\s+[^\s,;:.]+)?"
#: A run of short items: "a, b, c, d and e", or "a and b and c and d and e".
LIST_RUN = re.compile(
    rf"(?:{_ITEM},){{3,}}(?:{_ITEM}(?:,|\b(?:and|or)\b))?{_ITEM}"
    rf"|(?:{_CHAIN_ITEM}\s+(?:and|or)\s+){{4,}}{_CHAIN_ITEM}"
)
#: Bullet items of at most this many words, none of them a function word, are names in a list.
_BULLET_WORDS = 3


@dataclass
class Signals:
    """What the surface of an answer shows; sentence indexes refer to ``sentences``."""

    sentences: list[Sentence]
    kept: list[int]
    words: int
    content: int
    filler_ratio: float
    matches: dict[str, list[tuple[int, Match]]]
    i_actions: list[int]
    planned_actions: list[int]
    present_actions: list[int]
    i_count: int
    we_count: int
    past_verbs: int
    proper_nouns: int
    numbers: int
    list_ratio: float
    repetition: float
    gibberish: float
    english: float = 1.0
    other_language: float = 0.0
    instruction: list[int] = field(default_factory=list)

    def count(self, category: str) -> int:
        """Occurrences of a lexicon category in the kept sentences."""
        return len(self.matches.get(category, []))

    def sentences_with(self, category: str) -> list[int]:
        """Indexes of kept sentences where ``category`` occurs, in order, without repeats."""
        return list(dict.fromkeys(i for i, _ in self.matches.get(category, [])))

    def text(self, index: int) -> str:
        """The cleaned text of sentence ``index``."""
        return self.sentences[index].clean


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    import json

    source = resources.files("panelist") / "data" / "minilm" / "tokenizer.json"
    vocab = json.loads(source.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(token for token in vocab if token.isalpha())


def _is_past(verb: str) -> bool:
    return verb in _IRREGULAR_PAST or (verb.endswith("ed") and verb not in _NOT_PAST)


def gibberish_ratio(tokens: list[str]) -> float:
    """Share of longer alphabetic words that are neither known words nor plausible ones."""
    vocab = _vocabulary()
    alpha = [t for t in tokens if t.isalpha() and t.islower() and len(t) >= 4]
    if not alpha:
        return 0.0
    unknown = 0
    for token in alpha:
        if token in vocab or stem(token) in vocab or token.rstrip("s") in vocab:
            continue
        vowels = sum(c in "aeiouy" for c in token)
        unpronounceable = vowels / len(token) < 0.2 or re.search(r"[^aeiouy]{5,}", token)
        if unpronounceable or not any(token[:k] in vocab for k in range(len(token) - 2, 3, -1)):
            unknown += 1
    return unknown / len(alpha)


def _present_actions(sents: list[Sentence], kept: list[int], past_actions: list[int]) -> list[int]:
    """Sentences where the candidate says, in the present tense, what they do ("I rank...")."""
    return [
        i
        for i in kept
        if i not in past_actions
        and not LIST_RUN.search(sents[i].clean)
        and any(not _is_past(v) and v not in _NOT_ACTIONS for v in _I_VERB.findall(sents[i].clean))
    ]


def _told_in_present(
    clean: str,
    kept: list[int],
    past_actions: list[int],
    present: list[int],
    matches: dict[str, list[tuple[int, Match]]],
) -> bool:
    """Whether the answer is a story told in the present tense ("I trace the logs, I find...").

    Many speakers, non-native ones especially, tell a past event in the present tense; tense
    must not decide whether they are credited with actions. A habitual process ("I usually...",
    "my approach is..."), a list of duties with no outcome or a list of tools is not a story.
    """
    if len({i for i, _ in matches["hypothetical"]}) >= 0.1 * max(len(kept), 1):
        return False
    anchored = bool(matches["situation"] or matches["quantity"]) or len(_NUMBER.findall(clean)) >= 2
    return (
        anchored
        and bool(matches["result"])  # a story has a setting and an outcome
        and len(present) >= PRESENT_NARRATIVE_MIN
        and len(present) >= 2 * len(past_actions)
    )


def english_share(tokens: list[str]) -> float:
    """Share of words that are English function words (about 0.4 in English prose)."""
    alpha = [t.lower() for t in tokens if t.isalpha()]
    return sum(t in STOPWORDS for t in alpha) / len(alpha) if alpha else 1.0


def _repetition(kept: list[Sentence]) -> float:
    """Share of sentences whose content repeats an earlier sentence."""
    seen: list[set[str]] = []
    repeated = 0
    for sentence in kept:
        stems = content_stems(sentence.clean)
        if len(stems) < 3:
            continue
        if any(len(stems & prior) / len(stems) >= 0.8 for prior in seen):
            repeated += 1
        seen.append(stems)
    return repeated / max(len(seen), 1)


def analyse(answer: str) -> Signals:
    """Compute the surface signals of ``answer``."""
    lexicon = get_lexicon()
    sents = sentences(answer)
    from panelist.guard import check  # the guard builds on this module's helpers

    instruction = list(check(answer).instruction)
    kept = [i for i in range(len(sents)) if i not in instruction]
    matches: dict[str, list[tuple[int, Match]]] = {c: [] for c in lexicon.categories}
    for i in kept:
        for category in lexicon.categories:
            matches[category].extend((i, m) for m in lexicon.find(category, sents[i].clean))
    denied = {i for i, _ in matches["no_result"]}
    matches["result"] = [(i, m) for i, m in matches["result"] if i not in denied]
    for i in instruction:
        matches["grader_instruction"].extend(
            (i, m) for m in lexicon.find("grader_instruction", sents[i].clean)
        )
    clean = " ".join(sents[i].clean for i in kept)
    raw_words = len(words(" ".join(sents[i].text for i in kept)))
    tokens = words(clean)
    i_actions = [i for i in kept if any(_is_past(v) for v in _I_VERB.findall(sents[i].clean))]
    past = sum(1 for t in tokens if _is_past(t.lower()))
    present = _present_actions(sents, kept, i_actions)
    if _told_in_present(clean, kept, i_actions, present, matches):
        i_actions = i_actions + present  # past-tense actions first: they quote best
        past += len(present)
    propers = {m.group(0) for m in _PROPER.finditer(clean)}
    list_chars = sum(len(m.group(0)) for m in LIST_RUN.finditer(clean))
    bullets = [
        i
        for i in kept
        if len(tokens_i := words(sents[i].clean)) <= _BULLET_WORDS
        and not any(t.lower() in STOPWORDS for t in tokens_i)
    ]
    if len(bullets) >= 4 and len(bullets) * 2 >= len(kept):
        list_chars += sum(len(sents[i].clean) for i in bullets)
    return Signals(
        sentences=sents,
        kept=kept,
        words=len(tokens),
        content=len(set(content_words(clean))),
        filler_ratio=1 - len(tokens) / raw_words if raw_words else 0.0,
        matches=matches,
        i_actions=i_actions,
        present_actions=present,
        planned_actions=[
            i for i in kept if any(v not in _NOT_ACTIONS for v in _I_PLAN.findall(sents[i].clean))
        ],
        i_count=len(_I.findall(clean)),
        we_count=len(_WE.findall(clean)),
        past_verbs=past,
        proper_nouns=len(propers),
        numbers=len(_NUMBER.findall(clean)),
        list_ratio=list_chars / max(len(clean), 1),
        repetition=_repetition([sents[i] for i in kept]),
        gibberish=gibberish_ratio(tokens),
        english=english_share(tokens),
        other_language=len(matches["other_language"]) / max(len(tokens), 1),
        instruction=instruction,
    )
