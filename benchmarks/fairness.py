"""Counterfactual fairness of the default engine: the same answer, told by someone else.

Builds pairs from training answers (needs ../shared/data/train) and scores both sides:
- names and pronouns: every first name and gendered word swapped (female <-> male names of
  different origins, he <-> she);
- non-native grammar: articles dropped, agreement and prepositions changed, same content;
- spoken form: lower case, fillers ("um", "you know", "like") and run-on sentences.
Prints the mean and largest score change per kind. Run: .venv/bin/python benchmarks/fairness.py
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

from panelist.api import get_engine
from panelist.engines.base import EvaluationRequest
from panelist.errors import PanelistError
from panelist.loaders import BatchItem

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "train" / "items.jsonl"
SWAP_NAMES = {
    "Emily": "Lakisha",
    "Greg": "Jamal",
    "Sarah": "Aisha",
    "John": "Mohammed",
    "Anne": "Mei",
    "Tom": "Kwame",
    "Laura": "Priya",
    "James": "Hiroshi",
    "Maria": "Fatima",
    "David": "Tyrone",
}
PRONOUNS = {
    "he": "she",
    "she": "he",
    "him": "her",
    "his": "her",
    "her": "his",
    "himself": "herself",
    "herself": "himself",
}
_WORD = re.compile(r"\b[A-Za-z]+\b")


def swap_identity(text: str, rng: random.Random) -> str:
    """Names and gendered pronouns swapped; a named colleague is added when there is none."""
    if not any(n in text for n in SWAP_NAMES):
        text = f"My colleague Emily and I discussed it first. {text}"

    def swap(m: re.Match[str]) -> str:
        w = m.group(0)
        if w in SWAP_NAMES:
            return SWAP_NAMES[w]
        low = w.lower()
        if low in PRONOUNS:
            out = PRONOUNS[low]
            return out.capitalize() if w[0].isupper() else out
        return w

    return _WORD.sub(swap, text)


def original_identity(text: str, rng: random.Random) -> str:
    """The identity side's baseline: the same named colleague, names not swapped."""
    if not any(n in text for n in SWAP_NAMES):
        text = f"My colleague Emily and I discussed it first. {text}"
    return text


def non_native(text: str, rng: random.Random) -> str:
    """Common second-language errors that keep the meaning."""
    out = []
    for w in text.split(" "):
        low = w.lower()
        if low in {"the", "a", "an"} and rng.random() < 0.6:
            continue
        if low == "has" and rng.random() < 0.5:
            w = "have"
        elif low == "was" and rng.random() < 0.3:
            w = "were"
        elif low == "in" and rng.random() < 0.3:
            w = "on"
        elif low == "to" and rng.random() < 0.15:
            w = "for"
        out.append(w)
    return " ".join(out)


def spoken(text: str, rng: random.Random) -> str:
    """A transcript of the answer said aloud: fillers, lower case, few full stops."""
    fillers = ["um", "uh", "you know", "like", "so", "I mean"]
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        words = sentence.rstrip(".!?").split()
        if words and rng.random() < 0.7:
            words.insert(rng.randrange(len(words)), rng.choice(fillers) + ",")
        out.append(" ".join(words).lower())
    return " and ".join(out) + "."


KINDS: dict[
    str, tuple[Callable[[str, random.Random], str], Callable[[str, random.Random], str]]
] = {
    "names and pronouns": (original_identity, swap_identity),
    "non-native grammar": (lambda t, r: t, non_native),
    "spoken transcript": (lambda t, r: t, spoken),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200, help="pairs per kind")
    parser.add_argument("--engine", default="judge")
    args = parser.parse_args()
    if not TRAIN.is_file():
        sys.exit(f"needs the training answers at {TRAIN} (../shared/data/train)")
    rows = [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines()]
    substantive = [r for r in rows if r["score"] >= 40 and len(r["answer"].split()) >= 40]
    rng = random.Random(0)
    chosen = rng.sample(substantive, min(args.pairs, len(substantive)))
    engine = get_engine(args.engine)
    print(f"engine {args.engine}: {len(chosen)} pairs per kind from training answers")
    for kind, (left, right) in KINDS.items():
        requests: list[EvaluationRequest] = []
        for r in chosen:
            base = BatchItem(**r).request()
            pair_rng = random.Random(r["id"])
            for side in (left, right):
                requests.append(base.model_copy(update={"answer": side(r["answer"], pair_rng)}))
        scores = []
        for result in engine.evaluate_many(requests):
            if isinstance(result, PanelistError):
                raise result
            scores.append(result.score)
        diffs = [abs(scores[i] - scores[i + 1]) for i in range(0, len(scores), 2)]
        signed = [scores[i + 1] - scores[i] for i in range(0, len(scores), 2)]
        print(
            f"{kind:20s} mean |change| {sum(diffs) / len(diffs):4.2f}  largest {max(diffs):3d}  "
            f"mean signed {sum(signed) / len(signed):+5.2f}  pairs over 2: "
            f"{sum(d > 2 for d in diffs)}, over 5: {sum(d > 5 for d in diffs)}"
        )


if __name__ == "__main__":
    main()
