"""Retries with a fake clock: which failures are retried, how long the client waits, and when it
gives up. No test sleeps for real."""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from pytest_httpserver import HTTPServer

from ionq_facade import AsyncJobsClient, JobsClient, RetryPolicy, errors
from ionq_facade._retry import INITIAL_RETRY_DELAY, JITTER, MAX_RETRY_AFTER, MAX_RETRY_DELAY
from ionq_facade._retry_after import parse_retry_after
from tests.conftest import FAKE_KEY, JOBS_PATH, FakeClock, PagedJobs, Twin, job_pages, json_response


class Burst:
    """Fails the first `count` requests with `status`, then serves pages normally."""

    def __init__(self, status: int, count: int, headers: dict[str, str] | None = None) -> None:
        self.status, self.count, self.headers = status, count, headers or {}
        self.pages = PagedJobs(job_pages([2, 2]))
        self.calls = 0

    def __call__(self, request):  # type: ignore[no-untyped-def]
        self.calls += 1
        if self.calls <= self.count:
            body = {"statusCode": self.status, "error": "Err", "message": "try later"}
            return json_response(body, self.status, self.headers)
        return self.pages(request)


MID = 1 - JITTER * 0.5  # the fake clock's random() is 0.5


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504, 520, 529])
def test_short_bursts_are_retried_without_loss(
    twin: Twin, httpserver_checked: HTTPServer, clock: FakeClock, status: int
) -> None:
    burst = Burst(status, 3)
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(burst)
    jobs = twin.jobs()
    assert [j.id for j in jobs] == [j["id"] for page in burst.pages.pages for j in page]  # type: ignore[attr-defined]
    expected = [INITIAL_RETRY_DELAY * 2**n * MID for n in range(3)]
    assert clock.sleeps == pytest.approx(expected)


@pytest.mark.parametrize(
    ("status", "cls"), [(429, errors.RateLimitError), (503, errors.ServerError)]
)
def test_bursts_longer_than_max_retries_raise(
    twin: Twin, httpserver_checked: HTTPServer, clock: FakeClock, status: int, cls: type
) -> None:
    burst = Burst(status, 10)
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(burst)
    with pytest.raises(cls):
        twin.jobs()
    assert burst.calls == 4  # one try + max_retries=3
    assert len(clock.sleeps) == 3


@pytest.mark.parametrize("status", [400, 401, 403, 404, 501])
def test_client_errors_are_not_retried(
    twin: Twin, httpserver_checked: HTTPServer, clock: FakeClock, status: int
) -> None:
    burst = Burst(status, 10)
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(burst)
    with pytest.raises(errors.APIStatusError):
        twin.jobs()
    assert burst.calls == 1
    assert clock.sleeps == []


def test_backoff_is_capped(clock: FakeClock) -> None:
    policy = clock.policy(max_retries=20)
    assert policy.backoff(30) == pytest.approx(MAX_RETRY_DELAY * MID)
    assert max(policy.backoff(n) for n in range(20)) <= MAX_RETRY_DELAY


def test_max_retries_zero_disables(twin: Twin, httpserver_checked: HTTPServer) -> None:
    burst = Burst(503, 1)
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(burst)
    with pytest.raises(errors.ServerError):
        twin.jobs(client_args={"max_retries": 0, "retry_policy": None})
    assert burst.calls == 1


def test_retry_after_seconds_is_honoured(
    twin: Twin, httpserver_checked: HTTPServer, clock: FakeClock
) -> None:
    burst = Burst(429, 2, {"Retry-After": "7"})
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(burst)
    assert len(twin.jobs()) == 4
    assert clock.sleeps == [7.0, 7.0]


def test_retry_after_http_date_is_honoured(
    twin: Twin, httpserver_checked: HTTPServer, clock: FakeClock
) -> None:
    when = datetime.fromtimestamp(clock.now_value, UTC) + timedelta(seconds=12)
    burst = Burst(429, 1, {"Retry-After": format_datetime(when, usegmt=True)})
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(burst)
    assert len(twin.jobs()) == 4
    assert clock.sleeps == [pytest.approx(12.0)]


