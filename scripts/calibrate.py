"""Fit the rubric engine's calibration (raw quality -> 0-100) on graded JSONL sets.

The map is monotone and piecewise linear with fixed knots, one per kind of question; flaw caps
are applied inside the fit exactly as the engine applies them (``cap_rule``). Rows are
labelled by their 0-100 ``score``, or for SemEval-style files by ``label_3way`` on the anchor
scale (correct 90, incorrect 20, contradictory 10). Quality is reported with cross-validation
by group (role, or question for SemEval): fit on the other groups, predict the held-out ones.
The final map, fitted on all rows, is written to ``src/panelist/data/calibration.json`` with
``--write``:

    python scripts/calibrate.py ../shared/data/dev/items.jsonl \\
        ../shared/data/semeval2013/beetle_train.jsonl \\
        ../shared/data/semeval2013/scientsbank_train.jsonl --write
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from panelist.bench import SEMEVAL_ANCHOR_SCORES
from panelist.engines.rubric import RubricEngine
from panelist.engines.rubric.criteria import get_rubric
from panelist.engines.rubric.scoring import cap_rule
from panelist.loaders import read_batch
from panelist.quality import agreement, roc_auc

KNOTS = (0.0, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0)
SMOOTHNESS = 0.02
FOLDS = 5
MIN_ROWS = 15
OUT = Path(__file__).resolve().parents[1] / "src" / "panelist" / "data" / "calibration.json"


@dataclass
class Rows:
    """Raw qualities with their caps and labels, as arrays."""

    source: np.ndarray
    group: np.ndarray
    kind: np.ndarray
    raw: np.ndarray
    factor: np.ndarray
    cap: np.ndarray
    label: np.ndarray

    def take(self, mask: np.ndarray) -> Rows:
        return Rows(*(getattr(self, f)[mask] for f in self.__dataclass_fields__))


def collect(paths: list[str]) -> Rows:
    engine = RubricEngine()
    rubric = get_rubric()
    cols: dict[str, list[object]] = {k: [] for k in Rows.__dataclass_fields__}
    for path in paths:
        raw_lines = Path(path).read_text(encoding="utf-8").splitlines()
        for line in read_batch(path):
            if line.item is None:
                print(f"{path}: skipping {line.error}", file=sys.stderr)
                continue
            data = json.loads(raw_lines[line.number - 1])
            label = data["score"] if "score" in data else SEMEVAL_ANCHOR_SCORES[data["label_3way"]]
            _, judgement = engine.analyse(line.item.request())
            factor, cap = cap_rule(judgement.hits, rubric)
            group = data.get("role") or data.get("question_id") or "all"
            for key, value in (
                ("source", Path(path).name), ("group", f"{Path(path).name}:{group}"),
                ("kind", judgement.kind), ("raw", judgement.raw), ("factor", factor),
                ("cap", cap), ("label", float(label)),
            ):  # fmt: skip
                cols[key].append(value)
    return Rows(*(np.array(cols[k]) for k in Rows.__dataclass_fields__))


def _values(theta: np.ndarray) -> np.ndarray:
    return np.minimum(np.cumsum(np.logaddexp(0, theta)), 100.0)


def predict(rows: Rows, knots: dict[str, list[float]]) -> np.ndarray:
    out = np.zeros(len(rows.raw))
    for kind in set(rows.kind):
        mask = rows.kind == kind
        values = knots.get(kind, knots["default"])
        out[mask] = np.interp(rows.raw[mask], KNOTS, values)
    return np.minimum(out * rows.factor, rows.cap)


def fit(rows: Rows) -> list[float]:
    def loss(theta: np.ndarray) -> float:
        values = _values(theta)
        error = np.minimum(np.interp(rows.raw, KNOTS, values) * rows.factor, rows.cap) - rows.label
        return float((error**2).mean() + SMOOTHNESS * (np.diff(values, 2) ** 2).sum())

    start = np.full(len(KNOTS), np.log(np.expm1(100 / len(KNOTS))))
    result = minimize(loss, start, method="Powell", options={"maxiter": 20000, "xtol": 1e-4})
    return [round(float(v), 2) for v in _values(result.x)]


def fit_all(rows: Rows) -> dict[str, list[float]]:
    interview = rows.take(rows.kind != "technical_answer")
    knots = {"default": fit(interview if len(interview.raw) >= MIN_ROWS else rows)}
    for kind in sorted(set(rows.kind)):
        subset = rows.take(rows.kind == kind)
        if len(subset.raw) >= MIN_ROWS:
            knots[kind] = fit(subset)
    return knots


def cross_validate(rows: Rows) -> np.ndarray:
    groups = sorted(set(rows.group))
    rng = np.random.default_rng(0)
    fold_of = dict(zip(groups, rng.permutation(len(groups)) % min(FOLDS, len(groups)), strict=True))
    folds = np.array([fold_of[g] for g in rows.group])
    out = np.zeros(len(rows.raw))
    for fold in sorted(set(folds)):
        test = folds == fold
        out[test] = predict(rows.take(test), fit_all(rows.take(~test)))
    return out


def report(rows: Rows, predicted: np.ndarray, title: str) -> dict[str, dict[str, float]]:
    figures: dict[str, dict[str, float]] = {}
    for source in sorted(set(rows.source)):
        mask = rows.source == source
        if set(rows.label[mask]) <= set(SEMEVAL_ANCHOR_SCORES.values()):
            figures[source] = {"auc": roc_auc(list(predicted[mask]), list(rows.label[mask] >= 90))}
        else:
            figures[source] = agreement(list(predicted[mask]), list(rows.label[mask]))
        shown = {k: round(v, 3) for k, v in figures[source].items()}
        print(f"{title} {source}: {shown}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", nargs="+", help="graded JSONL files")
    parser.add_argument("--write", action="store_true", help=f"write the fitted map to {OUT}")
    args = parser.parse_args()
    rows = collect(args.items)
    cv = report(rows, cross_validate(rows), "cross-validated by group,")
    knots = fit_all(rows)
    report(rows, predict(rows, knots), "fitted on all rows,       ")
    for kind, values in knots.items():
        print(f"  {kind}: {values}")
    if args.write:
        payload = {
            "version": date.today().isoformat(),
            "sources": sorted(set(rows.source)),
            "knots_x": list(KNOTS),
            "knots": {k: [[x, y] for x, y in zip(KNOTS, v, strict=True)] for k, v in knots.items()},
            "cross_validated": {s: {k: round(v, 4) for k, v in f.items()} for s, f in cv.items()},
        }
        OUT.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
