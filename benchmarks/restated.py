"""Answers padded with a restatement of themselves: how much the padding raises a score.

`tests/data/restated/cases.jsonl` holds 80 training and dev answers padded by hand with the
same answer in other words (no run of five words in common): appended whole (`full`), in
another order (`reordered`), only its main points (`half`), each sentence followed by its
restatement (`interleaved`) or the restatement first (`front`). The `design` set was written
before the rule of `panelist.judge.restated` and used to design it; the `held_out` set was
written afterwards by another hand, from other answers, and not used to set anything.
`honest.jsonl` holds 36 honest answers with echoes a naive check takes for padding (a closing
recap, a result that echoes the task, steps of one shape): none should be flagged.

Prints, per set and kind, the mean rise of the padded answer's score over the answer alone,
how many rise by more than 10 points, and how many are flagged `repeated`; then the honest
answers flagged. Needs ../shared/data (the answers alone).
Run: .venv/bin/python benchmarks/restated.py [--engine judge]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from panelist.api import get_engine
from panelist.engines.base import EvaluationRequest
from panelist.errors import PanelistError
from panelist.loaders import parse_item
from panelist.models import Evaluation

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "restated"
SHARED = ROOT.parent / "shared" / "data"
SOURCES = (SHARED / "train" / "items.jsonl", SHARED / "dev" / "items.jsonl")


def _request(number: int, question: str, answer: str) -> EvaluationRequest:
    item = parse_item({"id": str(number), "question": question, "answer": answer}, number).item
    assert item is not None
    return item.request()


def _lines(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _scored(engine_id: str, requests: list[EvaluationRequest]) -> list[Evaluation]:
    out = []
    for result in get_engine(engine_id).evaluate_many(requests):
        if isinstance(result, PanelistError):
            raise result
        out.append(result)
    return out


def _repeated(evaluation: Evaluation) -> bool:
    return any(f.code == "repeated" for f in evaluation.flags)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="judge")
    args = parser.parse_args()
    if not all(p.exists() for p in SOURCES):
        sys.exit(f"this benchmark needs the answers alone in {SHARED} (../shared/data)")
    alone = {
        row["id"]: row["answer"] for path in SOURCES for row in _lines(path) if "answer" in row
    }
    cases = _lines(DATA / "cases.jsonl")
    honest = _lines(DATA / "honest.jsonl")
    sources = sorted({c["source"] for c in cases})
    questions = {c["source"]: c["question"] for c in cases}
    requests = [_request(i, questions[s], alone[s]) for i, s in enumerate(sources)]
    requests += [_request(i, c["question"], c["answer"]) for i, c in enumerate(cases)]
    requests += [_request(i, h["question"], h["answer"]) for i, h in enumerate(honest)]
    scored = _scored(args.engine, requests)
    base = dict(zip(sources, scored[: len(sources)], strict=True))
    padded = scored[len(sources) : len(sources) + len(cases)]
    groups: dict[tuple[str, str], list[tuple[int, bool]]] = defaultdict(list)
    for case, evaluation in zip(cases, padded, strict=True):
        rise = evaluation.score - base[case["source"]].score
        groups[case["set"], case["kind"]].append((rise, _repeated(evaluation)))
    print(f"engine {args.engine}: padded answer's score minus the answer's alone")
    for (name, kind), rows in sorted(groups.items()):
        rises = [r for r, _ in rows]
        print(
            f"  {name:8s} {kind:11s} n={len(rows):2d}  mean rise {sum(rises) / len(rises):5.1f}"
            f"  over 10: {sum(r > 10 for r in rises):2d}  flagged: {sum(f for _, f in rows):2d}"
        )
    flagged = [
        h["id"]
        for h, e in zip(honest, scored[len(sources) + len(cases) :], strict=True)
        if _repeated(e)
    ]
    print(f"honest answers flagged repeated: {len(flagged)} of {len(honest)} {flagged}")


if __name__ == "__main__":
    main()
