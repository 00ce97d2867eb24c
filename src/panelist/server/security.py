"""Passwords (argon2), tokens (random, stored as SHA-256 only), signed cookie values, CSRF
tokens and in-memory rate limits."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import deque
from enum import StrEnum
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
API_TOKEN_PREFIX = "pnl_"
MIN_PASSWORD = 10


class Scope(StrEnum):
    """What an API token may do: read (GET), write (changes), admin (users)."""

    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


#: The scopes each user role may hold.
ROLE_SCOPES = {
    "admin": frozenset(Scope),
    "recruiter": frozenset({Scope.READ, Scope.WRITE}),
}


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _HASHER.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash checked when the e-mail is unknown, so both cases take the same time."""
    return _HASHER.hash(secrets.token_urlsafe(16))


def check_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; an unknown user (``None``) costs the same time."""
    try:
        return _HASHER.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_api_token() -> str:
    """A fresh API token: ``pnl_`` and 43 URL-safe characters (256 bits)."""
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_invite_token() -> str:
    """A fresh invitation token (256 bits), part of the candidate's link."""
    return secrets.token_urlsafe(32)


def new_csrf_token() -> str:
    """A fresh CSRF token (256 bits), kept in the web session and put in every form."""
    return secrets.token_urlsafe(32)


def same_token(expected: str, given: str) -> bool:
    """Whether two tokens are equal, compared in constant time; empty never matches."""
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Signer:
    """Signs JSON values with HMAC-SHA256 under a key derived from the server's secret key.

    ``purpose`` separates uses: a value signed for one is refused by another.
    """

    def __init__(self, secret_key: str, purpose: str) -> None:
        self._key = hashlib.sha256(f"panelist:{purpose}:{secret_key}".encode()).digest()

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).digest())

    def dumps(self, value: dict[str, object]) -> str:
        """``value`` as ``payload.signature`` (URL-safe base64; readable, not secret)."""
        payload = _b64(json.dumps(value, separators=(",", ":")).encode("utf-8"))
        return f"{payload}.{self._mac(payload)}"

    def loads(self, signed: str) -> dict[str, object] | None:
        """The value, or None when the signature or the format is wrong."""
        payload, _, mac = signed.partition(".")
        if not (payload.isascii() and mac.isascii() and payload and mac):
            return None
        if not hmac.compare_digest(mac, self._mac(payload)):
            return None
        try:
            value = json.loads(_unb64(payload))
        except ValueError:
            return None
        return value if isinstance(value, dict) else None


class RateLimiter:
    """At most ``limit`` events per key in any ``window`` seconds (one process, in memory)."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Record an event for ``key``; False when it is over the limit."""
        moment = time.monotonic()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= moment - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(moment)
            if len(self._events) > 10_000:  # forget idle keys
                stale = moment - self.window
                for idle in [k for k, v in self._events.items() if not v or v[-1] <= stale]:
                    del self._events[idle]
            return True

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may act again."""
        with self._lock:
            events = self._events.get(key)
            if not events:
                return 0
            return max(1, int(events[0] + self.window - time.monotonic()) + 1)
