"""List every status with its own cursor, concurrently (AsyncJobsClient.iter_jobs_by_status).

One cursor is one request at a time: over a slow link a long listing is bound by round trips.
The API filters by status, so the six statuses can be listed side by side and merged. The cost,
documented on the method: every id seen is kept to yield each job once (memory grows with the
listing); a job that changes status while the listing runs may be yielded once under either
status or, if it moves into a status whose pages were already read, not at all.

Two orders: `merge_by_status` yields pages as they arrive (fastest); `merge_newest_first` yields
jobs newest first across statuses (each status is listed newest first, so a k-way merge of the
heads gives the global order), holding at most one page per status.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from ._pagination import Convert, JobsPage
from .enums import JobStatus

ListPages = Callable[[JobStatus], AsyncIterator[JobsPage[Any]]]
_DONE = object()


def newest_first_key(job: Any) -> tuple[str, str]:
    """Order of the API's listing: submitted_at, then id (raw dicts; odd values sort oldest)."""
    submitted = job.get("submitted_at") if isinstance(job, dict) else None
    job_id = job.get("id") if isinstance(job, dict) else None
    return (
        submitted if isinstance(submitted, str) else "",
        job_id if isinstance(job_id, str) else "",
    )


def _pump(
    status: JobStatus, list_pages: ListPages, queue: asyncio.Queue[Any]
) -> Callable[[], Coroutine[Any, Any, None]]:
    async def pump() -> None:
        pages = list_pages(status)
        try:
            async for page in pages:
                await queue.put(page)
        except Exception as exc:  # handed to the consumer, which re-raises it
            exc.add_note(f"while listing jobs with status {status.value!r}")
            await queue.put(exc)
        finally:
            await pages.aclose()  # type: ignore[attr-defined]
        await queue.put(_DONE)  # not when cancelled: nobody is reading any more

    return pump


async def _cancel_all(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


async def merge_newest_first(
    statuses: list[JobStatus],
    list_pages: ListPages,
    max_items: int | None,
    convert: Convert | None = None,
) -> AsyncIterator[Any]:
    """Jobs of every status, newest first overall; each status keeps one page in flight."""
    if max_items == 0:
        return
    queues: dict[JobStatus, asyncio.Queue[Any]] = {s: asyncio.Queue(maxsize=1) for s in statuses}
    tasks = [asyncio.create_task(_pump(s, list_pages, queues[s])()) for s in statuses]
    heads: dict[JobStatus, tuple[JobsPage[Any], int]] = {}

    async def fill(status: JobStatus) -> None:
        """The status's next non-empty page at index 0, or the status leaves `heads`."""
        while True:
            item = await queues[status].get()
            if item is _DONE:
                heads.pop(status, None)
                return
            if isinstance(item, BaseException):
                raise item
            if item.jobs:
                heads[status] = (item, 0)
                return

    seen: set[Any] = set()
    yielded = 0
    try:
        for status in statuses:
            await fill(status)
        while heads:
            status = max(heads, key=lambda s: newest_first_key(heads[s][0].jobs[heads[s][1]]))
            page, index = heads[status]
            job, job_id = page.jobs[index], page.ids[index]
            if index + 1 < len(page.jobs):
                heads[status] = (page, index + 1)
            else:
                await fill(status)
            if job_id in seen:
                continue
            seen.add(job_id)
            yield job if convert is None else convert(job, page)
            yielded += 1
            if yielded == max_items:
                return
    finally:
        await _cancel_all(tasks)


async def merge_by_status(
    statuses: list[JobStatus],
    list_pages: ListPages,
    max_items: int | None,
    convert: Convert | None = None,
) -> AsyncIterator[Any]:
    if max_items == 0:
        return
    queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=2 * len(statuses))

    tasks = [asyncio.create_task(_pump(s, list_pages, queue)()) for s in statuses]
    seen: set[Any] = set()
    running, yielded = len(tasks), 0
    try:
        while running:
            item = await queue.get()
            if item is _DONE:
                running -= 1
                continue
            if isinstance(item, BaseException):
                raise item
            for job_id, job in zip(item.ids, item.jobs, strict=True):
                if job_id in seen:
                    continue
                seen.add(job_id)
                yield job if convert is None else convert(job, item)
                yielded += 1
                if yielded == max_items:
                    return
    finally:
        await _cancel_all(tasks)
