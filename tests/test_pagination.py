"""Cursor walking through JobsClient and AsyncJobsClient (the `twin` fixture runs both)."""

from __future__ import annotations

import asyncio
import threading
import traceback
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer

from ionq_facade import AsyncJobsClient, JobsClient, JobsPage, errors
from tests.conftest import (
    FAKE_KEY,
    JOBS_PATH,
    PagedJobs,
    Twin,
    job_pages,
    json_response,
    make_job,
)


def serve(httpserver: HTTPServer, handler: PagedJobs) -> PagedJobs:
    httpserver.expect_request(JOBS_PATH).respond_with_handler(handler)
    return handler


def ids(jobs: list[object]) -> list[str]:
    return [job.id for job in jobs]  # type: ignore[attr-defined]


def test_follows_cursors_to_the_end(twin: Twin, httpserver_checked: HTTPServer) -> None:
    pages = job_pages([3, 3, 2])
    handler = serve(httpserver_checked, PagedJobs(pages))
    jobs = twin.jobs(page_size=3)
    assert ids(jobs) == [job["id"] for page in pages for job in page]
    assert [r.get("next") for r in handler.requests] == [None, ["c1"], ["c2"]]
    assert all(r["limit"] == ["3"] for r in handler.requests)


def test_empty_pages_with_a_cursor_are_followed(twin: Twin, httpserver_checked: HTTPServer) -> None:
    pages = job_pages([2, 0, 0, 1])
    serve(httpserver_checked, PagedJobs(pages))
    assert len(twin.jobs()) == 3


def test_empty_string_next_ends_the_listing(twin: Twin, httpserver_checked: HTTPServer) -> None:
    httpserver_checked.expect_oneshot_request(JOBS_PATH).respond_with_json(
        {"jobs": [make_job("only")], "next": ""}
    )
    assert ids(twin.jobs()) == ["only"]


def test_pages_expose_their_cursors(twin: Twin, httpserver_checked: HTTPServer) -> None:
    serve(httpserver_checked, PagedJobs(job_pages([2, 2])))
    pages = twin.pages()
    assert [(p.cursor, p.next_cursor, len(p)) for p in pages] == [(None, "c1", 2), ("c1", None, 2)]
    assert all(isinstance(p, JobsPage) for p in pages)
    assert [p.has_next_page for p in pages] == [True, False]
    assert pages[0].request_id == "req-1"


def test_get_page_and_resume_with_cursor(twin: Twin, httpserver_checked: HTTPServer) -> None:
    pages = job_pages([2, 2, 2])
    serve(httpserver_checked, PagedJobs(pages))
    first = twin.page()
    assert first.next_cursor == "c1"  # type: ignore[attr-defined]
    rest = twin.jobs(cursor=first.next_cursor)  # type: ignore[attr-defined]
    assert ids(rest) == [job["id"] for page in pages[1:] for job in page]


def test_max_items_stops_early_and_asks_for_no_more(
    twin: Twin, httpserver_checked: HTTPServer
) -> None:
    handler = serve(httpserver_checked, PagedJobs(job_pages([5, 5, 5])))
    jobs = twin.jobs(page_size=5, max_items=7)
    assert len(jobs) == 7
    assert len(handler.requests) == 2


def test_max_items_below_page_size_lowers_the_limit(
    twin: Twin, httpserver_checked: HTTPServer
) -> None:
    handler = serve(httpserver_checked, PagedJobs(job_pages([2, 2])))
    assert len(twin.jobs(page_size=100, max_items=2)) == 2
    assert handler.requests[0]["limit"] == ["2"]


def test_max_items_zero_and_max_pages_zero_send_nothing(
    twin: Twin, httpserver_checked: HTTPServer
) -> None:
    handler = serve(httpserver_checked, PagedJobs(job_pages([2])))
    assert twin.jobs(max_items=0) == []
    assert twin.pages(max_pages=0) == []
    assert handler.requests == []


def test_max_pages(twin: Twin, httpserver_checked: HTTPServer) -> None:
    handler = serve(httpserver_checked, PagedJobs(job_pages([1, 1, 1, 1])))
    assert len(twin.pages(max_pages=2)) == 2
    assert len(handler.requests) == 2


def test_repeated_cursor_raises_instead_of_looping(
    twin: Twin, httpserver_checked: HTTPServer
) -> None:
    calls = []

    def looping(request):  # type: ignore[no-untyped-def]
        calls.append(request.args.get("next"))
        cursor = request.args.get("next")
        page = {None: ("a", "c1"), "c1": ("b", "c2"), "c2": ("c", "c1")}[cursor]
        return json_response({"jobs": [make_job(page[0])], "next": page[1]})

    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(looping)
    with pytest.raises(errors.PaginationError) as caught:
        twin.jobs()
    assert caught.value.repeated_cursor == "c1"
    assert calls == [None, "c1", "c2"]


