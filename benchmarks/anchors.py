"""Do anchors built by `panelist anchors` from graded answers help the rubric engine?

On the dev set (../shared/data/dev: 105 graded answers, 17 questions, 3 roles), each question's
answers, in id order, are split in two halves (even and odd positions). Anchors are built with
``panelist.design.anchors`` from one half's labels and the other half is scored by the rubric
engine with and without them; then the halves swap, so every answer is scored once with
anchors taken from other answers to its question. The judge (which ignores anchors) is shown
for reference, and the rubric with every answer of the other half as an anchor ("every
answer") to compare choosing with. Prints Spearman, QWK and MAE against the labels, per split
and over both.
The rubric's calibration was fitted on the dev set; ``--train-roles N`` runs the same on the
first N roles of ../shared/data/train, which it was not fitted on (about 1 minute per role on
two cores).

    .venv/bin/python benchmarks/anchors.py [--per-question K] [--train-roles N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from panelist.api import get_engine, score_lines
from panelist.design.anchors import (
    DEFAULT_PER_QUESTION,
    QuestionAnchors,
    ScoredAnswer,
    Source,
    choose_anchors,
)
from panelist.engines.base import Engine
from panelist.loaders import parse_line
from panelist.models import Anchor
from panelist.quality import mean_absolute_error, quadratic_kappa, spearman

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DEV = SHARED / "dev" / "items.jsonl"
TRAIN = SHARED / "train" / "items.jsonl"

Row = dict[str, Any]


def load(path: Path) -> list[Row]:
    """The graded rows of the dev set, in file order."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def halves(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """Each question's answers in id order, alternately to the first and the second half."""
    by_question: dict[str, list[Row]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: str(r["id"])):
        by_question[row["question_id"]].append(row)
    even = [r for group in by_question.values() for r in group[0::2]]
    odd = [r for group in by_question.values() for r in group[1::2]]
    return even, odd


def build(pool: list[Row], per_question: int) -> dict[str, QuestionAnchors]:
    """Anchors per question id from the pool's labels."""
    answers = [
        ScoredAnswer(
            item_id=str(r["id"]),
            question=r["question"],
            question_id=r["question_id"],
            answer=r["answer"],
            score=int(r["score"] + 0.5),
            source=Source.LABEL,
            line=n,
        )
        for n, r in enumerate(pool, start=1)
    ]
    return {
        str(q.question_id): q
        for q in choose_anchors(answers, per_question=per_question)
        if q.usable
    }


def everything(pool: list[Row]) -> dict[str, list[Anchor]]:
    """Every answer of the pool as an anchor of its question: what choosing is compared to."""
    out: dict[str, list[Anchor]] = defaultdict(list)
    for row in pool:
        out[row["question_id"]].append(Anchor(answer=row["answer"], score=int(row["score"] + 0.5)))
    return dict(out)


def scores(engine: Engine, rows: list[Row], anchors: dict[str, list[Anchor]]) -> list[float]:
    """The engine's scores of ``rows`` through ``panelist.api``, each with its anchors."""
    lines = []
    for n, row in enumerate(rows, start=1):
        data = {**row, "anchors": [a.model_dump() for a in anchors.get(row["question_id"], [])]}
        lines.append(parse_line(json.dumps(data), n))
    out = []
    for record in score_lines(lines, engine):
        if "error" in record:
            raise SystemExit(f"scoring failed: {record['error']}")
        out.append(float(record["score"]))
    return out


def figures(predicted: list[float], labels: list[float]) -> str:
    return (
        f"spearman {spearman(predicted, labels):.3f}  qwk {quadratic_kappa(predicted, labels):.3f}"
        f"  mae {mean_absolute_error(predicted, labels):5.1f}"
    )


def run(rows: list[Row], per_question: int, engines: dict[str, Engine]) -> None:
    """Both splits of ``rows``: each engine with anchors from the other half, and without."""
    first, second = halves(rows)
    print(
        f"{len(rows)} answers, {len({r['question_id'] for r in rows})} questions; anchors per "
        f"question: at most {per_question}, built from the other half's labels"
    )
    totals: dict[str, list[float]] = defaultdict(list)
    names: list[str] = []
    for split, pool, scored_half in (("even->odd", first, second), ("odd->even", second, first)):
        built = build(pool, per_question)
        anchors = {qid: q.anchors for qid, q in built.items()}
        count = sum(len(a) for a in anchors.values())
        labels = [float(r["score"]) for r in scored_half]
        print(
            f"\n{split}: anchors from {len(pool)} answers ({count} anchors for {len(built)} of "
            f"{len({r['question_id'] for r in pool})} questions), {len(scored_half)} answers scored"
        )
        for name, engine in engines.items():
            runs: list[tuple[str, dict[str, list[Anchor]]]] = [(f"{name}, no anchors", {})]
            if "anchors" in engine.capabilities:
                runs += [(f"{name}, anchors", anchors), (f"{name}, every answer", everything(pool))]
            for run_name, given in runs:
                predicted = scores(engine, scored_half, given)
                print(f"  {run_name:20s} {figures(predicted, labels)}")
                totals[run_name] += predicted
                if run_name not in names:
                    names.append(run_name)
        totals["labels"] += labels
    print(f"\nboth splits ({len(totals['labels'])} answers, each scored once):")
    for run_name in names:
        print(f"  {run_name:20s} {figures(totals[run_name], totals['labels'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-question", type=int, default=DEFAULT_PER_QUESTION)
    parser.add_argument(
        "--train-roles",
        type=int,
        default=0,
        help="also the first N roles (by name) of ../shared/data/train; 0: skip (default)",
    )
    args = parser.parse_args()
    if not DEV.exists():
        sys.exit(f"needs the graded dev set at {DEV} (../shared/data/dev); not found")
    rubric, judge = get_engine("rubric"), get_engine("judge")
    print("dev set (the rubric's calibration was fitted on it; the judge never saw it):")
    run(load(DEV), args.per_question, {"rubric": rubric, "judge": judge})
    if args.train_roles:
        if not TRAIN.exists():
            sys.exit(f"needs the training answers at {TRAIN} (../shared/data/train); not found")
        rows = load(TRAIN)
        roles = sorted({r["role"] for r in rows})[: args.train_roles]
        print(
            f"\ntraining set, roles {', '.join(roles)} (the rubric was not fitted on them; "
            "the judge was trained on them, so it is left out):"
        )
        run([r for r in rows if r["role"] in roles], args.per_question, {"rubric": rubric})


if __name__ == "__main__":
    main()
