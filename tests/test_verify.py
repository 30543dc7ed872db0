"""Contract tests against the live API: the drift checker, verify(), recordings that replay, and
validate="warn"/"strict". Pages come from raw-socket servers written here, not from the mock."""

from __future__ import annotations

import asyncio
import copy
import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from ionq_facade import AsyncJobsClient, JobsClient, SpecDriftWarning, errors
from ionq_facade._drift import EXAMPLE_CHARS, KINDS, DriftChecker
from ionq_facade.cli import _app as cli
from ionq_facade.testing import MockIonQServer
from tests.conftest import make_job, subprocess_env
from tests.rawserver import page, send, serving
from tests.spec_facts import drift_advice, missing_published_required, with_published_required

KEY = "fake-key-verify-0000"
LINUX = pytest.mark.skipif(sys.platform != "linux", reason="paths only Linux has")
HERE = Path(__file__).resolve().parent


def conforming_job(job_id: str) -> dict[str, Any]:
    """A job as IonQ documents it today (results keyed by format, an RFC 3339 offset), with a
    documented value for any published-required field the docs page's job lacks."""
    job = with_published_required(make_job(job_id, cost_model="QCT"))
    job["submitted_at"] = "2026-11-20T10:00:00.123+02:00"
    job["results"] = {"ionq.result.probabilities.json.v1": {"id": "probabilities"}}
    return job


def deviating(change: Any, job_id: str = "d1") -> dict[str, Any]:
    job = conforming_job(job_id)
    change(job)
    return job


def set_(**values: Any) -> Any:
    return lambda job: job.update(values)


def delete(name: str) -> Any:
    return lambda job: job.pop(name)


DEVIATIONS: dict[str, tuple[Any, str, str]] = {
    "new status": (set_(status="zz-not-a-status"), "/jobs/*/status", "unknown-value"),
    "new cost model": (
        set_(cost_model="zz-not-a-cost-model"), "/jobs/*/cost_model", "unknown-value"
    ),
    "new noise model": (
        set_(noise={"model": "zz-not-a-noise-model"}), "/jobs/*/noise/model", "unknown-value"
    ),
    "new failure code": (
        set_(status="failed", failure={"code": "ZzNotAFailureCode", "message": "m"}),
        "/jobs/*/failure/code",
        "unknown-value",
    ),
    "published-required absent": (delete("project_id"), "/jobs/*/project_id", "missing"),
    "required nested key absent": (
        set_(failure={"code": "InternalError"}), "/jobs/*/failure/message", "missing"
    ),
    "undocumented job field": (
        set_(zz_not_a_field=["a"]), "/jobs/*/zz_not_a_field", "undocumented"
    ),
    "undocumented nested key": (
        set_(noise={"model": "ideal", "zz_not_a_noise_key": 0.1}),
        "/jobs/*/noise/zz_not_a_noise_key", "undocumented",
    ),
    "int32 overflow": (set_(execution_duration_ms=2**31), "/jobs/*/execution_duration_ms",
                       "out-of-range"),
    "non-string metadata": (set_(metadata={"n": 3}), "/jobs/*/metadata/*", "wrong-type"),
    "undocumented null": (set_(backend=None), "/jobs/*/backend", "null"),
    "not RFC 3339": (set_(submitted_at="2026-11-20 10:00"), "/jobs/*/submitted_at", "bad-format"),
    "wrong type": (set_(shots="100"), "/jobs/*/shots", "wrong-type"),
}  # fmt: skip


def findings(*pages: dict[str, Any]) -> list[tuple[str, str, int]]:
    checker = DriftChecker()
    for body in pages:
        checker.check_page(body)
    return [(f.pointer, f.kind, f.count) for f in checker.report().findings]


def test_what_ionq_documents_conforms() -> None:
    docs_page_jobs = [make_job("b"), make_job("c", failure=None, metadata=None)]
    jobs = [conforming_job("a"), *map(with_published_required, docs_page_jobs)]
    assert findings({"jobs": jobs, "next": None}) == []


@pytest.mark.parametrize("case", list(DEVIATIONS))
def test_each_deviation_is_exactly_one_group(case: str) -> None:
    change, pointer, kind = DEVIATIONS[case]
    body = {"jobs": [deviating(change), conforming_job("ok"), deviating(change)], "next": None}
    assert findings(body) == [(pointer, kind, 2)]


def test_the_deviation_table_shows_every_kind() -> None:
    assert {kind for _, _, kind in DEVIATIONS.values()} == set(KINDS)


