"""Agreement between an engine's scores and expert labels (numpy only, no SciPy needed)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

#: The behaviourally anchored levels: 0-14, 15-34, 35-54, 55-74, 75-89, 90-100.
LEVEL_EDGES = (15, 35, 55, 75, 90)
LEVEL_NAMES = ("non-answer", "poor", "weak", "adequate", "strong", "exceptional")

Array = npt.NDArray[np.float64]


def _array(values: Sequence[float]) -> Array:
    return np.asarray(values, dtype=np.float64)


def level(score: float) -> int:
    """The level (0-5) of a 0-100 score."""
    return int(np.searchsorted(LEVEL_EDGES, score, side="right"))


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson correlation; 0 when either side is constant."""
    a, b = _array(x), _array(y)
    a, b = a - a.mean(), b - b.mean()
    denominator = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / denominator) if denominator else 0.0


def ranks(values: Sequence[float]) -> Array:
    """Ranks starting at 1, ties given their average rank."""
    v = _array(values)
    order = np.argsort(v, kind="mergesort")
    out = np.empty(len(v))
    sorted_v = v[order]
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and sorted_v[j + 1] == sorted_v[i]:
            j += 1
        out[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman rank correlation."""
    return pearson(list(ranks(x)), list(ranks(y)))


def quadratic_kappa(x: Sequence[float], y: Sequence[float]) -> float:
    """Quadratic weighted kappa between the levels of two sets of 0-100 scores."""
    a = [level(v) for v in x]
    b = [level(v) for v in y]
    k = len(LEVEL_EDGES) + 1
    observed = np.zeros((k, k))
    for i, j in zip(a, b, strict=True):
        observed[i, j] += 1
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / max(len(a), 1)
    weights = np.array([[(i - j) ** 2 for j in range(k)] for i in range(k)]) / (k - 1) ** 2
    denominator = float((weights * expected).sum())
    return 1.0 - float((weights * observed).sum()) / denominator if denominator else 1.0


def mean_absolute_error(x: Sequence[float], y: Sequence[float]) -> float:
    """Mean absolute difference."""
    return float(np.abs(_array(x) - _array(y)).mean())


def standardised_mean_difference(predicted: Sequence[float], labels: Sequence[float]) -> float:
    """(mean predicted - mean label) / pooled SD: systematic over- or under-scoring."""
    p, t = _array(predicted), _array(labels)
    pooled = float(np.sqrt((p.var(ddof=1) + t.var(ddof=1)) / 2)) if len(p) > 1 else 0.0
    return float((p.mean() - t.mean()) / pooled) if pooled else 0.0


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Area under the ROC curve (Mann-Whitney U with ties counted half)."""
    s, pos = _array(scores), np.asarray(positive, dtype=bool)
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if not n_pos or not n_neg:
        return float("nan")
    r = ranks(list(s))
    return float((r[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def macro_f1(predicted: Sequence[bool], actual: Sequence[bool]) -> float:
    """Mean F1 of the positive and the negative class."""
    p, a = np.asarray(predicted, dtype=bool), np.asarray(actual, dtype=bool)
    scores = []
    for cls in (True, False):
        tp = int(((p == cls) & (a == cls)).sum())
        fp = int(((p == cls) & (a != cls)).sum())
        fn = int(((p != cls) & (a == cls)).sum())
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def best_threshold_f1(scores: Sequence[float], positive: Sequence[bool]) -> tuple[float, float]:
    """The score threshold with the best macro-F1, and that F1 (for reporting, not tuning)."""
    best = (0.0, 0.0)
    for threshold in sorted(set(scores)):
        f1 = macro_f1([s >= threshold for s in scores], positive)
        if f1 > best[1]:
            best = (threshold, f1)
    return best


def agreement(predicted: Sequence[float], labels: Sequence[float]) -> dict[str, float]:
    """Every agreement figure of a graded set."""
    return {
        "n": float(len(labels)),
        "pearson": pearson(predicted, labels),
        "spearman": spearman(predicted, labels),
        "qwk": quadratic_kappa(predicted, labels),
        "mae": mean_absolute_error(predicted, labels),
        "smd": standardised_mean_difference(predicted, labels),
    }


def partial_spearman(
    predicted: Sequence[float], labels: Sequence[float], control: Sequence[float]
) -> float:
    """Rank correlation of prediction and label with the control (e.g. answer length) removed."""

    def residual(a: Array, b: Array) -> Array:
        design = np.vstack([b, np.ones_like(b)]).T
        coef = np.linalg.lstsq(design, a, rcond=None)[0]
        out: Array = a - design @ coef
        return out

    c = ranks(control)
    return pearson(list(residual(ranks(predicted), c)), list(residual(ranks(labels), c)))


def style_means(
    predicted: Sequence[float], labels: Sequence[float], styles: Sequence[str]
) -> dict[str, tuple[int, float, float]]:
    """Per style: count, mean prediction and mean label, styles by falling label."""
    groups: dict[str, list[int]] = {}
    for i, style in enumerate(styles):
        groups.setdefault(style, []).append(i)
    out = {
        s: (
            len(ix),
            float(np.mean([predicted[i] for i in ix])),
            float(np.mean([labels[i] for i in ix])),
        )
        for s, ix in groups.items()
    }
    return dict(sorted(out.items(), key=lambda kv: -kv[1][2]))


def describe(
    name: str,
    predicted: Sequence[float],
    labels: Sequence[float],
    words: Sequence[float],
    styles: Sequence[str] | None = None,
) -> str:
    """Agreement, partial correlation given length and (optionally) style means, as text."""
    a = agreement(predicted, labels)
    lines = [
        f"{name}: n={len(labels)} pearson {a['pearson']:.3f} spearman {a['spearman']:.3f} "
        f"qwk {a['qwk']:.3f} mae {a['mae']:.1f} smd {a['smd']:+.2f} "
        f"partial|length {partial_spearman(predicted, labels, words):.3f} "
        f"(length alone {spearman(words, labels):.3f})"
    ]
    if styles is not None:
        lines.append("  style: n predicted/label")
        lines += [
            f"  {s}: {n} {p:.0f}/{y:.0f}"
            for s, (n, p, y) in style_means(predicted, labels, styles).items()
        ]
    return "\n".join(lines)
