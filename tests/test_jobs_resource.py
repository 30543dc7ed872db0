"""The jobs resource beyond the listing, against the mock: one job, results, artifacts, cost,
waiting, cancel and delete, sync and async, with exact values and request counts."""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import json
import re
from typing import Any

import httpx
import pytest

from ionq_facade import JobResults, JobsClient, JobStatus, RetryPolicy, errors
from ionq_facade.testing import Fault, MockIonQServer
from ionq_facade.testing._resource import probabilities
from tests.conftest import BASE, scripted

LISTING = "/v0.4/jobs"  # a listing's path (a listing by ids reads jobs)

ACTIVE = tuple(status.value for status in JobStatus if status.is_active)


def jobs_where(server: MockIonQServer, **wanted: Any) -> list[dict[str, Any]]:
    return [j for j in server.jobs if all(j.get(k) == v for k, v in wanted.items())]


class FakeClock:
    """Time that moves only when slept: waits are tested without sleeping."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def policy(self) -> RetryPolicy:
        return RetryPolicy(
            monotonic=lambda: self.now,
            sleep=self.sleep,
            async_sleep=self.async_sleep,
            random=lambda: 0.0,
        )


@pytest.fixture
def server() -> Any:
    with MockIonQServer(jobs=200) as mock:
        yield mock
    mock.check()


def test_get_job_returns_failed_and_unknown_jobs_as_data(server: MockIonQServer) -> None:
    failed = jobs_where(server, status="failed")[0]
    odd = dict(failed, id="zz-odd-job", status="zz-not-a-status", type="zz-not-a-type")
    server.add_job(odd)
    with server.jobs_client() as client:
        job = client.get_job(failed["id"])
        assert (job.id, str(job.status)) == (failed["id"], "failed")
        unknown = client.get_job("zz-odd-job")
        assert (unknown.status, unknown.type_) == ("zz-not-a-status", "zz-not-a-type")
        assert client.get_job(failed["id"], raw=True)["failure"] == failed["failure"]
        with pytest.raises(errors.NotFoundError):
            client.get_job("00000000-0000-4000-8000-000000000000")


@pytest.mark.parametrize("bad", ["", "a/b", "a?b", "a#b", "a%2F", "a b", "a\n"])
def test_malformed_ids_are_refused_before_any_request(server: MockIonQServer, bad: str) -> None:
    with server.jobs_client() as client:
        for call in (client.get_job, client.get_cost, client.get_results):
            with pytest.raises(ValueError, match="job"):
                call(bad)
        with pytest.raises(ValueError, match="job_ids item"):
            client.cancel_jobs([bad])
        with pytest.raises(ValueError, match="job_ids item"):
            client.delete_jobs(["ok-id", bad])
        with pytest.raises(ValueError, match="list"):
            client.cancel_jobs("a-bare-string")
    assert server.requests == []


def test_results_decode_both_shapes_exactly(server: MockIonQServer) -> None:
    completed = [
        j
        for j in jobs_where(server, status="completed", parent_job_id=None)
        if not jobs_where(server, parent_job_id=j["id"])
    ]
    with server.jobs_client() as client:
        for job in completed[:15]:
            results = client.get_results(job["id"])
            expected = {int(k): p for k, p in probabilities(job).items()}
            assert results.probabilities == pytest.approx(expected)
            assert results.qubits == job["stats"]["qubits"]
            bits = results.bitstrings()
            assert all(len(key) == job["stats"]["qubits"] for key in bits)
            assert {int(k, 2) for k in bits} == set(expected)


def test_a_multi_circuit_job_has_its_children_in_order(server: MockIonQServer) -> None:
    parent = next(
        j
        for j in jobs_where(server, status="completed", type="ionq.multi-circuit.v1")
        if jobs_where(server, parent_job_id=j["id"])
    )
    with server.jobs_client() as client:
        detail = client.get_job(parent["id"])
        results = client.get_results(parent["id"])
    assert list(results.children) == detail.child_job_ids
    for child_id, child in results.children.items():
        child_job = next(j for j in server.jobs if j["id"] == child_id)
        assert child.probabilities == pytest.approx(
            {int(k): p for k, p in probabilities(child_job).items()}
        )


def test_results_of_a_job_not_completed_name_its_status(server: MockIonQServer) -> None:
    failed = jobs_where(server, status="failed")[0]
    with server.jobs_client() as client:
        before = len(server.requests)
        with pytest.raises(errors.JobNotCompletedError) as caught:
            client.get_results(failed)  # a listed job: no request needed
        assert len(server.requests) == before
    assert caught.value.status == "failed"
    assert caught.value.failure_code == failed["failure"]["code"]
    assert failed["failure"]["message"] in str(caught.value)


def test_cost_is_money_or_none(server: MockIonQServer) -> None:
    simulator = jobs_where(server, backend="simulator")[0]
    priced = next(j for j in jobs_where(server, status="completed") if j["backend"] != "simulator")
    with server.jobs_client() as client:
        free = client.get_cost(simulator["id"])
        assert (free.cost, free.estimated_cost) == (None, None)
        cost = client.get_cost(priced["id"])
    assert cost.cost is not None
    assert cost.cost.unit in ("usd", "credit")
    assert cost.cost.value == cost.raw["cost"]["value"]


def test_an_artifact_keeps_its_bytes_and_media_type(server: MockIonQServer) -> None:
    job = jobs_where(server, status="completed")[0]
    with server.jobs_client() as client:
        binary = client.get_artifact(job["id"], "circuit.bin")
    assert binary.media_type == "application/octet-stream"
    assert binary.content == bytes(range(256)) * 4


def test_wait_polls_once_per_round_and_ends_on_the_mocks_clock(server: MockIonQServer) -> None:
    active = [j["id"] for j in server.jobs if j["status"] in ACTIVE][:12]
    assert len(active) >= 3
    clock = FakeClock()
    with server.jobs_client(retry_policy=clock.policy()) as client:
        with pytest.raises(errors.WaitTimeoutError) as caught:
            client.wait_for_jobs(active, timeout=0)
        assert caught.value.pending == active
        assert len(server.requests) == 1  # one listing by ids for all twelve
        server.advance(60)
        done = client.wait_for_jobs(active, timeout=0)
    assert list(done) == active
    assert {str(job.status) for job in done.values()} <= {"completed", "failed"}
    assert len(server.requests) == 2


def test_wait_asks_for_an_id_given_twice_once() -> None:
    """100 ids fill one request; the 101st given is the first again: no second request."""
    asked: list[list[str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        ids = request.url.params.get_list("ids")
        asked.append(ids)
        jobs = [{"id": job_id, "status": "completed"} for job_id in ids]
        return httpx.Response(200, json={"jobs": jobs, "next": None})

    ids = [f"job-{n}" for n in range(100)]
    client_args = {"api_key": "fake-key", "base_url": "https://api.example.test/v0.4"}
    with JobsClient(**client_args, transport=httpx.MockTransport(handler)) as client:  # type: ignore[arg-type]
        done = client.wait_for_jobs([*ids, ids[0]], timeout=0, raw=True)
    assert list(done) == ids
    assert asked == [ids]


def test_wait_deadline_is_one_for_the_whole_wait(server: MockIonQServer) -> None:
    active = [j["id"] for j in server.jobs if j["status"] in ACTIVE][:3]
    clock = FakeClock()
    with (
        server.jobs_client(retry_policy=clock.policy()) as client,
        pytest.raises(errors.WaitTimeoutError),
    ):
        client.wait_for_jobs(active, timeout=10)
    assert sum(clock.slept) == pytest.approx(10)
    assert clock.slept[:3] == pytest.approx([1.0, 1.5, 2.25])


@pytest.mark.parametrize("status", ["zz-not-a-status", "COMPLETED", "Started "])
def test_a_gone_job_and_an_unknown_status_end_a_wait(server: MockIonQServer, status: Any) -> None:
    """`COMPLETED` is no status IonQ writes: a wait polled it for an hour (the enum's parse,
    for what people type, took it for `completed`; `is_terminal` did not)."""
    odd = dict(jobs_where(server, status="submitted")[0], id="zz-odd", status=status)
    server.add_job(odd)
    with server.jobs_client() as client:
        done = client.wait_for_jobs(["zz-odd", "zz-gone"], timeout=0, raw=True)
    assert done["zz-gone"] is None
    assert done["zz-odd"]["status"] == status


def test_cancel_reads_then_cancels_only_active_jobs_in_one_bulk_request(
    server: MockIonQServer,
) -> None:
    active = [j["id"] for j in server.jobs if j["status"] in ACTIVE][:3]
    completed = jobs_where(server, status="completed")[0]["id"]
    ids = [*active, completed, "zz-missing", active[0]]
    with server.jobs_client() as client:
        outcomes = client.cancel_jobs(ids)
        assert [o.id for o in outcomes] == ids
        assert [o.outcome for o in outcomes] == [
            "canceled",
            "canceled",
            "canceled",
            "already-terminal",
            "not-found",
            "canceled",
        ]
        assert outcomes[3].status == "completed"
        methods = [r.method for r in server.requests]
        assert methods == ["GET", "PUT"]  # one status read, one bulk cancel
        assert {str(client.get_job(i).status) for i in active} == {"canceled"}


def test_bulk_answers_that_leave_ids_out_are_checked_not_assumed() -> None:
    with MockIonQServer(jobs=200, bulk_answers="some") as server:
        active = [j["id"] for j in server.jobs if j["status"] in ACTIVE][:4]
        with server.jobs_client() as client:
            outcomes = client.cancel_jobs(active)
            deleted = client.delete_jobs(active)
        assert [o.outcome for o in outcomes] == ["canceled"] * 4
        assert [o.outcome for o in deleted] == ["deleted"] * 4
        assert [r.method for r in server.requests] == ["GET", "PUT", "GET", "GET", "DELETE", "GET"]
    server.check()


@pytest.mark.parametrize("action", ["cancel", "delete"])
def test_a_failed_check_of_left_out_ids_spoils_only_those(action: str) -> None:
    """The bulk answer names half the jobs acted on; the listing that would tell what became of
    the others fails: those are errors, the ones answered are done, a finished one is left."""
    with MockIonQServer(jobs=200, bulk_answers="some") as server:
        active = [j["id"] for j in server.jobs if j["status"] in ACTIVE][:3]
        done = jobs_where(server, status="completed")[0]["id"]
        acted = {"cancel": "PUT", "delete": "DELETE"}[action]
        server.inject(
            Fault.http_status(503),
            times=None,
            when=lambda r: r.method == "GET" and any(q.method == acted for q in server.requests),
        )
        with server.jobs_client(max_retries=0) as client:
            act = client.cancel_jobs if action == "cancel" else client.delete_jobs
            outcomes = act([*active, done])
        assert [r.method for r in server.requests] == ["GET", acted, "GET"]
    got = [(o.outcome, type(o.error).__name__ if o.error else o.status) for o in outcomes]
    if action == "cancel":  # three acted on (the finished one is left alone), one answered
        assert got == [
            ("canceled", "canceled"),
            ("error", "ServerError"),
            ("error", "ServerError"),
            ("already-terminal", "completed"),
        ]
    else:  # all four acted on, two answered
        assert got == [
            ("deleted", "deleted"),
            ("deleted", "deleted"),
            ("error", "ServerError"),
            ("error", "ServerError"),
        ]


def test_a_cursor_that_never_advances_ends_a_check_by_ids() -> None:
    """cancel, delete and wait read jobs with the listing's `ids` filter: a server that answers
    that listing with the same `next` again is a PaginationError, as in any listing (after 20
    requests the handler gives up, so a client without the guard ends too, and fails here)."""
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        cursor = None if len(requests) >= 20 else "again"
        return httpx.Response(200, json={"jobs": [], "next": cursor})

    client_args = {"api_key": "fake-key", "base_url": "https://api.example.test/v0.4"}
    with JobsClient(**client_args, transport=httpx.MockTransport(handler)) as client:  # type: ignore[arg-type]
        for act in (client.cancel_jobs, client.delete_jobs):
            requests.clear()
            [outcome] = act(["job-1"])
            assert outcome.outcome == "error"
            assert isinstance(outcome.error, errors.PaginationError)
            assert len(requests) == 2  # the first page, and the one whose cursor came back
        requests.clear()
        with pytest.raises(errors.PaginationError, match="a second time"):
            client.wait_for_jobs(["job-1"], timeout=0)
        assert len(requests) == 2


@pytest.mark.parametrize("answer", [{"ids": 5}, {"ids": [["job-a"]]}, {"id": ["job-a"]}, {}])
@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_an_odd_cancel_or_delete_answer_is_checked_by_listing(
    method: str, answer: dict[str, Any]
) -> None:
    """An answer that names no job id in a usable shape names none: the listing after it tells
    each job's outcome (the write was sent: its outcomes must not be lost to a TypeError)."""
    after = {"PUT": "canceled", "DELETE": "deleted"}[method]
    acted: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == method:
            acted.append(request.url.path)
            return httpx.Response(200, json=answer)
        ids = request.url.params.get_list("ids")
        status = after if acted else "running"
        jobs = [{"id": job_id, "status": status} for job_id in ids if status != "deleted"]
        return httpx.Response(200, json={"jobs": jobs, "next": None})

    client_args = {"api_key": "fake-key", "base_url": "https://api.example.test/v0.4"}
    with JobsClient(**client_args, transport=httpx.MockTransport(handler)) as client:  # type: ignore[arg-type]
        act = client.cancel_jobs if method == "PUT" else client.delete_jobs
        for ids in (["job-a"], ["job-a", "job-b"]):  # the one-job call, then the bulk call
            outcomes = act(ids)
            assert [o.outcome for o in outcomes] == [after] * len(ids)
            acted.clear()