def test_every_deviation_at_once_and_across_pages() -> None:
    jobs = [deviating(change) for change, _, _ in DEVIATIONS.values()]
    first = {"jobs": jobs, "next": "c1", "zz_not_a_page_field": 99}  # an undocumented page key
    second = {"jobs": copy.deepcopy(jobs), "next": None}
    got = findings(first, second)
    expected = {(pointer, kind, 2) for _, pointer, kind in DEVIATIONS.values()}
    expected.add(("/zz_not_a_page_field", "undocumented", 1))
    assert set(got) == expected
    assert len(got) == len(expected)


def test_groups_keep_three_short_examples_and_job_ids() -> None:
    jobs = [conforming_job(f"j{n}") for n in range(5)]
    for n, job in enumerate(jobs):
        job["status"] = f"zz-not-a-status-{n}" + "x" * 100
    checker = DriftChecker()
    checker.check_page({"jobs": jobs, "next": None})
    (finding,) = checker.report().findings
    assert finding.count == 5
    assert finding.job_ids == ["j0", "j1", "j2"]
    assert len(finding.examples) == 3
    assert all(len(example) <= 60 for example in finding.examples)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_verify_reads_pages_with_gets_only_and_reports(kind: str) -> None:
    pages = [
        page([conforming_job("a"), deviating(set_(status="zz-not-a-status"))], "c1"),
        page([conforming_job("b")], "c2"),
        page([conforming_job("c")], None),
    ]
    with serving(*pages) as srv:
        if kind == "sync":
            with JobsClient(api_key=KEY, base_url=srv.base_url) as client:
                report = client.verify(pages=2, page_size=2, jobs=0)
        else:

            async def main() -> Any:
                async with AsyncJobsClient(api_key=KEY, base_url=srv.base_url) as client:
                    return await client.verify(pages=2, page_size=2, jobs=0)

            report = asyncio.run(main())
        assert {r.method for r in srv.requests} == {"GET"}
        assert len(srv.requests) == 2  # --pages
    assert report.to_dict() == {
        "conforms": False,
        "pages": 2,
        "jobs": 3,
        "checked": {"GET /jobs": 2},
        "findings": [{"pointer": "/jobs/*/status", "kind": "unknown-value",
                      "operation": "GET /jobs", "count": 1,
                      "examples": ["zz-not-a-status"], "job_ids": ["d1"]}],
    }  # fmt: skip


def test_a_recording_replays_the_same_jobs_in_the_same_order(tmp_path: Path) -> None:
    recording = tmp_path / "jobs.json"
    with MockIonQServer(jobs=70) as live, live.jobs_client() as client:
        report = client.verify(pages=10, page_size=25, record=recording)
        expected = [job.id for job in client.iter_jobs(page_size=25)]
        # a published-required field the mock's jobs lack is one failure, elsewhere:
        # tests/test_mock_server.py::test_mock_jobs_have_every_published_required_field
        lacking = {f"/jobs/*/{name}" for name in missing_published_required(live.jobs)}
    unexpected = [f for f in report.findings if (f.kind, f.pointer) not in
                  {("missing", pointer) for pointer in lacking}]  # fmt: skip
    assert unexpected == [], drift_advice(unexpected)
    text = recording.read_text()
    assert live.api_key not in text
    assert "Authorization" not in text
    sampled = [r.path.rsplit("/", 1)[-1] for r in live.requests if r.path.count("/") == 3]
    assert len(sampled) == 3  # the default --jobs: each one's job, cost (and results) recorded
    with MockIonQServer.from_recording(recording) as replay, replay.jobs_client() as client:
        assert [job.id for job in client.iter_jobs(page_size=25)] == expected
        for job_id in sampled:
            assert client.get_job(job_id).id == job_id
            assert client.get_cost(job_id).job_id == job_id
        with pytest.raises(errors.NotFoundError, match="was not recorded; the recording has "):
            client.get_page(page_size=7)
    with pytest.raises(AssertionError, match="limit=7 was not recorded"):
        replay.check()


@pytest.mark.parametrize("stem", ["r" * 245, "é" * 122, "録" * 81])  # 250 to 248 bytes
def test_a_recording_may_have_the_longest_name_a_file_may_have(tmp_path: Path, stem: str) -> None:
    """A 250-byte name was refused (`File name too long`): the file written first, to be
    renamed over it, had 15 characters more."""
    recording = tmp_path / (stem + ".json")
    with MockIonQServer(jobs=3) as live, live.jobs_client() as client:
        client.verify(pages=1, jobs=1, record=recording)
    assert json.loads(recording.read_text())
    assert [p.name for p in tmp_path.iterdir()] == [recording.name]  # no part left


