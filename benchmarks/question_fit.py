"""Does the question matter? Good dev answers scored under their own question and another one.

Every dev answer rated 60 or more to a behavioural question is scored three ways: as answered;
under a behavioural question of another dev role, with that role's job description; and under
another behavioural question of its own role. An engine that reads the question scores the
second and third far lower (the raters give fluent answers to another question 20-26) and
flags them. The dev roles are not in the judge's training data. Needs ../shared/data/dev.
Run: .venv/bin/python benchmarks/question_fit.py [--engine judge] [--show N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from panelist.api import get_engine
from panelist.bench import load_graded
from panelist.engines.base import EvaluationRequest
from panelist.errors import PanelistError
from panelist.models import Evaluation

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "items.jsonl"
#: The flags that say an answer is not about its question: the judge's reading, the rule's.
OFF_TOPIC = {"off_topic", "unrelated"}

KINDS = ("own question", "another role's question", "another question of its role")


def readings(path: Path) -> dict[str, list[EvaluationRequest]]:
    """Each good behavioural answer under the three questions of :data:`KINDS`, chosen in a
    fixed order."""
    rows = load_graded(path)
    asked: dict[str, dict[str, EvaluationRequest]] = {}
    for data, request in rows:
        if data["question_type"] == "behavioral":
            asked.setdefault(data["role"], {}).setdefault(data["question_id"], request)
    out: dict[str, list[EvaluationRequest]] = {kind: [] for kind in KINDS}
    good = [(d, r) for d, r in rows if d["score"] >= 60 and d["question_type"] == "behavioral"]
    for k, (data, request) in enumerate(good):
        elsewhere = [
            q for role in sorted(asked) if role != data["role"] for q in asked[role].values()
        ]
        mine = [q for qid, q in sorted(asked[data["role"]].items()) if qid != data["question_id"]]
        if not elsewhere or not mine:
            continue  # a single role, or a role with a single behavioural question
        other, sibling = elsewhere[k % len(elsewhere)], mine[k % len(mine)]
        out[KINDS[0]].append(request)
        out[KINDS[1]].append(
            request.model_copy(
                update={"question": other.question, "job_description": other.job_description}
            )
        )
        out[KINDS[2]].append(request.model_copy(update={"question": sibling.question}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="judge")
    parser.add_argument("--show", type=int, default=0, help="print the N highest-scored moves")
    args = parser.parse_args()
    if not DEV.is_file():
        sys.exit(f"needs the graded dev set at {DEV} (../shared/data/dev)")
    engine = get_engine(args.engine)
    scored: dict[str, list[Evaluation]] = {}
    asked = readings(DEV)
    for kind, requests in asked.items():
        results = list(engine.evaluate_many(requests))
        for result in results:
            if isinstance(result, PanelistError):
                raise result
        scored[kind] = [r for r in results if isinstance(r, Evaluation)]
    own = [e.score for e in scored[KINDS[0]]]
    print(f"engine {args.engine}: {len(own)} good dev answers to behavioural questions")
    for kind, evaluations in scored.items():
        scores = [e.score for e in evaluations]
        flagged = sum(bool(OFF_TOPIC & {f.code for f in e.flags}) for e in evaluations)
        high = sum(s >= 50 for s in scores)
        drop = sum(a - b for a, b in zip(own, scores, strict=True)) / len(own)
        print(
            f"  {kind:<30} mean {sum(scores) / len(scores):5.1f}  lower by {drop:5.1f}  "
            f"at 50+ {high:3d}  flagged off-topic or unrelated {flagged:3d}"
        )
    if args.show:
        moved = sorted(
            zip(scored[KINDS[1]], scored[KINDS[0]], asked[KINDS[1]], strict=True),
            key=lambda p: -p[0].score,
        )
        for other, mine, request in moved[: args.show]:
            print(f"  {mine.score:3d} -> {other.score:3d} under {request.question.text[:70]!r}")
            print(f"            {request.answer[:90]!r}")


if __name__ == "__main__":
    main()