@pytest.mark.parametrize("action", ["cancel", "delete"])
def test_a_bulk_request_answered_404_gives_every_job_an_outcome(
    server: MockIonQServer, action: str
) -> None:
    """A bulk cancel or delete answered 404 acted on nothing we can name: the listing after it
    tells each job's outcome, and a job still there has the 404 as its error (the cancel
    raised a bare KeyError here, after the write was sent)."""
    active = [j["id"] for j in server.jobs if j["status"] in ACTIVE][:3]
    gone = "0" * 8 + "-0000-4000-8000-" + "0" * 12
    acted = {"cancel": "PUT", "delete": "DELETE"}[action]
    server.inject(Fault.http_status(404), when=lambda r: r.method == acted)
    with server.jobs_client() as client:
        act = client.cancel_jobs if action == "cancel" else client.delete_jobs
        outcomes = act([*active, gone])
    assert [o.id for o in outcomes] == [*active, gone]
    assert [o.outcome for o in outcomes] == ["error", "error", "error", "not-found"]
    assert {o.status for o in outcomes[:3]} <= set(ACTIVE)
    assert all(isinstance(o.error, errors.NotFoundError) for o in outcomes[:3])
    assert [r.method for r in server.requests] == ["GET", acted, "GET"]


def test_a_single_delete_answered_404_for_a_job_still_listed_is_that_error(
    server: MockIonQServer,
) -> None:
    """The listing after the DELETE says the job is there: not deleted, whatever the 404."""
    job = jobs_where(server, status="completed")[0]["id"]
    server.inject(Fault.http_status(404), when=lambda r: r.method == "DELETE")
    with server.jobs_client() as client:
        [outcome] = client.delete_jobs([job])
    assert (outcome.outcome, outcome.status) == ("error", "completed")
    assert isinstance(outcome.error, errors.NotFoundError)
    assert [r.method for r in server.requests] == ["GET", "DELETE", "GET"]