def test_the_body_is_recorded_byte_for_byte(tmp_path: Path) -> None:
    raw = '{"jobs": [{"id": "a", "name": "caf\\u00e9 \\ud83d\\ude00"}],   "next": null}'
    recording = tmp_path / "r.json"
    answer = send(200, raw, Content_Type="application/json", X_Request_Id="rq-1")
    with serving(answer) as srv, JobsClient(api_key=KEY, base_url=srv.base_url) as client:
        client.verify(record=recording, jobs=0)
    exchange = json.loads(recording.read_text())["exchanges"][0]
    assert exchange["response"]["body"].encode() == raw.encode()
    assert exchange["response"]["headers"] == {"content-type": "application/json",
                                               "x-request-id": "rq-1"}  # fmt: skip
    assert exchange["request"] == {"method": "GET", "path": "/v0.4/jobs",
                                   "query": [["limit", "100"]]}  # fmt: skip
    assert KEY not in recording.read_text()


@pytest.mark.parametrize("anonymize", [False, True])
def test_a_header_echoing_the_key_is_recorded_without_it(tmp_path: Path, anonymize: bool) -> None:
    """A request id made of the Authorization header reached the recording in clear (the
    body was scrubbed, the kept headers were not)."""
    recording = tmp_path / "r.json"
    body = '{"jobs": [], "next": null}'
    echo = {"X_Request_Id": f"apiKey {KEY}", "Retry_After": json.dumps(KEY)}
    answer = send(200, body, Content_Type="application/json", **echo)
    with serving(answer) as srv, JobsClient(api_key=KEY, base_url=srv.base_url) as client:
        client.verify(record=recording, jobs=0, anonymize=anonymize)
    headers = json.loads(recording.read_text())["exchanges"][0]["response"]["headers"]
    assert headers["x-request-id"] == "apiKey ***"
    assert headers["retry-after"] == '"***"'
    assert KEY not in recording.read_text()


def test_anonymized_recordings_replace_personal_values_consistently(tmp_path: Path) -> None:
    jobs = [make_job(f"j{n}", submitter_id="alice-real-id", name="secret project",
                     metadata={"owner": "Alice"}) for n in range(3)]  # fmt: skip
    recording = tmp_path / "anon.json"
    with serving(page(jobs)) as srv, JobsClient(api_key=KEY, base_url=srv.base_url) as client:
        client.verify(record=recording, anonymize=True, submitter_id="alice-real-id", jobs=0)
    text = recording.read_text()
    for personal in ("alice-real-id", "secret project", "Alice", "1333d459"):
        assert personal not in text
    exchange = json.loads(text)["exchanges"][0]
    body = json.loads(exchange["response"]["body"])
    assert {job["submitter_id"] for job in body["jobs"]} == {"submitter-1"}
    assert ["submitter_id", "submitter-1"] in exchange["request"]["query"]  # the same placeholder


def test_a_query_value_is_anonymized_unless_known_to_be_public() -> None:
    """A filter the spec adds (`name`, say) reached an anonymized recording in clear: only
    submitter_id and session_id were replaced."""
    from ionq_facade._recording import Anonymizer

    anonymizer = Anonymizer()
    job = anonymizer.job(make_job("j1", name="h2 ground state", submitter_id="alice"))
    pairs = [("name", "h2 ground state"), ("submitter_id", "alice"), ("zz_new", "x"),
             ("status", "failed"), ("target", "simulator"), ("limit", "5"), ("next", "c2"),
             ("ids", "j1"), ("parent_job_id", "p1")]  # fmt: skip
    assert anonymizer.query(pairs) == [
        ("name", job["name"]), ("submitter_id", "submitter-1"), ("zz_new", "zz_new-1"),
        *pairs[3:],
    ]  # fmt: skip
    assert job["name"] == "name-1"


