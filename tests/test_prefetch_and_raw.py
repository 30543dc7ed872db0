"""prefetch=True (a thread, or an asyncio task, fetching the next page) and raw=True (dicts)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from ionq_facade import JobsClient, errors
from ionq_facade.testing import Fault, MockIonQServer
from tests.conftest import FAKE_KEY, JOBS_PATH

PAGE = 10


@pytest.fixture(scope="module")
def server() -> Iterator[MockIonQServer]:
    with MockIonQServer(jobs=54) as started:  # + seed: 55 jobs, 6 pages
        yield started
        started.check()


@pytest.fixture(autouse=True)
def _clean(server: MockIonQServer) -> Iterator[None]:
    server.clear_faults()
    yield
    server.clear_faults()
    assert prefetch_threads() == []  # nothing outlives a listing


def prefetch_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("ionq-prefetch")]


def ids(jobs: list[Any]) -> list[str]:
    return [job["id"] if isinstance(job, dict) else job.id for job in jobs]


def listing(server: MockIonQServer, kind: str, **kwargs: Any) -> list[Any]:
    if kind == "sync":
        with server.jobs_client(max_retries=0) as client:
            return list(client.iter_jobs(page_size=PAGE, **kwargs))

    async def main() -> list[Any]:
        async with server.async_jobs_client(max_retries=0) as client:
            return [job async for job in client.iter_jobs(page_size=PAGE, **kwargs)]

    return asyncio.run(main())


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("raw", [False, True])
def test_prefetch_yields_the_same_jobs_in_the_same_order(
    server: MockIonQServer, kind: str, raw: bool
) -> None:
    expected = ids(server.jobs)
    assert ids(listing(server, kind, prefetch=True, raw=raw)) == expected
    assert ids(listing(server, kind, prefetch=False, raw=raw)) == expected


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_prefetch_respects_max_items(server: MockIonQServer, kind: str) -> None:
    assert ids(listing(server, kind, prefetch=True, max_items=23)) == ids(server.jobs)[:23]


def test_sync_early_stop_cleans_up(server: MockIonQServer) -> None:
    with server.jobs_client() as client:
        jobs = client.iter_jobs(page_size=PAGE, prefetch=True)
        first = next(jobs)
        assert len(prefetch_threads()) == 1
        jobs.close()  # what `break` does to a for loop's iterator
        assert prefetch_threads() == []
        assert first.id == server.jobs[0]["id"]


def test_sync_consumer_error_cleans_up(server: MockIonQServer) -> None:
    def consume() -> None:
        with server.jobs_client() as client:
            for index, _job in enumerate(client.iter_jobs(page_size=PAGE, prefetch=True)):
                if index == 12:
                    raise RuntimeError("consumer failed")

    with pytest.raises(RuntimeError, match="consumer"):
        consume()


def test_async_early_stop_cancels_the_task(server: MockIonQServer) -> None:
    async def main() -> int:
        async with server.async_jobs_client() as client:
            jobs = client.iter_jobs(page_size=PAGE, prefetch=True)
            async for _job in jobs:
                break
            await jobs.aclose()  # type: ignore[attr-defined]
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            return len(others)

    assert asyncio.run(main()) == 0


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_prefetch_error_carries_the_cursor_to_resume(server: MockIonQServer, kind: str) -> None:
    cursors: list[str] = []

    def third_page(request: Any) -> bool:
        cursor = request.args.get("next")
        if cursor and cursor not in cursors:
            cursors.append(cursor)
        return cursor is not None and cursors.index(cursor) == 1

    server.inject(Fault.http_status(403), times=1, when=third_page)
    got: list[Any] = []

    def sync() -> None:
        with server.jobs_client(max_retries=0) as client:
            got.extend(client.iter_jobs(page_size=PAGE, prefetch=True))

    async def asynchronous() -> None:
        async with server.async_jobs_client(max_retries=0) as client:
            async for job in client.iter_jobs(page_size=PAGE, prefetch=True):
                got.append(job)

    with pytest.raises(errors.PermissionDeniedError) as caught:
        sync() if kind == "sync" else asyncio.run(asynchronous())
    assert len(got) == 2 * PAGE  # the pages before the failure, all of them
    assert caught.value.cursor == cursors[1]
    rest = listing(server, kind, prefetch=True, cursor=caught.value.cursor)
    assert ids(got) + ids(rest) == ids(server.jobs)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_prefetch_repeated_cursor_raises_after_the_page(server: MockIonQServer, kind: str) -> None:
    server.inject(Fault.repeated_cursor(), times=1, when=lambda r: r.args.get("next") is not None)
    with pytest.raises(errors.PaginationError):
        listing(server, kind, prefetch=True)


def test_raw_jobs_are_the_servers_dicts(server: MockIonQServer) -> None:
    with server.jobs_client() as client:
        assert list(client.iter_jobs(raw=True, page_size=PAGE)) == server.jobs
        page = client.get_page(raw=True, page_size=5)
        assert page.jobs == server.jobs[:5]
        assert [len(p) for p in client.iter_pages(raw=True, page_size=20)] == [20, 20, 15]


@pytest.mark.parametrize("job", [{"status": "ready"}, "not-a-job", ["id"]])
def test_raw_mode_still_refuses_a_job_without_id(httpserver_checked: Any, job: object) -> None:
    httpserver_checked.expect_request(JOBS_PATH).respond_with_json({"jobs": [job], "next": None})
    base_url = httpserver_checked.url_for("/v0.4")
    client = JobsClient(api_key=FAKE_KEY, base_url=base_url)
    with client, pytest.raises(errors.MalformedResponseError, match="job 0 of the page"):
        list(client.iter_jobs(raw=True))


def test_closing_an_async_listing_keeps_the_callers_own_cancellation() -> None:
    """Closing a prefetching listing awaits its cancelled fetch; a cancellation of the caller's
    task arriving then was swallowed with the fetch's (the task returned normally, and an
    `asyncio.timeout` around it did not fire)."""
    import contextlib
    import json

    import httpx

    from ionq_facade import AsyncJobsClient
    from tests.conftest import make_job

    tearing_down, page_2_asked = asyncio.Event(), asyncio.Event()

    class SlowToCancel(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if "next" not in request.url.params:
                body = {"jobs": [make_job("j1")], "next": "c2"}
                return httpx.Response(200, content=json.dumps(body).encode())
            page_2_asked.set()
            try:
                await asyncio.Event().wait()  # page 2 never comes
            except asyncio.CancelledError:
                tearing_down.set()
                await asyncio.sleep(0.5)  # a teardown that takes a while
                raise
            raise AssertionError("unreachable")

    async def consume(client: AsyncJobsClient) -> str:
        async with contextlib.aclosing(client.iter_jobs(prefetch=True, raw=True)) as jobs:
            async for _job in jobs:
                await page_2_asked.wait()  # the prefetch is in flight
                break
        return "returned normally"

    async def main() -> None:
        client = AsyncJobsClient(api_key=FAKE_KEY, transport=SlowToCancel(), max_retries=0)
        task = asyncio.ensure_future(consume(client))
        await tearing_down.wait()  # the listing is closing, awaiting its fetch
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await client.close()

    asyncio.run(main())
