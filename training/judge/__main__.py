"""Train the judge: ``python -m training.judge [--cv] [--seeds N] [--epochs N]``.

Without ``--cv`` it trains on every training role plus the SemEval answers and writes
``units.onnx``, ``head.onnx``, ``judge.json`` and ``metrics.json`` next to ``encoder.onnx``.
With ``--cv`` it measures the same recipe by cross-validation grouped by role (SemEval grouped
by question).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import subprocess
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from panelist import boundaries as cut
from panelist.counterfactual import KINDS, chosen, render, summary
from panelist.engines.judge.feedback import split_reading
from panelist.judge.encoder import data_file
from panelist.judge.model import FIT_STYLE
from panelist.quality import describe, roc_auc
from training.boundaries import ROOT, transcripts
from training.boundaries import fit as fit_boundaries
from training.judge.config import GENERAL_QUESTIONS, SEMEVAL_STYLES, SHARED, Config
from training.judge.data import (
    Example,
    UnitTable,
    question_folds,
    read_examples,
    read_records,
    role_folds,
    with_answer,
    without_description,
)
from training.judge.fit import export, fit, general_texts, predict, style_means
from training.judge.moved import GENERAL_PROBES, moved_answers, moved_summary
from training.judge.network import Ensemble
from training.judge.twins import Cutter, cutter_for, padded, polished_twins, twins

VERSION = "1.12"

#: A counterfactual pair: the baseline side and the changed side of one answer.
Pair = tuple[Example, Example]


def load(cfg: Config) -> tuple[list[Example], list[Example], list[Example]]:
    """Training, dev and SemEval examples."""
    scores = dict(cfg.semeval_scores)
    train = read_examples(cfg.train, "train")
    dev = read_examples(cfg.dev, "dev")
    styles = dict(cfg.semeval_styles)
    semeval = [
        e
        for p in cfg.semeval
        for e in read_examples(p, "semeval", cfg.semeval_weight, scores, styles)
    ]
    return train, dev, semeval


def cutters(cfg: Config, train: list[Example], records: dict[str, dict[str, Any]]) -> list[Cutter]:
    """A boundary model per role fold, trained on the transcripts of the other folds' roles."""
    folds = role_folds(train, cfg.folds, cfg.split_seed)
    rendered = transcripts(list(records.values()))
    return [(f, fit_boundaries([t for t in rendered if t.role not in f])) for f in folds]


def counterfactual_pairs(
    train: list[Example], records: dict[str, dict[str, Any]], models: list[Cutter]
) -> dict[str, list[Pair]]:
    """The pairs of ``benchmarks/fairness.py`` (``panelist.counterfactual``), by kind.

    A transcript is cut into sentences by a boundary model trained without its role's answers
    (the fold's), as the shipped one would cut a new role's.
    """
    rows = list(records.values())
    by_id = {e.id: e for e in train}
    out: dict[str, list[Pair]] = {kind: [] for kind in KINDS}
    for record in chosen(rows):
        example = by_id[str(record["id"])]
        with cut.using(cutter_for(example.role, models)):
            for kind in KINDS:
                left, right = render(kind, record)
                out[kind].append(
                    (
                        with_answer(example, record, left, f"{kind}:left"),
                        with_answer(example, record, right, f"{kind}:right"),
                    )
                )
    return out


def figures(name: str, pred: np.ndarray, examples: list[Example]) -> str:
    """The agreement report of predictions on graded examples."""
    return describe(
        name,
        list(pred),
        [e.label for e in examples],
        [float(e.item.words) for e in examples],
        [e.style or "?" for e in examples],
    )


def semeval_auc(pred: np.ndarray, examples: list[Example]) -> float:
    """ROC AUC of "correct" (2-way) against the rest."""
    return roc_auc(list(pred), [e.extra.get("label_2way") == "correct" for e in examples])


def ensemble(
    train: list[Example],
    semeval: list[Example],
    table: UnitTable,
    styles: list[str],
    cfg: Config,
    seeds: tuple[int, ...],
    twins: dict[str, list[Example]] | None = None,
    pads: dict[str, list[Example]] | None = None,
    polished: dict[str, list[Example]] | None = None,
) -> Ensemble:
    """One network per seed, averaged."""
    return Ensemble(
        [
            fit(train, semeval, table, styles, cfg, seed, twins=twins, pads=pads, polished=polished)
            for seed in seeds
        ]
    )


