"""Flaw detectors of the rubric engine: what caps an answer's level whatever its merits.

Each detected flaw is a ``Hit`` with the sentences that show it; its cap and multiplier come from
``flags`` in ``rubric.yaml``, its thresholds from ``detectors``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from panelist.engines.rubric.analysis import Analysis
from panelist.engines.rubric.criteria import Rubric, kind_of, situation_sentences
from panelist.engines.rubric.signals import LIST_RUN
from panelist.guard import check
from panelist.text import content_words


@dataclass(frozen=True)
class Hit:
    """A detected flaw and the sentences that show it."""

    code: str
    sentences: list[int] = field(default_factory=list)
    detail: str = ""


def detect(a: Analysis, rubric: Rubric) -> list[Hit]:
    """The flaws of the answer, strongest first.

    With a model answer and no key points (short-answer grading), only the flaws that do not
    depend on an interview answer's length and form are looked for.
    """
    hits = _basic_flaws(a)
    if any(h.code == "unsupported_language" for h in hits):
        return hits  # not read: nothing more can be said of it
    if a.reference is None or a.references:
        hits += _length_flaws(a, rubric) + _content_flaws(a, rubric)
    if kind_of(a) == "technical_open" and not hits:
        hits.append(Hit("accuracy_unchecked"))
    return hits


def _basic_flaws(a: Analysis) -> list[Hit]:
    """What the rules in front of every engine found (``panelist.guard``)."""
    return [Hit(f.code, f.sentences) for f in check(a.request.answer).findings]


def _length_flaws(a: Analysis, rubric: Rubric) -> list[Hit]:
    s, d = a.signals, rubric.detectors
    if not s.words or s.count("hedges"):
        return []
    if s.words < d["non_answer_words"]:
        return [Hit("non_answer", s.kept[:1])]
    if s.words < d["too_short_words"]:
        return [Hit("too_short", s.kept[:1])]
    return []


def _content_flaws(a: Analysis, rubric: Rubric) -> list[Hit]:
    s, d = a.signals, rubric.detectors
    hits: list[Hit] = []
    n_sentences = max(len(s.kept), 1)
    if a.question_share > d["restated_share"] and a.novel_terms < d["restated_novel_terms"]:
        hits.append(Hit("restated_question", s.kept[:2]))
    elif (
        a.borrowed_share > d["restated_share"]
        and a.borrowed_novel_terms < d["restated_novel_terms"]
    ):
        hits.append(Hit("restated_job_description", s.kept[:2]))
    if s.list_ratio > d["list_ratio"] and len(s.i_actions) <= 1:
        hits.append(Hit("keyword_stuffing", _list_sentences(a)))
    platitudes = s.sentences_with("platitude")
    share = len(platitudes) / n_sentences
    story_padding = not a.technical and share > d["platitude_share"] and len(s.i_actions) <= 1
    # A technical answer may call something important; one made mostly of such lines says nothing.
    technical_padding = (
        a.technical and share > 2 * d["platitude_share"] and not s.sentences_with("reasoning")
    )
    if story_padding or technical_padding:
        hits.append(Hit("padding", platitudes[:2]))
    if s.repetition >= d["repetition_share"]:
        hits.append(Hit("repetition"))
    hits += _credibility_flaws(a, rubric)
    best_part = max((m.similarity for m in a.parts), default=0.0)
    # An open question ("a project you are proud of") is far, in similarity, from any story.
    judged = a.technical or _specific_situation(a, rubric)
    unrelated = (
        judged
        and best_part < d["off_topic_part"]
        and a.question_similarity < d["off_topic_question"]
    )
    named = situation_sentences(a, rubric)
    other_story = (
        judged
        and a.expects_story
        and not named  # an answer that names the situation asked about is not another story
        and a.situation_contrast is not None
        and a.situation_contrast < d["off_topic_contrast"]
    )
    if s.words >= d["too_short_words"] and (unrelated or other_story):
        hits.append(Hit("off_topic", s.kept[:1]))
    elif (
        s.words >= d["too_short_words"]
        and a.expects_story
        and named == []
        and a.situation_contrast is not None
        and a.situation_contrast < d["situation_contrast"]
    ):
        part = a.parts[0].part
        first = part.split()[0]
        if not any(c.isupper() for c in first[1:]):  # keep acronyms such as "SQL" as written
            part = part[:1].lower() + part[1:]
        hits.append(Hit("situation_missing", s.kept[:1], part))
    return hits


def _specific_situation(a: Analysis, rubric: Rubric) -> bool:
    """Whether a behavioural question asks about a specific situation rather than any story.

    "Tell me about a time you showed leadership" is no closer to a good answer than to a
    generic prompt, so similarity cannot tell an answer to it from a different story.
    """
    words = content_words(a.parts[0].part) if a.parts else []
    return len(set(words)) >= rubric.detectors["specific_situation_words"]


def _credibility_flaws(a: Analysis, rubric: Rubric) -> list[Hit]:
    s, d = a.signals, rubric.detectors
    hits: list[Hit] = []
    implausible = s.sentences_with("implausible")
    if s.count("implausible") >= 2:
        hits.append(Hit("implausible_metrics", implausible[:2]))
    elif implausible:
        hits.append(Hit("unverified_metric", implausible[:1]))
    blame = s.sentences_with("blame")
    if s.count("blame") >= 2:
        hits.append(Hit("blame", blame[:2]))
    elif blame:
        hits.append(Hit("blame_hint", blame[:1]))
    if s.count("misconduct") >= 2:
        hits.append(Hit("misconduct", s.sentences_with("misconduct")[:2]))
    if not a.technical:
        n_sentences = max(len(s.kept), 1)
        hypothetical = s.sentences_with("hypothetical") if a.expects_story else []
        share = len(hypothetical) / n_sentences
        if (not s.i_actions and share > d["hypothetical_share"]) or (
            len(s.i_actions) <= 1 and share > 2 * d["hypothetical_share"]
        ):
            hits.append(Hit("hypothetical", hypothetical[:1]))
        if s.i_count == 0 and s.we_count >= d["we_only_min"]:
            hits.append(Hit("no_personal_role", s.kept[:1]))
    contradicted = [m for m in a.references if m.contradicted]
    where = [m.sentence for m in contradicted if m.sentence is not None]
    if len(contradicted) >= 2:
        hits.append(
            Hit("contradicts_reference", where[:2], "; ".join(m.part for m in contradicted))
        )
    elif contradicted:
        hits.append(Hit("possible_contradiction", where, contradicted[0].part))
    return hits


def _list_sentences(a: Analysis) -> list[int]:
    return [i for i in a.signals.kept if LIST_RUN.search(a.signals.text(i))][:2]
