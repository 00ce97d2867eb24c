"""Validating a model's reply into an evaluation, and checking that its quotes are real.

A reply that is not JSON, misses fields, or gives a score outside 0-100 is invalid (the engine
retries, then reports an error). A strength or weakness whose quote is not in the answer is
dropped, and the evaluation says how many were.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from panelist.errors import InvalidModelOutputError
from panelist.models import Evidence, Flag, Point

#: Flags a model may raise; anything else it says becomes ``other`` with the text kept.
FLAG_CODES = (
    "grader_instruction",
    "off_topic",
    "implausible_metrics",
    "blame",
    "factual_error",
    "other",
)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ReplyPoint(_Lenient):
    """A strength or weakness as the model gives it."""

    text: str = Field(min_length=1)
    quote: str | None = None
    question_part: str | None = None
    requirement: str | None = None

    @field_validator("quote", "question_part", "requirement", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return (
            None
            if isinstance(value, str) and value.strip().lower() in {"", "null", "none"}
            else value
        )


class ReplyFlag(_Lenient):
    """A flag as the model gives it."""

    code: str = Field(min_length=1)
    message: str = ""


class Reply(_Lenient):
    """The JSON object the prompt asks for."""

    score: Annotated[int, Field(ge=0, le=100, strict=False)]
    strengths: list[ReplyPoint] = Field(default_factory=list)
    weaknesses: list[ReplyPoint] = Field(default_factory=list)
    improvement_tips: list[str] = Field(default_factory=list)
    justification: str = ""
    flags: list[ReplyFlag] = Field(default_factory=list)
    truncated: bool = False

    @field_validator("score", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    @field_validator("justification")
    @classmethod
    def _no_placeholder(cls, value: str) -> str:
        return "" if is_placeholder(value) else value

    @field_validator("improvement_tips")
    @classmethod
    def _no_placeholder_tips(cls, value: list[str]) -> list[str]:
        return [t for t in value if not is_placeholder(t)]


#: Text a model copied from the prompt's reply shape instead of writing: "<two or three
#: sentences>", "...", "…".
_PLACEHOLDER = re.compile(r"^\W*(?:<[^<>]*>|\.\.\.|…)?\W*$")


def is_placeholder(text: str) -> bool:
    """Whether ``text`` says nothing: empty, punctuation, or a ``<placeholder>`` of the prompt."""
    return bool(_PLACEHOLDER.fullmatch(text.strip()))


def reply_schema() -> dict[str, Any]:
    """The JSON schema sent as structured-output constraint."""

    def text(limit: int) -> dict[str, Any]:
        return {"type": "string", "maxLength": limit}

    def optional(limit: int) -> dict[str, Any]:
        return {"type": ["string", "null"], "maxLength": limit}

    point = {
        "type": "object",
        "properties": {
            "text": text(200),
            "quote": optional(160),
            "question_part": optional(120),
            "requirement": optional(120),
        },
        "required": ["text", "quote"],
    }
    return {
        "type": "object",
        "properties": {
            "score": {"type": "integer", "minimum": 0, "maximum": 100},
            "strengths": {"type": "array", "items": point, "maxItems": 3},
            "weaknesses": {"type": "array", "items": point, "maxItems": 3},
            "improvement_tips": {"type": "array", "items": text(200), "maxItems": 3},
            "justification": text(400),
            "flags": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"code": {"enum": list(FLAG_CODES)}, "message": text(160)},
                    "required": ["code", "message"],
                },
                "maxItems": 3,
            },
        },
        "required": [
            "score",
            "strengths",
            "weaknesses",
            "improvement_tips",
            "justification",
            "flags",
        ],
    }


def _complete_prefixes(text: str) -> list[str]:
    """Cut-off JSON closed at each comma outside strings, the longest first."""
    closers = {"{": "}", "[": "]"}
    stack: list[str] = []
    cuts: list[str] = []
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in closers:
            stack.append(closers[ch])
        elif ch in "}]" and stack:
            stack.pop()
        elif ch == "," and stack:
            cuts.append(text[:i] + "".join(reversed(stack)))
    return cuts[::-1]


def _load_json(content: str) -> tuple[Any, bool]:
    """The JSON object in a reply, and whether it had to be recovered from a cut-off reply."""
    text = _FENCE.sub("", content.strip())
    start = text.find("{")
    if start < 0:
        raise InvalidModelOutputError(f"the reply is not a JSON object: {content[:120]!r}")
    end = text.rfind("}")
    try:
        return json.loads(text[start : end + 1] if end > start else text[start:]), False
    except json.JSONDecodeError as exc:
        problem = exc.msg
    for candidate in _complete_prefixes(text[start:])[:200]:
        try:
            return json.loads(candidate), True
        except json.JSONDecodeError:
            continue
    raise InvalidModelOutputError(f"the reply is not valid JSON: {problem}")


def parse_reply(content: str) -> Reply:
    """Validate a reply's text; raises :class:`InvalidModelOutputError` saying what is wrong.

    A reply cut off mid-way (a small model stopping, or the token limit) keeps its complete
    leading fields; ``Reply.truncated`` says so.
    """
    data, truncated = _load_json(content)
    if isinstance(data, dict):
        data["truncated"] = truncated
    try:
        return Reply.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'reply'}: {e['msg']}" for e in exc.errors()
        )
        raise InvalidModelOutputError(
            f"the reply does not fit the evaluation: {problems}"
        ) from None


def locate(quote: str, answer: str) -> Evidence | None:
    """Where ``quote`` is in ``answer``: exactly, or ignoring case, spacing and end punctuation."""
    quote = quote.strip().strip("\"'\u201c\u201d").strip()
    if len(quote) < 3:
        return None
    index = answer.find(quote)
    if index >= 0:
        return Evidence(quote=quote, start=index, end=index + len(quote))
    words = [re.escape(w) for w in quote.rstrip(".!?,;").split()]
    if not words:
        return None
    match = re.search(r"\s+".join(words), answer, re.IGNORECASE)
    if match is None:
        return None
    return Evidence(quote=match.group(0), start=match.start(), end=match.end())


def ground(points: list[ReplyPoint], answer: str, quote_required: bool) -> tuple[list[Point], int]:
    """Points whose quotes are in the answer (with spans), and how many were dropped."""
    kept: list[Point] = []
    dropped = 0
    for point in points:
        evidence = locate(point.quote, answer) if point.quote else None
        invented = point.quote is not None and evidence is None
        unsupported = evidence is None and (
            quote_required or not (point.question_part or point.requirement)
        )
        if invented or unsupported:
            dropped += 1
            continue
        kept.append(
            Point(
                text=point.text.strip(),
                evidence=[evidence] if evidence else [],
                question_part=point.question_part,
                requirement=point.requirement,
            )
        )
    return kept, dropped


def flags_of(reply: Reply) -> list[Flag]:
    """The model's flags; an unknown code becomes ``other`` and is kept in the message."""
    out = []
    for flag in reply.flags:
        code = re.sub(r"[^a-z0-9_]+", "_", flag.code.lower()).strip("_")
        if code in FLAG_CODES:
            out.append(Flag(code=code, message=flag.message))
        else:
            out.append(Flag(code="other", message=f"{flag.code}: {flag.message}"[:200]))
    return out
