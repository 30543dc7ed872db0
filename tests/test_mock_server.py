"""MockIonQServer: filters, ordering, cursors, auth, validation and scripted faults."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import httpx
import pytest

from ionq_facade import JobStatus, errors
from ionq_facade.testing import ContractViolation, Fault, MockIonQServer
from ionq_facade.testing._mock_data import STATUS_WEIGHTS, generate_jobs, seed_job
from ionq_facade.testing._server import MATCHED_FILTERS
from tests.spec_facts import NOT_SENT_AS_ASKED, missing_published_required


@pytest.fixture(scope="module")
def server() -> MockIonQServer:
    with MockIonQServer(jobs=300, max_page_size=50) as started:
        yield started  # type: ignore[misc]
    started.check()


def listed(server: MockIonQServer, **filters: object) -> list[dict[str, object]]:
    with server.jobs_client(max_retries=0) as client:
        return [job.to_dict() for job in client.iter_jobs(**filters)]  # type: ignore[arg-type]


def test_generator_is_realistic() -> None:
    jobs = generate_jobs(400, seed=3)
    assert {j["status"] for j in jobs} == set(STATUS_WEIGHTS)  # == the spec's: test_restated
    assert len({j["backend"] for j in jobs}) >= 4
    assert len({j["type"] for j in jobs}) >= 3
    assert any(j["parent_job_id"] for j in jobs)
    assert any(j["session_id"] for j in jobs)
    assert len({j["submitter_id"] for j in jobs}) > 1
    for job in jobs:
        failed = job["status"] == "failed"
        assert (job["failure"] is not None) == failed
        if JobStatus(job["status"]).is_terminal:
            assert job["completed_at"] >= job["submitted_at"]
        else:
            assert job["completed_at"] is None
        if job["started_at"]:
            assert job["started_at"] >= job["submitted_at"]
    assert generate_jobs(50, seed=3) == generate_jobs(50, seed=3)


def test_mock_jobs_have_every_published_required_field() -> None:
    lacking = missing_published_required(generate_jobs(400, seed=3))
    seed_lacks = missing_published_required([seed_job()])
    where = "generate them in _job in ionq_facade/testing/_mock_data.py"
    if seed_lacks:
        where += (" and add them to the job of ionq_facade/_data/seed_jobs_page.json (and of"
                  " openapi.yaml's 200 example `seed`)")  # fmt: skip
    missing = sorted({*lacking, *seed_lacks})
    assert missing == [], f"published-required job field(s) {missing}: {where}"


def test_lists_everything_newest_first(server: MockIonQServer) -> None:
    jobs = listed(server, page_size=50)
    assert [j["id"] for j in jobs] == [j["id"] for j in server.jobs]
    stamps = [j["submitted_at"] for j in jobs]
    assert stamps == sorted(stamps, reverse=True)
    assert len(jobs) == 301  # the seed job and 300 generated


@pytest.mark.parametrize("name", MATCHED_FILTERS)
def test_single_value_filters(server: MockIonQServer, name: str) -> None:
    values = [j[name] for j in server.jobs if j.get(name)]
    assert values, (  # a filter the spec adds: its job field, drawn by the mock, tests it
        f"no mock job has a {name!r}: draw one for the mock's jobs in "
        "ionq_facade/testing/_mock_data.py (and, if IonQ documents null for it, list it in the "
        "Job schema's x-published-nullable)"
    )
    value = values[0]
    expected = [j["id"] for j in server.jobs if j.get(name) == value]
    assert [j["id"] for j in listed(server, **{name: value})] == expected, NOT_SENT_AS_ASKED
    assert expected


def test_target_list_and_ids(server: MockIonQServer) -> None:
    targets = ["simulator", "qpu.forte-1"]
    assert [j["id"] for j in listed(server, target=targets)] == [
        j["id"] for j in server.jobs if j["backend"] in targets
    ]
    some = [j["id"] for j in server.jobs[5:60:7]]
    assert [j["id"] for j in listed(server, ids=some)] == some


def test_limit_is_capped_by_max_page_size(server: MockIonQServer) -> None:
    with server.jobs_client() as client:
        assert len(client.get_page(page_size=500)) == 50
        assert len(client.get_page(page_size=7)) == 7


def test_cursors_survive_new_jobs() -> None:
    with MockIonQServer(jobs=40) as server, server.jobs_client() as client:
        first = client.get_page(page_size=10)
        newer = dict(server.jobs[0], id="brand-new", submitted_at="2099-01-01T00:00:00.000Z")
        server.add_job(newer)
        rest = list(client.iter_jobs(cursor=first.next_cursor, page_size=10))
        assert [j.id for j in first] + [j.id for j in rest] == [j["id"] for j in server.jobs[1:]]
        server.check()


def test_missing_or_wrong_key_is_401(server: MockIonQServer) -> None:
    assert httpx.get(f"{server.base_url}/jobs").status_code == 401
    wrong = httpx.get(f"{server.base_url}/jobs", headers={"Authorization": "apiKey nope"})
    assert wrong.status_code == 401
    assert wrong.json() == {
        "statusCode": 401,
        "error": "Unauthorized Error",
        "message": "Invalid key provided. Please provide a valid API key.",
    }
    with (
        MockIonQServer(api_key="other") as other,
        other.jobs_client(api_key="fake-wrong") as client,
        pytest.raises(errors.AuthenticationError),
    ):
        list(client.iter_jobs())


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"limit": "0"},
        {"limit": "ten"},
        {"status": ["failed", "completed"]},
        {"unknown": "x"},
    ],
)
def test_invalid_requests_are_rejected_and_recorded(query: dict[str, object]) -> None:
    with MockIonQServer(jobs=3) as server:
        response = httpx.get(
            f"{server.base_url}/jobs",
            params=query,
            headers={"Authorization": f"apiKey {server.api_key}"},
        )
        assert response.status_code == 400
        assert response.json()["statusCode"] == 400
        with pytest.raises(ContractViolation):
            server.check()
        (violation,) = server.take_violations()  # check() keeps them; take_violations() forgets
        assert violation.startswith("request /v0.4/jobs?")
        server.check()


def test_invalid_response_is_a_violation() -> None:
    with MockIonQServer(jobs=0, include_seed_job=False) as server:
        server.add_job(
            {"id": "x", "submitted_at": "2025-01-01T00:00:00.000Z", "stats": "not an object"}
        )
        list(server.jobs_client().iter_jobs())
        (violation,) = server.take_violations()
        assert "response" in violation


def test_fault_for_next_n_requests_then_normal() -> None:
    with MockIonQServer(jobs=5) as server:
        server.inject(Fault.http_status(503), times=2)
        statuses = [
            httpx.get(
                f"{server.base_url}/jobs", headers={"Authorization": f"apiKey {server.api_key}"}
            ).status_code
            for _ in range(3)
        ]
        assert statuses == [503, 503, 200]
        server.check()


def test_works_from_a_plain_script(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    script = tmp_path / "use_mock.py"
    script.write_text(
        "from ionq_facade.testing import MockIonQServer\n"
        "with MockIonQServer(jobs=120) as server, server.jobs_client() as client:\n"
        "    every = list(client.iter_jobs(page_size=40))\n"
        "    failed = list(client.iter_jobs(status='failed'))\n"
        "    server.check()\n"
        "print(len(every), len(failed), all(j.status == 'failed' for j in failed))\n"
    )
    command = [sys.executable, str(script)]
    out = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    total, failed, all_failed = out.stdout.split()
    assert (total, all_failed) == ("121", "True")
    assert int(failed) > 0


def test_other_methods_get_405_and_head_is_like_get() -> None:
    with MockIonQServer(jobs=3) as server:
        headers = {"Authorization": f"apiKey {server.api_key}"}
        for method in ("POST", "PUT", "PATCH"):
            response = httpx.request(method, server.base_url + "/jobs", headers=headers)
            assert response.status_code == 405
            assert response.headers["Allow"] == "GET, HEAD, DELETE"
            assert response.json()["statusCode"] == 405
        head = httpx.head(server.base_url + "/jobs", headers=headers)
        assert head.status_code == 200
        assert head.content == b""
        assert head.headers["content-type"] == "application/json"


def test_unknown_paths_get_ionqs_json_404() -> None:
    with MockIonQServer(jobs=3) as server:
        headers = {"Authorization": f"apiKey {server.api_key}"}
        response = httpx.get(server.base_url + "/jobs/abc/results", headers=headers)
        assert response.status_code == 404
        response = httpx.get(server.base_url + "/zz-not-a-route")
        assert response.status_code == 404
        assert response.json() == {
            "statusCode": 404,
            "error": "Not Found Error",
            "message": "Resource not found.",
        }


@pytest.mark.parametrize(
    "cursor",
    [
        "mck1." + __import__("base64").urlsafe_b64encode(b"[" * 5000).decode(),
        "mck1.%%%",
        "mck1." + __import__("base64").urlsafe_b64encode(b'{"a": 1, "b": 2, "c": 3}').decode(),
        "nope",
    ],
)
def test_a_crafted_cursor_is_a_400_never_a_crash(cursor: str) -> None:
    with MockIonQServer(jobs=3) as server:
        response = httpx.get(
            server.base_url + "/jobs",
            params={"next": cursor},
            headers={"Authorization": f"apiKey {server.api_key}"},
        )
        assert response.status_code in {200, 400}
        if response.status_code == 400:
            assert "invalid cursor" in response.json()["message"]


def test_jobs_follow_current_and_older_published_shapes() -> None:
    jobs = generate_jobs(600, seed=1)
    types = {job["type"] for job in jobs}
    assert {
        "ionq.circuit.v1",
        "ionq.multi-circuit.v1",
        "qctrl.qaoa.v1",
        "quantum-function",
    } <= types
    assert "qctrl.qaoa-circuit.v1" in types  # children of QAOA jobs
    assert "ionq.workload.v1" in types  # an older type
    results = [job["results"] for job in jobs if job["results"]]
    keyed = [r for r in results if any(key.startswith("ionq.result.") for key in r)]
    older = [r for r in results if "probabilities" in r]
    assert keyed
    assert older
    for result in keyed:
        for key, artifact in result.items():
            assert artifact["format"] == key
            assert artifact["media_type"] == "application/json"


# --- found by a review of the test kit (each failed before its fix) -------------------------------


@pytest.mark.parametrize(
    "fault", [Fault.repeated_cursor(), Fault.next_missing(), Fault.jobs_null()]
)
def test_a_fault_of_the_page_leaves_other_routes_alone(fault: Fault) -> None:
    """A page fault on `GET /jobs/{id}` crashed the handler (KeyError 'next'): an HTML 500."""
    with MockIonQServer(jobs=5) as server, server.jobs_client() as client:
        server.inject(fault, times=None)
        job_id = server.jobs[1]["id"]
        assert client.get_job(job_id, raw=True)["id"] == job_id
        with pytest.raises((errors.MalformedResponseError, errors.PaginationError)):
            list(client.iter_jobs(page_size=2))
    server.check()


def test_a_port_in_use_is_an_oserror_not_an_exit() -> None:
    """werkzeug printed two lines and raised SystemExit(1), ending the caller's script."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match="Address already in use"):
            MockIonQServer(port=port).start()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Fault.http_status(700), "status must be an HTTP status code"),
        (lambda: Fault.http_status("503"), "status must be an HTTP status code"),  # type: ignore[arg-type]
        (lambda: Fault.delay(-1), "seconds must be a number >= 0"),
        (lambda: MockIonQServer(max_page_size=0), "max_page_size must be an integer >= 1"),
        (lambda: MockIonQServer(jobs="5"), "jobs must be a count"),  # type: ignore[arg-type]
        (lambda: MockIonQServer(deleted_jobs="gone"), "deleted_jobs must be one of not-found"),
        (lambda: MockIonQServer(default_page_size=80, max_page_size=50), "is above max_page_size"),
        # each of these was accepted, or a bare OverflowError, TypeError, KeyError...
        (lambda: MockIonQServer(port=-1), "port must be 0 (any free one) to 65535, got -1"),
        (lambda: MockIonQServer(port="80"), "port must be an integer, got '80'"),  # type: ignore[arg-type]
        (lambda: MockIonQServer(seed="x"), "seed must be an integer"),  # type: ignore[arg-type]
        (lambda: MockIonQServer(validate="no"), "validate must be True or False"),  # type: ignore[arg-type]
        (lambda: MockIonQServer(drift="yes"), "drift must be True or False"),  # type: ignore[arg-type]
        (lambda: MockIonQServer(api_key=5), "api_key must be a string"),  # type: ignore[arg-type]
        (lambda: MockIonQServer(api_key=" "), "api_key must not be empty"),
        (
            lambda: MockIonQServer(jobs=[{"status": "completed"}]),
            "each job must be a dict with a non-empty string id",
        ),
        (
            lambda: MockIonQServer(jobs=["abc"]),
            "each job must be a dict with a non-empty string id, got 'abc'",
        ),
        (lambda: MockIonQServer(jobs={"id": "x"}), "pass [job] for one"),  # type: ignore[arg-type]
        (
            lambda: Fault.http_status(429, retry_after="abc"),  # type: ignore[arg-type]
            "retry_after must be seconds >= 0 or an aware",
        ),
        (
            lambda: Fault.http_status(429, retry_after=-5),
            "retry_after must be seconds >= 0, got -5",
        ),
        (
            lambda: Fault.http_status(429, retry_after=float("nan")),
            "retry_after must be seconds >= 0",
        ),
        (lambda: Fault.http_status(429, retry_after=datetime(2030, 1, 1)), "or an aware datetime"),
        (
            lambda: MockIonQServer().inject(Fault.delay(0), when=5),  # type: ignore[arg-type]
            "when must be a function of the request",
        ),
    ],
)
def test_bad_options_of_the_kit_are_refused(make: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        make()  # type: ignore[operator]


@pytest.mark.parametrize("times", [0, -1, 2.5, "2"])
def test_inject_times_is_a_count(times: object) -> None:
    """times=-1 or 2.5 misbehaved forever; "2" answered 500s with a TypeError."""
    with (
        MockIonQServer() as server,
        pytest.raises(ValueError, match="times must be an integer >= 1"),
    ):
        server.inject(Fault.http_status(503), times=times)  # type: ignore[arg-type]


def test_replay_takes_a_target_list_in_any_order(tmp_path: pytest.TempPathFactory) -> None:
    from pathlib import Path

    recording = Path(str(tmp_path)) / "r.json"
    with MockIonQServer(jobs=30) as live, live.jobs_client() as client:
        client.verify(record=recording, jobs=0, target=["simulator", "qpu.aria-1"])
    with MockIonQServer.from_recording(recording) as replay, replay.jobs_client() as client:
        assert client.get_page(target=["qpu.aria-1", "simulator"]).jobs is not None
    replay.check()


def test_a_listing_by_status_lists_only_that_status_even_with_drift() -> None:
    """With drift, a job listed under --status submitted came back as zz-mock-status."""
    with MockIonQServer(jobs=300, drift=True) as server, server.jobs_client() as client:
        statuses = {j["status"] for j in client.iter_jobs(status="submitted", raw=True)}
        every = {j["status"] for j in client.iter_jobs(raw=True)}
    assert statuses == {"submitted"}
    assert "zz-mock-status" in every  # the deviation is still served where no status is asked


def test_a_job_listed_by_status_has_that_status_in_every_answer() -> None:
    """A job listed under `submitted` was `zz-mock-status` when read by id: `wait` on a job
    `ionq-jobs list --status submitted` showed ended at once, on an unknown status."""
    with MockIonQServer(jobs=300, drift=True) as server, server.jobs_client() as client:
        listed = {
            job["id"]: job["status"]
            for status in ("submitted", "ready", "started")
            for job in client.iter_jobs(status=status, raw=True)
        }
        by_id = {job_id: client.get_job(job_id, raw=True)["status"] for job_id in listed}
        some = list(listed)[:100]
        by_ids = {j["id"]: j["status"] for j in client.iter_jobs(ids=some, raw=True)}
        every = {j["id"]: j["status"] for j in client.iter_jobs(raw=True)}
    assert listed
    assert by_id == listed
    assert by_ids == {job_id: listed[job_id] for job_id in some}
    unknown = [job_id for job_id, status in every.items() if status == "zz-mock-status"]
    assert unknown
    assert not set(unknown) & set(listed)  # listed under no documented status


RECORDING = __import__("pathlib").Path(__file__).parent / "recordings" / "mock-jobs.json"


def _edited(change: Any) -> Any:
    import copy
    import json

    document = json.loads(RECORDING.read_text(encoding="utf-8"))
    document = copy.deepcopy(document)
    change(document["exchanges"][1])
    return document


STATUS = "response.status must be an integer 100-999, got "


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e["response"].update(status=0), f"exchange 1: {STATUS}0"),
        (lambda e: e["response"].update(status=200.7), f"{STATUS}200.7"),
        (lambda e: e["response"].update(status=True), f"{STATUS}True"),
        (
            lambda e: e["response"]["headers"].update({"x-a": "b\r\nx-evil: 1"}),
            "response.headers 'x-a' must be a header name and a one-line Latin-1 string",
        ),
        (
            lambda e: e["response"]["headers"].update({"x-a": "\u2713"}),  # werkzeug refused it
            "response.headers 'x-a' must be a header name and a one-line Latin-1 string",
        ),
        (lambda e: e["request"].update(method=None), "exchange 1: method must be a string"),
        (lambda e: e["request"].update(method="BREW"), "request.method must be one of GET"),
        (lambda e: e["request"].update(path=None), "exchange 1: path must be a string"),
        (lambda e: e["request"].update(path="jobs"), "request.path must be a path such as"),
        (lambda e: e["request"].update(query=[["limit"]]), "request.query must be a list of"),
        (lambda e: e.update(response="oops"), "exchange 1: response must be an object"),
        (lambda e: e["response"].pop("body"), "exchange 1: body must be a string, got nothing"),
        (lambda e: e["response"].update(body_base64="***"), "response.body_base64 is not base64"),
    ],
)
def test_a_hand_edited_recording_is_refused_at_load_naming_the_exchange_and_field(
    change: Any, message: str, tmp_path: Any
) -> None:
    """Such a recording loaded, and failed at replay with a 500 and werkzeug's traceback, an
    'illegal status line', `GET None`, or a TypeError naming no exchange."""
    import json

    path = tmp_path / "r.json"
    path.write_text(json.dumps(_edited(change)), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        MockIonQServer.from_recording(path)
    assert str(caught.value).startswith(f"{path}: ")


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e["response"]["headers"].update({"content-type": "application/json;\tq=1"}),
        lambda e: e["request"].update(path="/v0.4/jobs/a b"),  # %20, as httpx decodes it
        lambda e: e["response"].update(status=999),
    ],
    ids=["tab-in-a-header", "space-in-the-path", "status-999"],
)
def test_what_http_carries_is_loaded(change: Any, tmp_path: Any) -> None:
    """The first checks refused a tab in a recorded header, which the recorder writes."""
    import json

    path = tmp_path / "r.json"
    path.write_text(json.dumps(_edited(change)), encoding="utf-8")
    MockIonQServer.from_recording(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "not a readable recording (the JSON is nested too deeply"),
        ('{"format": "ionq-jobs-recording/1", "exchanges": {}}', "'exchanges' must be a list"),
        ('{"format": "other"}', "not an ionq-jobs-recording/1 file"),
        ("\xff", "not a readable recording"),
    ],
)
def test_a_file_that_is_no_recording_is_refused_at_load(
    text: str, message: str, tmp_path: Any
) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(text.encode("latin-1") if text == "\xff" else text.encode())
    with pytest.raises(ValueError, match=re.escape(message)):
        MockIonQServer.from_recording(path)


