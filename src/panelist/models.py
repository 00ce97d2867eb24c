"""Panelist's domain model: what goes into an evaluation and what comes out of it."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

Score = Annotated[int, Field(ge=0, le=100)]


#: The pattern of an identifier: one word, no spaces.
ONE_WORD = r"^\S+$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class QuestionType(StrEnum):
    """Behavioral questions ask for past experience; technical ones for knowledge."""

    BEHAVIORAL = "behavioral"
    TECHNICAL = "technical"


class Anchor(_Model):
    """An example answer with the score experts gave it (a behaviourally anchored level)."""

    answer: str = Field(min_length=1)
    score: Score


class Question(_Model):
    """An interview question, with what a good answer covers when that is known."""

    id: str = Field(min_length=1, pattern=ONE_WORD)
    text: str = Field(min_length=1)
    type: QuestionType = QuestionType.BEHAVIORAL
    competency: str | None = None
    reference_points: list[str] = Field(default_factory=list)
    reference_answer: str | None = None
    alternative_answers: list[str] = Field(
        default_factory=list, description="Other correct answers, as good as the reference."
    )
    anchors: list[Anchor] = Field(default_factory=list)


class JobDescription(_Model):
    """The role the candidate is interviewed for."""

    title: str = ""
    text: str = ""


#: How a follow-up question is introduced in the answer text that is evaluated.
FOLLOW_UP_PREFIX = "Follow-up: "


class FollowUpAnswer(_Model):
    """A follow-up question asked after the first answer, and the candidate's answer to it."""

    question: str = Field(min_length=1)
    answer: str

    @field_validator("question", "answer")
    @classmethod
    def _not_blank(cls, value: str, info: ValidationInfo) -> str:
        if not value.strip():
            what = "the follow-up question" if info.field_name == "question" else "the answer"
            raise ValueError(f"empty: write {what}, or remove this follow-up")
        return value


def with_follow_up_answers(answer: str, follow_ups: list[FollowUpAnswer]) -> str:
    """The answer as shown in a second round: the first answer, then each follow-up question
    (on its own line, after :data:`FOLLOW_UP_PREFIX`) and its answer, a blank line apart."""
    return _exchanges(answer, follow_ups, blank_questions=False)


def candidate_text(answer: str, follow_ups: list[FollowUpAnswer]) -> str:
    """What is evaluated in a second round: :func:`with_follow_up_answers` with every follow-up
    question line blanked out (spaces), so that no engine judges the interviewer's words and the
    positions of the candidate's words are the same in both texts."""
    return _exchanges(answer, follow_ups, blank_questions=True)


#: A line of spaces or tabs only, in an answer of a second round: emptied, so that no answer
#: holds a line like a blanked question's (:func:`exchange_spans`).
_SPACES_ONLY = re.compile(r"^[ \t]+$", re.MULTILINE)


def _exchanges(answer: str, follow_ups: list[FollowUpAnswer], blank_questions: bool) -> str:
    if not follow_ups:
        return answer
    parts = [_SPACES_ONLY.sub("", answer.strip())]
    for f in follow_ups:
        line = f"{FOLLOW_UP_PREFIX}{' '.join(f.question.split())}"
        said = _SPACES_ONLY.sub("", f.answer.strip())
        parts.append(f"{' ' * len(line) if blank_questions else line}\n{said}")
    return "\n\n".join(parts)


def exchange_spans(text: str, asked: list[str]) -> list[tuple[int, int]] | None:
    """Where the first answer and each follow-up answer lie in ``text``, a
    :func:`candidate_text` of the follow-up questions ``asked``: one ``(start, end)`` per
    answer, in order; ``None`` when ``text`` is not one (a blanked question line is missing).

    The blanked lines are found from the end; no answer holds a line of spaces (they are
    emptied), so none is taken for one."""
    if not asked:
        return None
    replies: list[tuple[int, int]] = []
    end = len(text)
    for question in reversed(asked):
        line = f"{FOLLOW_UP_PREFIX}{' '.join(question.split())}"
        gap = f"\n\n{' ' * len(line)}\n"
        at = text.rfind(gap, 0, end)
        if at < 0:
            return None
        replies.append((at + len(gap), end))
        end = at
    return [(0, end), *reversed(replies)]


