"""Fitting the judge network on examples, predicting with it, and exporting it to ONNX."""

from __future__ import annotations

import dataclasses
import random
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch
from torch import Tensor, nn

from panelist.judge.features import pack, sequence
from panelist.judge.inputs import question_units
from panelist.judge.model import FIT_STYLE, final_scores, score_mask
from training.judge.config import GENERAL_QUESTIONS, Config
from training.judge.data import Example, UnitTable, without_description
from training.judge.network import Ensemble, HeadPart, JudgeNet, UnitsPart

Feed = tuple[Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]


def tensors(examples: Sequence[Example], table: UnitTable) -> Feed:
    """The network's inputs for a batch: only the units these examples use."""
    rows = sorted({int(r) for e in examples for r in e.seq.index})  # type: ignore[union-attr]
    local = {r: i for i, r in enumerate(rows)}
    seqs = []
    for e in examples:
        assert e.seq is not None
        remapped = np.array([local[int(r)] for r in e.seq.index], np.int64)
        seqs.append(dataclasses.replace(e.seq, index=remapped))
    b = pack([table.states[r] for r in rows], seqs)
    s = b.sequences
    return (
        torch.from_numpy(b.tokens),
        torch.from_numpy(b.token_mask),
        torch.from_numpy(s.index),
        torch.from_numpy(s.types),
        torch.from_numpy(s.features),
        torch.from_numpy(s.globals),
    )


def swapped(
    answer: Example,
    question: Example,
    table: UnitTable,
    cfg: Config,
    description: bool = False,
    misfit: bool = False,
) -> Example:
    """``answer`` given to the question of ``question``: an off-topic example (labelled at
    most ``cfg.swap_label``), or with ``misfit`` one read as :data:`FIT_STYLE` and not scored.
    With ``description``, an answer that came with a job description comes with that
    question's instead (one that came without stays without)."""
    requirements = answer.item.requirements
    if description and requirements:
        requirements = question.item.requirements
    item = dataclasses.replace(
        answer.item,
        question=question.item.question,
        parts=question.item.parts,
        references=question.item.references,
        technical=question.item.technical,
        requirements=requirements,
    )
    rows = [table.rows[t] for t in item.texts]
    return dataclasses.replace(
        answer,
        id=f"{answer.id}>{question.question}",
        item=item,
        label=min(answer.label, cfg.swap_label),
        style=FIT_STYLE if misfit else "off_topic",
        weight=cfg.misfit_weight if misfit else cfg.swap_weight,
        score_weight=0.0 if misfit else 1.0,
        seq=sequence(item, rows, table.means, table.tokens),
    )


def general(answer: Example, question: str, table: UnitTable) -> Example:
    """``answer`` given to a general question it answers (:data:`GENERAL_QUESTIONS`): read as
    its own style, not scored."""
    text, parts = question_units(question)
    item = dataclasses.replace(
        answer.item, question=text, parts=parts, references=(), technical=False
    )
    rows = [table.rows[t] for t in item.texts]
    return dataclasses.replace(
        answer,
        id=f"{answer.id}>general",
        item=item,
        score_weight=0.0,
        seq=sequence(item, rows, table.means, table.tokens),
    )


def general_texts(questions: Sequence[str] = GENERAL_QUESTIONS) -> list[str]:
    """The unit texts of general questions (the questions and their parts)."""
    texts = set()
    for question in questions:
        text, parts = question_units(question)
        texts |= {text, *parts}
    return sorted(texts)


