"""Retries as an httpx transport: the one seam both the sync and the async client go through.

Retrying below the client means a retried page is the same request with the same cursor: a
retry can never lose or duplicate a job. The transport reads the body before deciding, so a
connection dropped mid-body is retried like one dropped before the headers; it reads it within
one deadline per attempt and refuses a body past `max_response_bytes`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import random
import threading
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import httpx

from ._deadline import current_cancellation, request_deadline
from ._retry_after import parse_retry_after
from .errors import ATTEMPTS, PROXY, _key_of, _scrubbed

# request extension: seconds the request may take in all, its retries included (a wait's time
# left); without it each attempt has the client's timeout
TIME_LEFT = "ionq_time_left"

logger = logging.getLogger("ionq_facade")

INITIAL_RETRY_DELAY = 0.5  # seconds before the first retry
MAX_RETRY_DELAY = 8.0  # cap of the exponential backoff
JITTER = 0.25  # each delay is shortened by up to this fraction, at random
MAX_RETRY_AFTER = 60.0  # a Retry-After longer than this is not waited for: the error is raised
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, *range(520, 530)})
# Safe to send again (RFC 9110 9.2.2): reads, and PUT/DELETE, whose repetition has the effect of
# one. POST is never retried: a second POST could create or charge twice.
RETRY_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
MAX_RESPONSE_BYTES = 64 * 2**20  # a page of 1,000 jobs is about 1.5 MiB; more is refused
# errors in our own request (an illegal header, an unsupported URL): never retried
LOCAL_ERRORS = (httpx.LocalProtocolError, httpx.UnsupportedProtocol)
WrappedT = TypeVar("WrappedT", httpx.BaseTransport, httpx.AsyncBaseTransport)


@dataclass(frozen=True)
class RetryPolicy:
    """When to retry and how long to wait. `random`, `now`, `monotonic`, `sleep` and
    `async_sleep` are the seams tests replace with a fake clock (`wait_for_jobs` uses them too)."""

    max_retries: int = 3
    initial_delay: float = INITIAL_RETRY_DELAY
    max_delay: float = MAX_RETRY_DELAY
    max_retry_after: float = MAX_RETRY_AFTER
    random: Callable[[], float] = field(default=random.random, repr=False)
    now: Callable[[], float] = field(default=time.time, repr=False)
    monotonic: Callable[[], float] = field(default=time.monotonic, repr=False)  # waits' deadline
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)

    def __post_init__(self) -> None:
        retries = self.max_retries
        if type(retries) is not int or retries < 0:
            raise ValueError(f"max_retries must be an integer >= 0, got {retries!r}")
        for name in ("initial_delay", "max_delay", "max_retry_after"):
            seconds = getattr(self, name)
            if isinstance(seconds, bool) or not isinstance(seconds, int | float):
                raise ValueError(f"{name} must be a number of seconds, got {seconds!r}")
            if not 0 <= seconds < math.inf:
                raise ValueError(f"{name} must be a number of seconds >= 0, got {seconds!r}")

    def backoff(self, retries_done: int) -> float:
        """Exponential backoff with jitter, capped (the exponent too: 2.0**1024 overflows)."""
        delay = min(self.initial_delay * 2.0 ** min(retries_done, 64), self.max_delay)
        return delay * (1.0 - JITTER * self.random())

    def delay(
        self, request: httpx.Request, outcome: httpx.Response | Exception, retries_done: int
    ) -> float | None:
        """Seconds to wait before sending `request` again after `outcome` (a response, or the
        error of an attempt that got none), or None to give the response to the caller or raise
        the error. A Retry-After longer than `max_retry_after` is not waited for."""
        if request.method not in RETRY_METHODS or retries_done >= self.max_retries:
            return None
        if isinstance(outcome, Exception):
            return self.backoff(retries_done)
        if outcome.status_code not in RETRY_STATUSES:
            return None
        retry_after = parse_retry_after(outcome.headers.get("retry-after"), self.now)
        if retry_after is None:
            return self.backoff(retries_done)
        return retry_after if retry_after <= self.max_retry_after else None


class ResponseTooLarge(httpx.DecodingError):
    """The body (after decompression) is larger than the client's `max_response_bytes`."""