@pytest.mark.parametrize("form", ["seconds", "date"])
def test_retry_after_beyond_the_bound_raises_at_once(
    twin: Twin, httpserver_checked: HTTPServer, clock: FakeClock, form: str
) -> None:
    wait = MAX_RETRY_AFTER + 100
    when = datetime.fromtimestamp(clock.now_value, UTC) + timedelta(seconds=wait)
    value = str(int(wait)) if form == "seconds" else format_datetime(when, usegmt=True)
    burst = Burst(429, 5, {"Retry-After": value})
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(burst)
    with pytest.raises(errors.RateLimitError) as caught:
        twin.jobs()
    assert burst.calls == 1
    assert clock.sleeps == []
    assert caught.value.retry_after is not None
    assert caught.value.retry_after > MAX_RETRY_AFTER - 1
    # why one attempt (--max-retries says more): the server's wait, named in the message
    said = f"1 attempt; the server asks to retry after {math.ceil(caught.value.retry_after)}s]"
    assert str(caught.value).endswith(said)


@pytest.mark.parametrize(
    ("value", "said"), [("3600", "3600s"), ("1.5", "2s"), ("1e300", "1e+300s")]
)
def test_an_errors_retry_after_note_is_a_short_number(value: str, said: str) -> None:
    """`Retry-After: 1e300` was written out in its 301 digits."""
    request = httpx.Request("GET", "https://api.example.test/v0.4/jobs")
    answer = httpx.Response(429, headers={"retry-after": value}, request=request)
    error = errors.error_from_response(answer, cursor=None)
    assert str(error).endswith(f"; the server asks to retry after {said}]")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3.0),
        ("0", 0.0),
        ("1.5", 1.5),
        ("-4", 0.0),
        ("soon", None),
        (None, None),
        ("nan", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=lambda: 0.0) == expected


def test_parse_retry_after_date_in_the_past() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 2e9) == 0.0


# --- connection failures: a mock transport raises what a real network would ---------------------


def flaky_transport(failures: list[Exception]) -> tuple[httpx.MockTransport, list[int]]:
    calls: list[int] = []
    pages = PagedJobs(job_pages([2]))

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return httpx.Response(200, json={"jobs": pages.pages[0], "next": None})

    return httpx.MockTransport(handle), calls


def run_listing(
    kind: str, transport: httpx.MockTransport, clock: FakeClock, **kw: object
) -> list[object]:
    kwargs = {"api_key": FAKE_KEY, "retry_policy": clock.policy(), "transport": transport, **kw}
    if kind == "sync":
        with JobsClient(**kwargs) as client:  # type: ignore[arg-type]
            return list(client.iter_jobs())

    async def main() -> list[object]:
        async with AsyncJobsClient(**kwargs) as client:  # type: ignore[arg-type]
            return [job async for job in client.iter_jobs()]

    return asyncio.run(main())


def connect_error() -> Exception:
    return httpx.ConnectError("connection refused")


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize(
    "failure",
    [
        connect_error,
        lambda: httpx.ReadTimeout("read timed out"),
        lambda: httpx.RemoteProtocolError("peer closed connection without sending complete body"),
        lambda: httpx.ReadError("connection reset"),
    ],
)
def test_transport_failures_are_retried(kind: str, clock: FakeClock, failure) -> None:  # type: ignore[no-untyped-def]
    transport, calls = flaky_transport([failure(), failure()])
    assert len(run_listing(kind, transport, clock)) == 2
    assert len(calls) == 3
    assert len(clock.sleeps) == 2


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_persistent_timeout_raises_api_timeout_error(kind: str, clock: FakeClock) -> None:
    transport, calls = flaky_transport([httpx.ReadTimeout("read timed out") for _ in range(9)])
    with pytest.raises(errors.APITimeoutError) as caught:
        run_listing(kind, transport, clock)
    assert isinstance(caught.value, errors.APIConnectionError)
    assert len(calls) == 4
    assert caught.value.cursor is None


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_persistent_connection_error(kind: str, clock: FakeClock) -> None:
    transport, _ = flaky_transport([connect_error() for _ in range(9)])
    with pytest.raises(errors.APIConnectionError, match="connection failed"):
        run_listing(kind, transport, clock)


def test_only_idempotent_methods_are_retried(clock: FakeClock) -> None:
    transport, calls = flaky_transport([connect_error(), connect_error()])
    client = JobsClient(api_key=FAKE_KEY, retry_policy=clock.policy(), transport=transport)
    with client, pytest.raises(httpx.ConnectError):
        client.generated.get_httpx_client().post("/jobs")
    assert len(calls) == 1


