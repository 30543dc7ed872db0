"""Every promise against hostile servers (raw sockets, every byte chosen) and hostile input:
the key never leaks, every failure is typed and carries the cursor, time and memory are bounded.
Sync and async twins where both exist."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import re
import socket
import threading
import time
import tracemalloc
import zlib
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from ionq_jobs_api.api.default import get_jobs

from ionq_facade import AsyncJobsClient, JobsClient, RetryPolicy, errors
from ionq_facade._retry import RetryTransport
from ionq_facade._retry_after import parse_retry_after
from ionq_facade.testing import Fault, MockIonQServer
from tests.conftest import FakeClock, make_job
from tests.rawserver import Request, drip, gzipped, hang, page, send, serving

KEY = "fake-key-for-hostile-tests"
KINDS = ["sync", "async"]


def collect(
    kind: str, base_url: str, cursor: str | None = None, **client: Any
) -> tuple[list[Any], Exception | None]:
    """Every job the listing yields before it stops, and the error it stopped with."""
    client.setdefault("api_key", KEY)
    client.setdefault("max_retries", 0)
    got: list[Any] = []
    options = {"page_size": 2, "raw": True, "cursor": cursor}
    if kind == "sync":
        try:
            with JobsClient(base_url=base_url, **client) as sync_client:
                got.extend(sync_client.iter_jobs(**options))
        except Exception as exc:
            return got, exc
        return got, None

    async def main() -> Exception | None:
        try:
            async with AsyncJobsClient(base_url=base_url, **client) as async_client:
                async for job in async_client.iter_jobs(**options):
                    got.append(job)
        except Exception as exc:
            return exc
        return None

    return got, asyncio.run(main())


# --- the key never leaks ------------------------------------------------------------------------

ODD = ["\x0b", "\x0c", "\x01", "\x7f", "\t", "é", "\xa0", "\u200b", "\n", " ", "\x00", "😀"]


@pytest.mark.parametrize("client_class", [JobsClient, AsyncJobsClient])
@pytest.mark.parametrize("odd", ODD, ids=[repr(ch) for ch in ODD])
def test_a_key_no_header_can_carry_is_refused_without_quoting_it(
    client_class: type, odd: str
) -> None:
    key = f"secret{odd}key-0123"
    with pytest.raises(errors.MissingAPIKeyError) as caught:
        client_class(api_key=key, base_url="https://api.ionq.co/v0.4")
    for text in (str(caught.value), repr(caught.value), repr(caught.value.args)):
        assert "secret" not in text
        assert "0123" not in text


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"api_key": 12345}, "api_key must be a string"),
        ({"base_url": b"https://api.ionq.co"}, "base_url must be a string"),
        ({"base_url": " https://api.ionq.co/v0.4"}, "surrounding whitespace"),
        ({"base_url": "https://api.ionq.co/v0.4\n"}, "surrounding whitespace"),
        ({"base_url": "https://api.ionq\x00.co/v0.4"}, "control characters"),
        ({"base_url": "https://api.ionq.co:99999/v0.4"}, "not a valid URL"),
        ({"base_url": "ftp://api.ionq.co"}, "must start with https://"),
        ({"base_url": "127.0.0.1:8000/v0.4"}, "or http:// to a loopback host"),
        ({"timeout": float("inf")}, "timeout must be"),
        ({"timeout": float("nan")}, "timeout must be"),
        ({"timeout": 0}, "timeout must be"),
        ({"timeout": 1e300}, "timeout must be"),
        ({"timeout": "5"}, "timeout must be a number"),
        ({"max_response_bytes": 0}, "max_response_bytes"),
    ],
)
@pytest.mark.parametrize("client_class", [JobsClient, AsyncJobsClient])
def test_bad_settings_fail_at_construction(
    client_class: type, kwargs: dict[str, Any], words: str
) -> None:
    arguments = {"api_key": KEY, "base_url": "https://api.ionq.co/v0.4", **kwargs}
    with pytest.raises(ValueError, match=re.escape(words)):
        client_class(**arguments)


@pytest.mark.parametrize(
    "url", ["http://user:hunter2@example.com/v0.4", "https://user:hunter2@api.ionq.co/v0.4"]
)
def test_credentials_in_the_base_url_are_refused_and_not_repeated(url: str) -> None:
    with pytest.raises(ValueError, match="credentials") as caught:
        JobsClient(api_key=KEY, base_url=url)
    assert "hunter2" not in str(caught.value) + repr(caught.value.args)


def test_repr_of_a_half_built_client_never_raises() -> None:
    for client_class in (JobsClient, AsyncJobsClient):
        half = object.__new__(client_class)
        assert repr(half) == f"{client_class.__name__}(base_url=None, max_retries=None)"


def test_local_errors_are_never_retried() -> None:
    calls: list[httpx.Request] = []

    class Illegal(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            calls.append(request)
            raise httpx.LocalProtocolError("Illegal header value")

    transport = RetryTransport(Illegal(), FakeClock().policy(max_retries=3))
    with pytest.raises(httpx.LocalProtocolError):
        transport.handle_request(httpx.Request("GET", "http://127.0.0.1/v0.4/jobs"))
    assert len(calls) == 1


# --- every failure is typed and carries the cursor ----------------------------------------------


def first_page_then(answer: Any) -> list[Any]:
    """A first page pointing at cursor `c1`, then `answer` for it."""
    return [page([make_job("a"), make_job("b")], "c1"), answer]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [200, 500, 429])
def test_a_body_nested_too_deep_is_a_typed_error_with_the_cursor(kind: str, status: int) -> None:
    """A 2xx that cannot be decoded is malformed; a failure status stays that status's error."""
    deep = b"[" * 100_000
    answer = send(status, deep, Content_Type="application/json")
    with serving(*first_page_then(answer)) as srv:
        got, error = collect(kind, srv.base_url)
    assert [job["id"] for job in got] == ["a", "b"]
    expected = {200: errors.MalformedResponseError, 429: errors.RateLimitError}
    assert type(error) is expected.get(status, errors.ServerError), repr(error)
    assert error.status_code == status
    assert error.cursor == "c1"
    if status == 200:
        assert "nested too deeply" in str(error)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("odd_id", [None, 1, 1.0, True, [1, 2], {"a": 1}, ""])