def batches(
    examples: list[Example],
    semeval: list[Example],
    cfg: Config,
    rng: random.Random,
    table: UnitTable | None = None,
) -> list[list[Example]]:
    """One epoch: each role's answers in ``role_batches`` batches, plus sampled SemEval batches.

    With a ``table`` and ``cfg.swap_rate`` or ``cfg.cross_rate``, some good answers are also
    given to another question of their role, or of another role, as off-topic examples.
    """
    by_role: dict[str, list[Example]] = {}
    for e in examples:
        by_role.setdefault(e.role, []).append(e)
    pool = question_pool(examples) if table is not None else []
    out: list[list[Example]] = []
    for role in sorted(by_role):
        group = list(by_role[role])
        questions = {e.question: e for e in group}
        if table is not None and cfg.swap_rate > 0 and len(questions) > 1:
            for e in list(group):
                if e.label >= cfg.swap_min_label and rng.random() < cfg.swap_rate:
                    other = rng.choice(sorted(q for q in questions if q != e.question))
                    group.append(swapped(e, questions[other], table, cfg))
        if table is not None and (cfg.misfit_rate > 0 or cfg.general_rate > 0):
            group += misfits(by_role[role], questions, pool, table, cfg, rng)
        if table is not None and cfg.cross_rate > 0:
            for e in list(by_role[role]):
                if e.label >= cfg.swap_min_label and rng.random() < cfg.cross_rate:
                    elsewhere = [
                        q for q in pool if q.role != role and q.item.technical == e.item.technical
                    ]
                    if elsewhere:
                        group.append(swapped(e, rng.choice(elsewhere), table, cfg, True))
        rng.shuffle(group)
        out += [group[i :: cfg.role_batches] for i in range(cfg.role_batches)]
    if semeval:
        chosen = sorted(
            rng.sample(semeval, min(len(semeval), cfg.semeval_per_epoch)), key=lambda e: e.question
        )
        out += [chosen[i : i + cfg.semeval_batch] for i in range(0, len(chosen), cfg.semeval_batch)]
    rng.shuffle(out)
    return [b for b in out if b]


def misfits(
    answers: list[Example],
    questions: dict[str, Example],
    pool: list[Example],
    table: UnitTable,
    cfg: Config,
    rng: random.Random,
) -> list[Example]:
    """One role's good answers given to questions they do not answer (``cfg.misfit_rate``:
    half another role's question, with its job description, half another of their role's) and
    to general questions they do answer (``cfg.general_rate``, behavioural answers)."""
    out = []
    for e in answers:
        if e.label < cfg.swap_min_label or e.source != "train":
            continue
        if rng.random() < cfg.misfit_rate:
            mine = sorted(q for q in questions if q != e.question)
            if mine and rng.random() < 0.5:
                out.append(swapped(e, questions[rng.choice(mine)], table, cfg, misfit=True))
            else:
                elsewhere = [q for q in pool if q.role != e.role]
                out.append(swapped(e, rng.choice(elsewhere), table, cfg, True, misfit=True))
        if not e.item.technical and rng.random() < cfg.general_rate:
            out.append(general(e, rng.choice(GENERAL_QUESTIONS), table))
    return out


def question_pool(examples: Sequence[Example]) -> list[Example]:
    """One training example per question, one with the job description where there is one, in
    a fixed order."""
    pool: dict[str, Example] = {}
    for e in examples:
        if e.source != "train":
            continue
        kept = pool.get(e.question)
        if kept is None or len(e.item.requirements) > len(kept.item.requirements):
            pool[e.question] = e
    return [pool[q] for q in sorted(pool)]


def style_means(examples: list[Example], styles: list[str]) -> np.ndarray:
    """The mean label of each style in the training examples (50 for a style not seen)."""
    return np.array(
        [np.mean([e.label for e in examples if e.style == s] or [50.0]) for s in styles], np.float32
    )


@contextmanager
def deterministic() -> Iterator[None]:
    """Run a block with PyTorch's deterministic kernels, then restore the setting before.

    On two CPU threads the gradient of a row lookup (``units[index]``) is summed with atomic
    adds in whatever order the threads reach them: the same run twice differed by 0.45 points
    of regression output per answer (one fold, one seed). The deterministic kernel sums in a
    fixed order.
    """
    before = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True)
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(before)


