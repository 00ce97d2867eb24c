"""Who a person is must not move a score: names and gendered words are neutralised before the
judge reads an answer, in training and at run time alike.

Gendered pronouns become "they" forms, titles are dropped and the first names in
``data/judge/names.txt`` all become one name. "him", "his", "her" and "hers" all become "them":
"her" is "him" or "his" depending on the words around it, and any rule that tells them apart
fails on some sentences ("told her exactly what", "her HbA1c"), where one gender would be read
differently from the other. One form for all four reads less well and never differs. Spans are
not affected: the judge reads the neutral text, evidence quotes the original.
"""

from __future__ import annotations

import re
from functools import lru_cache

from panelist.judge.encoder import data_file

NAME = "Alex"
_PRONOUNS = {
    "he": "they",
    "she": "they",
    "him": "them",
    "his": "them",
    "her": "them",
    "hers": "them",
    "himself": "themself",
    "herself": "themself",
    "he's": "they're",
    "she's": "they're",
    "he'd": "they'd",
    "she'd": "they'd",
    "he'll": "they'll",
    "she'll": "they'll",
}
_GENDERED = {
    "man": "person",
    "woman": "person",
    "guy": "person",
    "lady": "person",
    "gentleman": "person",
    "boyfriend": "partner",
    "girlfriend": "partner",
    "husband": "partner",
    "wife": "partner",
    "mother": "parent",
    "father": "parent",
    "mum": "parent",
    "mom": "parent",
    "dad": "parent",
    "son": "child",
    "daughter": "child",
    "brother": "sibling",
    "sister": "sibling",
    "chairman": "chair",
    "chairwoman": "chair",
    "salesman": "salesperson",
    "saleswoman": "salesperson",
}
_TITLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Sir|Madam)\.?\s+(?=[A-Z])|\b(?:mr|mrs|mx)\.\s+(?=[a-z])"
)
_WORD = re.compile(r"\b[A-Za-z]+(?:'[a-z]+)?\b")


#: Names that are also English words or names of tools: replaced only when capitalised
#: ("Mark", not "mark"; "Julia" the colleague, not "julia" the language).
WORDS_TOO = frozenset(
    """brad carol christian destiny deja ebony frank grace graham hana heather hector hugo jack
    jan jasmine jay john josh julia jun kate ken lily marie mark maya mike min ming peter ruth
    victor""".split()
)


@lru_cache(maxsize=1)
def names() -> frozenset[str]:
    """The first names that are replaced."""
    text = data_file("names.txt").read_text(encoding="utf-8")
    return frozenset(
        w for line in text.splitlines() if not line.startswith("#") for w in line.split()
    )


@lru_cache(maxsize=1)
def _replaced() -> frozenset[str]:
    """The forms of the names that are replaced: as listed, and in lower case (a transcript, an
    answer typed in lower case) unless the name is also a word (:data:`WORDS_TOO`)."""
    return names() | (frozenset(n.lower() for n in names()) - WORDS_TOO)


def same_case(word: str, replacement: str) -> str:
    """``replacement`` with its first letter capitalised when ``word``'s is."""
    return replacement[0].upper() + replacement[1:] if word[0].isupper() else replacement


def _neutral(word: str) -> str | None:
    """The neutral form of a name or gendered word (lower case), None for any other word."""
    base = word[:-2] if word.endswith("'s") else word
    if base in _replaced():
        return NAME.lower() + word[len(base) :]
    lower = word.lower()
    return _PRONOUNS.get(lower) or _GENDERED.get(lower)


def neutral_word(word: str) -> str:
    """One word (no punctuation) as :func:`neutralise` reads it, in lower case."""
    return (_neutral(word) or word).lower()


def neutralise(text: str) -> str:
    """``text`` with names, titles and gendered words replaced by neutral ones."""
    text = _TITLE.sub("", text)

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        neutral = _neutral(word)
        return word if neutral is None else same_case(word, neutral)

    return _WORD.sub(replace, text)
