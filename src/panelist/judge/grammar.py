"""Second-language grammar must not move a score: the judge reads answers in a plain grammar.

The slips most common in a second language carry no substance: a dropped or added article,
"is" for "are", "have" for "has", "were" for "was". Like names (:mod:`panelist.judge.neutral`),
they are made the same for every answer before the judge reads it, in training and at run time
alike: articles are dropped, and the present and past forms of "be", "have" and "do" become one
form each. Meaning carried by these words (tense, negation) is kept; only agreement goes.
Prepositions ("in" for "on") are left as they are: they carry meaning ("on call", "at least"),
and merging "in", "on" and "at" made no difference in cross-validation fold 0 (non-native
pairs: largest change 8 either way). Spans are not affected: the judge reads the plain text,
evidence quotes the original.
"""

from __future__ import annotations

import re

_ONE_FORM = {
    "am": "is",
    "are": "is",
    "were": "was",
    "has": "have",
    "does": "do",
    "aren't": "isn't",
    "weren't": "wasn't",
    "hasn't": "haven't",
    "doesn't": "don't",
}
#: An article before a word ("the plan", "A patient"), not a letter standing alone ("plan A.",
#: "A/B tests"); group 1 is the word's first character.
_ARTICLE = re.compile(r"\b(?:[Tt]he|THE|[Aa]n?|AN)\s+([\w$£€])")
_WORD = re.compile(r"\b[A-Za-z]+(?:'[a-z]+)?\b")


def _one_form(match: re.Match[str]) -> str:
    word = match.group(0)
    form = _ONE_FORM.get(word.lower())
    if form is None:
        return word
    return form[0].upper() + form[1:] if word[0].isupper() else form


def _no_article(match: re.Match[str]) -> str:
    """The next word, capitalised when the article was ("The plan" as "Plan")."""
    first = match.group(1)
    return first.upper() if match.group(0)[0].isupper() else first


def plain_grammar(text: str) -> str:
    """``text`` without articles, with one form for "is/are/am", "was/were", "has/have" and
    "does/do" (and their negations)."""
    return _WORD.sub(_one_form, _ARTICLE.sub(_no_article, text))
