"""The question bank: competencies with past-behaviour and situational questions.

The bank is a versioned data file, ``panelist/data/question_bank.yaml``; this module reads it into
typed, validated objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Any

from panelist.datafiles import load_yaml
from panelist.errors import InputError

#: Questions of each kind every competency must have.
REQUIRED = {"past": 2, "situational": 1}


class Kind(StrEnum):
    """How a question asks: for a real past example, a plan for a situation, or knowledge."""

    PAST = "past"
    SITUATIONAL = "situational"
    TECHNICAL = "technical"


@dataclass(frozen=True)
class BankQuestion:
    """A question of the bank and what a strong answer to it shows."""

    id: str
    kind: Kind
    text: str
    what_good_looks_like: tuple[str, ...]


@dataclass(frozen=True)
class Competency:
    """A competency, described so that job requirements can be matched to it."""

    id: str
    name: str
    description: str
    keywords: tuple[str, ...]
    questions: tuple[BankQuestion, ...]

    def of_kind(self, kind: Kind) -> tuple[BankQuestion, ...]:
        """This competency's questions of one kind, in bank order."""
        return tuple(q for q in self.questions if q.kind is kind)


@dataclass(frozen=True)
class QuestionBank:
    """Every competency of the bank, in file order."""

    version: int
    competencies: tuple[Competency, ...]


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"question bank: {where}: field {key!r} must be non-empty text")
    return value.strip()


def _texts(data: dict[str, Any], key: str, where: str, low: int, high: int) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(f"question bank: {where}: field {key!r} must be a list of text")
    if not low <= len(value) <= high:
        raise InputError(f"question bank: {where}: {key!r} needs {low} to {high} items")
    return tuple(v.strip() for v in value)


def _question(data: Any, where: str) -> BankQuestion:
    if not isinstance(data, dict):
        raise InputError(f"question bank: {where}: expected a mapping")
    qid = _text(data, "id", where)
    kind = data.get("kind")
    if kind not in REQUIRED:
        raise InputError(f"question bank: {qid}: kind must be one of {', '.join(REQUIRED)}")
    return BankQuestion(
        id=qid,
        kind=Kind(kind),
        text=_text(data, "text", qid),
        what_good_looks_like=_texts(data, "what_good_looks_like", qid, 2, 4),
    )


def _competency(data: Any, index: int) -> Competency:
    where = f"competencies[{index}]"
    if not isinstance(data, dict):
        raise InputError(f"question bank: {where}: expected a mapping")
    cid = _text(data, "id", where)
    questions = data.get("questions")
    if not isinstance(questions, list):
        raise InputError(f"question bank: {cid}: field 'questions' must be a list")
    competency = Competency(
        id=cid,
        name=_text(data, "name", cid),
        description=" ".join(_text(data, "description", cid).split()),
        keywords=_texts(data, "keywords", cid, 1, 50),
        questions=tuple(_question(q, f"{cid}.questions[{i}]") for i, q in enumerate(questions)),
    )
    for kind, count in REQUIRED.items():
        if len(competency.of_kind(Kind(kind))) < count:
            raise InputError(f"question bank: {cid}: needs at least {count} {kind} questions")
    return competency


def parse_bank(data: Any) -> QuestionBank:
    """Validate parsed YAML into a bank: required fields, question counts, unique ids and texts."""
    if not isinstance(data, dict) or not isinstance(data.get("competencies"), list):
        raise InputError("question bank: expected a mapping with a list of competencies")
    version = data.get("version")
    if not isinstance(version, int):
        raise InputError("question bank: field 'version' must be an integer")
    bank = QuestionBank(
        version=version,
        competencies=tuple(_competency(c, i) for i, c in enumerate(data["competencies"])),
    )
    seen: set[str] = set()
    for key in [c.id for c in bank.competencies] + [
        q.id for c in bank.competencies for q in c.questions
    ]:
        if key in seen:
            raise InputError(f"question bank: id {key!r} is used twice")
        seen.add(key)
    texts: set[str] = set()
    for competency in bank.competencies:
        for question in competency.questions:
            norm = " ".join(question.text.lower().split())
            if norm in texts:
                raise InputError(f"question bank: {question.id}: same text as another question")
            texts.add(norm)
    return bank


@lru_cache(maxsize=1)
def load_bank() -> QuestionBank:
    """The question bank shipped with Panelist (read once per process)."""
    source = resources.files("panelist") / "data" / "question_bank.yaml"
    return parse_bank(load_yaml(source.read_text(encoding="utf-8")))