def cross_validate(
    cfg: Config,
    train: list[Example],
    semeval: list[Example],
    pairs: dict[str, list[Pair]],
    table: UnitTable,
    styles: list[str],
    out: Path,
    only: int | None = None,
    twins: dict[str, list[Example]] | None = None,
    pads: dict[str, list[Example]] | None = None,
    polished: dict[str, list[Example]] | None = None,
) -> None:
    """Grouped CV on the training roles; SemEval test questions never seen in training.

    The counterfactual ``pairs`` of held-out roles are scored by the fold's model too.
    """
    changes: dict[str, list[float]] = {kind: [] for kind in pairs}
    # Each pair's outputs, both sides, so that a calibration can be checked on them too.
    pair_outputs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in pairs}
    pred = np.full(len(train), np.nan)
    bare = np.full(len(train), np.nan)  # the same answers without their job description
    probs = np.zeros((len(train), len(styles)))
    raw = np.zeros(len(train))
    fold_means = np.zeros((len(train), len(styles)))
    sem_pred = np.full(len(semeval), np.nan)
    sem_raw = np.full(len(semeval), np.nan)
    sem_probs = np.zeros((len(semeval), len(styles)))
    sem_means = np.zeros((len(semeval), len(styles)))
    moved_scores: dict[str, dict[str, float]] = {}
    moved_off: dict[str, list[float]] = {}
    moved_fit: dict[str, list[float]] = {}
    off_topic = styles.index("off_topic") if "off_topic" in styles else None
    misfit = styles.index(FIT_STYLE) if FIT_STYLE in styles else None
    role_sets = role_folds(train, cfg.folds, cfg.split_seed)
    question_sets = question_folds(semeval, cfg.folds, cfg.split_seed)
    for f, (roles, questions) in enumerate(zip(role_sets, question_sets, strict=True)):
        if only is not None and f != only:
            continue
        fold_train = [e for e in train if e.role not in roles]
        fold_sem = [e for e in semeval if e.question not in questions]
        model = ensemble(
            fold_train, fold_sem, table, styles, cfg, cfg.cv_seeds, twins, pads, polished
        )
        means = style_means(fold_train, styles)
        test = [i for i, e in enumerate(train) if e.role in roles]
        pred[test], probs[test], raw[test] = predict(
            model, [train[i] for i in test], table, means, cfg, styles
        )
        fold_means[test] = means
        alone = [without_description(train[i], table) for i in test]
        bare[test] = predict(model, alone, table, means, cfg, styles)[0]
        for kind, kind_pairs in pairs.items():
            held = [p for p in kind_pairs if p[0].role in roles]
            if held:
                left = predict(model, [p[0] for p in held], table, means, cfg, styles)
                right = predict(model, [p[1] for p in held], table, means, cfg, styles)
                changes[kind] += list(np.round(right[0]) - np.round(left[0]))
                pair_outputs[kind] += [
                    {
                        "id": pair[0].id,
                        "style_means": _rounded(means, 3),
                        "sides": [
                            {
                                "regression": round(float(side[2][j]), 3),
                                "style_probs": _rounded(side[1][j], 5),
                                "left_out": _indexes(example.left_out, styles),
                            }
                            for side, example in zip((left, right), pair, strict=True)
                        ],
                    }
                    for j, pair in enumerate(held)
                ]
        for kind, answers in moved_answers([train[i] for i in test], table, cfg).items():
            scored, read, _ = predict(model, answers, table, means, cfg, styles)
            moved_scores.setdefault(kind, {}).update(
                {e.id: float(x) for e, x in zip(answers, scored, strict=True)}
            )
            if off_topic is not None:
                moved_off.setdefault(kind, []).extend(float(x) for x in read[:, off_topic])
            if misfit is not None:
                moved_fit.setdefault(kind, []).extend(float(x) for x in read[:, misfit])
        stest = [i for i, e in enumerate(semeval) if e.question in questions]
        sem_pred[stest], sem_probs[stest], sem_raw[stest] = predict(
            model, [semeval[i] for i in stest], table, means, cfg, styles
        )
        sem_means[stest] = means
        print(
            figures(f"fold {f}", pred[test], [train[i] for i in test]).splitlines()[0], flush=True
        )
    done = [i for i in range(len(train)) if not np.isnan(pred[i])]
    report = figures("cross-validation grouped by role", pred[done], [train[i] for i in done])
    no_jd = figures(
        "the same, answers without their job description", bare[done], [train[i] for i in done]
    )
    report += "\n" + no_jd.splitlines()[0]
    report += "\n" + split_summary(
        [train[i] for i in done], pred[done], probs[done], fold_means[done], styles
    )
    sem_done = [i for i in range(len(semeval)) if not np.isnan(sem_pred[i])]
    if sem_done:
        graded = [semeval[i] for i in sem_done]
        report += (
            f"\nSemEval, questions unseen in training: n={len(sem_done)} "
            f"AUC {semeval_auc(sem_pred[sem_done], graded):.3f} "
            f"(regression alone {semeval_auc(sem_raw[sem_done], graded):.3f})"
        )
    report += "\n" + moved_summary(
        {kind: list(scores.values()) for kind, scores in moved_scores.items()},
        moved_off,
        moved_fit if misfit is not None else None,
    )
    if misfit is not None:
        read = probs[done, misfit] >= 0.5
        report += (
            f"\nread as an answer to another question (p >= 0.5), out of fold: "
            f"{read.mean():.1%} of all answers, "
            f"{read[[train[i].label >= cfg.swap_min_label for i in done]].mean():.1%} of those "
            f"rated {cfg.swap_min_label:.0f} or more, "
            f"{read[[train[i].style == 'off_topic' for i in done]].mean():.1%} of off-topic ones"
        )
    for kind, moved in changes.items():
        if moved:
            report += f"\ncounterfactual, {kind}, out of fold: n={len(moved)} {summary(moved)}"
    print(report)
    out.write_text(
        json.dumps(
            {
                "report": report,
                "config": recorded(cfg),
                "predictions": {train[i].id: round(float(pred[i]), 2) for i in done},
                "out_of_fold": {
                    train[i].id: {
                        "regression": round(float(raw[i]), 3),
                        "style_probs": _rounded(probs[i], 5),
                        "style_means": _rounded(fold_means[i], 3),
                        "left_out": _indexes(train[i].left_out, styles),
                    }
                    for i in done
                },
                "pairs": pair_outputs,
                "moved": {
                    kind: {i: round(x, 2) for i, x in scores.items()}
                    for kind, scores in moved_scores.items()
                },
                "semeval": {
                    semeval[i].id: {
                        "score": round(float(sem_pred[i]), 2),
                        "regression": round(float(sem_raw[i]), 3),
                        "style_probs": _rounded(sem_probs[i], 5),
                        "style_means": _rounded(sem_means[i], 3),
                        "left_out": _indexes(semeval[i].left_out, styles),
                    }
                    for i in sem_done
                },
            },
            indent=1,
        )
        + "\n"
    )


