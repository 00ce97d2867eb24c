"""A scripted OpenAI-compatible server on 127.0.0.1 for unit tests of the LLM client."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx


@dataclass
class Scripted:
    """One canned response."""

    status: int = 200
    content: str | None = None
    body: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)

    def payload(self) -> bytes:
        if self.body is not None:
            return self.body.encode()
        reply = {
            "choices": [{"message": {"role": "assistant", "content": self.content or ""}}],
            "usage": {"prompt_tokens": 120, "completion_tokens": 45},
        }
        return json.dumps(reply).encode()


class FakeServer:
    """Serves scripted responses in order and records the request bodies."""

    def __init__(self) -> None:
        self.script: deque[Scripted] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                outer.requests.append(json.loads(self.rfile.read(length) or b"{}"))
                outer.headers.append(dict(self.headers))
                step = (
                    outer.script.popleft()
                    if outer.script
                    else Scripted(status=500, body="no script")
                )
                time.sleep(step.delay)
                data = step.payload()
                try:
                    self.send_response(step.status)
                    self.send_header("content-type", "application/json")
                    for name, value in step.headers.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def push(self, *steps: Scripted) -> None:
        self.script.extend(steps)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class DroppingServer:
    """Accepts connections on 127.0.0.1 and closes them at once, counting them.

    What a client sees of a proxy whose backend is gone, or a server crashing on every request.
    """

    def __init__(self) -> None:
        self.accepted = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            self.accepted += 1
            conn.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}/v1"

    def close(self) -> None:
        self._stop.set()
        self.thread.join()
        self._sock.close()


def closed_port_url() -> str:
    """The URL of a port on 127.0.0.1 nobody listens on: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


class CountingTransport(httpx.BaseTransport):
    """A real HTTP transport that counts the requests (attempts) the client makes."""

    def __init__(self) -> None:
        self.calls = 0
        self._inner = httpx.HTTPTransport()
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.calls += 1
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()
