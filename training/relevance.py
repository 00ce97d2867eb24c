"""Writes the word-piece weights of the relevance check (``src/panelist/data/judge/idf.npy``).

The weight of a word piece is its inverse document frequency over the training answers,
``log((N + 1) / (df + 1))``: the words every answer uses ("the", "team", "time") count little
when the check measures how much of a question or a requirement an answer covers
(:mod:`panelist.judge.relevance`). Needs only the package and the training data.
Run: ``python -m training.relevance``.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np

from panelist.judge.encoder import data_file, load_tokenizer
from training.judge.config import Config
from training.judge.data import read_records


def weights(answers: list[str]) -> np.ndarray:
    """Inverse document frequency of every word piece over ``answers`` (float16)."""
    tokenizer = load_tokenizer()
    counts = np.zeros(tokenizer.get_vocab_size(), np.int64)
    for encoding in tokenizer.encode_batch(answers):
        counts[np.unique(encoding.ids)] += 1
    n = len(answers)
    return np.array([math.log((n + 1) / (c + 1)) for c in counts], np.float16)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=Config().train)
    parser.add_argument("--out", type=Path, default=data_file("idf.npy"))
    args = parser.parse_args()
    answers = [str(r["answer"]) for r in read_records(args.train).values()]
    np.save(args.out, weights(answers))
    print(f"wrote {args.out} from {len(answers)} answers")


if __name__ == "__main__":
    main()
