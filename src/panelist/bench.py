"""Quality benchmark: run an engine over a graded JSONL file and report agreement.

Two kinds of file are understood. Graded interview answers carry a 0-100 ``score`` (and
optionally ``style`` / ``intended_quality``): the report gives Pearson, Spearman, quadratic
weighted kappa on the six levels, MAE, the standardised mean difference and mean scores per
group. SemEval-style files carry ``label_2way``: the report gives ROC AUC and macro-F1 for
``correct`` against the rest.
"""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from panelist.aggregate import CHECK_SCORE, noted
from panelist.engines.base import Engine, EvaluationRequest
from panelist.errors import InputError, PanelistError
from panelist.loaders import parse_line
from panelist.models import Anchor
from panelist.quality import (
    LEVEL_NAMES,
    agreement,
    best_threshold_f1,
    level,
    macro_f1,
    partial_spearman,
    roc_auc,
    spearman,
)
from panelist.textfiles import read_lines

#: Score given to SemEval anchors by label, on the Panelist scale.
SEMEVAL_ANCHOR_SCORES = {"correct": 90, "incorrect": 20, "contradictory": 10}
#: Anchors drawn per question, and the seed that makes the draw repeatable.
MAX_ANCHORS = 40
SEED = 13
#: Scores at or above this count as "correct" for macro-F1.
PASS_MARK = 55


def load_graded(
    path: Path, limit: int | None = None
) -> list[tuple[dict[str, Any], EvaluationRequest]]:
    """The lines of a graded file (labels checked) with their requests."""
    rows = []
    semeval: bool | None = None
    for line in read_lines(path):
        if line.text is None:
            raise InputError(f"{path}, {line.error}")
        if not line.text.strip():
            continue
        parsed = parse_line(line.text, line.number)
        if parsed.item is None:
            raise InputError(f"{path}, {parsed.error}")
        data = json.loads(line.text)
        semeval = "label_2way" in data if semeval is None else semeval
        _check_label(data, semeval, f"{path}, line {line.number}")
        rows.append((data, parsed.item.request()))
        if limit and len(rows) >= limit:
            break
    return rows


def _check_label(data: dict[str, Any], semeval: bool, where: str) -> None:
    """Refuse a line without the label the benchmark compares against."""
    if semeval:
        for key, known in (("label_2way", ("correct", "incorrect")), ("label_3way", None)):
            value = data.get(key)
            if value is None or (known and value not in known):
                raise InputError(f"{where}: SemEval line without a valid {key!r} label")
        if data["label_3way"] not in SEMEVAL_ANCHOR_SCORES:
            raise InputError(f"{where}: unknown label_3way {data['label_3way']!r}")
        return
    value = data.get("score")
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise InputError(
            f"{where}: no label: 'bench' needs a graded file, with a 0-100 'score' on every "
            "line (or SemEval's 'label_2way'); to score answers without labels use "
            "'panelist score'"
        )


def _with_anchors(rows: list[tuple[dict[str, Any], EvaluationRequest]]) -> list[EvaluationRequest]:
    """Each request with other answers to the same question as anchors (never itself)."""
    by_question: dict[str, list[int]] = defaultdict(list)
    for i, (_, request) in enumerate(rows):
        by_question[request.question.id].append(i)
    rng = random.Random(SEED)
    out = []
    for i, (_, request) in enumerate(rows):
        others = [j for j in by_question[request.question.id] if j != i]
        rng.shuffle(others)
        anchors = [
            Anchor(answer=rows[j][1].answer, score=SEMEVAL_ANCHOR_SCORES[rows[j][0]["label_3way"]])
            for j in others[:MAX_ANCHORS]
            if rows[j][1].answer.strip()
        ]
        question = request.question.model_copy(update={"anchors": anchors})
        out.append(request.model_copy(update={"question": question}))
    return out


def _scores(engine: Engine, requests: list[EvaluationRequest]) -> tuple[list[float], list[bool]]:
    """Each answer's score, and whether it carries a note on the score for a reviewer."""
    scores, notes = [], []
    for result in engine.evaluate_many(requests):
        if isinstance(result, PanelistError):
            raise result
        scores.append(float(result.score))
        notes.append(noted(result))
    return scores, notes


