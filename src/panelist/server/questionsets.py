"""Question sets: reading them from the interview YAML format, and to and from table rows.

The YAML is the interview file format (``role``, ``job_description``, ``questions``) without
the need for answers: answers and the candidate's name in the file are ignored, with a
warning, so an interview file can be imported as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from panelist.api import check_placeholders
from panelist.errors import InputError
from panelist.loaders import UniqueKeyLoader, describe_validation  # reuse: duplicate keys
from panelist.models import Anchor, JobDescription, Question, QuestionType
from panelist.server.tables import QuestionRow

_FILE_SUFFIXES = (".md", ".markdown", ".txt")


class _YamlQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    type: QuestionType = QuestionType.BEHAVIORAL
    competency: str | None = None
    reference_points: list[str] = Field(default_factory=list)
    reference_answer: str | None = None
    alternative_answers: list[str] = Field(default_factory=list)
    anchors: list[Anchor] = Field(default_factory=list)
    answer: str | None = None  # ignored: a question set holds no answers


class _YamlQuestionSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str = Field(min_length=1)
    name: str | None = None
    candidate: str | None = None  # ignored
    job_description: Any = None
    questions: list[_YamlQuestion] = Field(min_length=1)


@dataclass
class ImportedSet:
    """What a YAML question set gives: the questions, and what was not imported."""

    role: str
    name: str | None
    questions: list[Question]
    job_description: JobDescription | None
    warnings: list[str] = field(default_factory=list)


def _names_file(value: str) -> bool:
    text = value.strip()
    return bool(text) and not any(c.isspace() for c in text) and text.endswith(_FILE_SUFFIXES)


def _job_description(value: Any, warnings: list[str]) -> JobDescription | None:
    if value is None:
        return None
    if isinstance(value, str):
        if _names_file(value):
            warnings.append(
                f"job_description names a file ({value.strip()}); files are not read on import:"
                " set the job's description instead"
            )
            return None
        return JobDescription(text=value)
    if isinstance(value, dict) and "file" in value:
        warnings.append("job_description.file is not read on import: set the job's description")
        value = {k: v for k, v in value.items() if k != "file"}
    try:
        return JobDescription.model_validate(value)
    except ValidationError as exc:
        raise InputError(f"job_description: {describe_validation(exc)}") from None


def parse_yaml(text: str) -> ImportedSet:
    """Read a question set from YAML text; errors name the line or field."""
    try:
        data = yaml.load(text, Loader=UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise InputError(f"{where}invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    except RecursionError:
        raise InputError("invalid YAML: nested too deeply") from None
    if not isinstance(data, dict):
        raise InputError("expected a mapping with role, job_description and questions")
    try:
        raw = _YamlQuestionSet.model_validate(data)
        questions = [Question(**q.model_dump(exclude={"answer"})) for q in raw.questions]
    except ValidationError as exc:
        raise InputError(describe_validation(exc)) from None
    warnings: list[str] = []
    answered = sum(q.answer is not None for q in raw.questions)
    if answered:
        warnings.append(f"the answers to {answered} questions were ignored: a set holds questions")
    if raw.candidate is not None:
        warnings.append("candidate was ignored: invite candidates to the question set instead")
    check_unique(questions)
    jd = _job_description(raw.job_description, warnings)
    return ImportedSet(raw.role, raw.name, questions, jd, warnings)


def check_unique(questions: list[Question]) -> None:
    """Refuse two questions with one id, and reference points left as ``TODO:`` placeholders.

    Candidates would answer, and the evaluation would then fail on the placeholder.
    """
    seen: set[str] = set()
    for n, question in enumerate(questions):
        if question.id in seen:
            raise InputError(f"field questions[{n}].id: {question.id!r} is used twice")
        seen.add(question.id)
        try:
            check_placeholders(question)
        except InputError as exc:
            raise InputError(f"field questions[{n}].reference_points: {exc}") from None


def to_rows(question_set_id: str, questions: list[Question]) -> list[QuestionRow]:
    """Table rows for ``questions``, in order."""
    return [
        QuestionRow(
            question_set_id=question_set_id,
            position=n,
            question_id=q.id,
            text=q.text,
            type=q.type.value,
            competency=q.competency,
            reference_points=list(q.reference_points),
            reference_answer=q.reference_answer,
            alternative_answers=list(q.alternative_answers),
            anchors=[a.model_dump(mode="json") for a in q.anchors],
        )
        for n, q in enumerate(questions)
    ]


def from_row(row: QuestionRow) -> Question:
    """The domain question a row holds."""
    return Question(
        id=row.question_id,
        text=row.text,
        type=QuestionType(row.type),
        competency=row.competency,
        reference_points=list(row.reference_points),
        reference_answer=row.reference_answer,
        alternative_answers=list(row.alternative_answers),
        anchors=[Anchor.model_validate(a) for a in row.anchors],
    )
