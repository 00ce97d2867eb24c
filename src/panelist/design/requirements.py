"""A job description's requirements, with the section they are in, ranked by importance.

Requirements are the bullet and numbered lines of the description, read with the same rule as
the rest of Panelist (``panelist.engines.rubric.semantics.jd_requirements``): markup characters
``* _ ``` are removed and lines of fewer than three words are skipped.

Ranking is deliberately simple, in three tiers, keeping document order inside a tier
(descriptions list what matters most first, and earlier sections first):

1. lines that say *must*, *required*, *essential* or *mandatory*;
2. every other line;
3. nice-to-haves (a line starting "Nice to have", "Bonus" or "Plus", or any line under a heading
   saying nice to have, preferred, bonus, desirable or optional), years-of-experience lines
   ("3+ years in ..."), "proven track record" lines and credentials (a registration, licence,
   certification, degree or clearance), which a screen of the CV checks better than an
   interview question, even when they are a must.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+(.*\S)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*\S)")
_MUST = re.compile(r"\b(?:must|required|essential|mandatory)\b", re.IGNORECASE)
_NICE_LINE = re.compile(r"^(?:nice[- ]to[- ]have|bonus|plus)\b", re.IGNORECASE)
_NICE_HEADING = re.compile(
    r"\b(?:nice[- ]to[- ]have|preferred|bonus|desirable|optional)\b", re.IGNORECASE
)
_SCREEN = re.compile(
    r"^(?:\d+\s*\+?\s*(?:-\s*\d+\s*)?years?\b|(?:a\s+)?proven track record\b)", re.IGNORECASE
)
_CREDENTIAL = re.compile(
    r"\b(?:registration|certification|certified|certificate|licen[cs]e[ds]?|degree|diploma|"
    r"security clearance|right to work)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Requirement:
    """A requirement line: its text, heading, position in the description and tier (0 first)."""

    text: str
    section: str
    position: int
    tier: int
    #: A years-of-experience, track-record or credential line: for the CV screen; never the
    #: subject of a technical question.
    screen: bool = False


def title(job_description: str) -> str | None:
    """The first heading of the description (markup removed), if it has one."""
    for line in job_description.splitlines():
        match = _HEADING.match(line)
        if match:
            return re.sub(r"[*_`]+", "", match.group(1)).strip() or None
    return None


def _tier(text: str, section: str) -> int:
    if _NICE_LINE.match(text) or _NICE_HEADING.search(section) or _screen(text):
        return 2
    if _MUST.search(text):
        return 0
    return 1


def _screen(text: str) -> bool:
    return bool(_SCREEN.match(text) or _CREDENTIAL.search(text))


def requirements(job_description: str) -> list[Requirement]:
    """Every requirement line, in document order."""
    found: list[Requirement] = []
    section = ""
    for line in job_description.splitlines():
        heading = _HEADING.match(line)
        if heading:
            section = heading.group(1).strip()
            continue
        match = _BULLET.match(line)
        if not match:
            continue
        text = re.sub(r"[*_`]+", "", match.group(1)).strip()
        if len(text.split()) >= 3 and text not in {r.text for r in found}:
            tier = _tier(text, section)
            found.append(Requirement(text, section, len(found), tier, _screen(text)))
    return found


def ranked(job_description: str) -> list[Requirement]:
    """The requirements, most important first (see the module documentation)."""
    return sorted(requirements(job_description), key=lambda r: (r.tier, r.position))
