"""Retries as an httpx transport: the one seam both the sync and the async client go through.

Retrying below the client means a retried page is the same request with the same cursor: a
retry can never lose or duplicate a job. The transport reads the body before deciding, so a
connection dropped mid-body is retried like one dropped before the headers; it reads it within
one deadline per attempt and refuses a body past `max_response_bytes`.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from ._deadline import current_cancellation, request_deadline
from ._retry_after import parse_retry_after
from .errors import ATTEMPTS

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
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {self.max_retries!r}")

    def backoff(self, retries_done: int) -> float:
        """Exponential backoff with jitter, capped."""
        delay = min(self.initial_delay * 2.0**retries_done, self.max_delay)
        return delay * (1.0 - JITTER * self.random())

    def delay_for_response(self, response: httpx.Response, retries_done: int) -> float | None:
        """Seconds to wait before retrying this response, or None to give it to the caller."""
        if response.status_code not in RETRY_STATUSES:
            return None
        if retries_done >= self.max_retries:
            return None
        retry_after = parse_retry_after(response.headers.get("retry-after"), self.now)
        if retry_after is None:
            return self.backoff(retries_done)
        if retry_after > self.max_retry_after:
            return None  # the server asks for longer than we will wait: raise instead
        return retry_after

    def delay_for_error(self, retries_done: int) -> float | None:
        if retries_done >= self.max_retries:
            return None
        return self.backoff(retries_done)

    def after_error(
        self, request: httpx.Request, exc: Exception, retries_done: int
    ) -> float | None:
        """The wait before retrying a request that got no response, or None to raise."""
        if request.method not in RETRY_METHODS:
            return None
        return self.delay_for_error(retries_done)

    def after_response(
        self, request: httpx.Request, response: httpx.Response, retries_done: int
    ) -> float | None:
        """The wait before retrying this response, or None to hand it to the caller."""
        if request.method not in RETRY_METHODS:
            return None
        return self.delay_for_response(response, retries_done)


def _log_retry(request: httpx.Request, reason: str, delay: float, retries_done: int) -> None:
    # The URL carries filters and the cursor, never the key (that is a header).
    logger.info(
        "retrying %s %s after %s in %.2fs (retry %d)",
        request.method,
        request.url.path,
        reason,
        delay,
        retries_done + 1,
    )


class ResponseTooLarge(httpx.DecodingError):
    """The body (after decompression) is larger than the client's `max_response_bytes`."""


def _cancelled() -> bool:
    cancellation = current_cancellation.get()
    return cancellation is not None and cancellation.is_set()


def _sleep(policy: RetryPolicy, seconds: float) -> None:
    """The policy's sleep; under a cancellable listing with the real clock, a wait that the
    listing's close ends early."""
    cancellation = current_cancellation.get()
    if cancellation is not None and policy.sleep is time.sleep:
        cancellation.sleep(seconds)
    else:
        policy.sleep(seconds)


def _budget(request: httpx.Request) -> float | None:
    """The whole-request timeout: the client's timeout, as httpx put it on the request."""
    timeout = request.extensions.get("timeout") or {}
    value = timeout.get("read")
    return float(value) if isinstance(value, int | float) else None


class _Clock:
    """One request's attempts: each one's budget, and whether a retry still fits the time left
    (TIME_LEFT) once its delay is waited, on the policy's clock (the one its sleeps use); a
    retry that does is logged (never one that is not sent)."""

    def __init__(self, request: httpx.Request, policy: RetryPolicy) -> None:
        self.request, self.monotonic = request, policy.monotonic
        self.started = time.monotonic()
        self.budget = _budget(request)
        left = request.extensions.get(TIME_LEFT)
        self.ends = self.monotonic() + left if isinstance(left, int | float) else None

    def attempt_budget(self) -> float | None:
        if self.ends is None:
            return self.budget
        left = max(self.ends - self.monotonic(), 0.001)
        return left if self.budget is None else min(self.budget, left)

    def retry(self, delay: float | None, reason: str, retries_done: int) -> float | None:
        """`delay` if a retry after it would start before the time is up, else None."""
        if delay is not None and self.ends is not None and self.monotonic() + delay >= self.ends:
            return None
        if delay is not None:
            _log_retry(self.request, reason, delay, retries_done)
        return delay


def _refuse_if_announced_too_large(
    response: httpx.Response, request: httpx.Request, max_bytes: int
) -> None:
    length = response.headers.get("content-length", "")
    encoded = response.headers.get("content-encoding", "identity").lower() != "identity"
    if length.isdigit() and int(length) > max_bytes and not encoded:
        raise ResponseTooLarge(
            f"response body of {int(length):,} bytes is larger than max_response_bytes="
            f"{max_bytes:,}",
            request=request,
        )


