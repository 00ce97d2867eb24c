"""Secrets out of error texts: keys and tokens become ``[redacted]`` before anything shows them.

Applied wherever an error is built from what a server said or an exception's text, so that a
server echoing the API key cannot put it on stderr, in a batch's error lines or in a report.
"""

from __future__ import annotations

import re
from urllib.parse import quote

REDACTED = "[redacted]"
#: Secrets shorter than this are not replaced: they would match ordinary words.
MIN_SECRET = 4

_NOT_DONE = r"""(?!\s*["']?\[redacted\])"""
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # user:password@ in URLs
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s:@]+:[^/\s@]+@"), rf"\1{REDACTED}@"),
    # Authorization: Bearer xxx / "authorization": "Basic xxx"
    (
        re.compile(
            rf"""(?i)\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?){_NOT_DONE}[^\s"',;}}][^\r\n"',;}}]*"""
        ),
        rf"\1{REDACTED}",
    ),
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{4,}"), rf"\1 {REDACTED}"),
    # Well-known key formats (OpenAI, Anthropic, Stripe, GitHub, Hugging Face, Groq, Slack,
    # Google, AWS) and JSON web tokens.
    (
        re.compile(
            r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}|\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}"
            r"|\bgh[pousr]_[A-Za-z0-9]{20,}|\bgithub_pat_\w{20,}|\bhf_[A-Za-z0-9]{20,}"
            r"|\bgsk_[A-Za-z0-9]{20,}|\bxox[abprs]-[A-Za-z0-9-]{10,}|\bAIza[0-9A-Za-z_-]{30,}"
            r"|\bAKIA[0-9A-Z]{16}\b|\beyJ[\w-]+\.[\w-]+\.[\w-]+"
        ),
        REDACTED,
    ),
    # api_key=..., "token": "...", password: ...
    (
        re.compile(
            r"""(?i)\b((?:(?:[\w-]*[_-])?(?:apikey|token|secret|password|passwd|credentials?"""
            r"""|signature|sig)|[\w-]*[_-]key)["']?\s*[:=]\s*["']?)"""
            rf"""{_NOT_DONE}[^\s"'&,;}})\]<>]{{6,}}"""
        ),
        rf"\1{REDACTED}",
    ),
    # any name=value whose value is a long hex or base64 run
    (
        re.compile(
            rf"""\b([\w.-]+["']?\s*[:=]\s*["']?){_NOT_DONE}[A-Za-z0-9+/_-]{{32,}}={{0,2}}"""
        ),
        rf"\1{REDACTED}",
    ),
]


def scrub(text: str, *secrets: str | None) -> str:
    """``text`` with ``secrets`` and anything that looks like a key or token redacted."""
    for secret in sorted({s for s in secrets if s and len(s) >= MIN_SECRET}, key=len, reverse=True):
        text = text.replace(secret, REDACTED).replace(quote(secret, safe=""), REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text
