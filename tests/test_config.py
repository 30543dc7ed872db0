"""API key, base URL and User-Agent; and the key never leaks into reprs, logs or errors."""

from __future__ import annotations

import asyncio
import logging
import platform
import re
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer

from ionq_facade import AsyncJobsClient, JobsClient, RetryPolicy, __version__, errors
from tests.conftest import FAKE_KEY, JOBS_PATH, PagedJobs, Twin, job_pages, json_response


def test_missing_key_names_the_variable() -> None:
    with pytest.raises(errors.MissingAPIKeyError, match="IONQ_API_KEY"):
        JobsClient()
    with pytest.raises(errors.MissingAPIKeyError, match="IONQ_API_KEY"):
        AsyncJobsClient(api_key="  ")


def test_key_from_environment(
    monkeypatch: pytest.MonkeyPatch, httpserver_checked: HTTPServer
) -> None:
    monkeypatch.setenv("IONQ_API_KEY", FAKE_KEY)
    handler = PagedJobs(job_pages([1]))
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(handler)
    with JobsClient(base_url=httpserver_checked.url_for("/v0.4")) as client:
        assert len(list(client.iter_jobs())) == 1
    assert handler.headers[0]["Authorization"] == f"apiKey {FAKE_KEY}"


def test_argument_beats_environment(
    monkeypatch: pytest.MonkeyPatch, twin: Twin, httpserver_checked: HTTPServer
) -> None:
    monkeypatch.setenv("IONQ_API_KEY", "fake-env-key")
    handler = PagedJobs(job_pages([1]))
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(handler)
    twin.jobs()
    assert handler.headers[0]["Authorization"] == f"apiKey {FAKE_KEY}"


def test_user_agent(twin: Twin, httpserver_checked: HTTPServer) -> None:
    handler = PagedJobs(job_pages([1]))
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(handler)
    twin.jobs()
    assert handler.headers[0]["User-Agent"] == (
        f"ionq-jobs/{__version__} python/{platform.python_version()} httpx/{httpx.__version__}"
    )


@pytest.mark.parametrize(
    "url",
    ["http://api.ionq.co/v0.4", "http://10.0.0.5/v0.4", "ftp://api.ionq.co", "api.ionq.co/v0.4"],
)
def test_insecure_or_odd_base_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="https") as caught:
        JobsClient(api_key=FAKE_KEY, base_url=url)
    assert url in str(caught.value)


@pytest.mark.parametrize("length", [2_001, 66_000])
def test_a_base_url_too_long_is_refused_in_a_short_message(length: int) -> None:
    """66,000 characters was an httpx InvalidURL (exit 70 in the CLI); 60,000 were quoted whole
    in every error message."""
    url = "http://127.0.0.1:9/" + "a" * (length - 19)
    for client in (JobsClient, AsyncJobsClient):
        with pytest.raises(ValueError, match=f"has {length:,} characters; at most 2,000") as e:
            client(api_key=FAKE_KEY, base_url=url)
        assert len(str(e.value)) < 200
    JobsClient(api_key=FAKE_KEY, base_url=url[:2_000]).close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/v0.4",
        "http://localhost/v0.4",
        "http://[::1]:9/v0.4",
        "https://x.example/v0.4/",
    ],
)
def test_loopback_http_and_https_are_accepted(url: str) -> None:
    with JobsClient(api_key=FAKE_KEY, base_url=url) as client:
        assert client.base_url == url.rstrip("/")


def test_insecure_opt_in() -> None:
    with JobsClient(api_key=FAKE_KEY, base_url="http://10.0.0.5/v0.4", allow_insecure_http=True):
        pass


def test_bad_max_retries() -> None:
    with pytest.raises(ValueError, match="max_retries must be an integer >= 0, got -1"):
        JobsClient(api_key=FAKE_KEY, max_retries=-1)


def test_one_connection_pool_per_client(httpserver_checked: HTTPServer) -> None:
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(
        PagedJobs(job_pages([1, 1, 1]))
    )
    with JobsClient(api_key=FAKE_KEY, base_url=httpserver_checked.url_for("/v0.4")) as client:
        list(client.iter_jobs())
        assert client.generated.get_httpx_client() is client.generated.get_httpx_client()
        from ionq_jobs_api.api.default import get_jobs

        page = get_jobs.sync(client=client.generated)  # the generated API shares the pool
        assert page is not None


