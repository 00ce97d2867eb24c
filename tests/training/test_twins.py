"""Training twins: renderings that keep an answer's content, and the consistency loss."""

from __future__ import annotations

import random

import pytest

from panelist.counterfactual import non_native, spoken

pytest.importorskip("torch", reason="training needs the train extra: pip install -e '.[train]'")

import torch
from training.judge.config import Config
from training.judge.fit import consistency
from training.judge.twins import second_language, transcript

ANSWER = (
    "I led the migration of our billing jobs last spring. I measured the failure rate first. "
    "Then I moved one job a week, and the failures fell from 12 to 1 a month. "
    "The team now uses the runbook I wrote."
)


def _words(text: str) -> list[str]:
    return [w.strip(".,").lower() for w in text.split()]


def test_a_transcript_keeps_the_words_in_lower_case_without_inner_full_stops() -> None:
    said = transcript(ANSWER, random.Random(3), "engineer")
    assert said is not None and said == said.lower()
    assert said.count(".") == 1 and said.endswith(".")
    content = [w for w in _words(ANSWER) if len(w) > 3]
    assert all(w in _words(said) for w in content)


def test_one_sentence_has_no_transcript() -> None:
    assert (
        transcript("I moved one job a week and the failures fell.", random.Random(0), "x") is None
    )


def test_second_language_drops_articles_and_keeps_numbers() -> None:
    changed = [second_language(ANSWER, random.Random(seed)) for seed in range(20)]
    assert any(len(c.split()) < len(ANSWER.split()) for c in changed)
    assert all("12" in c and "billing" in c for c in changed)


def test_twins_are_not_the_fairness_benchmarks_renderings() -> None:
    rng = random.Random(0)
    assert transcript(ANSWER, rng, "x") != spoken(ANSWER, random.Random(0))
    assert second_language(ANSWER, random.Random(0)) != non_native(ANSWER, random.Random(0))


def test_consistency_is_zero_for_identical_twins_and_trains_only_the_twin() -> None:
    cfg = Config()
    means = torch.tensor([0.9, 0.2])
    logits = torch.tensor([[2.0, -1.0], [2.0, -1.0], [-1.0, 2.0]], requires_grad=True)
    score = torch.tensor([0.8, 0.8, 0.3], requires_grad=True)
    same = consistency(score[:2], logits[:2], [0], 1, means, cfg)
    assert same.item() == pytest.approx(0.0, abs=1e-7)
    loss = consistency(score, logits, [0], 2, means, cfg)  # row 2 is the twin of row 0
    assert loss.item() > 0.1
    loss.backward()
    assert score.grad is not None and logits.grad is not None
    assert float(score.grad[0]) == 0.0 and float(score.grad[2]) < 0.0
    assert torch.all(logits.grad[0] == 0) and torch.any(logits.grad[2] != 0)