@deterministic()
def fit(
    examples: list[Example],
    semeval: list[Example],
    table: UnitTable,
    styles: list[str],
    cfg: Config,
    seed: int,
    log: bool = True,
    twins: dict[str, list[Example]] | None = None,
    pads: dict[str, list[Example]] | None = None,
    polished: dict[str, list[Example]] | None = None,
) -> JudgeNet:
    """Train one network (fixed seed) on the examples and the SemEval answers.

    With ``twins`` (renderings of an answer, by its id) and ``cfg.twin_rate``, a consistency
    loss trains each twin drawn to score and read as its answer does; so, with ``pads`` and
    ``cfg.pad_rate``, does each padded copy drawn, and with ``polished`` and
    ``cfg.polished_rate`` each polished rewrite. The same call gives the same network, bit for
    bit, in every run (:func:`deterministic`).
    """
    torch.manual_seed(seed)
    rng = random.Random(seed)
    draw = random.Random(seed + 2)
    mean_labels = torch.from_numpy(style_means(examples, styles)) / 100
    if cfg.no_description_rate > 0:
        pick = random.Random(seed + 1)
        examples = examples + [
            without_description(e, table)
            for e in examples
            if e.source == "train" and pick.random() < cfg.no_description_rate
        ]
    index = {s: i for i, s in enumerate(styles)}
    model = JudgeNet(len(styles), cfg.d, cfg.layers, cfg.heads, cfg.pool_heads, cfg.dropout)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    per_epoch = len(batches(examples, semeval, cfg, random.Random(0)))
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, cfg.lr, total_steps=cfg.epochs * per_epoch, pct_start=cfg.warmup
    )
    start = time.time()
    for epoch in range(cfg.epochs):
        model.train()
        total = 0.0
        for batch in batches(examples, semeval, cfg, rng, table):
            drawn = _draw(batch, twins, cfg.twin_rate, draw)
            drawn += _draw(batch, pads, cfg.pad_rate, draw)
            drawn += _draw(batch, polished, cfg.polished_rate, draw)
            scores, all_logits = model(*tensors(batch + [t for _, t in drawn], table))
            score, logits = scores[: len(batch)], all_logits[: len(batch)]
            y = torch.tensor([e.label / 100 for e in batch])
            w = torch.tensor([e.weight for e in batch])
            sw = torch.tensor([e.score_weight for e in batch])
            target = torch.tensor([index.get(e.style or "", -100) for e in batch])
            ce = nn.functional.cross_entropy(logits, target, reduction="none", ignore_index=-100)
            labelled = max(int((target >= 0).sum()), 1)
            regression = (w * sw * (score - y) ** 2).mean()
            loss = regression + cfg.style_weight * (w * ce).sum() / labelled
            if cfg.final_weight:
                sharp = torch.softmax(logits / cfg.temperature, 1)
                final = mixed(score, sharp, mean_labels, cfg.mix)
                loss = loss + cfg.final_weight * (w * sw * (final - y) ** 2).mean()
            if drawn:
                answers = [i for i, _ in drawn]
                twin_loss = consistency(scores, all_logits, answers, len(batch), mean_labels, cfg)
                loss = loss + cfg.twin_weight * twin_loss
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        if log and (epoch % 4 == 3 or epoch == cfg.epochs - 1):
            print(
                f"  seed {seed} epoch {epoch + 1}: loss {total / per_epoch:.4f} "
                f"({time.time() - start:.0f} s)",
                flush=True,
            )
    return model.eval()


def _draw(
    batch: Sequence[Example],
    made: Mapping[str, list[Example]] | None,
    rate: float,
    draw: random.Random,
) -> list[tuple[int, Example]]:
    """One of ``made[e.id]`` for each answer ``e`` of ``batch`` that has some, at ``rate``: its
    position in the batch and the copy drawn."""
    return [
        (i, draw.choice(made[e.id]))
        for i, e in enumerate(batch)
        if made and made.get(e.id) and draw.random() < rate
    ]


def mixed(score: Tensor, probs: Tensor, means: Tensor, mix: float) -> Tensor:
    """A score (0-1) as ``final_scores`` mixes it at run time: ``(1 - mix)`` times the
    regression output plus ``mix`` times the expected style mean under ``probs`` (sharpened by
    the caller, or not; no style left out)."""
    return (1 - mix) * score + mix * probs @ means


def consistency(
    score: Tensor, logits: Tensor, answers: list[int], n: int, means: Tensor, cfg: Config
) -> Tensor:
    """Squared gap of mixed scores (0-1) and KL divergence of style probabilities between each
    twin (rows ``n`` on) and its answer (rows ``answers``), the answers' side held fixed."""
    probs = torch.softmax(logits, 1)
    final = mixed(score, probs, means, cfg.mix)
    at = torch.tensor(answers)
    gap = ((final[n:] - final[at].detach()) ** 2).mean()
    target = probs[at].detach()
    log_twin = torch.log_softmax(logits[n:], 1)
    kl = (target * (torch.log(target.clamp_min(1e-8)) - log_twin)).sum(1).mean()
    return gap + cfg.style_weight * kl


