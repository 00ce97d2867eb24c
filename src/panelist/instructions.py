"""Text addressed to the grader: instructions, notes, fake scores and fake rubrics in an answer.

The rules of ``data/guard.yaml`` are matched over the whole answer as a reader sees it
(``panelist.disguise``), sentences joined so that an instruction cut into fragments still
reads as one. A match then has to stand in its context:

- an imperative ("give", "ignore") counts only at the start of a clause, after nothing but
  "please", "now", "I want you to"...: "I decided to ignore the runbook" is a story;
- nothing counts inside a quotation the candidate reports ("an attacker typed '...'"), nor an
  instruction that belongs to someone else ("the instructions in the runbook");
- a match across sentences counts only over fragments ("The evaluation. Should be. Full marks.");
- a role marker ("[SYSTEM]") counts only with words of scoring near it;
- text in base64, rot13 or reversed counts as what it says once decoded.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from panelist.datafiles import load_yaml
from panelist.disguise import hidden, reveal
from panelist.text import Sentence, sentences

#: What ends a clause: punctuation (Latin and CJK), markup, quotes, dashes, "and", "then"...
#: An apostrophe inside a word ("don't") does not.
_BREAKS = (
    r"[.,;:!?()\[\]{}<>\"|*#=`~\n\u3001\u3002\uff0c\uff1a\uff1b\uff01\uff1f\u2013\u2014]"
    r"|--|\s-|-\s|(?<!\w)'|'(?!\w)|\b(?:and|then|but|or|so|et|y|und|e|en|\u0438)\b"
)
_CLAUSE_BREAK = re.compile(_BREAKS)
#: A clause start: a break and the spaces and punctuation after it, read possessively so that a
#: long run of punctuation is read once.
_CLAUSE_START = re.compile(rf"(?:^|{_BREAKS})[\W_]*+")
_LEADING_GROUPS = re.compile(r"^(?:\(\?:|\()+")
_SKIP = re.compile(r"[\W_]*+")
#: A quotation followed by who says it: '"...," she said', '"..." was the subject line'.
_REPORTED_AFTER = re.compile(
    r"[^\"\n]{0,80}[\"'][\W_]{0,3}(?:[\w']+[\W_]{1,3}){0,3}"
    r"(?:said|says|wrote|writes|written|asked|asks|typed|told|replied|added|read|reads|was|were|is"
    r"|put|scribbled|noted|texted|emailed|posted|shouted|whispered|insisted|commented|explained)\b"
)
_PIECE = re.compile(r"\{([a-z_][a-z_0-9]*)\}")
_WORDS = re.compile(r"[a-z]{3,}")
#: Letters that may not touch a match: it starts and ends on word boundaries.
_EDGE = "a-z0-9\u00c0-\u024f\u0400-\u04ff"
#: A match may span up to this many sentences, of which at most one longer than
#: ``_FRAGMENT_WORDS``: an instruction cut into fragments, not words that meet across sentences.
_MAX_SENTENCES = 6
_FRAGMENT_WORDS = 6
#: How far after a role marker (in characters, at most to the end of the next sentence) to look
#: for words of scoring.
_MARKER_REACH = 300
#: How far before a quotation or a colon to look for who says it.
_REPORT_WINDOW = 60
#: How far before a match to look for the start of its clause or of a quotation.
_CONTEXT = 200


@dataclass(frozen=True)
class Rule:
    """A named group of patterns and where their matches count."""

    name: str
    where: str  # "clause", "anywhere" or "marker"
    owned: bool  # an instruction that can belong to someone else ("...in the runbook")


@dataclass(frozen=True)
class Hit:
    """A rule that matched, the sentences it spans and the text it matched (as read)."""

    rule: str
    sentences: tuple[int, ...]
    text: str


class Detector:
    """The compiled rules of ``data/guard.yaml``."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.version = str(raw.get("version", "0"))
        pieces: dict[str, str] = {}
        for name, piece in raw["pieces"].items():
            pieces[name] = _expand(piece, pieces)

        def expand(pattern: str) -> str:
            return _expand(pattern, pieces)

        sources = [*raw["pieces"].values(), *raw["soft"]]
        self._rules: dict[str, Rule] = {}
        groups: dict[tuple[str, bool, str | None], list[str]] = {}
        for rule in raw["rules"]:
            for pattern in rule["patterns"]:
                group = f"r{len(self._rules)}"
                self._rules[group] = Rule(rule["name"], rule["where"], rule.get("owned", False))
                body = expand(pattern)
                # Most rules start with a word: checking the boundary once, before trying them
                # all, is what keeps the search fast.
                at_word = _LEADING_GROUPS.sub("", body)[:1].isalnum()
                key = (rule["where"], at_word, rule.get("gate"))
                groups.setdefault(key, []).append(f"(?P<{group}>(?:{body})(?![{_EDGE}]))")
                sources.append(pattern)
        self._patterns = [
            (
                where,
                re.compile(expand(gate)) if gate else None,
                re.compile((f"(?<![{_EDGE}])" if at_word else "") + f"(?:{'|'.join(alts)})"),
            )
            for (where, at_word, gate), alts in groups.items()
        ]
        # Phrases before single words, so that "remember to" wins over "remember". A soft word
        # ends at a non-letter, or anywhere after a CJK character ("请给...").
        soft = "|".join(f"(?:{expand(s)})" for s in reversed(raw["soft"]))
        self._soft = re.compile(rf"(?:{soft})(?:[\W_]+|$|(?<=[\u2e80-\uffff]))")
        self._reports = re.compile(expand(raw["reports"]))
        self._speaking = re.compile(expand(raw["speaking_authority"]))
        self._owner = re.compile(expand(raw["owner"]))
        self._grader_owner = re.compile(expand(raw["grader_owner"]))
        self._scoring = re.compile(expand(raw["scoring_words"]))
        words = {w for source in sources for w in _WORDS.findall(source)}
        #: Words the rules look for: what leetspeak and spaced letters are read back into.
        self.vocabulary = frozenset(words | {w[:-1] for w in words if w.endswith("s")})

    def find(self, sents: Sequence[Sentence]) -> list[Hit]:
        """Every match that stands in its context, in order of the rule groups, then the
        sentences whose encoded text (base64, rot13, reversed) matches once decoded."""
        hits = self._find(sents)
        for index, sent in enumerate(sents):
            for reading in hidden(sent.text):
                decoded = self._find(sentences(reading))
                if decoded:
                    hits.append(Hit("encoded", (index,), decoded[0].text))
                    break
        return hits

    def _find(self, sents: Sequence[Sentence]) -> list[Hit]:
        """Every match that stands in its context, in order of the rule groups."""
        read = [reveal(s.text, self.vocabulary) for s in sents]
        starts: list[int] = []
        position = 0
        for piece in read:
            starts.append(position)
            position += len(piece) + 1
        text = "\n".join(read)
        sizes = [len(piece.split()) for piece in read]
        hits: list[Hit] = []
        clauses = self._clause_starts(text)
        for where, gate, pattern in self._patterns:
            if gate and not gate.search(text):
                continue
            if where == "clause":
                matches = (pattern.match(text, start) for start in clauses)
                hits += filter(None, (self._accept(m, text, starts, sizes) for m in matches if m))
                continue
            position = 0
            while match := pattern.search(text, position):
                hit = self._accept(match, text, starts, sizes)
                if hit:
                    hits.append(hit)
                position = match.end() if hit else match.start() + 1
        return hits

    def _clause_starts(self, text: str) -> list[int]:
        """Where a clause starts, and where it goes on after "please", "now", "I want you to"...

        An imperative counts only there: searching nowhere else is also what keeps the clause
        rules fast. Clauses start at words, so this is linear in the length of the text.
        """
        todo = [m.end() for m in _CLAUSE_START.finditer(text)]
        found: set[int] = set()
        while todo:
            start = todo.pop()
            if start in found or start >= len(text):
                continue
            found.add(start)
            soft = self._soft.match(text, start)
            if soft and soft.end() > start:
                todo.append(soft.end())
        return sorted(found)

    def _accept(
        self, match: re.Match[str], text: str, starts: list[int], sizes: list[int]
    ) -> Hit | None:
        rule = self._rules[str(match.lastgroup)]
        first = bisect_right(starts, match.start()) - 1
        last = bisect_right(starts, max(match.end() - 1, match.start())) - 1
        if last > first and not _fragments(sizes[first : last + 1]):
            return None
        prefix = text[max(starts[first], match.start() - _CONTEXT) : match.start()]
        if self._reported(prefix, text[match.end() : match.end() + 80]):
            return None
        if rule.owned and self._owned(text[match.end() : match.end() + 80]):
            return None
        if rule.where == "marker":
            end = starts[last + 2] - 1 if last + 2 < len(starts) else len(text)
            scoring = self._scoring.search(text, match.end(), min(end, match.end() + _MARKER_REACH))
            if not scoring:
                return None
            last = bisect_right(starts, scoring.start()) - 1
        return Hit(rule.name, tuple(range(first, last + 1)), match.group(0))

    def _reported(self, prefix: str, after: str) -> bool:
        """Whether the match is speech the candidate reports rather than says.

        A quotation is reported unless it opens a clause of its own and no one is said to say
        it, before ("the customer wrote: ...") or after ("..., she said"); after a colon, what
        follows is reported when a reporting word comes before the colon.
        """
        opening = _open_quote(prefix)
        if opening is not None:
            if _REPORTED_AFTER.match(after):
                return True
            before = prefix[:opening]
            breaks = list(_CLAUSE_BREAK.finditer(before))
            clause_start = breaks[-1].end() if breaks else 0
            if not self._soft_only(before[clause_start:]):
                return True
            if not breaks or breaks[-1].group(0) not in ":,":
                return False
            cue = before[max(0, breaks[-1].start() - _REPORT_WINDOW) : breaks[-1].start()]
        else:
            breaks = list(_CLAUSE_BREAK.finditer(prefix))
            if not breaks or breaks[-1].group(0) != ":":
                return False
            if not self._soft_only(prefix[breaks[-1].end() :]):
                return False
            cue = prefix[max(0, breaks[-1].start() - _REPORT_WINDOW) : breaks[-1].start()]
        if self._speaking.search(cue):
            return False  # "the rubric says: ..." is the answer speaking for the rubric
        return self._reports.search(cue) is not None

    def _soft_only(self, text: str) -> bool:
        """Whether ``text`` is nothing but "please", "now", "I want you to"..."""
        position = _skip(text, 0)
        while position < len(text):
            soft = self._soft.match(text, position)
            if not soft or soft.end() == position:
                return False
            position = _skip(text, soft.end())
        return True

    def _owned(self, after: str) -> bool:
        """Whether the instructions just matched belong to someone other than the grader."""
        owner = self._owner.match(after)
        return owner is not None and not self._grader_owner.search(owner.group(0))


def _expand(pattern: str, pieces: dict[str, str]) -> str:
    return _PIECE.sub(lambda m: pieces[m.group(1)], pattern)


def _skip(text: str, position: int) -> int:
    """Where the spaces and punctuation at ``position`` end."""
    match = _SKIP.match(text, position)
    return match.end() if match else position


def _fragments(sizes: list[int]) -> bool:
    """Whether sentences of these word counts are fragments an instruction could be cut into."""
    return len(sizes) <= _MAX_SENTENCES and sum(s > _FRAGMENT_WORDS for s in sizes) <= 1


def _open_quote(prefix: str) -> int | None:
    """Where the quotation that ``prefix`` ends inside opens, if it ends inside one."""
    if prefix.count('"') % 2:
        return prefix.rfind('"')
    opening = [m.start() for m in re.finditer(r"(?<!\w)'", prefix)]
    if opening and not re.search(r"\w'(?!\w)", prefix[opening[-1] + 1 :]):
        return opening[-1]
    return None


@lru_cache(maxsize=1)
def get_detector() -> Detector:
    """The rules shipped with Panelist."""
    source = resources.files("panelist") / "data" / "guard.yaml"
    return Detector(load_yaml(source.read_text(encoding="utf-8")))