def test_a_request_with_time_left_sends_no_retry_that_would_end_after_it() -> None:
    """A wait's poll carries its time left (TIME_LEFT): a retry whose delay alone outlasts it
    is not sent, so the poll cannot overrun the wait's deadline; without it, the usual retries."""
    from ionq_facade._retry import TIME_LEFT, RetryTransport

    sent: list[httpx.Request] = []
    slept: list[float] = []

    def busy(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(503)

    policy = RetryPolicy(max_retries=3, sleep=slept.append, random=lambda: 0.0)
    transport = RetryTransport(httpx.MockTransport(busy), policy)
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:9") as client:
        # the first retry waits 0.5 s: it cannot fit in 0.05 s, whatever the scheduling
        assert client.get("/jobs", extensions={TIME_LEFT: 0.05}).status_code == 503
        assert (len(sent), slept) == (1, [])
        assert client.get("/jobs").status_code == 503
        assert len(sent) == 1 + 4
        assert slept == [0.5, 1.0, 2.0]


# --- found by a review of the request path (each failed before its fix) ---------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_retries": 1.5}, "max_retries must be an integer >= 0, got 1.5"),
        ({"max_retries": "3"}, "max_retries must be an integer >= 0"),
        ({"initial_delay": -1}, "initial_delay must be a number of seconds >= 0"),
        ({"max_delay": float("nan")}, "max_delay must be a number of seconds >= 0"),
        ({"max_retry_after": True}, "max_retry_after must be a number of seconds"),
    ],
)
def test_a_retry_policy_is_checked_when_made(options: dict[str, object], message: str) -> None:
    """initial_delay=-1 failed mid-request (`sleep length must be non-negative`); 1.5 retries
    gave two."""
    with pytest.raises(ValueError, match=message):
        RetryPolicy(**options)  # type: ignore[arg-type]


def test_backoff_after_a_thousand_retries_is_the_cap_not_an_overflow() -> None:
    """2.0**1024 raised a bare OverflowError: a 'retry forever' client died after ~2 hours."""
    policy = RetryPolicy(random=lambda: 0.0)
    assert policy.backoff(5000) == MAX_RETRY_DELAY


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_client_closed_while_a_retry_waits_sends_no_more(kind: str) -> None:
    """close() from another thread (or task) left the request retrying 3 more times."""
    calls: list[int] = []
    holder: list[JobsClient | AsyncJobsClient] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503, json={"message": "busy"})

    def close_now(_seconds: float) -> None:  # the wait before the first retry: closes
        client = holder[0]
        client.close() if isinstance(client, JobsClient) else asyncio.ensure_future(client.close())

    async def aclose_now(seconds: float) -> None:
        close_now(seconds)
        await asyncio.sleep(0)

    policy = RetryPolicy(max_retries=5, sleep=close_now, async_sleep=aclose_now)
    kwargs = {"api_key": FAKE_KEY, "retry_policy": policy}
    if kind == "sync":
        holder.append(JobsClient(transport=httpx.MockTransport(handle), **kwargs))  # type: ignore[arg-type]
        with pytest.raises(errors.ClientClosedError):
            holder[0].get_page()  # type: ignore[union-attr]
    else:

        async def main() -> None:
            holder.append(AsyncJobsClient(transport=httpx.MockTransport(handle), **kwargs))  # type: ignore[arg-type]
            with pytest.raises(errors.ClientClosedError):
                await holder[0].get_page()  # type: ignore[misc]

        asyncio.run(main())
    assert len(calls) == 1


