"""Second-language grammar must not move a score: the judge reads answers in a plain grammar.

The slips most common in a second language carry no substance: a dropped or added article,
"is" for "are", "have" for "has", "were" for "was". Like names (:mod:`panelist.judge.neutral`),
they are made the same for every answer before the judge reads it, in training and at run time
alike: articles are dropped, and the present and past forms of "be" (but "am", also a time of
day), "have" and "do" become one form each. Tense and negation are kept. A capital "A" is an
article only where a sentence starts ("Option A is better" keeps its letter). Prepositions
("in" for "on") are left as they are, as they carry meaning ("on call", "at least"); merging
"in", "on" and "at" too gave non-native pairs a mean change of 0.37 against 0.49 on
cross-validation fold 0 (largest 8 either way). Clause openers that say how the candidate
speaks ("Honestly,", "Well,") are not read either (:func:`without_openers`). Spans are not
affected: the judge reads the plain text, evidence quotes the original.
"""

from __future__ import annotations

import re

from panelist.judge.neutral import same_case

_ONE_FORM = {
    "are": "is",
    "were": "was",
    "has": "have",
    "does": "do",
    "aren't": "isn't",
    "weren't": "wasn't",
    "hasn't": "haven't",
    "doesn't": "don't",
}
#: An article before a word: "a", "an", "the" in lower case anywhere, capitalised only where a
#: sentence starts ("A patient", not "plan A and B"), never after "-" or "/" ("Grade-A",
#: "A/B"); group 1 is the next word's first character.
_ARTICLE = re.compile(
    r"(?:\b(?<![-/])(?:the|an?)|(?:^|(?<=[.!?:;]\s))(?:The|THE|An?|AN))\s+([\w$£€])"
)
_WORD = re.compile(r"\b[A-Za-z]+(?:['\u2019][a-z]+)?\b")


def _one_form(match: re.Match[str]) -> str:
    word = match.group(0)
    form = _ONE_FORM.get(word.lower().replace("\u2019", "'"))
    return word if form is None else same_case(word, form)


def _no_article(match: re.Match[str]) -> str:
    """The next word, capitalised when the article was ("The plan" as "Plan")."""
    return same_case(match.group(0), match.group(1))


def plain_grammar(text: str) -> str:
    """``text`` without articles, with one form for "is/are", "was/were", "has/have" and
    "does/do" (and their negations, with either apostrophe)."""
    return _WORD.sub(_one_form, _ARTICLE.sub(_no_article, text))


#: Words that open a clause and say how the candidate speaks, not what happened: "To be
#: honest,", "Honestly,", "Frankly,", "Well,", "Actually,". In the training answers "honestly,"
#: and "to be honest" are almost only said by candidates who blame others or say nothing (106
#: of the 121 answers that say them are rated under 50), and the judge learnt them as a sign:
#: "Frankly, " in front of a good dev answer cost up to 50 points. Found where a clause starts,
#: before a comma, and not read (in training and at run time).
_OPENER = re.compile(
    r"(?:^|(?<=[.!?;:]\s)|(?<=,\s)|(?<=\band\s)|(?<=\bbut\s)|(?<=\bso\s))"
    r"(?:to\s+be\s+(?:completely\s+|totally\s+|perfectly\s+)?honest|in\s+all\s+honesty|"
    r"(?:quite\s+)?(?:honestly|frankly)(?:\s+speaking)?|truth\s+be\s+told|"
    r"to\s+tell\s+(?:you\s+)?the\s+truth|i\s+(?:have|must|(?:'|’)ve\s+got)\s+to\s+say|"
    r"well|actually|look|listen|let\s+me\s+think|sure|right|alright|oh)\s*,\s*",
    re.IGNORECASE,
)


def without_openers(text: str) -> str:
    """``text`` without clause openers that say how, not what (:data:`_OPENER`), the next word
    capitalised where the sentence started with the opener."""
    out = _OPENER.sub("", text)
    if out and out[0].islower() and out != text and _OPENER.match(text):
        out = out[0].upper() + out[1:]
    return out
