"""AsyncJobsClient.iter_jobs_by_status: one cursor per status, concurrently."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from ionq_facade import errors
from ionq_facade.testing import Fault, MockIonQServer


@pytest.fixture(scope="module")
def server() -> Iterator[MockIonQServer]:
    with MockIonQServer(jobs=150) as started:
        yield started
        started.check()


def by_status(server: MockIonQServer, **kwargs: Any) -> list[Any]:
    async def main() -> list[Any]:
        async with server.async_jobs_client(max_retries=0) as client:
            jobs = [job async for job in client.iter_jobs_by_status(page_size=7, **kwargs)]
            assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []
            return jobs

    return asyncio.run(main())


def test_every_job_once(server: MockIonQServer) -> None:
    server.clear_faults()
    jobs = by_status(server)
    assert sorted(job.id for job in jobs) == sorted(job["id"] for job in server.jobs)
    requested = {r.query["status"] for r in server.requests if r.query and "status" in r.query}
    assert requested == {"submitted", "ready", "started", "canceled", "failed", "completed"}


def test_chosen_statuses_raw_and_max_items(server: MockIonQServer) -> None:
    jobs = by_status(server, statuses=["failed", "CANCELED"], raw=True)
    expected = [j["id"] for j in server.jobs if j["status"] in {"failed", "canceled"}]
    assert sorted(job["id"] for job in jobs) == sorted(expected)
    assert len(by_status(server, max_items=9)) == 9


def test_an_error_cancels_the_rest_and_names_the_status() -> None:
    # A server of its own: on the shared one, a request that an earlier test's listing sent just
    # before it was cancelled could arrive late and take this one-shot fault.
    with MockIonQServer(jobs=150) as server:
        failed = lambda r: r.args.get("status") == "failed"  # noqa: E731
        server.inject(Fault.http_status(403), times=1, when=failed)
        with pytest.raises(errors.PermissionDeniedError) as caught:
            by_status(server)
        server.check()
    assert any("failed" in note for note in caught.value.__notes__)


def test_newest_first_merges_every_status_in_the_listings_order(server: MockIonQServer) -> None:
    server.clear_faults()
    jobs = by_status(
        server, statuses=["completed", "failed", "canceled"], raw=True, newest_first=True
    )
    wanted = {"completed", "failed", "canceled"}
    assert [job["id"] for job in jobs] == [j["id"] for j in server.jobs if j["status"] in wanted]


def test_bad_arguments() -> None:
    with MockIonQServer() as server:
        client = server.async_jobs_client()
        with pytest.raises(ValueError, match="statuses="):
            client.iter_jobs_by_status(status="failed")  # type: ignore[call-arg]
        with pytest.raises(ValueError, match="allowed: submitted"):
            client.iter_jobs_by_status(statuses=["paused"])
        with pytest.raises(ValueError, match="statuses is empty"):
            client.iter_jobs_by_status(statuses=[])
        asyncio.run(client.close())
