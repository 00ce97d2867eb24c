"""ASGI middleware: a request size limit and an access log that names routes, not paths.

Paths can hold invitation tokens (``/api/v1/invite/{token}``), so the log shows the route's
template; bodies (answers, passwords) and headers (tokens) are never logged.
"""

from __future__ import annotations

import json
import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("panelist.server.access")


def route_name(scope: Scope) -> str:
    """The matched route's template, e.g. ``/api/v1/invite/{token}``; never a raw path."""
    if scope.get("endpoint") is None:
        return "(no route)"
    values = {str(v): k for k, v in scope.get("path_params", {}).items()}
    parts = str(scope.get("path", "")).split("/")
    return "/".join(f"{{{values[p]}}}" if p in values else p for p in parts)


async def _send_json(send: Send, status: int, error: str) -> None:
    body = json.dumps({"error": error}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_413(send: Send, limit: int) -> None:
    await _send_json(send, 413, f"request body larger than {limit:,} bytes")


class BodyLimit:
    """Refuse bodies over ``limit`` bytes with 413, by Content-Length or as they stream in.

    The body is read here (at most ``limit`` bytes) and handed to the app in one piece.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _send_413(send, self.limit)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client left
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _send_413(send, self.limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)


class AccessLog:
    """One line per request: method, route template, status, milliseconds.

    An unexpected error becomes a 500 ``{"error": ...}`` and is logged by its type only: its
    message could quote what the request carried.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 0

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        except Exception as exc:
            access_log.error(
                "%s %s failed: %s", scope["method"], route_name(scope), type(exc).__name__
            )
            if not status:
                status = 500
                await _send_json(send, 500, "internal error; see the server log")
        finally:
            access_log.info(
                "%s %s %s %.0fms",
                scope["method"],
                route_name(scope),
                status or 500,
                (time.perf_counter() - start) * 1000,
            )