def test_a_job_without_a_string_id_is_malformed(kind: str, odd_id: object) -> None:
    """Such a job can be neither de-duplicated, fetched, cancelled nor deleted: typed and raw
    listings alike refuse the page, with its cursor."""
    odd = make_job("x")
    odd["id"] = odd_id
    with serving(*first_page_then(page([make_job("y"), odd]))) as srv:
        got, error = collect(kind, srv.base_url)
    assert [job["id"] for job in got] == ["a", "b"]
    assert isinstance(error, errors.MalformedResponseError), repr(error)
    assert "job 1 of the page has no id" in str(error)
    assert error.cursor == "c1"


def test_a_long_cursor_is_sent_back_exactly() -> None:
    long_cursor = "c" * 5_000
    with serving(page([make_job("a")], long_cursor), page([make_job("b")])) as srv:
        with JobsClient(api_key=KEY, base_url=srv.base_url) as client:
            assert [job.id for job in client.iter_jobs()] == ["a", "b"]
        assert f"next={long_cursor}" in srv.requests[1].target


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("next_json", "words"),
    [('"\\ud800abc"', "lone surrogate"), (json.dumps("c" * 70_000), "at most 65,536 fit")],
)
def test_a_next_cursor_that_cannot_be_sent_is_malformed(
    kind: str, next_json: str, words: str
) -> None:
    body = f'{{"jobs": [{json.dumps(make_job("b"))}], "next": {next_json}}}'
    answers = [page([make_job("a")], "c1"), send(200, body, Content_Type="application/json")]
    with serving(*answers) as srv:
        got, error = collect(kind, srv.base_url)
        assert len(srv.requests) == 2  # nothing was sent with the bad cursor
    assert [job["id"] for job in got] == ["a"]
    assert isinstance(error, errors.MalformedResponseError)
    assert words in str(error)
    assert error.cursor == "c1"  # the page that carried it


@pytest.mark.parametrize("client_class", [JobsClient, AsyncJobsClient])
def test_unsendable_arguments_fail_before_any_request(client_class: type) -> None:
    with serving(page([])) as srv:
        client = client_class(api_key=KEY, base_url=srv.base_url)
        ids = [f"{n:08d}-0000-4000-8000-000000000000" for n in range(10_000)]
        for kwargs, words in [
            ({"ids": ids}, "at most 6,000 fit one request"),
            ({"cursor": "c" * 70_000}, "cursor cannot be sent"),
            ({"cursor": "\ud800"}, "lone surrogate"),
            ({"session_id": "s" * 70_000}, "session_id cannot be sent"),
            ({"page_size": 2**31}, "page_size must be an integer <= 2147483647"),
        ]:
            with pytest.raises(ValueError, match=re.escape(words)):
                client.iter_jobs(**kwargs)
        assert srv.requests == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_corrupt_gzip_body_is_malformed_not_a_network_error(kind: str) -> None:
    def corrupt(_request: Request, conn: Any) -> None:
        body = gzip.compress(b'{"jobs": [], "next": null}')[:-12] + b"garbage!" * 4
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )

    with serving(*first_page_then(corrupt)) as srv:
        got, error = collect(kind, srv.base_url)
    assert len(got) == 2
    assert isinstance(error, errors.MalformedResponseError), repr(error)
    assert error.cursor == "c1"


@pytest.mark.parametrize("kind", KINDS)
def test_a_closed_client_says_so(kind: str) -> None:
    with serving(page([make_job("a")])) as srv:
        if kind == "sync":
            client = JobsClient(api_key=KEY, base_url=srv.base_url)
            client.close()
            with pytest.raises(errors.ClientClosedError, match="is closed"):
                client.get_page()
        else:

            async def main() -> None:
                client = AsyncJobsClient(api_key=KEY, base_url=srv.base_url)
                await client.close()
                with pytest.raises(errors.ClientClosedError, match="is closed"):
                    await client.get_page()

            asyncio.run(main())


