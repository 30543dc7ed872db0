"""One run of `list`/`summary`: the facade's listing, cut to a time window and a limit, delivered
a page at a time with the cursor that resumes exactly after it."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ._progress import Progress

if TYPE_CHECKING:
    from .._client import AsyncJobsClient, JobsClient

Record = dict[str, Any]


@dataclass
class Batch:
    """The records of one page that fall in the window, and the cursor after that page (None at
    the end, or when the listing cannot be resumed exactly from there)."""

    records: list[Record]
    next_cursor: str | None


@dataclass
class Listing:
    """Filters, window and limit of one command, and what it has delivered so far."""

    filters: dict[str, Any]
    statuses: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    resume: str | None = None
    cursor: str | None = None  # resumes right after what the caller has taken
    delivered: int = 0
    more: bool = False  # the limit cut the listing short
    resumable: bool = field(init=False)

    def __post_init__(self) -> None:
        self.resumable = len(self.statuses) <= 1
        self.cursor = self.resume

    def batches(
        self,
        sync_client: Callable[[], JobsClient],
        async_client: Callable[[], AsyncJobsClient],
        progress: Progress,
        limit: int | None,
    ) -> Iterator[Batch]:
        """Page-sized batches within [since, until), at most `limit` records in all. The caller
        calls `taken(batch)` once it has written a batch: that moves the resume cursor."""
        if limit == 0:
            return
        windowed = self.since is not None or self.until is not None
        filters = dict(self.filters)
        if limit is not None and not windowed:  # no more than the limit in one request
            filters["page_size"] = min(filters["page_size"], limit)
        if len(self.statuses) > 1:
            merged = self._merged_pages(async_client, filters)
            with contextlib.closing(merged):
                yield from self._window(merged, progress, limit)
            return
        if self.statuses:
            filters["status"] = self.statuses[0]
        # prefetch: the next page travels while this one is written, unless one page may do
        prefetch = limit is None or windowed or limit > filters["page_size"]
        with sync_client() as client:
            pages = client.iter_pages(cursor=self.resume, raw=True, prefetch=prefetch, **filters)
            with contextlib.closing(pages):  # type: ignore[type-var]  # stops the prefetch
                triples = ((p.jobs, p.next_cursor, p.next_cursor is not None) for p in pages)
                yield from self._window(triples, progress, limit)

    def taken(self, batch: Batch) -> None:
        self.delivered += len(batch.records)
        self.cursor = batch.next_cursor

    def _window(
        self,
        pages: Iterable[tuple[list[Record], str | None, bool]],
        progress: Progress,
        limit: int | None,
    ) -> Iterator[Batch]:
        yielded = 0
        for jobs, next_cursor, more in pages:
            progress.page(len(jobs))
            inside, older_than_window = self._in_window(jobs)
            if limit is not None and yielded + len(inside) >= limit:
                cut = inside[: limit - yielded]
                rest = inside[len(cut) :]
                self.more = bool(rest) or (more and not older_than_window)
                exact = not rest and self.resumable  # the page was delivered whole
                yield Batch(cut, next_cursor if exact else None)
                return
            yielded += len(inside)
            yield Batch(inside, next_cursor if self.resumable else None)
            if self.since is not None and older_than_window:
                return  # newest first: a whole page before --since ends the window

    def _merged_pages(
        self, async_client: Callable[[], AsyncJobsClient], filters: dict[str, Any]
    ) -> Generator[tuple[list[Record], str | None, bool]]:
        """Several statuses: one cursor each, concurrently, merged newest first (the facade's
        `iter_jobs_by_status`), cut into page-sized batches. Not resumable by one cursor."""
        page_size = filters["page_size"]
        jobs = run_async_iterator(
            async_client,
            lambda client: client.iter_jobs_by_status(
                statuses=self.statuses, raw=True, newest_first=True, **filters
            ),
        )
        with contextlib.closing(jobs):
            batch: list[Record] = []
            for job in jobs:
                if len(batch) == page_size:  # one job ahead: we know more exist
                    yield batch, None, True
                    batch = []
                batch.append(job)
            yield batch, None, False

    def _in_window(self, jobs: list[Record]) -> tuple[list[Record], bool]:
        """(the jobs inside [since, until), whether the whole page is older than the window);
        each job's time is read once, and not at all without a window."""
        if self.since is None and self.until is None:
            return jobs, False
        positions = [self.position(job) for job in jobs]
        inside = [job for job, at in zip(jobs, positions, strict=True) if at == 0]
        return inside, bool(jobs) and all(at < 0 for at in positions)

    def position(self, record: Record) -> int:
        """-1 before the window, 0 inside, 1 after. Jobs without a readable time are inside."""
        if self.since is None and self.until is None:
            return 0
        submitted = parse_timestamp(record.get("submitted_at"))
        if submitted is None:
            return 0
        if self.since is not None and submitted < self.since:
            return -1
        if self.until is not None and submitted >= self.until:
            return 1
        return 0


def run_async_iterator(
    make_client: Callable[[], AsyncJobsClient],
    iterate: Callable[[AsyncJobsClient], AsyncIterator[Any]],
) -> Generator[Any]:
    """An async listing as a plain iterator, on a private event loop. asyncio.Runner turns Ctrl-C
    into cancelling the step under way, so the listing and its client close cleanly."""
    with asyncio.Runner() as runner:
        client = make_client()
        iterator = iterate(client)
        try:
            while True:
                try:
                    yield runner.run(anext(iterator))  # type: ignore[arg-type]
                except StopAsyncIteration:
                    return
        finally:
            with contextlib.suppress(Exception):
                runner.run(iterator.aclose())  # type: ignore[attr-defined]
            runner.run(client.close())


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C waits until the block is done: a batch is written and its cursor recorded together,
    so the printed resume cursor never skips or repeats a record."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def parse_timestamp(value: object) -> datetime | None:
    """A job's `submitted_at`. Runs once per job: the standard library's ISO parser (which
    reads the API's `...440Z` form since Python 3.11), no import here."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
