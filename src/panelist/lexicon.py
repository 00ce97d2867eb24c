"""The phrase patterns of ``data/lexicon.yaml``, compiled once."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from panelist.datafiles import load_yaml

#: Look-alike letters (Cyrillic, Greek) and typographic quotes, mapped one to one to ASCII so that
#: "ignore" spelt with a Cyrillic "o" still reads as "ignore" and match offsets stay those of the
#: text.
_LOOKALIKES = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u0458\u04bb\u0391\u0392\u0395\u0397"
    "\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a7\u03bf\u2019\u2018",
    "aeopcxyijhABEHIKMNOPTXo''",
)
#: Invisible characters that can split a word without showing.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def normalise(text: str) -> str:
    """``text`` as a reader sees it: compatibility forms folded, invisible characters dropped."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).translate(_LOOKALIKES)


@dataclass(frozen=True)
class Match:
    """One occurrence of a lexicon category in a text."""

    category: str
    start: int
    end: int
    text: str


class Lexicon:
    """Named groups of regular expressions, matched case-insensitively on word boundaries."""

    def __init__(self, raw: dict[str, object]) -> None:
        self.version = str(raw.get("version", "0"))
        self._patterns: dict[str, re.Pattern[str]] = {}
        for name, entries in raw.items():
            if name == "version" or not isinstance(entries, list):
                continue
            body = "|".join(f"(?:{entry})" for entry in entries)
            self._patterns[name] = re.compile(
                rf"(?:(?<![\w'])|(?=[^\w']))(?:{body})(?![\w])", re.IGNORECASE
            )

    @property
    def categories(self) -> list[str]:
        """The category names."""
        return list(self._patterns)

    def find(self, category: str, text: str) -> list[Match]:
        """Every non-overlapping match of ``category`` in ``text``."""
        return [
            Match(category, m.start(), m.end(), text[m.start() : m.end()])
            for m in self._patterns[category].finditer(text.translate(_LOOKALIKES))
        ]

    def count(self, category: str, text: str) -> int:
        """How many times ``category`` occurs in ``text``."""
        return len(self._patterns[category].findall(normalise(text)))


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The lexicon shipped with Panelist."""
    source = resources.files("panelist") / "data" / "lexicon.yaml"
    return Lexicon(load_yaml(source.read_text(encoding="utf-8")))
