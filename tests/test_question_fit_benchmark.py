"""benchmarks/question_fit.py: which questions each good answer is read under."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.question_fit import readings


def _line(role: str, q: int, score: float, kind: str = "behavioral") -> dict[str, object]:
    return {
        "id": f"{role}{q}{score}",
        "role": role,
        "question_id": f"{role}_Q{q}",
        "question_type": kind,
        "question": f"Tell me about a time you did {role} thing {q}.",
        "answer": f"An answer about {role} thing {q} rated {score}.",
        "score": score,
        "job_description": f"The {role} role.",
    }


def test_each_good_behavioural_answer_is_read_under_another_roles_question_and_its_roles(
    tmp_path: Path,
) -> None:
    lines = [_line(r, q, s) for r in ("nurse", "chef") for q in (1, 2) for s in (80.0, 30.0)]
    lines.append(_line("chef", 3, 90.0, "technical"))
    dev = tmp_path / "dev.jsonl"
    dev.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    own, other, sibling = readings(dev).values()
    assert [r.answer for r in own] == [r.answer for r in other] == [r.answer for r in sibling]
    assert len(own) == 4  # rated 60 or more, behavioural
    for mine, elsewhere, same_role in zip(own, other, sibling, strict=True):
        role = mine.question.id.split("_")[0]
        assert elsewhere.question.id.split("_")[0] != role
        assert elsewhere.job_description.text != mine.job_description.text
        assert same_role.question.id.split("_")[0] == role
        assert same_role.question.id != mine.question.id
        assert same_role.job_description == mine.job_description
