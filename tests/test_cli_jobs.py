"""The jobs-resource commands end to end against the mock: exit codes, outcomes, refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from ionq_facade import JobStatus
from ionq_facade.testing import MockIonQServer


@pytest.fixture
def server() -> Any:
    with MockIonQServer(jobs=150) as mock:
        yield mock


def run(server: MockIonQServer, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {"IONQ_BASE_URL": server.base_url, "IONQ_API_KEY": server.api_key, "PATH": ""}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "ionq_facade.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def active(server: MockIonQServer) -> list[str]:
    statuses = {status.value for status in JobStatus if status.is_active}
    return [j["id"] for j in server.jobs if j["status"] in statuses]


def test_cancel_without_yes_and_without_a_terminal_refuses(server: MockIonQServer) -> None:
    ids = active(server)[:2]
    result = run(server, "cancel", *ids)
    assert result.returncode == 2
    assert "--yes" in result.stderr
    assert [r.method for r in server.requests] == ["GET"]  # only the preview's read


def test_dry_run_sends_only_gets(server: MockIonQServer) -> None:
    result = run(server, "delete", "--status", "failed", "--dry-run")
    assert result.returncode == 0
    failed = sum(1 for j in server.jobs if j["status"] == "failed")
    assert f"would delete {failed} jobs" in result.stderr
    assert {r.method for r in server.requests} == {"GET"}


def test_cancel_ids_from_stdin_reports_each_outcome(server: MockIonQServer) -> None:
    ids = active(server)[:3]
    completed = next(j["id"] for j in server.jobs if j["status"] == "completed")
    result = run(server, "cancel", "-", "--yes", stdin="\n".join([*ids, completed]) + "\n")
    assert result.returncode == 0, result.stderr
    outcomes = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["outcome"] for o in outcomes] == ["canceled"] * 3 + ["already-terminal"]
    assert "4 of 4 canceled as asked" in result.stderr
    assert "may still be billed" in result.stderr


def test_no_ids_and_no_filter_is_refused(server: MockIonQServer) -> None:
    result = run(server, "delete", "--yes")
    assert result.returncode == 2
    assert "name the jobs" in result.stderr
    assert server.requests == []


def test_wait_exit_codes(server: MockIonQServer) -> None:
    ids = active(server)[:2]
    assert run(server, "wait", *ids, "--timeout", "0").returncode == 11
    server.advance(120)
    done = run(server, "wait", *ids, "--timeout", "0", "--format", "json")
    states = json.loads(done.stdout)
    expected = 0 if set(states.values()) == {"completed"} else 10
    assert done.returncode == expected


def test_results_and_cost_as_json(server: MockIonQServer) -> None:
    job = next(
        j
        for j in server.jobs
        if j["status"] == "completed"
        and not any(c.get("parent_job_id") == j["id"] for c in server.jobs)
    )
    results = run(server, "results", job["id"], "--format", "json")
    assert results.returncode == 0, results.stderr
    states = json.loads(results.stdout)[job["id"]]
    assert all(len(state) == job["stats"]["qubits"] for state in states)
    failed = next(j for j in server.jobs if j["status"] == "failed")
    refused = run(server, "results", failed["id"])
    assert refused.returncode == 7
    assert "not completed" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_wait_off_a_terminal_logs_one_line_per_change_of_status(server: MockIonQServer) -> None:
    ids = active(server)[:2]
    completed = next(j["id"] for j in server.jobs if j["status"] == "completed")
    result = run(server, "wait", *ids, completed, "--timeout", "0", "--format", "json")
    assert result.returncode == 11
    lines = [line for line in result.stderr.splitlines() if not line.startswith("ionq-jobs:")]
    status = {j["id"]: j["status"] for j in server.jobs}
    assert [line.split()[:2] for line in lines] == [[i, status[i]] for i in [*ids, completed]]
    assert json.loads(result.stdout) == {i: status[i] for i in [*ids, completed]}
    assert "ionq-jobs: error: 2 jobs still running after 0s" in result.stderr
