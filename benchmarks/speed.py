"""Speed of the default engine, measured as a user sees it (console script, cold start).

Prints answers per second of `panelist score` on the dev set and the wall time of
`panelist evaluate` on the built-in example. Run: .venv/bin/python benchmarks/speed.py
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


def _panelist() -> str:
    local = Path(sys.executable).with_name("panelist")
    return str(local) if local.exists() else shutil.which("panelist") or "panelist"


def timed(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([_panelist(), *args], check=False, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=Path, default=DEV, help="JSONL batch to score")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (best is kept)")
    args = parser.parse_args()
    n = sum(1 for line in args.items.read_text().splitlines() if line.strip())
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out.jsonl")
        score = min(timed("score", str(args.items), "-o", out) for _ in range(args.repeat))
    evaluate = min(timed("evaluate") for _ in range(args.repeat))
    version = min(timed("--version") for _ in range(args.repeat))
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"panelist --version (start-up):        {version:6.2f} s")
    rate = n / score
    print(f"panelist score {args.items.name} ({n} answers): {score:6.2f} s = {rate:5.1f} answers/s")
    print(f"panelist evaluate (9-answer example):  {evaluate:6.2f} s")


if __name__ == "__main__":
    main()