def test_a_delete_answered_404_at_once_for_a_job_gone_is_not_found() -> None:
    """Gone between the read and the DELETE, and not by this call: not-found, not deleted."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE":
            return httpx.Response(404, json={"message": "no such job"})
        listed = [{"id": "a", "status": "completed"}] if len(sent) == 1 else []
        return httpx.Response(200, json={"jobs": listed, "next": None})

    with scripted(handler, sent) as client:
        [outcome] = client.delete_jobs(["a"])
    assert (outcome.outcome, outcome.status, outcome.error) == ("not-found", None, None)
    assert [r.method for r in sent] == ["GET", "DELETE", "GET"]


def test_a_retried_delete_answered_404_is_deleted(server: MockIonQServer) -> None:
    job = jobs_where(server, status="completed")[0]["id"]
    server.inject(Fault.drop_after_acting(), when=lambda r: r.method == "DELETE")
    clock = FakeClock()
    with server.jobs_client(retry_policy=clock.policy()) as client:
        outcomes = client.delete_jobs([job])
    assert [o.outcome for o in outcomes] == ["deleted"]
    assert [(r.method, r.status) for r in server.requests][1:] == [
        ("DELETE", 500),
        ("DELETE", 404),
        ("GET", 200),
    ]
    assert len(clock.slept) == 1


def test_a_retried_delete_answered_404_for_a_job_still_listed_is_not_deleted(
    server: MockIonQServer,
) -> None:
    """A 503, then a 404: the job is still there, so it was not deleted (it was reported
    deleted, on the belief that the first attempt had done it)."""
    job = jobs_where(server, status="completed")[0]["id"]
    server.inject(Fault.http_status(503), when=lambda r: r.method == "DELETE")
    server.inject(Fault.http_status(404), when=lambda r: r.method == "DELETE")
    with server.jobs_client(retry_policy=FakeClock().policy()) as client:
        [outcome] = client.delete_jobs([job])
    assert (outcome.outcome, outcome.status) == ("error", "completed")
    assert isinstance(outcome.error, errors.NotFoundError)


@pytest.mark.parametrize("action", ["cancel", "delete"])
def test_a_write_that_acted_then_failed_is_told_by_the_listing(
    server: MockIonQServer, action: str
) -> None:
    """Every attempt acted and its answer was dropped: the error is not the outcome, the
    listing after it is (the jobs were reported errors with their old status)."""
    ids = [j["id"] for j in server.jobs if j["status"] in ACTIVE][:3]
    acted = {"cancel": "PUT", "delete": "DELETE"}[action]
    server.inject(Fault.drop_after_acting(), times=None, when=lambda r: r.method == acted)
    with server.jobs_client(retry_policy=FakeClock().policy()) as client:
        act = client.cancel_jobs if action == "cancel" else client.delete_jobs
        outcomes = act(ids)
    expected = {"cancel": ("canceled", "canceled"), "delete": ("deleted", "deleted")}[action]
    assert [(o.outcome, o.status) for o in outcomes] == [expected] * 3


def test_a_400_is_not_retried_and_is_an_error_outcome(server: MockIonQServer) -> None:
    active = [j["id"] for j in server.jobs if j["status"] in ACTIVE][:2]
    server.inject(Fault.http_status(400), when=lambda r: r.method == "PUT")
    with server.jobs_client() as client:
        outcomes = client.cancel_jobs(active)
    assert [o.outcome for o in outcomes] == ["error", "error"]
    assert isinstance(outcomes[0].error, errors.BadRequestError)
    assert [r.method for r in server.requests].count("PUT") == 1


def test_async_twins_give_the_same_answers(server: MockIonQServer) -> None:
    job = jobs_where(server, status="completed", parent_job_id=None)[0]

    async def main() -> tuple[Any, Any, Any]:
        async with server.async_jobs_client() as client:
            return (
                await client.get_job(job["id"]),
                await client.get_results(job["id"]),
                await client.wait_for_jobs([job["id"]], timeout=0),
            )

    detail, results, waited = asyncio.run(main())
    with server.jobs_client() as client:
        assert client.get_results(job["id"]) == results
    assert detail.id == job["id"]
    assert list(waited) == [job["id"]]


def test_the_request_path_is_shared(server: MockIonQServer) -> None:
    """client.generated keeps the retries: a 503 then a page, through the generated module."""
    from ionq_jobs_api.api.default import get_job

    job = jobs_where(server, status="completed")[0]["id"]
    server.inject(Fault.http_status(503))
    clock = FakeClock()
    with server.jobs_client(retry_policy=clock.policy()) as client:
        response = get_job.sync_detailed(job, client=client.generated)
    assert response.status_code == 200
    assert len(clock.slept) == 1


def test_every_bit_string_of_a_result_has_one_width() -> None:
    """A state wider than `stats.qubits` (a parent's count, used for its children) widens them
    all: bit strings of one result never differ in length."""
    from ionq_facade._results import qubit_count

    states = {0: 0.25, 5: 0.25, 0b1011: 0.5}
    qubits = qubit_count({"stats": {"qubits": 2}}, states)
    assert qubits == 4
    bits = JobResults("j", states, qubits, {}, None).bitstrings()
    assert bits == {"0000": 0.25, "0101": 0.25, "1011": 0.5}
    assert qubit_count({"stats": {"qubits": 6}}, states) == 6  # declared and wider: kept


# --- hostile inputs and answers (each case failed before its fix) --------------------------------


def listing_by_ids(status: object = "submitted") -> Any:
    """A server whose listing by ids has every id asked for, in `status`; writes answer all."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/jobs"):
            ids = request.url.params.get_list("ids")
            return httpx.Response(
                200, json={"jobs": [{"id": i, "status": status} for i in ids], "next": None}
            )
        return httpx.Response(200, json={"ids": [], "status": "canceled"})

    return handler