def test_a_job_repeated_across_the_page_boundary_is_yielded_once(
    twin: Twin, httpserver_checked: HTTPServer
) -> None:
    pages = job_pages([3, 3])
    pages[1].insert(0, pages[0][-1])  # a concurrent insert shifted the listing by one
    serve(httpserver_checked, PagedJobs(pages))
    got = ids(twin.jobs())
    assert len(got) == len(set(got)) == 6


def test_error_mid_listing_carries_the_cursor_to_resume(
    twin: Twin, httpserver_checked: HTTPServer
) -> None:
    pages = job_pages([2, 2, 2])
    good = PagedJobs(pages)
    failing_once = {"c2": 1}

    def flaky(request):  # type: ignore[no-untyped-def]
        cursor = request.args.get("next")
        if failing_once.get(cursor):
            failing_once[cursor] -= 1
            return json_response({"statusCode": 403, "error": "Forbidden", "message": "no"}, 403)
        return good(request)

    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(flaky)
    seen: list[object] = []
    with pytest.raises(errors.PermissionDeniedError) as caught:
        twin.run(lambda c: seen.extend(c.iter_jobs()) if twin.kind == "sync" else _collect(c, seen))
    assert caught.value.cursor == "c2"
    assert len(seen) == 4
    rest = twin.jobs(cursor=caught.value.cursor)
    assert ids(seen) + ids(rest) == [job["id"] for page in pages for job in page]


async def _collect(client, sink):  # type: ignore[no-untyped-def]
    async for job in client.iter_jobs():
        sink.append(job)


def _failing_at_c1(httpserver: HTTPServer, pages: list[list[dict[str, object]]]) -> None:
    good = PagedJobs(pages)

    def handler(request):  # type: ignore[no-untyped-def]
        if request.args.get("next") == "c1":
            return json_response({"statusCode": 403, "error": "Forbidden", "message": "no"}, 403)
        return good(request)

    httpserver.expect_request(JOBS_PATH).respond_with_handler(handler)


@pytest.mark.parametrize(
    ("method", "kw"),
    [("iter_jobs", {}), ("iter_pages", {}), ("iter_jobs", {"status": ["failed", "canceled"]})],
    ids=["jobs", "pages", "merged"],
)
def test_a_listing_an_error_ended_raises_again_instead_of_ending(
    twin: Twin, httpserver_checked: HTTPServer, method: str, kw: dict[str, object]
) -> None:
    """A caller that catches the error and goes on iterating must not see the listing end as if
    it were complete (the rest of the jobs lost unnoticed): every later next() raises, and the
    error still names where to resume."""
    _failing_at_c1(httpserver_checked, job_pages([2, 2]))

    def drive(items: Any) -> list[object]:
        told = []
        for _ in range(3):
            try:
                for _item in items:  # a `for` again over the same iterator, as a retry loop does
                    pass
                told.append("ended")
            except errors.IonQError as exc:
                told.append((type(exc).__name__, exc.cursor))
        try:
            next(items)
        except errors.IonQError as exc:
            told.append((type(exc).__name__, exc.cursor))
        return told

    async def adrive(items: Any) -> list[object]:
        told = []
        for _ in range(3):
            try:
                async for _item in items:
                    pass
                told.append("ended")
            except errors.IonQError as exc:
                told.append((type(exc).__name__, exc.cursor))
        try:
            await anext(items)
        except errors.IonQError as exc:
            told.append((type(exc).__name__, exc.cursor))
        return told

    run = drive if twin.kind == "sync" else adrive
    # a merged listing has no single cursor: its error names none (one status's would list
    # other jobs, passed back)
    told = twin.run(lambda c: run(getattr(c, method)(**kw)))
    assert told == [("PermissionDeniedError", None if "status" in kw else "c1")] * 4