@pytest.mark.parametrize("action", ["cancel_jobs", "wait_for_jobs"])
def test_a_closed_client_raises_rather_than_reporting_outcomes(action: str) -> None:
    """cancel_jobs on a closed client gave each id an 'error' outcome holding the closed error."""
    client = JobsClient(
        api_key=FAKE_KEY, transport=httpx.MockTransport(lambda r: httpx.Response(500))
    )
    client.close()
    with pytest.raises(errors.ClientClosedError):
        getattr(client, action)(["a", "b"])


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_close_ends_a_retrys_wait_at_once(kind: str) -> None:
    """A request waiting out a Retry-After (here an hour, the policy allowing it) learned of
    close() only when the wait ended: up to 60 s with the default policy, 8 s of backoff."""
    import threading

    from ionq_facade.testing import Fault, MockIonQServer

    policy = RetryPolicy(max_retries=3, max_retry_after=7200)
    with MockIonQServer(jobs=3) as server:
        server.inject(Fault.http_status(429, retry_after=3600))
        answered = lambda: len(server.requests) >= 1  # noqa: E731 - the 429 went out
        if kind == "sync":
            client = server.jobs_client(retry_policy=policy)
            raised: list[BaseException] = []

            def listing() -> None:
                try:
                    client.get_page()
                except BaseException as exc:  # handed to the test
                    raised.append(exc)

            thread = threading.Thread(target=listing, daemon=True)
            thread.start()
            while not answered():
                threading.Event().wait(0.01)
            client.close()
            thread.join(timeout=60)  # an hour without the fix
            assert not thread.is_alive()
            assert [type(exc) for exc in raised] == [errors.ClientClosedError]
        else:

            async def main() -> None:
                client = server.async_jobs_client(retry_policy=policy)
                task = asyncio.ensure_future(client.get_page())
                while not answered():
                    await asyncio.sleep(0.01)
                await client.close()
                with pytest.raises(errors.ClientClosedError):
                    await asyncio.wait_for(task, 60)  # an hour without the fix

            asyncio.run(main())
        assert len(server.requests) == 1  # no retry after the close


def test_close_from_another_thread_ends_a_request_in_flight() -> None:
    """close() closed the pool, but a thread blocked reading the answer was not woken: it
    waited out its timeout (here an hour) before it raised. The sockets are shut down now."""
    import threading

    from tests.rawserver import hang, serving

    outcome: list[BaseException] = []
    with serving(hang(600)) as srv:
        client = JobsClient(api_key=FAKE_KEY, base_url=srv.base_url, timeout=3600)

        def fetch() -> None:
            try:
                client.get_job("a")
            except BaseException as exc:  # told to the test below
                outcome.append(exc)

        thread = threading.Thread(target=fetch, daemon=True)
        thread.start()
        while not srv.requests:  # the request is on the server: the thread blocks reading
            assert thread.is_alive(), outcome
            threading.Event().wait(0.01)  # waits for an event, asserts nothing about time
        client.close()
        thread.join(120)  # a bound against a hang, far below the hour it took
        assert not thread.is_alive()
    assert [type(exc) for exc in outcome] == [errors.ClientClosedError]


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_close_ends_a_waits_pause_between_polls_at_once(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """wait_for_jobs learned of close() (from another thread or task) only when its pause
    between polls ended: up to 30 s (here an hour). It raises ClientClosedError at once."""
    import threading

    from ionq_facade import _operations
    from ionq_facade.testing import MockIonQServer

    monkeypatch.setattr(_operations, "WAIT_FIRST_INTERVAL", 3600.0)
    polled, outcome = threading.Event(), []
    with MockIonQServer(jobs=20) as server:
        active = next(j["id"] for j in server.jobs if j["status"] == "submitted")
        if kind == "sync":
            client = server.jobs_client()

            def wait() -> None:
                try:
                    client.wait_for_jobs([active], timeout=7200, on_poll=lambda _: polled.set())
                except errors.IonQError as exc:
                    outcome.append(exc)

            thread = threading.Thread(target=wait, daemon=True)
            thread.start()
            assert polled.wait(60)  # the first poll is done: the pause has begun
            client.close()
            thread.join(120)  # a bound against a hang, far below the hour it took
            assert not thread.is_alive()
        else:

            async def main() -> None:
                async with server.async_jobs_client() as client:
                    task = asyncio.ensure_future(
                        client.wait_for_jobs([active], timeout=7200, on_poll=lambda _: polled.set())
                    )
                    while not polled.is_set():
                        await asyncio.sleep(0.01)  # waits for an event, asserts nothing of time
                    await client.close()
                    try:
                        await asyncio.wait_for(task, 120)
                    except errors.IonQError as exc:
                        outcome.append(exc)

            asyncio.run(main())
    assert [type(exc) for exc in outcome] == [errors.ClientClosedError]