def _public(cls: type) -> dict[str, Any]:
    return {n: m for n, m in vars(cls).items() if not n.startswith("_") and callable(m)}


def test_every_method_of_one_client_has_its_twin_on_the_other() -> None:
    """A new operation is a method on each client: the same name and parameters, awaitable on
    the async client (a listing: an async iterator), so neither client lacks one."""
    from ionq_facade import AsyncJobsClient

    sync, aio = _public(JobsClient), _public(AsyncJobsClient)
    assert sorted(sync) == sorted(aio)
    for name, method in sync.items():
        twin = aio[name]
        assert list(inspect.signature(method).parameters) == list(
            inspect.signature(twin).parameters
        ), name
        assert inspect.iscoroutinefunction(twin) == (not name.startswith("iter_")), name


def _per_job_calls() -> list[tuple[str, list[str]]]:
    """Every client method whose first parameter names one job: (name, its other arguments)."""
    calls = []
    for name, method in _public(JobsClient).items():
        params = list(inspect.signature(method).parameters.values())[1:]
        if params and params[0].name in ("job_id", "job"):
            required = [
                p for p in params[1:] if p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD
            ]
            calls.append((name, ["probabilities"] * len(required)))
    return calls


@pytest.mark.parametrize(("name", "more"), _per_job_calls())
@pytest.mark.parametrize("twin", ["sync", "async"])
def test_every_operation_on_one_job_checks_its_id_and_sends_a_uuid_in_lower_case(
    name: str, more: list[str], twin: str
) -> None:
    """Derived from the clients, so a new operation is checked without a line here: a bad id is
    refused before any request, and an upper-case UUID is sent in lower case (a plan that left
    out `path_id` sent it as typed: a case-sensitive server found nothing)."""
    from ionq_facade import AsyncJobsClient

    upper = "0A1B2C3D-0000-4000-8000-00000000ABCD"
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(404, json={"error": "Not Found", "message": "no such job"})

    async def run_async(job_id: str) -> None:
        transport = httpx.MockTransport(handler)
        async with AsyncJobsClient(api_key="fake-key", base_url=BASE, transport=transport) as c:
            await getattr(c, name)(job_id, *more)

    def call(job_id: str) -> None:
        if twin == "async":
            asyncio.run(run_async(job_id))
            return
        with JobsClient(
            api_key="fake-key", base_url=BASE, transport=httpx.MockTransport(handler)
        ) as c:
            getattr(c, name)(job_id, *more)

    with pytest.raises(ValueError, match="job_id 'a/b' holds '/'"):
        call("a/b")
    assert sent == []
    with pytest.raises(errors.NotFoundError):
        call(upper)
    assert sent, name
    assert all(upper.lower() in r.url.path and upper not in r.url.path for r in sent), name


def test_a_uuid_given_in_upper_case_is_the_job_answered_in_lower_case() -> None:
    """A server reading UUIDs in any case answers in lower case: the job was then "gone" to a
    wait (which ended at once), malformed to get_job and not found to a cancel; the cancel's
    answer, naming it in lower case, was not taken for it (an error, when the listing lags)."""
    upper = "0A1B2C3D-0000-4000-8000-00000000ABCD"
    job = {"id": upper.lower(), "status": "started"}  # the listing lags: still started

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET" and request.url.path.endswith("/jobs"):
            assert {i.lower() for i in request.url.params.get_list("ids")} == {upper.lower()}
            return httpx.Response(200, json={"jobs": [job], "next": None})
        if request.method == "PUT":
            return httpx.Response(200, json={"id": upper.lower(), "status": "canceled"})
        return httpx.Response(200, json=job)

    sent: list[httpx.Request] = []
    with scripted(handler, sent) as client:
        assert client.get_job(upper, raw=True)["id"] == upper.lower()
        with pytest.raises(errors.WaitTimeoutError):
            client.wait_for_jobs([upper], timeout=0)
        with pytest.raises(errors.WaitTimeoutError) as caught:
            client.wait_for_jobs([upper, upper.lower()], timeout=0, raw=True)
        assert caught.value.jobs == {upper: job, upper.lower(): job}  # one job, both spellings
        sent.clear()
        outcomes = client.cancel_jobs([upper, upper.lower()])
    assert [(o.id, o.outcome, o.status) for o in outcomes] == [
        (upper, "canceled", "canceled"),
        (upper.lower(), "canceled", "canceled"),
    ]
    assert [r.method for r in sent] == ["GET", "PUT"]  # one read, one cancel, no read back


def test_a_uuid_given_in_upper_case_is_sent_in_lower_case(server: MockIonQServer) -> None:
    """The mock, like a case-sensitive server, knows a UUID only as it wrote it (lower case):
    an id typed or pasted in upper case was not found by get_job, get_cost, a listing by ids,
    wait, cancel and delete. Each is sent in lower case and answered under the id as given."""
    done = jobs_where(server, status="completed")[0]["id"]
    active = [j["id"] for j in server.jobs if not JobStatus(j["status"]).is_terminal][:2]
    upper, to_cancel, to_delete = done.upper(), active[0].upper(), active[1].upper()
    with server.jobs_client() as client:
        assert client.get_job(upper, raw=True)["id"] == done
        assert client.get_cost(upper).job_id == upper
        assert [job.id for job in client.iter_jobs(ids=[upper])] == [done]
        assert client.wait_for_jobs([upper], timeout=0, raw=True)[upper]["id"] == done
        [canceled] = client.cancel_jobs([to_cancel])
        [deleted] = client.delete_jobs([to_delete])
    assert (canceled.id, canceled.outcome) == (to_cancel, "canceled")
    assert (deleted.id, deleted.outcome) == (to_delete, "deleted")
    sent = " ".join(f"{r.path}?{r.query}" for r in server.requests)
    assert not any(spelled in sent for spelled in (upper, to_cancel, to_delete))