def _cancelled() -> bool:
    cancellation = current_cancellation.get()
    return cancellation is not None and cancellation.is_set()


class _Attempts:
    """One request's attempts: each one's budget, and whether to retry after its outcome. A
    retry must fit the time left (TIME_LEFT) once its delay is waited, on the policy's clock (the
    one its sleeps use); a retry that is sent is logged (the URL, never a header: no key)."""

    def __init__(self, request: httpx.Request, policy: RetryPolicy, via: str | None) -> None:
        self.request, self.policy, self.monotonic = request, policy, policy.monotonic
        if via is not None:  # named by the request's errors
            request.extensions[PROXY] = via
        self.started = time.monotonic()
        timeout = (request.extensions.get("timeout") or {}).get("read")  # the client's timeout
        self.budget = float(timeout) if isinstance(timeout, int | float) else None
        left = request.extensions.get(TIME_LEFT)
        self.ends = self.monotonic() + left if isinstance(left, int | float) else None
        self.done = 0  # retries sent so far

    def start(self) -> float | None:
        """Marks an attempt; its budget (the client's timeout, capped by the time left)."""
        self.request.extensions[ATTEMPTS] = (self.done + 1, self.started)
        if self.ends is None:
            return self.budget
        left = max(self.ends - self.monotonic(), 0.001)
        return left if self.budget is None else min(self.budget, left)

    def retry_after(self, outcome: httpx.Response | Exception) -> float | None:
        """The delay before the next attempt, or None: this outcome is the request's."""
        if _cancelled():  # the listing was closed: its abort is not a failure to retry
            return None
        delay = self.policy.delay(self.request, outcome, self.done)
        if delay is None or (self.ends is not None and self.monotonic() + delay >= self.ends):
            return None
        reason = f"HTTP {outcome.status_code}" if isinstance(outcome, httpx.Response) else ""
        logger.info(
            "retrying %s %s after %s in %.2fs (retry %d)", self.request.method,
            self.request.url.path, reason or type(outcome).__name__, delay, self.done + 1,
        )  # fmt: skip
        self.done += 1
        return delay


def _outcome(outcome: httpx.Response | Exception) -> httpx.Response:
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


class _CappedBody:
    """Collects a body's chunks as they come off the wire, inflating gzip or deflate itself, a
    bounded step at a time, and refusing the body once it (inflated) passes `max_bytes`: a
    decompression bomb or an endless body costs at most about `max_bytes` of memory. (httpx
    inflates each network chunk whole, and a few kB of stacked gzip make gigabytes.)"""

    def __init__(self, response: httpx.Response, request: httpx.Request, max_bytes: int) -> None:
        self.response, self.request, self.max_bytes = response, request, max_bytes
        self.chunks: list[bytes] = []
        self.size = 0
        said, key = response.headers.get("content-encoding", ""), _key_of(request)
        said = _scrubbed(said, key) if said and key else said  # before it is lower-cased
        coding = said.strip().lower() or "identity"
        self.inflater = _Inflater(coding, request) if coding != "identity" else None
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes and self.inflater is None:
            raise ResponseTooLarge(
                f"response body of {int(length):,} bytes is larger than max_response_bytes="
                f"{max_bytes:,}",
                request=request,
            )

    def given(self, response: httpx.Response) -> bool:
        """Takes a body the response was built with (a MockTransport's, already inflated by
        httpx): True when there was one, so there is nothing to read off a wire."""
        if not response.is_stream_consumed:
            return False
        self.inflater = None
        self._keep(response.content)
        return True

    def add(self, chunk: bytes) -> None:
        """One chunk as it came off the wire."""
        if self.inflater is None:
            self._keep(chunk)
            return
        while chunk:  # never more out of one step than would pass the cap
            self._keep(self.inflater.inflate(chunk, self.max_bytes - self.size + 1))
            chunk = self.inflater.left

    def _keep(self, data: bytes) -> None:
        self.chunks.append(data)
        self.size += len(data)
        if self.size > self.max_bytes:
            raise ResponseTooLarge(
                f"response body is larger than max_response_bytes={self.max_bytes:,} (after "
                "decompression); refused without reading the rest",
                request=self.request,
            )

    def read(self) -> httpx.Response:
        if self.inflater is not None:
            self._keep(self.inflater.finish())
        return rebuilt(self.response, self.request, b"".join(self.chunks))


