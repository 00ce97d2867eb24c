"""Scoring quality of an engine against expert labels.

Runs `panelist bench` logic on the dev set (Pearson, Spearman, QWK on six levels, MAE, SMD,
means per style, partial correlation given length) and, for engines not trained on it, on
SemEval-2013 (ROC AUC and macro-F1 for `correct` vs the rest, without
and with anchors taken from other answers to the same question).

With ``--no-description`` the dev answers are scored without their job descriptions.
Needs ../shared/data.

    .venv/bin/python benchmarks/quality.py [--engine judge] [--semeval-limit N] [--no-description]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from panelist.api import get_engine
from panelist.bench import run_bench

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="judge")
    parser.add_argument(
        "--semeval-limit", type=int, default=None, help="first N SemEval items only"
    )
    parser.add_argument("--skip-semeval", action="store_true")
    parser.add_argument(
        "--no-description", action="store_true", help="dev answers without their job descriptions"
    )
    args = parser.parse_args()
    dev = SHARED / "dev" / "items.jsonl"
    if not dev.is_file():
        sys.exit(f"needs the graded dev set at {dev} (../shared/data)")
    engine = get_engine(args.engine)
    if args.no_description:
        with tempfile.TemporaryDirectory() as tmp:
            bare = Path(tmp) / "dev-without-descriptions.jsonl"
            rows = [json.loads(line) for line in dev.read_text(encoding="utf-8").splitlines()]
            bare.write_text("".join(json.dumps(r | {"job_description": ""}) + "\n" for r in rows))
            print(run_bench(bare, engine))
        return
    print(run_bench(dev, engine))
    if args.skip_semeval:
        return
    if args.engine == "judge":
        print("\nSemEval: the judge is trained on these answers, so figures here would be")
        print(
            "in-sample; benchmarks/judge_cv.py reports SemEval on questions held out of training."
        )
        return
    for name in ("beetle_train.jsonl", "scientsbank_train.jsonl"):
        for anchors in (False, True):
            print()
            print(
                run_bench(
                    SHARED / "semeval2013" / name, engine, anchors=anchors, limit=args.semeval_limit
                )
            )


if __name__ == "__main__":
    main()