def test_before_write_sees_each_chunks_targets_and_can_stop_before_the_write(
    server: MockIonQServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception from `before_write` stops after the chunk's read, before its write: nothing
    but GETs was sent. It is called with the jobs the write would act on, not the finished.
    One that is an IonQError was taken for the chunk's error, and the next chunk went on."""
    from ionq_facade import _results

    monkeypatch.setattr(_results, "BULK_CHUNK", 2)  # the two active jobs, then the finished
    active = [j["id"] for j in server.jobs if not JobStatus(j["status"]).is_terminal][:2]
    finished = jobs_where(server, status="completed")[0]["id"]
    seen: list[list[str]] = []

    class Stop(errors.IonQError):  # an IonQError too: the caller's, not a chunk's error
        pass

    def stop(ids: list[str]) -> None:
        seen.append(ids)
        raise Stop("stop here")

    with server.jobs_client() as client, pytest.raises(Stop):
        client.cancel_jobs([*active, finished], before_write=stop)
    assert seen == [active]  # the first chunk's, and no other chunk read after it
    assert {r.method for r in server.requests} == {"GET"}
    with server.jobs_client() as client:
        with pytest.raises(ValueError, match="before_write must be a plain function"):
            client.delete_jobs(active, before_write=5)  # type: ignore[arg-type]
        assert [o.outcome for o in client.delete_jobs(active, before_write=seen.append)] == [
            "deleted",
            "deleted",
        ]
    assert seen[-1] == active


def test_ids_that_are_not_uuids_keep_their_case() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"jobs": [{"id": "job-a", "status": "started"}], "next": None}
        )

    with scripted(handler, []) as client:
        assert client.wait_for_jobs(["JOB-A"], timeout=0) == {"JOB-A": None}  # gone


@pytest.mark.parametrize("count", [1, 2], ids=["single", "bulk"])
@pytest.mark.parametrize(
    ("action", "answer", "listed", "outcome"),
    [
        ("cancel", "paused-new", "paused-new", ("error", "paused-new")),
        ("cancel", "cancelling", "canceled", ("canceled", "canceled")),
        ("delete", "archived", "archived", ("error", "archived")),
        ("delete", "archived", None, ("deleted", "deleted")),
    ],
)
def test_an_answer_naming_another_status_is_read_back(
    count: int, action: str, answer: str, listed: str | None, outcome: tuple[str, str]
) -> None:
    """`{"id": ID, "status": "paused-new"}` to a cancel was an outcome `canceled`: what became
    of the job is read back instead, as for an id the answer leaves out."""
    ids = ["a", "b"][:count]
    reads = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal reads
        if request.method == "GET":  # the read before the write, then the read back
            reads += 1
            status = "running" if reads == 1 else listed
            jobs = [] if status is None else [{"id": i, "status": status} for i in ids]
            return httpx.Response(200, json={"jobs": jobs, "next": None})
        return httpx.Response(200, json={"id": ids[0], "ids": ids, "status": answer})

    with scripted(handler, []) as client:
        done = getattr(client, f"{action}_jobs")(ids)
    assert [(o.outcome, o.status) for o in done] == [outcome] * count
    assert reads == 2


@pytest.mark.parametrize("action", ["cancel", "delete"])
@pytest.mark.parametrize(
    "answer",
    [
        {"id": "a", "ids": ["a", "b"], "status": 7},
        {"id": "a", "ids": ["a", "b"], "status": None},
        {"ids": "a"},  # a bulk answer's ids as a bare string
        {"id": ["a"], "ids": [["a", "b"]]},
    ],
)
@pytest.mark.parametrize("count", [1, 2], ids=["single", "bulk"])
def test_an_answer_whose_status_or_ids_are_odd_names_no_job(
    count: int, action: str, answer: dict[str, Any]
) -> None:
    """`{"ids": "a", "status": 7}` to a bulk delete that deleted nothing: job a was told
    deleted (a status not a string was trusted, and a bare string taken for a list of ids)."""
    ids = ["a", "b"][:count]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":  # nothing was done: still running, before and after
            jobs = [{"id": i, "status": "running"} for i in ids]
            return httpx.Response(200, json={"jobs": jobs, "next": None})
        return httpx.Response(200, json=answer)

    sent: list[httpx.Request] = []
    with scripted(handler, sent) as client:
        done = getattr(client, f"{action}_jobs")(ids)
    assert [(o.outcome, o.status) for o in done] == [("error", "running")] * count
    assert all("its status is still 'running'" in str(o.error) for o in done)
    assert [r.method for r in sent][-1] == "GET"  # read back after the write


@pytest.mark.parametrize("bad", [".", ".."])
def test_dot_segments_are_not_job_ids(bad: str) -> None:
    """httpx resolves `/jobs/.` to `/jobs`: `delete_jobs(["."])` sent the bulk DELETE."""
    sent: list[httpx.Request] = []
    with scripted(listing_by_ids(), sent) as client:
        for call in (
            lambda: client.get_job(bad),
            lambda: client.get_cost(bad),
            lambda: client.get_artifact("job", bad),
            lambda: client.cancel_jobs([bad]),
            lambda: client.delete_jobs(["job", bad]),
            lambda: client.wait_for_jobs([bad], timeout=0),
        ):
            with pytest.raises(ValueError, match=f"{bad!r} is a path segment"):
                call()
        # an artifact's id is named as what it is, not as a job's
        with pytest.raises(ValueError, match=r"^artifact_id '\.\./x' holds '/'; an id has"):
            client.get_artifact("job", "../x")
    assert sent == []


def test_every_id_is_checked_and_chunks_fit_one_request_before_any_write() -> None:
    """An id too long for a listing, 100 ids in: refused before chunk 1 is cancelled; long or
    non-ASCII ids are chunked by the size of their listing, not only by count."""
    sent: list[httpx.Request] = []
    long_ids = [f"{i:070d}" for i in range(250)]
    with scripted(listing_by_ids(), sent) as client:
        with pytest.raises(ValueError, match="2,100 characters in a URL; at most 2,000"):
            client.cancel_jobs([*(f"job{i}" for i in range(100)), "x" * 2100])
        assert sent == []
        outcomes = client.delete_jobs(long_ids)
    assert [o.id for o in outcomes] == long_ids
    assert [o.outcome for o in outcomes] == ["error"] * 250  # the listing still has them
    reads = [r for r in sent if r.method == "GET"]
    assert all(len(r.url.query) <= 6_200 for r in reads)
    assert sum(len(r.url.params.get_list("ids")) for r in reads) == 2 * 250  # before and after


def test_a_status_that_is_not_a_string_is_an_unknown_status() -> None:
    """`"status": ["weird"]` raised TypeError (unhashable) in wait and cancel."""
    sent: list[httpx.Request] = []
    with scripted(listing_by_ids(["weird"]), sent) as client:
        assert client.wait_for_jobs(["a"], raw=True) == {"a": {"id": "a", "status": ["weird"]}}
        [outcome] = client.cancel_jobs(["a"])
    assert (outcome.outcome, outcome.status) == ("error", None)
    assert [r.method for r in sent] == ["GET", "GET", "PUT", "GET"]


def test_an_answer_about_another_job_is_malformed() -> None:
    """get_results fetched the results of whatever id the server's answer named."""
    sent: list[httpx.Request] = []
    answer = {"id": "other", "status": "completed"}
    with (
        scripted(lambda r: httpx.Response(200, json=answer), sent) as client,
        pytest.raises(
            errors.MalformedResponseError, match="asked for job 'p', the answer has job 'other'"
        ),
    ):
        client.get_results("p")
    assert len(sent) == 1