def test_a_filter_named_as_a_personal_field_is_replaced_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A filter `name` (a job field anonymized already) made `name` twice a personal field: a
    job's name was replaced, then its placeholder again (`name-2`, where the query had
    `name-1`), and a replayed filter listed nothing. Found by rehearsing that spec change."""
    from ionq_facade import JobFilters, _recording

    fields = _recording.personal_fields([*JobFilters.__annotations__, "name"])
    monkeypatch.setattr(_recording, "PERSONAL_FIELDS", fields)
    anonymizer = _recording.Anonymizer()
    [(_, sent)] = anonymizer.query([("name", "h2 ground state")])
    assert anonymizer.job(make_job("j1", name="h2 ground state"))["name"] == sent == "name-1"


def test_each_filter_replaced_in_a_query_is_replaced_in_the_jobs_too() -> None:
    """A filter the spec adds (`region`, say) was replaced in the recorded query but not in the
    jobs: replaying the filter then listed jobs it does not match. Every filter is checked."""
    from ionq_facade import JobFilters
    from ionq_facade._recording import Anonymizer

    for name in set(JobFilters.__annotations__) - {"page_size"}:  # sent as `limit`: public
        anonymizer = Anonymizer()
        [(_, sent)] = anonymizer.query([(name, "alice-value")])
        listed = anonymizer.job(make_job("j1", **{name: "alice-value"}))[name]
        if sent == "alice-value":  # public: kept in both
            assert listed == "alice-value", name
        else:
            assert listed == sent, name


def test_an_anonymized_recording_of_a_body_nested_too_deep_is_malformed_not_a_crash(
    tmp_path: Path,
) -> None:
    """The anonymizer read the body with the standard library's decoder: a RecursionError
    (exit 70), and a recording without the exchange that caused it."""
    recording = tmp_path / "r.json"
    nested = "[" * 100_000 + "]" * 100_000
    deep = '{"jobs": [{"id": "a", "metadata": ' + nested + '}], "next": null}'
    answer = send(200, deep, Content_Type="application/json")
    with (
        serving(answer) as srv,
        JobsClient(api_key=KEY, base_url=srv.base_url) as client,
        pytest.raises(errors.MalformedResponseError, match="nested too deeply"),
    ):
        client.verify(record=recording, jobs=0, anonymize=True)
    [exchange] = json.loads(recording.read_text())["exchanges"]
    assert exchange["response"]["body"] == deep


@pytest.mark.ionq_recording("recordings/mock-jobs.json")
def test_the_pytest_fixture_serves_a_recording(ionq_mock_server: MockIonQServer) -> None:
    with ionq_mock_server.jobs_client() as client:
        jobs = list(client.iter_jobs(page_size=25, max_items=75))
    assert len(jobs) == 61
    assert all(job.submitter_id.startswith("submitter-") for job in jobs)  # type: ignore[union-attr]


# --- validate="warn" / "strict" -----------------------------------------------------------------


def two_drifting_pages() -> list[Any]:
    new_status = set_(status="zz-not-a-status")
    return [
        page([deviating(new_status, "d1"), conforming_job("a")], "c1"),
        page([deviating(new_status, "d2"), deviating(set_(cost_model="x"), "d3")], None),
    ]


def listing(kind: str, base_url: str, validate: str) -> list[Any]:
    if kind == "sync":
        with JobsClient(api_key=KEY, base_url=base_url, validate=validate) as client:  # type: ignore[arg-type]
            return list(client.iter_jobs(page_size=2))

    async def main() -> list[Any]:
        async with AsyncJobsClient(api_key=KEY, base_url=base_url, validate=validate) as client:  # type: ignore[arg-type]
            return [job async for job in client.iter_jobs(page_size=2)]

    return asyncio.run(main())


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_warn_once_per_pointer_and_kind(kind: str) -> None:
    with serving(*two_drifting_pages()) as srv, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        jobs = listing(kind, srv.base_url, "warn")
    assert len(jobs) == 4  # the listing goes on
    drift = [w for w in caught if issubclass(w.category, SpecDriftWarning)]
    assert len(drift) == 2
    texts = [str(w.message) for w in drift]
    assert texts[0].startswith("/jobs/*/status: unknown-value (first page; e.g. zz-not-a-status)")
    assert texts[1].startswith("/jobs/*/cost_model: unknown-value (cursor 'c1'")
    # named at the caller's line (it was ionq_facade/_parsing.py)
    assert {w.filename for w in drift} == {__file__}


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_strict_raises_with_the_findings_and_the_cursor(kind: str) -> None:
    pages = [page([conforming_job("a")], "c1"), *two_drifting_pages()[1:]]
    with serving(*pages) as srv, pytest.raises(errors.SpecDriftError) as caught:
        listing(kind, srv.base_url, "strict")
    assert caught.value.cursor == "c1"
    assert {(f.pointer, f.kind) for f in caught.value.findings} == {
        ("/jobs/*/status", "unknown-value"), ("/jobs/*/cost_model", "unknown-value"),
    }  # fmt: skip


def test_validate_must_be_a_mode() -> None:
    with pytest.raises(ValueError, match="validate must be one of off, warn, strict"):
        JobsClient(api_key=KEY, validate="loud")  # type: ignore[arg-type]


# --- the command line ---------------------------------------------------------------------------

SCRIPT = "import sys; from ionq_facade.cli import entry; sys.argv[0] = 'ionq-jobs'; entry()"


def verify_cli(base_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = subprocess_env(IONQ_API_KEY=KEY, IONQ_BASE_URL=base_url)  # the same spec as here
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT, "verify", "--jobs", "0", *args],  # pages-only servers
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


def test_cli_verify_exit_0_when_conforming() -> None:
    with serving(page([conforming_job("a")])) as srv:
        result = verify_cli(srv.base_url)
    assert result.returncode == 0, result.stderr
    assert "1 page (1 job) checked: conforms" in result.stdout


def test_cli_verify_exit_9_json_and_record(tmp_path: Path) -> None:
    record = tmp_path / "rec.json"
    with serving(*two_drifting_pages()) as srv:
        result = verify_cli(srv.base_url, "--format", "json", "--record", str(record))
    assert result.returncode == cli.EXIT_DRIFT
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert [(f["pointer"], f["kind"], f["count"]) for f in report["findings"]] == [
        ("/jobs/*/status", "unknown-value", 2), ("/jobs/*/cost_model", "unknown-value", 1),
    ]  # fmt: skip
    assert KEY not in result.stdout + result.stderr + record.read_text()


def test_cli_verify_prints_a_table() -> None:
    with serving(*two_drifting_pages()) as srv:
        result = verify_cli(srv.base_url)
    assert result.returncode == cli.EXIT_DRIFT
    lines = result.stdout.splitlines()
    assert lines[0] == "2 pages (4 jobs) checked: 2 deviations"
    assert lines[1].split()[:3] == ["count", "kind", "pointer"]
    assert "/jobs/*/status" in lines[2]


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_verify_samples_one_job_per_status_with_gets_only(kind: str) -> None:
    """The job, its cost and (completed) its results, for one listed job per status first;
    nothing but GETs, ever (verify never calls a write operation)."""
    with MockIonQServer(jobs=120, seed=3) as server:
        if kind == "sync":
            with server.jobs_client() as client:
                report = client.verify(pages=2, page_size=50, jobs=4)
        else:

            async def main() -> Any:
                async with server.async_jobs_client() as client:
                    return await client.verify(pages=2, page_size=50, jobs=4)

            report = asyncio.run(main())
        listed = server.jobs[:100]
    assert {r.method for r in server.requests} == {"GET"}
    first_per_status: dict[str, str] = {}
    for job in listed:
        first_per_status.setdefault(job["status"], job["id"])
    sampled = list(first_per_status.values())[:4]
    completed = [
        i for i in sampled if next(j for j in listed if j["id"] == i)["status"] == "completed"
    ]
    from ionq_facade._results import probabilities_artifact

    paths = [r.path.removeprefix("/v0.4") for r in server.requests if r.path != "/v0.4/jobs"]
    expected, artifacts = [], 0
    for job_id in sampled:
        expected += [f"/jobs/{job_id}", f"/jobs/{job_id}/cost"]
        if job_id in completed:  # the probabilities, and the artifact get_results reads
            expected.append(f"/jobs/{job_id}/results/probabilities")
            artifact = probabilities_artifact(
                next(j for j in listed if j["id"] == job_id)["results"]
            )
            if artifact is not None:
                expected.append(f"/jobs/{job_id}/artifacts/{artifact[0]}")
                artifacts += 1
    assert completed
    assert paths == expected
    assert report.checked == {
        "GET /jobs": 2, "GET /jobs/{UUID}": 4, "GET /jobs/{UUID}/cost": 4,
        "GET /jobs/{UUID}/results/probabilities": len(completed),
        **({"GET /jobs/{UUID}/artifacts/{artifactId}": artifacts} if artifacts else {}),
    }  # fmt: skip


def test_a_recording_of_verify_replays_get_results_of_the_job_it_sampled(tmp_path: Any) -> None:
    """verify recorded /results/probabilities, but get_results reads the artifact the job names:
    replayed, the results of the very job verify had read were a 404 'not recorded'."""
    from ionq_facade._operations import _candidates

    recording = tmp_path / "verify.json"
    with MockIonQServer(jobs=60) as server, server.jobs_client() as client:
        client.verify(pages=1, jobs=3, record=recording)
        expected = {}
        listed = client.get_page(page_size=100, raw=True).jobs
        for job_id in _candidates(listed)[:3]:  # the jobs verify samples, in its order
            if next(job for job in listed if job["id"] == job_id)["status"] == "completed":
                expected[job_id] = client.get_results(job_id).probabilities
    assert expected
    with MockIonQServer.from_recording(recording) as replay, replay.jobs_client() as client:
        for job_id, probabilities in expected.items():
            assert client.get_results(job_id).probabilities == probabilities


def test_findings_name_the_operation_whose_answer_deviates() -> None:
    checker = DriftChecker()
    job = conforming_job("j1")
    checker.check(job, "GET /jobs/{UUID}")  # child_job_ids: IonQ documents it, required
    checker.check({"dry_run": False, "cost": None}, "GET /jobs/{UUID}/cost", "j1")
    checker.check({"0": 0.5, "1": "half"}, "GET /jobs/{UUID}/results/probabilities", "j1")
    found = {(f.operation, f.pointer, f.kind, tuple(f.job_ids)) for f in checker.report().findings}
    assert found == {
        ("GET /jobs/{UUID}", "/child_job_ids", "missing", ("j1",)),
        ("GET /jobs/{UUID}/cost", "/cost", "null", ("j1",)),
        ("GET /jobs/{UUID}/results/probabilities", "/*", "wrong-type", ("j1",)),
    }


# --- found by a review of the contract tools (each failed before its fix) -------------------------


def test_a_key_the_server_echoes_reaches_no_finding_warning_or_report(tmp_path: Path) -> None:
    """A gateway writing the Authorization header into each job put the key in findings,
    SpecDriftWarning texts and `verify --format json`."""
    job = conforming_job("e1")
    job["status"] = f"apiKey {KEY}"  # an undocumented value: shown as an example
    with serving(page([job])) as srv:
        with JobsClient(api_key=KEY, base_url=srv.base_url) as client:
            report = client.verify(jobs=0)
        strict = JobsClient(api_key=KEY, base_url=srv.base_url, validate="strict")
        with strict, pytest.raises(errors.SpecDriftError) as caught:
            strict.get_page()
        warn = JobsClient(api_key=KEY, base_url=srv.base_url, validate="warn")
        with warn, warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            warn.get_page(raw=True)
        result = verify_cli(srv.base_url, "--format", "json")
    texts = [json.dumps(report.to_dict()), repr(caught.value.findings), str(seen[0].message),
             result.stdout + result.stderr]  # fmt: skip
    assert all(KEY not in text for text in texts)
    assert "apiKey ***" in texts[0]


def test_verify_of_a_mock_without_drift_conforms_and_breaks_no_contract() -> None:
    """The mock answered a multi-circuit parent's probabilities with an aggregate its own spec
    does not allow (and a failed job's cost with a null), so verify and server.check() failed."""
    with MockIonQServer(jobs=120, seed=4) as server, server.jobs_client() as client:
        parents = [j for j in server.jobs if "multi-circuit" in str(j.get("type"))]
        assert parents
        for parent in parents:
            if parent["status"] == "completed":
                assert client.get_results(parent["id"]).children
        report = client.verify(pages=2, jobs=120, page_size=100)
        lacking = {f"/jobs/*/{name}" for name in missing_published_required(server.jobs)}
    unexpected = [f for f in report.findings if f.pointer not in lacking]
    assert unexpected == [], drift_advice(unexpected)
    server.check()


def test_an_anonymized_job_without_a_status_is_anonymized(tmp_path: Path) -> None:
    job = make_job("a1", submitter_id="alice-real-id", name="secret project")
    del job["status"]
    recording = tmp_path / "anon.json"
    answers = (page([job]), send(200, job), send(200, {"dry_run": False}))
    with serving(*answers) as srv, JobsClient(api_key=KEY, base_url=srv.base_url) as client:
        client.verify(record=recording, anonymize=True, jobs=1)
    text = recording.read_text(encoding="utf-8")
    assert "alice-real-id" not in text
    assert "secret project" not in text


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "the path is empty"),
        (5, r"record must be a path \(a str or pathlib.Path\), got 5"),  # was os's TypeError
        pytest.param("/dev/full", "is not a regular file", marks=LINUX),
        pytest.param("/proc/rec.json", "cannot write in '/proc'", marks=LINUX),
    ],
)
def test_a_recording_that_cannot_be_written_is_refused_before_any_request(
    path: Any, message: str
) -> None:
    with serving(page([])) as srv, JobsClient(api_key=KEY, base_url=srv.base_url) as client:
        refused = pytest.raises(ValueError, match=message)
        with refused:
            client.verify(record=path)
    assert srv.requests == []


