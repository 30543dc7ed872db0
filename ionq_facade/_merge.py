"""Several statuses in one listing: each status listed with its own cursor (prefetching, so they
travel concurrently), merged newest first, each job once.

The API filters by one status at a time. Each status's listing is newest first, so a k-way merge
of their heads (`heapq.merge`) gives the API's order; a seen-set yields a job that changed status
during the listing once. There is no single cursor to resume such a listing from.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from ._pagination import Convert, Ended, JobsPage, iter_jobs, record_ending
from ._window import parse_timestamp
from .errors import IonQError

OLDEST = datetime.min.replace(tzinfo=UTC)


def newest_first_key(job: dict[str, Any]) -> tuple[datetime, str]:
    """The API's order: submitted_at as a time (`12:00+05:00` is before `09:00Z`), then id
    (raw job dicts; a missing or odd time sorts oldest)."""
    return (parse_timestamp(job.get("submitted_at")) or OLDEST, job["id"])


def _no_cursor(exc: BaseException) -> None:
    """One status's cursor resumes that status alone, and `cursor=` with several statuses is
    refused: passed back, it listed other jobs. A merged listing's error carries none."""
    if isinstance(exc, IonQError):
        exc.cursor = None


def merged(
    starts: Sequence[Callable[[], Iterator[JobsPage[Any]]]],
    max_items: int | None,
    convert: Convert | None,
    ended: Ended | None = None,
) -> Iterator[Any]:
    """At most `max_items` jobs of the merged listings, each once, as models unless raw. The
    listings are made (`starts`: each sends its first request at once) when the merge is first
    iterated, and every one is closed when it ends, however it ends (Ctrl-C while one first
    page is awaited closes the others too, with their requests in flight)."""
    if max_items == 0:
        return
    listings = [start() for start in starts]
    streams = [iter_jobs(pages, None) for pages in listings]
    seen: set[str] = set()
    page: JobsPage[Any] = JobsPage([], None)
    try:
        heads: list[Iterator[dict[str, Any]]] = []
        failure: BaseException | None = None
        for stream in streams:  # every first page settles before any error is raised
            try:
                heads.append(itertools.chain([next(stream)], stream))
            except StopIteration:
                pass
            except Exception as exc:  # re-raised below, once every stream has started
                failure = failure or exc
        if failure is not None:
            raise failure
        for job in heapq.merge(*heads, key=newest_first_key, reverse=True):
            if job["id"] not in seen:
                seen.add(job["id"])
                yield job if convert is None else convert(job, page)
                if len(seen) == max_items:
                    return  # not one page more than asked for
    except BaseException as exc:
        _no_cursor(exc)
        record_ending(ended, exc)
        raise
    finally:
        for stream, pages in zip(streams, listings, strict=True):
            stream.close()  # type: ignore[attr-defined]
            pages.close()  # type: ignore[attr-defined]  # stops its prefetch, even unstarted


async def amerged(
    streams: list[AsyncIterator[dict[str, Any]]],
    max_items: int | None,
    convert: Convert | None,
    ended: Ended | None = None,
) -> AsyncIterator[Any]:
    """The async twin of `merged`: the same merge over async iterators (each prefetching)."""
    if max_items == 0:
        for stream in streams:
            await stream.aclose()  # type: ignore[attr-defined]
        return
    heads: dict[int, dict[str, Any]] = {}
    seen: set[str] = set()
    page: JobsPage[Any] = JobsPage([], None)
    try:  # every stream's first page at the same time (all settled before any error is raised)
        firsts = await asyncio.gather(
            *(anext(stream, None) for stream in streams), return_exceptions=True
        )
        for index, first in enumerate(firsts):
            if isinstance(first, BaseException):
                raise first
            if first is not None:
                heads[index] = first
        while heads:
            index = max(heads, key=lambda i: newest_first_key(heads[i]))
            job = heads[index]
            if job["id"] not in seen:
                seen.add(job["id"])
                yield job if convert is None else convert(job, page)
                if len(seen) == max_items:
                    return
            head = await anext(streams[index], None)
            if head is None:
                del heads[index]
            else:
                heads[index] = head
    except BaseException as exc:
        _no_cursor(exc)
        record_ending(ended, exc)
        raise
    finally:
        for stream in streams:
            await stream.aclose()  # type: ignore[attr-defined]
