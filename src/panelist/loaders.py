"""Reading interviews (YAML or JSON) and batch items (JSON Lines) into the domain model.

Every error names the file and the line or field at fault.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from panelist.engines.base import EvaluationRequest
from panelist.errors import InputError
from panelist.models import (
    ONE_WORD,
    Anchor,
    FollowUpAnswer,
    Interview,
    JobDescription,
    Question,
    QuestionAnswer,
    QuestionType,
    candidate_text,
)
from panelist.textfiles import read_lines, read_text

_JD_SUFFIXES = (".md", ".markdown", ".txt")


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


#: Invalid fields named in one error line; the rest are counted.
MAX_SHOWN_ERRORS = 3


def _problem(error: ErrorDetails) -> str:
    """What is wrong with one field, in the words of a file's author."""
    value = error.get("input")
    if error["type"] == "string_type":
        if value is None:
            empty_ok = error["loc"][-1:] == ("answer",)
            return "has no value: write the text" + (', in quotes ("") if there is none' * empty_ok)
        if isinstance(value, bool):
            return (
                f"is {str(value).lower()}, not text (YAML reads yes, no, on and off so): "
                "put the text in quotes"
            )
        if isinstance(value, int | float):
            return f"is the number {value}, not text: put it in quotes"
    one_word = error.get("ctx", {}).get("pattern") == ONE_WORD
    if error["type"] == "string_pattern_mismatch" and one_word:
        return f"{value!r} has a space: use one word, such as Q1 or SAFETY_Q1"
    return error["msg"].removeprefix("Value error, ")


def describe_validation(exc: ValidationError, within: tuple[int | str, ...] = ()) -> str:
    """One line listing each invalid field (its path under ``within``) and what is wrong."""
    errors = exc.errors()
    shown = "; ".join(
        f"field {_field_path((*within, *e['loc']))}: {_problem(e)}"
        for e in errors[:MAX_SHOWN_ERRORS]
    )
    more = len(errors) - MAX_SHOWN_ERRORS
    return f"{shown}; and {more} more" if more > 0 else shown


class UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader for which a key repeated in one mapping is an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if isinstance(key, Hashable) and key in seen:
                raise InputError(
                    f"line {line}: duplicate key {key!r} (first given on line {seen[key]}); "
                    "only one value can be kept, so nothing is guessed"
                )
            if isinstance(key, Hashable):
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise InputError(f"duplicate key {key!r}; only one value can be kept")
    return dict(pairs)


def _read_structured(path: Path) -> Any:
    text = read_text(path)
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text, object_pairs_hook=_unique_pairs)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}, line {exc.lineno}: invalid JSON: {exc.msg}") from None
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    try:
        return yaml.load(text, Loader=UniqueKeyLoader)
    except InputError as exc:
        raise InputError(f"{path}, {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{path}{where}: invalid YAML: {problem}") from None
    except RecursionError:
        raise InputError(f"{path}: invalid YAML: nested too deeply") from None


def _looks_like_path(value: str) -> bool:
    """One line without spaces that names a file: has a folder separator or a text suffix."""
    text = value.strip()
    if not text or any(c.isspace() for c in text) or len(text) > 4096:
        return False
    return "/" in text or "\\" in text or text.lower().endswith(_JD_SUFFIXES)


def resolve_file(name: str, base: Path, source: Path, field: str, files_from: Path | None) -> Path:
    """The file an interview names, which must lie inside its folder (or ``files_from``).

    ``..`` that leaves the folder, absolute paths and symbolic links pointing outside are
    refused: an interview file must not make Panelist read (and report, or send to an LLM)
    files it was not given.
    """
    roots = [base.resolve()] + ([files_from.resolve()] if files_from else [])
    target = Path(name).expanduser() if name.startswith("~") else Path(name)
    full = (target if target.is_absolute() else base / target).resolve()
    if not any(full == root or full.is_relative_to(root) for root in roots):
        allowed = " or ".join(str(r) for r in roots)
        raise InputError(
            f"{source}: field {field}: {name!r} is outside {allowed}; files named by an "
            "interview are read only from its folder (allow another with --files-from DIR)"
        )
    if not full.is_file():
        raise InputError(f"{source}: field {field}: no such file {name!r} (looked for {full})")
    return full


def _job_description(
    value: Any, base: Path, source: Path, files_from: Path | None
) -> JobDescription:
    """A job description given inline, as a path to a text file, or as a mapping."""
    if value is None:
        return JobDescription()
    if isinstance(value, dict):
        value = dict(value)
        if "file" in value:
            name = str(value.pop("file"))
            value["text"] = _read_jd_file(
                resolve_file(name, base, source, "job_description.file", files_from), source
            )
        try:
            return JobDescription.model_validate(value)
        except ValidationError as exc:
            raise InputError(f"{source}: job_description: {describe_validation(exc)}") from None
        except TypeError:
            raise InputError(f"{source}: job_description: keys must be text") from None
    if not isinstance(value, str):
        raise InputError(
            f"{source}: field job_description: expected text, a file path or a mapping"
        )
    if _looks_like_path(value):
        path = resolve_file(value.strip(), base, source, "job_description", files_from)
        return JobDescription(text=_read_jd_file(path, source))
    return JobDescription(text=value)