def split_summary(
    examples: list[Example],
    pred: np.ndarray,
    probs: np.ndarray,
    means: np.ndarray,
    styles: list[str],
) -> str:
    """How far off the answers read two ways (the split-reading note of the feedback) are,
    against the others."""
    split = np.array(
        [
            split_reading(
                dict(zip(styles, row.tolist(), strict=True)),
                dict(zip(styles, mean.tolist(), strict=True)),
                e.left_out,
            )
            is not None
            for e, row, mean in zip(examples, probs, means, strict=True)
        ]
    )
    off = np.abs(pred - np.array([e.label for e in examples]))
    line = f"read two ways (a good and a poor reading), out of fold: {split.sum()} answers"
    if not split.any() or split.all():
        return line
    return (
        f"{line} ({split.mean():.1%}), MAE {off[split].mean():.1f} against "
        f"{off[~split].mean():.1f}; off by more than 15 points: "
        f"{(off[split] > 15).mean():.0%} against {(off[~split] > 15).mean():.1%}"
    )


def _indexes(left_out: tuple[str, ...], styles: list[str]) -> list[int]:
    """Where the styles left out of an answer's score are in ``styles`` (for cv.json; a style
    the training data does not have is not there)."""
    return [styles.index(s) for s in left_out if s in styles]


