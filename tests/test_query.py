"""Filters: checked before any request, and sent exactly as the spec says."""

from __future__ import annotations

import re

import pytest
from pytest_httpserver import HTTPServer

from ionq_facade import JobsClient, JobStatus
from ionq_facade._results import check_job_id
from tests.conftest import FAKE_KEY, JOBS_PATH, PagedJobs, Twin, job_pages
from tests.spec_facts import NOT_SENT_AS_ASKED, sample_filters


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (
            {"status": "bogus"},
            f"status: invalid job status 'bogus'; allowed: {JobStatus.allowed()}",
        ),
        ({"status": 3}, "status: invalid job status 3"),
        ({"ids": "abc"}, "ids must be a list"),
        ({"ids": []}, "ids is empty"),
        ({"ids": ["ok", ""]}, "ids must contain only non-empty strings, got ''"),
        ({"ids": [1]}, "ids must contain only non-empty strings, got 1"),
        ({"target": ["simulator", 5]}, "target must contain only non-empty strings, got 5"),
        ({"target": "simulator,,qpu.aria-1"}, "target must name backends separated by commas"),
        ({"target": 7}, "target must be a list"),
        ({"page_size": 0}, "page_size must be an integer >= 1, got 0"),
        ({"page_size": True}, "page_size must be an integer >= 1, got True"),
        ({"parent_job_id": ""}, "parent_job_id must be a non-empty string"),
        ({"session_id": 12}, "session_id must be a non-empty string, got 12"),
        ({"submitter_id": "  "}, "submitter_id must be a non-empty string"),
        ({"max_items": -1}, "max_items must be an integer >= 0, got -1"),
        ({"cursor": ""}, "cursor must be a non-empty string"),
    ],
)
def test_bad_filters_fail_before_any_request(
    httpserver_checked: HTTPServer, filters: dict[str, object], message: str
) -> None:
    handler = PagedJobs(job_pages([1]))
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(handler)
    base_url = httpserver_checked.url_for("/v0.4")
    with JobsClient(api_key=FAKE_KEY, base_url=base_url) as client:
        calls = (
            [client.iter_jobs] if "max_items" in filters else [client.iter_jobs, client.get_page]
        )
        for call in calls:
            with pytest.raises(ValueError, match="^" + re.escape(message)):
                call(**filters)  # type: ignore[arg-type]  # raises at the call, not on iteration
        with pytest.raises(ValueError, match="max_pages must be an integer >= 0"):
            client.iter_pages(max_pages=-2)
    assert handler.requests == []


def test_unknown_keyword_is_a_type_error() -> None:
    with JobsClient(api_key=FAKE_KEY) as client, pytest.raises(TypeError, match="stauts"):
        client.iter_jobs(stauts="completed")  # type: ignore[call-arg]


@pytest.mark.parametrize("status", ["completed", "COMPLETED", " Completed ", JobStatus.COMPLETED])
def test_status_any_case(twin: Twin, httpserver_checked: HTTPServer, status: object) -> None:
    handler = PagedJobs(job_pages([1]))
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(handler)
    twin.jobs(status=status)
    assert handler.requests[0]["status"] == ["completed"]


def test_every_filter_reaches_the_server(twin: Twin, httpserver_checked: HTTPServer) -> None:
    handler = PagedJobs(job_pages([1]))
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(handler)
    filters, expected, _ = sample_filters({  # and a value from the spec for any other filter
        "ids": (("id-1", "id-2"), ["id-1", "id-2"], None),  # repeated keys, not a comma list
        "parent_job_id": ("parent-1", ["parent-1"], None),
        "status": ("failed", ["failed"], None),
        "target": (["simulator", "qpu.forte-1"], ["simulator,qpu.forte-1"], None),  # one string
        "session_id": ("session-1", ["session-1"], None),
        "submitter_id": ("64b03577072d45001c85e9c4", ["64b03577072d45001c85e9c4"], None),
        "page_size": (25, ["25"], None),
    })  # fmt: skip
    twin.jobs(**filters)
    twin.pages(**filters)
    twin.page(**filters)
    assert handler.requests == [expected] * 3, NOT_SENT_AS_ASKED


def test_target_forms_agree(twin: Twin, httpserver_checked: HTTPServer) -> None:
    handler = PagedJobs(job_pages([1]))
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(handler)
    for target in (
        "simulator",
        ["simulator"],
        "simulator, qpu.aria-1",
        iter(["simulator", "qpu.aria-1"]),
    ):
        twin.jobs(target=target)
    assert [r["target"] for r in handler.requests] == [
        ["simulator"],
        ["simulator"],
        ["simulator,qpu.aria-1"],
        ["simulator,qpu.aria-1"],
    ]


def test_no_filters_sends_only_the_page_size(twin: Twin, httpserver_checked: HTTPServer) -> None:
    handler = PagedJobs(job_pages([1]))
    httpserver_checked.expect_request(JOBS_PATH).respond_with_handler(handler)
    twin.jobs()
    assert handler.requests == [{"limit": ["100"]}]


def test_a_window_the_wrong_way_round_names_both_bounds() -> None:
    with pytest.raises(
        ValueError,
        match=r"since must be before until, got since '2026-11-20' and until '2026-11-19'",
    ):
        JobsClient(api_key="fake-key-for-tests").iter_jobs(since="2026-11-20", until="2026-11-19")


def test_an_unprintable_character_in_an_id_is_named_as_such() -> None:
    with pytest.raises(ValueError, match="unprintable") as caught:
        check_job_id("ab\udcff")
    assert str(caught.value).endswith(
        "holds '\\udcff'; an id has none of '/', '?', '#', '%', whitespace or unprintable "
        "characters"
    )


def test_a_window_reads_rfc3339_times_written_in_lower_case() -> None:
    """`2019-01-01t10:00:00z` is RFC 3339, but fromisoformat reads upper case only: such a job
    could not be placed and was kept, so a --since listing exported a job from 2019."""
    import httpx

    from ionq_facade import JobsClient

    jobs = [
        {"id": "new", "status": "completed", "submitted_at": "2026-11-20t10:00:00z"},
        {"id": "old", "status": "completed", "submitted_at": "2019-01-01t10:00:00z"},
    ]
    transport = httpx.MockTransport(
        lambda r: httpx.Response(200, json={"jobs": jobs, "next": None})
    )
    with JobsClient(api_key="fake-key", base_url="https://api.example.test/v0.4",
                    transport=transport) as client:  # fmt: skip
        listed = [job["id"] for job in client.iter_jobs(raw=True, since="2025-12-01")]
    assert listed == ["new"]