def _too_large(request: httpx.Request, max_bytes: int) -> ResponseTooLarge:
    return ResponseTooLarge(
        f"response body is larger than max_response_bytes={max_bytes:,} (after decompression); "
        "refused without reading the rest",
        request=request,
    )


def _decoded(response: httpx.Response, request: httpx.Request, body: bytes) -> httpx.Response:
    """The response with its body read and decompressed: a new Response built from public parts
    (the encoding headers dropped, since the body is no longer encoded)."""
    headers = response.headers.copy()
    for name in ("content-encoding", "content-length"):
        headers.pop(name, None)
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=request,
        extensions=response.extensions,
    )


def read_capped(response: httpx.Response, request: httpx.Request, max_bytes: int) -> httpx.Response:
    """Read the body, refusing it once it (decompressed) passes `max_bytes`: a decompression
    bomb or an endless body costs at most about `max_bytes` of memory."""
    try:
        _refuse_if_announced_too_large(response, request, max_bytes)
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(request, max_bytes)
    finally:
        response.close()
    return _decoded(response, request, b"".join(chunks))


async def aread_capped(
    response: httpx.Response, request: httpx.Request, max_bytes: int
) -> httpx.Response:
    try:
        _refuse_if_announced_too_large(response, request, max_bytes)
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise _too_large(request, max_bytes)
    finally:
        await response.aclose()
    return _decoded(response, request, b"".join(chunks))


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport; retries idempotent requests per `policy`. Each attempt has one
    deadline for connect, wait and body, and a body larger than `max_bytes` is refused."""

    def __init__(
        self, wrapped: httpx.BaseTransport, policy: RetryPolicy, max_bytes: int = MAX_RESPONSE_BYTES
    ) -> None:
        self._wrapped = wrapped
        self._policy = policy
        self._max_bytes = max_bytes

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        retries_done = 0
        clock = _Clock(request, self._policy)
        while True:
            request.extensions[ATTEMPTS] = (retries_done + 1, clock.started)
            try:
                with request_deadline(clock.attempt_budget()):
                    response = self._wrapped.handle_request(request)
                    response = read_capped(response, request, self._max_bytes)
            except LOCAL_ERRORS:
                raise  # our own request is wrong: sending it again cannot help
            except httpx.TransportError as exc:
                if _cancelled():  # the listing was closed: this is its abort, not a failure
                    raise
                delay = self._policy.after_error(request, exc, retries_done)
                delay = clock.retry(delay, type(exc).__name__, retries_done)
                if delay is None:
                    raise
            else:
                if _cancelled():
                    return response
                delay = self._policy.after_response(request, response, retries_done)
                delay = clock.retry(delay, f"HTTP {response.status_code}", retries_done)
                if delay is None:
                    return response
            _sleep(self._policy, delay)
            if _cancelled():  # the listing was closed while we waited: send nothing more
                raise httpx.ReadError("listing closed; retry not sent", request=request)
            retries_done += 1

    def close(self) -> None:
        self._wrapped.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of RetryTransport; same policy, same decisions."""

    def __init__(
        self,
        wrapped: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        max_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._wrapped = wrapped
        self._policy = policy
        self._max_bytes = max_bytes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        retries_done = 0
        clock = _Clock(request, self._policy)
        while True:
            request.extensions[ATTEMPTS] = (retries_done + 1, clock.started)
            try:
                async with asyncio.timeout(clock.attempt_budget()):
                    response = await self._wrapped.handle_async_request(request)
                    response = await aread_capped(response, request, self._max_bytes)
            except LOCAL_ERRORS:
                raise
            except (httpx.TransportError, TimeoutError) as exc:
                if isinstance(exc, TimeoutError):
                    exc = httpx.ReadTimeout(
                        "the request took longer than its timeout", request=request
                    )
                delay = self._policy.after_error(request, exc, retries_done)
                delay = clock.retry(delay, type(exc).__name__, retries_done)
                if delay is None:
                    raise exc from None
            else:
                delay = self._policy.after_response(request, response, retries_done)
                delay = clock.retry(delay, f"HTTP {response.status_code}", retries_done)
                if delay is None:
                    return response
            await self._policy.async_sleep(delay)
            retries_done += 1

    async def aclose(self) -> None:
        await self._wrapped.aclose()