def _rounded(values: np.ndarray, digits: int) -> list[float]:
    return [round(float(v), digits) for v in values]


def recorded(cfg: Config) -> dict[str, Any]:
    """``cfg`` as JSON, with the paths of the shared data (``shared/data/...``), of the
    checkout (relative to it) and of the home directory (``~/...``) written without the
    machine's part of them, so that the same training records the same settings wherever its
    checkout is."""
    shared, home = SHARED.parent, Path.home()
    bases = [(shared, shared.parent, Path()), (ROOT, ROOT, Path()), (home, home, Path("~"))]

    def where(value: object) -> object:
        if isinstance(value, tuple):
            return [where(v) for v in value]
        if not isinstance(value, Path):
            return value
        for under, base, shown in bases:
            if value.is_relative_to(under):
                return str(shown / value.relative_to(base))
        return str(value)

    fields = {f.name: where(getattr(cfg, f.name)) for f in dataclasses.fields(cfg)}
    return dict(json.loads(json.dumps(fields, default=str)))


def commit() -> str:
    """The commit the model is trained at, with ``+changes`` when tracked files differ from it
    or untracked Python files, which the code could import, are there (``unknown`` outside a
    git checkout)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    changed = [s for s in status if not s.startswith("??") or s.rstrip('"').endswith(".py")]
    return f"{head}+changes" if changed else head


def digest(paths: list[Path]) -> str:
    """A short hash of the training data files."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def main() -> None:
    parser = argparse.ArgumentParser(description="Train Panelist's learned judge.")
    parser.add_argument("--cv", action="store_true", help="grouped cross-validation only")
    parser.add_argument("--seeds", type=int, help="networks averaged (seeds 0..N-1), in --cv too")
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--folds", type=int)
    parser.add_argument("--train", type=Path, help="graded training file (JSONL)")
    parser.add_argument("--dev", type=Path)
    parser.add_argument("--no-semeval", action="store_true")
    parser.add_argument(
        "--cross-rate", type=float, help="answers also given to another role's question"
    )
    parser.add_argument("--swap-rate", type=float, help="off-topic pairs per good answer")
    parser.add_argument(
        "--misfit-rate", type=float, help="good answers also given to a question they miss"
    )
    parser.add_argument("--misfit-weight", type=float)
    parser.add_argument(
        "--general-rate", type=float, help="good answers also given to a general question"
    )
    parser.add_argument(
        "--no-description-rate", type=float, help="share of answers also given without a JD"
    )
    parser.add_argument("--twin-rate", type=float, help="share of answers given a twin")
    parser.add_argument("--twin-weight", type=float, help="weight of the twins' consistency")
    parser.add_argument("--polished-rate", type=float, help="share given a polished rewrite")
    parser.add_argument("--final-weight", type=float, help="weight of the shipped score's error")
    parser.add_argument("--pad-rate", type=float, help="share of answers given a padded twin")
    parser.add_argument(
        "--star-twins", action="store_true", help="also twins with STAR labels (not shipped)"
    )
    parser.add_argument("--semeval-weight", type=float)
    parser.add_argument("--semeval-per-epoch", type=int)
    parser.add_argument(
        "--semeval-styles", action="store_true", help="train the style head on SemEval's grades"
    )
    parser.add_argument("--out", type=Path, default=data_file("encoder.onnx").parent)
    parser.add_argument("--encoder", type=Path, help="encoder ONNX (default: the packaged one)")
    parser.add_argument("--fold", type=int, help="run only this cross-validation fold")
    parser.add_argument("--cache", type=Path, help="where encoded units are kept between runs")
    args = parser.parse_args()
    cfg = Config()
    changes: dict[str, object] = {}
    if args.seeds:
        changes["seeds"] = changes["cv_seeds"] = tuple(range(args.seeds))
    for name in ("epochs", "folds", "train", "dev", "cache"):
        if getattr(args, name):
            changes[name] = getattr(args, name)
    if args.cross_rate is not None:
        changes["cross_rate"] = args.cross_rate
    if args.swap_rate is not None:
        changes["swap_rate"] = args.swap_rate
    for name in ("misfit_rate", "misfit_weight", "general_rate"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.no_description_rate is not None:
        changes["no_description_rate"] = args.no_description_rate
    for name in ("twin_rate", "twin_weight", "pad_rate", "polished_rate", "final_weight"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.semeval_weight is not None:
        changes["semeval_weight"] = args.semeval_weight
    if args.semeval_per_epoch is not None:
        changes["semeval_per_epoch"] = args.semeval_per_epoch
    if args.semeval_styles:
        changes["semeval_styles"] = SEMEVAL_STYLES
    if args.star_twins:
        changes["star_twins"] = True
    if args.no_semeval:
        changes["semeval"] = ()
    cfg = dataclasses.replace(cfg, **changes)  # type: ignore[arg-type]
    torch.set_num_threads(cfg.threads)
    start = time.time()
    train, dev, semeval = load(cfg)
    records = read_records(cfg.train)
    models = cutters(cfg, train, records) if args.cv or cfg.twin_rate else []
    pairs = counterfactual_pairs(train, records, models) if args.cv else {}
    paired = [e for kind in pairs.values() for pair in kind for e in pair]
    twin = (
        twins(train, records, cfg.twins_per_kind, models, star=cfg.star_twins)
        if cfg.twin_rate
        else {}
    )
    folds = role_folds(train, cfg.folds, cfg.split_seed)
    pads = padded(train, records, cfg.pads_per_answer, folds) if cfg.pad_rate else {}
    # polished rewrites: trained on at polished_rate; a cross-validation scores held-out roles'
    # as pairs either way (a training without them reads none, so its inputs stay as they were)
    rewrites = polished_twins(train, records, cfg.polished) if cfg.polished_rate or args.cv else {}
    if args.cv and rewrites:
        by_id = {e.id: e for e in train}
        pairs["polished"] = [(by_id[i], made[0]) for i, made in rewrites.items()]
    polish = rewrites if cfg.polished_rate else {}
    rendered = [t for made in (*twin.values(), *pads.values(), *rewrites.values()) for t in made]
    extra = general_texts(GENERAL_QUESTIONS + (GENERAL_PROBES if args.cv else ()))
    table = UnitTable(train + dev + semeval + paired + rendered, cfg.cache, args.encoder, extra)
    styles = sorted({e.style for e in train if e.style})
    if cfg.misfit_rate > 0:
        styles.append(FIT_STYLE)
    print(
        f"{len(train)} training, {len(dev)} dev, {len(semeval)} SemEval answers, "
        f"{len(rendered)} twins ({sum(map(len, pads.values()))} padded); "
        f"{len(table.states)} units encoded in {time.time() - start:.0f} s",
        flush=True,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    if args.cv:
        cross_validate(
            cfg,
            train,
            semeval,
            pairs,
            table,
            styles,
            args.out / "cv.json",
            args.fold,
            twin,
            pads,
            polish,
        )
        print(f"done in {time.time() - start:.0f} s")
        return
    model = ensemble(train, semeval, table, styles, cfg, cfg.seeds, twin, pads, polish)
    means = style_means(train, styles)
    dev_pred = predict(model, dev, table, means, cfg, styles)[0]
    report = figures("dev set (3 roles never seen in training)", dev_pred, dev)
    print(report)
    export(model, train, table, args.out)
    meta = {
        "version": VERSION,
        "styles": styles,
        "style_means": _rounded(means, 3),
        "mix": cfg.mix,
        "temperature": cfg.temperature,
        "trained_at_commit": commit(),
        "data": {"train": digest([cfg.train]), "semeval": digest(list(cfg.semeval))},
        "config": recorded(cfg),
    }
    (args.out / "judge.json").write_text(json.dumps(meta, indent=1) + "\n")
    (args.out / "metrics.json").write_text(json.dumps({"dev": report}, indent=1) + "\n")
    print(f"wrote {args.out}/units.onnx, head.onnx and judge.json in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