def test_an_async_listing_a_cancellation_ended_says_so(httpserver_checked: HTTPServer) -> None:
    """`asyncio.wait_for(anext(jobs), t)` timing out cancels the listing mid-request: a later
    anext raises (naming the cancellation) instead of ending the listing as if complete."""
    arrived, release = threading.Event(), threading.Event()
    good = PagedJobs(job_pages([2, 2]))

    def handler(request):  # type: ignore[no-untyped-def]
        if request.args.get("next") == "c1":
            arrived.set()
            release.wait(30)
        return good(request)

    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(handler)
    base_url = httpserver_checked.url_for("/v0.4")

    async def main() -> str:
        async with AsyncJobsClient(api_key=FAKE_KEY, base_url=base_url) as client:
            jobs = client.iter_jobs()
            assert [await anext(jobs), await anext(jobs)]  # the first page
            waiting = asyncio.ensure_future(anext(jobs))  # the second page's request
            await asyncio.to_thread(arrived.wait, 30)
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting
            release.set()
            with pytest.raises(errors.IonQError) as caught:
                await anext(jobs)
            return caught.value

    try:
        error = asyncio.run(main())
    finally:
        release.set()
    assert str(error) == (
        "this listing was interrupted (CancelledError) and is over; cursor='c1' resumes at the "
        "page it cut"
    )
    assert error.cursor == "c1"


def _jobs_at(handler: Any) -> JobsClient:
    transport = httpx.MockTransport(handler)
    return JobsClient(
        api_key=FAKE_KEY, base_url="https://api.example.test/v0.4", transport=transport
    )