@pytest.mark.parametrize("child", ["..", "", 5, None, "p"])
def test_a_child_id_that_cannot_be_addressed_is_malformed(child: object) -> None:
    """A child that is not a string (5, null) was dropped without a word, and a parent naming
    itself was asked for as its own child: a result lost, or one shown twice."""
    sent: list[httpx.Request] = []
    parent = {"id": "p", "status": "completed", "child_job_ids": [child, "c1"]}
    said = "itself as a child" if child == "p" else f"a child {child!r}, not an id"
    with (
        scripted(lambda r: httpx.Response(200, json=parent), sent) as client,
        pytest.raises(errors.MalformedResponseError, match=re.escape(f"job p names {said}")),
    ):
        client.get_results("p")
    assert len(sent) == 1


def test_a_child_named_in_two_cases_is_one_child() -> None:
    """A UUID in upper and lower case is one job: its results were asked for twice and shown as
    two children."""
    child = "0a1b2c3d-0000-4000-8000-00000000abcd"
    parent = {"id": "p", "status": "completed", "child_job_ids": [child.upper(), child, "c2"]}
    probabilities = {"0": 0.5, "1": 0.5}
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = parent if request.url.path.endswith("/p") else probabilities
        return httpx.Response(200, json=body)

    with scripted(answer, sent) as client:
        results = client.get_results("p")
    assert list(results.children) == [child.upper(), "c2"]
    assert [r.url.path.rsplit("/jobs/")[1] for r in sent[1:] if r.url.path != LISTING] == [
        "p/results/probabilities", f"{child.upper()}/results/probabilities",
        "c2/results/probabilities",
    ]  # fmt: skip


def test_an_aggregate_without_a_child_asks_for_the_childs_own_results() -> None:
    """A child missing from the aggregate came back empty; a broken one too."""
    parent = {"id": "p", "status": "completed", "child_job_ids": ["c1", "c2", "c1"]}

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/v0.4/jobs/")
        answers = {"p": parent, "p/results/probabilities": {"c1": {"0": 1.0}}}
        return httpx.Response(200, json=answers.get(path, {"1": 1.0}))

    sent: list[httpx.Request] = []
    with scripted(handler, sent) as client:
        results = client.get_results("p")
    assert {k: v.probabilities for k, v in results.children.items()} == {
        "c1": {0: 1.0},
        "c2": {1: 1.0},
    }
    assert [r.url.path for r in sent if r.url.path != LISTING][1:] == [
        "/v0.4/jobs/p/results/probabilities",
        "/v0.4/jobs/c2/results/probabilities",
    ]
    broken = {"c1": {"0": 1.0}, "c2": None}
    handler2 = lambda r: httpx.Response(200, json=parent if r.url.path.endswith("/p") else broken)  # noqa: E731
    with (
        scripted(handler2, []) as client,
        pytest.raises(errors.MalformedResponseError, match="results of job c2 are not"),
    ):
        client.get_results("p")


@pytest.mark.parametrize(
    "payload",
    [
        {"-1": 0.5, "1": 0.5}, {"1": 0.5, "01": 0.5}, {" 1": 1.0}, {"1_0": 1.0},
        {"\u0661": 1.0}, {"1" * 5000: 1.0},
        {"probabilities": {"registers": {"q": {"1" * 4097: 1}}}},
        {"0": -0.5, "1": 1.5}, {"0": 1e308}, {"0": float("inf")}, {"0": float("nan")},
        {"0": 1, "1": 1, "2": 1}, {"0": 0.25, "1": 0.25},
        {"probabilities": {"registers": {"q": {"0": 0.9, "1": 0.9}}}},
    ],
    ids=[
        "negative", "twice", "space", "underscore", "arabic-digit", "5000-digits",
        "4097-bits", "negative-probability", "1e308", "inf", "nan", "sum-3", "sum-half",
        "v2-sum-1.8",
    ],
)  # fmt: skip
def test_state_keys_are_plain_digits_each_state_once(payload: dict[str, Any]) -> None:
    """And each probability in [0, 1], summing to 1: a key of 5,000 digits escaped as Python's
    own ValueError (past int()'s 4,300), and NaN, infinite or negative values were returned, and
    so were probabilities summing to 3, each in [0, 1] but no distribution."""
    job = {"id": "p", "status": "completed"}
    with (
        scripted(lambda r: httpx.Response(200, content=json.dumps(payload)), []) as client,
        pytest.raises(errors.MalformedResponseError, match="not probabilities"),
    ):
        client.get_results(job)


def test_a_rounding_above_one_is_a_probability() -> None:
    job = {"id": "p", "status": "completed"}
    with scripted(lambda r: httpx.Response(200, json={"3": 1.0000000000000002}), []) as client:
        assert client.get_results(job).probabilities == {3: 1.0000000000000002}
    rounded = {str(n): 0.1667 for n in range(6)}  # six states rounded to four places: 1.0002
    with scripted(lambda r: httpx.Response(200, json=rounded), []) as client:
        assert sum(client.get_results(job).probabilities.values()) == pytest.approx(1.0002)


def test_sharpen_is_asked_of_every_child() -> None:
    """`sharpen=True` sharpened the parent's call only: the children's came back unsharpened."""
    parent = {"id": "p", "status": "completed", "child_job_ids": ["c1", "c2"]}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=parent if request.url.path.endswith("/p") else {"0": 1})

    sent: list[httpx.Request] = []
    with scripted(handler, sent) as client:
        results = client.get_results("p", sharpen=True)
    assert list(results.children) == ["c1", "c2"]
    assert [(r.url.path, r.url.query) for r in sent if r.url.path != LISTING][1:] == [
        (f"/v0.4/jobs/{job}/results/probabilities", b"sharpen=true") for job in ("p", "c1", "c2")
    ]


@pytest.mark.parametrize("listed", [True, False])
def test_a_childs_bit_strings_are_as_wide_as_when_it_is_fetched_alone(listed: bool) -> None:
    """Through its 14-qubit parent, a 2-qubit child's state 2 was "00000000000010"; fetched
    alone, "10". Each child's width is its own job's (one listing by ids for the children),
    or, when that listing fails, its widest state's: never the parent's."""
    parent = {"id": "p", "status": "completed", "child_job_ids": ["c1"], "stats": {"qubits": 14}}
    child = {"id": "c1", "status": "completed", "stats": {"qubits": 3}}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == LISTING:  # the children's jobs
            if not listed:
                return httpx.Response(503, json={"error": "Service Unavailable"})
            return httpx.Response(200, json={"jobs": [child], "next": None})
        if request.url.path.endswith("/c1"):
            return httpx.Response(200, json=child)
        body = parent if request.url.path.endswith("/p") else {"2": 1.0}
        return httpx.Response(200, json=body)

    with scripted(handler, [], max_retries=0) as client:
        through_parent = client.get_results("p").children["c1"].bitstrings()
        alone = client.get_results("c1").bitstrings()
    assert alone == {"010": 1.0}
    assert through_parent == ({"010": 1.0} if listed else {"10": 1.0})


def test_an_absurd_qubit_count_is_not_believed() -> None:
    """bitstrings() padded to stats.qubits = 10**12 and ran out of memory."""
    job = {"id": "p", "status": "completed", "stats": {"qubits": 10**12}}
    with scripted(lambda r: httpx.Response(200, json={"0": 0.25, "3": 0.75}), []) as client:
        assert client.get_results(job).bitstrings() == {"00": 0.25, "11": 0.75}