def rebuilt(response: httpx.Response, request: httpx.Request, body: bytes) -> httpx.Response:
    """`response` with `body`, built from public parts: the encoding headers dropped (the body
    is no longer encoded), the key hidden in its reason phrase (shown by its repr, which error
    reporters record with a traceback's locals)."""
    headers = response.headers.copy()
    for name in ("content-encoding", "content-length"):
        headers.pop(name, None)
    reason, key = response.extensions.get("reason_phrase"), _key_of(request)
    if isinstance(reason, bytes) and key:
        hidden = _scrubbed(reason.decode("latin-1"), key).encode("latin-1", "replace")
        response.extensions["reason_phrase"] = hidden
    return httpx.Response(
        response.status_code, headers=headers, content=body, request=request,
        extensions=response.extensions,
    )  # fmt: skip


ACCEPT_ENCODING = "gzip, deflate"  # what the client asks for: what _Inflater inflates


class _Inflater:
    """gzip (every member of it) or deflate (zlib-wrapped, or raw as some servers send it),
    `limit` bytes a step; a stream cut short, or followed by what is not a member, is corrupt."""

    def __init__(self, coding: str, request: httpx.Request) -> None:
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise httpx.DecodingError(
                f"content-encoding {coding!r} is not one this client asked for ({ACCEPT_ENCODING})",
                request=request,
            )
        self.request, self.gzip = request, "gzip" in coding
        self.raw_fallback = not self.gzip  # decided on the first two bytes of a deflate body
        self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 16 if self.gzip else zlib.MAX_WBITS)
        self.left = b""
        self.waiting = b""  # a deflate body's first byte, alone: too little to tell its kind
        self.fed = False  # an empty body (a HEAD's, a 204's) is empty, whatever its encoding

    def inflate(self, data: bytes, limit: int) -> bytes:
        self.fed = True
        if self.raw_fallback and len(self.waiting + data) < 2:
            self.waiting, self.left = self.waiting + data, b""
            return b""
        data, self.waiting = self.waiting + data, b""
        try:
            out: bytes = self.inflater.decompress(data, limit)
        except zlib.error as exc:
            if not self.raw_fallback:
                raise self._corrupt(exc) from exc
            self.raw_fallback, self.inflater = False, zlib.decompressobj(-zlib.MAX_WBITS)
            return self.inflate(data, limit)
        self.raw_fallback = False
        self.left = self.inflater.unconsumed_tail
        if self.inflater.eof and self.inflater.unused_data:  # what follows the stream's end
            if not self.gzip:
                raise self._corrupt("data after the end of the deflate stream")
            self.left = self.inflater.unused_data  # the next gzip member
            self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        return out

    def finish(self) -> bytes:
        try:
            out: bytes = self.inflater.flush()
        except zlib.error as exc:
            raise self._corrupt(exc) from exc
        if self.fed and not self.inflater.eof:
            raise self._corrupt("the body ends inside its compressed stream")
        return out

    def _corrupt(self, why: object) -> httpx.DecodingError:
        return httpx.DecodingError(f"corrupt compressed body: {why}", request=self.request)


def read_capped(response: httpx.Response, request: httpx.Request, max_bytes: int) -> httpx.Response:
    """The response, its body read within the cap. An error status whose body cannot be read
    (too large, corrupt, in an encoding not asked for) is that status's error all the same,
    retried as one (a 503 is still a 503): a success's is a DecodingError."""
    try:
        body = _CappedBody(response, request, max_bytes)
        if not body.given(response):
            for chunk in response.iter_raw():
                body.add(chunk)
        return body.read()
    except httpx.DecodingError:
        if response.is_success:
            raise
        return rebuilt(response, request, b"")
    finally:
        response.close()


