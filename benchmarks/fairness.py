"""Counterfactual fairness of the default engine: the same answer, told by someone else.

Builds pairs from graded answers (needs ../shared/data) with the renderings of
``panelist.counterfactual`` (names and pronouns swapped, non-native grammar, spoken form, typed
in lower case, clause openers such as "Honestly,", STAR labels such as "Situation:") and scores
both sides. By default from the
training answers: the shipped judge, and the boundary model that cuts the spoken renderings
into sentences, were trained on them
(``scripts/train-judge --cv`` reports the same pairs out of fold). ``--data dev`` builds them
from the dev answers instead, which neither model saw (three other roles; 60 answers qualify).
Prints the mean and largest score change per kind, and how many of the pairs that move by more
than 5 points carry a note on the score for a reviewer (``check_score``) on either side.
Run: .venv/bin/python benchmarks/fairness.py [--data dev]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from panelist.aggregate import CHECK_SCORE, noted
from panelist.api import get_engine
from panelist.counterfactual import KINDS, chosen, render, summary
from panelist.engines.base import EvaluationRequest
from panelist.errors import PanelistError
from panelist.loaders import BatchItem

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200, help="pairs per kind")
    parser.add_argument("--engine", default="judge")
    parser.add_argument("--show", type=int, default=0, help="print the N largest changes per kind")
    parser.add_argument(
        "--data", choices=("train", "dev"), default="train", help="answers to build pairs from"
    )
    args = parser.parse_args()
    path = DATA / args.data / "items.jsonl"
    if not path.is_file():
        sys.exit(f"needs the graded answers at {path} (../shared/data/{args.data})")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    pairs = chosen(rows, args.pairs)
    engine = get_engine(args.engine)
    print(f"engine {args.engine}: {len(pairs)} pairs per kind from {args.data} answers")
    for kind in KINDS:
        requests: list[EvaluationRequest] = []
        for r in pairs:
            base = BatchItem(**r).request()
            for side in render(kind, r):
                requests.append(base.model_copy(update={"answer": side}))
        scores: list[int] = []
        notes: list[bool] = []
        for result in engine.evaluate_many(requests):
            if isinstance(result, PanelistError):
                raise result
            scores.append(result.score)
            notes.append(noted(result))
        signed = [scores[i + 1] - scores[i] for i in range(0, len(scores), 2)]
        diffs = [abs(d) for d in signed]
        moved = [i for i, d in enumerate(diffs) if d > 5]
        with_note = sum(notes[2 * i] or notes[2 * i + 1] for i in moved)
        print(f"{kind:20s} {summary(signed)}, with a {CHECK_SCORE} note: {with_note}")
        for i in sorted(range(len(diffs)), key=lambda i: -diffs[i])[: args.show]:
            left_text, right_text = (requests[2 * i + j].answer for j in (0, 1))
            print(f"  {pairs[i]['id']}: {scores[2 * i]} -> {scores[2 * i + 1]}")
            print(f"    {left_text[:300]}\n    {right_text[:300]}")


if __name__ == "__main__":
    main()