def test_the_generated_client_of_the_wrong_twin_says_which_to_use() -> None:
    """A sync client's `generated` given to an `asyncio` function (or the reverse) was an
    AttributeError from deep in httpx ('RetryTransport' has no 'handle_async_request')."""
    from ionq_jobs_api.api.default import get_jobs

    url = "http://127.0.0.1:9/v0.4"
    wrong = r"sync .* use AsyncJobsClient\(\)\.generated"
    with JobsClient(api_key=FAKE_KEY, base_url=url) as sync, pytest.raises(TypeError, match=wrong):
        asyncio.run(get_jobs.asyncio(client=sync.generated))

    async def main() -> None:
        async with AsyncJobsClient(api_key=FAKE_KEY, base_url=url) as client:
            with pytest.raises(TypeError, match=r"asyncio .* use JobsClient\(\)\.generated"):
                get_jobs.sync(client=client.generated)

    asyncio.run(main())
    with JobsClient(api_key=FAKE_KEY, base_url=url) as sync:  # one set by the caller: theirs
        own = httpx.AsyncClient()
        sync.generated.set_async_httpx_client(own)
        assert sync.generated.get_async_httpx_client() is own
        asyncio.run(own.aclose())


# --- the key never leaks ------------------------------------------------------------------------


def test_key_absent_from_reprs_logs_and_errors(
    httpserver_checked: HTTPServer, caplog: pytest.LogCaptureFixture, clock
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    calls = {"n": 0}

    def handler(request):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            return json_response({"statusCode": 503, "error": "Unavailable", "message": "m"}, 503)
        return json_response(
            {"statusCode": 401, "error": "Unauthorized Error", "message": "Invalid key"}, 401
        )

    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(handler)
    client = JobsClient(
        api_key=FAKE_KEY, base_url=httpserver_checked.url_for("/v0.4"), retry_policy=clock.policy()
    )
    with pytest.raises(errors.AuthenticationError) as caught:
        list(client.iter_jobs())
    http = client.generated.get_httpx_client()
    texts = [
        repr(client), str(client), repr(client.generated), str(client.generated), repr(http),
        repr(http.headers), str(caught.value), repr(caught.value), repr(caught.value.body),
        repr(vars(caught.value)), caplog.text,
    ]  # fmt: skip
    assert any("retrying" in record.getMessage() for record in caplog.records)
    for text in texts:
        assert FAKE_KEY not in text
    client.close()


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ReadTimeout])
def test_key_absent_from_transport_errors(failure: type[httpx.TransportError], clock) -> None:  # type: ignore[no-untyped-def]
    def handle(request: httpx.Request) -> httpx.Response:
        raise failure(f"failed with headers {request.headers!r}", request=request)

    with (
        JobsClient(
            api_key=FAKE_KEY, transport=httpx.MockTransport(handle), retry_policy=clock.policy()
        ) as client,
        pytest.raises(errors.APIConnectionError) as caught,
    ):
        list(client.iter_jobs())
    assert FAKE_KEY not in str(caught.value)
    # nothing of the error reaches the request, whose headers hold the key: no chained httpx
    # error (error reporters walk the chain, and their frames' variables)
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None
    assert not any(
        isinstance(v, httpx.Request | httpx.Response) for v in vars(caught.value).values()
    )


def test_key_with_whitespace_is_refused_without_echoing_it() -> None:
    with pytest.raises(errors.MissingAPIKeyError) as caught:
        JobsClient(api_key="apiKey fake-secret-value")
    assert "fake-secret-value" not in str(caught.value)


# --- found by a review of the request path (each failed before its fix) ---------------------------

