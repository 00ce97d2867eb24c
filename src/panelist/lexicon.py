"""The phrase patterns of ``data/lexicon.yaml``, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


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
            Match(category, m.start(), m.end(), m.group())
            for m in self._patterns[category].finditer(text.replace("\u2019", "'"))
        ]

    def count(self, category: str, text: str) -> int:
        """How many times ``category`` occurs in ``text``."""
        return len(self._patterns[category].findall(text.replace("\u2019", "'")))


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    """The lexicon shipped with Panelist."""
    source = resources.files("panelist") / "data" / "lexicon.yaml"
    return Lexicon(yaml.safe_load(source.read_text(encoding="utf-8")))
