"""Where a transcript's sentences end, learned from written answers.

A transcript without punctuation ("so i checked the logs and we found the job had stopped and
i restarted it") is cut into sentences by a logistic model over the words around each gap
(``data/boundaries.npy``, trained by ``python -m training.boundaries`` on the training answers'
sentences run together as transcripts). The words are read in lower case, without punctuation
but for a comma after a word, so a transcript's cuts do not depend on its letter case or stray
full stops.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from panelist.judge.neutral import neutral_word

#: Hashed feature buckets of the model.
BUCKETS = 1 << 18
#: A gap is cut when its probability is at least this.
THRESHOLD = 0.3
#: No cut leaves fewer words than this on either side (``panelist.text`` also joins a piece
#: with fewer once fillers are removed to its neighbour).
MIN_WORDS = 3
_EDGE = re.compile(r"^[^\w$£€%]+|[^\w%]+$")
_NUMBER = re.compile(r"^[\d$£€.,:/%x-]*\d[\d$£€.,:/%xkm-]*$")
_SINCE = (1, 2, 3, 4, 6, 9, 14, 20, 30)
_LOGIT = float(np.log(THRESHOLD / (1 - THRESHOLD)))


def token(word: str) -> str:
    """How the model reads a word: lower case, without surrounding punctuation, figures as one,
    names and gendered words neutral (so that who the candidate is cannot move a cut)."""
    bare = neutral_word(_EDGE.sub("", word))
    return "<num>" if _NUMBER.match(bare) else bare


_CLASSES = {
    **dict.fromkeys("i we they he she you it there".split(), "SUBJ"),
    **dict.fromkeys("the a an this that these those my our their his her its some".split(), "DET"),
    **dict.fromkeys(
        "is was are were be been am have has had do did does will would can could should".split(),
        "AUX",
    ),
    **dict.fromkeys("in on at to for of with from by about into over after before".split(), "PREP"),
    **dict.fromkeys("and but or so because then when if while which who that".split(), "CONJ"),
    **dict.fromkeys("um uh erm er ah like yeah okay ok mean know".split(), "FILL"),
}


def _shape(word: str) -> str:
    """A closed class, or the word's last two letters."""
    return _CLASSES.get(word, "<num>" if word == "<num>" else f"-{word[-2:]}")


def _bucket(since: int) -> int:
    return sum(since >= b for b in _SINCE)


def gap_features(raw: Sequence[str], words: Sequence[str], j: int, since: int) -> list[str]:
    """Features of the gap before word ``j`` (``j`` >= 1), ``since`` words after the last cut.

    ``raw`` are the words as written, ``words`` their :func:`token` forms; a comma after the
    word before the gap is the only punctuation read.
    """
    prev2 = words[j - 2] if j >= 2 else "<s>"
    prev, nxt = words[j - 1], words[j]
    nxt2 = words[j + 1] if j + 1 < len(words) else "</s>"
    nxt3 = words[j + 2] if j + 2 < len(words) else "</s>"
    return [
        "bias",
        f"p:{prev}",
        f"n:{nxt}",
        f"pp:{prev2}_{prev}",
        f"pn:{prev}_{nxt}",
        f"nn:{nxt}_{nxt2}",
        f"nnn:{nxt}_{nxt2}_{nxt3}",
        f"n2:{nxt2}",
        f"s:{_bucket(since)}",
        f"sn:{_bucket(since)}_{nxt}",
        f"c:{raw[j - 1].endswith(',')}",
        f"P:{_shape(prev)}_{_shape(nxt)}",
        f"N:{_shape(nxt)}_{_shape(nxt2)}",
        f"PN:{_shape(prev2)}_{_shape(prev)}_{_shape(nxt)}_{_shape(nxt2)}",
        f"pN:{prev}_{_shape(nxt)}_{_shape(nxt2)}",
        f"Pn:{_shape(prev)}_{nxt}_{_shape(nxt2)}",
    ]


def hashed(features: Sequence[str]) -> list[int]:
    """The buckets of ``features`` (CRC-32, the same in every process)."""
    return [zlib.crc32(f.encode("utf-8")) % BUCKETS for f in features]


_active: npt.NDArray[np.float32] | None = None
_generation = 0


def use(model: npt.NDArray[np.float32] | None) -> None:
    """Cut with ``model`` from now on instead of the shipped weights (``None``: the shipped ones
    again), in every thread of the process. For measuring: cross-validation cuts held-out
    answers with a model that never saw their role. The sentence caches of ``panelist.text``
    and ``panelist.guard`` are keyed by :func:`generation`."""
    global _active, _generation
    _active = model
    _generation += 1


@contextmanager
def using(model: npt.NDArray[np.float32] | None) -> Iterator[None]:
    """Cut with ``model`` (``None``: the shipped weights) inside the block, then with the model
    in use before it (:func:`use`)."""
    before = _active
    use(model)
    try:
        yield
    finally:
        use(before)


def generation() -> int:
    """How many times :func:`use` changed the model."""
    return _generation


@lru_cache(maxsize=1)
def weights() -> npt.NDArray[np.float32]:
    """The model's weight per bucket."""
    path = resources.files("panelist") / "data" / "boundaries.npy"
    with resources.as_file(path) as file:
        loaded: npt.NDArray[np.float32] = np.load(file).astype(np.float32)
    return loaded


def cuts(words: Sequence[str], model: npt.NDArray[np.float32] | None = None) -> list[int]:
    """Indexes of the words (as written) that start a new sentence, read left to right.

    A cut leaves at least :data:`MIN_WORDS` words on each side. ``model`` replaces the weights
    in use (training).
    """
    tokens = [token(w) for w in words]
    w = model if model is not None else _active if _active is not None else weights()
    out: list[int] = []
    last = 0
    for j in range(MIN_WORDS, len(tokens) - MIN_WORDS + 1):
        if j - last < MIN_WORDS:
            continue
        z = float(w[hashed(gap_features(words, tokens, j, j - last))].sum())
        if z >= _LOGIT:
            out.append(j)
            last = j
    return out
