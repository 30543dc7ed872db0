"""The fault table: one row per way a listing can go wrong, each with its expected outcome.

Every row lists the mock's jobs through the facade (sync and async) with faults injected on the
pages after the first, then checks that no job was lost or duplicated: a listing that succeeds
returns exactly the server's jobs; one that fails returns a prefix, and resuming from the error's
cursor returns exactly the rest. Backoff runs on a fake clock, so the table stays fast."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ionq_facade import errors
from ionq_facade._retry import MAX_RETRY_AFTER
from ionq_facade.testing import Fault, MockIonQServer
from tests.conftest import FakeClock

PAGE_SIZE = 10
JOBS = 45  # + the seed job: five pages


def later(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


@dataclass
class Row:
    name: str
    fault: Fault | None
    times: int = 1
    expect: type[errors.IonQError] | None = None  # None: the listing succeeds
    sleeps: int | None = None  # retries the client should have slept for
    client: dict[str, Any] = field(default_factory=dict)


ROWS = [
    Row("429 + Retry-After seconds", Fault.http_status(429, retry_after=2), times=2, sleeps=2),
    Row("429 + Retry-After date", Fault.http_status(429, retry_after=later(20)), sleeps=1),
    Row("429 without Retry-After", Fault.http_status(429), sleeps=1),
    Row("429 Retry-After beyond bound", Fault.http_status(429, retry_after=MAX_RETRY_AFTER * 2),
        expect=errors.RateLimitError, sleeps=0),
    *[Row(f"{code} burst < max_retries", Fault.http_status(code), times=3, sleeps=3)
      for code in (500, 502, 503, 504)],
    *[Row(f"{code} burst > max_retries", Fault.http_status(code), times=5,
          expect=errors.ServerError, sleeps=3)
      for code in (500, 502, 503, 504)],
    Row("dropped connection", Fault.drop_connection(), times=2, sleeps=2),
    Row("dropped connection, always", Fault.drop_connection(), times=9,
        expect=errors.APIConnectionError),
    # a timeout ~30x an unfaulted page's time here (0.15 s timed one out on a busy machine)
    Row("read timeout", Fault.delay(1.5), times=1, sleeps=1, client={"timeout": 1.0}),
    Row("read timeout, always", Fault.delay(1.5), times=9, expect=errors.APITimeoutError,
        client={"timeout": 1.0, "max_retries": 1}),
    Row("truncated JSON body", Fault.truncated_body(), sleeps=1),
    Row("invalid JSON body", Fault.invalid_json(), expect=errors.MalformedResponseError, sleeps=0),
    Row("HTML page with 200", Fault.html_page(), expect=errors.MalformedResponseError, sleeps=0),
    Row('"jobs": null', Fault.jobs_null(), expect=errors.MalformedResponseError),
    Row("missing next", Fault.next_missing(), expect=errors.MalformedResponseError),
    Row("repeated cursor", Fault.repeated_cursor(), expect=errors.PaginationError),
    Row("empty page with a cursor", Fault.empty_page(), times=3, sleeps=0),
    Row("no fault", None, sleeps=0),
]  # fmt: skip


def collect(server: MockIonQServer, kind: str, clock: FakeClock, cursor: str | None, **client: Any):
    """(ids listed, error or None) for one listing."""
    got: list[str] = []
    kwargs = {"retry_policy": clock.policy(client.pop("max_retries", 3)), **client}

    def sync() -> None:
        with server.jobs_client(**kwargs) as jobs_client:
            for job in jobs_client.iter_jobs(page_size=PAGE_SIZE, cursor=cursor):
                got.append(job.id)

    async def asynchronous() -> None:
        async with server.async_jobs_client(**kwargs) as jobs_client:
            async for job in jobs_client.iter_jobs(page_size=PAGE_SIZE, cursor=cursor):
                got.append(job.id)

    try:
        sync() if kind == "sync" else asyncio.run(asynchronous())
    except errors.IonQError as exc:
        return got, exc
    return got, None


@pytest.fixture(scope="module")
def server():  # type: ignore[no-untyped-def]
    with MockIonQServer(jobs=JOBS) as started:
        yield started


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_fault(server: MockIonQServer, row: Row, kind: str) -> None:
    clock = FakeClock()
    expected = [job["id"] for job in server.jobs]
    server.clear_faults()
    if row.fault is not None:
        server.inject(row.fault, times=row.times, when=lambda request: "next" in request.args)
    got, error = collect(server, kind, clock, None, **dict(row.client))
    server.clear_faults()
    if row.expect is None:
        assert error is None, error
        assert got == expected
    else:
        assert type(error) is row.expect, error
        assert got == expected[: len(got)]  # a prefix: nothing skipped, nothing twice
        assert 0 < len(got) < len(expected)
        if row.expect is errors.PaginationError:
            assert error.cursor is None  # resuming would replay the cycle
        else:  # resume exactly where it failed
            assert error.cursor is not None
            rest, again = collect(server, kind, FakeClock(), error.cursor)
            assert again is None
            assert got + rest == expected
    if row.sleeps is not None:
        assert len(clock.sleeps) == row.sleeps
    assert server.take_violations() == []


ODD_JOBS = {
    "unknown status": {"status": "zz-not-a-status"},
    "unknown type": {"type": "zz-not-a-type"},
    "unknown backend": {"backend": "qpu.zz-not-a-backend"},
    "unknown cost model": {"cost_model": "zz-not-a-cost-model"},
    "unknown noise model": {"noise": {"model": "zz-not-a-noise-model"}},
    "unknown failure code": {
        "status": "failed",
        "failure": {"code": "ZzNotAFailureCode", "message": "m"},
    },
    "extra fields": {"zz_not_a_field": 3, "zz_not_a_list": ["x"], "zz_not_an_object": {"a": "b"}},
    "required-nullable field absent": {"project_id": None},  # replaced by deletion below
}


@pytest.mark.parametrize("case", list(ODD_JOBS))
def test_odd_jobs_mid_listing_cost_nothing(case: str) -> None:
    with MockIonQServer(jobs=30) as server:
        odd = dict(server.jobs[15], id=f"odd-{case}", **ODD_JOBS[case])
        if case == "required-nullable field absent":
            for name in ("project_id", "session_id", "failure", "started_at", "results"):
                del odd[name]
        server.add_job(odd)
        with server.jobs_client() as client:
            jobs = list(client.iter_jobs(page_size=7))
        assert [job.id for job in jobs] == [job["id"] for job in server.jobs]
        (got,) = [job for job in jobs if job.id == odd["id"]]
        assert got.to_dict() == odd
        server.check()


def test_five_megabyte_page() -> None:
    padding = "x" * 5000
    with MockIonQServer(jobs=1000, validate=False, max_page_size=1000) as server:
        jobs = server.jobs
        for job in jobs:
            job["metadata"] = {"note": padding}
        server.clear_jobs()
        server.add_jobs(jobs)
        with server.jobs_client() as client:
            page = client.get_page(page_size=1000)
        assert len(page) == 1000
        assert sum(len(job.metadata["note"]) for job in page) >= 5_000_000


@pytest.mark.parametrize(
    ("fault", "expected"),
    [(Fault.invalid_json, errors.MalformedResponseError),
     (Fault.truncated_body, errors.APIConnectionError)],
)  # fmt: skip
def test_a_body_fault_cuts_an_artifact_and_an_error_too(fault: Any, expected: type) -> None:
    """A body fault was taken (and counted) on an artifact or a 404 without touching it: a test
    of the client against a broken body passed with none ever sent."""
    with MockIonQServer(jobs=60) as server, server.jobs_client(max_retries=0) as client:
        done = next(client.iter_jobs(status="completed", raw=True))
        server.inject(fault())
        with pytest.raises(expected):
            client.get_results(done)  # its probabilities artifact
        server.inject(fault())
        cut_404 = errors.NotFoundError if expected is errors.MalformedResponseError else expected
        with pytest.raises(cut_404):  # a 404's body that cannot be read: still a 404
            client.get_job("00000000-0000-4000-8000-000000000000")  # a 404, its body cut
        assert [r.path.rsplit("/", 1)[-1] for r in server.requests[-2:]] == [
            "probabilities", "00000000-0000-4000-8000-000000000000"
        ]  # fmt: skip


@pytest.mark.parametrize("fault", [Fault.invalid_json, Fault.jobs_null, Fault.next_missing])
def test_a_recording_misbehaves_as_the_mock_does(fault: Any) -> None:
    """On a server replaying a recording, every body and page fault was taken without effect."""
    recording = "tests/recordings/mock-jobs.json"
    with MockIonQServer.from_recording(recording) as server, server.jobs_client() as client:
        server.inject(fault())
        with pytest.raises(errors.MalformedResponseError):
            client.get_page(page_size=25)
        assert client.get_page(page_size=25).next_cursor is not None  # one page, then as recorded


@pytest.mark.parametrize(
    ("status", "error"),
    [(500, "Internal Server Error"), (503, "Service Unavailable Error"), (404, "Not Found Error")],
)
def test_an_injected_status_names_its_error_as_ionq_does(status: int, error: str) -> None:
    """The mock's 500 said "Internal Server Error Error"."""
    import httpx

    with MockIonQServer(jobs=1) as server:
        server.inject(Fault.http_status(status))
        answer = httpx.get(
            f"{server.base_url}/jobs", headers={"Authorization": f"apiKey {server.api_key}"}
        )
    assert (answer.status_code, answer.json()["error"]) == (status, error)