BASE = "https://api.example.test/v0.4"
SETTINGS = [
    ({"retry_policy": "x"}, "retry_policy must be a RetryPolicy"),
    ({"retry_policy": RetryPolicy(), "max_retries": 5}, "pass max_retries or retry_policy"),
    ({"allow_insecure_http": "no"}, "allow_insecure_http must be True or False"),
    ({"transport": "x"}, "transport must be an httpx.(Async)?BaseTransport"),
    ({"base_url": "https://a..b/v0.4"}, "is not a valid URL"),
    ({"base_url": "https://api.example.test:0/v0.4"}, "port 0"),
    ({"base_url": "https://api.example.test/v0.4?"}, "must not have a query"),
    ({"proxy": "user:pr0xyS3cret@proxy.example:8080"}, "must start with http://"),
    ({"proxy": "http://u:pr0xyS3cret@127.0.0.1:99999"}, "a port 1-65535"),
    ({"proxy": "http://a b:80"}, "needs a host"),
    ({"proxy": "http://alice:pr0xyS3cret#x@proxy.example:3128"}, "is not a URL"),
    ({"proxy": "http://alice:pr0xyS3cret/x@proxy.example:99999"}, "is not a URL"),
]


@pytest.mark.parametrize(("options", "message"), SETTINGS)
def test_settings_are_checked_at_construction(options: dict[str, object], message: str) -> None:
    """Each of these was accepted, then failed at the first request (a bare UnicodeError, an
    ExceptionGroup, an AttributeError...) or misbehaved (`allow_insecure_http="no"` allowed
    http; a base URL ending in `?` lost /jobs)."""
    for client in (JobsClient, AsyncJobsClient):
        with pytest.raises(ValueError, match=message) as caught:
            client(api_key=FAKE_KEY, **{"base_url": BASE, **options})  # type: ignore[arg-type]
        assert "pr0xyS3cret" not in str(caught.value)


def test_environment_proxy_settings_are_checked_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://u:pr0xyS3cret@proxy.example:99999")
    with pytest.raises(ValueError, match=r"HTTPS_PROXY 'http://\*\*\*@proxy.example:99999'"):
        JobsClient(api_key=FAKE_KEY, base_url=BASE)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "[::1],localhost")  # bracketed: httpx's InvalidURL, bare
    JobsClient(api_key=FAKE_KEY, base_url=BASE).close()
    long = "http://proxy.example:3128/" + "a" * 66_000  # quoted whole: a 66,092-char message
    monkeypatch.setenv("HTTPS_PROXY", long)
    with pytest.raises(ValueError, match=r"^HTTPS_PROXY 'http://proxy.example:3128/a+…'") as e:
        JobsClient(api_key=FAKE_KEY, base_url=BASE)
    assert len(str(e.value)) < 250


def test_a_password_with_an_at_sign_is_hidden_whole() -> None:
    with pytest.raises(ValueError, match="surrounding whitespace") as caught:
        JobsClient(api_key=FAKE_KEY, base_url="https://u:p@ss@host.example/v0.4 ")
    assert "ss@" not in str(caught.value)
    assert "***@host.example" in str(caught.value)


@pytest.mark.parametrize("cert_file", ["missing.pem", "not-a-cert.pem"])
def test_ca_certificates_that_cannot_be_loaded_are_a_value_error_naming_them(
    cert_file: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SSL_CERT_FILE naming no file (or no certificate) was a bare FileNotFoundError (or
    ssl.SSLError) from JobsClient(), and `cannot write output` (exit 74) in the CLI."""
    (tmp_path / "not-a-cert.pem").write_text("not a certificate\n")
    path = str(tmp_path / cert_file)
    monkeypatch.setenv("SSL_CERT_FILE", path)
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))  # not read when SSL_CERT_FILE is set
    for client in (JobsClient, AsyncJobsClient):
        with pytest.raises(ValueError, match=re.escape(f"SSL_CERT_FILE={path!r}")) as caught:
            client(api_key=FAKE_KEY)
        assert str(caught.value).startswith("the CA certificates cannot be loaded")
        assert "SSL_CERT_DIR" not in str(caught.value)


def test_one_tls_context_serves_every_proxy_mount(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each transport (the default, one per proxy) loaded the CA certificates again."""
    made = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        return real(*args, **kwargs)

    real = httpx.create_ssl_context
    monkeypatch.setattr(httpx, "create_ssl_context", counted)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("ALL_PROXY", "http://other.example:3128")
    for client in (JobsClient, AsyncJobsClient):
        made.clear()
        client(api_key=FAKE_KEY)
        assert made == [1], client