@pytest.mark.parametrize(
    "call",
    [
        lambda client: client.get_job("a", raw="no"),
        lambda client: client.wait_for_jobs(["a"], timeout=0, raw=1),
    ],
    ids=["get_job", "wait_for_jobs"],
)
def test_raw_is_true_or_false_before_any_request(call: Any) -> None:
    """`raw="no"` gave raw dicts (a truthy string), unchecked."""
    sent: list[httpx.Request] = []
    with (
        scripted(listing_by_ids(), sent) as client,
        pytest.raises(ValueError, match="raw must be True or False, got"),
    ):
        call(client)
    assert sent == []


@pytest.mark.parametrize("given", [None, 5, b"p", ["p"]])
def test_get_results_refuses_what_is_not_a_job(given: object) -> None:
    sent: list[httpx.Request] = []
    with scripted(listing_by_ids(), sent) as client:
        with pytest.raises(ValueError, match="job must be a job id, or a job"):
            client.get_results(given)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="sharpen must be True, False or None, got 'yes'"):
            client.get_results("p", sharpen="yes")  # type: ignore[arg-type]
    assert sent == []


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ('{"cost": {"value": 1%s, "unit": "usd"}}' % ("0" * 400), "cost must have a finite"),
        ('{"cost": {"value": NaN, "unit": "usd"}}', "cost must have a finite number as its value"),
        ('{"estimated_cost": {"value": Infinity, "unit": "usd"}}', "estimated_cost must have a"),
        ('{"cost": {"value": "abc", "unit": 5}}', "unit, got {'value': 'abc', 'unit': 5}"),
        ('{"cost": {"value": 1.5, "unit": 5}}', "a number as its value and a string as its unit"),
        ('{"cost": 3}', "cost must be null or {value: a finite number, unit: a string}, got 3"),
        ('{"cost": null, "dry_run": "x"}', "dry_run must be true or false, got 'x'"),
    ],
    ids=["huge", "nan", "inf", "wrong-types", "unit-a-number", "a-number", "dry-run"],
)
def test_a_cost_that_is_not_an_amount_is_malformed(body: str, words: str) -> None:
    """10**400 raised a bare OverflowError; then any amount that was not one (a string value, a
    bare number) was shown as "not priced"."""
    with (
        scripted(lambda r: httpx.Response(200, content=body.encode()), []) as client,
        pytest.raises(errors.MalformedResponseError, match="malformed response: ") as caught,
    ):
        client.get_cost("p")
    assert words in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        "{}",
        '{"cost": null, "estimated_cost": null, "dry_run": true}',
        '{"cost": {}, "estimated_cost": {"unit": "usd"}}',  # the spec requires neither key
        '{"cost": {"value": 1.5}, "estimated_cost": {"value": null, "unit": "usd"}}',
    ],
)
def test_a_cost_absent_null_or_partial_is_not_priced(body: str) -> None:
    with scripted(lambda r: httpx.Response(200, content=body.encode()), []) as client:
        cost = client.get_cost("p")
    assert (cost.cost, cost.estimated_cost) == (None, None)


def test_a_wait_keeps_its_deadline_through_retry_after_and_endless_cursors() -> None:
    """A 429 with Retry-After slept past the deadline; an ids listing handing out fresh cursors
    was followed for 40 s of a 2 s wait (each page given the time left at the start)."""
    clock = FakeClock()

    def limited(request: httpx.Request) -> httpx.Response:
        clock.now += 0.5
        return httpx.Response(429, headers={"Retry-After": "1"}, json={"message": "slow"})

    with (
        scripted(
            limited, [], retry_policy=dataclasses.replace(clock.policy(), max_retries=0)
        ) as client,
        pytest.raises(errors.WaitTimeoutError),
    ):
        client.wait_for_jobs(["a"], timeout=50)
    assert clock.now <= 50

    clock = FakeClock()
    pages = 0

    def endless(request: httpx.Request) -> httpx.Response:
        nonlocal pages
        pages += 1
        clock.now += 1.0
        return httpx.Response(200, json={"jobs": [], "next": f"c{pages}"})

    with (
        scripted(endless, [], retry_policy=clock.policy()) as client,
        pytest.raises(errors.WaitTimeoutError, match="no time left for the page"),
    ):
        client.wait_for_jobs(["a"], timeout=2)
    assert (pages, clock.now) == (2, 2.0)


def test_a_wait_every_poll_of_which_failed_names_the_last_failure() -> None:
    """Out of time between two polls, it said "1 job never read", the 500s unsaid."""
    clock = FakeClock()
    policy = dataclasses.replace(clock.policy(), max_retries=0)
    oops = {"error": "InternalError", "message": "oops"}
    failing = lambda r: httpx.Response(500, json=oops)  # noqa: E731
    with (
        scripted(failing, [], retry_policy=policy) as client,
        pytest.raises(errors.WaitTimeoutError) as caught,
    ):
        client.wait_for_jobs(["a"], timeout=3)
    assert str(caught.value).startswith("after 3s, 1 job never read; the last poll failed: 500")
    assert isinstance(caught.value.__cause__, errors.ServerError)


def test_a_wait_whose_first_chunk_always_fails_names_that_failure() -> None:
    """With 150 ids (two polls a round), the second chunk's success cleared the first chunk's
    500: "100 jobs never read", with no failure named and no cause."""
    clock = FakeClock()
    policy = dataclasses.replace(clock.policy(), max_retries=0)
    ids = [f"job-{n:03d}" for n in range(150)]
    oops = {"error": "InternalError", "message": "oops"}

    def handler(request: httpx.Request) -> httpx.Response:
        asked = request.url.params.get_list("ids")
        if ids[0] in asked:
            return httpx.Response(500, json=oops)
        jobs = [{"id": job_id, "status": "started"} for job_id in asked]
        return httpx.Response(200, json={"jobs": jobs, "next": None})

    with (
        scripted(handler, [], retry_policy=policy) as client,
        pytest.raises(errors.WaitTimeoutError) as caught,
    ):
        client.wait_for_jobs(ids, timeout=3)
    assert "100 jobs never read; the last poll failed: 500" in str(caught.value)
    assert isinstance(caught.value.__cause__, errors.ServerError)


def test_a_key_the_server_echoes_is_hidden() -> None:
    """A gateway's 401 quoting the Authorization header put the key in the error's text, its
    body and the outcome's repr."""
    key = "fake-key-SECRET123"

    def echo(request: httpx.Request) -> httpx.Response:
        said = f"invalid credentials: {request.headers['authorization']}"
        return httpx.Response(401, json={"error": "Unauthorized", "message": said})

    client = JobsClient(api_key=key, base_url=BASE, transport=httpx.MockTransport(echo))
    with client, pytest.raises(errors.AuthenticationError) as caught:
        client.get_job("a")
    seen = [str(caught.value), repr(caught.value), repr(caught.value.body), caught.value.message]
    assert all("SECRET123" not in text for text in seen)
    assert "invalid credentials: apiKey ***" in str(caught.value)


