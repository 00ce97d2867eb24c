"""Graded answers as judge inputs, with the token states of every unit computed once."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from panelist.engines.judge.engine import unconfirmed_styles
from panelist.errors import InputError
from panelist.guard import check
from panelist.judge.encoder import TokenEncoder, data_file
from panelist.judge.features import (
    Floats,
    Floats16,
    UnitSequence,
    sequence,
    token_directions,
    unit_mean,
)
from panelist.judge.inputs import JudgeInput, build_input
from panelist.loaders import BatchItem, read_batch

#: Dev-set style names that mean a training style.
STYLE_ALIASES = {
    "blaming_others": "blames_others",
    "concise_star": "strong",
    "star_metrics": "exemplary",
    "strong_no_metrics": "strong",
    "technical_thorough": "expert_thorough",
    "junior_project": "junior_small_scale",
    "technical_partial": "partial",
    "technical_concise": "correct_concise",
    "concise_technical": "correct_concise",
}


@dataclass
class Example:
    """A graded answer: its input, label (0-100), style, group for splits and loss weight."""

    id: str
    item: JudgeInput
    label: float
    style: str | None
    role: str
    question: str
    weight: float
    source: str
    extra: dict[str, object]
    seq: UnitSequence | None = None
    #: Styles left out of its score, as at run time (``unconfirmed_styles`` of its guard).
    left_out: tuple[str, ...] = ()
    #: Weight of its score in the loss, next to ``weight`` (0: only its style is learnt).
    score_weight: float = 1.0


def read_examples(
    path: Path,
    source: str,
    weight: float = 1.0,
    scores: dict[str, float] | None = None,
    styles: dict[str, str] | None = None,
) -> list[Example]:
    """Examples of a graded JSONL file (``scores`` and ``styles`` map SemEval's 3-way labels to
    labels and to the training data's styles)."""
    if not path.is_file():
        raise InputError(f"{path}: not found (the training data lives in ../shared/data)")
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for line in read_batch(path):
        if line.item is None:
            raise InputError(f"{path}: {line.error}")
        raw = json.loads(lines[line.number - 1])
        label = raw.get("score")
        if label is None and scores is not None:
            label = scores[raw["label_3way"]]
        if label is None:
            raise InputError(f"{path}: line {line.number}: no label")
        style = raw.get("style") or (styles or {}).get(raw.get("label_3way", ""))
        request = line.item.request()
        out.append(
            Example(
                id=line.item.id,
                item=build_input(request),
                label=float(label),
                style=STYLE_ALIASES.get(style, style) if style else None,
                role=str(raw.get("role") or source),
                question=request.question.id,
                weight=weight,
                source=source,
                extra={k: raw[k] for k in ("label_2way", "label_3way", "style") if k in raw},
                left_out=unconfirmed_styles(check(request.answer)),
            )
        )
    return out


def read_records(path: Path) -> dict[str, dict[str, Any]]:
    """The raw JSONL records of a graded file, by id."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {str(r["id"]): r for r in map(json.loads, filter(str.strip, lines))}


def with_answer(
    example: Example, record: dict[str, Any], answer: str, name: str, scored: bool = True
) -> Example:
    """``example`` with another answer (``record`` is its raw line), as example ``id-name``.

    ``scored``: its score is read as at run time, so the guard decides its left-out styles
    (a training twin, never scored, keeps its answer's).
    """
    fields = {k: v for k, v in record.items() if k in BatchItem.model_fields}
    item = build_input(BatchItem(**(fields | {"answer": answer})).request())
    return dataclasses.replace(
        example,
        id=f"{example.id}-{name}",
        item=item,
        source=name,
        seq=None,
        left_out=unconfirmed_styles(check(answer)) if scored else example.left_out,
    )


def without_description(example: Example, table: UnitTable) -> Example:
    """The example as if it came without a job description (no requirement units)."""
    item = dataclasses.replace(example.item, requirements=())
    copy = dataclasses.replace(example, id=f"{example.id}-no-description", item=item)
    copy.seq = sequence(item, [table.rows[t] for t in item.texts], table.means, table.tokens)
    return copy


class UnitTable:
    """Every unit text of the examples with its token states (from the shipped encoder, kept in
    float16 in ``cache_dir`` between runs)."""

    def __init__(
        self,
        examples: list[Example],
        cache_dir: Path,
        encoder: Path | None = None,
        extra: Sequence[str] = (),
    ) -> None:
        """``extra``: further texts (general questions), encoded afresh in every run and added
        after the cached ones, so that changing them does not re-encode every unit."""
        texts = sorted({t for e in examples for t in e.item.texts})
        self.rows = {t: i for i, t in enumerate(texts)}
        encoder_file = encoder or data_file("encoder.onnx")
        key = hashlib.sha256(encoder_file.read_bytes())
        key.update("\x00".join(texts).encode())
        path = cache_dir / f"units-{key.hexdigest()[:16]}.npz"
        if path.is_file():
            saved = np.load(path)
            flat, offsets = saved["states"].astype(np.float32), saved["offsets"]
        else:
            states = TokenEncoder(encoder_file).run(texts)
            offsets = np.zeros(len(texts) + 1, np.int64)
            offsets[1:] = np.cumsum([len(s) for s in states])
            # Kept in float16, and read back as kept: a run that encodes the units and one that
            # reads them from the cache train on the same states.
            flat = np.concatenate(states).astype(np.float16)
            cache_dir.mkdir(parents=True, exist_ok=True)
            np.savez(path, states=flat, offsets=offsets)
            flat = flat.astype(np.float32)
        self.states = [flat[offsets[i] : offsets[i + 1]] for i in range(len(texts))]
        added = sorted(set(extra) - set(self.rows))
        if added:
            fresh = TokenEncoder(encoder_file).run(added)
            self.states += [s.astype(np.float16).astype(np.float32) for s in fresh]
            self.rows |= {t: len(texts) + i for i, t in enumerate(added)}
        self.means: Floats = np.stack([unit_mean(s) for s in self.states])
        self.tokens: list[Floats16] = [token_directions(s) for s in self.states]
        for e in examples:
            rows = [self.rows[t] for t in e.item.texts]
            e.seq = sequence(e.item, rows, self.means, self.tokens)


class HasRole(Protocol):
    """Anything split by role: a graded example, a rendered transcript."""

    @property
    def role(self) -> str: ...


def role_folds(examples: Sequence[HasRole], folds: int, seed: int) -> list[set[str]]:
    """Roles per test fold: every role in exactly one fold (a grouped split, as code)."""
    roles = sorted({e.role for e in examples})
    random.Random(seed).shuffle(roles)
    return [set(roles[f::folds]) for f in range(folds)]


def question_folds(examples: list[Example], folds: int, seed: int) -> list[set[str]]:
    """Questions per test fold, for SemEval (grouped by question)."""
    questions = sorted({e.question for e in examples})
    random.Random(seed).shuffle(questions)
    return [set(questions[f::folds]) for f in range(folds)]
