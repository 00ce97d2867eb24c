"""Graded files read as training examples: labels and styles of SemEval's 3-way grades."""

from __future__ import annotations

import json
from pathlib import Path

from training.judge.config import SEMEVAL_STYLES, Config
from training.judge.data import read_examples


def _semeval(tmp_path: Path) -> Path:
    rows = [
        {
            "id": f"S{i}",
            "question_id": "BULB",
            "question": "Why does the bulb light?",
            "reference_answer": "The bulb is in a closed path with the battery.",
            "answer": answer,
            "label_3way": grade,
            "label_2way": "correct" if grade == "correct" else "incorrect",
        }
        for i, (answer, grade) in enumerate(
            [
                ("It is in a closed path with the battery.", "correct"),
                ("Because the wire is long.", "incorrect"),
                ("The path is open, so it lights.", "contradictory"),
            ]
        )
    ]
    path = tmp_path / "semeval.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_semeval_grades_are_labels_and_by_default_no_style(tmp_path: Path) -> None:
    cfg = Config()
    scores, styles = dict(cfg.semeval_scores), dict(cfg.semeval_styles)
    examples = read_examples(_semeval(tmp_path), "semeval", 0.5, scores, styles)
    assert [e.label for e in examples] == [85.0, 30.0, 15.0]
    assert [e.style for e in examples] == [None, None, None]
    assert {e.weight for e in examples} == {0.5}


def test_semeval_grades_read_as_styles_when_asked(tmp_path: Path) -> None:
    scores = dict(Config().semeval_scores)
    examples = read_examples(_semeval(tmp_path), "semeval", 0.5, scores, dict(SEMEVAL_STYLES))
    assert [e.style for e in examples] == ["correct_concise", "partial", "factual_error"]