@pytest.mark.parametrize("gone_at", ["cost", "results"])
def test_a_job_gone_before_its_cost_or_results_is_replaced(gone_at: str, tmp_path: Path) -> None:
    """Only a 404 for the job itself was taken for a job deleted since it was listed: one for
    its cost or results ended the run (NotFoundError, exit 7) and every finding with it. The
    job is asked for again: gone, it is replaced, its answers not counted; there, the 404 is
    the API's error."""
    jobs = [conforming_job("gone"), conforming_job("here")]
    jobs[0]["status"] = "completed"
    jobs[1]["status"] = "canceled"  # no results to ask for
    gone = send(404, {"message": "no such job"})
    cost = send(200, {"dry_run": False})
    first = [gone] if gone_at == "cost" else [cost, gone]
    answers = [page(jobs), send(200, jobs[0]), *first, gone, send(200, jobs[1]), cost]
    recording = tmp_path / "r.json"
    with serving(*answers) as srv, JobsClient(api_key=KEY, base_url=srv.base_url) as client:
        report = client.verify(jobs=1, record=recording)
    assert report.checked == {"GET /jobs": 1, "GET /jobs/{UUID}": 1, "GET /jobs/{UUID}/cost": 1}
    with MockIonQServer.from_recording(recording) as replay, replay.jobs_client() as client:
        assert client.verify(jobs=1) == report  # the job read twice: 200, then 404, in order
    replay.check()
    assert [r.target.split("?")[0] for r in srv.requests][-2:] == [
        "/v0.4/jobs/here",
        "/v0.4/jobs/here/cost",
    ]
    there = [page(jobs), send(200, jobs[0]), *first, send(200, jobs[0])]
    with (
        serving(*there) as srv,
        JobsClient(api_key=KEY, base_url=srv.base_url) as client,
        pytest.raises(errors.NotFoundError, match="no such job"),
    ):
        client.verify(jobs=1)