# --- bounded in time and memory -----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_timeout_bounds_the_whole_request_against_a_dripping_server(kind: str) -> None:
    # Every byte comes within 0.2 s, under the 1 s timeout of each read: only a deadline for the
    # whole request ends it (without one the page arrives whole after 60 s, and no error).
    with serving(drip(interval=0.2, total=60)) as srv:
        _got, error = collect(kind, srv.base_url, timeout=1.0)
    assert isinstance(error, errors.APITimeoutError), repr(error)
    assert str(error).endswith(", 1 attempt): ReadTimeout")  # the same words on both twins


def peak_memory(call: Any, *args: Any, **kwargs: Any) -> tuple[Any, int]:
    """What `call` returns, and the most memory Python objects held while it ran."""
    tracemalloc.start()
    try:
        result = call(*args, **kwargs)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("kind", KINDS)
def test_a_body_past_the_cap_is_refused_without_inflating_it(kind: str) -> None:
    bomb = gzipped(b'{"jobs": [], "next": null, "pad": "' + b"0" * (128 * 2**20) + b'"}')
    with serving(*first_page_then(bomb)) as srv:
        (got, error), peak = peak_memory(collect, kind, srv.base_url, max_response_bytes=2**20)
    assert len(got) == 2
    assert isinstance(error, errors.MalformedResponseError), repr(error)
    assert "max_response_bytes=1,048,576" in str(error)
    assert error.cursor == "c1"
    # the 128 MiB body was never held, nor one network chunk's whole inflation (43 MiB when
    # httpx inflated it): the cap and a step of it
    assert peak < 4 * 2**20


@pytest.mark.parametrize("kind", KINDS)
def test_stacked_or_unasked_encodings_are_refused_unread(kind: str) -> None:
    """A few kB of gzip in gzip held gigabytes in memory: httpx inflates each chunk whole."""
    inner = gzip.compress(b'{"jobs": [], "pad": "' + b"0" * 2**26 + b'"}', compresslevel=9)
    double = gzip.compress(inner, compresslevel=9)
    for coding, body in (("gzip, gzip", double), ("br", b"\x0b\x02\x80{}\x03")):
        raw = b"HTTP/1.1 200 OK\r\nContent-Encoding: %s\r\nContent-Length: %d\r\n\r\n" % (
            coding.encode(),
            len(body),
        )
        answer = lambda _r, conn, data=raw + body: conn.sendall(data)  # noqa: E731
        with serving(answer) as srv:
            (_got, error), peak = peak_memory(collect, kind, srv.base_url, max_response_bytes=2**20)
        assert isinstance(error, errors.MalformedResponseError), repr(error)
        assert f"content-encoding {coding!r} is not one this client asked for" in str(error)
        assert peak < 4 * 2**20


@pytest.mark.parametrize("kind", KINDS)
def test_pages_that_bring_nothing_new_stop_the_listing(kind: str) -> None:
    with MockIonQServer(jobs=6) as server:
        server.inject(Fault.empty_page(), times=None, when=lambda request: "next" in request.args)
        got, error = collect(kind, server.base_url, api_key=server.api_key)
        requests = len(server.requests)
    assert len(got) == 2
    assert isinstance(error, errors.PaginationError)
    assert "50 pages in a row brought no new job" in str(error)
    assert error.cursor is None  # resuming would replay the cycle
    assert requests == 51


def test_closing_a_prefetching_listing_is_prompt_and_sends_no_retry(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="ionq_facade")
    with serving(page([make_job("a"), make_job("b")], "c1"), hang(30)) as srv:
        with JobsClient(api_key=KEY, base_url=srv.base_url, max_retries=3) as client:
            jobs = client.iter_jobs(page_size=2, prefetch=True)
            assert next(jobs).id == "a"
            while len(srv.requests) < 2:  # the prefetch of page 2 is in flight (it hangs)
                time.sleep(0.01)
            prefetch = [t for t in threading.enumerate() if t.name == "ionq-prefetch"]
            assert prefetch
            jobs.close()
        # The close shut the prefetch's socket: its thread ends at once, not when the server's
        # 30 s hang or the client's 30 s timeout would end it (a retry would come from it).
        for thread in prefetch:
            thread.join(timeout=20)
            assert not thread.is_alive()
        assert len(srv.requests) == 2  # no retry after the close
    assert "retrying" not in caplog.text  # the abort is not reported as a failure retried


# --- works where users are ----------------------------------------------------------------------

HTTP_DATES = [
    "Sun, 06 Nov 1994 08:49:47 GMT",  # IMF-fixdate
    "Sunday, 06-Nov-94 08:49:47 GMT",  # RFC 850
    "Sun Nov  6 08:49:47 1994",  # asctime
]


@pytest.mark.parametrize("value", HTTP_DATES)
def test_retry_after_in_every_http_date_form(value: str) -> None:
    now = 784111777.0  # 1994-11-06 08:49:37 GMT
    assert parse_retry_after(value, now=lambda: now) == 10.0


