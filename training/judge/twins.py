"""Training twins: a graded answer told again as a transcript or in second-language grammar.

The judge is trained to give a twin the score and styles it gives the answer (a consistency
loss, the answer's side held fixed). The renderings are written apart from
:mod:`panelist.counterfactual`, whose pairs measure the result, so that the measure does not
reward learning one rendering's quirks: transcripts are run together as the boundary model's
training transcripts are (:func:`training.boundaries.render`), and second-language grammar
changes other words with other rates.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from panelist import boundaries as cut
from training.boundaries import punctuated, render
from training.judge.data import Example, with_answer

#: The roles a boundary model was trained without, and its weights.
Cutter = tuple[set[str], npt.NDArray[np.float32]]


def cutter_for(role: str, cutters: Sequence[Cutter]) -> npt.NDArray[np.float32] | None:
    """The boundary model trained without ``role`` (None: none is given, use the shipped one)."""
    return next((m for roles, m in cutters if role in roles), None)


#: Words a second-language speaker may use in each other's place, and how often.
SWAPS: dict[str, tuple[tuple[str, ...], float]] = {
    "is": (("are",), 0.25),
    "are": (("is",), 0.25),
    "has": (("have",), 0.4),
    "have": (("has",), 0.15),
    "does": (("do",), 0.4),
    "was": (("were",), 0.25),
    "were": (("was",), 0.25),
    "at": (("in", "on"), 0.25),
    "on": (("in", "at"), 0.2),
    "in": (("at",), 0.15),
    "for": (("to",), 0.15),
    "of": (("from",), 0.1),
    "which": (("what",), 0.3),
    "fewer": (("less",), 0.6),
    "many": (("much",), 0.3),
}
ARTICLES = {"the", "a", "an"}
_PLURAL = re.compile(r"^([a-z]{3,})s([.,;:]?)$")


def transcript(answer: str, rng: random.Random, role: str) -> str | None:
    """The answer said aloud: sentences run together, lower case (None: one sentence only)."""
    written = punctuated(answer)
    if written is None:
        return None
    return " ".join(render(written, rng, role).words).lower() + "."


def second_language(answer: str, rng: random.Random) -> str:
    """The answer in second-language grammar: articles dropped, words swapped, plurals lost."""
    out = []
    for word in answer.split(" "):
        low = word.lower()
        if low in ARTICLES and rng.random() < 0.5:
            continue
        swap = SWAPS.get(low)
        if swap and rng.random() < swap[1]:
            new = rng.choice(swap[0])
            word = new.capitalize() if word[:1].isupper() else new
        elif (m := _PLURAL.match(word)) and not low.endswith("ss") and rng.random() < 0.1:
            word = m.group(1) + m.group(2)
        out.append(word)
    return " ".join(out)


def twins(
    examples: list[Example],
    records: dict[str, dict[str, Any]],
    per_kind: int,
    cutters: Sequence[Cutter] = (),
    seed: int = 7,
) -> dict[str, list[Example]]:
    """``per_kind`` transcripts and second-language renderings of each training answer, by id.

    With ``cutters``, a transcript is cut into sentences by the boundary model trained without
    its role, so that the judge learns from the cuts a new role's transcript gets (about two
    in three sentence ends found), not from the near-perfect cuts of the shipped model on the
    answers it was trained on.
    """
    out: dict[str, list[Example]] = {}
    for e in examples:
        record = records.get(e.id)
        if e.source != "train" or record is None or len(str(record["answer"]).split()) < 20:
            continue
        answer = str(record["answer"])
        made = []
        for k in range(per_kind):
            rng = random.Random(f"{seed}:{e.id}:{k}")
            said = transcript(answer, rng, e.role)
            if said is not None:
                with cut.using(cutter_for(e.role, cutters)):
                    made.append(with_answer(e, record, said, f"said{k}", scored=False))
            l2 = second_language(answer, rng)
            made.append(with_answer(e, record, l2, f"l2-{k}", scored=False))
        out[e.id] = made
    return out