def test_odd_answers_are_recorded_and_a_job_gone_is_replaced(tmp_path: Path) -> None:
    """A 404 for a sampled job was not recorded (its replay failed) and counted as checked; a
    body that is not JSON was not recorded at all (the run that met it wrote no exchange)."""
    jobs = [conforming_job("gone"), conforming_job("here")]
    jobs[1]["status"] = "canceled"  # no results to ask for
    recording = tmp_path / "r.json"
    answers = [page(jobs), send(404, {"message": "no such job"}), send(200, jobs[1]),
               send(200, {"dry_run": False})]  # fmt: skip
    with serving(*answers) as srv, JobsClient(api_key=KEY, base_url=srv.base_url) as client:
        report = client.verify(record=recording, jobs=1)
    statuses = [e["response"]["status"] for e in json.loads(recording.read_text())["exchanges"]]
    assert statuses == [200, 404, 200, 200]
    assert report.checked["GET /jobs/{UUID}"] == 1
    with MockIonQServer.from_recording(recording) as replay, replay.jobs_client() as client:
        client.verify(jobs=1)
    replay.check()
    broken = tmp_path / "b.json"
    with serving(send(200, b"\xff\xfe not json")) as srv:
        client = JobsClient(api_key=KEY, base_url=srv.base_url)
        with client, pytest.raises(errors.MalformedResponseError):
            client.verify(record=broken)
    [exchange] = json.loads(broken.read_text())["exchanges"]
    assert exchange["response"]["body_base64"] == "//4gbm90IGpzb24="


