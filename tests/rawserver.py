"""A loopback HTTP server on raw sockets, for hostile tests: every byte on the wire is chosen.

Each scripted answer is a function of the request (method, target, headers) that writes to the
socket as it likes: a whole response, a dripping one, a reset, nothing at all.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]


Answer = Callable[[Request, socket.socket], None]


def response_bytes(
    status: int = 200,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    reason: str = "Whatever",
) -> bytes:
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
    head += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def send(status: int = 200, body: bytes | str | object = b"", **headers: str) -> Answer:
    """A whole response; a non-bytes body is sent as JSON."""
    if isinstance(body, str):
        data = body.encode()
    elif isinstance(body, bytes):
        data = body
    else:
        data = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    named = {name.replace("_", "-"): value for name, value in headers.items()}

    def answer(_request: Request, conn: socket.socket) -> None:
        conn.sendall(response_bytes(status, data, named))

    return answer


def page(jobs: list[object], next_cursor: str | None = None, **headers: str) -> Answer:
    return send(200, {"jobs": jobs, "next": next_cursor}, **headers)


def gzipped(body: bytes, status: int = 200) -> Answer:
    data = gzip.compress(body, compresslevel=1)

    def answer(_request: Request, conn: socket.socket) -> None:
        conn.sendall(
            response_bytes(
                status, data, {"Content-Type": "application/json", "Content-Encoding": "gzip"}
            )
        )

    return answer


def drip(interval: float, total: float = 60.0) -> Answer:
    """Headers at once, then the body one byte per `interval` seconds, for up to `total`."""

    def answer(_request: Request, conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nContent-Type: application/json\r\n\r\n"
        )
        deadline = time.monotonic() + total
        with contextlib.suppress(OSError):
            while time.monotonic() < deadline:
                conn.sendall(b" ")
                time.sleep(interval)

    return answer


def hang(seconds: float = 60.0) -> Answer:
    """Read the request, answer nothing for `seconds`."""

    def answer(_request: Request, conn: socket.socket) -> None:
        conn.settimeout(seconds)
        with contextlib.suppress(OSError):
            conn.recv(1)  # returns when the client gives up (or after `seconds`)

    return answer


@dataclass
class RawServer:
    """Serves `answers` in order (the last one repeats). `requests` records what came in."""

    answers: list[Answer]
    requests: list[Request] = field(default_factory=list)
    port: int = 0
    _sock: socket.socket | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v0.4"

    def __enter__(self) -> RawServer:
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        assert self._sock is not None
        self._sock.close()

    def _serve(self) -> None:
        assert self._sock is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _connection(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.settimeout(30)
            buffer = b""
            while not self._stop.is_set():
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                request = Request(method, target, headers)
                index = min(len(self.requests), len(self.answers) - 1)
                self.requests.append(request)
                self.answers[index](request, conn)


@contextlib.contextmanager
def serving(*answers: Answer) -> Iterator[RawServer]:
    with RawServer(list(answers)) as server:
        yield server
