"""Rules that stay rules: text addressed to the grader, non-answers, unreadable or foreign text.

These checks run before a model: a model must never be the one to decide whether to obey an
answer, and it should not be asked to judge text it cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from panelist.engines.rubric.criteria import get_rubric
from panelist.engines.rubric.signals import english_share, gibberish_ratio
from panelist.lexicon import get_lexicon
from panelist.models import Evaluation, Evidence, Flag
from panelist.text import Sentence, sentences, words

#: The highest score an answer that addresses the grader can get.
INSTRUCTION_CAP = 20


@dataclass(frozen=True)
class Finding:
    """A rule that fired and the sentences (indexes into ``Guard.sentences``) that show it."""

    code: str
    sentences: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Guard:
    """What the rules found in one answer."""

    sentences: list[Sentence]
    findings: list[Finding]
    words: int

    def has(self, code: str) -> bool:
        """Whether rule ``code`` fired."""
        return any(f.code == code for f in self.findings)

    @property
    def instruction(self) -> list[int]:
        """Sentences addressed to the grader."""
        return [i for f in self.findings if f.code == "grader_instruction" for i in f.sentences]


def check(answer: str) -> Guard:
    """Run the rules on an answer."""
    lexicon = get_lexicon()
    detectors = get_rubric().detectors
    sents = sentences(answer)
    instruction = [i for i, s in enumerate(sents) if lexicon.count("grader_instruction", s.clean)]
    kept = [i for i in range(len(sents)) if i not in instruction]
    clean = " ".join(sents[i].clean for i in kept)
    tokens = words(clean)
    findings = [Finding("grader_instruction", instruction)] if instruction else []
    hedged = (
        lexicon.count("hedges", clean) > 0 and len(tokens) < detectors["hedged_non_answer_words"]
    )
    long_enough = len(tokens) >= detectors["gibberish_min_words"]
    other = len(lexicon.find("other_language", clean)) / max(len(tokens), 1)
    if not tokens or hedged:
        findings.append(Finding("non_answer", kept[:1]))
    elif (
        english_share(tokens) < detectors["english_share"]
        and other >= detectors["other_language_share"]
        and long_enough
    ):
        findings.append(Finding("unsupported_language", kept[:1]))
    elif gibberish_ratio(tokens) >= detectors["gibberish_ratio"] and long_enough:
        findings.append(Finding("gibberish", kept[:2]))
    return Guard(sents, findings, len(tokens))


def enforce(evaluation: Evaluation, answer: str) -> Evaluation:
    """``evaluation`` with the grader-instruction flag and cap, whatever the engine decided.

    For engines that read the whole answer (an LLM): the instruction is flagged, quoted and
    capped even when the model obeyed it.
    """
    guard = check(answer)
    if not guard.instruction:
        return evaluation
    quotes = [guard.sentences[i] for i in guard.instruction[:2]]
    flag = Flag(
        code="grader_instruction",
        message="Contains text addressed to the grader; it was not obeyed.",
        evidence=[Evidence.of(answer, s.start, s.end) for s in quotes],
    )
    flags = [f for f in evaluation.flags if f.code != "grader_instruction"]
    return evaluation.model_copy(
        update={"score": min(evaluation.score, INSTRUCTION_CAP), "flags": [flag, *flags]}
    )
