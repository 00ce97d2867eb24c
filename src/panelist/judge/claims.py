"""Readings of the judge whose literal claim the text can rule out, and the check for each.

A reading such as "mostly restates the question" says something of the words on the page. When
the words show it to be untrue, the reading does not count in the score (its probability is left
out of the expected style mean, as for :data:`panelist.judge.model.RULED_STYLES`), and the
feedback does not say it.

Measured on the out-of-fold outputs of a one-seed cross-validation of model 1.11's recipe:
leaving "restates the question" out where :func:`restates_question` is false moves 3 of 1,900
answers by more than 2 points, each towards its label; the claim holds on all 38 training
answers of that style. The same test on "inflated claims" (no figure implausible and three
actions told: :func:`panelist.engines.judge.feedback._claims_without_method` false) lifted two
inflated answers rated 19 and 22 to 50 and 57, so that reading stays in the score.
"""

from __future__ import annotations

from panelist.text import capital_i, content_stems, content_words, stem

#: "Mostly restates the question" is untrue of an answer with more than ``OWN_STEMS`` content-word
#: stems the question lacks, under ``ECHO_SHARE`` of its content words being the question's
#: (the 41 training and dev answers of the restated style: 4 to 28 stems of their own, and
#: over 42% of their content words the question's).
OWN_STEMS = 40
ECHO_SHARE = 0.3


def restates_question(question: str, answer: str) -> bool:
    """True of "mostly restates the question", by the words of the answer the question has."""
    asked = content_stems(question)
    said = [stem(w) for w in content_words(answer)]
    echoed = sum(w in asked for w in said)
    own = {w for w in said if w not in asked}
    return len(own) <= OWN_STEMS or echoed >= ECHO_SHARE * len(said)


def ruled_out(question: str, answer: str) -> tuple[str, ...]:
    """The styles whose claim ``answer`` (to ``question``) shows to be untrue."""
    return () if restates_question(question, capital_i(answer)) else ("restates_question",)
