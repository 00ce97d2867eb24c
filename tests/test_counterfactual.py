"""The counterfactual pairs' summary, shared by benchmarks/fairness.py and the judge's CV."""

from __future__ import annotations

import random

from panelist.counterfactual import OPENERS, summary, with_openers, with_star_labels
from panelist.judge.inputs import answer_pieces


def test_summary_counts_sizes_and_keeps_the_sign() -> None:
    assert summary([1, -3, 6, 0]) == (
        "mean |change| 2.50  largest   6  mean signed +1.00  pairs over 2: 2, over 5: 1"
    )


def test_clause_openers_change_how_an_answer_is_said_not_what_the_judge_reads() -> None:
    answer = "Last spring our API went down. I was on call. The team rolled back. It worked."
    said = with_openers(answer, random.Random(1))
    assert said.startswith(OPENERS)
    assert said != answer
    assert [p.text for p in answer_pieces(said)] == [p.text for p in answer_pieces(answer)]


def test_star_labels_head_the_situation_the_first_action_and_the_result() -> None:
    answer = "Last spring our API went down. The team was paged. I rolled it back. It worked."
    labelled = with_star_labels(answer, random.Random(0))
    assert labelled == (
        "Situation: Last spring our API went down. The team was paged. Action: I rolled it back. "
        "Result: It worked."
    )
    assert with_star_labels("I rolled it back.", random.Random(0)) == "Situation: I rolled it back."
