"""A scripted OpenAI-compatible server for tests and benchmarks: /v1/chat/completions on
127.0.0.1 (a free port, in a thread), streaming (server-sent events) and not.

    with StubLLM(lambda request: Reply("He works at Google [1].")) as server:
        config = config.with_(llm_url=server.url, llm_model="stub")

The script is called with each request's JSON body and returns the `Reply` to send.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """What the server sends back for one request."""

    content: str = ""  # the reply text
    status: int = 200
    raw: bytes | None = None  # sent as the body instead of a completion or events (malformed)
    pieces: list[str] | None = None  # the streamed pieces; default: `content` word by word
    delay: float = 0.0  # seconds to wait before answering (a hang when longer than the timeout)


Script = Callable[[dict[str, Any]], Reply]


@dataclass
class Received:
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class StubLLM:
    script: Script
    requests: list[Received] = field(default_factory=list)
    server_seconds: float = 0.0  # time spent answering, from request read to reply written
    active: int = 0
    most_active: int = 0  # the most requests handled at the same time

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def close(self) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> StubLLM:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length", 0))
        body = json.loads(handler.rfile.read(length) or b"{}")
        started = time.perf_counter()
        with self._lock:
            self.requests.append(Received(body, dict(handler.headers.items())))
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        try:
            reply = self.script(body)
            if reply.delay:
                self._closing.wait(reply.delay)
            if reply.raw is not None or reply.status != 200:
                streamed = body.get("stream") and reply.status == 200
                kind = "text/event-stream" if streamed else "application/json"
                _send(handler, reply.status, kind, reply.raw or b'{"error": {}}')
            elif body.get("stream"):
                _send_events(handler, reply)
            else:
                _send(handler, 200, "application/json", _completion(reply.content))
        finally:
            with self._lock:
                self.active -= 1
                self.server_seconds += time.perf_counter() - started


def _handler_for(stub: StubLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body are written separately: without this, Nagle's algorithm holds the
        # body until the client's delayed ACK (up to 40 ms), which real servers do not do.
        disable_nagle_algorithm = True

        def do_POST(self) -> None:  # the name http.server calls
            if self.path.rstrip("/") != "/v1/chat/completions":
                _send(self, 404, "application/json", b'{"error": "not found"}')
                return
            stub.answer(self)

        def do_GET(self) -> None:  # the name http.server calls
            """/stats: the server's time so far, for a client in another process."""
            stats = {"server_seconds": stub.server_seconds, "requests": len(stub.requests)}
            _send(self, 200, "application/json", json.dumps(stats).encode())

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    return Handler


def _send(handler: BaseHTTPRequestHandler, status: int, kind: str, body: bytes) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _completion(content: str) -> bytes:
    words = len(content.split())
    return json.dumps(
        {
            "id": "stub",
            "object": "chat.completion",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 0, "completion_tokens": words, "total_tokens": words},
        }
    ).encode()


def _send_events(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.close_connection = True
    pieces = reply.pieces if reply.pieces is not None else re.findall(r"\S+\s*", reply.content)
    for piece in pieces:
        chunk = {
            "object": "chat.completion.chunk",
            "choices": [{"index": 0, "delta": {"content": piece}}],
        }
        handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        handler.wfile.flush()
    handler.wfile.write(b"data: [DONE]\n\n")
    handler.wfile.flush()


def passages(request: dict[str, Any]) -> dict[int, str]:
    """The numbered passages of a request, as ProfileChat sends them."""
    user = request["messages"][-1]["content"]
    found = re.findall(r'<passage number="(\d+)"[^>]*>\n(.*?)\n</passage>', user, re.S)
    return {int(number): text for number, text in found}


def number_of(request: dict[str, Any], text: str) -> int:
    """The number of the first passage sent that contains `text`."""
    return next(n for n, passage in passages(request).items() if text in passage)
