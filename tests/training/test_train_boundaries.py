"""The boundary model's training runs on a tiny set, and what it writes cuts transcripts."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np

from panelist.boundaries import cuts
from tests.conftest import ROOT

SENTENCES = [
    "I checked the logs first.",
    "We found the export had stopped on Monday.",
    "Then I restarted it and added an alert.",
    "The team reviewed the alert a week later.",
    "I wrote down what we learned.",
]


def test_training_writes_weights_that_cut_where_sentences_ended(tmp_path: Path) -> None:
    rng = random.Random(0)
    items = tmp_path / "items.jsonl"
    rows = []
    for k in range(40):
        answer = " ".join(rng.sample(SENTENCES, 4))
        rows.append({"id": f"a{k}", "role": f"role{k % 4}", "answer": answer})
    items.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = tmp_path / "boundaries.npy"
    subprocess.run(
        [sys.executable, "-m", "training.boundaries", "--train", str(items), "--out", str(out)],
        cwd=ROOT,
        check=True,
    )
    model = np.load(out).astype(np.float32)
    words = "we found the export had stopped on monday and i wrote down what we learned".split()
    assert cuts(words, model) == [words.index("and")]
