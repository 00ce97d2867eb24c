"""Rules that stay rules: text addressed to the grader, non-answers, unreadable or foreign text.

These checks run before a model: a model must never be the one to decide whether to obey an
answer, and it should not be asked to judge text it cannot read. Text addressed to the grader
is found by ``panelist.instructions``, the language by ``panelist.languages``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NoReturn

from panelist import boundaries
from panelist.copying import courtesies, repeated
from panelist.engines.rubric.criteria import get_rubric
from panelist.engines.rubric.signals import gibberish_ratio
from panelist.instructions import get_detector
from panelist.languages import foreign_language
from panelist.lexicon import get_lexicon
from panelist.models import Evaluation, Evidence, Flag
from panelist.text import Sentence, sentences, words

#: The highest score an answer that addresses the grader can get.
INSTRUCTION_CAP = 20


class Indexes(list[int]):
    """Sentence indexes that cannot be changed: a ``Guard`` is cached and shared by callers."""

    def _frozen(self, *args: object) -> NoReturn:
        raise TypeError("the sentence indexes of a guard finding cannot be changed")

    append = extend = insert = remove = pop = clear = sort = reverse = _frozen  # type: ignore[assignment]
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _frozen


@dataclass(frozen=True)
class Finding:
    """A rule that fired and the sentences (indexes into ``Guard.sentences``) that show it."""

    code: str
    sentences: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sentences", Indexes(self.sentences))


@dataclass(frozen=True)
class Guard:
    """What the rules found in one answer (shared between callers: never change it)."""

    sentences: tuple[Sentence, ...]
    findings: tuple[Finding, ...]
    words: int
    #: Sentences most of whose words were said before (:func:`panelist.copying.repeated`; read
    #: once; not a finding, which every engine would act on: the judge engine reports it).
    repeated: tuple[int, ...] = ()
    #: Greetings, thanks and introductions: not read by the judge, not reported.
    courtesy: tuple[int, ...] = ()

    def has(self, code: str) -> bool:
        """Whether rule ``code`` fired."""
        return any(f.code == code for f in self.findings)

    @property
    def instruction(self) -> list[int]:
        """Sentences addressed to the grader."""
        return [i for f in self.findings if f.code == "grader_instruction" for i in f.sentences]


def check(answer: str) -> Guard:
    """Run the rules on an answer.

    The language is read from the sentences not addressed to the grader, or from the whole
    answer when nothing else is left; an answer in another language is never also called a
    non-answer or gibberish.
    """
    return _check(answer, boundaries.generation())


@lru_cache(maxsize=1024)
def _check(answer: str, generation: int) -> Guard:
    """:func:`check`, kept per boundary model (``generation``, see
    :func:`panelist.boundaries.use`): its sentence indexes are the engines' too."""
    detectors = get_rubric().detectors
    sents = tuple(sentences(answer))
    instruction = sorted({i for hit in get_detector().find(sents) for i in hit.sentences})
    flagged = set(instruction)
    kept = [i for i in range(len(sents)) if i not in flagged]
    again = repeated(sents, flagged)
    polite = courtesies(sents)
    # what the answer says: a greeting or thanks alone is no answer
    said = [i for i in kept if i not in set(polite)]
    clean = " ".join(sents[i].clean for i in said)
    tokens = words(clean)
    findings = [Finding("grader_instruction", instruction)] if instruction else []
    hedged = (
        get_lexicon().count("hedges", clean) > 0
        and len(tokens) < detectors["hedged_non_answer_words"]
    )
    long_enough = len(tokens) >= detectors["gibberish_min_words"]
    if foreign_language(clean if clean.strip() else answer):
        findings.append(Finding("unsupported_language", kept[:1] or instruction[:1]))
    elif not tokens or hedged:
        findings.append(Finding("non_answer", kept[:1]))
    elif gibberish_ratio(tokens) >= detectors["gibberish_ratio"] and long_enough:
        findings.append(Finding("gibberish", kept[:2]))
    elif _word_salad(tokens, detectors):
        findings.append(Finding("word_salad", kept[:2]))
    return Guard(sents, tuple(findings), len(tokens), tuple(again), tuple(polite))


def _word_salad(tokens: list[str], detectors: dict[str, float]) -> bool:
    """A long text made of the same few words over and over. (An answer said twice or more is
    not one: its sentences said again are read once, see :func:`panelist.copying.repeated`.)

    Word variety is the mean share of distinct words in sliding 50-word windows (real answers
    in the training data: 0.50 and up; a salad of 14 words: 0.27).
    """
    if len(tokens) < detectors["word_salad_min_words"]:
        return False
    lowered = [t.lower() for t in tokens]
    windows = range(0, len(lowered) - 50 + 1, 10)
    variety = sum(len(set(lowered[i : i + 50])) for i in windows) / (50 * len(windows))
    return variety < detectors["word_salad_variety"]


def enforce(evaluation: Evaluation, answer: str) -> Evaluation:
    """``evaluation`` with the grader-instruction flag and cap, whatever the engine decided.

    Applied after every engine (``panelist.api``): an instruction is flagged, quoted and capped
    even when a model obeyed it. An engine's own flag for it is kept; one the rules do not
    confirm becomes ``possible_grader_instruction``, for a person to check, without the cap.
    """
    guard = check(answer)
    if not guard.instruction:
        return _unconfirmed(evaluation)
    flags = list(evaluation.flags)
    if not any(f.code == "grader_instruction" for f in flags):
        quotes = [guard.sentences[i] for i in guard.instruction[:2]]
        flags.insert(
            0,
            Flag(
                code="grader_instruction",
                message="Contains text addressed to the grader; it was not obeyed.",
                evidence=[Evidence.of(answer, s.start, s.end) for s in quotes],
            ),
        )
    score = min(evaluation.score, INSTRUCTION_CAP)
    if score == evaluation.score and len(flags) == len(evaluation.flags):
        return evaluation
    return evaluation.model_copy(update={"score": score, "flags": flags})


def _unconfirmed(evaluation: Evaluation) -> Evaluation:
    """A model's ``grader_instruction`` flag the rules found nothing for, renamed (no cap)."""
    if not any(f.code == "grader_instruction" for f in evaluation.flags):
        return evaluation
    flags = [
        f.model_copy(
            update={
                "code": "possible_grader_instruction",
                "message": "The model saw text addressed to the grader that the rules did not "
                f"find; check it. {f.message}".strip(),
            }
        )
        if f.code == "grader_instruction"
        else f
        for f in evaluation.flags
    ]
    return evaluation.model_copy(update={"flags": flags})
