"""What the judge reads: the question, its parts, reference material, job requirements, answer.

Every text becomes a *unit*. Answers are cut into sentences (long ones into pieces of at most
``PIECE_WORDS`` words) that keep their character span in the answer, so that the sentences that
drive a prediction can be quoted as evidence.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from panelist.engines.base import EvaluationRequest
from panelist.engines.rubric.semantics import jd_requirements, question_parts
from panelist.judge.grammar import plain_grammar, without_openers
from panelist.judge.neutral import neutralise
from panelist.models import QuestionType
from panelist.text import sentences, without_repeats

PIECE_WORDS = 60
MAX_PARTS = 4
MAX_REFERENCES = 10
MAX_REQUIREMENTS = 16
#: The fewest requirement lines of a training description (see :func:`as_trained`).
MIN_REQUIREMENTS = 14
#: Answer pieces read; the rest of a longer answer is not read (and the answer is flagged).
MAX_PIECES = 48


class UnitType(IntEnum):
    """The role of a unit in the judge's input sequence (``PAD`` marks padding)."""

    QUESTION = 0
    PART = 1
    REFERENCE = 2
    REQUIREMENT = 3
    ANSWER = 4
    PAD = 5


@dataclass(frozen=True)
class Piece:
    """An answer piece: the text the judge reads (neutral, in plain grammar), the span of its
    sentence in the answer, and ``said``: the neutral text before plain grammar (what the
    feedback's patterns read: "got the service back", "within a day")."""

    text: str
    start: int
    end: int
    said: str


@dataclass(frozen=True)
class JudgeInput:
    """One answer and its context, as units the judge encodes."""

    question: str
    parts: tuple[str, ...]
    references: tuple[str, ...]
    requirements: tuple[str, ...]
    pieces: tuple[Piece, ...]
    words: int
    technical: bool
    truncated: bool

    @property
    def texts(self) -> list[str]:
        """All unit texts in sequence order."""
        return [
            self.question,
            *self.parts,
            *self.references,
            *self.requirements,
            *(p.text for p in self.pieces),
        ]

    @property
    def types(self) -> list[UnitType]:
        """The type of every unit, aligned with ``texts``."""
        return [
            UnitType.QUESTION,
            *[UnitType.PART] * len(self.parts),
            *[UnitType.REFERENCE] * len(self.references),
            *[UnitType.REQUIREMENT] * len(self.requirements),
            *[UnitType.ANSWER] * len(self.pieces),
        ]


def answer_pieces(answer: str, exclude: Collection[int] = (), story: bool = True) -> list[Piece]:
    """The answer's sentences, neutralised and in plain grammar, long ones cut into pieces of
    ``PIECE_WORDS`` words.

    ``exclude`` names sentences (by index) the judge must not read, such as text addressed
    to the grader; ``story``: the answer tells a story (a behavioural question), whose STAR
    labels are not read.
    """
    out = []
    for index, sentence in enumerate(sentences(answer)):
        if index in exclude:
            continue
        words = without_openers(sentence.clean, story).split()
        for i in range(0, len(words), PIECE_WORDS):
            # repeats again once neutral: "show him his photos" as "show her her photos"
            said = without_repeats(neutralise(" ".join(words[i : i + PIECE_WORDS])))
            text = without_repeats(plain_grammar(said))
            out.append(Piece(text, sentence.start, sentence.end, said))
    return out


def references(request: EvaluationRequest) -> list[str]:
    """Reference points, then the reference answer and the alternative answers."""
    question = request.question
    texts = [*question.reference_points]
    if question.reference_answer:
        texts.append(question.reference_answer)
    texts += question.alternative_answers
    return [t.strip() for t in texts if t.strip()][:MAX_REFERENCES]


def as_trained(requirements: list[str]) -> tuple[str, ...]:
    """The requirement lines, repeated in turn up to :data:`MIN_REQUIREMENTS` when fewer.

    Every training description has 14-17 requirement lines, and the head's score falls as lines
    are added (about 3 points a line from 1 to 14): a short description would score answers
    higher than a long one. Repeating its lines keeps the input as the head was trained on it
    (dev set cut to 3 lines, model 1.0: Spearman 0.839 without, 0.858 with, 0.862 in full). No
    description stays empty: the head is also trained on 30% of the answers without theirs (dev
    set without its descriptions, model 1.3: Spearman 0.884, with them 0.888).
    """
    if not requirements:
        return ()
    count = max(len(requirements), MIN_REQUIREMENTS)
    return tuple(requirements[i % len(requirements)] for i in range(count))


@lru_cache(maxsize=256)
def _parts(question: str) -> tuple[str, ...]:
    """The parts of a question the judge reads (the answers to one question share them)."""
    return tuple(question_parts(question)[:MAX_PARTS])


def question_units(question: str) -> tuple[str, tuple[str, ...]]:
    """A question's text and parts as the judge reads them."""
    return question.strip(), _parts(question)


@lru_cache(maxsize=64)
def _requirements(job_description: str) -> tuple[str, ...]:
    """The requirement lines the judge reads (the answers for one role share them)."""
    return as_trained(jd_requirements(job_description)[:MAX_REQUIREMENTS])


def build_input(request: EvaluationRequest, exclude: Collection[int] = ()) -> JudgeInput:
    """The judge's view of a request, without the answer sentences in ``exclude``."""
    question = request.question
    story = question.type == QuestionType.BEHAVIORAL
    pieces = answer_pieces(request.answer, exclude, story)
    # what the judge does not read (sentences, clause openers) does not make the answer longer
    words = len(request.answer.split())
    for i, sentence in enumerate(sentences(request.answer)):
        if i in exclude:
            words -= len(sentence.text.split())
        else:
            said = without_openers(sentence.clean, story)
            words -= len(sentence.clean.split()) - len(said.split())
    text, parts = question_units(question.text)
    return JudgeInput(
        question=text,
        parts=parts,
        references=tuple(references(request)),
        requirements=_requirements(request.job_description.text),
        pieces=tuple(pieces[:MAX_PIECES]),
        words=max(words, 0),
        technical=question.type == QuestionType.TECHNICAL,
        truncated=len(pieces) > MAX_PIECES,
    )
