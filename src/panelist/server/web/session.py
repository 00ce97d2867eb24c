"""Web sessions: a signed, HttpOnly, SameSite=Lax cookie holding who signed in and the CSRF
token of the forms; and the headers every page gets.

The cookie is signed with a key derived from ``PANELIST_SECRET_KEY`` and expires after
``session_hours``; it holds no secret but the CSRF token. A visitor without a valid cookie gets
a new anonymous one (so the sign-in and candidate forms have a CSRF token too). It records when
its user signed in, so the server can end it early: see
:func:`panelist.server.services.accounts.session_is_current`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from panelist.server.config import ServerSettings
from panelist.server.security import Signer, new_csrf_token

COOKIE = "panelist_session"
SCOPE_KEY = "panelist.session"
#: Paths that are not pages: no session, no page headers.
NOT_PAGES = ("/api/", "/static/", "/docs", "/openapi.json")
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # candidate links hold their token
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def _now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class WebSession:
    """One visitor's session: the signed-in user (or None), the CSRF token, when it started
    (milliseconds since the epoch), one-time notes."""

    user_id: str | None
    csrf: str
    expires: int
    issued: int = 0
    flashes: list[str] = field(default_factory=list)
    changed: bool = False

    @classmethod
    def anonymous(cls, hours: float) -> WebSession:
        """A new session with no user and a fresh CSRF token."""
        expires = int(time.time() + hours * 3600)
        return cls(None, new_csrf_token(), expires, _now_ms(), changed=True)

    def sign_in(self, user_id: str, hours: float) -> None:
        """Start a signed-in session: a new CSRF token, so nothing from before carries over."""
        self.user_id = user_id
        self.csrf = new_csrf_token()
        self.expires = int(time.time() + hours * 3600)
        self.issued = _now_ms()
        self.flashes = []
        self.changed = True

    def sign_out(self, hours: float) -> None:
        """Forget the user and start anonymous again."""
        fresh = WebSession.anonymous(hours)
        self.user_id, self.csrf, self.expires = None, fresh.csrf, fresh.expires
        self.issued, self.flashes = fresh.issued, []
        self.changed = True

    def flash(self, message: str) -> None:
        """A note shown once, on the next page."""
        self.flashes.append(message)
        self.changed = True

    def take_flashes(self) -> list[str]:
        """The notes waiting to be shown, now forgotten."""
        notes, self.flashes = self.flashes, []
        if notes:
            self.changed = True
        return notes

    def to_dict(self) -> dict[str, object]:
        return {
            "u": self.user_id,
            "c": self.csrf,
            "e": self.expires,
            "i": self.issued,
            "f": self.flashes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WebSession | None:
        """The session in a verified cookie, or None when malformed or expired.

        A cookie without its sign-in time counts as signed in at the epoch.
        """
        user, csrf, expires, notes = data.get("u"), data.get("c"), data.get("e"), data.get("f")
        issued = data.get("i", 0)
        if not (isinstance(csrf, str) and csrf and isinstance(expires, int)):
            return None
        if expires <= time.time() or not (user is None or isinstance(user, str)):
            return None
        if not isinstance(issued, int) or isinstance(issued, bool):
            return None
        flashes = [n for n in notes if isinstance(n, str)] if isinstance(notes, list) else []
        return cls(user, csrf, expires, issued, flashes)


def _cookie(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed header: as if there were no cookie
                return None
            if COOKIE in jar:
                return jar[COOKIE].value
    return None


class WebSessions:
    """ASGI middleware: the session in ``scope["panelist.session"]`` and the page headers.

    ``state`` is the app's state, whose ``secret_key`` is set when the app starts.
    """

    def __init__(self, app: ASGIApp, state: Any, settings: ServerSettings) -> None:
        self.app = app
        self.state = state
        self.settings = settings

    def _secure(self, scope: Scope) -> bool:
        if self.settings.cookie_secure is not None:
            return self.settings.cookie_secure
        return scope.get("scheme") == "https"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope["path"]).startswith(NOT_PAGES):
            await self.app(scope, receive, send)
            return
        signer = Signer(self.state.secret_key, "web-session")
        raw = _cookie(scope)
        data = signer.loads(raw) if raw else None
        session = (WebSession.from_dict(data) if data else None) or WebSession.anonymous(
            self.settings.session_hours
        )
        scope[SCOPE_KEY] = session
        secure = self._secure(scope)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in PAGE_HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("Content-Security-Policy", PAGE_CSP)
                if session.changed:
                    max_age = max(0, int(session.expires - time.time()))
                    cookie = (
                        f"{COOKIE}={signer.dumps(session.to_dict())}; Path=/; "
                        f"Max-Age={max_age}; HttpOnly; SameSite=Lax"
                    )
                    headers.append("Set-Cookie", cookie + ("; Secure" if secure else ""))
            await send(message)

        await self.app(scope, receive, with_headers)