def _read_jd_file(path: Path, source: Path) -> str:
    try:
        return read_text(path)
    except InputError as exc:
        raise InputError(f"{source}: field job_description: {exc}") from None


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
    follow_ups: list[FollowUpAnswer] = Field(default_factory=list)


class _InterviewFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str
    candidate: str | None = None
    job_description: Any = None
    questions: list[_QuestionEntry] = Field(min_length=1)


def load_interview(path: str | Path, files_from: str | Path | None = None) -> Interview:
    """Load an interview file (``.yaml``, ``.yml`` or ``.json``).

    Files it names are read from its folder only, or also from ``files_from`` when given.
    """
    path = Path(path)
    extra = Path(files_from) if files_from is not None else None
    data = _read_structured(path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping with role, job_description and questions")
    try:
        raw = _InterviewFile.model_validate(data)
        items = [
            QuestionAnswer(question=_question(q, i, path), answer=q.answer, follow_ups=q.follow_ups)
            for i, q in enumerate(raw.questions)
        ]
        return Interview(
            role=raw.role,
            candidate=raw.candidate,
            job_description=_job_description(raw.job_description, path.parent, path, extra),
            items=items,
        )
    except ValidationError as exc:
        raise InputError(f"{path}: {describe_validation(exc)}") from None


def _question(raw: _QuestionEntry, index: int, path: Path) -> Question:
    """The question of an interview file's ``questions[index]``."""
    try:
        return Question(**raw.model_dump(exclude={"answer", "follow_ups"}))
    except ValidationError as exc:
        raise InputError(f"{path}: {describe_validation(exc, ('questions', index))}") from None


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
    follow_ups: list[FollowUpAnswer] | None = Field(
        None, description="Follow-up questions asked and answered: evaluated with the answer."
    )

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
            answer=candidate_text(self.answer, self.follow_ups or []),
            job_description=JobDescription(title=self.role or "", text=self.job_description or ""),
            role=self.role or "",
            asked=[f.question for f in self.follow_ups or []],
        )


@dataclass(frozen=True)
class BatchLine:
    """A parsed batch line: its number, the item's id if known, the item or the error, and
    warnings about it (a field ignored because it looks like a misspelt one)."""

    number: int
    id: str | None
    item: BatchItem | None
    error: str | None
    warnings: tuple[str, ...] = ()


def read_batch(path: str | Path) -> Iterator[BatchLine]:
    """Yield every non-blank line of a JSONL file, parsed or with the reason it is unusable."""
    for line in read_lines(Path(path)):
        if line.text is None:
            yield BatchLine(line.number, _id_in(line.legible), None, line.error)
        elif line.text.strip():
            yield parse_line(line.text, line.number)


def _id_of(data: Any) -> str | None:
    """The ``id`` of a parsed line, when it is a string or a whole number."""
    raw_id = data.get("id") if isinstance(data, dict) else None
    return str(raw_id) if isinstance(raw_id, str | int) else None


def _id_in(text: str | None) -> str | None:
    """The ``id`` of a line that cannot be read as text, if what can be read of it has one."""
    try:
        return _id_of(json.loads(text)) if text else None
    except (json.JSONDecodeError, RecursionError):
        return None


def parse_line(line: str, number: int) -> BatchLine:
    """One batch line parsed into an item, or the reason it is unusable."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        problem = f"line {number}: invalid JSON: {exc.msg} (column {exc.colno})"
        return BatchLine(number, None, None, problem)
    except RecursionError:
        return BatchLine(number, None, None, f"line {number}: invalid JSON: nested too deeply")
    return parse_item(data, number)


def parse_item(data: Any, number: int, label: str = "line") -> BatchLine:
    """One batch item (a decoded line, or a dict given to the API) validated.

    Errors and warnings start with ``"{label} {number}: "``.
    """
    where = f"{label} {number}"
    if not isinstance(data, dict):
        return BatchLine(number, None, None, f"{where}: expected a JSON object")
    item_id = _id_of(data)
    try:
        item = BatchItem.model_validate(data)
    except ValidationError as exc:
        problem = f"{where}: {describe_validation(exc)}{_misspelt(exc, data)}"
        return BatchLine(number, item_id, None, problem)
    return BatchLine(number, item_id, item, None, _ignored(data, where))


def _unknown(data: dict[Any, Any]) -> list[str]:
    return [k for k in data if isinstance(k, str) and k not in BatchItem.model_fields]


def _ignored(data: dict[str, Any], where: str) -> tuple[str, ...]:
    """Warnings for unknown fields that look like a misspelt optional one ("refernce_points")."""
    optional = [n for n, f in BatchItem.model_fields.items() if not f.is_required()]
    return tuple(
        f"{where}: unknown field {key!r} (did you mean {near[0]!r}?); ignored"
        for key in _unknown(data)
        if (near := difflib.get_close_matches(key, optional, n=1, cutoff=0.75))
    )


def _misspelt(exc: ValidationError, data: dict[str, Any]) -> str:
    """A hint naming the line's unknown fields that look like a missing one ("questoin")."""
    missing = [
        str(e["loc"][0]) for e in exc.errors() if e["type"] == "missing" and len(e["loc"]) == 1
    ]
    unknown = _unknown(data)
    near = [
        f"{found!r} for {name!r}"
        for name in missing
        for found in difflib.get_close_matches(name, unknown, n=1, cutoff=0.75)
    ]
    return f" (a misspelt field? found {', '.join(near)})" if near else ""