def run_bench(path: Path, engine: Engine, anchors: bool = False, limit: int | None = None) -> str:
    """Run ``engine`` over ``path`` and return the printed report."""
    rows = load_graded(path, limit)
    if not rows:
        raise InputError(f"{path}: no items")
    semeval = "label_2way" in rows[0][0]
    requests = _with_anchors(rows) if anchors and semeval else [r for _, r in rows]
    started = time.perf_counter()
    scores, notes = _scores(engine, requests)
    elapsed = time.perf_counter() - started
    header = (
        f"{path.name}: {len(rows)} items, engine {engine.name}, {len(rows) / elapsed:.1f} answers/s"
    )
    if semeval:
        return "\n".join(
            [header + (", anchors from other answers" if anchors else ""), _semeval(rows, scores)]
        )
    return "\n".join([header, _graded(rows, scores), _noted(rows, scores, notes)])


def _noted(
    rows: list[tuple[dict[str, Any], EvaluationRequest]], scores: list[float], notes: list[bool]
) -> str:
    """How far off the answers with a note on the score for a reviewer are, against the rest."""
    off = [abs(s - float(data["score"])) for (data, _), s in zip(rows, scores, strict=True)]
    sides = [[x for x, n in zip(off, notes, strict=True) if n == flag] for flag in (True, False)]
    line = f"noted for a reviewer ({CHECK_SCORE}): {len(sides[0])} of {len(off)}"
    if not sides[0] or not sides[1]:
        return line
    mae = [sum(side) / len(side) for side in sides]
    far = [sum(x > 15 for x in side) / len(side) for side in sides]
    return (
        f"{line}, MAE {mae[0]:.1f} against {mae[1]:.1f} for the others; off by more than 15 "
        f"points: {far[0]:.0%} against {far[1]:.0%}"
    )


def _semeval(rows: list[tuple[dict[str, Any], EvaluationRequest]], scores: list[float]) -> str:
    positive = [data["label_2way"] == "correct" for data, _ in rows]
    threshold, best = best_threshold_f1(scores, positive)
    passed = [s >= PASS_MARK for s in scores]
    lines = [
        f"ROC AUC (correct vs rest): {roc_auc(scores, positive):.3f}",
        f"macro-F1 at score >= {PASS_MARK}: {macro_f1(passed, positive):.3f}",
        f"macro-F1 at the best threshold ({threshold:.0f}, for reference): {best:.3f}",
        "mean score by label:",
    ]
    groups: dict[str, list[float]] = defaultdict(list)
    for (data, _), s in zip(rows, scores, strict=True):
        groups[data["label_3way"]].append(s)
    lines += [
        f"  {k:14s} n={len(v):5d} mean={sum(v) / len(v):5.1f}" for k, v in sorted(groups.items())
    ]
    return "\n".join(lines)


def _graded(rows: list[tuple[dict[str, Any], EvaluationRequest]], scores: list[float]) -> str:
    labels = [float(data["score"]) for data, _ in rows]
    lengths = [float(len(r.answer.split())) for _, r in rows]
    figures = agreement(scores, labels)
    lines = [
        f"Pearson {figures['pearson']:.3f}  Spearman {figures['spearman']:.3f}  "
        f"QWK {figures['qwk']:.3f}  MAE {figures['mae']:.1f}  SMD {figures['smd']:+.3f}",
        f"partial Spearman given answer length {partial_spearman(scores, labels, lengths):.3f} "
        f"(length alone {spearman(lengths, labels):.3f})",
    ]
    exact = sum(level(s) == level(t) for s, t in zip(scores, labels, strict=True)) / len(labels)
    lines.append(f"level agreement: {exact:.0%} exact ({', '.join(LEVEL_NAMES)})")
    for field in ("style", "intended_quality", "question_type"):
        groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for (data, _), s, t in zip(rows, scores, labels, strict=True):
            if data.get(field) is not None:
                groups[str(data[field])].append((s, t))
        if not groups:
            continue
        lines.append(f"mean score by {field} (engine / label):")
        for name, pairs in sorted(
            groups.items(), key=lambda kv: sum(t for _, t in kv[1]) / len(kv[1])
        ):
            engine_mean = sum(s for s, _ in pairs) / len(pairs)
            label_mean = sum(t for _, t in pairs) / len(pairs)
            lines.append(f"  {name:22s} n={len(pairs):3d}  {engine_mean:5.1f} / {label_mean:5.1f}")
    return "\n".join(lines)
