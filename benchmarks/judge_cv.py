"""Cross-validation of the learned judge's recipe, grouped by role (SemEval by question).

Retrains the judge once per fold, so it needs the ``train`` extra (PyTorch) and the graded data
in ../shared/data; about 15 minutes on 2 cores. Prints Pearson, Spearman, QWK, MAE, SMD, the
partial correlation given answer length and the mean score against the label per style.

    .venv/bin/python benchmarks/judge_cv.py [--seeds N] [--fold F]
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "train" / "items.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--fold", type=int, help="one fold only")
    args = parser.parse_args()
    if not TRAIN.is_file():
        sys.exit(f"needs the graded training data at {TRAIN} (../shared/data)")
    if importlib.util.find_spec("torch") is None:
        sys.exit("needs the train extra: .venv/bin/pip install -e '.[train]'")
    with tempfile.TemporaryDirectory() as out:
        cmd = [
            sys.executable,
            "-m",
            "training.judge",
            "--cv",
            "--seeds",
            str(args.seeds),
            "--out",
            out,
        ]
        if args.fold is not None:
            cmd += ["--fold", str(args.fold)]
        sys.exit(subprocess.run(cmd, cwd=ROOT, check=False).returncode)


if __name__ == "__main__":
    main()
