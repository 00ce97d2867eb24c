"""Fit the rubric engine's calibration (raw quality -> 0-100) on a graded JSONL set.

The map is monotone and piecewise linear with fixed knots, one per kind of question; flaw caps
are applied inside the fit exactly as the engine applies them. Quality is reported with
cross-validation by role (fit on the other roles, predict this one); the final map, fitted on
all rows, is written to ``src/panelist/data/calibration.json``.

    python scripts/calibrate.py ../shared/data/dev/items.jsonl [--write]
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

from panelist.engines.rubric import RubricEngine
from panelist.engines.rubric.criteria import get_rubric
from panelist.engines.rubric.scoring import apply_caps
from panelist.loaders import read_batch
from panelist.quality import agreement

KNOTS = (0.0, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0)
SMOOTHNESS = 0.02
OUT = Path(__file__).resolve().parents[1] / "src" / "panelist" / "data" / "calibration.json"


@dataclass
class Row:
    group: str
    kind: str
    raw: float
    hits: list
    label: float


def collect(path: str) -> list[Row]:
    engine = RubricEngine()
    raw_lines = Path(path).read_text(encoding="utf-8").splitlines()
    rows = []
    for line in read_batch(path):
        if line.item is None:
            print(f"skipping {line.error}", file=sys.stderr)
            continue
        data = json.loads(raw_lines[line.number - 1])
        _, judgement = engine.analyse(line.item.request())
        group = str(data.get("role") or data.get("question_id") or "all")
        rows.append(Row(group, judgement.kind, judgement.raw, judgement.hits, float(data["score"])))
    return rows


def _values(theta: np.ndarray) -> np.ndarray:
    return np.minimum(np.cumsum(np.logaddexp(0, theta)), 100.0)


def predict(rows: list[Row], values: np.ndarray) -> np.ndarray:
    rubric = get_rubric()
    return np.array(
        [apply_caps(float(np.interp(r.raw, KNOTS, values)), r.hits, rubric) for r in rows]
    )


def fit(rows: list[Row]) -> list[float]:
    labels = np.array([r.label for r in rows])

    def loss(theta: np.ndarray) -> float:
        values = _values(theta)
        error = predict(rows, values) - labels
        curvature = np.diff(values, 2)
        return float((error**2).mean() + SMOOTHNESS * (curvature**2).sum())

    start = np.full(len(KNOTS), np.log(np.expm1(100 / len(KNOTS))))
    result = minimize(loss, start, method="Powell", options={"maxiter": 20000, "xtol": 1e-4})
    return [round(float(v), 2) for v in _values(result.x)]


def fit_all(rows: list[Row]) -> dict[str, list[float]]:
    knots = {"default": fit(rows)}
    for kind in sorted({r.kind for r in rows}):
        subset = [r for r in rows if r.kind == kind]
        if len(subset) >= 15:
            knots[kind] = fit(subset)
    return knots


def apply(rows: list[Row], knots: dict[str, list[float]]) -> np.ndarray:
    return np.array([predict([r], np.array(knots.get(r.kind, knots["default"])))[0] for r in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", help="graded JSONL with a 'score' label and a 'role' group")
    parser.add_argument("--write", action="store_true", help=f"write the fitted map to {OUT}")
    args = parser.parse_args()
    rows = collect(args.items)
    labels = [r.label for r in rows]
    cv = np.zeros(len(rows))
    for group in sorted({r.group for r in rows}):
        train = [r for r in rows if r.group != group]
        test_idx = [i for i, r in enumerate(rows) if r.group == group]
        cv[test_idx] = apply([rows[i] for i in test_idx], fit_all(train))
    figures = agreement(list(cv), labels)
    print("cross-validated by group:", {k: round(v, 3) for k, v in figures.items()})
    knots = fit_all(rows)
    fitted = agreement(list(apply(rows, knots)), labels)
    print("fitted on all rows:      ", {k: round(v, 3) for k, v in fitted.items()})
    for kind, values in knots.items():
        print(f"  {kind}: {values}")
    if args.write:
        payload = {
            "version": date.today().isoformat(),
            "source": Path(args.items).name,
            "knots_x": list(KNOTS),
            "knots": {k: [[x, y] for x, y in zip(KNOTS, v, strict=True)] for k, v in knots.items()},
            "cross_validated": {k: round(v, 4) for k, v in figures.items()},
        }
        OUT.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
