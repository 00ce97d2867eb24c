"""The shipped question bank and its validation."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from panelist.design.bank import Kind, load_bank, parse_bank
from panelist.errors import InputError


def test_bank_has_the_competencies_and_questions_it_promises() -> None:
    bank = load_bank()
    assert len(bank.competencies) >= 14
    for competency in bank.competencies:
        assert competency.description and competency.keywords
        assert len(competency.of_kind(Kind.PAST)) >= 2, competency.id
        assert len(competency.of_kind(Kind.SITUATIONAL)) >= 1, competency.id
        for question in competency.questions:
            assert 2 <= len(question.what_good_looks_like) <= 4, question.id
            assert question.text.endswith("?"), question.id


def test_bank_ids_and_texts_are_unique() -> None:
    bank = load_bank()
    ids = [c.id for c in bank.competencies] + [q.id for c in bank.competencies for q in c.questions]
    texts = [q.text.lower() for c in bank.competencies for q in c.questions]
    assert len(ids) == len(set(ids))
    assert len(texts) == len(set(texts))


def _valid() -> dict[str, Any]:
    def question(qid: str, kind: str) -> dict[str, Any]:
        return {
            "id": qid,
            "kind": kind,
            "text": f"Question {qid}?",
            "what_good_looks_like": ["one", "two"],
        }

    return {
        "version": 1,
        "competencies": [
            {
                "id": "a",
                "name": "A",
                "description": "Something.",
                "keywords": ["a"],
                "questions": [
                    question("a1", "past"),
                    question("a2", "past"),
                    question("a3", "situational"),
                ],
            }
        ],
    }


def _dup_id(d: dict[str, Any]) -> None:
    d["competencies"][0]["questions"][1]["id"] = "a1"


def _dup_text(d: dict[str, Any]) -> None:
    d["competencies"][0]["questions"][1]["text"] = "question A1?"


def _too_few_past(d: dict[str, Any]) -> None:
    del d["competencies"][0]["questions"][0]


def _no_situational(d: dict[str, Any]) -> None:
    del d["competencies"][0]["questions"][2]


def _bad_kind(d: dict[str, Any]) -> None:
    d["competencies"][0]["questions"][0]["kind"] = "technical"


def _one_point(d: dict[str, Any]) -> None:
    d["competencies"][0]["questions"][0]["what_good_looks_like"] = ["only one"]


def _no_description(d: dict[str, Any]) -> None:
    d["competencies"][0]["description"] = ""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_dup_id, "id 'a1' is used twice"),
        (_dup_text, "same text as another question"),
        (_too_few_past, "at least 2 past questions"),
        (_no_situational, "at least 1 situational questions"),
        (_bad_kind, "kind must be one of"),
        (_one_point, "'what_good_looks_like' needs 2 to 4 items"),
        (_no_description, "'description' must be non-empty text"),
    ],
)
def test_invalid_banks_are_refused(change: Any, message: str) -> None:
    parse_bank(_valid())
    data = copy.deepcopy(_valid())
    change(data)
    with pytest.raises(InputError, match=message):
        parse_bank(data)
