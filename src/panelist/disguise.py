"""Text as a reader sees it, with the disguises that hide words from a pattern undone.

Invisible characters, Unicode "tag" letters, compatibility forms (full-width letters), accents
and combining marks on Latin letters, Cyrillic and Greek look-alikes inside Latin words,
leetspeak ("g1ve"), spaced-out letters ("f u l l  m a r k s") and words cut by hyphens
("ig-nore") are all read back to plain, lower-case words. These letter games are only rewritten
into words of a known vocabulary, so ordinary tokens such as "k8s", "p95", "A B testing" or
"front-end" are left alone. :func:`hidden` reads what base64, rot13 or reversed text says.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from functools import lru_cache

#: Characters that show nothing: soft hyphen, zero-width and joiner characters, direction marks
#: and overrides, word joiners, variation selectors, the byte-order mark.
_INVISIBLE = [
    0x00AD,
    0x034F,
    0x061C,
    0x180E,
    0xFEFF,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2070),
    *range(0xFE00, 0xFE10),
]
_TRANSLATE: dict[int, str | None] = dict.fromkeys(_INVISIBLE)
# Unicode tag characters mirror ASCII invisibly ("ASCII smuggling"): read them as ASCII.
_TRANSLATE.update({0xE0000 + c: chr(c) for c in range(0x20, 0x7F)})
_TRANSLATE.update(dict.fromkeys((0xE0001, 0xE007F)))
_TRANSLATE.update({ord(q): '"' for q in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\uff02"})
_TRANSLATE.update({ord(q): "'" for q in "\u2018\u2019\u201a\u201b\u2032\u00b4\uff07"})
_TRANSLATE.update({ord(d): "-" for d in "\u2010\u2011\u2012\u2212"})

#: Cyrillic and Greek letters that look like Latin ones, as the Latin letter they imitate.
_LOOKALIKES = {
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c", "\u0445": "x",
    "\u0443": "y", "\u0456": "i", "\u0458": "j", "\u04bb": "h", "\u0455": "s", "\u0501": "d",
    "\u051b": "q", "\u051d": "w", "\u0410": "A", "\u0412": "B", "\u0415": "E", "\u041a": "K",
    "\u041c": "M", "\u041d": "H", "\u041e": "O", "\u0420": "P", "\u0421": "C", "\u0422": "T",
    "\u0425": "X", "\u0406": "I", "\u0408": "J", "\u0405": "S", "\u04c0": "I", "\u0391": "A",
    "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H", "\u0399": "I", "\u039a": "K",
    "\u039c": "M", "\u039d": "N", "\u039f": "O", "\u03a1": "P", "\u03a4": "T", "\u03a5": "Y",
    "\u03a7": "X", "\u03bf": "o", "\u03b1": "a", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v",
    "\u03c1": "p", "\u03c5": "u", "\u03c7": "x", "\u0131": "i",
}  # fmt: skip
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)
_LOOKALIKE = re.compile(f"[{''.join(_LOOKALIKES)}]")
_LETTERS = re.compile(r"[^\W\d_]+")
_LATIN = re.compile("[A-Za-z]")
#: Combining marks on an ASCII letter (accents, and "Zalgo" stacks of them).
_MARKS = re.compile(r"(?<=[A-Za-z])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+")

_LEET = {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s"}
#: Letters next to digits or symbols used as letters, and the tokens they can be part of.
_MIXED = re.compile(r"[a-z][0-9@$]|[0-9@$][a-z]")
_TOKEN = re.compile(r"[a-z0-9@$]+")
#: A letter or digit on its own, and what may separate such letters in a spaced-out word.
_SINGLE = re.compile(r"(?<![a-z0-9])[a-z0-9](?![a-z0-9])")
_SEPARATORS = frozenset(" .-_*/|\n\u00b7\u2022")
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r" ?\n[\s]*")
_HYPHENATED = re.compile(r"[a-z]+(?:-[a-z]+)+")

#: A run of base64 long enough to hide a sentence.
_BASE64 = re.compile(r"(?<![\w+/=])[A-Za-z0-9+/]{24,}={0,2}(?![\w+/=])")
#: Words almost every English sentence of a few words has, and neither rot13 nor reversed
#: letters keep ("a" and "i" read the same backwards).
_COMMON = frozenset("the and to of in is it for we my on at that this was with you be are".split())
_PARTS = re.compile(r"(?<=[.!?])\s+|\s+(?=[.!?]\w)")
_LOWER_WORDS = re.compile(r"[a-z]+")
_ROT13 = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "nopqrstuvwxyzabcdefghijklmNOPQRSTUVWXYZABCDEFGHIJKLM",
)


def reveal(text: str, vocabulary: frozenset[str]) -> str:
    """``text`` lower-cased, with invisible characters, look-alikes and letter games undone."""
    text = text.translate(_TRANSLATE)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        if _LOOKALIKE.search(text):
            text = _LETTERS.sub(_fold_lookalikes, text)
        text = unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text)))
    text = text.casefold()
    if _MIXED.search(text):
        text = _TOKEN.sub(lambda m: _unleet(m.group(0), vocabulary), text)
    text = _respace(text, vocabulary)
    if "-" in text:
        text = _HYPHENATED.sub(lambda m: _unhyphen(m.group(0), vocabulary), text)
    return _NEWLINES.sub("\n", _SPACES.sub(" ", text)).strip()


def hidden(text: str) -> list[str]:
    """What ``text`` may say under an encoding: its base64 runs decoded, and the letters of
    each of its sentences that has none of the commonest English words rot13-shifted and
    reversed (a reversed sentence starts with its full stop: it is glued to the one before)."""
    readings = [plain for run in _BASE64.findall(text) if (plain := _unbase64(run))]
    for part in _PARTS.split(text):
        words = _LOWER_WORDS.findall(part.lower())
        if len(words) >= 3 and _COMMON.isdisjoint(words):
            readings += [part.translate(_ROT13), part[::-1]]
    return readings


def _unbase64(run: str) -> str | None:
    """``run`` decoded from base64, if it decodes to readable text with letters in it."""
    run = run.rstrip("=")
    try:
        plain = base64.b64decode(run + "=" * (-len(run) % 4), validate=True)
        text = plain.decode("utf-8")
    except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
        return None
    readable = sum(c.isprintable() or c in "\n\t" for c in text)
    return text if readable == len(text) and re.search("[A-Za-z]{2}", text) else None


def _fold_lookalikes(match: re.Match[str]) -> str:
    word = match.group(0)
    if not _LOOKALIKE.search(word):
        return word
    if _LATIN.search(word) or all(c in _LOOKALIKES for c in word):
        return word.translate(_LOOKALIKE_TABLE)
    return word


def _unleet(token: str, vocabulary: frozenset[str]) -> str:
    """``token`` read as a word of ``vocabulary`` if its digits stand for letters, else as is."""
    if len(token) < 3 or not _MIXED.search(token):
        return token
    base = "".join(_LEET.get(c, c) for c in token)
    ones = base.count("1")
    if ones > 4:
        return token
    for mask in range(2**ones):
        letters = iter("l" if mask >> k & 1 else "i" for k in range(ones))
        word = "".join(next(letters) if c == "1" else c for c in base)
        if word in vocabulary:
            return word
    return token


def _unhyphen(token: str, vocabulary: frozenset[str]) -> str:
    """``token`` ("in-struc-tions") as the word of ``vocabulary`` its pieces make, else as is."""
    joined = token.replace("-", "")
    return joined if joined in vocabulary else token


def _respace(text: str, vocabulary: frozenset[str]) -> str:
    """``text`` with runs of three or more spaced-out letters read as words (linear time)."""
    runs: list[tuple[int, int]] = []
    start = end = -2
    for single in _SINGLE.finditer(text):
        if end >= 0 and single.start() == end + 1 and text[end] in _SEPARATORS:
            end = single.end()
            continue
        if end - start >= 5:  # "a b c": three letters or more
            runs.append((start, end))
        start, end = single.start(), single.end()
    if end - start >= 5:
        runs.append((start, end))
    pieces, position = [], 0
    for start, end in runs:
        pieces += [text[position:start], _unspace(text[start:end], vocabulary)]
        position = end
    return "".join([*pieces, text[position:]])


def _unspace(run: str, vocabulary: frozenset[str]) -> str:
    """A run of spaced-out letters as the word(s) of ``vocabulary`` it spells, else as is.

    The separator used most is the one inside words ("s.c.o.r.e t.h.i.s"): others end a word.
    """
    separators = run[1::2]
    inner = max(set(separators), key=separators.count)
    words = ["".join(run[i] for i in range(0, len(run), 2))]
    if len(set(separators)) > 1:
        words = re.split(r"[^a-z0-9]+", run.replace(inner, ""))
    read = [
        w if w.isdigit() or w in vocabulary else " ".join(_segment(w, vocabulary) or ())
        for w in words
    ]
    return " ".join(read) if all(read) else run


@lru_cache(maxsize=4096)
def _segment(letters: str, vocabulary: frozenset[str]) -> tuple[str, ...] | None:
    """``letters`` cut into at most five words of ``vocabulary`` or numbers (fewest words)."""
    best: dict[int, tuple[str, ...]] = {0: ()}
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 14), end):
            word = letters[start:end]
            if start in best and (word in vocabulary or word.isdigit()) and len(best[start]) < 5:
                candidate = (*best[start], word)
                if end not in best or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best.get(len(letters))
