"""Cursor walking: pages to jobs, sync and async twins side by side so they cannot drift.

Guarantees, for both twins and with or without prefetching:
- `next` is followed until it is null or empty; empty pages with a cursor are followed;
- a cursor the listing already used raises PaginationError instead of looping;
- a job id seen on the current or previous page is not yielded again (servers that shift
  pages under concurrent inserts repeat a job at the boundary); memory stays bounded by two pages;
- every error raised while fetching carries `cursor`, the cursor of the page that failed.

Prefetching fetches page N+1 (in a thread, or an asyncio task) while the caller works on page N,
so network latency and the caller's own work overlap. The pages and their order are the same;
when the caller stops early or raises, the fetch in flight is cancelled or awaited before the
iterator returns, so no thread or task outlives it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .errors import PaginationError

JobT = TypeVar("JobT")


@dataclass(frozen=True, slots=True)
class JobsPage(Generic[JobT]):
    """One page of a listing. Iterating it yields its jobs.

    `cursor` is the cursor this page was requested with (None for the first page);
    `next_cursor` the one for the following page (None on the last page). `ids` are the jobs'
    ids in order (for raw pages as for typed ones).
    """

    jobs: list[JobT]
    next_cursor: str | None
    cursor: str | None = None
    request_id: str | None = field(default=None, compare=False)
    ids: list[Any] = field(default_factory=list, compare=False, repr=False)

    @property
    def has_next_page(self) -> bool:
        return self.next_cursor is not None

    def __iter__(self) -> Iterator[JobT]:
        return iter(self.jobs)

    def __len__(self) -> int:
        return len(self.jobs)


class CursorGuard:
    """Remembers every cursor of one listing and refuses one the server sends twice."""

    def __init__(self, start: str | None) -> None:
        self._seen: set[str | None] = {start}

    def next_cursor(self, page: JobsPage[Any]) -> str | None:
        cursor = page.next_cursor
        if cursor is None:
            return None
        if cursor in self._seen:
            raise PaginationError(
                f"the server returned cursor {cursor!r} a second time (after the page requested "
                f"with {page.cursor!r}); stopping instead of looping",
                repeated_cursor=cursor,
                cursor=cursor,
            )
        self._seen.add(cursor)
        return cursor


class BoundaryDeduplicator:
    """Drops a job whose id appeared on this page or the one before. A page without repeats
    (the normal case) costs one set build and one disjointness test, not a check per job."""

    def __init__(self) -> None:
        self._previous: frozenset[Any] = frozenset()

    def fresh_jobs(self, page: JobsPage[JobT]) -> list[JobT]:
        ids = page.ids
        current = frozenset(ids)
        previous, self._previous = self._previous, current
        if len(current) == len(ids) and previous.isdisjoint(current):
            return page.jobs
        seen = set(previous)
        fresh = []
        for job_id, job in zip(ids, page.jobs, strict=True):
            if job_id not in seen:
                seen.add(job_id)
                fresh.append(job)
        return fresh


def _take(jobs: list[JobT], yielded: int, max_items: int | None) -> list[JobT]:
    return jobs if max_items is None else jobs[: max_items - yielded]


# --- sync ---------------------------------------------------------------------------------------

Fetch = Callable[[str | None], JobsPage[JobT]]


def iter_pages(
    fetch: Fetch[JobT], cursor: str | None, max_pages: int | None, prefetch: bool = False
) -> Iterator[JobsPage[JobT]]:
    if prefetch:
        return _prefetched_pages(fetch, cursor, max_pages)
    return _sequential_pages(fetch, cursor, max_pages)


def _sequential_pages(
    fetch: Fetch[JobT], cursor: str | None, max_pages: int | None
) -> Iterator[JobsPage[JobT]]:
    guard = CursorGuard(cursor)
    fetched = 0
    while max_pages is None or fetched < max_pages:
        page = fetch(cursor)
        fetched += 1
        yield page
        cursor = guard.next_cursor(page)
        if cursor is None:
            return


def _prefetched_pages(
    fetch: Fetch[JobT], cursor: str | None, max_pages: int | None
) -> Iterator[JobsPage[JobT]]:
    if max_pages == 0:
        return
    guard = CursorGuard(cursor)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ionq-prefetch")
    pending: Future[JobsPage[JobT]] | None = pool.submit(fetch, cursor)
    fetched = 1
    try:
        while pending is not None:
            page = pending.result()  # re-raises the fetch's error, cursor included
            pending = None
            stop: PaginationError | None = None
            try:
                cursor = guard.next_cursor(page)
            except PaginationError as exc:
                cursor, stop = None, exc
            if cursor is not None and (max_pages is None or fetched < max_pages):
                pending = pool.submit(fetch, cursor)
                fetched += 1
            yield page
            if stop is not None:
                raise stop
    finally:
        if pending is not None:
            pending.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


Convert = Callable[[Any, JobsPage[Any]], Any]


def iter_jobs(
    pages: Iterator[JobsPage[Any]], max_items: int | None, convert: Convert | None = None
) -> Iterator[Any]:
    """The jobs of `pages`; `convert(raw_job, page)` makes each one a model as it is reached."""
    if max_items == 0:
        return
    dedup = BoundaryDeduplicator()
    yielded = 0
    with contextlib.closing(pages):  # type: ignore[type-var]
        for page in pages:
            jobs = _take(dedup.fresh_jobs(page), yielded, max_items)
            if convert is None:
                yield from jobs
            else:
                for job in jobs:
                    yield convert(job, page)
            yielded += len(jobs)
            if yielded == max_items:
                return


# --- async (twin of the above) ------------------------------------------------------------------

AsyncFetch = Callable[[str | None], Awaitable[JobsPage[JobT]]]


def aiter_pages(
    fetch: AsyncFetch[JobT], cursor: str | None, max_pages: int | None, prefetch: bool = False
) -> AsyncIterator[JobsPage[JobT]]:
    if prefetch:
        return _aprefetched_pages(fetch, cursor, max_pages)
    return _asequential_pages(fetch, cursor, max_pages)


async def _asequential_pages(
    fetch: AsyncFetch[JobT], cursor: str | None, max_pages: int | None
) -> AsyncIterator[JobsPage[JobT]]:
    guard = CursorGuard(cursor)
    fetched = 0
    while max_pages is None or fetched < max_pages:
        page = await fetch(cursor)
        fetched += 1
        yield page
        cursor = guard.next_cursor(page)
        if cursor is None:
            return


async def _aprefetched_pages(
    fetch: AsyncFetch[JobT], cursor: str | None, max_pages: int | None
) -> AsyncIterator[JobsPage[JobT]]:
    if max_pages == 0:
        return
    guard = CursorGuard(cursor)
    pending: asyncio.Task[JobsPage[JobT]] | None = asyncio.ensure_future(fetch(cursor))
    fetched = 1
    try:
        while pending is not None:
            page = await pending
            pending = None
            stop: PaginationError | None = None
            try:
                cursor = guard.next_cursor(page)
            except PaginationError as exc:
                cursor, stop = None, exc
            if cursor is not None and (max_pages is None or fetched < max_pages):
                pending = asyncio.ensure_future(fetch(cursor))
                fetched += 1
            yield page
            if stop is not None:
                raise stop
    finally:
        if pending is not None:
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await pending


async def aiter_jobs(
    pages: AsyncIterator[JobsPage[Any]], max_items: int | None, convert: Convert | None = None
) -> AsyncIterator[Any]:
    if max_items == 0:
        return
    dedup = BoundaryDeduplicator()
    yielded = 0
    try:
        async for page in pages:
            jobs = _take(dedup.fresh_jobs(page), yielded, max_items)
            for job in jobs:
                yield job if convert is None else convert(job, page)
            yielded += len(jobs)
            if yielded == max_items:
                return
    finally:
        await pages.aclose()  # type: ignore[attr-defined]
