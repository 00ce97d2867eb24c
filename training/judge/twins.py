"""Training twins: a graded answer told again as a transcript, in second-language grammar or
(tried, not shipped) with the STAR method's labels, padded with sentences of other answers, or
polished by hand (:func:`polished_twins`).

The judge is trained to give a twin the score and styles it gives the answer (a consistency
loss, the answer's side held fixed): the way an answer is said does not move its score, and
neither do sentences that say nothing about its question. The renderings are written apart from
:mod:`panelist.counterfactual`, whose pairs measure the result, so that the measure does not
reward learning one rendering's quirks: transcripts are run together as the boundary model's
training transcripts are (:func:`training.boundaries.render`), second-language grammar
changes other words with other rates, and the STAR labels are told in words ("The situation
was that ...") where the benchmark's are headers ("Situation: ...").
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from panelist import boundaries as cut
from panelist.counterfactual import star_parts
from panelist.embeddings import get_embedder
from panelist.judge.inputs import MAX_PIECES
from panelist.text import sentences
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


#: How a coached candidate labels the parts of a story
#: (:func:`panelist.counterfactual.star_parts`), in words. With a comma or "that", the sentence
#: goes on in lower case when it starts with a common word.
LABELS = {
    "situation": (
        "The situation was that",
        "For context,",
        "The background was that",
        "Some context:",
    ),
    "action": (
        "What I did was this:",
        "My approach was this:",
        "So here is what I did:",
        "My part:",
    ),
    "result": ("The result was that", "In the end,", "As a result,", "The outcome was that"),
}
#: How often the action is labelled.
ACTION_LABELLED = 0.7
#: Words a sentence may start with that stay in lower case after a label.
_COMMON = frozenset(
    """a an the at in on our we my last during when while after before one two three about
    this that it there for as some most every each over around just so then""".split()
)


def _after(label: str, sentence: str) -> str:
    """``sentence`` after ``label``: in lower case when the label runs on and it starts with a
    common word ("The situation was that at my last job ...")."""
    first = sentence.split(" ", 1)[0]
    if not label.endswith(":") and first.lower() in _COMMON:
        sentence = sentence[:1].lower() + sentence[1:]
    return f"{label} {sentence}"


def star_labels(answer: str, rng: random.Random) -> str | None:
    """The answer with STAR labels in words (:data:`LABELS`); None when it has fewer than three
    sentences."""
    parts = [s.text for s in sentences(answer)]
    if len(parts) < 3:
        return None
    out = list(parts)
    for k, part in sorted(star_parts(parts).items()):
        if part != "action" or rng.random() < ACTION_LABELLED:
            out[k] = _after(rng.choice(LABELS[part]), parts[k])
    return " ".join(out)


def twins(
    examples: list[Example],
    records: dict[str, dict[str, Any]],
    per_kind: int,
    cutters: Sequence[Cutter] = (),
    seed: int = 7,
    star: bool = False,
) -> dict[str, list[Example]]:
    """``per_kind`` transcripts and second-language renderings of each training answer, by id;
    with ``star``, also STAR-labelled renderings of a story (a behavioural answer, not spoken;
    tried, not shipped: see the model card).

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
            kind, style = record.get("question_type"), record.get("style")
            story = star and kind == "behavioral" and style != "spoken_filler"
            labelled = star_labels(answer, rng) if story else None
            if labelled is not None:
                made.append(with_answer(e, record, labelled, f"star{k}", scored=False))
        out[e.id] = made
    return out


#: How many sentences of other answers a padded twin carries (one drawn per twin).
PAD_SENTENCES = (2, 3, 5, 8, 12, 20, 30)
#: A padding sentence's highest sentence-embedding cosine with the padded answer's question and
#: sentences: sentences closer than this may say something about them, and are not used.
PAD_NEAR = 0.3


