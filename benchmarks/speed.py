"""Speed of the default engine, measured as a user sees it (console script, cold start).

Prints answers per second of `panelist score` on the dev set (105 answers; the start-up of about
a second is part of it) and on the 1,900 training answers (a batch large enough for the rate to
be the engine's), and the wall time of `panelist evaluate` on the built-in example. Needs
../shared/data for the two batches. Run: .venv/bin/python benchmarks/speed.py
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "dev" / "items.jsonl"
TRAIN = ROOT.parent / "shared" / "data" / "train" / "items.jsonl"


def _panelist() -> str:
    local = Path(sys.executable).with_name("panelist")
    return str(local) if local.exists() else shutil.which("panelist") or "panelist"


def timed(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([_panelist(), *args], check=False, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def rate(items: Path, repeat: int) -> str:
    """Answers per second of `panelist score` on ``items`` (the best of ``repeat`` runs)."""
    n = sum(1 for line in items.read_text().splitlines() if line.strip())
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out.jsonl")
        best = min(timed("score", str(items), "-o", out) for _ in range(repeat))
    return f"{best:6.2f} s = {n / best:5.1f} answers/s ({n} answers)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=Path, default=DEV, help="JSONL batch to score")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (best is kept)")
    parser.add_argument(
        "--large", type=Path, default=TRAIN, help="a large JSONL batch, scored once (- to skip)"
    )
    args = parser.parse_args()
    evaluate = min(timed("evaluate") for _ in range(args.repeat))
    version = min(timed("--version") for _ in range(args.repeat))
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"panelist --version (start-up):        {version:6.2f} s")
    print(f"panelist evaluate (9-answer example):  {evaluate:6.2f} s")
    for items, repeat in ((args.items, args.repeat), (args.large, 1)):
        if str(items) == "-":
            continue
        if not items.is_file():
            print(f"panelist score: needs {items} (../shared/data), not found: skipped")
            continue
        print(f"panelist score {items.parent.name}/{items.name}: {rate(items, repeat)}")


if __name__ == "__main__":
    main()
