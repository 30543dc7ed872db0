"""List every status with its own cursor, concurrently (AsyncJobsClient.iter_jobs_by_status).

One cursor is one request at a time: over a slow link a long listing is bound by round trips.
The API filters by status, so the six statuses can be listed side by side and merged. The cost,
documented on the method: jobs arrive grouped by page, not newest first; every id seen is kept
to yield each job once (memory grows with the listing); a job that changes status while the
listing runs may be yielded once under either status or, if it moves into a status whose pages
were already read, not at all.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from ._pagination import Convert, JobsPage
from .enums import JobStatus

ListPages = Callable[[JobStatus], AsyncIterator[JobsPage[Any]]]
_DONE = object()


async def merge_by_status(
    statuses: list[JobStatus],
    list_pages: ListPages,
    max_items: int | None,
    convert: Convert | None = None,
) -> AsyncIterator[Any]:
    if max_items == 0:
        return
    queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=2 * len(statuses))

    async def pump(status: JobStatus) -> None:
        pages = list_pages(status)
        try:
            async for page in pages:
                await queue.put(page)
        except Exception as exc:  # handed to the consumer, which re-raises it
            exc.add_note(f"while listing jobs with status {status.value!r}")
            await queue.put(exc)
        finally:
            await pages.aclose()  # type: ignore[attr-defined]
            await queue.put(_DONE)

    tasks = [asyncio.create_task(pump(status)) for status in statuses]
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
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
