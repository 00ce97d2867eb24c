"""Answers padded to look longer: with themselves in other words, or with text that says nothing.

Restatements: `tests/data/restated/cases.jsonl` holds 80 training and dev answers padded by
hand with the same answer in other words (no run of five words in common): appended whole
(`full`), in another order (`reordered`), only its main points (`half`), each sentence
followed by its restatement (`interleaved`) or the restatement first (`front`). The `design`
set was written before the rule of `panelist.judge.restated` and used to design it; the
`held_out` set was written afterwards by another hand, from other answers. `honest.jsonl` holds
84 honest answers with echoes a naive check takes for padding (a closing recap, a result that
echoes the task, steps of one shape, "claim, example, claim, example"): 36 written with the
rule, 48 by a reviewer afterwards.

Content-free padding: 12 dev answers rated 30-80 with text that says nothing about the
question appended (numbered notes, trivia, a recipe, lorem ipsum). Held out:
`tests/data/padding/junk.jsonl` holds 24 texts of 40-220 words, each of another kind (a weather
report, a town's history, verses, a kettle's description, a horoscope, one long sentence, ...),
written by a helper who did not see the judge's training code; each is appended to up to 30 dev
answers rated 30-80 (every k-th in the file, any question type), and the rise is given over
all, per kind, by the answer's rated level (30-55, 56-80) and with the flags the padding adds.
The other side: the dev answers rated 60 or more, whole against each half of their sentences
(a judge that ignored what follows an answer's start would score the whole as its first half).

Prints, per set and kind, the mean and largest rise of the padded answer's score over the
answer alone, how many rise by more than 10 points, and how many are flagged `repeated`; then
the honest answers flagged, and by which rule. Needs the graded answers (`--data`, by default
../shared/data). Run: .venv/bin/python benchmarks/padding.py [--engine judge] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from panelist.api import get_engine
from panelist.engines.base import EvaluationRequest
from panelist.engines.judge.engine import read_guard
from panelist.errors import PanelistError
from panelist.loaders import parse_item
from panelist.models import Evaluation
from panelist.text import sentences

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "restated"
HELD_OUT = ROOT / "tests" / "data" / "padding" / "junk.jsonl"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Text that says nothing about any interview question, appended to an answer.
JUNK = {
    "10 notes": " ".join(f"Note {i} was {DAYS[i % 7]}." for i in range(10)),
    "36 notes": " ".join(f"Note {i} was {DAYS[i % 7]}." for i in range(36)),
    "trivia": "The sky was blue that week. My cat is called Tom. I like pizza on Fridays. "
    "Paris is the capital of France. Water boils at 100 degrees. The train was on time.",
    "recipe": "First you chop two onions. Then you heat the oil in a pan. Add the onions and "
    "fry them for five minutes. Add the garlic and the tomatoes. Simmer for twenty minutes.",
    "lorem ipsum": "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod "
    "tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.",
}


def _request(number: int, question: str, answer: str, job: str = "") -> EvaluationRequest:
    data = {"id": str(number), "question": question, "answer": answer, "job_description": job}
    item = parse_item(data, number).item
    assert item is not None
    return item.request()


def _lines(path: Path) -> list[dict[str, Any]]:
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


def _line(label: str, rises: list[int], flagged: int) -> str:
    return (
        f"  {label:22s} n={len(rises):2d}  mean rise {sum(rises) / len(rises):5.1f}"
        f"  largest {max(rises):+3d}  over 10: {sum(r > 10 for r in rises):2d}"
        f"  flagged: {flagged:2d}"
    )


def restatements(engine_id: str, alone: dict[str, str]) -> None:
    """Padded answers against the answers alone, and the honest answers flagged."""
    cases = _lines(CASES / "cases.jsonl")
    honest = _lines(CASES / "honest.jsonl")
    sources = sorted({c["source"] for c in cases})
    questions = {c["source"]: c["question"] for c in cases}
    requests = [_request(i, questions[s], alone[s]) for i, s in enumerate(sources)]
    requests += [_request(i, c["question"], c["answer"]) for i, c in enumerate(cases)]
    requests += [_request(i, h["question"], h["answer"]) for i, h in enumerate(honest)]
    scored = _scored(engine_id, requests)
    base = dict(zip(sources, scored[: len(sources)], strict=True))
    padded = scored[len(sources) : len(sources) + len(cases)]
    groups: dict[tuple[str, str], list[tuple[int, bool]]] = defaultdict(list)
    for case, evaluation in zip(cases, padded, strict=True):
        rise = evaluation.score - base[case["source"]].score
        groups[case["set"], case["kind"]].append((rise, _repeated(evaluation)))
    print(f"engine {engine_id}: answers padded with themselves in other words, score minus alone")
    for (name, kind), rows in sorted(groups.items()):
        print(_line(f"{name} {kind}", [r for r, _ in rows], sum(f for _, f in rows)))
    by_rule: dict[str, list[str]] = defaultdict(list)
    for h, evaluation, request in zip(
        honest,
        scored[len(sources) + len(cases) :],
        requests[len(sources) + len(cases) :],
        strict=True,
    ):
        if _repeated(evaluation):
            rule = "word runs" if read_guard(request).repeated else "restatement"
            by_rule[rule].append(h["id"])
    print(
        f"honest answers flagged repeated: {sum(map(len, by_rule.values()))} of {len(honest)}"
        f" (restatement rule: {by_rule['restatement']}; word runs: {by_rule['word runs']})"
    )


def junk(engine_id: str, dev: list[dict[str, Any]]) -> None:
    """Dev answers with text that says nothing appended, against the answers alone."""
    chosen = [r for r in dev if r["question_type"] == "behavioral" and 30 <= r["score"] <= 80]
    chosen = chosen[:: max(1, len(chosen) // 12)][:12]
    requests = []
    for i, row in enumerate(chosen):
        args = (row["question"], row["answer"], row.get("job_description") or "")
        requests.append(_request(i, *args))
        for text in JUNK.values():
            requests.append(_request(i, row["question"], f"{row['answer']} {text}", args[2]))
    scored = _scored(engine_id, requests)
    step = len(JUNK) + 1
    print(f"engine {engine_id}: {len(chosen)} dev answers with text that says nothing appended")
    for k, label in enumerate(JUNK, start=1):
        pairs = [(scored[j], scored[j + k]) for j in range(0, len(scored), step)]
        rises = [padded.score - alone.score for alone, padded in pairs]
        print(_line(label, rises, sum(_repeated(p) for _, p in pairs)))


def held_out_junk(engine_id: str, dev: list[dict[str, Any]]) -> None:
    """Dev answers with each held-out text that says nothing appended, against the answers alone."""
    texts = _lines(HELD_OUT)
    rows = [r for r in dev if 30 <= r["score"] <= 80]
    chosen = rows[:: max(1, len(rows) // 30)][:30]
    requests = []
    for i, row in enumerate(chosen):
        job = row.get("job_description") or ""
        requests.append(_request(i, row["question"], row["answer"], job))
        for text in texts:
            requests.append(_request(i, row["question"], f"{row['answer']} {text['text']}", job))
    scored = _scored(engine_id, requests)
    step = len(texts) + 1
    every: list[int] = []
    by_kind: dict[str, list[int]] = defaultdict(list)
    flagged: dict[str, int] = defaultdict(int)
    by_level: dict[str, list[int]] = defaultdict(list)
    added: dict[str, list[str]] = defaultdict(list)
    for n, row in enumerate(chosen):
        alone = scored[n * step]
        had = {f.code for f in alone.flags}
        level = "30-55" if row["score"] <= 55 else "56-80"
        for text, padded in zip(texts, scored[n * step + 1 : (n + 1) * step], strict=True):
            rise = padded.score - alone.score
            every.append(rise)
            by_kind[text["kind"]].append(rise)
            by_level[level].append(rise)
            flagged[text["kind"]] += _repeated(padded)
            for code in sorted({f.code for f in padded.flags} - had):
                added[code].append(text["kind"])
    print(
        f"engine {engine_id}: {len(chosen)} dev answers rated 30-80 with each of {len(texts)}"
        f" held-out texts that say nothing appended ({HELD_OUT.relative_to(ROOT)})"
    )
    print(_line("all held out", every, sum(flagged.values())))
    cells = [
        f"{kind[:13]:13s} {sum(r) / len(r):+5.1f} {max(r):+3d}"
        + (f" rep {flagged[kind]}" if flagged[kind] else "")
        for kind, r in by_kind.items()
    ]
    print("  per kind (mean, largest):")
    for start in range(0, len(cells), 3):
        print("    " + "   ".join(f"{c:26s}" for c in cells[start : start + 3]).rstrip())
    print(
        "  by rated level: "
        + "  ".join(
            f"{level} n={len(r)} mean rise {sum(r) / len(r):+.1f}"
            for level, r in sorted(by_level.items())
        )
    )
    if not added:
        print("  flags the padding adds: none")
    for code, kinds in sorted(added.items()):
        counts = ", ".join(f"{k} {kinds.count(k)}" for k in dict.fromkeys(kinds))
        print(f"  flag the padding adds: {code} x{len(kinds)} ({counts})")


def halves(engine_id: str, dev: list[dict[str, Any]]) -> None:
    """The other side: a good answer's own sentences must still count. Dev answers rated 60 or
    more (four sentences or more), whole against their first and their second half."""
    chosen = [r for r in dev if r["score"] >= 60 and len(sentences(r["answer"])) >= 4]
    requests = []
    for i, row in enumerate(chosen):
        said = [s.text for s in sentences(row["answer"])]
        job = row.get("job_description") or ""
        for text in (
            row["answer"],
            " ".join(said[: len(said) // 2]),
            " ".join(said[len(said) // 2 :]),
        ):
            requests.append(_request(i, row["question"], text, job))
    scored = [e.score for e in _scored(engine_id, requests)]
    whole, first, second = scored[0::3], scored[1::3], scored[2::3]
    n = len(chosen)
    print(
        f"engine {engine_id}: {n} dev answers rated 60+ (mean label "
        f"{sum(r['score'] for r in chosen) / n:.1f}), whole {sum(whole) / n:.1f}, first half "
        f"{sum(first) / n:.1f}, second half {sum(second) / n:.1f}; whole under a half by more "
        f"than 5: {sum(w < max(a, b) - 5 for w, a, b in zip(whole, first, second, strict=True))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="judge")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    sources = (args.data / "train" / "items.jsonl", args.data / "dev" / "items.jsonl")
    if not all(p.exists() for p in sources):
        sys.exit(f"this benchmark needs the graded answers in {args.data} (train/, dev/)")
    alone = {row["id"]: row["answer"] for path in sources for row in _lines(path)}
    restatements(args.engine, alone)
    junk(args.engine, _lines(sources[1]))
    held_out_junk(args.engine, _lines(sources[1]))
    halves(args.engine, _lines(sources[1]))


if __name__ == "__main__":
    main()
