"""Good answers told another way, by hand: with STAR labels, plausible figures or polish.

`tests/data/rewrites/dev.jsonl` holds the 28 dev answers to behavioural questions rated 70 or
more (spoken ones aside), each rewritten four times by helpers who did not see the judge's
code: `labels`, the same story with the STAR method's labels in words ("The situation was that
...", "My task was to ...", "I addressed this by ...", "The result was ..."), no figure added;
`star2`, written afterwards by another helper, with labels in a different style per answer
(bold or dashed headers, "S: / T: / A: / R:", "So the context here was ...", "Context: /
Goal:"), no figure added; `figures`, the same story with 3-5 plausible, consistent figures
added (team sizes, durations, before and after), as a polished candidate writes; and
`polished`, written later by a third helper, the same story in a résumé-like register ("In my
previous role ...", "I designed and implemented ...", "This resulted in ...") with 4-7
modest figures added, an outcome told in words given a modest figure. Same
substance, so the score should not move: prints, per kind, the mean and largest change, how
many move by more than 5 and 10 points, and the flags each side carries. Needs the dev
answers (`--data`, by default ../shared/data).
Run: .venv/bin/python benchmarks/rewrites.py [--engine judge] [--show N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from panelist.api import get_engine
from panelist.counterfactual import summary
from panelist.engines.base import EvaluationRequest
from panelist.errors import PanelistError
from panelist.loaders import BatchItem

ROOT = Path(__file__).resolve().parents[1]
REWRITES = ROOT / "tests" / "data" / "rewrites" / "dev.jsonl"
DATA = ROOT.parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="judge")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", type=int, default=0, help="print the N largest changes per kind")
    args = parser.parse_args()
    path = args.data / "dev" / "items.jsonl"
    if not path.is_file():
        sys.exit(f"needs the dev answers at {path} (../shared/data/dev)")
    rows = {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    rewrites = [json.loads(line) for line in REWRITES.read_text(encoding="utf-8").splitlines()]
    engine = get_engine(args.engine)
    print(f"engine {args.engine}: {len(rewrites)} rewrites of {len({r['id'] for r in rewrites})}")
    for kind in sorted({r["kind"] for r in rewrites}):
        chosen = [r for r in rewrites if r["kind"] == kind]
        requests: list[EvaluationRequest] = []
        for r in chosen:
            base = BatchItem(**rows[r["id"]]).request()
            requests += [base, base.model_copy(update={"answer": r["answer"]})]
        scores: list[int] = []
        flags: list[Counter[str]] = [Counter(), Counter()]
        for k, result in enumerate(engine.evaluate_many(requests)):
            if isinstance(result, PanelistError):
                raise result
            scores.append(result.score)
            flags[k % 2].update(f.code for f in result.flags)
        signed = [scores[i + 1] - scores[i] for i in range(0, len(scores), 2)]
        over = sum(abs(c) > 10 for c in signed)
        print(f"{kind:8s} {summary(signed)}, over 10: {over}")
        print(f"  flags as written {dict(flags[0])}, rewritten {dict(flags[1])}")
        for i in sorted(range(len(signed)), key=lambda i: -abs(signed[i]))[: args.show]:
            print(f"  {chosen[i]['id']}: {scores[2 * i]} -> {scores[2 * i + 1]}")


if __name__ == "__main__":
    main()
