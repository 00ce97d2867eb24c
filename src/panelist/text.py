"""Plain-text utilities: sentences and words with character spans, and filler removal.

Spans always refer to the original text so that evidence quotes can be located exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from panelist import boundaries

_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*\u2022]\s)"
)
#: A full stop (or "?", "!") before a lower-case word ends a sentence too (a transcript, or an
#: answer typed in lower case), unless it closes an abbreviation ("p.m.", "e.g.", "vs."), an
#: initial ("j. smith"), a list marker ("a. rewrite", "1." at the start of a line) or is an
#: ellipsis. ``word`` is the token before the stop, ``gap`` the space after it.
_LOWER_START = re.compile(r"(?:(?<=\s)|^)[\"'(\[{]*(?P<word>\S*?)[.!?](?P<gap>\s+)(?=[a-z])")
#: Tokens after which a stop ends no sentence: a dotted abbreviation ("e.g", "p.m"), a single
#: letter other than "i" (an initial, a list marker), an ellipsis ("thought..").
_NO_END = re.compile(r"(?:[a-z]\.)+[a-z]|[a-hj-z]|.*\.")
#: A stop with no space after it ("...the team.Last March ...", "...a week.14 months ago"), and
#: what may close it; or no stop at all between a lower-case letter, figure or "%" and a capital
#: ("...within a weekLast winter ...").
_GLUED = re.compile(
    r"(?<=[^\s.!?])[.!?][\"')\]]*(?=[A-Za-z0-9(\[\"'])|(?<=[a-z0-9%])(?=[A-Z][a-z])"
)
#: Such a stop ends a sentence when the words after it begin the answer, or a sentence before
#: it, the same way: this many words, or all that follow if fewer, :data:`GLUED_MIN` at least
#: (an answer pasted twice with nothing between the copies). Elsewhere it is code
#: ("fmt.Sprintf", "time.Sleep", "JavaScript"), a title ("Dr.Jones"), a figure ("3.5"), a file
#: or a domain name, left whole.
GLUED_WORDS = 4
GLUED_MIN = 3
_LIST_NUMBER = re.compile(r"\d{1,2}")
ABBREVIATIONS = frozenset(
    """al approx ca cf co corp dept dr eg est etc fig ft ie inc incl jr ltd mr mrs prof resp sr st
    viz vol vs""".split()
)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f0-9'\u2019\-]*|\d[\d,.]*%?")
_FILLERS = re.compile(
    r"(?<![A-Za-z])(?:um+|uh+|erm+|er|ah+|hmm+|you know|i mean|kind of|sort of|basically|"
    r"like(?=,)|(?:^|(?<=[.,;:!?]\s)|(?<=\band\s))so(?=,)|yeah|okay|ok|right\?)(?![A-Za-z])[,.]?",
    re.IGNORECASE,
)
STOPWORDS = frozenset(
    """a an the and or but if then so of to in on at by for with about from into over after
    before under as is are was were be been being do did does done have has had having i you he
    she it we they me my your our their his her its this that these those what which who whom how
    why when where there here can could would should will may might must not no yes than such
    also just very really more most some any each other one way ways thing things actually up out
    all only own same too s t d ll m re ve don didn doesn isn wasn weren aren won wouldn couldn
    shouldn i'd i'm i've i'll it's that's there's we'd we're we've let let's us them him""".split()
)


