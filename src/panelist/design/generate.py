"""Technical questions and their reference points written by a chat model (``--llm``).

The offline plan still chooses which requirement each question probes and which questions come
from the bank. For each technical question the model is asked, in one request, for the question
and the points a correct answer must cover; the reply must match :data:`SCHEMA` and pass
:func:`check_draft`: a question of 6-80 words with no template gaps, not a near-duplicate of
another question of the interview; two to eight reference points once blank, repeated and
question-restating points are dropped (so are points of fewer than three words or more than
forty, points with markup such as braces or backticks, a point whose content words all occur in
another, a point copying one of the job's requirements or a part of one, and a point that is a
question); nothing addressed to a grader. A
reply that fails, or a server that cannot be reached, leaves that question as the offline plan
wrote it, with placeholder reference points, and a one-line problem saying why: a reference
point is never invented without the model.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from panelist.design.bank import Kind
from panelist.design.compose import InterviewPlan, PlannedQuestion, same_question
from panelist.design.requirements import ranked
from panelist.engines.llm import LLMOptions, client_config
from panelist.engines.registry import option_problems
from panelist.errors import InputError, InvalidModelOutputError, PanelistError
from panelist.instructions import get_detector
from panelist.llm.client import ChatClient
from panelist.loaders import describe_validation
from panelist.text import content_stems, sentences

PROMPT_VERSION = "questions-1"
#: How much of the job description the model is shown.
MAX_DESCRIPTION_CHARS = 3000
MIN_POINTS, MAX_POINTS = 2, 8
MIN_WORDS, MAX_WORDS = 6, 80
POINT_WORDS = (3, 40)
_MARKUP = re.compile(r"[{}`]|\bjson\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
#: Template gaps a model leaves for someone else to fill: "[Company]", "<tool>", "{{x}}", "TODO".
_GAP = re.compile(r"\[[^\]]{1,40}\]|<[^<>]{1,40}>|\{\{|\bTODO\b|\bXXX\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "question": {"type": "string", "minLength": 30, "maxLength": 600},
        "reference_points": {
            "type": "array",
            "items": {"type": "string", "minLength": 8, "maxLength": 300},
            "minItems": 3,
            "maxItems": 6,
        },
    },
    "required": ["question", "reference_points"],
    "additionalProperties": False,
}

SYSTEM = (
    "You write technical interview questions for hiring teams. Reply with one JSON object: "
    '{"question": "...", "reference_points": ["...", "..."]}. No other text.'
)


class _Draft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    question: str = Field(min_length=1)
    reference_points: list[str]


@dataclass(frozen=True)
class Generated:
    """The plan with the model's technical questions, and what could not be drafted."""

    plan: InterviewPlan
    model: str
    drafted: tuple[str, ...]
    problems: tuple[str, ...]


def chat_client(options: Mapping[str, Any], source: str) -> ChatClient:
    """A chat client from the LLM settings and ``options`` (unset ones from ``PANELIST_LLM_*``);
    invalid options are an ``InputError`` naming ``source`` and the known options."""
    try:
        valid = LLMOptions.model_validate(dict(options))
    except ValidationError as exc:
        raise InputError(f"{source}: {option_problems(exc, LLMOptions)}") from None
    return ChatClient(client_config(valid))


def messages(plan: InterviewPlan, question: PlannedQuestion) -> list[dict[str, str]]:
    """The request for one technical question."""
    description = plan.job_description.strip()[:MAX_DESCRIPTION_CHARS]
    user = (
        f"Role: {plan.role}\n\nJob description:\n{description}\n\n"
        f"Requirement to probe: {question.requirement.text}\n\n"
        "Write ONE technical question that checks this requirement: the candidate explains how "
        "they would do it, in two to four minutes. Then write 3 to 6 reference points: short, "
        "concrete, checkable statements that a correct answer must cover (facts, steps, "
        "trade-offs or pitfalls), each different, none repeating the question. Do not leave "
        "blanks or placeholders for names."
    )
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def _words(text: str) -> int:
    return len(text.split())