def test_a_listing_interrupted_mid_request_names_the_cursor_that_resumes_it_exactly() -> None:
    """Ctrl-C while a page's request is in flight: the jobs before that page were all handed
    out, so the cursor of the cut page resumes with nothing lost or repeated."""
    pages = job_pages([2, 2, 2])
    good = PagedJobs(pages)
    interrupt = {"c1": True}

    def handler(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("next")
        if interrupt.pop(cursor or "", False):
            raise KeyboardInterrupt
        index = 0 if cursor is None else int(cursor.removeprefix("c"))
        return httpx.Response(200, json={"jobs": pages[index], "next": good.cursor_for(index + 1)})

    seen: list[Any] = []
    with _jobs_at(handler) as client:
        jobs = client.iter_jobs(page_size=2)
        with pytest.raises(KeyboardInterrupt):
            seen.extend(jobs)
        with pytest.raises(errors.IonQError, match=r"interrupted \(KeyboardInterrupt\)") as caught:
            next(jobs)
        rest = list(client.iter_jobs(page_size=2, cursor=caught.value.cursor))
    assert caught.value.cursor == "c1"
    assert ids(seen) + ids(rest) == [job["id"] for page in pages for job in page]


def test_an_error_raised_again_is_the_same_error_with_a_traceback_that_does_not_grow() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("next") == "c1":
            return httpx.Response(403, json={"statusCode": 403, "error": "Forbidden"})
        return httpx.Response(200, json={"jobs": job_pages([2])[0], "next": "c1"})

    told, depths = [], []
    with _jobs_at(handler) as client:
        jobs = client.iter_jobs()
        for _ in range(6):
            with pytest.raises(errors.PermissionDeniedError) as caught:
                for _job in jobs:
                    pass
            told.append(caught.value)
            depths.append(len(traceback.extract_tb(caught.value.__traceback__)))
    first = told[0]
    assert all(error is first for error in told)
    assert first.__cause__ is None  # not itself: a loop for whoever walks the chain
    assert first.__context__ is None
    assert len(set(depths[1:])) == 1  # the first failure's frames and one re-raise's, each time


def test_a_second_thread_asking_at_once_does_not_end_the_listing() -> None:
    """A `next()` from another thread while a page is fetched fails at once ("generator
    already executing"); the listing goes on."""
    pages = job_pages([2, 2])
    inside, release = threading.Event(), threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        cursor = request.url.params.get("next")
        if cursor == "c1":
            inside.set()
            release.wait(30)
        index = 0 if cursor is None else 1
        return httpx.Response(
            200, json={"jobs": pages[index], "next": "c1" if index == 0 else None}
        )

    with _jobs_at(handler) as client:
        jobs = client.iter_jobs()
        got = [next(jobs), next(jobs)]
        first = threading.Thread(target=lambda: got.append(next(jobs)))
        first.start()
        assert inside.wait(30)
        with pytest.raises(ValueError, match="generator already executing"):
            next(jobs)
        release.set()
        first.join(30)
        got.extend(jobs)
    assert ids(got) == [job["id"] for page in pages for job in page]


def test_unknown_values_mid_listing_cost_nothing(
    twin: Twin, httpserver_checked: HTTPServer
) -> None:
    pages = job_pages([2, 2])
    pages[0][1].update(
        status="zz-not-a-status", cost_model="zz-not-a-cost-model", zz_not_a_field={"x": 1}
    )
    pages[1][0].update(
        noise={"model": "zz-not-a-noise-model"},
        failure={"code": "ZzNotAFailureCode", "message": "m"},
    )
    del pages[1][1]["project_id"]
    serve(httpserver_checked, PagedJobs(pages))
    jobs = twin.jobs()
    assert len(jobs) == 4
    assert jobs[1].status == "zz-not-a-status"  # type: ignore[attr-defined]
    assert jobs[1].additional_properties == {"zz_not_a_field": {"x": 1}}  # type: ignore[attr-defined]
    assert jobs[2].failure.code == "ZzNotAFailureCode"  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_merged_statuses_request_their_first_pages_together(kind: str) -> None:
    """Each status's first page is requested before any of them is answered: the server holds
    every first page until all three have arrived (if they came one after another, the barrier
    would break and the listing fail)."""
    import threading

    from ionq_facade.testing import Fault, MockIonQServer

    statuses = ["failed", "canceled", "completed"]
    barrier = threading.Barrier(len(statuses), timeout=30)

    def first_page(request: Any) -> bool:
        if "next" not in request.args:
            barrier.wait()  # raises BrokenBarrierError (a 500 from the mock) if they come apart
        return False  # no fault: serve the page

    with MockIonQServer(jobs=120) as server:
        server.inject(Fault.delay(0), times=None, when=first_page)
        expected = [j["id"] for j in server.jobs if j["status"] in statuses]
        if kind == "sync":
            with server.jobs_client(max_retries=0) as client:
                got = [j.id for j in client.iter_jobs(status=statuses, page_size=10)]
        else:

            async def main() -> list[str]:
                async with server.async_jobs_client(max_retries=0) as client:
                    return [j.id async for j in client.iter_jobs(status=statuses, page_size=10)]

            got = asyncio.run(main())
    assert got == expected


def test_ctrl_c_while_one_first_page_is_awaited_aborts_the_others() -> None:
    """A merged listing sends every status's first request at once. Interrupted while it awaits
    the first of them, it aborts the others' requests too, though it never asked for their pages
    (a generator never started runs no `finally`)."""
    import threading

    import httpx

    from ionq_facade import JobsClient
    from ionq_facade._deadline import current_cancellation

    aborted, answered = threading.Event(), threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params["status"] == "failed":
            raise KeyboardInterrupt  # as Ctrl-C would reach the listing: from its first page
        cancellation = current_cancellation.get()  # the canceled status's first request hangs
        for _ in range(2000):  # until the listing aborts it, or 20 s
            if cancellation is not None and cancellation.is_set():
                aborted.set()
                break
            threading.Event().wait(0.01)
        answered.set()
        return httpx.Response(503)

    transport = httpx.MockTransport(handler)
    with JobsClient(api_key="fake-key", max_retries=0, transport=transport) as client:
        with pytest.raises(KeyboardInterrupt):
            list(client.iter_jobs(status=["failed", "canceled"]))
        assert answered.wait(30)
    assert aborted.is_set()


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_merged_listing_reads_no_page_past_max_items(kind: str) -> None:
    """Every later page fails here: taking the first jobs of a merged listing must not need one."""
    from ionq_facade.testing import Fault, MockIonQServer

    statuses = ["failed", "completed"]
    with MockIonQServer(jobs=120) as server:
        server.inject(Fault.http_status(500), times=None, when=lambda r: "next" in r.args)
        if kind == "sync":
            with server.jobs_client(max_retries=0) as client:
                got = list(client.iter_jobs(status=statuses, page_size=5, max_items=3))
        else:

            async def main() -> list[Any]:
                async with server.async_jobs_client(max_retries=0) as client:
                    jobs = client.iter_jobs(status=statuses, page_size=5, max_items=3)
                    return [job async for job in jobs]

            got = asyncio.run(main())
    assert len(got) == 3


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_merged_listings_error_carries_no_cursor(kind: str) -> None:
    """The error carried one status's cursor; passed back as `cursor=` (with the statuses it
    is refused) it listed other jobs, though the README says it continues exactly there."""
    from ionq_facade.testing import Fault, MockIonQServer

    statuses = ["failed", "completed"]

    async def alist(server: MockIonQServer) -> None:
        async with server.async_jobs_client(max_retries=0) as client:
            [job async for job in client.iter_jobs(status=statuses, page_size=5)]

    def listed(server: MockIonQServer) -> None:
        if kind == "async":
            asyncio.run(alist(server))
            return
        with server.jobs_client(max_retries=0) as client:
            list(client.iter_jobs(status=statuses, page_size=5))

    with MockIonQServer(jobs=120) as server:
        server.inject(Fault.http_status(503), times=None, when=lambda r: "next" in r.args)
        with pytest.raises(errors.ServerError) as caught:
            listed(server)
    assert caught.value.cursor is None


def test_a_merged_listing_not_iterated_sends_nothing() -> None:
    from ionq_facade.testing import MockIonQServer

    with MockIonQServer(jobs=30) as server, server.jobs_client() as client:
        jobs = client.iter_jobs(status=["failed", "completed"])
        jobs.close()
        assert server.requests == []


# --- found by a review of listing and export (each failed before its fix) -------------------------


def test_merged_statuses_order_by_time_not_by_text() -> None:
    """`12:00+05:00` (07:00 UTC) sorted before `09:00Z` as text: max_items=1 gave the older."""
    import httpx

    from ionq_facade import JobsClient

    jobs = {"ready": make_job("east", submitted_at="2026-01-01T12:00:00+05:00"),
            "started": make_job("utc", submitted_at="2026-01-01T09:00:00Z")}  # fmt: skip

    def handler(request: httpx.Request) -> httpx.Response:
        job = jobs[request.url.params["status"]]
        return httpx.Response(200, json={"jobs": [job], "next": None})

    client = JobsClient(api_key="fake-key", base_url="https://api.example.test/v0.4",
                        transport=httpx.MockTransport(handler))  # fmt: skip
    with client:
        assert [j.id for j in client.iter_jobs(status=["ready", "started"])] == ["utc", "east"]
        assert [j.id for j in client.iter_jobs(status=["ready", "started"], max_items=1)] == ["utc"]


def test_flags_are_booleans_and_a_closed_client_names_the_cursor(
    twin: Twin, httpserver_checked: HTTPServer
) -> None:
    from ionq_facade import JobsClient

    serve(httpserver_checked, PagedJobs(job_pages([2, 2])))
    with pytest.raises(ValueError, match="prefetch must be True or False, got 'no'"):
        twin.jobs(prefetch="no")
    with pytest.raises(ValueError, match="raw must be True or False, got 'no'"):
        twin.jobs(raw="no")
    client = JobsClient(api_key=FAKE_KEY, base_url=httpserver_checked.url_for("/v0.4"))
    pages = client.iter_pages(page_size=2)
    next(pages)
    client.close()
    with pytest.raises(errors.ClientClosedError) as caught:
        next(pages)
    assert caught.value.cursor == "c1"


def test_a_job_that_is_not_an_object_is_named_so(httpserver_checked: HTTPServer) -> None:
    from ionq_facade import JobsClient

    httpserver_checked.expect_request(JOBS_PATH).respond_with_json({"jobs": [[1]], "next": None})
    client = JobsClient(api_key="fake-key", base_url=httpserver_checked.url_for("/v0.4"))
    with client, pytest.raises(errors.MalformedResponseError, match="0 of the page is not an obj"):
        client.get_page()


def test_ctrl_c_waits_for_the_block_even_when_another_thread_takes_the_signal() -> None:
    """Blocking SIGINT in the main thread did not hold it: the kernel handed it to a prefetch
    thread, and Python raised it in the main thread inside the block (a page written, its
    cursor not yet recorded: the printed resume cursor repeated a page)."""
    import os
    import signal
    import threading

    from ionq_facade.cli._listing import interrupts_deferred

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    finished = []

    def block() -> None:
        with interrupts_deferred():
            sender = threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGINT))
            sender.start()
            sender.join()
            sum(range(200_000))  # bytecode runs: a pending interrupt would be raised here
            finished.append(True)

    try:
        with pytest.raises(KeyboardInterrupt):
            block()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert finished == [True]


def test_a_cancel_between_the_check_and_the_store_still_aborts_the_read() -> None:
    """A prefetch thread stores the stream it is about to read on, and the listing's cancel()
    shuts that stream down. A cancel() that ran just before the store found no stream: the
    thread must then see the cancellation and not read (else only the deadline ends it)."""
    import httpcore

    from ionq_facade._deadline import Cancellation, _DeadlineStream, current_cancellation

    class Stream(httpcore.NetworkStream):
        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            raise AssertionError("read on a stream whose listing was cancelled")

    cancellation = Cancellation()
    store = cancellation.using

    def cancelled_first(stream: httpcore.NetworkStream | None) -> None:
        if stream is not None and not cancellation.is_set():
            cancellation.cancel()  # the owner's cancel() lands here: no stream to shut yet
        store(stream)

    cancellation.using = cancelled_first  # type: ignore[method-assign]
    token = current_cancellation.set(cancellation)
    try:
        with pytest.raises(httpcore.ReadError):
            _DeadlineStream(Stream(), set()).read(10)
    finally:
        current_cancellation.reset(token)
