"""Sentences that say again, in other words, what the answer has already said.

An answer padded with a restatement of itself reads to the judge as a longer, more detailed
one: in an adversarial probe of engine 1.8, poor answers (rated 12-29) with a reworded copy
appended scored 72-93. The word runs of :func:`panelist.copying.repeated` miss a copy in new
words; sentence embeddings trained on paraphrase pairs (all-MiniLM-L6-v2) do not. On the
cosines of the answer's pieces of ``MIN_WORDS`` words or more, two forms are found:

- a **block said again**: the pieces after some point and those before it say the same.
  Paired one to one, closest first, their mean cosine (over the larger side; ``MIN_SIDE``
  pieces a side at least: "claim, example, claim, example" is no block) is ``BLOCK`` or more
  above the answer's median cosine of two pieces; or ``LOOSE_BLOCK`` or more when the same
  measure on token alignment (the F-score of the pieces' best-matching tokens in the judge's
  encoder) is ``LOOSE_TOKENS`` or more. The later side's pieces whose best cosine with the
  earlier side is ``BLOCK_PIECE`` or more are dropped;
- **pieces said again**: ``MIN_SAID_AGAIN`` pieces or more each say one earlier piece again
  (cosine ``SAID_AGAIN`` or more, one to one, so that pieces that all share one topic,
  definitions of one term, do not count; two terms compared point by point can, and only the
  token alignment's gate below keeps such an answer out).

The thresholds were set above the training and dev answers: none of the 2,005 is found (their
highest block measure is 0.30; on tokens, 0.11 where the cosines' is 0.15 or more), nor any of
84 honest answers written with echoes. The embeddings are computed only where the token
alignment shows a block of ``CANDIDATE`` or more (34 of the 2,005). On answers padded by hand
(``benchmarks/padding.py``), a whole restatement appended raised scores by 15.7 points on
average before and 3.0 with the rule (11.6 and 5.8 on a set held out from its design); only
the main points said again, or each sentence followed by its restatement, are not found.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from panelist.embeddings import get_embedder
from panelist.judge.features import Floats, Floats16

MIN_WORDS = 5
MIN_SIDE = 3
BLOCK = 0.33
LOOSE_BLOCK = 0.2
LOOSE_TOKENS = 0.13
CANDIDATE = 0.08
BLOCK_PIECE = 0.5
SAID_AGAIN = 0.7
MIN_SAID_AGAIN = 3


def restated(texts: Sequence[str], tokens: Sequence[Floats16], groups: Sequence[int]) -> list[int]:
    """Indexes of the ``texts`` (an answer's pieces, in order) that say earlier ones again.

    ``tokens``: each piece's token directions in the judge's encoder; ``groups``: each piece's
    sentence (pieces of one sentence are not compared).
    """
    kept = [i for i, text in enumerate(texts) if len(text.split()) >= MIN_WORDS]
    if len(kept) < 4:
        return []
    group = np.asarray(groups)[kept]
    apart = group[:, None] != group[None, :]
    aligned = np.where(apart, _alignment([tokens[i] for i in kept]), -1.0)
    by_tokens = _block(aligned)[0]
    if by_tokens < CANDIDATE:
        return []
    vectors = get_embedder().encode([texts[i] for i in kept])
    similar = np.where(apart, vectors @ vectors.T, -1.0)
    return sorted(kept[i] for i in _found(similar, by_tokens))


def _alignment(tokens: Sequence[Floats16]) -> Floats:
    """Token alignment of every two pieces: the F-score of the mean best cosine of each one's
    tokens with the other's."""
    sizes = [len(t) for t in tokens]
    assert min(sizes) > 0, "every piece has tokens"
    starts = np.cumsum([0, *sizes[:-1]])
    stacked = np.concatenate(tokens).astype(np.float32)
    cosine = stacked @ stacked.T
    best = np.maximum.reduceat(cosine, starts, axis=1)  # each token's best in each piece
    recall = np.add.reduceat(best, starts, axis=0) / np.asarray(sizes, np.float32)[:, None]
    recall = np.maximum(recall, 0.0)
    total = recall + recall.T
    f_score = 2 * recall * recall.T / np.maximum(total, 1e-9)
    return np.asarray(np.where(total > 0, f_score, 0.0), np.float32)


def _found(similar: Floats, by_tokens: float) -> set[int]:
    """The pieces said again, by either form (indexes into ``similar``); ``by_tokens``: the
    block measure on token alignment."""
    found: set[int] = set()
    copies = _copies(similar, SAID_AGAIN)
    if len(copies) >= MIN_SAID_AGAIN:
        found |= copies
    cover, split = _block(similar)
    if cover >= BLOCK or (cover >= LOOSE_BLOCK and by_tokens >= LOOSE_TOKENS):
        later = similar[split:, :split].max(axis=1)
        found |= {split + int(k) for k in np.flatnonzero(later >= BLOCK_PIECE)}
    return found


def _paired(similar: Floats) -> list[float]:
    """The similarities of one-to-one pairs of ``similar``'s rows and columns, closest first
    (each row and each column in one pair)."""
    rows: set[int] = set()
    columns: set[int] = set()
    out = []
    for flat in np.argsort(-similar, axis=None, kind="stable").tolist():
        row, column = divmod(flat, similar.shape[1])
        if row not in rows and column not in columns:
            rows.add(row)
            columns.add(column)
            out.append(float(similar[row, column]))
    return out


def _copies(similar: Floats, least: float) -> set[int]:
    """Pieces that say one earlier piece again (similarity ``least`` or more), one-to-one: a
    piece said again is not also what a later one says again, and an earlier piece is said
    again once at most (so that pieces that all share one topic, definitions of one term,
    do not count)."""
    earlier = np.tril(np.ones(similar.shape, bool), k=-1)
    candidates = np.where(earlier, similar, -1.0)
    order = np.argsort(-candidates, axis=None, kind="stable")
    sources: set[int] = set()
    copies: set[int] = set()
    for flat in order.tolist():
        later, before = divmod(flat, similar.shape[1])
        if candidates[later, before] < least:
            break
        if later in sources or later in copies or before in sources or before in copies:
            continue
        copies.add(later)
        sources.add(before)
    return copies


def _block(similar: Floats) -> tuple[float, int]:
    """The split of the pieces into two sides (two pieces a side at least) that say most
    nearly the same: the mean similarity of the sides' one-to-one pairs (closest first, over
    the larger side) above the answer's median similarity, and where the later side starts."""
    upper = similar[np.triu_indices(len(similar), k=1)]
    median = float(np.median(upper[upper > -1])) if (upper > -1).any() else 0.0
    best = (-1.0, 0)
    for split in range(MIN_SIDE, len(similar) - MIN_SIDE + 1):
        cross = similar[split:, :split]
        total = sum(_paired(cross))
        best = max(best, (total / max(cross.shape) - median, split))
    return best
