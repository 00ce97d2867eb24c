"""Everything the rubric engine reads off one answer, computed once."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from panelist.embeddings import Embedder
from panelist.engines.base import EvaluationRequest
from panelist.engines.rubric.reference import ReferenceMatch, match_reference
from panelist.engines.rubric.semantics import (
    PartMatch,
    Windows,
    answer_windows,
    is_motivational,
    is_situational,
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
#: Similarity between a sentence and a job requirement for a feedback point to cite it.
SENTENCE_REQUIREMENT_THRESHOLD = 0.45


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
    borrowed_share: float = 0.0
    borrowed_novel_terms: int = 0
    sentence_requirements: dict[int, str] = field(default_factory=dict)
    situation_contrast: float | None = None
    situational: bool = False
    motivational: bool = False

    @property
    def asks_for_motivation(self) -> bool:
        """Whether a behavioural question asks why the candidate wants the job."""
        return self.motivational and not self.technical

    @property
    def expects_story(self) -> bool:
        """Whether the question asks for a past example (most behavioural questions)."""
        return not (self.technical or self.situational or self.motivational)

    @property
    def asks_for_plan(self) -> bool:
        """Whether a behavioural question asks for a plan or a practice, not for what they did."""
        return self.situational and not self.technical

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


def situation_contrast(
    embedder: Embedder, parts: list[PartMatch], windows: Windows, generic: list[str]
) -> float | None:
    """How much better the answer's closest sentences fit the question than a generic prompt.

    The mean similarity of the three sentences closest to the question's first part, minus the
    same for prompts that fit any work story. Near zero, the answer tells a story that is not
    about the situation asked for.
    """
    if not parts or not generic or windows.singles < 2:
        return None
    sentences = windows.vectors[: windows.singles]
    vectors = embedder.encode([parts[0].part, *generic])
    top = min(3, windows.singles)
    own = np.sort(sentences @ vectors[0])[-top:].mean()
    baseline = np.sort((sentences @ vectors[1:].T).mean(axis=1))[-top:].mean()
    return float(own - baseline)


def analyse_request(
    request: EvaluationRequest, embedder: Embedder, generic_prompts: list[str] | None = None
) -> Analysis:
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
        embedder,
        question.reference_points,
        windows,
        REFERENCE_THRESHOLD,
        check_contradiction=True,
        given=question.text,
    )
    text = " ".join(signals.text(i) for i in kept)
    answers = [a for a in [question.reference_answer, *question.alternative_answers] if a]
    reference = match_reference(embedder, question.text, text, answers)
    sentence_requirements: dict[int, str] = {}
    if requirements and windows.singles:
        vectors = embedder.encode([m.part for m in requirements])
        sims = vectors @ windows.vectors[: windows.singles].T
        for column, index in enumerate(windows.first[: windows.singles]):
            row = int(sims[:, column].argmax())
            if sims[row, column] >= SENTENCE_REQUIREMENT_THRESHOLD:
                sentence_requirements[index] = requirements[row].part
    answer_stems = content_stems(text)
    question_stems = content_stems(question.text)
    given_stems = question_stems | content_stems(request.job_description.text)
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
        borrowed_share=len(answer_stems & given_stems) / max(len(answer_stems), 1),
        borrowed_novel_terms=len(answer_stems - given_stems),
        sentence_requirements=sentence_requirements,
        situation_contrast=situation_contrast(embedder, parts, windows, generic_prompts or []),
        situational=is_situational(question.text),
        motivational=is_motivational(question.text),
    )