@dataclass(frozen=True)
class Span:
    """A piece of the original text and where it is."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence(Span):
    """A sentence of the original text with fillers stripped for analysis."""

    clean: str


#: An answer whose sentences average more words than this was transcribed without punctuation.
UNPUNCTUATED_WORDS = 40
_TOKEN = re.compile(r"\S+")

#: Verbs in -ed that tell a thought, a wish or what one was given, not an action ("I
#: realised", "I wanted", "I wondered", "I inherited a 120-seat customer").
NOT_DONE = (
    r"(?:learn|realis|realiz|want|need|hop|wish|assum|guess|lik|lov|enjoy|expect|wonder|believ"
    r"|worri|reflect|consider|fear|doubt|imagin|prefer|inherit)ed\b"
)
#: Irregular past tenses that tell an action.
DONE = "made|led|built|wrote|took|ran|set|sent|found|chose|told|gave|met|got"
#: Verbs whose present tense ends in "-eed" ("I need", "I proceed"): not past actions.
PRESENT_EED = r"(?:need|succeed|proceed|exceed|feed|heed|speed|bleed|breed)"
#: An action the candidate tells with "I" in the past ("I rolled it back", "I wrote"), not a
#: thought, a wish or a need ("I realised", "I wanted", "I need").
ACTION = re.compile(
    rf"\bI\s+(?!would\b|will\b|think\b|believe\b|feel\b|{NOT_DONE})(?!{PRESENT_EED}\b)[a-z]+ed\b"
    rf"|\bI\s+({DONE})\b"
)
#: Words that tell a habit rather than one case ("I always", "my approach", "whenever").
HABIT = re.compile(
    r"\bI (?:always|usually|typically|normally|generally|tend to|follow(?!\s+(?:up|through)\b|-up)"
    r"|try to|like to|used to)\b|\bmy (?:usual |general )?(?:approach|process|rule|routine|habit)\b"
    r"|\b(?:whenever|every time|each time|in general|as a rule|whatever the)\b",
    re.I,
)


def sentences(text: str, transcripts: bool = True) -> list[Sentence]:
    """Split ``text`` into sentences (and list items) with their spans in ``text``.

    A transcript without punctuation (sentences of more than :data:`UNPUNCTUATED_WORDS` words
    on average) is cut where :mod:`panelist.boundaries` reads sentence ends, unless
    ``transcripts`` is false.
    """
    return list(_sentences(text, transcripts, boundaries.generation()))


@lru_cache(maxsize=256)
def _sentences(text: str, transcripts: bool, generation: int) -> tuple[Sentence, ...]:
    """:func:`sentences`, kept for the latest texts: the guard, the judge and its feedback
    each cut the same answer (``generation``: of the boundary model, see
    :func:`panelist.boundaries.use`)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for end, after in [*_ends(text), (len(text), len(text))]:
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            start = pos + chunk.index(stripped)
            spans.append((start, start + len(stripped)))
        pos = after
    if transcripts and spans and len(_WORD.findall(text)) / len(spans) > UNPUNCTUATED_WORDS:
        spans = [piece for span in spans for piece in _spoken_pieces(text, *span)]
    return tuple(Sentence(text[a:b], a, b, strip_fillers(text[a:b])) for a, b in spans)


def _ends(text: str) -> list[tuple[int, int]]:
    """Where sentences end: (end of a sentence, start of the next one's whitespace-free text)."""
    ends = {(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)}
    for m in _LOWER_START.finditer(text):
        word = m.group("word").lower()
        if word in ABBREVIATIONS or _NO_END.fullmatch(word):
            continue
        if _LIST_NUMBER.fullmatch(word) and _at_line_start(text, m.start()):
            continue
        ends.add((m.start("gap"), m.end()))
    ends |= _glued(text, [0, *(after for _, after in ends)])
    return sorted(ends)


def _glued(text: str, starts: list[int]) -> set[tuple[int, int]]:
    """The stops with no space after them that end a sentence (see :data:`GLUED_WORDS`);
    ``starts``: where sentences start otherwise."""
    found: set[tuple[int, int]] = set()
    glued = list(_GLUED.finditer(text))
    if not glued:
        return found
    # Where each head (and each head's first GLUED_MIN words) first starts a sentence.
    first: dict[tuple[str, ...], int] = {}

    def seen(at: int, head: tuple[str, ...]) -> None:
        for key in (head, head[:GLUED_MIN]):
            first[key] = min(first.get(key, at), at)

    for at in starts:
        seen(at, _head(text, at))
    for m in glued:
        head = _head(text, m.end())
        earlier = first.get(head, len(text))
        if len(head) >= GLUED_MIN and earlier < m.start():
            found.add((m.end(), m.end()))
            seen(m.end(), head)
    return found