def _padding(rng: random.Random, donors: Sequence[Sequence[str]], count: int) -> list[str]:
    """``count`` sentences of ``donors``: a run of one answer's (as one story), or each of a
    random answer (as loose notes); one time in three cut into short sentences of three to
    seven words (as a list of short lines)."""
    if rng.random() < 0.5:
        story = rng.choice(donors)
        start = rng.randrange(max(len(story) - count, 0) + 1)
        pad = list(story[start : start + count])
    else:
        pad = [rng.choice(rng.choice(donors)) for _ in range(count)]
    if rng.random() < 1 / 3:
        words = [w.rstrip(".!?") for w in " ".join(pad).split()]
        cuts: list[str] = []
        while words and len(cuts) < count:
            size = rng.randint(3, 7)
            cut = " ".join(words[:size]).rstrip(".,;:!?")
            words = words[size:]
            if re.search(r"\w", cut):  # "..." or "-" alone is no sentence
                cuts.append(cut[:1].upper() + cut[1:] + ".")
        pad = cuts
    return pad


def padded(
    examples: list[Example],
    records: dict[str, dict[str, Any]],
    per_answer: int,
    folds: Sequence[set[str]],
    seed: int = 11,
    near: float = PAD_NEAR,
) -> dict[str, list[Example]]:
    """``per_answer`` copies of each training answer padded with sentences of answers to other
    roles' questions, by id: appended (three in five), put first or put in the middle.

    Only sentences that say nothing about the answer's question or its own sentences pad it
    (sentence-embedding cosine under ``near`` with each), so that the judge learns that such
    sentences add nothing, not that whatever follows an answer does not count (a follow-up
    answer's detail must still raise it). The sentences come from roles of the answer's own
    cross-validation fold (``folds``): no answer of a held-out role is read in training, even
    as padding. A copy the judge would read only in part (more than ``MAX_PIECES`` pieces) loses
    padding sentences from the end until it fits.
    """
    said: dict[str, list[list[str]]] = {}
    own: dict[str, list[str]] = {}
    for e in examples:
        if e.source == "train" and e.id in records:
            own[e.id] = [s.text for s in sentences(str(records[e.id]["answer"]))]
            said.setdefault(e.role, []).append(own[e.id])
    asked = {e.id: str(records[e.id]["question"]) for e in examples if e.id in own}
    texts = sorted({t for story in own.values() for t in story} | set(asked.values()))
    row = {t: i for i, t in enumerate(texts)}
    vectors = get_embedder().encode(texts)
    fold_of = {role: f for f, roles in enumerate(folds) for role in roles}
    out: dict[str, list[Example]] = {}
    for e in examples:
        if e.id not in own:
            continue
        stories = [
            story
            for role in sorted(said)
            if role != e.role and fold_of.get(role) == fold_of.get(e.role)
            for story in said[role]
        ]
        room = MAX_PIECES - len(own[e.id])
        if not stories or room < 2:
            continue
        candidates = sorted({t for story in stories for t in story})
        context = vectors[[row[asked[e.id]], *(row[t] for t in own[e.id])]]
        closest = (vectors[[row[t] for t in candidates]] @ context.T).max(axis=1)
        far = {t for t, c in zip(candidates, closest, strict=True) if c < near}
        donors = [kept for story in stories if (kept := [t for t in story if t in far])]
        if not donors:
            continue
        made = []
        for k in range(per_answer):
            rng = random.Random(f"{seed}:{e.id}:{k}")
            pad = _padding(rng, donors, min(rng.choice(PAD_SENTENCES), room))
            where = rng.random()
            n = len(own[e.id])
            at = n if where < 0.6 else 0 if where < 0.8 else rng.randrange(n + 1)
            while True:
                text = " ".join(own[e.id][:at] + pad + own[e.id][at:])
                copy = with_answer(e, records[e.id], text, f"pad{k}", scored=False)
                # ``room`` counts sentences; a long one is read as several pieces
                if not copy.item.truncated or len(pad) == 1:
                    break
                pad = pad[:-1]
            made.append(copy)
        out[e.id] = made
    return out


def polished_twins(
    examples: list[Example], records: dict[str, dict[str, Any]], path: Path
) -> dict[str, list[Example]]:
    """The hand-written polished rewrites in ``path`` (JSONL of ``id`` and ``answer``; none when
    it is missing) of the training answers, by id."""
    if not path.exists():
        return {}
    by_id = {e.id: e for e in examples if e.source == "train"}
    out: dict[str, list[Example]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        e, record = by_id.get(row["id"]), records.get(row["id"])
        if e is None or record is None:
            continue
        out[e.id] = [with_answer(e, record, row["answer"], "polished", scored=False)]
    return out