def test_an_artifact_echoing_the_key_has_it_hidden() -> None:
    """An artifact's bytes (read without decoding) were the one body that kept the key."""
    key = "fake-key-SECRET123"

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"k": request.headers["authorization"]})

    with JobsClient(api_key=key, base_url=BASE, transport=httpx.MockTransport(echo)) as client:
        artifact = client.get_artifact("a", "b")
    assert artifact.content == b'{"k":"apiKey ***"}'
    assert artifact.json() == {"k": "apiKey ***"}


def test_an_async_callback_is_refused_before_any_request() -> None:
    """`async def` callbacks were accepted and never run (a plan cannot await them)."""
    seen: list[Any] = []

    async def callback(states: Any) -> None:
        seen.append(states)

    async def main(server: MockIonQServer) -> None:
        client = server.async_jobs_client()
        with pytest.raises(ValueError, match="on_chunk must be a plain function"):
            await client.cancel_jobs([server.jobs[0]["id"]], on_chunk=callback)
        with pytest.raises(ValueError, match="on_poll must be a plain function"):
            await client.wait_for_jobs([server.jobs[0]["id"]], on_poll=callback)
        await client.close()

    with MockIonQServer(jobs=3) as server:
        asyncio.run(main(server))
        assert server.requests == []
    assert seen == []


@pytest.mark.parametrize(
    ("job", "said"),
    [
        (
            {"status": "failed", "failure": {"code": 5}},
            "is 'failed', not completed, and has no results: 5",
        ),
        ({"status": None}, "has status null, not completed, and has no results"),
        (
            {"status": {"x": 1}, "failure": {"message": ["a"]}},
            'has status {"x": 1}, not completed, and has no results: ["a"]',
        ),
    ],
)
def test_a_job_not_completed_is_told_as_the_server_sent_it(job: dict[str, Any], said: str) -> None:
    """A numeric failure code without a message read `: 5: None`; a null status `is None`."""
    client = JobsClient(api_key="fake-key-for-tests", base_url="http://127.0.0.1:9/v0.4")
    with client, pytest.raises(errors.JobNotCompletedError) as caught:
        client.get_results({"id": "job-1", **job})  # no request: the job says it
    assert str(caught.value) == f"job job-1 {said}"


def _ignoring_the_ids_filter(jobs: int = 300, every_page_new: bool = True) -> Any:
    """A server (or proxy) that drops `ids`: the listing walks the whole project, `limit` a
    page; writes answer for the id they are sent. `every_page_new=False`: each page repeats the
    first jobs, under a fresh cursor."""
    project = [{"id": f"job-{n:04d}", "status": "started"} for n in range(jobs)]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method != "GET":
            return httpx.Response(200, json={"id": request.url.path.split("/jobs/")[1][:8]})
        limit, at = int(request.url.params["limit"]), int(request.url.params.get("next", "0"))
        start = at * limit if every_page_new else 0
        listed, more = project[start : start + limit], (at + 1) * limit < jobs
        return httpx.Response(200, json={"jobs": listed, "next": str(at + 1) if more else None})

    return handler


def test_a_listing_by_ids_ends_once_every_id_is_answered() -> None:
    """A server ignoring the ids filter was followed through all 300 jobs (a GET each, as the
    limit is the number of ids) before the one job asked for was cancelled."""
    sent: list[httpx.Request] = []
    with scripted(_ignoring_the_ids_filter(), sent, max_retries=0) as client:
        [outcome] = client.cancel_jobs(["job-0002"])
    assert (outcome.id, outcome.outcome) == ("job-0002", "canceled")
    assert [(r.method, r.url.params.get("next")) for r in sent] == [
        ("GET", None), ("GET", "1"), ("GET", "2"), ("PUT", None)
    ]  # fmt: skip


@pytest.mark.parametrize("every_page_new", [True, False])
def test_a_listing_by_ids_that_never_answers_them_is_stopped_and_nothing_is_sent(
    every_page_new: bool,
) -> None:
    """An id the server never lists: every page of the project was read (or, when the pages
    repeat under fresh cursors, up to the guard's 50 stale pages per chunk), with no deadline
    for a cancel or a delete."""
    from ionq_facade._operations import IDS_PAGES_WITHOUT_NEWS

    sent: list[httpx.Request] = []
    handler = _ignoring_the_ids_filter(every_page_new=every_page_new)
    with scripted(handler, sent, max_retries=0) as client:
        [outcome] = client.delete_jobs(["not-listed"])
    assert outcome.outcome == "error"
    assert isinstance(outcome.error, errors.PaginationError)
    assert "does not apply the ids filter" in str(outcome.error)
    assert [r.method for r in sent] == ["GET"] * IDS_PAGES_WITHOUT_NEWS


def test_a_wait_on_a_server_ignoring_the_ids_filter_reads_the_job_it_finds() -> None:
    """The wait read 114 pages in five seconds, then said the job (on page 6) was never read."""
    sent: list[httpx.Request] = []
    client = scripted(_ignoring_the_ids_filter(), sent, max_retries=0)
    with client, pytest.raises(errors.WaitTimeoutError) as caught:
        client.wait_for_jobs(["job-0004"], timeout=0)
    assert caught.value.pending == ["job-0004"]
    assert caught.value.jobs["job-0004"].status == "started"
    assert len(sent) == 5


@pytest.mark.parametrize("kind", ["refused", "timed-out"])
def test_a_wait_that_never_connects_raises_at_once(kind: str) -> None:
    """A wrong URL (or a request timeout no server answers within) was retried at every
    interval until the wait's timeout: an hour by default, then a WaitTimeoutError."""
    clock = FakeClock()
    policy = dataclasses.replace(clock.policy(), max_retries=0)
    error = httpx.ConnectError if kind == "refused" else httpx.ReadTimeout

    def unreachable(request: httpx.Request) -> httpx.Response:
        clock.now += 1.0
        raise error("no", request=request)

    sent: list[httpx.Request] = []
    expected = errors.APIConnectionError if kind == "refused" else errors.APITimeoutError
    with scripted(unreachable, sent, retry_policy=policy) as client, pytest.raises(expected):
        client.wait_for_jobs(["a"], timeout=3600)
    assert (len(sent), clock.now) == (1, 1.0)


def test_a_wait_that_connected_once_rides_out_a_connection_failure() -> None:
    """Once a poll has read the job, a later poll's connection failure is one failed poll."""
    clock = FakeClock()
    policy = dataclasses.replace(clock.policy(), max_retries=0)
    answers = iter(["started", None, "completed"])

    def flaky(request: httpx.Request) -> httpx.Response:
        status = next(answers)
        if status is None:
            raise httpx.ConnectError("blip", request=request)
        return httpx.Response(200, json={"jobs": [{"id": "a", "status": status}], "next": None})

    with scripted(flaky, [], retry_policy=policy) as client:
        done = client.wait_for_jobs(["a"], timeout=3600, raw=True)
    assert done == {"a": {"id": "a", "status": "completed"}}
