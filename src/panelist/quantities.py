"""Durations stated in a text, for checking figures against reference points."""

from __future__ import annotations

import re

_MINUTES = {
    "second": 1 / 60,
    "sec": 1 / 60,
    "minute": 1.0,
    "min": 1.0,
    "hour": 60.0,
    "hr": 60.0,
    "day": 1440.0,
    "week": 10080.0,
    "month": 43200.0,
    "year": 525600.0,
}
_DURATION = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)*)\s*-?\s*(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|"
    r"months?|years?)\b",
    re.IGNORECASE,
)
#: Two durations agree when the larger is at most this many times the smaller.
TOLERANCE = 1.35


def durations(text: str) -> list[float]:
    """Every duration written with digits in ``text``, in minutes ("8.7 hours" -> 522)."""
    out = []
    for number, unit in _DURATION.findall(text):
        out.append(float(number.replace(",", "")) * _MINUTES[unit.lower().rstrip("s")])
    return out


def conflicting_durations(reference: str, answer: str, given: str = "") -> bool:
    """Whether ``answer`` states durations and none agrees with one in ``reference``.

    Durations in ``given`` (the question) are context, not facts to check, and are ignored.
    """
    context = durations(given)

    def facts(text: str) -> list[float]:
        return [d for d in durations(text) if not any(_agree(d, c) for c in context)]

    expected, stated = facts(reference), facts(answer)
    if not expected or not stated:
        return False
    return not any(_agree(a, b) for a in stated for b in expected)


def _agree(a: float, b: float) -> bool:
    return min(a, b) > 0 and max(a, b) <= TOLERANCE * min(a, b)
