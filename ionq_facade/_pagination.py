"""Cursor walking: pages to jobs, sync and async twins side by side so they cannot drift.

Guarantees, for both twins and with or without prefetching:
- `next` is followed until it is null or empty; empty pages with a cursor are followed;
- a cursor the listing already used raises PaginationError instead of looping;
- a job id seen on the current or previous page is not yielded again (servers that shift
  pages under concurrent inserts repeat a job at the boundary); memory stays bounded by two pages;
- every error raised while fetching carries `cursor`, the cursor of the page that failed.

Prefetching fetches page N+1 (in a thread, or an asyncio task) while the caller works on page N,
so network latency and the caller's own work overlap. The pages and their order are the same;
when the caller stops early, raises or presses Ctrl-C, the iterator returns at once: a task in
flight is cancelled; a thread in flight has its socket shut down and sends no retry. (An async
generator is closed when the loop finalizes it, or at once with `contextlib.aclosing`.)
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, NoReturn, TypeVar

from ._deadline import Cancellation, current_cancellation
from ._window import Window
from .errors import IonQError, PaginationError

JobT = TypeVar("JobT")
MAX_PAGES_WITHOUT_PROGRESS = 50  # consecutive empty or repeated pages before PaginationError
ABANDON_WAIT = 0.2  # seconds a closed listing waits for its aborted prefetch thread to end


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

    def __getitem__(self, index: int) -> JobT:
        return self.jobs[index]


class CursorGuard:
    """Refuses a listing that does not advance, instead of following it forever: a cursor the
    server sends twice, or MAX_PAGES_WITHOUT_PROGRESS pages in a row that bring no new job (empty
    pages, or pages seen before under fresh cursors). Memory: one cursor and one hash per page.

    Its PaginationError carries no resume cursor: resuming would replay the cycle."""

    def __init__(self, start: str | None) -> None:
        self._seen: set[str | None] = {start}
        self._pages_seen: set[int] = set()
        self._stale = 0

    def next_cursor(self, page: JobsPage[Any]) -> str | None:
        cursor = page.next_cursor
        if cursor is None:
            return None
        if cursor in self._seen:
            raise PaginationError(
                f"the server returned cursor {cursor!r} a second time (after the page requested "
                f"with {page.cursor!r}); stopping instead of looping",
                repeated_cursor=cursor,
                cursor=None,
            )
        self._seen.add(cursor)
        self._count_progress(page)
        return cursor

    def _count_progress(self, page: JobsPage[Any]) -> None:
        fingerprint = hash(tuple(page.ids))
        if page.ids and fingerprint not in self._pages_seen:
            self._pages_seen.add(fingerprint)
            self._stale = 0
            return
        self._stale += 1
        if self._stale >= MAX_PAGES_WITHOUT_PROGRESS:
            raise PaginationError(
                f"{self._stale} pages in a row brought no new job (empty, or repeating earlier "
                f"pages under new cursors; the last was requested with {page.cursor!r}); "
                "stopping instead of following the server forever",
                repeated_cursor=page.cursor or "",
                cursor=None,
            )


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


class Ended:
    """What ended a listing, when an exception did (its generators record it). Each later
    `next()` raises again instead of ending as if the listing were complete: a caller that
    caught the error and went on would otherwise lose the rest of the jobs unnoticed. An
    IonQError is raised again (its `cursor` resumes); an interruption (Ctrl-C, a cancellation,
    a timeout around `anext`) as an IonQError naming it, with the cursor of the page whose
    request it cut, when it cut one (the jobs before that page were all handed out)."""

    __slots__ = ("cursor", "error", "traceback")

    def __init__(self) -> None:
        self.error: BaseException | None = None
        self.cursor: str | None = None
        self.traceback: Any = None

    def record(self, error: BaseException, cursor: str | None = None) -> None:
        """The first exception that ends the listing (a page's, passing through the jobs' too);
        a close (GeneratorExit) is a normal end."""
        if self.error is None and not isinstance(error, GeneratorExit):
            self.error, self.cursor, self.traceback = error, cursor, error.__traceback__

    def raise_again(self) -> NoReturn:
        error = self.error
        if isinstance(error, IonQError):  # its own traceback, not one more frame each time
            raise error.with_traceback(self.traceback)
        where = f"; cursor={self.cursor!r} resumes at the page it cut" if self.cursor else ""
        raise IonQError(
            f"this listing was interrupted ({type(error).__name__}) and is over{where}",
            cursor=self.cursor,
        ) from error


class Listed(Iterator[JobT]):
    """A listing as its caller holds it: a failed one stays failed (see `Ended`). Its
    generator records what ended it: a wrapper catching each item's exception would record a
    second thread's "generator already executing" too."""

    __slots__ = ("__weakref__", "_ended", "_items")

    def __init__(self, items: Callable[[Ended], Iterator[JobT]]) -> None:
        self._ended = Ended()
        self._items = items(self._ended)

    def __next__(self) -> JobT:
        if self._ended.error is not None:
            self._ended.raise_again()
        return next(self._items)

    def close(self) -> None:
        self._items.close()  # type: ignore[attr-defined]