def predict(
    model: nn.Module,
    examples: list[Example],
    table: UnitTable,
    means: np.ndarray,
    cfg: Config,
    styles: Sequence[str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores (0-100), style probabilities and regression outputs (0-100), as at run time
    (each example's ``left_out`` styles, of ``styles``, not counted in its score)."""
    if not examples:
        return np.zeros(0), np.zeros((0, len(means))), np.zeros(0)
    ensemble = model if isinstance(model, Ensemble) else Ensemble([model])  # type: ignore[list-item]
    scores, probs = [], []
    with torch.no_grad():
        for i in range(0, len(examples), 50):
            s, p = ensemble(*tensors(examples[i : i + 50], table))
            scores.append(s.numpy())
            probs.append(p.numpy())
    raw, prob = np.concatenate(scores), np.concatenate(probs)
    left_out = np.array([score_mask(styles, e.left_out) for e in examples])
    final = final_scores(raw, prob, means.astype(np.float32), cfg.mix, cfg.temperature, left_out)
    return final, prob, 100 * raw


def export(model: Ensemble, examples: list[Example], table: UnitTable, directory: Path) -> None:
    """Write ``units.onnx`` and ``head.onnx`` with dynamic axes, and check them against torch.

    The run time computes each text's unit vectors once (``units.onnx``) and keeps them, so the
    questions, reference points and requirements shared by many answers are pooled once. The
    files replace those in ``directory`` only once checked.
    """
    with tempfile.TemporaryDirectory(dir=directory) as tmp:
        _export(model, examples, table, Path(tmp))
        check_export(model, examples[:40], table, Path(tmp))
        for name in ("units.onnx", "head.onnx"):
            (Path(tmp) / name).replace(directory / name)


def _export(model: Ensemble, examples: list[Example], table: UnitTable, directory: Path) -> None:
    tokens, mask, index, types, features, globals = tensors(examples[:3], table)
    with torch.no_grad():
        units = model.units(tokens, mask)
    sequence_axes = {0: "answers", 1: "sequence"}
    torch.onnx.export(
        UnitsPart(model).eval(),
        (tokens, mask),
        str(directory / "units.onnx"),
        input_names=["tokens", "token_mask"],
        output_names=["units"],
        dynamic_axes={
            "tokens": {0: "units", 1: "tokens"},
            "token_mask": {0: "units", 1: "tokens"},
            "units": {1: "units"},
        },
        opset_version=17,
        dynamo=False,
    )
    torch.onnx.export(
        HeadPart(model).eval(),
        (units, index, types, features, globals),
        str(directory / "head.onnx"),
        input_names=["units", "index", "types", "features", "globals"],
        output_names=["score", "style_probs"],
        dynamic_axes={
            "units": {1: "units"},
            "index": sequence_axes,
            "types": sequence_axes,
            "features": sequence_axes,
            "globals": {0: "answers"},
            "score": {0: "answers"},
            "style_probs": {0: "answers"},
        },
        opset_version=17,
        dynamo=False,
    )


def check_export(
    model: Ensemble, examples: list[Example], table: UnitTable, directory: Path
) -> None:
    """Fail unless the two ONNX parts give torch's outputs on ``examples``."""
    import onnxruntime as ort

    tokens, mask, index, types, features, globals = tensors(examples, table)
    model.eval()
    with torch.no_grad():
        want_score, want_probs = model(tokens, mask, index, types, features, globals)
    parts = [ort.InferenceSession(str(directory / f)) for f in ("units.onnx", "head.onnx")]
    (units,) = parts[0].run(None, {"tokens": tokens.numpy(), "token_mask": mask.numpy()})
    feed = {"units": units, "index": index.numpy(), "types": types.numpy()}
    feed |= {"features": features.numpy(), "globals": globals.numpy()}
    score, probs = parts[1].run(None, feed)
    gap = max(
        float(np.abs(score - want_score.numpy()).max()),
        float(np.abs(probs - want_probs.numpy()).max()),
    )
    if gap > 1e-4:
        raise RuntimeError(f"the exported judge differs from torch by {gap:.2e}")