def test_a_parent_moves_with_its_children_and_counts_them() -> None:
    """A multi-circuit parent was completed while its children still ran (results of jobs not
    done), and its stats.circuits disagreed with its children in 31 of 300 jobs."""
    with MockIonQServer(jobs=300) as server, server.jobs_client() as client:
        families: dict[str, list[str]] = {}
        for job in server.jobs:
            if job.get("parent_job_id"):
                families.setdefault(job["parent_job_id"], []).append(job["id"])
        assert families
        for parent_id, children in families.items():
            parent = client.get_job(parent_id, raw=True)
            assert parent["stats"]["circuits"] == len(children), parent_id
        active_families = 0
        for _ in range(40):  # past every job's last step
            server.advance(0.5)
            jobs = {job["id"]: job for job in client.iter_jobs(raw=True)}
            for parent_id, children in families.items():
                statuses = {jobs[child]["status"] for child in children}
                assert statuses == {jobs[parent_id]["status"]}, parent_id
                active_families += jobs[parent_id]["status"] in ("submitted", "ready", "started")
        assert active_families  # some family did move along while it was watched


def test_a_drifting_mock_keeps_its_unknown_status_for_as_long_as_it_runs() -> None:
    """Every zz-mock-status job moved on within its first minute: a later `verify` found no
    unknown status, though the README promises a share of such jobs."""
    with MockIonQServer(jobs=300, drift=True) as server, server.jobs_client() as client:
        unknown = "zz-mock-status"
        before = {j["id"]: j for j in client.iter_jobs(raw=True) if j["status"] == unknown}
        server.advance(10_000)
        after = [j["id"] for j in client.iter_jobs(raw=True) if j["status"] == unknown]
        active = [j for j in client.iter_jobs(raw=True) if j["status"] in ("submitted", "ready")]
    assert before
    assert after == list(before)
    assert active == []  # no job stays in a documented active status: the rest moved on
    children = [job for job in before.values() if job.get("parent_job_id")]
    assert all(job["parent_job_id"] in before for job in children)  # a family is one


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_jobs_the_clock_moves_on_never_end_before_they_started(seed: int) -> None:
    """A started job's steps ran from its `submitted_at`: moved on, its `completed_at` could
    come before its `started_at`, and its `execution_duration_ms` stayed null. Run from each
    job's own `started_at`, a multi-circuit parent then completed before its children."""
    from ionq_facade._window import parse_timestamp

    with MockIonQServer(jobs=600, seed=seed) as server:
        active = {job["id"] for job in server.jobs if JobStatus.parse(job["status"]).is_active}
        server.advance(100_000)
        with server.jobs_client() as client:
            moved = [job for job in client.iter_jobs(raw=True) if job["id"] in active]
    assert moved
    assert all(job["status"] in ("completed", "failed") for job in moved)
    for job in moved:
        began, ended = parse_timestamp(job["started_at"]), parse_timestamp(job["completed_at"])
        assert began is not None
        assert ended is not None
        assert began <= ended, job
        assert job["execution_duration_ms"] == round((ended - began).total_seconds() * 1000)
    ended_at = {job["id"]: job["completed_at"] for job in moved if job["status"] == "completed"}
    children = [job for job in moved if job.get("parent_job_id") in ended_at]
    assert children  # a parent completes with its children, never before
    for child in children:
        assert child["completed_at"] <= ended_at[child["parent_job_id"]], child["id"]