def test_verify_refuses_what_checks_nothing() -> None:
    with serving(page([])) as srv, JobsClient(api_key=KEY, base_url=srv.base_url) as client:
        with pytest.raises(ValueError, match="pages must be an integer >= 1, got 0"):
            client.verify(pages=0)
        with pytest.raises(ValueError, match="anonymize=True anonymizes a recording"):
            client.verify(anonymize=True)
    assert srv.requests == []


def test_a_run_the_client_closes_still_writes_its_recording(tmp_path: Path) -> None:
    """ClientClosedError left the plan paused: its `finally` (which writes) ran only when the
    garbage collector got to it."""
    import httpx

    recording = tmp_path / "r.json"
    holder: list[JobsClient] = []

    def handler(request: httpx.Request) -> httpx.Response:
        holder[0].close()  # closed while its first answer is on the way
        return httpx.Response(200, json={"jobs": [conforming_job("a")], "next": "c2"})

    holder.append(JobsClient(api_key=KEY, transport=httpx.MockTransport(handler)))
    with pytest.raises(errors.ClientClosedError) as caught:
        holder[0].verify(record=recording, pages=3)
    assert caught.traceback  # the frames are alive: the plan was closed, not collected
    assert len(json.loads(recording.read_text())["exchanges"]) == 1


