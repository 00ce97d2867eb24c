"""Reading interviews (YAML or JSON) and batch items (JSON Lines) into the domain model.

Every error names the file and the line or field at fault.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from panelist.engines.base import EvaluationRequest
from panelist.errors import InputError
from panelist.models import (
    Anchor,
    Interview,
    JobDescription,
    Question,
    QuestionAnswer,
    QuestionType,
)

_JD_SUFFIXES = (".md", ".markdown", ".txt")


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def describe_validation(exc: ValidationError) -> str:
    """One line listing each invalid field and what is wrong with it."""
    return "; ".join(f"field {_field_path(e['loc'])}: {e['msg']}" for e in exc.errors())


def _read_structured(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}, line {exc.lineno}: invalid JSON: {exc.msg}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{path}{where}: invalid YAML: {problem}") from None


def _job_description(value: Any, base: Path, source: Path) -> JobDescription:
    """A job description given inline, as a path to a text file, or as a mapping."""
    if value is None:
        return JobDescription()
    if isinstance(value, dict):
        value = dict(value)
        if "file" in value:
            value["text"] = _read_jd_file(base / str(value.pop("file")), source)
        try:
            return JobDescription(**value)
        except ValidationError as exc:
            raise InputError(f"{source}: job_description: {describe_validation(exc)}") from None
    if not isinstance(value, str):
        raise InputError(
            f"{source}: field job_description: expected text, a file path or a mapping"
        )
    candidate = value.strip()
    if "\n" not in candidate and candidate.lower().endswith(_JD_SUFFIXES):
        return JobDescription(text=_read_jd_file(base / candidate, source))
    return JobDescription(text=value)


def _read_jd_file(path: Path, source: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise InputError(f"{source}: field job_description: cannot read file {path}") from None


class _QuestionEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    answer: str
    type: QuestionType = QuestionType.BEHAVIORAL
    competency: str | None = None
    reference_points: list[str] = Field(default_factory=list)
    reference_answer: str | None = None
    anchors: list[Anchor] = Field(default_factory=list)


class _InterviewFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str
    candidate: str | None = None
    job_description: Any = None
    questions: list[_QuestionEntry] = Field(min_length=1)


def load_interview(path: str | Path) -> Interview:
    """Load an interview file (``.yaml``, ``.yml`` or ``.json``)."""
    path = Path(path)
    data = _read_structured(path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping with role, job_description and questions")
    try:
        raw = _InterviewFile(**data)
        items = [
            QuestionAnswer(question=Question(**q.model_dump(exclude={"answer"})), answer=q.answer)
            for q in raw.questions
        ]
        return Interview(
            role=raw.role,
            candidate=raw.candidate,
            job_description=_job_description(raw.job_description, path.parent, path),
            items=items,
        )
    except ValidationError as exc:
        raise InputError(f"{path}: {describe_validation(exc)}") from None


def example_path() -> Path:
    """The built-in Machine Learning Engineer example interview."""
    return Path(str(resources.files("panelist") / "examples" / "ml-engineer" / "interview.yaml"))


class BatchItem(BaseModel):
    """One line of a batch file. Unknown fields (labels, notes) are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    answer: str
    question_id: str | None = None
    question_type: QuestionType | None = Field(
        None, description="Defaults to technical when reference material is given, else behavioral."
    )
    reference_points: list[str] | None = None
    reference_answer: str | None = None
    reference_answers: list[str] | None = None
    anchors: list[Anchor] | None = None
    job_description: str | None = None
    role: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("reference_answers", mode="before")
    @classmethod
    def _reference_texts(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [v.get("text") if isinstance(v, dict) else v for v in value]
        return value

    def request(self) -> EvaluationRequest:
        """The evaluation request this line describes."""
        points = list(self.reference_points or [])
        reference = self.reference_answer
        extra = [r for r in self.reference_answers or [] if r and r != reference]
        has_reference = bool(points or reference or extra)
        default = QuestionType.TECHNICAL if has_reference else QuestionType.BEHAVIORAL
        question = Question(
            id=self.question_id or self.id,
            text=self.question,
            type=self.question_type or default,
            reference_points=points,
            reference_answer=reference,
            anchors=self.anchors or [],
            alternative_answers=extra,
        )
        return EvaluationRequest(
            question=question,
            answer=self.answer,
            job_description=JobDescription(title=self.role or "", text=self.job_description or ""),
            role=self.role or "",
        )


@dataclass(frozen=True)
class BatchLine:
    """A parsed batch line: its number, the item's id if known, and the item or the error."""

    number: int
    id: str | None
    item: BatchItem | None
    error: str | None


def read_batch(path: str | Path) -> Iterator[BatchLine]:
    """Yield every non-blank line of a JSONL file, parsed or with the reason it is unusable."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror or exc}") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            yield _parse_line(line, number)


def _parse_line(line: str, number: int) -> BatchLine:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return BatchLine(number, None, None, f"line {number}: invalid JSON: {exc.msg}")
    if not isinstance(data, dict):
        return BatchLine(number, None, None, f"line {number}: expected a JSON object")
    raw_id = data.get("id")
    item_id = str(raw_id) if isinstance(raw_id, str | int) else None
    try:
        return BatchLine(number, item_id, BatchItem(**data), None)
    except ValidationError as exc:
        return BatchLine(number, item_id, None, f"line {number}: {describe_validation(exc)}")
