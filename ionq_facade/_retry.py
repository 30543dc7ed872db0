"""Retries as an httpx transport: the one seam both the sync and the async client go through.

Retrying below the client means a retried page is the same request with the same cursor: a
retry can never lose or duplicate a job. The transport reads the body before deciding, so a
connection dropped mid-body is retried like one dropped before the headers.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from ._retry_after import parse_retry_after

logger = logging.getLogger("ionq_facade")

INITIAL_RETRY_DELAY = 0.5  # seconds before the first retry
MAX_RETRY_DELAY = 8.0  # cap of the exponential backoff
JITTER = 0.25  # each delay is shortened by up to this fraction, at random
MAX_RETRY_AFTER = 60.0  # a Retry-After longer than this is not waited for: the error is raised
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, *range(520, 530)})
RETRY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class RetryPolicy:
    """When to retry and how long to wait. `random`, `now`, `sleep` and `async_sleep` are the
    seams tests replace with a fake clock."""

    max_retries: int = 3
    initial_delay: float = INITIAL_RETRY_DELAY
    max_delay: float = MAX_RETRY_DELAY
    max_retry_after: float = MAX_RETRY_AFTER
    random: Callable[[], float] = field(default=random.random, repr=False)
    now: Callable[[], float] = field(default=time.time, repr=False)
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
        delay = self.delay_for_error(retries_done)
        if delay is not None:
            _log_retry(request, type(exc).__name__, delay, retries_done)
        return delay

    def after_response(
        self, request: httpx.Request, response: httpx.Response, retries_done: int
    ) -> float | None:
        """The wait before retrying this response, or None to hand it to the caller."""
        if request.method not in RETRY_METHODS:
            return None
        delay = self.delay_for_response(response, retries_done)
        if delay is not None:
            _log_retry(request, f"HTTP {response.status_code}", delay, retries_done)
        return delay


def _log_retry(request: httpx.Request, reason: str, delay: float, retries_done: int) -> None:
    # The URL carries filters and the cursor, never the key (that is a header).
    logger.info(
        "retrying GET %s after %s in %.2fs (retry %d)",
        request.url.path,
        reason,
        delay,
        retries_done + 1,
    )


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport; retries idempotent requests per `policy`."""

    def __init__(self, wrapped: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self._wrapped = wrapped
        self._policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        retries_done = 0
        while True:
            try:
                response = self._wrapped.handle_request(request)
                response.read()
            except httpx.TransportError as exc:
                delay = self._policy.after_error(request, exc, retries_done)
                if delay is None:
                    raise
            else:
                delay = self._policy.after_response(request, response, retries_done)
                if delay is None:
                    return response
                response.close()
            self._policy.sleep(delay)
            retries_done += 1

    def close(self) -> None:
        self._wrapped.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of RetryTransport; same policy, same decisions."""

    def __init__(self, wrapped: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self._wrapped = wrapped
        self._policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        retries_done = 0
        while True:
            try:
                response = await self._wrapped.handle_async_request(request)
                await response.aread()
            except httpx.TransportError as exc:
                delay = self._policy.after_error(request, exc, retries_done)
                if delay is None:
                    raise
            else:
                delay = self._policy.after_response(request, response, retries_done)
                if delay is None:
                    return response
                await response.aclose()
            await self._policy.async_sleep(delay)
            retries_done += 1

    async def aclose(self) -> None:
        await self._wrapped.aclose()