class QuestionAnswer(_Model):
    """A question and the candidate's answer to it, with any follow-ups asked and answered."""

    question: Question
    answer: str
    follow_ups: list[FollowUpAnswer] = Field(
        default_factory=list, exclude_if=lambda value: not value
    )

    @property
    def full_answer(self) -> str:
        """What is shown: the answer, with the follow-up exchanges after it. Evidence positions
        refer to this text."""
        return with_follow_up_answers(self.answer, self.follow_ups)

    @property
    def candidate_text(self) -> str:
        """What is evaluated: :attr:`full_answer` with the follow-up questions blanked out."""
        return candidate_text(self.answer, self.follow_ups)


class Interview(_Model):
    """One candidate's interview: the role, its job description, and the answers given."""

    role: str = Field(min_length=1)
    job_description: JobDescription = Field(default_factory=JobDescription)
    candidate: str | None = None
    items: list[QuestionAnswer] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Interview:
        seen: set[str] = set()
        for item in self.items:
            if item.question.id in seen:
                raise ValueError(f"question id {item.question.id!r} is used twice")
            seen.add(item.question.id)
        return self


class Evidence(_Model):
    """A quote from the answer, with its character span: ``answer[start:end] == quote``."""

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @classmethod
    def of(cls, answer: str, start: int, end: int) -> Evidence:
        """The quote ``answer[start:end]``."""
        return cls(quote=answer[start:end], start=start, end=end)


class Point(_Model):
    """A strength, weakness or tip, with what it rests on."""

    text: str
    kind: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    requirement: str | None = None
    question_part: str | None = None


class Flag(_Model):
    """Something a human reviewer should know about an answer."""

    code: str
    message: str
    evidence: list[Evidence] = Field(default_factory=list)


class Usage(_Model):
    """Tokens a model back end used for one evaluation."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


class FollowUp(_Model):
    """A question to ask next, from a gap the evaluation found (see ``panelist.followups``)."""

    text: str
    reason: str = Field(
        description="missing_part, no_personal_role, no_result, unverified_claim, no_reasoning, "
        "reference_point, off_topic, too_brief, hypothetical (a real example, or the detail of "
        "one told in general terms) or ask_again"
    )
    evidence: list[Evidence] = Field(default_factory=list)
    reference_point: str | None = None


class Evaluation(_Model):
    """The judgement of one answer."""

    question_id: str
    score: Score
    criteria: dict[str, Score] = Field(default_factory=dict)
    strengths: list[Point] = Field(default_factory=list)
    weaknesses: list[Point] = Field(default_factory=list)
    improvement_tips: list[Point] = Field(default_factory=list)
    justification: str = ""
    flags: list[Flag] = Field(default_factory=list)
    engine: str = ""
    engine_version: str = ""
    model: str | None = None
    prompt_version: str | None = None
    usage: Usage | None = None
    follow_ups: list[FollowUp] = Field(default_factory=list, exclude_if=lambda value: not value)


class ScoreRef(_Model):
    """A score and the questions that received it."""

    score: Score
    question_ids: list[str]


class Summary(_Model):
    """Interview-level figures, computed in plain code from the evaluations."""

    total_questions: int
    #: Answers the average, highest, lowest and criteria averages count, when some were not
    #: judged (:data:`panelist.aggregate.UNJUDGED`); None when they count every answer.
    judged_questions: int | None = None
    average_score: float
    highest: ScoreRef
    lowest: ScoreRef
    criteria_averages: dict[str, float] = Field(default_factory=dict)
    common_weaknesses: list[str] = Field(default_factory=list)
    flagged: dict[str, list[str]] = Field(default_factory=dict)


class Report(_Model):
    """An evaluated interview."""

    interview: Interview
    evaluations: list[Evaluation]
    summary: Summary
