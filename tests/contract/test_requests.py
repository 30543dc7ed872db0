"""What the facade sends is what the caller asked for, as the spec reads it (openapi-core)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from ionq_facade.testing import MockIonQServer
from tests.spec_facts import NOT_SENT_AS_ASKED, sample_filters

ASKED, _, EXPECTED_QUERY = sample_filters({  # and a value from the spec for any other filter
    "ids": (["a-1", "b-2", "c-3"], [], ["a-1", "b-2", "c-3"]),  # a list, every repeated key kept
    "parent_job_id": ("parent-9", [], "parent-9"),
    "status": ("FAILED", [], "failed"),
    "target": (["simulator", "qpu.forte-1"], [], "simulator,qpu.forte-1"),  # one joined string
    "session_id": ("session-4", [], "session-4"),
    "submitter_id": ("64b03577072d45001c85e9c4", [], "64b03577072d45001c85e9c4"),
    "page_size": (17, [], 17),
})  # fmt: skip


@pytest.fixture
def server() -> Iterator[MockIonQServer]:
    with MockIonQServer(jobs=5) as started:
        yield started
        started.check()


def test_sync_methods_send_what_was_asked(server: MockIonQServer) -> None:
    with server.jobs_client() as client:
        list(client.iter_jobs(**ASKED))  # type: ignore[arg-type]
        list(client.iter_pages(**ASKED))  # type: ignore[arg-type]
        client.get_page(**ASKED)  # type: ignore[arg-type]
    assert [r.query for r in server.requests] == [EXPECTED_QUERY] * 3, NOT_SENT_AS_ASKED
    assert all(r.raw_query["ids"] == ASKED["ids"] for r in server.requests)


def test_async_methods_send_what_was_asked(server: MockIonQServer) -> None:
    async def main() -> None:
        async with server.async_jobs_client() as client:
            [job async for job in client.iter_jobs(**ASKED)]  # type: ignore[arg-type]
            [page async for page in client.iter_pages(**ASKED)]  # type: ignore[arg-type]
            await client.get_page(**ASKED)  # type: ignore[arg-type]

    asyncio.run(main())
    assert [r.query for r in server.requests] == [EXPECTED_QUERY] * 3, NOT_SENT_AS_ASKED


def test_cursor_is_sent_back_unchanged_with_the_same_filters(server: MockIonQServer) -> None:
    server.add_jobs(dict(server.jobs[0], id=f"extra-{n}", backend="simulator") for n in range(30))
    with server.jobs_client() as client:
        pages = list(client.iter_pages(target="simulator", status="completed", page_size=4))
    assert len(pages) > 2
    queries = [r.query for r in server.requests]
    assert [q.get("next") for q in queries] == [None] + [p.next_cursor for p in pages[:-1]]
    assert {(q["target"], q["status"], q["limit"]) for q in queries} == {
        ("simulator", "completed", 4)
    }


def test_a_request_the_spec_does_not_allow_fails_the_contract() -> None:
    """The checker is not blind: a repeated scalar key is caught even if a validator drops it."""
    import httpx

    with MockIonQServer(jobs=1) as server:
        headers = {"Authorization": f"apiKey {server.api_key}"}
        httpx.get(f"{server.base_url}/jobs?status=failed&status=completed", headers=headers)
        (violation,) = server.take_violations()
    assert "status" in violation
