"""Good answers given to another question: how far the question moves a score, out of fold."""

from __future__ import annotations

import numpy as np

from training.judge.config import Config
from training.judge.data import Example, UnitTable
from training.judge.fit import general, question_pool, swapped

#: The readings of each answer: as answered, under a question of the same kind of another role
#: (with that role's job description), under another question of its own role, and under a
#: general question (:data:`GENERAL_PROBES`).
KINDS = (
    "own question",
    "another role's question",
    "another question of its role",
    "a general question",
)
#: General questions a good account of a situation at work answers, worded apart from the
#: training's (``GENERAL_QUESTIONS`` in the config): the answers under them must not be read
#: as answers to another question.
GENERAL_PROBES = (
    "Tell me about a time you had to solve a difficult problem.",
    "Describe a situation where you had to act under pressure.",
    "What is an achievement at work you are proud of?",
    "Tell me about a time something did not go to plan. What did you do?",
    "Give an example of how you handled a challenging situation in your last job.",
)


def moved_answers(
    examples: list[Example], table: UnitTable, cfg: Config
) -> dict[str, list[Example]]:
    """Each good behavioural answer of ``examples`` (label >= ``cfg.swap_min_label``) read three
    ways (:data:`KINDS`); the other questions are taken from ``examples`` in a fixed order."""
    pool = question_pool(examples)
    out: dict[str, list[Example]] = {kind: [] for kind in KINDS}
    good = [e for e in examples if e.label >= cfg.swap_min_label and not e.item.technical]
    for k, e in enumerate(good):
        elsewhere = [q for q in pool if q.role != e.role and not q.item.technical]
        mine = [
            q
            for q in pool
            if q.role == e.role and q.question != e.question and not q.item.technical
        ]
        if not elsewhere or not mine:
            continue
        out[KINDS[0]].append(e)
        out[KINDS[1]].append(swapped(e, elsewhere[k % len(elsewhere)], table, cfg, True))
        out[KINDS[2]].append(swapped(e, mine[k % len(mine)], table, cfg))
        out[KINDS[3]].append(general(e, GENERAL_PROBES[k % len(GENERAL_PROBES)], table))
    return out


def moved_summary(
    scores: dict[str, list[float]],
    off_topic: dict[str, list[float]],
    misfit: dict[str, list[float]] | None = None,
) -> str:
    """One line: the mean score of each reading, the share at 50 or more, the mean
    probability of the off-topic reading and (``misfit``) the share read as an answer to
    another question with probability 0.5 or more."""
    parts = []
    for kind in KINDS:
        s, p = np.array(scores.get(kind, [])), np.array(off_topic.get(kind, []))
        m = np.array((misfit or {}).get(kind, []))
        if len(s):
            read = f", off-topic p {p.mean():.2f}" if len(p) else ""
            read += f", another question read {(m >= 0.5).mean():.1%}" if len(m) else ""
            parts.append(f"{kind} {s.mean():.1f} ({(s >= 50).mean():.0%} at 50+{read})")
    n = len(scores.get(KINDS[0], []))
    head = f"good answers given to another question, out of fold: n={n}"
    if not parts:
        return f"{head} (none: a fold needs two roles, each with two behavioural questions)"
    return f"{head}; " + "; ".join(parts)
