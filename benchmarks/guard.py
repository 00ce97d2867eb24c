"""How well the guard tells text addressed to the grader from answers that only mention it.

Prints detection (attacks flagged ``grader_instruction``) and false-positive rates (benign
answers flagged ``grader_instruction`` or ``unsupported_language``) on the corpus in
``tests/data/guard`` per split and per kind, then the same on the shared training answers
(``style: prompt_injection`` are attacks, every other answer is benign) when
``../shared/data/train`` exists, then the guard's throughput.

Run: .venv/bin/python benchmarks/guard.py [--show dev|holdout|train|all]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

from panelist import boundaries
from panelist.guard import _check, check
from panelist.instructions import get_detector
from panelist.text import sentences

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "guard"
TRAIN = ROOT.parent / "shared" / "data" / "train" / "items.jsonl"
FLAGGED = {"grader_instruction", "unsupported_language"}


def flagged(text: str, attack: bool) -> bool:
    """Whether the guard says what it should not (benign) or what it should (attack)."""
    guard = check(text)
    if attack:
        return guard.has("grader_instruction")
    return any(guard.has(code) for code in FLAGGED)


def share(hits: int, total: int) -> str:
    return f"{hits}/{total} = {hits / max(total, 1):.1%}"


def rate(rows: list[tuple[str, str, bool]]) -> str:
    return share(sum(ok for _, _, ok in rows), len(rows))


def explain(text: str) -> str:
    found = get_detector().find(sentences(text))
    return "; ".join(f"{h.rule}: {h.text!r}" for h in found) or "-"


def corpus(show: str) -> None:
    for name, attack in (("attacks", True), ("benign", False)):
        entries = yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))
        rows = [(e.get("split", "dev"), e["kind"], flagged(e["text"], attack)) for e in entries]
        label = "detected" if attack else "false positives"
        print(f"\n{name}: {label}")
        for split in ("dev", "holdout"):
            print(f"  {split:8} {rate([r for r in rows if r[0] == split])}")
        print(f"  {'all':8} {rate(rows)}")
        by_kind: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
        for row in rows:
            by_kind[row[1]].append(row)
        for kind, kind_rows in sorted(by_kind.items()):
            print(f"    {kind:20} {rate(kind_rows)}")
        for entry, (split, _, ok) in zip(entries, rows, strict=True):
            wrong = ok != attack
            if wrong and show in (split, "all"):
                print(f"  MISSED [{split}]" if attack else f"  FLAGGED [{split}]", entry["kind"])
                print("    ", entry["text"][:300].replace("\n", "\\n"))
                print(
                    "    ", explain(entry["text"]), [f.code for f in check(entry["text"]).findings]
                )


def train(show: str) -> None:
    if not TRAIN.exists():
        print(f"\nshared training data: needs {TRAIN} (not found), skipped")
        return
    items = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line]
    attacks = [i for i in items if i["style"] == "prompt_injection"]
    benign = [i for i in items if i["style"] != "prompt_injection"]
    detected = [i for i in attacks if check(i["answer"]).has("grader_instruction")]
    wrong = [i for i in benign if any(check(i["answer"]).has(c) for c in FLAGGED)]
    print(f"\nshared training data ({TRAIN}):")
    print(f"  prompt_injection detected  {share(len(detected), len(attacks))}")
    print(f"  other answers flagged      {share(len(wrong), len(benign))}")
    if show in ("train", "all"):
        for item in [i for i in attacks if i not in detected] + wrong:
            print(
                "   ", item["id"], item["style"], [f.code for f in check(item["answer"]).findings]
            )
            print("     ", item["answer"][:300])


def throughput() -> None:
    benign = yaml.safe_load((CORPUS / "benign.yaml").read_text(encoding="utf-8"))
    long = " ".join(e["text"] for e in benign if e["kind"] == "long_answer")
    sets = {"300-word answer": [" ".join(long.split()[:300])] * 200}
    if TRAIN.exists():
        lines = TRAIN.read_text(encoding="utf-8").splitlines()
        sets["training answers"] = [json.loads(line)["answer"] for line in lines if line]
    for label, texts in sets.items():
        start = time.perf_counter()
        for text in texts:
            _check.__wrapped__(text, boundaries.generation())  # uncached
        each = (time.perf_counter() - start) / len(texts)
        print(f"  {label:18} {1 / each:6.0f} answers/s  {each * 1000:.2f} ms each")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--show", choices=["none", "dev", "holdout", "train", "all"], default="none"
    )
    args = parser.parse_args()
    check("warm up")
    corpus(args.show)
    train(args.show)
    print("\nthroughput (uncached, one process):")
    throughput()
    return 0


if __name__ == "__main__":
    sys.exit(main())
