"""Which language an answer is in, when it is not English.

Two signals, both cheap: the script of the letters (an answer mostly in Arabic, Chinese,
Cyrillic... letters is not English), and, for Latin script, the share of function words of
French, Spanish, German, Portuguese, Italian or Dutch against English ones. A few foreign
words or names in an English answer move neither.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from panelist.datafiles import load_yaml

_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_OTHER_LETTER = re.compile("[^\\W\\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_WORD = re.compile("[^\\W\\d_]+")


@dataclass(frozen=True)
class Languages:
    """The function words and thresholds of ``data/languages.yaml``."""

    function_words: dict[str, frozenset[str]]
    script_weights: dict[str, float]
    other_script_share: float
    min_hits: int
    min_share: float

    def identify(self, text: str) -> str | None:
        """The language (``"fr"``) or script (``"cyrillic"``) of ``text``; None if English.

        Text with no letters, or too few function words to tell, counts as English.
        """
        text = unicodedata.normalize("NFKC", text)
        script = self._other_script(text)
        if script:
            return script
        words = [_plain(w) for w in _WORD.findall(text.casefold())]
        if not words:
            return None
        counts = Counter(code for w in words for code in self._languages_of.get(w, ()))
        english = counts.pop("en", 0) / len(words)
        if not counts:
            return None
        code, hits = counts.most_common(1)[0]
        share = hits / len(words)
        if hits >= self.min_hits and share >= self.min_share and share > english:
            return code
        return None

    @cached_property
    def _languages_of(self) -> dict[str, tuple[str, ...]]:
        """Each function word and the languages it belongs to."""
        languages: dict[str, list[str]] = {}
        for code, vocab in self.function_words.items():
            for word in vocab:
                languages.setdefault(word, []).append(code)
        return {word: tuple(codes) for word, codes in languages.items()}

    def _other_script(self, text: str) -> str | None:
        if text.isascii():
            return None
        weights: dict[str, float] = {}
        for char in _OTHER_LETTER.findall(text):
            script = _script(char)
            weights[script] = weights.get(script, 0.0) + self.script_weights.get(script, 1.0)
        if not weights:
            return None
        total = sum(weights.values()) + len(_LATIN_LETTER.findall(text))
        if sum(weights.values()) / total > self.other_script_share:
            return max(weights, key=weights.__getitem__).lower()
        return None


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The script of a letter, from its Unicode name ("CYRILLIC SMALL LETTER A" is Cyrillic)."""
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


@lru_cache(maxsize=50_000)
def _plain(word: str) -> str:
    """``word`` without accents: "für" is "fur"."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def get_languages() -> Languages:
    """The language data shipped with Panelist."""
    source = resources.files("panelist") / "data" / "languages.yaml"
    raw = load_yaml(source.read_text(encoding="utf-8"))
    shared = set(raw["shared_words"].split())
    return Languages(
        function_words={
            code: frozenset(words.split()) - (shared if code == "en" else set())
            for code, words in raw["function_words"].items()
        },
        script_weights={k: float(v) for k, v in raw["script_weights"].items()},
        other_script_share=float(raw["other_script_share"]),
        min_hits=int(raw["min_hits"]),
        min_share=float(raw["min_share"]),
    )


def foreign_language(text: str) -> str | None:
    """The language or script of ``text`` if it is not English, else None."""
    return get_languages().identify(text)
