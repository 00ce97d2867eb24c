"""The loss on the shipped score (``final_weight``): it changes training, towards that score."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch", reason="training needs the train extra: pip install -e '.[train]'")

import torch
from training.judge.config import Config
from training.judge.data import Example, UnitTable
from training.judge.fit import fit, mixed, predict, style_means

from panelist.engines.base import EvaluationRequest
from panelist.judge.inputs import build_input
from panelist.models import Question

ANSWERS = {
    ("exemplary", 92.0): "I led the migration of our billing jobs. I measured the failure rate "
    "first, then moved one job a week. Failures fell from 12 to 1 a month.",
    ("generic", 45.0): "I always work hard and communicate well with everyone in the team.",
    ("off_topic", 22.0): "My favourite holiday was a trip to the mountains last summer.",
}


def _examples() -> list[Example]:
    out = []
    for role in ("analyst", "nurse", "chef"):
        question = Question(
            id=f"{role}_Q1", text=f"Tell me about a process you improved as a {role}."
        )
        for (style, label), answer in ANSWERS.items():
            item = build_input(EvaluationRequest(question=question, answer=answer))
            out.append(
                Example(f"{role}-{style}", item, label, style, role, question.id, 1.0, "train", {})
            )
    return out


def test_mixed_weights_the_regression_and_the_style_expectation() -> None:
    score = torch.tensor([0.9])
    probs = torch.tensor([[0.25, 0.75]])
    means = torch.tensor([0.2, 0.6])  # expectation 0.5
    assert torch.allclose(mixed(score, probs, means, 0.7), torch.tensor([0.3 * 0.9 + 0.7 * 0.5]))


def test_the_final_score_term_changes_training_and_lowers_that_scores_error(
    tmp_path: Path,
) -> None:
    examples = _examples()
    table = UnitTable(examples, tmp_path)
    styles = sorted({e.style for e in examples if e.style})
    cfg = Config(epochs=20, no_description_rate=0.0)
    means = style_means(examples, styles)
    labels = np.array([e.label for e in examples])
    errors, weights = [], []
    for weight in (0.0, 1.0):
        run = dataclasses.replace(cfg, final_weight=weight)
        model = fit(examples, [], table, styles, run, seed=0, log=False)
        final, _, _ = predict(model, examples, table, means, run, styles)
        errors.append(float(((final - labels) ** 2).mean()))
        weights.append(torch.cat([p.detach().flatten() for p in model.parameters()]))
    assert not torch.equal(weights[0], weights[1])
    assert errors[1] < errors[0], errors