def test_rate_limit_error_retry_after_uses_the_policys_clock() -> None:
    clock = FakeClock(now_value=784111777.0)
    answer = send(429, {"statusCode": 429, "error": "x", "message": "y"}, Retry_After=HTTP_DATES[0])
    with (
        serving(answer) as srv,
        JobsClient(api_key=KEY, base_url=srv.base_url, retry_policy=clock.policy(0)) as client,
        pytest.raises(errors.RateLimitError) as caught,
    ):
        client.get_page()
    assert caught.value.retry_after == 10.0


# --- the generated client, used directly --------------------------------------------------------

# (status, body, headers) sent, and what `get_jobs.sync` parses it to: an `Error` for a documented
# error status with a JSON object, None for everything it cannot read
ODD_RESPONSES: list[tuple[int, bytes, dict[str, str], str | None]] = [
    (503, b"<html><body>Down</body></html>", {"Content_Type": "text/html"}, None),
    (429, b"", {}, None),
    (404, b'{"detail": "no IonQ keys here"}', {"Content_Type": "application/json"}, "Error"),
    (599, b'{"statusCode": 599}', {"Content_Type": "application/json"}, None),
    (526, b"oops", {}, None),
    (200, b"[" * 100_000, {"Content_Type": "application/json"}, None),
    (200, b"[1, 2, 3]", {"Content_Type": "application/json"}, None),
    (200, b'{"jobs": "nope"}', {"Content_Type": "application/json"}, None),
    (418, b"teapot", {}, None),
]


@pytest.mark.parametrize(
    ("status", "body", "headers", "parsed_as"),
    ODD_RESPONSES,
    ids=[f"{status}-{body[:12]!r}" for status, body, _, _ in ODD_RESPONSES],
)
def test_the_generated_client_tolerates_any_status_and_body(
    status: int, body: bytes, headers: dict[str, str], parsed_as: str | None
) -> None:
    """Whatever comes back, the generated functions return it (no exception): the status and the
    bytes as sent, and a parse of None unless it is a documented error body. Retries are not the
    point here (the facade's transport is), so there are none: one request per call."""
    with (
        serving(send(status, body, **headers)) as srv,
        JobsClient(api_key=KEY, base_url=srv.base_url, max_retries=0) as client,
    ):
        detailed = get_jobs.sync_detailed(client=client.generated)
        assert detailed.status_code == status
        assert detailed.content == body
        parsed = get_jobs.sync(client=client.generated)
        if parsed_as is None:
            assert parsed is None
        else:
            assert type(parsed).__name__ == parsed_as
        assert len(srv.requests) == 2


def test_the_generated_client_reads_an_error_body_without_ionqs_keys() -> None:
    with (
        serving(send(404, {"detail": "x"})) as srv,
        JobsClient(api_key=KEY, base_url=srv.base_url) as client,
    ):
        parsed = get_jobs.sync(client=client.generated)
    assert type(parsed).__name__ == "Error"
    assert parsed.additional_properties == {"detail": "x"}  # type: ignore[union-attr]


# --- proxies ------------------------------------------------------------------------------------


REMOTE = "jobs.example.test"  # stands for a host that is not loopback


class ForwardProxy:
    """A plain-HTTP forward proxy on loopback that records the targets it was asked for."""

    def __init__(self) -> None:
        self.targets: list[str] = []

    def answer(self, request: Request, conn: Any) -> None:
        self.targets.append(request.target)
        headers = {k: v for k, v in request.headers.items() if k not in {"host", "connection"}}
        target = request.target.replace(f"//{REMOTE}", "//127.0.0.1")  # the name it resolves
        upstream = httpx.get(target, headers=headers, timeout=10, trust_env=False)
        conn.sendall(
            f"HTTP/1.1 {upstream.status_code} OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(upstream.content)}\r\n\r\n".encode()
            + upstream.content
        )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("how", ["ALL_PROXY", "HTTP_PROXY", "proxy=", "NO_PROXY"])
