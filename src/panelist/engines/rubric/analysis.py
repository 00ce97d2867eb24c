"""Everything the rubric engine reads off one answer, computed once."""

from __future__ import annotations

from dataclasses import dataclass

from panelist.embeddings import Embedder
from panelist.engines.base import EvaluationRequest
from panelist.engines.rubric.reference import ReferenceMatch, match_reference
from panelist.engines.rubric.semantics import (
    PartMatch,
    answer_windows,
    jd_requirements,
    match_parts,
    question_parts,
    similarity_to,
)
from panelist.engines.rubric.signals import Signals, analyse
from panelist.models import Evidence, QuestionType
from panelist.text import content_stems

#: Combined similarity at which a question part, requirement or reference point counts as covered.
PART_THRESHOLD = 0.45
REQUIREMENT_THRESHOLD = 0.5
REFERENCE_THRESHOLD = 0.45
#: Similarity between question and job requirement for the requirement to be what it probes.
FOCUS_THRESHOLD = 0.4


@dataclass
class Analysis:
    """Surface and semantic signals of one answer to one question."""

    request: EvaluationRequest
    signals: Signals
    parts: list[PartMatch]
    requirements: list[PartMatch]
    references: list[PartMatch]
    reference: ReferenceMatch | None
    question_similarity: float
    question_share: float
    novel_terms: int
    focus_requirement: PartMatch | None = None

    @property
    def technical(self) -> bool:
        """Whether the question asks for knowledge rather than past experience."""
        return self.request.question.type is QuestionType.TECHNICAL

    def evidence(self, index: int | None) -> list[Evidence]:
        """The sentence ``index`` of the answer as an evidence quote."""
        if index is None:
            return []
        sentence = self.signals.sentences[index]
        return [Evidence(quote=sentence.text, start=sentence.start, end=sentence.end)]

    def kept_text(self) -> str:
        """The answer without sentences addressed to the grader, fillers removed."""
        return " ".join(self.signals.text(i) for i in self.signals.kept)


def analyse_request(request: EvaluationRequest, embedder: Embedder) -> Analysis:
    """Compute the analysis of ``request``."""
    signals = analyse(request.answer)
    sents, kept = signals.sentences, signals.kept
    question = request.question
    windows = answer_windows(embedder, sents, kept)
    parts = match_parts(embedder, question_parts(question.text), windows, PART_THRESHOLD)
    requirements = match_parts(
        embedder, jd_requirements(request.job_description.text), windows, REQUIREMENT_THRESHOLD
    )
    references = match_parts(
        embedder, question.reference_points, windows, REFERENCE_THRESHOLD, check_contradiction=True
    )
    text = " ".join(signals.text(i) for i in kept)
    answers = [a for a in [question.reference_answer, *question.alternative_answers] if a]
    reference = match_reference(embedder, question.text, text, answers)
    focus = None
    if requirements:
        vectors = embedder.encode([question.text, *(m.part for m in requirements)])
        closeness = vectors[1:] @ vectors[0]
        best = int(closeness.argmax())
        if closeness[best] >= FOCUS_THRESHOLD:
            focus = requirements[best]
    answer_stems = content_stems(text)
    question_stems = content_stems(question.text)
    return Analysis(
        request=request,
        signals=signals,
        parts=parts,
        requirements=requirements,
        references=references,
        reference=reference,
        question_similarity=similarity_to(embedder, question.text, windows),
        question_share=len(answer_stems & question_stems) / max(len(answer_stems), 1),
        novel_terms=len(answer_stems - question_stems),
        focus_requirement=focus,
    )