def _addressed_to_grader(text: str) -> bool:
    return bool(get_detector().find(tuple(sentences(text))))


def _redundant(point: str, other: str) -> bool:
    """Whether ``point`` says nothing ``other`` does not: near-duplicate, or its content words
    are a subset of the other's."""
    mine, theirs = content_stems(point), content_stems(other)
    return same_question(point, other) or (bool(mine) and mine <= theirs)


def check_draft(
    content: str, others: list[str], requirements: tuple[str, ...] = ()
) -> tuple[str, tuple[str, ...]]:
    """The question and reference points of a reply, checked (see the module documentation).

    ``others`` are the interview's other questions, ``requirements`` the job description's (a
    point copying one says what the job needs, not what an answer must cover: it is dropped).
    Raises :class:`InvalidModelOutputError` saying what is wrong.
    """
    try:
        draft = _Draft.model_validate(json.loads(content, strict=False))
    except json.JSONDecodeError as exc:
        raise InvalidModelOutputError(f"the reply is not JSON: {exc.msg}") from None
    except ValidationError as exc:
        raise InvalidModelOutputError(
            f"the reply does not fit: {describe_validation(exc)}"
        ) from None
    question = " ".join(draft.question.split())
    if not MIN_WORDS <= _words(question) <= MAX_WORDS:
        raise InvalidModelOutputError(
            f"the question has {_words(question)} words (wanted {MIN_WORDS}-{MAX_WORDS})"
        )
    for text in (question, *draft.reference_points):
        if gap := _GAP.search(text):
            raise InvalidModelOutputError(f"a template gap is left in: {gap.group(0)!r}")
        if _addressed_to_grader(text):
            raise InvalidModelOutputError("text addressed to a grader")
    for other in others:
        if same_question(question, other):
            raise InvalidModelOutputError(f"the question repeats another: {other[:60]!r}")
    points: list[str] = []
    for raw in draft.reference_points:
        point = " ".join(_BULLET.sub("", raw).split())
        low, high = POINT_WORDS
        if not low <= _words(point) <= high or len(_WORD.findall(point)) < low:
            continue
        if _MARKUP.search(point) or same_question(point, question):
            continue
        if point.endswith("?") or any(_redundant(point, r) for r in requirements):
            continue
        if any(_redundant(point, kept) for kept in points):
            continue
        points = [kept for kept in points if not _redundant(kept, point)]
        points.append(point)
    if not MIN_POINTS <= len(points) <= MAX_POINTS:
        raise InvalidModelOutputError(
            f"{len(points)} usable reference point{'s' if len(points) != 1 else ''}, "
            f"{MIN_POINTS}-{MAX_POINTS} needed"
        )
    return question, tuple(points)


def draft_technical(
    plan: InterviewPlan,
    client: ChatClient,
    on_question: Callable[[PlannedQuestion], None] | None = None,
) -> Generated:
    """The plan with each technical question and its reference points written by the model.

    ``on_question`` is called before each request (for a progress display).
    """
    questions = list(plan.questions)
    requirements = tuple(r.text for r in ranked(plan.job_description))
    drafted: list[str] = []
    problems: list[str] = []
    for n, planned in enumerate(questions):
        if planned.kind is not Kind.TECHNICAL:
            continue
        if on_question:
            on_question(planned)
        others = [q.text for i, q in enumerate(questions) if i != n]
        try:
            reply = client.complete(messages(plan, planned), SCHEMA)
            text, points = check_draft(reply.content, others, requirements)
        except PanelistError as exc:
            problems.append(
                f"{planned.id}: not drafted ({client.scrub(str(exc))}); "
                "kept the offline question and placeholder reference points"
            )
            continue
        questions[n] = dataclasses.replace(
            planned, text=text, reference_points=points, drafted_by=client.config.model
        )
        drafted.append(planned.id)
    return Generated(
        dataclasses.replace(plan, questions=tuple(questions)),
        client.config.model,
        tuple(drafted),
        tuple(problems),
    )