def test_a_recording_is_made_as_open_makes_files_and_through_a_symlink(tmp_path: Path) -> None:
    """The atomic write made recordings 0600 and replaced a symlink with a file."""
    import os

    target = tmp_path / "real.json"
    target.write_text("{}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    previous = os.umask(0o022)
    try:
        with serving(page([])) as srv, JobsClient(api_key=KEY, base_url=srv.base_url) as client:
            client.verify(record=link, jobs=0)
    finally:
        os.umask(previous)
    assert link.is_symlink()
    assert json.loads(target.read_text())["format"] == "ionq-jobs-recording/1"
    assert target.stat().st_mode & 0o777 == 0o644


def _nested(depth: int, field: str = "metadata") -> str:
    """A page whose job's `field` holds a list nested `depth` deep: orjson reads up to 1,024
    levels, Python's encoder fewer (its recursion limit)."""
    deep = '{"x": ' + "[" * depth + "]" * depth + "}"
    return '{"jobs": [{"id": "a", "' + field + '": ' + deep + '}], "next": null}'


def test_a_value_nested_as_deep_as_orjson_reads_is_written_back_whole(tmp_path: Path) -> None:
    """Nested 1,010 deep (orjson reads 1,024), a job crashed `list --format jsonl`, a drift
    finding's example and an anonymized recording with a RecursionError (exit 70); then they
    were left out, or exit 8, on Python 3.11 only (3.12 does not count its encoder's levels
    against the recursion limit). Written back whole on every Python."""
    answer = send(200, _nested(1010), Content_Type="application/json")
    settings = send(200, _nested(1010, "settings"), Content_Type="application/json")
    recording, other = tmp_path / "r.json", tmp_path / "s.json"
    answers, limit = (answer, answer, settings), sys.getrecursionlimit()
    with serving(*answers) as srv, JobsClient(api_key=KEY, base_url=srv.base_url) as client:
        report = client.verify(jobs=0, pages=1)
        client.verify(jobs=0, pages=1, record=recording, anonymize=True)
        client.verify(jobs=0, pages=1, record=other, anonymize=True)
    assert sys.getrecursionlimit() == limit  # raised while writing, then restored
    examples = [example for finding in report.findings for example in finding.examples]
    assert "[" * (EXAMPLE_CHARS - 1) + "…" in examples  # the deep value, shortened as any is
    [exchange] = json.loads(recording.read_text())["exchanges"]
    assert json.loads(exchange["response"]["body"])["jobs"][0]["metadata"] == {"x": "metadata-1"}
    [exchange] = json.loads(other.read_text())["exchanges"]
    body = "".join(exchange["response"]["body"].split())  # (json.loads, == on dicts would stop)
    assert body == "".join(_nested(1010, "settings").split())
    with serving(answer) as srv:
        env = subprocess_env(IONQ_BASE_URL=srv.base_url, IONQ_API_KEY=KEY)
        result = subprocess.run(
            [sys.executable, "-m", "ionq_facade.cli", "list", "--format", "jsonl"],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    job = "".join(_nested(1010).split())[len('{"jobs":[') : -len('],"next":null}')]
    assert "".join(result.stdout.split()) == job


def test_a_recording_with_a_utf8_header_is_loaded_and_replayed_byte_for_byte(
    tmp_path: Path,
) -> None:
    """httpx decodes a header's UTF-8 bytes (`req-€`); recorded so, the loader refused it as no
    Latin-1 text. Headers are recorded as their bytes came."""
    recording = tmp_path / "r.json"
    answer = send(200, '{"jobs": [], "next": null}', Content_Type="application/json",
                  X_Request_Id="req-\u20ac")  # fmt: skip
    with serving(answer) as srv, JobsClient(api_key=KEY, base_url=srv.base_url) as client:
        client.verify(jobs=0, pages=1, record=recording)
    with MockIonQServer.from_recording(recording) as replay, replay.jobs_client() as client:
        assert client.get_page().request_id == "req-\u20ac"
