"""One run of `list`/`summary`: the facade's listing, cut to a time window and a limit, delivered
a page at a time with the cursor that resumes exactly after it."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._output import plural
from ._progress import Progress

if TYPE_CHECKING:
    from .._client import JobsClient
    from .._query import JobQuery

Record = dict[str, Any]
PAGES_WITHOUT_A_MATCH = 5  # pages in a row of jobs none of which the filters match, at most
PEEKED_PAGES = 3  # read past a limit to tell whether a job is left in the --since window


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
    out_format: str | None = None  # list's output: how the advice to resume reads
    resumable: bool = field(init=False)
    cut_while_drawn: bool = False  # Ctrl-C while its table was drawn: not every job fetched shown
    unmatched: int = 0  # jobs the server listed that the filters do not match: left out

    def __post_init__(self) -> None:
        self.resumable = len(self.statuses) <= 1
        self.cursor = self.resume

    def batches(
        self, sync_client: Callable[[], JobsClient], progress: Progress, limit: int | None
    ) -> Iterator[Batch]:
        """Page-sized batches within [since, until) (the facade's window), at most `limit`
        records in all. The caller calls `taken(batch)` once it has written a batch: that moves
        the resume cursor."""
        if limit == 0:
            self.more = True  # nothing was asked for: the note says how to list them
            return
        try:
            yield from self._batches(sync_client, progress, limit)
        finally:  # what a pipe to `delete -` would act on is only what was asked for
            if self.unmatched:
                from ._app import say

                progress.clear()
                left_out = plural(self.unmatched, "job")
                say(f"warning: left out {left_out} the server listed that the filters do not match")

    def _batches(
        self, sync_client: Callable[[], JobsClient], progress: Progress, limit: int | None
    ) -> Iterator[Batch]:
        from .._pagination import BoundaryDeduplicator

        windowed = self.since is not None or self.until is not None
        filters = dict(self.filters, since=self.since, until=self.until)
        if limit is not None and not windowed:  # no more than the limit in one request
            filters["page_size"] = min(filters["page_size"], limit)
        with sync_client() as client:
            if len(self.statuses) > 1:
                jobs = client.iter_jobs(status=list(self.statuses), raw=True, **filters)
                with contextlib.closing(jobs):  # type: ignore[type-var]  # stops the prefetches
                    yield from self._cut(_in_batches(jobs, filters["page_size"]), progress, limit)
                return
            if self.statuses:
                filters["status"] = self.statuses[0]
            # prefetch: the next page travels while this one is written, unless one page may do
            prefetch = limit is None or windowed or limit > filters["page_size"]
            pages = client.iter_pages(cursor=self.resume, raw=True, prefetch=prefetch, **filters)
            fresh = BoundaryDeduplicator().fresh_jobs  # a job repeated across a boundary: once
            with contextlib.closing(pages):  # type: ignore[type-var]  # stops the prefetch
                triples = ((fresh(p), p.next_cursor, p.next_cursor is not None) for p in pages)
                yield from self._cut(triples, progress, limit)

    def query(self) -> JobQuery:
        """The filters as the facade checks a job against them (`JobQuery.matches`)."""
        from .._query import JobQuery

        return JobQuery.build(status=list(self.statuses) or None, **self.filters)

    def taken(self, batch: Batch) -> None:
        self.delivered += len(batch.records)
        self.cursor = batch.next_cursor

    def _cut(
        self,
        pages: Iterable[tuple[list[Record], str | None, bool]],
        progress: Progress,
        limit: int | None,
    ) -> Iterator[Batch]:
        query = self.query()
        yielded, pages, idle = 0, iter(pages), 0
        for listed, next_cursor, more in pages:
            progress.page(len(listed))
            jobs = [job for job in listed if query.matches(job)]  # a server that drops a filter
            self.unmatched += len(listed) - len(jobs)
            idle = idle + 1 if listed and not jobs else 0
            if idle == PAGES_WITHOUT_A_MATCH:  # not the whole project, a page at a time
                raise _filters_ignored(idle)
            if limit is not None and yielded + len(jobs) >= limit:
                cut = jobs[: limit - yielded]
                exact = len(cut) == len(jobs) and self.resumable  # the page was delivered whole
                yield Batch(cut, next_cursor if exact else None)
                self.more = len(cut) < len(jobs) or (more and self._more_in_window(pages, query))
                return
            yielded += len(jobs)
            yield Batch(jobs, next_cursor if self.resumable else None)

    def _more_in_window(
        self, pages: Iterator[tuple[list[Record], str | None, bool]], query: JobQuery
    ) -> bool:
        """Whether a job is left past a limit that ended a page: with --since/--until the next
        pages may hold none in the window (they are read to see, and not shown); without, the
        server's cursor says so."""
        from ..errors import IonQError

        if self.since is None and self.until is None:
            return True
        try:
            for _, (listed, _, more) in zip(range(PEEKED_PAGES), pages, strict=False):
                if any(query.matches(job) for job in listed):
                    return True
                if not more:
                    return False
        except IonQError:  # not known: said as before
            return True
        return True  # not known within a few pages: said as before


def _filters_ignored(pages: int) -> Exception:
    from ..errors import PaginationError

    return PaginationError(
        f"{pages} pages in a row held no job the filters match: the server does not apply "
        "them; stopping instead of reading the whole project",
        repeated_cursor="",
        cursor=None,
    )


def _in_batches(
    jobs: Iterator[Record], size: int
) -> Generator[tuple[list[Record], str | None, bool]]:
    """A merged listing cut into page-sized batches (one job ahead: we know more exist)."""
    batch: list[Record] = []
    for job in jobs:
        if len(batch) == size:
            yield batch, None, True
            batch = []
        batch.append(job)
    yield batch, None, False


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C waits until the block is done: a batch is written and its cursor recorded together,
    so the printed resume cursor never skips or repeats a record. A handler holds the interrupt
    (blocking the signal would not do: the kernel hands it to a prefetch thread instead, and
    Python still raises it in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:  # nohup and friends: interrupts stay ignored
        yield
        return
    signal.signal(signal.SIGINT, lambda signum, _frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if held:
        raise KeyboardInterrupt