async def aread_capped(
    response: httpx.Response, request: httpx.Request, max_bytes: int
) -> httpx.Response:
    try:
        body = _CappedBody(response, request, max_bytes)
        if not body.given(response):
            async for chunk in response.aiter_raw():
                body.add(chunk)
        return body.read()
    except httpx.DecodingError:
        if response.is_success:
            raise
        return rebuilt(response, request, b"")
    finally:
        await response.aclose()


class _Retrying(Generic[WrappedT]):
    def __init__(
        self,
        wrapped: WrappedT,
        policy: RetryPolicy,
        max_bytes: int = MAX_RESPONSE_BYTES,
        via: str | None = None,
    ) -> None:
        """`via`: the proxy `wrapped` goes through (its password hidden), named in errors."""
        self._wrapped: WrappedT = wrapped
        self._policy, self._max_bytes, self._via = policy, max_bytes, via
        self._closing = threading.Event()  # set by close(): ends a sync retry's wait at once
        self._async_closing: tuple[object, asyncio.Event] | None = None  # (its loop, the event)

    def _check_open(self, request: httpx.Request) -> None:
        """Closed (by another thread or task) before or while a retry waited: that retry is not
        sent (a close that cut an attempt short is no failure to retry)."""
        if self._closing.is_set():
            raise httpx.ReadError("the client was closed; retry not sent", request=request)

    def _mark_closed(self) -> None:
        self._closing.set()
        if self._async_closing is not None:
            self._async_closing[1].set()

    async def _async_wait(self, seconds: float) -> None:
        """A retry's wait, ended at once by aclose() (with the policy's own sleep, as is)."""
        if self._policy.async_sleep is not asyncio.sleep:
            await self._policy.async_sleep(seconds)
            return
        loop = asyncio.get_running_loop()
        if self._async_closing is None or self._async_closing[0] is not loop:
            self._async_closing = (loop, asyncio.Event())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._async_closing[1].wait(), seconds)


class RetryTransport(_Retrying[httpx.BaseTransport], httpx.BaseTransport):
    """Wraps a transport; retries idempotent requests per `policy`. Each attempt has one
    deadline for connect, wait and body, and a body larger than `max_bytes` is refused."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(request, self._policy, self._via)
        while True:
            outcome: httpx.Response | Exception
            try:
                with request_deadline(attempts.start()):
                    response = self._wrapped.handle_request(request)
                    outcome = read_capped(response, request, self._max_bytes)
            except LOCAL_ERRORS:
                raise  # our own request is wrong: sending it again cannot help
            except httpx.TransportError as exc:
                outcome = exc
            delay = attempts.retry_after(outcome)
            if delay is None:
                return _outcome(outcome)
            self._check_open(request)
            cancellation = current_cancellation.get()
            if self._policy.sleep is not time.sleep:
                self._policy.sleep(delay)
            elif cancellation is not None:
                cancellation.wait(delay)  # a closed listing ends the wait early
            else:
                self._closing.wait(delay)  # so does close()
            if _cancelled():  # the listing was closed while we waited: send nothing more
                raise httpx.ReadError("listing closed; retry not sent", request=request)
            self._check_open(request)

    def close(self) -> None:
        self._mark_closed()
        self._wrapped.close()


class AsyncRetryTransport(_Retrying[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport):
    """The async twin of RetryTransport; same policy, same decisions."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(request, self._policy, self._via)
        while True:
            outcome: httpx.Response | Exception
            try:
                async with asyncio.timeout(attempts.start()):
                    response = await self._wrapped.handle_async_request(request)
                    outcome = await aread_capped(response, request, self._max_bytes)
            except LOCAL_ERRORS:
                raise
            except httpx.TransportError as exc:
                outcome = exc
            except TimeoutError:
                text = "the request took longer than its timeout"
                outcome = httpx.ReadTimeout(text, request=request)
            delay = attempts.retry_after(outcome)
            if delay is None:
                return _outcome(outcome)
            self._check_open(request)
            await self._async_wait(delay)
            self._check_open(request)

    async def aclose(self) -> None:
        self._mark_closed()
        await self._wrapped.aclose()