def record_ending(ended: Ended | None, error: BaseException, cursor: str | None = None) -> None:
    if ended is not None:
        ended.record(error, cursor)


def _take(jobs: list[JobT], yielded: int, max_items: int | None) -> list[JobT]:
    return jobs if max_items is None else jobs[: max_items - yielded]


# --- sync ---------------------------------------------------------------------------------------

Fetch = Callable[[str | None], JobsPage[JobT]]


def iter_pages(
    fetch: Fetch[JobT],
    cursor: str | None,
    max_pages: int | None,
    prefetch: bool = False,
    window: Window | None = None,
    eager: bool = False,
    ended: Ended | None = None,
) -> Iterator[JobsPage[JobT]]:
    """`eager` (with prefetch): the first page is requested now, not at the first `next()`, so
    that several listings merged together fetch their first pages at the same time."""
    cancellation = Cancellation()

    def begin(at: str | None) -> Callable[[], JobsPage[JobT]]:
        """The page at `at`: fetched now in a thread (prefetch), or when it is called."""
        return (
            _BackgroundFetch(fetch, at, cancellation) if prefetch else functools.partial(fetch, at)
        )

    if not (eager and prefetch and max_pages != 0):
        return _pages(begin, cursor, max_pages, window, cancellation, None, ended)
    first = _BackgroundFetch(fetch, cursor, cancellation)
    return _Started(_pages(begin, cursor, max_pages, window, cancellation, first, ended), first)


class _Started(Generic[JobT]):
    """A listing whose first request went out before its first `next()`: closing it aborts that
    request even if no page was asked for (a generator never started runs no `finally`)."""

    def __init__(self, pages: Iterator[JobsPage[JobT]], first: _BackgroundFetch[JobT]) -> None:
        self._pages, self._first = pages, first

    def __iter__(self) -> Iterator[JobsPage[JobT]]:
        return self

    def __next__(self) -> JobsPage[JobT]:
        return next(self._pages)

    def close(self) -> None:
        self._pages.close()  # type: ignore[attr-defined]
        self._first.cancel()


def _pages(
    begin: Callable[[str | None], Callable[[], JobsPage[JobT]]],
    cursor: str | None,
    max_pages: int | None,
    window: Window | None,
    cancellation: Cancellation,
    first: _BackgroundFetch[JobT] | None,
    ended: Ended | None = None,
) -> Iterator[JobsPage[JobT]]:
    if max_pages == 0:
        return
    steps = _Steps(cursor, max_pages, window)
    pending: Callable[[], JobsPage[JobT]] | None = first or begin(cursor)
    try:  # `cursor` is always the pending request's: the page an interruption would cut
        while pending is not None:
            page, cursor, stop = steps.after(pending())  # re-raises the fetch's error
            pending = begin(cursor) if cursor is not None else None
            yield page
            if stop is not None:
                raise stop
    except BaseException as exc:
        record_ending(ended, exc, cursor)
        raise
    finally:
        cancellation.cancel()  # aborts a fetch still in flight, and its retries
        if isinstance(pending, _BackgroundFetch):
            pending.abandon()


class _Steps:
    """What both twins decide after each page: the cursor to follow (checked by the guard;
    None at the end, at `max_pages`, or past the window) and the page as the caller sees it."""

    def __init__(self, cursor: str | None, max_pages: int | None, window: Window | None) -> None:
        self.guard, self.left, self.window = CursorGuard(cursor), max_pages, window

    def after(
        self, page: JobsPage[JobT]
    ) -> tuple[JobsPage[JobT], str | None, PaginationError | None]:
        stop = cursor = None
        try:
            cursor = self.guard.next_cursor(page)
        except PaginationError as exc:
            stop = exc
        if self.left is not None:
            self.left -= 1
            cursor = cursor if self.left > 0 else None
        if self.window is not None:
            page, older = self.window.cut(page)
            if older and self.window.since is not None:  # newest first: nothing more inside
                page, cursor = dataclasses.replace(page, next_cursor=None), None
        return page, cursor, stop