def _head(text: str, at: int) -> tuple[str, ...]:
    """The first :data:`GLUED_WORDS` words from ``at``, in lower case."""
    return tuple(w.lower() for w in _WORD.findall(text, at, at + 200)[:GLUED_WORDS])


def _at_line_start(text: str, at: int) -> bool:
    """Whether only spaces stand between the start of ``at``'s line and ``at``."""
    return not text[text.rfind("\n", 0, at) + 1 : at].strip()


def _spoken_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` where :mod:`panelist.boundaries` reads a sentence end.

    An "and" that joins two sentences belongs to neither; a piece with fewer than
    ``boundaries.MIN_WORDS`` words once fillers are removed ("and yeah um") joins its neighbour.
    """
    found = list(_TOKEN.finditer(text, start, end))
    bounds = [0, *boundaries.cuts([m.group(0) for m in found]), len(found)]
    spans: list[tuple[int, int]] = []
    for a, b in pairwise(bounds):
        joined = a and b - a > 1 and boundaries.token(found[a].group(0)) == "and"
        first = a + 1 if joined else a
        spans.append((found[first].start(), found[b - 1].end()))
    out = spans[:1]
    for span in spans[1:]:
        if _too_short(text, *out[-1]) or _too_short(text, *span):
            out[-1] = (out[-1][0], span[1])
        else:
            out.append(span)
    return out


def _too_short(text: str, start: int, end: int) -> bool:
    return len(_WORD.findall(strip_fillers(text[start:end]))) < boundaries.MIN_WORDS


_REPEAT = re.compile(r"\b(\w+)(?:,?\s+\1\b)+", re.IGNORECASE)


def without_repeats(text: str) -> str:
    """A word said twice or more in a row ("the the", "we, we") said once."""
    return _REPEAT.sub(r"\1", text)


_LOWER_I = re.compile(r"(?<![\w'.])i(?=(?:'[a-z]+)?\s)")


def capital_i(text: str) -> str:
    """``text`` with a transcribed or typed lower-case "i" ("i think", "i'm sure") as "I" (the
    same length: spans stay valid)."""
    return _LOWER_I.sub("I", text)


def strip_fillers(text: str) -> str:
    """Remove spoken fillers ("um", "uh", "you know", "like,", "so," where a clause starts) and
    tidy the spacing."""
    cleaned = _FILLERS.sub(" ", text)
    cleaned = re.sub(r"\s+([,.;:?!])", r"\1", cleaned)
    cleaned = re.sub(r"([,;])(\s*[,;])+", r"\1", cleaned)
    cleaned = re.sub(r"(?:^|(?<=[.?!]))\s*[,;]\s*", " ", cleaned)
    cleaned = without_repeats(cleaned)
    cleaned = capital_i(cleaned)
    return re.sub(r"\s{2,}", " ", cleaned).strip(" ,;")


def words(text: str) -> list[str]:
    """Word tokens of ``text`` (letters, digits, apostrophes, hyphens)."""
    return _WORD.findall(text)


_SUFFIXES = tuple(
    """ational ization isation fulness iveness ations ation ating ated ates ate ments ment ings
    ing ness ities ity ied ies ed ers er ly es s e""".split()
)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A light suffix-stripping stem, enough to match "investigated" with "investigation"."""
    w = word.lower().replace("\u2019", "'")
    w = re.sub(r"'s$", "", w)
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def content_words(text: str) -> list[str]:
    """Lower-cased words of ``text`` that are not stop words."""
    return [w.lower() for w in words(text) if w.lower() not in STOPWORDS and len(w) > 1]


def content_stems(text: str) -> set[str]:
    """The set of stems of the content words of ``text``."""
    return {stem(w) for w in content_words(text)}


@lru_cache(maxsize=8192)
def stem_set(text: str) -> frozenset[str]:
    """:func:`content_stems`, frozen and kept for the latest texts: the judge's features and
    feedback compare the same pieces and key points many times."""
    return frozenset(content_stems(text))


def shorten(text: str, limit: int = 90) -> str:
    """``text`` cut at a word boundary to about ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "..."