def test_proxies_are_honoured(kind: str, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    forward = ForwardProxy()
    with MockIonQServer(jobs=3) as server, serving(forward.answer) as proxy:
        proxy_url = f"http://127.0.0.1:{proxy.port}"
        client: dict[str, Any] = {"api_key": server.api_key}
        if how == "proxy=":
            client["proxy"] = proxy_url
        else:
            monkeypatch.setenv("ALL_PROXY" if how == "NO_PROXY" else how, proxy_url)
        if how == "NO_PROXY":
            monkeypatch.setenv("NO_PROXY", REMOTE)
        # a host that is not loopback (plain http allowed for the test): the proxy resolves it
        base_url = server.base_url.replace("//127.0.0.1", f"//{REMOTE}")
        got, error = collect(kind, base_url, allow_insecure_http=True, **client)
    if how == "NO_PROXY":  # straight to the host, which only the proxy could resolve
        assert isinstance(error, errors.APIConnectionError), repr(error)
        assert forward.targets == []
    else:
        assert error is None
        assert len(got) == 4
        assert forward.targets
        assert all(target.startswith(base_url + "/jobs") for target in forward.targets)


@pytest.mark.parametrize("kind", KINDS)
def test_plain_http_to_loopback_never_goes_through_an_environment_proxy(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key would travel in clear text to a proxy that may be on another machine: an
    HTTP_PROXY received `Authorization: apiKey ...` for http://localhost."""
    forward = ForwardProxy()
    with MockIonQServer(jobs=3) as server, serving(forward.answer) as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.setenv("ALL_PROXY", f"http://127.0.0.1:{proxy.port}")
        got, error = collect(kind, server.base_url, api_key=server.api_key)
    assert error is None
    assert len(got) == 4
    assert forward.targets == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_failure_through_a_proxy_names_it_without_its_password(kind: str) -> None:
    with socket.socket() as sock:  # a port nothing listens on: the proxy refuses at once
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proxy = f"http://user:pa55word@127.0.0.1:{port}"
    _got, error = collect(kind, "https://api.example.test/v0.4", proxy=proxy)
    assert isinstance(error, errors.APIConnectionError), repr(error)
    assert f"(through proxy http://***@127.0.0.1:{port})" in str(error)
    assert "pa55word" not in str(error)


def test_a_retry_policy_is_still_a_plain_dataclass() -> None:
    assert RetryPolicy(max_retries=0).max_retries == 0


def test_through_a_proxy_to_https_the_key_is_only_inside_tls() -> None:
    seen: list[Request] = []

    def tunnel_refused(request: Request, conn: Any) -> None:
        seen.append(request)
        conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    with serving(tunnel_refused) as proxy:
        got, error = collect(
            "sync", "https://api.ionq.co/v0.4", proxy=f"http://127.0.0.1:{proxy.port}"
        )
    assert got == []
    assert type(error) is errors.APIConnectionError, repr(error)  # not a timeout: a refusal
    (request,) = seen  # the proxy saw a CONNECT and nothing of the request inside the tunnel
    assert request.method == "CONNECT"
    assert request.target == "api.ionq.co:443"
    assert "authorization" not in request.headers
    assert KEY not in repr(request)


# --- found by a review of the request path (each failed before its fix) ---------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_key_echoed_json_escaped_in_a_reason_or_a_request_id_is_hidden(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The scrub matched the key's raw bytes only: a key holding `"` or `/` came back escaped
    in JSON (`\\"`, `\\/`) and was decoded into the message; a reason phrase or request id
    echoing the Authorization header was printed as it came; httpx's own INFO line quoted the
    reason phrase, and httpcore's DEBUG trace the headers."""
    caplog.set_level(logging.DEBUG)
    key = 'fake/KEY"0123\\zz'
    escaped = json.dumps(key)[1:-1]
    bodies = [escaped, escaped.replace("/", "\\/")]
    for body in bodies:
        raw = json.dumps({"message": "x"}).replace('"x"', f'"invalid: apiKey {body}"').encode()
        head = (
            f"HTTP/1.1 401 apiKey {key}\r\nX-Request-Id: rq apiKey {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(raw)}\r\n\r\n"
        ).encode()
        with serving(lambda _r, conn, data=head + raw: conn.sendall(data)) as srv:
            _got, error = collect(kind, srv.base_url, api_key=key)
        assert isinstance(error, errors.AuthenticationError), repr(error)
        texts = [str(error), repr(error), str(error.body), str(error.request_id), error.message]
        assert all("0123" not in text for text in texts), texts
        assert "invalid: apiKey ***" in str(error)
        assert "401 apiKey ***" in caplog.text  # httpx's line, with the reason it got
        assert "rq apiKey ***" in caplog.text  # httpcore's, with the headers
        assert "0123" not in caplog.text


def _go_escaped(text: str) -> str:
    """As Go's encoding/json writes a string: `&`, `<` and `>` as \\u0026, \\u003c, \\u003e."""
    return json.dumps(text).replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _dotnet_escaped(text: str) -> str:
    """As .NET's System.Text.Json writes it: `<>&'+` and `"` as \\u003C... (upper-case hex)."""
    return '"' + "".join(f"\\u{ord(c):04X}" if c in "<>&'+\"" else c for c in text) + '"'


@pytest.mark.parametrize(
    "escape",
    [_go_escaped, _dotnet_escaped],
    ids=["go", "dotnet"],
)
def test_a_key_echoed_in_unicode_escapes_is_hidden(escape: Any) -> None:
    """Only the plain key and its short escapes were hidden: a body writing the key's
    characters as \\uXXXX (Go escapes `&`, `<`, `>` so) printed it, in an error and a page."""
    key = "fake&key<0123>+'zz"

    def echo(request: httpx.Request) -> httpx.Response:
        said = escape(f"invalid: {request.headers['authorization']}")
        if request.url.params.get("limit") == "1":
            body = '{"error": "Unauthorized", "message": ' + said + "}"
            return httpx.Response(401, content=body.encode())
        job = '{"id": "a", "name": ' + said + ', "note": "\\\\u0026 stays"}'
        return httpx.Response(200, content=('{"jobs": [' + job + '], "next": null}').encode())

    client = JobsClient(api_key=key, base_url="https://api.example.test/v0.4",
                        transport=httpx.MockTransport(echo))  # fmt: skip
    with client:
        with pytest.raises(errors.AuthenticationError) as caught:
            client.get_page(page_size=1)
        [job] = client.get_page(raw=True).jobs
    texts = [str(caught.value), repr(caught.value.body), caught.value.message, repr(job)]
    assert all("0123" not in text for text in texts), texts
    assert caught.value.message == "invalid: apiKey ***"
    assert job == {"id": "a", "name": "invalid: apiKey ***", "note": "\\u0026 stays"}


def test_a_long_run_of_backslashes_is_read_once() -> None:
    """The unescape's pattern began at each backslash of a run and read the rest of it again
    (200,000 backslashes: minutes of CPU for one body); its escapes still read right."""
    key = "sk&abcd1234efgh5678"
    body = (b'{"a": "' + b"\\" * 200_000 + b'x", "k": "apiKey sk\\u0026abcd1234efgh5678", '
            b'"n": "\\\\u0026 stays", "o": "\\\\\\u0026"}')  # fmt: skip
    request = httpx.Request("GET", "https://x.test/", headers={"authorization": f"apiKey {key}"})
    hidden = errors._without_key(httpx.Response(500, content=body, request=request))
    assert hidden.endswith(b'"k": "apiKey ***", "n": "\\\\u0026 stays", "o": "\\\\&"}')


def test_a_key_echoed_in_a_content_type_or_encoding_is_hidden() -> None:
    """Content-Type reached an artifact's media type and a malformed answer's message, and
    Content-Encoding (lower-cased, past the scrub) a refusal's message, all with the key."""
    key = "fake-key-SECRET123"

    def echo(request: httpx.Request) -> httpx.Response:
        said = request.headers["authorization"]
        if request.url.path.endswith("/cost"):
            return httpx.Response(200, content=b"not json", headers={"content-type": said})
        if request.url.path.endswith("/jobs/a"):
            return httpx.Response(200, content=b"{}", headers={"content-encoding": said})
        return httpx.Response(200, content=b"x", headers={"content-type": f"{said}; q=1"})

    client = JobsClient(api_key=key, base_url="https://api.example.test/v0.4",
                        transport=httpx.MockTransport(echo))  # fmt: skip
    with client:
        assert client.get_artifact("a", "b").media_type == "apiKey ***"
        with pytest.raises(errors.MalformedResponseError) as malformed:
            client.get_cost("a")
        with pytest.raises(errors.MalformedResponseError) as encoded:
            client.get_job("a")
    for error in (malformed.value, encoded.value):
        assert "SECRET" not in str(error).upper(), str(error)
    assert "apiKey ***" in str(malformed.value)
    assert "content-encoding 'apikey ***' is not one this client asked for" in str(encoded.value)


def _hex_case(text: str, lower: Any) -> str:
    """`%2B` as `%2b` where `lower(position)` says so."""
    return re.sub("%[0-9A-F]{2}", lambda m: m[0].lower() if lower(m.start()) else m[0], text)


@pytest.mark.parametrize(
    "encode",
    [
        lambda key: quote(key, safe=""),
        lambda key: _hex_case(quote(key, safe=""), lambda _at: True),
        lambda key: _hex_case(quote(key, safe=""), lambda at: at % 2),  # hex in mixed case
        lambda key: key.replace("/", "%2F"),  # Go's url.PathEscape: only the slash
    ],
    ids=["%2B", "%2b", "mixed", "slash-only"],
)
def test_a_key_echoed_percent_encoded_is_hidden(
    encode: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A redirect's Location writes a key with `+`, `/` or `=` percent-encoded: it reached the
    error's message and httpcore's DEBUG log."""
    key = "fake+key/SECRET123=="

    def redirect(request: httpx.Request) -> httpx.Response:
        encoded = encode(request.headers["authorization"].partition(" ")[2])
        location = f"https://evil.example/login?key={encoded}"
        return httpx.Response(302, headers={"location": location}, text=f"moved to {location}")

    caplog.set_level(logging.DEBUG)
    client = JobsClient(api_key=key, base_url="https://api.example.test/v0.4",
                        transport=httpx.MockTransport(redirect))  # fmt: skip
    with client, pytest.raises(errors.IonQError) as caught:
        client.get_job("a")
    for text in (str(caught.value), repr(caught.value), caplog.text):
        assert "SECRET" not in text.upper(), text
    assert "key=***" in str(caught.value)


@pytest.mark.parametrize("kind", KINDS)
def test_a_page_whose_request_id_echoes_the_key_has_it_hidden(kind: str) -> None:
    """`page.request_id` (and so `repr(page)`) held the key as a request id echoed it."""
    raw = b'{"jobs": [], "next": null}'
    head = (
        f"HTTP/1.1 200 OK\r\nX-Request-Id: rq apiKey {KEY}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(raw)}\r\n\r\n"
    ).encode()
    with serving(lambda _r, conn, data=head + raw: conn.sendall(data)) as srv:
        if kind == "sync":
            with JobsClient(api_key=KEY, base_url=srv.base_url) as client:
                page = client.get_page()
        else:

            async def main() -> Any:
                async with AsyncJobsClient(api_key=KEY, base_url=srv.base_url) as client:
                    return await client.get_page()

            page = asyncio.run(main())
    assert page.request_id == "rq apiKey ***"
    assert KEY not in repr(page)


def test_a_client_is_not_used_across_a_fork() -> None:
    """After a fork, parent and child read each other's responses on the pooled socket."""
    import os

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    with MockIonQServer(jobs=3) as server, server.jobs_client() as client:
        client.get_page()  # a pooled connection exists
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: one byte says what happened, then it leaves at once
            try:
                client.get_page()
                os.write(write, b"s")
            except errors.ClientClosedError:
                os.write(write, b"c")
            except BaseException:
                os.write(write, b"x")
            os._exit(0)
        os.close(write)
        said = os.read(read, 1)
        os.waitpid(pid, 0)
        assert client.get_page().jobs  # the parent's client still works
    assert said == b"c"


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        ([gzip.compress(b'{"jobs": [], '), gzip.compress(b'"next": null}')], "whole"),
        ([gzip.compress(b'{"jobs": [], "next": null}')[:20]], "ends inside"),
        ([gzip.compress(b'{"jobs": [], "next": null}'), b"trailing garbage"], "corrupt"),
    ],
)
def test_gzip_members_are_all_read_and_a_cut_stream_is_corrupt(
    pieces: list[bytes], expected: str
) -> None:
    """The inflater kept the first member only, and took a stream cut short for a whole one."""
    from ionq_facade._retry import _CappedBody

    request = httpx.Request("GET", "https://api.example.test/v0.4/jobs")
    headers = {"content-encoding": "gzip"}
    body = b"".join(pieces)
    response = httpx.Response(200, headers=headers, stream=httpx.ByteStream(b""), request=request)
    capped = _CappedBody(response, request, 2**20)
    try:
        for start in range(0, len(body), 3):  # in small chunks, as a network may hand them
            capped.add(body[start : start + 3])
        got: object = capped.read().content
    except httpx.DecodingError as exc:
        got = str(exc)
    if expected == "whole":
        assert got == b'{"jobs": [], "next": null}'
    else:
        assert isinstance(got, str)
        assert expected in got


def test_raw_deflate_in_one_byte_chunks_is_read() -> None:
    """Its kind was decided on the first chunk: one byte gave 'incorrect header check'."""
    from ionq_facade._retry import _CappedBody

    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    body = packer.compress(b'{"jobs": []}') + packer.flush()
    request = httpx.Request("GET", "https://api.example.test/v0.4/jobs")
    response = httpx.Response(
        200, headers={"content-encoding": "deflate"}, stream=httpx.ByteStream(b""), request=request
    )
    capped = _CappedBody(response, request, 2**20)
    for byte in body:
        capped.add(bytes([byte]))
    assert capped.read().content == b'{"jobs": []}'


# --- found by an adversarial review of the jobs resource (each failed before its fix) ---------


@pytest.mark.parametrize("kind", KINDS)
def test_a_key_of_plain_letters_written_with_escaped_letters_is_hidden(kind: str) -> None:
    """A key of letters, digits and `-` skipped the unescape (no encoder escapes those), so a
    server writing `\\u0066` for its `f` put the key in an error and in a page's job."""
    escaped = "\\u0066" + KEY[1:5] + "\\u006B" + KEY[6:]  # `f`, `k` as escapes (hex in both cases)
    error_body = ('{"message": "bad key ' + escaped + '"}').encode()
    job = '{"id": "a", "name": "' + escaped + '"}'
    page_body = ('{"jobs": [' + job + '], "next": null}').encode()
    with serving(send(400, error_body), send(200, page_body)) as srv:
        _got, error = collect(kind, srv.base_url)
        got, second = collect(kind, srv.base_url)
    assert isinstance(error, errors.BadRequestError), repr(error)
    assert second is None, repr(second)
    texts = [str(error), repr(error), repr(error.body), error.message, repr(got)]
    assert all("hostile" not in text for text in texts), texts
    assert error.message == "bad key ***"
    assert got == [{"id": "a", "name": "***"}]


def test_a_body_in_utf16_is_not_json() -> None:
    """The standard library read UTF-16 too: the key, two bytes a character, passed the byte
    scrub and reached the job. JSON on the wire is UTF-8 (RFC 8259)."""
    body = json.dumps({"jobs": [{"id": "a", "name": KEY}], "next": None}).encode("utf-16")
    with serving(send(200, body)) as srv:
        got, error = collect("sync", srv.base_url)
    assert got == []
    assert isinstance(error, errors.MalformedResponseError), repr(error)
    assert "not JSON" in str(error)
    assert KEY not in str(error)


@pytest.mark.parametrize("kind", KINDS)
def test_a_reason_phrase_echoing_the_key_is_hidden_from_the_responses_repr(kind: str) -> None:
    """The message hid it, but the response object kept it, and its repr (`<Response [400 Bad
    KEY]>`) is what an error reporter records of a traceback's local variables."""
    import traceback

    head = f"HTTP/1.1 400 Bad {KEY}\r\nContent-Length: 2\r\n\r\n{{}}".encode()
    with serving(lambda _r, conn: conn.sendall(head)) as srv:
        _got, error = collect(kind, srv.base_url)
    assert isinstance(error, errors.BadRequestError), repr(error)
    frames = traceback.TracebackException.from_exception(error, capture_locals=True).stack
    text = "\n".join(repr(frame.locals) for frame in frames if "ionq_facade" in frame.filename)
    assert "Bad ***" in text  # the response is among the library's locals, its reason hidden
    assert KEY not in text


def _encoded_error(status: int, how: str) -> Any:
    if how == "br":  # an encoding the client never asked for
        return send(status, b"\x0b\x02\x80hello", Content_Encoding="br")
    if how == "corrupt":
        return send(status, b"\x1f\x8b\x08\x00garbage", Content_Encoding="gzip")
    return send(status, gzip.compress(b" " * 300_000), Content_Encoding="gzip")  # past the cap


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("how", ["br", "corrupt", "too-large"])
@pytest.mark.parametrize(
    ("status", "expected"),
    [(503, errors.ServerError), (401, errors.AuthenticationError), (404, errors.NotFoundError)],
)
def test_an_error_status_whose_body_cannot_be_read_is_still_that_status(
    kind: str, how: str, status: int, expected: type[Exception]
) -> None:
    """The body's DecodingError won: a 503 with a corrupt (or unasked-for, or oversized)
    body was a MalformedResponseError without a status, never retried; a 401 exited 8, not 4;
    a 404 was no NotFoundError (delete's not-found, cost's `not_found` missed it)."""
    answers = [_encoded_error(status, how), page([make_job("a")])]
    with serving(*answers) as srv:
        got, error = collect(kind, srv.base_url, max_retries=1, max_response_bytes=100_000,
                             retry_policy=None)  # fmt: skip
        sent = len(srv.requests)
    if status == 503:  # retried as a 503 is, and the retry's page read
        assert (error, [job["id"] for job in got], sent) == (None, ["a"], 2)
    else:
        assert isinstance(error, expected), repr(error)
        assert error.status_code == status
        assert sent == 1


@pytest.mark.parametrize(
    "written",
    ["abcd\\/efgh/ijklmnop+q", "abcd\\u002fefgh\\/ijklmnop\\u002Bq", "abcd/efgh\\/ijklmnop+q"],
)
def test_a_key_with_slashes_escaped_in_some_places_only_is_hidden(written: str) -> None:
    """JSON may write `/` as `\\/`: the scrub knew the key with every slash plain or every one
    escaped, not a mix (nor a mix with `\\u002f`)."""
    key = "abcd/efgh/ijklmnop+q"
    body = ('{"message": "bad key ' + written + '", "path": "a\\\\/b"}').encode()
    request = httpx.Request("GET", "https://x.test/", headers={"authorization": f"apiKey {key}"})
    hidden = errors._without_key(httpx.Response(401, content=body, request=request))
    assert json.loads(hidden) == {"message": "bad key ***", "path": "a\\/b"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("where", ["status-line", "header-line", "utf16-body"])
def test_a_key_echoed_where_httpcore_or_an_excerpt_quotes_it_is_hidden(
    kind: str, where: str
) -> None:
    """httpcore's parser quotes the bytes it cannot read (`illegal status line: bytearray(b'HTTP/1.1
    2OO apiKey KEY')`), and a UTF-16 error body is quoted with a NUL between characters: both
    reached the error's message as they came."""

    def echo(request: Request, conn: socket.socket) -> None:
        said = request.headers["authorization"]
        if where == "status-line":
            conn.sendall(f"HTTP/1.1 2OO {said}\r\n\r\n".encode())
        elif where == "header-line":
            conn.sendall(f"HTTP/1.1 200 OK\r\nX{said}\r\nContent-Length: 2\r\n\r\n{{}}".encode())
        else:
            body = f"denied: {said}".encode("utf-16-le")
            conn.sendall(
                f"HTTP/1.1 500 Oops\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
            )

    with serving(echo) as srv:
        _got, error = collect(kind, srv.base_url)
    assert isinstance(error, errors.IonQError), repr(error)
    shown = str(error).replace("\x00", "")
    assert KEY not in shown, shown
    assert "***" in shown


def test_a_failed_tls_handshake_leaves_no_stream_behind() -> None:
    """The network backend keeps each live stream (for close() to shut down); one whose TLS
    handshake failed stayed in that set for the client's life: 1,000 failed attempts, 1,000
    streams held."""
    from ionq_facade._transport import DeadlineTransport

    def not_tls(server: socket.socket) -> None:  # answers a TLS hello with plain text
        for _ in range(3):
            conn, _ = server.accept()
            with conn:
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\nthis is no TLS")

    transport = DeadlineTransport()
    with (
        socket.create_server(("127.0.0.1", 0)) as server,
        httpx.Client(transport=transport) as http,
    ):
        threading.Thread(target=not_tls, args=(server,), daemon=True).start()
        for _ in range(3):
            with pytest.raises(httpx.ConnectError):
                http.get(f"https://127.0.0.1:{server.getsockname()[1]}/v0.4/jobs")
        assert transport._backend._live == set()