class _BackgroundFetch(Generic[JobT]):
    """One page fetched in a daemon thread, under the listing's Cancellation: closing the listing
    aborts the request in flight (its socket is shut down) and any retry, so `break`, `close()`
    and Ctrl-C return at once and no thread outlives the listing for long."""

    def __init__(self, fetch: Fetch[JobT], cursor: str | None, cancellation: Cancellation) -> None:
        self._done = threading.Event()
        self._page: JobsPage[JobT] | None = None
        self._error: BaseException | None = None
        self._cancellation = cancellation
        self._thread = threading.Thread(
            target=self._run, args=(fetch, cursor, cancellation), name="ionq-prefetch", daemon=True
        )
        self._thread.start()

    def _run(self, fetch: Fetch[JobT], cursor: str | None, cancellation: Cancellation) -> None:
        current_cancellation.set(cancellation)  # this thread's context: seen by the transport
        try:
            self._page = fetch(cursor)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            self._error = exc
        finally:
            cancellation.using(None)
            self._done.set()

    def __call__(self) -> JobsPage[JobT]:
        self._done.wait()  # interruptible: Ctrl-C reaches the main thread at once
        if self._error is not None:
            raise self._error
        assert self._page is not None
        return self._page

    def abandon(self) -> None:
        """After the cancellation: give the aborted thread a moment to end, never long."""
        self._thread.join(timeout=ABANDON_WAIT)

    def cancel(self) -> None:
        """Abort this fetch (its request and any retry), then `abandon` it."""
        self._cancellation.cancel()
        self.abandon()


Convert = Callable[[Any, JobsPage[Any]], Any]


def iter_jobs(
    pages: Iterator[JobsPage[Any]],
    max_items: int | None,
    convert: Convert | None = None,
    ended: Ended | None = None,
) -> Iterator[Any]:
    """The jobs of `pages`; `convert(raw_job, page)` makes each one a model as it is reached."""
    if max_items == 0:
        return
    dedup = BoundaryDeduplicator()
    yielded = 0
    with contextlib.closing(pages):  # type: ignore[type-var]
        try:
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
        except BaseException as exc:
            record_ending(ended, exc)
            raise


# --- async (twin of the above) ------------------------------------------------------------------

AsyncFetch = Callable[[str | None], Awaitable[JobsPage[JobT]]]


class AsyncListed(AsyncIterator[JobT]):
    """The twin of `Listed`. Its async generator records what ended it (`ended`): a wrapper
    that awaited each item itself would cost a coroutine per job."""

    __slots__ = ("__weakref__", "_ended", "_items")

    def __init__(self, items: Callable[[Ended], AsyncIterator[JobT]]) -> None:
        self._ended = Ended()
        self._items = items(self._ended)

    def __anext__(self) -> Awaitable[JobT]:
        if self._ended.error is not None:
            return self._failed()
        return self._items.__anext__()

    async def _failed(self) -> JobT:
        self._ended.raise_again()

    async def aclose(self) -> None:
        await self._items.aclose()  # type: ignore[attr-defined]


async def aiter_pages(
    fetch: AsyncFetch[JobT],
    cursor: str | None,
    max_pages: int | None,
    prefetch: bool = False,
    window: Window | None = None,
    ended: Ended | None = None,
) -> AsyncIterator[JobsPage[JobT]]:
    """The twin of `iter_pages`: a prefetch is an asyncio task, cancelled when the listing ends."""
    if max_pages == 0:
        return
    steps = _Steps(cursor, max_pages, window)

    def begin(at: str | None) -> Awaitable[JobsPage[JobT]]:
        return asyncio.ensure_future(fetch(at)) if prefetch else fetch(at)

    pending: Awaitable[JobsPage[JobT]] | None = begin(cursor)
    try:  # `cursor` is always the pending request's: the page an interruption would cut
        while pending is not None:
            page, cursor, stop = steps.after(await pending)
            pending = begin(cursor) if cursor is not None else None
            yield page
            if stop is not None:
                raise stop
    except BaseException as exc:
        record_ending(ended, exc, cursor)
        raise
    finally:
        if isinstance(pending, asyncio.Future):
            pending.cancel()
            try:
                await pending
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if task is not None and task.cancelling():  # the caller's own, not the fetch's
                    raise
            except Exception:  # noqa: S110 - the abandoned fetch's failure is nobody's
                pass
        elif pending is not None:
            pending.close()  # type: ignore[attr-defined]  # a coroutine never started


async def aiter_jobs(
    pages: AsyncIterator[JobsPage[Any]],
    max_items: int | None,
    convert: Convert | None = None,
    ended: Ended | None = None,
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
    except BaseException as exc:
        record_ending(ended, exc)
        raise
    finally:
        await pages.aclose()  # type: ignore[attr-defined]
