"""Train the transcript sentence-boundary model (``src/panelist/data/boundaries.npy``).

The training answers' written sentences are run together as transcripts: final stops dropped,
commas kept in half of them, fillers put in, sentences joined by nothing, "and", "so",
"and then" or a filler. A logistic model (:mod:`panelist.boundaries`) learns which gaps
were sentence ends. ``--cv`` reports precision and recall of the cuts with folds grouped by role.

Run: .venv/bin/python -m training.boundaries [--cv]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import optimize, sparse

from panelist.boundaries import BUCKETS, cuts, gap_features, hashed, token
from panelist.text import UNPUNCTUATED_WORDS, sentences
from training.judge.data import role_folds

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "train" / "items.jsonl"
OUT = ROOT / "src" / "panelist" / "data" / "boundaries.npy"
JOINERS = {"": 0.4, "and": 0.3, "so": 0.1, "and then": 0.05, "um": 0.05, "uh": 0.05, "and um": 0.05}
FILLERS = ["um", "uh", "you know", "like", "I mean", "so"]
RENDERINGS = 2
L2 = 1.0
SEED = 0


@dataclass(frozen=True)
class Transcript:
    """Words of a rendered transcript, the indexes that start a sentence, how they were joined."""

    words: list[str]
    starts: set[int]
    role: str
    joiners: dict[int, str]


def render(written: list[str], rng: random.Random, role: str) -> Transcript:
    """``written`` sentences run together as one transcript."""
    commas = rng.random() < 0.5
    words: list[str] = []
    starts: set[int] = set()
    joiners: dict[int, str] = {}
    for k, sentence in enumerate(written):
        own = sentence.split()
        own[-1] = own[-1].rstrip(".!?") or own[-1]
        if not commas:
            own = [w.rstrip(",;:") or w for w in own]
        if rng.random() < 0.3 and len(own) > 1:
            filler = (rng.choice(FILLERS) + ("," if commas else "")).split()
            at = rng.randrange(1, len(own))
            own[at:at] = filler
        if k:
            joiner = rng.choices(list(JOINERS), weights=list(JOINERS.values()))[0]
            starts.add(len(words))
            joiners[len(words)] = joiner
            own = [*joiner.split(), *own]
        words += own
    return Transcript(words, starts, role, joiners)


def punctuated(answer: str) -> list[str] | None:
    """The written sentences of ``answer`` (None: fewer than two, or not punctuated)."""
    written = [s.text for s in sentences(answer, transcripts=False) if s.text.split()]
    if len(written) < 2 or len(answer.split()) / len(written) > UNPUNCTUATED_WORDS:
        return None
    return written


def transcripts(rows: list[dict[str, object]], seed: int = SEED) -> list[Transcript]:
    """Every punctuated training answer, rendered :data:`RENDERINGS` times."""
    out = []
    for row in rows:
        written = punctuated(str(row["answer"]))
        if written is None:
            continue
        for r in range(RENDERINGS):
            rng = random.Random(f"{seed}:{row['id']}:{r}")
            out.append(render(written, rng, str(row["role"])))
    return out


def design(items: list[Transcript]) -> tuple[sparse.csr_matrix, npt.NDArray[np.float64]]:
    """One row per gap (its hashed features, ``since`` the true last start) and its label."""
    rows: list[list[int]] = []
    labels: list[float] = []
    for t in items:
        tokens = [token(w) for w in t.words]
        last = 0
        for j in range(1, len(tokens)):
            rows.append(hashed(gap_features(t.words, tokens, j, j - last)))
            labels.append(float(j in t.starts))
            if j in t.starts:
                last = j
    indptr = np.cumsum([0, *(len(r) for r in rows)])
    indices = np.concatenate([np.array(r) for r in rows])
    data = np.ones(len(indices))
    x = sparse.csr_matrix((data, indices, indptr), shape=(len(rows), BUCKETS))
    return x, np.array(labels)


def fit(items: list[Transcript]) -> npt.NDArray[np.float32]:
    """Weights of the L2-regularised logistic model."""
    x, y = design(items)
    xt = x.T.tocsr()

    def loss(w: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        value = float(np.sum(np.logaddexp(0, z) - y * z)) + L2 / 2 * float(w @ w)
        return value, xt @ (p - y) + L2 * w

    result = optimize.minimize(
        loss, np.zeros(BUCKETS), jac=True, method="L-BFGS-B", options={"maxiter": 500}
    )
    weights: npt.NDArray[np.float32] = result.x.astype(np.float32)
    return weights


def scores(
    items: list[Transcript], model: npt.NDArray[np.float32]
) -> dict[str, tuple[int, int, int]]:
    """True, predicted and correct cuts, overall and per joiner."""
    counts: dict[str, list[int]] = {}
    for t in items:
        found = set(cuts(t.words, model))
        for key in ("all", *{t.joiners[j] or "none" for j in t.starts}):
            counts.setdefault(key, [0, 0, 0])
        total = counts["all"]
        total[0] += len(t.starts)
        total[1] += len(found)
        total[2] += len(found & t.starts)
        for j in t.starts:
            c = counts[t.joiners[j] or "none"]
            c[0] += 1
            c[2] += j in found
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="grouped cross-validation by role")
    parser.add_argument("--train", type=Path, default=TRAIN, help="graded answers (JSON lines)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the weights go")
    args = parser.parse_args()
    if not args.train.is_file():
        sys.exit(f"needs the training answers at {args.train} (../shared/data/train)")
    lines = args.train.read_text(encoding="utf-8").splitlines()
    items = transcripts([json.loads(line) for line in lines if line.strip()])
    if not args.cv:
        np.save(args.out, fit(items).astype(np.float16))
        print(f"wrote {args.out} from {len(items)} transcripts")
        return
    total: dict[str, list[int]] = {}
    for held in role_folds(items, 5, SEED):
        model = fit([t for t in items if t.role not in held])
        for k, v in scores([t for t in items if t.role in held], model).items():
            acc = total.setdefault(k, [0, 0, 0])
            for i in range(3):
                acc[i] += v[i]
    n, p, c = total.pop("all")
    print(f"cuts: precision {c / p:.3f} recall {c / n:.3f} ({n} sentence starts)")
    for k, (n, _, c) in sorted(total.items()):
        print(f"  joined by {k!r}: recall {c / n:.3f} ({n})")


if __name__ == "__main__":
    main()
