"""Cursor walking: pages to jobs, sync and async twins side by side so they cannot drift.

Guarantees, for both twins:
- `next` is followed until it is null or empty; empty pages with a cursor are followed;
- a cursor the listing already used raises PaginationError instead of looping;
- a job id seen on the current or previous page is not yielded again (servers that shift
  pages under concurrent inserts repeat a job at the boundary); memory stays bounded by two pages;
- every error raised while fetching carries `cursor`, the cursor of the page that failed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ionq_jobs_api.models import Job

from .errors import PaginationError

JobT = TypeVar("JobT")


@dataclass(frozen=True, slots=True)
class JobsPage(Generic[JobT]):
    """One page of a listing. Iterating it yields its jobs.

    `cursor` is the cursor this page was requested with (None for the first page);
    `next_cursor` the one for the following page (None on the last page).
    """

    jobs: list[JobT]
    next_cursor: str | None
    cursor: str | None = None
    request_id: str | None = field(default=None, compare=False)

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

    def next_cursor(self, page: JobsPage[object]) -> str | None:
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
    """Drops a job whose id appeared on this page or the one before."""

    def __init__(self) -> None:
        self._previous: set[str] = set()
        self._current: set[str] = set()

    def start_page(self) -> None:
        self._previous, self._current = self._current, set()

    def is_new(self, job_id: str) -> bool:
        if job_id in self._current or job_id in self._previous:
            return False
        self._current.add(job_id)
        return True


def _job_id(job: object) -> str:
    return job.id if isinstance(job, Job) else str(job["id"])  # type: ignore[index]


# --- sync ---------------------------------------------------------------------------------------


def iter_pages(
    fetch: Callable[[str | None], JobsPage[JobT]], cursor: str | None, max_pages: int | None
) -> Iterator[JobsPage[JobT]]:
    guard = CursorGuard(cursor)
    fetched = 0
    while max_pages is None or fetched < max_pages:
        page = fetch(cursor)
        fetched += 1
        yield page
        cursor = guard.next_cursor(page)  # type: ignore[arg-type]
        if cursor is None:
            return


def iter_jobs(pages: Iterator[JobsPage[JobT]], max_items: int | None) -> Iterator[JobT]:
    if max_items == 0:
        return
    dedup = BoundaryDeduplicator()
    yielded = 0
    for page in pages:
        dedup.start_page()
        for job in page.jobs:
            if not dedup.is_new(_job_id(job)):
                continue
            yield job
            yielded += 1
            if yielded == max_items:
                return


# --- async (twin of the above) ------------------------------------------------------------------


async def aiter_pages(
    fetch: Callable[[str | None], Awaitable[JobsPage[JobT]]],
    cursor: str | None,
    max_pages: int | None,
) -> AsyncIterator[JobsPage[JobT]]:
    guard = CursorGuard(cursor)
    fetched = 0
    while max_pages is None or fetched < max_pages:
        page = await fetch(cursor)
        fetched += 1
        yield page
        cursor = guard.next_cursor(page)  # type: ignore[arg-type]
        if cursor is None:
            return


async def aiter_jobs(
    pages: AsyncIterator[JobsPage[JobT]], max_items: int | None
) -> AsyncIterator[JobT]:
    if max_items == 0:
        return
    dedup = BoundaryDeduplicator()
    yielded = 0
    async for page in pages:
        dedup.start_page()
        for job in page.jobs:
            if not dedup.is_new(_job_id(job)):
                continue
            yield job
            yielded += 1
            if yielded == max_items:
                return
