"""One deadline for a whole request, and a way to abort one from another thread.

httpx's timeouts apply to each network operation, so a server that drips one byte per second
never trips a 30 s read timeout. The sync transport sets a deadline (a context variable, so each
thread has its own) and this network backend gives every connect, read and write only the time
left before it. The async transport uses `asyncio.timeout` around the whole request instead.

A prefetch thread runs under a `Cancellation`: when the listing is closed (a `break`, Ctrl-C),
`cancel()` shuts down the socket the thread is blocked on, so it ends at once, and the retry
transport sends no retry after that. The client's close() shuts down every socket of its pool
the same way (closing a socket wakes no thread blocked on it).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore

_deadline: ContextVar[float | None] = ContextVar("ionq_request_deadline", default=None)


class Cancellation(threading.Event):
    """Set by the thread that owns a listing; read by the thread fetching for it (`wait` is a
    retry's wait that ends early when the listing is cancelled)."""

    _stream: httpcore.NetworkStream | None = None

    def using(self, stream: httpcore.NetworkStream | None) -> None:
        """The stream the fetching thread is on now (None between fetches: an idle pooled
        connection must not be shut down)."""
        self._stream = stream

    def cancel(self) -> None:
        self.set()
        stream, self._stream = self._stream, None
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes a recv blocked in the other thread


current_cancellation: ContextVar[Cancellation | None] = ContextVar(
    "ionq_cancellation", default=None
)


def _track(stream: httpcore.NetworkStream) -> None:
    """Stored first, then checked: a cancel() either finds the stream to shut down or ran
    before the check (checked first, a cancel() in between would find neither)."""
    cancellation = current_cancellation.get()
    if cancellation is not None:
        cancellation.using(stream)
        if cancellation.is_set():
            raise httpcore.ReadError("the listing was closed")


@contextlib.contextmanager
def request_deadline(seconds: float | None) -> Iterator[None]:
    """Every network operation inside the block must finish within `seconds` in all."""
    token = _deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining(timeout: float | None, error: type[Exception] = httpcore.ReadTimeout) -> float | None:
    """The shorter of an operation's own timeout and the time left; raises once none is left."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the request took longer than its timeout")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, live: set[Any]) -> None:
        self._stream, self._live = stream, live
        live.add(self)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        _track(self._stream)
        return self._stream.read(max_bytes, remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        _track(self._stream)
        self._stream.write(buffer, remaining(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._live.discard(self)
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        self._live.discard(self)  # done either way: the TLS stream is on the same socket
        try:
            left = remaining(timeout, httpcore.ConnectTimeout)
            tls = self._stream.start_tls(ssl_context, server_hostname, left)
        except BaseException:
            self._stream.close()  # a failed handshake's socket (httpcore closes only its own)
            raise
        return _DeadlineStream(tls, self._live)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.SyncBackend):
    """httpcore's network backend, every operation within the request deadline. `shutdown()`
    (the client's close()) wakes every request blocked on one of its sockets in another thread:
    closing a socket does not, and the request waited out its timeout."""

    def __init__(self) -> None:
        self._live: set[_DeadlineStream] = set()
        self._closed = False

    def shutdown(self) -> None:
        self._closed = True
        for stream in list(self._live):
            sock = stream.get_extra_info("socket")
            if isinstance(sock, socket.socket):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        left = remaining(timeout, httpcore.ConnectTimeout)
        if self._closed:  # a request that passed the client's check as it closed
            raise httpcore.ConnectError("the client was closed")
        stream = super().connect_tcp(host, port, left, local_address, socket_options)
        return _DeadlineStream(stream, self._live)
