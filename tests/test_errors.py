"""Error responses and malformed bodies become typed errors with context."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from ionq_facade import errors
from tests.conftest import JOBS_PATH, Twin, json_response, make_job

IONQ_ERRORS = [
    (400, errors.BadRequestError),
    (401, errors.AuthenticationError),
    (403, errors.PermissionDeniedError),
    (404, errors.NotFoundError),
    (429, errors.RateLimitError),
    (500, errors.ServerError),
    (502, errors.ServerError),
    (503, errors.ServerError),
    (504, errors.ServerError),
    (418, errors.APIStatusError),
]


@pytest.mark.parametrize(("status", "cls"), IONQ_ERRORS)
def test_status_codes_map_to_classes(
    twin: Twin, httpserver_checked: HTTPServer, status: int, cls: type[errors.APIStatusError]
) -> None:
    body = {"statusCode": status, "error": "Some Error", "message": "what went wrong"}
    httpserver_checked.expect_request(JOBS_PATH).respond_with_response(
        json_response(body, status, {"x-request-id": "rid-42"})
    )
    with pytest.raises(cls) as caught:
        twin.jobs(client_args={"max_retries": 0, "retry_policy": None})
    exc = caught.value
    assert type(exc) is cls
    assert isinstance(exc, errors.APIStatusError)
    assert isinstance(exc, errors.IonQError)
    assert (exc.status_code, exc.error_type, exc.request_id) == (status, "Some Error", "rid-42")
    assert exc.body == body
    assert "what went wrong" in str(exc)
    assert exc.message == "what went wrong"
    assert "rid-42" in str(exc)
    assert exc.cursor is None


def test_error_without_json_body(twin: Twin, httpserver_checked: HTTPServer) -> None:
    httpserver_checked.expect_request(JOBS_PATH).respond_with_data(
        "<html>Bad gateway</html>", status=502, content_type="text/html"
    )
    with pytest.raises(errors.ServerError) as caught:
        twin.jobs(client_args={"max_retries": 0, "retry_policy": None})
    assert caught.value.status_code == 502
    assert caught.value.error_type is None
    assert "Bad gateway" in str(caught.value)


MALFORMED = [
    ("html", Response("<!doctype html><h1>Maintenance</h1>", content_type="text/html"), "not JSON"),
    ("truncated", Response('{"jobs": [{"id": "a"', content_type="application/json"), "not JSON"),
    ("list", json_response([1, 2]), "expected a JSON object"),
    ("jobs null", json_response({"jobs": None, "next": None}), "'jobs' must be a list, got null"),
    ("jobs dict", json_response({"jobs": {}, "next": None}), "'jobs' must be a list, got dict"),
    ("next missing", json_response({"jobs": []}), "'next' is missing"),
    ("next number", json_response({"jobs": [], "next": 5}), "'next' must be a string or null"),
    ("job not object", json_response({"jobs": ["x"], "next": None}), "job 0 of the page"),
    ("job no id", json_response({"jobs": [{"status": "ready"}], "next": None}), "job 0"),
]


@pytest.mark.parametrize(("case", "response", "reason"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_pages(
    twin: Twin, httpserver_checked: HTTPServer, case: str, response: Response, reason: str
) -> None:
    response.headers["x-request-id"] = "rid-7"
    httpserver_checked.expect_oneshot_request(JOBS_PATH).respond_with_json(
        {"jobs": [make_job("first")], "next": "c1"}
    )
    httpserver_checked.expect_oneshot_request(
        JOBS_PATH, query_string={"next": "c1", "limit": "100"}
    ).respond_with_response(response)
    with pytest.raises(errors.MalformedResponseError) as caught:
        twin.jobs()
    exc = caught.value
    assert reason in str(exc)
    assert exc.status_code == 200
    assert exc.request_id == "rid-7"
    assert exc.cursor == "c1"
    assert "'c1'" in str(exc)
    assert exc.excerpt
    assert not isinstance(exc, KeyError | TypeError)


def test_a_model_that_cannot_be_built_is_a_malformed_page(
    twin: Twin, httpserver_checked: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spec is tolerant, so this takes a generator surprise: simulated here."""
    from ionq_jobs_api.models import Job

    def surprise(src_dict: object) -> Job:
        raise KeyError("surprise")

    monkeypatch.setattr(Job, "from_dict", surprise)
    httpserver_checked.expect_request(JOBS_PATH).respond_with_response(
        json_response({"jobs": [make_job("j-1")], "next": None}, headers={"x-request-id": "r-9"})
    )
    for listing in (twin.jobs, twin.page):
        with pytest.raises(errors.MalformedResponseError, match="could not be read") as caught:
            listing()
        assert caught.value.request_id == "r-9"
        assert "j-1" in str(caught.value)


def test_every_clients_key_is_hidden_from_httpx_and_httpcore_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each client adds its key to the filter on httpx's and httpcore's loggers; a record that
    quotes any of them (as a server echoed it) shows `***`."""
    import logging

    from ionq_facade import AsyncJobsClient, JobsClient

    first, second = "fake-first-key-0001", 'fake/second"key\\0002'
    JobsClient(api_key=first, base_url="http://127.0.0.1:9/v0.4").close()
    AsyncJobsClient(api_key=second, base_url="http://127.0.0.1:9/v0.4")
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore.http11", "httpcore.proxy"):
        logging.getLogger(name).debug("echo %s %r", first, (second.encode(),))
    assert caplog.text.count("echo *** (b'***',)") == 3, caplog.text
