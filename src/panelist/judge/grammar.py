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
speaks ("Honestly,", "Well,") and the STAR method's labels ("Situation:", "The result was
that") are not read either (:func:`without_openers`). Spans are not affected: the judge reads
the plain text, evidence quotes the original.
"""

from __future__ import annotations

import re

from panelist.judge.neutral import WORDS_TOO, same_case

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


#: Words that say how the candidate speaks, not what happened. In the training answers
#: "honestly," and "to be honest" are almost only said by candidates who blame others or say
#: nothing (109 of the 127 answers that say them, case aside, are rated under 50), and the judge
#: learnt them as a sign: "Frankly, " in front of a good dev answer cost up to 50 points.
#: Candour words are found where a clause starts, with a comma, dash, colon or nothing after
#: them ("Honestly I didn't know", "To be honest with you,", "Truth is,").
_CANDOUR = (
    r"(?:to\s+be\s+(?:completely\s+|totally\s+|perfectly\s+|brutally\s+|quite\s+)?"
    r"(?:honest|fair|frank)(?:\s+with\s+you)?|in\s+all\s+(?:honesty|fairness)|"
    r"(?:(?:quite|very)\s+)?(?:honestly|frankly|truthfully)\s+speaking|truth\s+be\s+told|"
    r"(?:the\s+)?truth\s+is|if\s+i(?:'|\u2019|\s+a)m\s+(?:being\s+)?honest|"
    r"to\s+tell\s+(?:you\s+)?the\s+truth|i(?:\s+have|\s+must|(?:'|\u2019)ve)(?:\s+got)?\s+to\s+say)"
)
#: One candour word may also stand with no stop after it ("Honestly I didn't know").
_CANDOUR_WORD = r"(?:(?:quite|very)\s+)?(?:honestly|frankly|truthfully)"
#: Other openers ("Well,", "Actually,", "Look,") only where a sentence starts, with a comma or a
#: dash, and not as the first item of a list ("Look, listen and feel", "Right, left and centre",
#: "Well, water and power were cut").
_MARKER = r"(?:well|actually|look|listen|sure|right|alright|okay|ok|oh)"
#: A comma or a spaced dash after an opener.
_BREAK = r"(?:,|\s-|\s\u2013|\s\u2014)"
_STOP = rf"\s*(?:{_BREAK}|:)\s*"
_CLAUSE = r"(?:^|(?<=[.!?;:]\s)|(?<=,\s)|(?<=\band\s)|(?<=\bbut\s))"
_OPENER = re.compile(
    rf"{_CLAUSE}(?:{_CANDOUR}{_STOP}|{_CANDOUR_WORD}(?:{_STOP}|\s+))"
    rf"|(?:^|(?<=[.!?]\s)){_MARKER}{_BREAK}"
    r"(?!\s*\w+(?:\s+\w+)?\s*(?:,|\band\b|\bor\b))\s*",
    re.IGNORECASE,
)


#: The STAR method's labels, which coached candidates put before the parts of a story: a
#: header ("Situation:", "**Task** -", "2) Action:", "R:", "Outcome:", "Learning:") or words
#: that run on ("The situation was that", "The end result was that", "The context was this:").
#: The training answers have almost none (one header, "Outcome:", and a few run-on phrases, none
#: of which moves a score when not read), and the judge read them unlike the same answer
#: without: a good dev answer so labelled by hand fell from 80 to 44, read as blaming others
#: (``benchmarks/rewrites.py``). Where a sentence starts (or a clause after ";", or a line).
#: Read only in stories (answers to behavioural questions): in a technical answer "Actions:",
#: "Result:" or "A:" name a term ("Actions: plain objects ...; Reducers: ...", "A: control").
#: A dash counts only with a space after it ("Outcome -15% cost" keeps its sign), and "that"
#: only when it does not qualify ("The situation was that bad that ..." is kept).
_HEADER = (
    r"(?:\(?\d[.)]\s*)?(?:\*\*|__)?(?:(?:situation|task|actions?|results?|outcomes?|context"
    r"|background|learnings?|lessons?(?:\s+learned|\s+learnt)?)(?:\*\*|__)?\s*"
    r"(?::|\s[-\u2013\u2014](?=\s))|[star](?:\*\*|__)?\s*:)(?:\*\*|__)?\s*"
)
_RUN_ON = (
    r"(?:the\s+)?(?:situation|context|background|(?:end\s+)?result|outcome)\s+(?:was|is)"
    r"(?:\s+that(?!\s+(?:much|many|few|little|bad|good|big|serious|severe|far|long|hard|easy"
    r"|simple|clear|close|high|low)\b)|\s+this\s*:|\s*:)\s*"
)
_LABEL = re.compile(rf"(?:^|(?<=[.!?;]\s)|(?<=\n))(?:{_HEADER}|{_RUN_ON})", re.IGNORECASE)


def without_openers(text: str, labels: bool = True) -> str:
    """``text`` without the openers of :data:`_OPENER` and, with ``labels``, the labels of
    :data:`_LABEL` (an opener after a label too); where the sentence started with one, the
    next word capitalised, unless it is a name when capitalised ("mark", :data:`WORDS_TOO`)."""
    out = _OPENER.sub("", text)
    started = out != text and _OPENER.match(text)
    if labels:
        unlabelled = _LABEL.sub("", out)
        if unlabelled != out:
            started = started or _LABEL.match(out)
            out = _OPENER.sub("", unlabelled)
    first = _WORD.match(out)
    name = first is not None and first.group(0).lower() in WORDS_TOO
    if out and out[0].islower() and started and not name:
        out = out[0].upper() + out[1:]
    return out
