"""What the judge's feedback says, how often, and of which answers.

Scores every graded answer (the training and dev sets by default) and counts each strength and
weakness by its wording, the text before its quote ("No clear outcome or result is stated",
"States a concrete outcome"), with how many of the answers it is said of scored 55 or more and
their styles. A weakness said of many good answers, or a strength of many poor ones, is one to
read them for: `--claim PREFIX --show N` prints N of them with their last sentences. Needs
../shared/data/train and ../shared/data/dev (or the graded files given).
Run: .venv/bin/python benchmarks/feedback.py [FILE ...] [--claim PREFIX] [--show N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from panelist.api import get_engine
from panelist.bench import load_graded
from panelist.errors import PanelistError
from panelist.models import Evaluation

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FILES = (SHARED / "train" / "items.jsonl", SHARED / "dev" / "items.jsonl")
#: A key point named in a wording ('Covers the key point "..."').
_QUOTED = re.compile(r' ?"[^"]*"')
#: A score from which an answer is adequate or better.
GOOD = 55


@dataclass
class Said:
    """Of how many answers one wording is said, how many of them scored :data:`GOOD` or more,
    their styles and ids."""

    answers: int = 0
    good: int = 0
    styles: Counter[str] = field(default_factory=Counter)
    ids: list[str] = field(default_factory=list)


def wording(text: str) -> str:
    """A strength's or weakness's wording without its quote or the key point it names."""
    return _QUOTED.sub("", text.split(': "', 1)[0])


def tally(scored: list[tuple[dict[str, Any], Evaluation]]) -> dict[str, Said]:
    """Each wording of a strength ("+ ...") or weakness ("- ...") and what it is said of."""
    out: dict[str, Said] = {}
    for data, evaluation in scored:
        said = {f"+ {wording(p.text)}" for p in evaluation.strengths}
        said |= {f"- {wording(p.text)}" for p in evaluation.weaknesses}
        for key in said:
            entry = out.setdefault(key, Said())
            entry.answers += 1
            entry.good += evaluation.score >= GOOD
            entry.styles[str(data.get("style", "?"))] += 1
            entry.ids.append(str(data.get("id", "?")))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(FILES))
    parser.add_argument("--engine", default="judge")
    parser.add_argument("--claim", default="", help="show answers given a wording starting so")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        sys.exit(f"needs the graded answers at {', '.join(missing)} (../shared/data)")
    rows = [row for path in args.files for row in load_graded(path)]
    engine = get_engine(args.engine)
    scored: list[tuple[dict[str, Any], Evaluation]] = []
    for (data, _), result in zip(rows, engine.evaluate_many([r for _, r in rows]), strict=True):
        if isinstance(result, PanelistError):
            raise result
        scored.append((data, result))
    counts = tally(scored)
    print(
        f"engine {args.engine}: {len(scored)} answers; answers / scored {GOOD}+ / commonest styles"
    )
    for key, said in sorted(counts.items(), key=lambda kv: -kv[1].answers):
        styles = ", ".join(f"{s} {n}" for s, n in said.styles.most_common(3))
        print(f"{said.answers:5d} {said.good:5d}  {key[:78]:<78}  {styles}")
    chosen = [k for k in counts if args.claim and k[2:].startswith(args.claim)]
    by_id = {str(d.get("id")): (d, e) for d, e in scored}
    for key in chosen:
        for answer_id in counts[key].ids[: args.show]:
            data, evaluation = by_id[answer_id]
            print(f"\n{answer_id} scored {evaluation.score}, rated {data.get('score')}: {key}")
            print(f"  ... {data['answer'][-300:]}")


if __name__ == "__main__":
    main()
