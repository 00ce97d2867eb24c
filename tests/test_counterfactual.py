"""The counterfactual pairs' summary, shared by benchmarks/fairness.py and the judge's CV."""

from __future__ import annotations

from panelist.counterfactual import summary


def test_summary_counts_sizes_and_keeps_the_sign() -> None:
    assert summary([1, -3, 6, 0]) == (
        "mean |change| 2.50  largest   6  mean signed +1.00  pairs over 2: 2, over 5: 1"
    )
