"""The jobs-resource commands end to end against the mock: exit codes, outcomes, refusals."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ionq_facade import JobStatus
from ionq_facade.cli._app import EXIT_UNSUCCESSFUL
from ionq_facade.testing import Fault, MockIonQServer
from tests.conftest import subprocess_env


@pytest.fixture
def server() -> Any:
    with MockIonQServer(jobs=150) as mock:
        yield mock


def run(server: MockIonQServer, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_at(server.base_url, *args, stdin=stdin, key=server.api_key)


def run_at(
    base_url: str, *args: str, stdin: str = "", key: str = "fake-key-for-tests"
) -> subprocess.CompletedProcess[str]:
    env = subprocess_env(IONQ_BASE_URL=base_url, IONQ_API_KEY=key)
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
    ran = any(j["status"] == "started" for j in server.jobs if j["id"] in ids)  # before cancel
    result = run(server, "cancel", "-", "--yes", stdin="\n".join([*ids, completed]) + "\n")
    assert result.returncode == 0, result.stderr
    outcomes = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["outcome"] for o in outcomes] == ["canceled"] * 3 + ["already-terminal"]
    assert "3 jobs canceled; 1 job already finished (left alone)" in result.stderr
    assert ("may still be billed" in result.stderr) == ran


def test_the_billing_note_is_for_cancelled_jobs_that_had_started(server: MockIonQServer) -> None:
    """A job still queued (submitted, ready) has not run: no note that it may be billed."""
    by_status = {j["status"]: j["id"] for j in server.jobs}
    queued = run(server, "cancel", by_status["submitted"], by_status["ready"], "--yes")
    assert queued.returncode == 0, queued.stderr
    assert "billed" not in queued.stderr
    started = run(server, "cancel", by_status["started"], "--yes")
    assert started.returncode == 0, started.stderr
    assert "note: a job that already ran may still be billed for what it ran" in started.stderr


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
    ranked = sorted(states.items(), key=lambda item: -item[1])
    assert len(ranked) > 2
    for fmt in ("json", "csv"):  # --top was the table's only: ignored, and every state printed
        top = run(server, "results", job["id"], "--format", fmt, "--top", "2")
        if fmt == "json":
            assert list(json.loads(top.stdout)[job["id"]].items()) == ranked[:2]
        else:
            rows = list(csv.DictReader(io.StringIO(top.stdout)))
            assert [(r["state"], float(r["probability"])) for r in rows] == ranked[:2]
    failed = next(j for j in server.jobs if j["status"] == "failed")
    refused = run(server, "results", failed["id"])
    assert refused.returncode == 10  # a job that did not end as asked
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
    assert "ionq-jobs: error: after 0s, 2 jobs still running: " in result.stderr


def test_ctrl_c_in_a_bulk_delete_reports_exactly_what_was_done() -> None:
    """Ctrl-C stops after the request in flight: every id is reported, `deleted` exactly for the
    jobs the server deleted and `not-sent` for the others, which the server still has."""
    import signal
    import time

    from ionq_facade.testing import Fault
    from ionq_facade.testing._mock_data import generate_jobs

    jobs = [{**job, "status": "submitted"} for job in generate_jobs(450, seed=7)]
    with MockIonQServer(jobs, include_seed_job=False) as server:
        server.inject(Fault.delay(0.3), times=None, when=lambda r: r.method == "DELETE")
        env = subprocess_env(IONQ_BASE_URL=server.base_url, IONQ_API_KEY=server.api_key)
        process = subprocess.Popen(
            [sys.executable, "-c", "import signal; signal.signal(signal.SIGINT, "
             "signal.default_int_handler); from ionq_facade.cli._app import run_entry; "
             "run_entry()",
             "delete", "--status", "submitted", "--yes", "--format", "jsonl"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        while not any(r.method == "DELETE" for r in server.requests):
            assert process.poll() is None, process.communicate()  # ended before deleting
            time.sleep(0.01)  # waits for an event, asserts nothing about time
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
        remaining = {job["id"] for job in server.jobs} - server.deleted_ids
    outcomes = {o["id"]: o["outcome"] for o in map(json.loads, stdout.splitlines())}
    assert process.returncode == 130, stderr
    assert set(outcomes) == {job["id"] for job in jobs}  # every id, once
    assert {i for i, o in outcomes.items() if o == "deleted"} == set(outcomes) - remaining
    assert {i for i, o in outcomes.items() if o == "not-sent"} == remaining
    assert 0 < len(remaining) < len(jobs)
    assert "interrupted:" in stderr
    assert "Traceback" not in stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
@pytest.mark.parametrize(
    ("answer", "count"), [("n", 7), ("y", 7), ("y", 6), ("n", 2), ("\x04", 2), ("yes", 1)]
)
def test_on_a_terminal_it_previews_and_asks_once(
    server: MockIonQServer, answer: str, count: int
) -> None:
    """The first five jobs, and how many more; one more is shown rather than counted. An id
    not found is named before the question (it said `1 id not found`, not which). Ctrl-D
    (\x04) is no, said as no is (it was exit 130 and not a word)."""
    import os
    import pty
    import select

    ids = active(server)[:count]
    typo = ["00000000-0000-4000-8000-00000000beef"] if count == 2 else []
    controller, terminal = pty.openpty()
    process = subprocess.Popen(  # noqa: S603 - the terminal is stdin and stderr, as in a shell
        [sys.executable, "-m", "ionq_facade.cli", "cancel", *ids, *typo, "--format", "jsonl"],
        stdin=terminal, stdout=subprocess.PIPE, stderr=terminal, text=True,
        env=subprocess_env(IONQ_BASE_URL=server.base_url, IONQ_API_KEY=server.api_key),
    )  # fmt: skip
    os.close(terminal)
    screen = b""
    while b"[y/N]" not in screen:
        ready, _, _ = select.select([controller], [], [], 60)  # a stall fails, never hangs
        assert ready, screen.decode(errors="replace")
        screen += os.read(controller, 4096)
    os.write(controller, answer.encode() + (b"" if answer == "\x04" else b"\n"))
    stdout, _ = process.communicate(timeout=60)
    with contextlib.suppress(OSError):  # the rest of the screen, until the terminal closes
        while chunk := os.read(controller, 4096):
            screen += chunk
    os.close(controller)
    text = screen.decode()
    asked = f"cancel {count} {'job' if count == 1 else 'jobs'}? [y/N]"
    assert text.count(asked) == 1  # asked once
    if typo:
        assert text.index(f"not found: {typo[0]}") < text.index("[y/N]")
    shown = [job_id for job_id in ids if job_id in text]
    assert shown == (ids[:5] if count == 7 else ids)  # the first few
    assert ("… and 2 more" in text) == (count == 7)  # and how many
    assert "more" not in text.replace("… and 2 more", "")
    writes = [r for r in server.requests if r.method == "PUT"]
    if answer in ("n", "\x04"):
        assert process.returncode == 10
        assert writes == []
        assert stdout == ""
        assert "nothing canceled" in text
    else:
        assert process.returncode == 0, text
        outcomes = [json.loads(line)["outcome"] for line in stdout.splitlines()]
        assert outcomes == ["canceled"] * count
        assert len(writes) == 1  # one bulk request


def run_closed(
    server: MockIonQServer, closing: str, *args: str
) -> subprocess.CompletedProcess[str]:
    """The command with a standard stream closed before it starts (`<&-`, `>&-`, `2>&-`)."""
    env = subprocess_env(IONQ_BASE_URL=server.base_url, IONQ_API_KEY=server.api_key)
    command = [sys.executable, "-m", "ionq_facade.cli", *args]
    shell = ["bash", "-c", f'exec "$@" {closing}', "-", *command]
    return subprocess.run(  # noqa: S603
        shell, capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.mark.skipif(sys.platform == "win32", reason="redirecting a descriptor in bash is POSIX")
def test_stdin_open_for_writing_only_is_a_usage_error_not_an_output_error(
    server: MockIonQServer, tmp_path: Path
) -> None:
    """`cost - 0>file` said `cannot write output: Bad file descriptor` (exit 74)."""
    result = run_closed(server, f"0>{tmp_path / 'ids'}", "cost", "-")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("ionq-jobs: error: cannot read the job ids on stdin: ")
    assert server.requests == []


@pytest.mark.parametrize("command", ["show", "cost"])
def test_columns_zero_is_taken_as_unset_not_as_no_room(
    server: MockIonQServer, command: str
) -> None:
    """`COLUMNS=0 ionq-jobs show ID --format table` printed nothing and exited 0."""
    job = next(j["id"] for j in server.jobs if j["status"] == "completed")
    env = subprocess_env(IONQ_BASE_URL=server.base_url, IONQ_API_KEY=server.api_key, COLUMNS="0")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "ionq_facade.cli", command, job, "--format", "table"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert job in result.stdout


def test_ca_certificates_that_cannot_be_loaded_are_named(
    server: MockIonQServer, tmp_path: Path
) -> None:
    """SSL_CERT_FILE naming no file: `cannot write output: No such file or directory` (74)."""
    missing = tmp_path / "missing.pem"
    env = subprocess_env(
        IONQ_BASE_URL=server.base_url, IONQ_API_KEY=server.api_key, SSL_CERT_FILE=str(missing)
    )
    result = subprocess.run(
        [sys.executable, "-m", "ionq_facade.cli", "list"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert f"SSL_CERT_FILE={str(missing)!r}" in result.stderr
    assert "cannot write output" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="closing a descriptor in bash is POSIX")
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["cancel", "ID"], "refusing to cancel 1 job without --yes (no terminal to ask: stdin"),
        (["delete", "ID"], "refusing to delete 1 job without --yes (no terminal to ask: stdin"),
        (["cost", "-"], "no job ids on stdin"),
        (["wait", "-"], "no job ids on stdin"),
    ],
)
def test_a_closed_stdin_reads_as_empty(server: MockIonQServer, args: list[str], words: str) -> None:
    """Closed stdin was None in Python: `isatty()` on it was an internal error (exit 70)."""
    args = [active(server)[0] if arg == "ID" else arg for arg in args]
    result = run_closed(server, "<&-", *args)
    assert result.returncode == 2, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert [r.method for r in server.requests if r.method != "GET"] == []


@pytest.mark.skipif(sys.platform == "win32", reason="closing a descriptor in bash is POSIX")
def test_a_closed_stdout_is_exit_74_and_a_closed_stderr_loses_no_output(
    server: MockIonQServer,
) -> None:
    for args in (["list", "--limit", "1"], []):  # `ionq-jobs` alone prints its help
        closed_out = run_closed(server, ">&-", *args)
        assert closed_out.returncode == 74, closed_out.stderr
        assert closed_out.stderr == "ionq-jobs: error: cannot write output: stdout is closed\n"
    job = active(server)[0]
    canceled = run_closed(server, ">&-", "cancel", job, "--yes")  # done, then told so
    assert canceled.returncode == 74, canceled.stderr
    assert canceled.stderr.splitlines()[-2:] == [
        "1 job canceled",
        "ionq-jobs: error: cannot write output: stdout is closed",
    ]
    closed_err = run_closed(server, "2>&-", "list", "--all", "--fields", "id", "--format", "csv")
    assert closed_err.returncode == 0
    assert closed_err.stdout.split() == ["id", *(j["id"] for j in server.jobs)]


def test_a_json_outcome_with_nothing_to_act_on_is_still_a_json_document(
    server: MockIonQServer,
) -> None:
    result = run(server, "cancel", "--target", "qpu.none-such", "--yes", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    assert result.stderr == "no jobs to cancel\n"


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_the_jobs_list_writes_can_be_piped_to_a_write(server: MockIonQServer, fmt: str) -> None:
    """`list | delete -` read each JSON line as one id (`holds ' '`): it now takes each job's id."""
    listed = run(server, "list", "--status", "failed", "--limit", "3", "--format", fmt)
    assert listed.returncode == 0, listed.stderr
    expected = [j["id"] for j in server.jobs if j["status"] == "failed"][:3]
    server.requests.clear()
    preview = run(server, "delete", "-", "--dry-run", "--format", "json", stdin=listed.stdout)
    assert preview.returncode == 0, preview.stderr
    assert [j["id"] for j in json.loads(preview.stdout)] == expected
    assert {r.method for r in server.requests} == {"GET"}


@pytest.mark.parametrize(
    "shape",
    [
        lambda ids: "\n".join(json.dumps(i) for i in ids),  # ids as `jq .[].id` writes them
        lambda ids: json.dumps(
            {"id": ids[0], "status": "failed"}, indent=2
        ),  # `show --format json`
        lambda ids: "\r\n".join(ids) + "\r\n",
    ],
    ids=["json-strings", "one-indented-job", "crlf"],
)
def test_ids_on_stdin_in_other_shapes(server: MockIonQServer, shape: Any) -> None:
    ids = [j["id"] for j in server.jobs if j["status"] == "failed"][:2]
    given = shape(ids)
    expected = ids[:1] if "status" in given else ids
    preview = run(server, "delete", "-", "--dry-run", "--format", "json", stdin=given)
    assert preview.returncode == 0, preview.stderr
    assert [j["id"] for j in json.loads(preview.stdout)] == expected


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ('{"status": "failed"}\n', "stdin has {'status': 'failed'}, which is neither a job id"),
        ('{\n  "status": "failed"\n}\n', "stdin has {'status': 'failed'}, which is neither"),
        ('{"id": 5}\n', "stdin has {'id': 5}, which is neither a job id"),
        ('{"id": "a"\n', """a line of stdin is not JSON: '{"id": "a"'"""),
        ("[1]", "stdin has 1, which is neither a job id"),
        ("[" * 100_000, "a line of stdin is not JSON: '[[["),
        ("\n \n", "no job ids on stdin"),
    ],
    ids=[
        "no-id",
        "indented-no-id",
        "id-not-a-string",
        "not-json",
        "array-of-numbers",
        "deep",
        "blank",
    ],
)
def test_stdin_that_names_no_job_is_a_usage_error(
    server: MockIonQServer, given: str, words: str
) -> None:
    result = run(server, "cancel", "-", "--yes", stdin=given)
    assert result.returncode == 2, result.stderr
    assert words in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert server.requests == []


def test_cancel_acts_on_and_counts_only_the_jobs_not_finished(server: MockIonQServer) -> None:
    finished = [j["id"] for j in server.jobs if j["status"] in ("completed", "failed")][:3]
    running = active(server)[:2]
    preview = run(server, "cancel", *finished, *running, "--dry-run", "--format", "json")
    assert preview.returncode == 0
    assert [j["id"] for j in json.loads(preview.stdout)] == running  # JSON, as asked
    assert "would cancel 2 jobs; 3 jobs already finished, left alone" in preview.stderr
    nothing = run(server, "cancel", *finished)  # nothing to cancel: no question, no --yes needed
    assert nothing.returncode == 0, nothing.stderr
    assert "3 jobs already finished (left alone)" in nothing.stderr
    assert "may still be billed" not in nothing.stderr
    assert {r.method for r in server.requests} == {"GET"}


def test_delete_says_deleted(server: MockIonQServer) -> None:
    ids = [j["id"] for j in server.jobs][:2]
    result = run(server, "delete", *ids, "--yes")
    assert result.returncode == 0
    assert result.stderr.strip().endswith("2 jobs deleted")


def test_a_malformed_id_is_refused_before_any_request(server: MockIonQServer) -> None:
    for verb in ("cancel", "delete"):
        result = run(server, verb, "--yes", "abc%def")
        assert result.returncode == 2, result.stderr
        assert "abc%def" in result.stderr
    assert server.requests == []


# --- found by a review of the commands (each failed before its fix) -------------------------------


@pytest.mark.parametrize("option", ["--status", "--target"])
@pytest.mark.parametrize("value", ["", ","])
def test_an_empty_filter_value_is_refused_not_dropped(
    server: MockIonQServer, option: str, value: str
) -> None:
    """`delete --status "" --yes` deleted every job: the empty value became no filter."""
    result = run(server, "delete", option, value, "--yes")
    assert result.returncode == 2, result.stderr
    assert option in result.stderr
    assert server.requests == []


def test_a_write_acts_only_on_jobs_the_filters_match() -> None:
    """A proxy that dropped the `ids` (or `status`) filter made `delete --id A` delete every
    job listed. The jobs listed are checked against the filters before anything is sent."""
    from tests.conftest import make_job
    from tests.rawserver import page, send, serving

    jobs = [make_job("a", status="failed"), make_job("b", status="failed"), make_job("c")]
    with serving(page(jobs)) as srv:
        dry = run_at(srv.base_url, "delete", "--id", "a", "--dry-run", "--format", "json")
        status = run_at(
            srv.base_url, "delete", "--status", "failed", "--dry-run", "--format", "json"
        )
    assert [j["id"] for j in json.loads(dry.stdout)] == ["a"]
    assert "left alone 2 jobs the server listed that the filters do not match" in dry.stderr
    assert [j["id"] for j in json.loads(status.stdout)] == ["a", "b"]
    with serving(page(jobs), page(jobs), send(200, {"id": "a"}), page([])) as srv:
        done = run_at(srv.base_url, "delete", "--id", "a", "--yes", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [(r.method, r.target) for r in srv.requests if r.method != "GET"] == [
        ("DELETE", "/v0.4/jobs/a")
    ]


@pytest.mark.parametrize(
    ("verb", "before", "after"),
    [("delete", [], [{"id": "a", "status": "completed"}]),  # not listed yet, then listed
     ("cancel", [{"id": "a", "status": "completed"}], [{"id": "a", "status": "started"}])],
)  # fmt: skip
def test_a_write_sends_nothing_the_preview_did_not_show(
    verb: str, before: list[object], after: list[object]
) -> None:
    """With nothing to act on in the preview, nothing was asked, and the library's own read
    of the statuses found the job and acted on it: without --yes, without a terminal."""
    from tests.rawserver import page, send, serving

    answers = [page(before), page(after), send(200, {"id": "a", "status": f"{verb}d"})]
    with serving(*answers, page(after)) as srv:
        result = run_at(srv.base_url, verb, "a", "--format", "json")
    assert [r.method for r in srv.requests] == ["GET"], result.stderr
    assert result.returncode == (10 if verb == "delete" else 0), result.stderr
    outcome = "not-found" if verb == "delete" else "already-terminal"
    status = None if verb == "delete" else "completed"
    assert json.loads(result.stdout) == [
        {"id": "a", "outcome": outcome, "status": status, "error": None}
    ]


def test_from_a_second_review_the_writes_wait_and_cost() -> None:
    """A job listed twice (pages shifting) was "1 id not found"; a value nested 1,010 deep in a
    preview or a status was exit 70; U and u were two jobs to wait for; a 501 for one job's
    cost stopped the others (only an outage does)."""
    from tests.rawserver import page, send, serving

    job = {"id": "a", "status": "started"}
    with serving(page([job], "c1"), page([{"id": "b", "status": "started"}], "c2"),
                 page([job])) as srv:  # fmt: skip
        twice = run_at(srv.base_url, "cancel", "--status", "started", "--dry-run")
    assert "would cancel 2 jobs (dry run" in twice.stderr, twice.stderr
    deep = "[" * 1010 + "]" * 1010  # orjson reads it; json.loads cannot even in a test

    def listing(job: str) -> Any:
        return send(200, '{"jobs": [' + job + '], "next": null}', Content_Type="application/json")

    with serving(listing('{"id": "a", "status": "started", "backend": ' + deep + "}")) as srv:
        preview = run_at(srv.base_url, "cancel", "a", "--dry-run", "--format", "json")
    with serving(listing('{"id": "a", "status": ' + deep + "}")) as srv:
        waited = run_at(srv.base_url, "wait", "a", "--timeout", "0")
    assert preview.returncode == 0, preview.stderr  # a value orjson read is written back whole
    assert "".join(preview.stdout.split()).startswith('[{"id":"a","status":"started","backend":[[')
    assert waited.returncode == EXIT_UNSUCCESSFUL, waited.stderr  # a status it does not know
    assert json.loads(waited.stdout)["a"] == deep  # shown as the JSON it came as
    upper = "0A1B2C3D-0000-4000-8000-00000000ABCD"
    with serving(page([{"id": upper.lower(), "status": "completed"}])) as srv:
        once = run_at(srv.base_url, "wait", upper, upper.lower(), "--format", "json")
    assert (once.returncode, json.loads(once.stdout)) == (0, {upper: "completed"}), once.stderr
    good = send(200, {"cost": {"value": 1.5, "unit": "usd"}, "dry_run": False})
    with serving(send(501, {"error": "NotImplemented"}), good) as srv:
        cost = run_at(srv.base_url, "cost", "x", "y", "--format", "json", "--max-retries", "0")
    answer = json.loads(cost.stdout)
    assert (answer["failed"], answer["not_asked"], answer["totals"]) == (["x"], [], {"usd": 1.5})


def test_a_write_by_window_leaves_alone_a_job_it_cannot_place() -> None:
    """`delete --since` deleted the jobs whose submitted_at was missing or unreadable: the
    listing keeps them (it loses nothing), but a write acts only on jobs that match."""
    from tests.conftest import make_job
    from tests.rawserver import page, serving

    jobs = [
        make_job("a", submitted_at="garbage"),
        make_job("b", submitted_at=None),
        make_job("c", submitted_at="2026-12-01T00:00:00Z"),
        make_job("d", submitted_at="2020-01-01T00:00:00Z"),
    ]
    with serving(page(jobs)) as srv:
        result = run_at(
            srv.base_url, "delete", "--since", "2025-01-01", "--dry-run", "--format", "json"
        )
    assert result.returncode == 0, result.stderr
    assert [j["id"] for j in json.loads(result.stdout)] == ["c"]
    assert "left alone 2 jobs whose submitted_at cannot be read" in result.stderr


def test_tables_escape_what_the_server_sends() -> None:
    """The outcome and cost tables printed a status or unit's escape codes raw."""
    from tests.rawserver import page, send, serving

    job = {"id": "a", "status": "ready"}
    cost = {"cost": {"value": 1.5, "unit": "usd\x1b[31m"}, "dry_run": False}
    answer = {"id": "a", "status": "canceled\x1b[31m"}  # not "canceled": read back
    read_back = page([{"id": "a", "status": "canceled\x1b[31m"}])
    with serving(page([job]), page([job]), send(200, answer), read_back) as srv:
        outcomes = run_at(srv.base_url, "cancel", "a", "--yes", "--format", "table")
    with serving(send(200, cost)) as srv:
        costs = run_at(srv.base_url, "cost", "a", "--format", "table")
    for result in (outcomes, costs):
        assert "\x1b" not in result.stdout
        assert "\\x1b[31m" in result.stdout


def test_a_uuid_given_in_upper_case_is_previewed_and_acted_on_once() -> None:
    """Cancelling `0A1B…` that the server lists as `0a1b…` reported it both not found and
    canceled (exit 10); named in both cases, it was two jobs."""
    from tests.rawserver import page, send, serving

    upper = "0A1B2C3D-0000-4000-8000-00000000ABCD"
    listed = page([{"id": upper.lower(), "status": "started"}])
    with serving(listed) as srv:
        dry = run_at(srv.base_url, "cancel", upper, upper.lower(), "--dry-run", "--format", "json")
    assert [job["id"] for job in json.loads(dry.stdout)] == [upper.lower()]
    assert "would cancel 1 job (dry run" in dry.stderr
    answer = send(200, {"id": upper.lower(), "status": "canceled"})
    with serving(listed, listed, answer) as srv:
        done = run_at(srv.base_url, "cancel", upper, upper.lower(), "--yes", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {"id": upper, "outcome": "canceled", "status": "canceled", "error": None}
    ]
    assert [r.method for r in srv.requests] == ["GET", "GET", "PUT"]
    assert "1 job canceled" in done.stderr


def test_cost_checks_every_id_before_the_first_request_and_counts_a_uuid_once() -> None:
    """`cost a b/c` read a's cost, then refused b/c (exit 2, a's cost lost); `cost U u`
    counted one job twice in the total."""
    from tests.rawserver import send, serving

    upper = "0A1B2C3D-0000-4000-8000-00000000ABCD"
    priced = send(200, {"cost": {"value": 1.5, "unit": "usd"}, "dry_run": False})
    with serving(priced) as srv:
        refused = run_at(srv.base_url, "cost", "a", "b/c")
        once = run_at(srv.base_url, "cost", upper, upper.lower(), "--format", "json")
    assert (refused.returncode, refused.stdout) == (2, "")
    assert "'b/c' holds '/'" in refused.stderr
    assert json.loads(once.stdout)["totals"] == {"usd": 1.5}
    assert len(srv.requests) == 1


def test_error_lines_escape_what_the_server_sends() -> None:
    """A failed job's message or a 404's body reached the terminal raw in the error line: an
    OSC sequence retitled it, a CSI one cleared it."""
    from tests.rawserver import send, serving

    codes = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x9b"
    job = {"id": "a", "status": "failed", "failure": {"code": "x", "message": codes}}
    with serving(send(200, job), send(404, {"error": "NotFound", "message": codes})) as srv:
        results = run_at(srv.base_url, "results", "a")
        shown = run_at(srv.base_url, "show", "b")
    assert (results.returncode, shown.returncode) == (10, 7)
    for result in (results, shown):
        assert result.stderr.startswith("ionq-jobs: error: ")
        assert "\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mred\\x9b" in result.stderr
        assert "\x1b" not in result.stderr
        assert "\x07" not in result.stderr


def test_a_malformed_cost_is_told_after_the_costs_of_the_others() -> None:
    """One job's malformed answer lost every other job's cost (exit 8, nothing printed)."""
    from tests.rawserver import send, serving

    good = {"cost": {"value": 1.5, "unit": "usd"}, "dry_run": False}
    bad = {"cost": {"value": "abc", "unit": "usd"}}
    with serving(send(200, good), send(200, bad)) as srv:
        result = run_at(srv.base_url, "cost", "a", "b", "--format", "json")
    assert result.returncode == 8, result.stderr
    answer = json.loads(result.stdout)
    assert [job["id"] for job in answer["jobs"]] == ["a"]
    assert answer["totals"] == {"usd": 1.5}
    assert answer["malformed"] == ["b"]
    assert result.stderr.startswith("ionq-jobs: error: malformed response: cost must have")
    assert len(result.stderr.splitlines()) == 1


def test_cost_totals_add_up_as_the_amounts_read() -> None:
    """0.1 + 0.2 usd was a total of 0.30000000000000004 in JSON (the table rounded it)."""
    from tests.rawserver import send, serving

    tenth, fifth = ({"cost": {"value": v, "unit": "usd"}} for v in (0.1, 0.2))
    with serving(send(200, tenth), send(200, fifth)) as srv:
        result = run_at(srv.base_url, "cost", "a", "b", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["totals"] == {"usd": 0.3}


def test_a_failed_cost_is_told_after_the_costs_of_the_others() -> None:
    """A 500 for one job (or a 401, a timeout) lost every cost already read: nothing printed.
    A job's own failure lets the others go on; a refused key stops, naming those not asked."""
    from tests.rawserver import send, serving

    good = {"cost": {"value": 1.5, "unit": "usd"}, "dry_run": False}
    oops = {"error": "InternalError", "message": "oops"}
    refused = {"error": "Unauthorized", "message": "bad key"}
    answers = [send(200, good), send(500, oops), send(200, good), send(401, refused)]
    with serving(*answers) as srv:
        ids = ["a", "b", "c", "d", "e", "f"]
        result = run_at(srv.base_url, "cost", *ids, "--format", "json", "--max-retries", "0")
    assert result.returncode == 4, result.stderr  # the error that stopped it: the key's
    answer = json.loads(result.stdout)
    assert [job["id"] for job in answer["jobs"]] == ["a", "c"]
    assert answer["totals"] == {"usd": 3.0}
    assert (answer["failed"], answer["not_asked"], answer["malformed"]) == (
        ["b", "d"],
        ["e", "f"],
        [],
    )
    assert result.stderr.startswith("ionq-jobs: error: 401 Unauthorized: bad key")
    assert len(srv.requests) == 4


def test_cost_stops_at_a_service_that_is_down() -> None:
    """Every id waited out every retry of a 503 (tens of minutes for 500 ids)."""
    from tests.rawserver import send, serving

    good = {"cost": {"value": 1.5, "unit": "usd"}, "dry_run": False}
    down = send(503, {"error": "ServiceUnavailable", "message": "down"})
    with serving(send(200, good), down) as srv:
        result = run_at(
            srv.base_url, "cost", "a", "b", "c", "--format", "json", "--max-retries", "0"
        )
    assert result.returncode == 7, result.stderr
    answer = json.loads(result.stdout)
    assert (answer["failed"], answer["not_asked"]) == (["b"], ["c"])
    assert len(srv.requests) == 2


def test_a_total_too_large_to_add_up_is_not_a_null_total() -> None:
    from tests.rawserver import send, serving

    huge = {"cost": {"value": 1e308, "unit": "usd"}, "dry_run": False}
    with serving(send(200, huge), send(200, huge)) as srv:
        result = run_at(srv.base_url, "cost", "a", "b", "--format", "json")
    assert result.returncode == 8
    assert json.loads(result.stdout)["totals"] == {"usd": None}
    assert result.stderr == "ionq-jobs: error: the total in 'usd' is too large to add up\n"


def test_ids_not_found_are_not_counted_as_jobs_to_act_on(server: MockIonQServer) -> None:
    """The preview exits as the run would: 10, since the ids not found cannot be deleted (it
    said 0, so `delete --dry-run IDS && delete --yes IDS` went on to a run that exits 10)."""
    gone = ["00000000-0000-4000-8000-000000000000", "11111111-1111-4111-8111-111111111111"]
    job = active(server)[0]
    result = run(server, "delete", job, *gone, "--dry-run", "--format", "json")
    assert result.returncode == 10
    assert f"not found: {gone[0]}, {gone[1]}\n" in result.stderr  # named: a typo is seen here
    none = run(server, "delete", *gone, "--dry-run", "--format", "table")
    assert (none.returncode, none.stdout) == (10, "")  # no table header over no job
    assert [j["id"] for j in json.loads(result.stdout)] == [job]
    assert "would delete 1 job; 2 ids not found" in result.stderr


def test_cost_counts_each_job_once_and_a_missing_one_hides_no_other(
    server: MockIonQServer,
) -> None:
    job = next(j["id"] for j in server.jobs if j["status"] == "completed")
    gone = "00000000-0000-4000-8000-000000000000"
    result = run(server, "cost", job, job, gone, "--format", "json")
    assert result.returncode == 7
    answer = json.loads(result.stdout)
    assert [j["id"] for j in answer["jobs"]] == [job]
    assert answer["not_found"] == [gone]
    single = json.loads(run(server, "cost", job, "--format", "json").stdout)
    assert answer["totals"] == single["totals"]
    assert f"not found: {gone}" in result.stderr


def test_wait_says_unknown_for_a_job_no_poll_could_read(server: MockIonQServer) -> None:
    """A wait whose every poll failed called the job "gone" (and "still running" below)."""
    from ionq_facade.testing import Fault

    job = active(server)[0]
    server.inject(Fault.http_status(503), times=None)
    result = run(server, "wait", job, "--timeout", "0", "--max-retries", "0", "--format", "json")
    assert result.returncode == 11
    assert json.loads(result.stdout) == {job: "unknown"}
    assert "after 0s, 1 job never read; the last poll failed: 503" in result.stderr


def test_an_infinite_probability_is_a_malformed_answer() -> None:
    """It was drawn as `inf` (and NaN as `nan`, -0.5 as a probability), exit 0."""
    from tests.rawserver import send, serving

    job = {"id": "p", "status": "completed", "stats": {"qubits": 2}}
    body = b'{"0": 1e999, "1": 0.5}'
    with serving(send(200, job), send(200, body, Content_Type="application/json")) as srv:
        result = run_at(srv.base_url, "results", "p", "--format", "table")
    assert (result.returncode, result.stdout) == (8, ""), result.stderr
    assert result.stderr.startswith(
        "ionq-jobs: error: malformed response: the results of job p are not probabilities"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cancel", "-", "a", "--yes"], "'-' reads the job ids from stdin: give it alone"),
        (["wait", "a", "--timeout", "nan"], "--timeout"),
        (["show", ".."], "job id '..' is a path segment"),
        (["results", "a/b"], "job id 'a/b' holds '/'"),
        (["cost", "a", "b?"], "job id 'b?' holds '?'"),
        (["wait", "a b"], "job id 'a b' holds ' '"),
        (["delete", "a", "#", "--yes"], "job id '#' holds '#'"),
    ],
)
def test_usage_errors_name_what_is_wrong(
    server: MockIonQServer, args: list[str], message: str
) -> None:
    """In the CLI's words: the facade's parameter (`job_ids item`) is not the user's."""
    result = run(server, *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "job_ids" not in result.stderr
    assert server.requests == []


def test_wait_and_cost_read_ids_from_stdin(server: MockIonQServer) -> None:
    job = next(j["id"] for j in server.jobs if j["status"] == "completed")
    waited = run(
        server, "wait", "-", "--timeout", "0", "--format", "json", stdin=f"\ufeff{job}\n\n"
    )
    assert json.loads(waited.stdout) == {job: "completed"}
    cost = run(server, "cost", "-", "--format", "json", stdin=f"{job}\r\n")
    assert [j["id"] for j in json.loads(cost.stdout)["jobs"]] == [job]


def test_a_key_the_server_echoes_is_not_printed() -> None:
    from tests.rawserver import send, serving

    echo = {"error": "Bad Request", "message": "bad header: apiKey fake-key-for-tests"}
    with serving(send(400, echo)) as srv:
        result = run_at(srv.base_url, "show", "a")
    assert result.returncode == 7
    assert "bad header: apiKey ***" in result.stderr
    assert "fake-key-for-tests" not in result.stdout + result.stderr


def run_into_closed_pipe(
    server: MockIonQServer, *args: str, both: bool = False
) -> subprocess.CompletedProcess[str]:
    """stdout a pipe whose reader already left (`| head -0`): every write is a broken pipe;
    `both`: stderr too (`2>&1 | head -0`)."""
    import os

    read, write = os.pipe()
    os.close(read)
    env = subprocess_env(IONQ_BASE_URL=server.base_url, IONQ_API_KEY=server.api_key)
    stderr = write if both else subprocess.PIPE
    try:
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "ionq_facade.cli", *args],
            stdout=write, stderr=stderr, text=True, env=env, timeout=120, check=False,
        )  # fmt: skip
    finally:
        os.close(write)


def test_a_reader_that_leaves_early_does_not_hide_jobs_that_failed(
    server: MockIonQServer,
) -> None:
    """The outcomes were cut, not the work: the summary (stderr) and the exit code still say
    what happened (they said nothing, and exit 0)."""
    gone = "00000000-0000-4000-8000-000000000000"
    job = active(server)[0]
    cost = run_into_closed_pipe(server, "cost", job, gone, "--format", "json")
    assert cost.returncode == 7, cost.stderr
    assert f"not found: {gone}" in cost.stderr
    wait = run_into_closed_pipe(server, "wait", job, "--timeout", "0", "--format", "json")
    assert wait.returncode == 11, wait.stderr
    server.advance(120)
    done = run_into_closed_pipe(server, "wait", job, "--timeout", "0", "--format", "json")
    status = next(j["status"] for j in server.jobs if j["id"] == job)
    assert done.returncode == (0 if status == "completed" else 10), done.stderr
    gone_only = run_into_closed_pipe(server, "delete", gone, job, "--yes", "--format", "jsonl")
    assert gone_only.returncode == 10, gone_only.stderr
    assert "1 job deleted; 1 job not deleted (not-found)" in gone_only.stderr
    assert "Traceback" not in cost.stderr + wait.stderr + done.stderr + gone_only.stderr


def test_a_reader_gone_from_both_streams_leaves_the_exit_code_to_tell(
    server: MockIonQServer,
) -> None:
    """`2>&1 | head`: the summary's write failed too, and the command exited 0 (cost) or 1 (a
    code click picks, for delete); a dry run's preview exited 1."""
    gone = "00000000-0000-4000-8000-000000000000"
    job = active(server)[0]
    cost = run_into_closed_pipe(server, "cost", job, gone, "--format", "json", both=True)
    delete = run_into_closed_pipe(server, "delete", gone, "--yes", "--format", "jsonl", both=True)
    wait = run_into_closed_pipe(server, "wait", gone, "--timeout", "0", both=True)
    dry = run_into_closed_pipe(server, "delete", "--status", "failed", "--dry-run")
    assert (cost.returncode, delete.returncode, wait.returncode, dry.returncode) == (7, 10, 10, 0)
    assert "would delete" in dry.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full to fill")
def test_output_that_cannot_be_written_is_exit_74(server: MockIonQServer) -> None:
    """A full disk under the outcomes of wait, cancel or delete was an internal error (70)."""
    gone = "00000000-0000-4000-8000-000000000000"
    env = subprocess_env(IONQ_BASE_URL=server.base_url, IONQ_API_KEY=server.api_key)
    for args in (("delete", gone, "--yes", "--format", "jsonl"), ("wait", gone, "--timeout", "0"),
                 ("cost", gone, "--format", "json"), ("show", server.jobs[0]["id"])):  # fmt: skip
        with open("/dev/full", "w") as full:
            result = subprocess.run(  # noqa: S603
                [sys.executable, "-m", "ionq_facade.cli", *args], stdout=full,
                stderr=subprocess.PIPE, text=True, env=env, timeout=120, check=False,
            )  # fmt: skip
        assert result.returncode == 74, (args, result.stderr)
        assert "cannot write output: No space left on device" in result.stderr


def test_show_lists_a_parents_children_one_per_line(server: MockIonQServer) -> None:
    """The table joined them with a literal `\\n` (escaped as a control character) and folded
    them mid-id: neither readable nor copyable."""
    parent_id = next(j["parent_job_id"] for j in server.jobs if j.get("parent_job_id"))
    children = [j["id"] for j in server.jobs if j.get("parent_job_id") == parent_id]
    assert len(children) > 1
    result = run(server, "show", parent_id, "--format", "table")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "\\n" not in result.stdout
    for child in children:
        assert sum(line.rstrip().endswith(child) for line in lines) == 1, child


def test_ids_separated_by_commas_are_several_jobs(server: MockIonQServer) -> None:
    """`--id A,B` was one id `A,B` (matching nothing, exit 0), as `cost A,B` was: --status
    and --target take comma lists, so people write ids the same way."""
    first, second = (j["id"] for j in server.jobs[:2])
    listed = run(server, "list", "--id", f"{first},{second}", "--format", "jsonl")
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == [first, second]
    cost = run(server, "cost", f"{first},{second}", "--format", "json")
    assert cost.returncode == 0, cost.stderr
    assert [job["id"] for job in json.loads(cost.stdout)["jobs"]] == [first, second]
    trailing = run(server, "cost", f"{first},")
    assert trailing.returncode == 2
    assert (
        trailing.stderr
        == f"ionq-jobs: error: an empty job id in '{first},': ids are separated by commas\n"
    )


@pytest.mark.parametrize("fields", ["id", "status,id", None])
def test_ids_from_list_csv_on_stdin(server: MockIonQServer, fields: str | None) -> None:
    """The CSV header was read as a job id `id` (or a whole row as one): `list --format csv`
    is one of list's own formats, so its `id` column is what `-` reads."""
    chosen = ["--fields", fields] if fields else []
    exported = run(server, "list", "--limit", "3", "--format", "csv", *chosen)
    assert exported.stdout.splitlines()[0].split(",")[0] in ("id", "status")
    result = run(server, "delete", "-", "--dry-run", stdin=exported.stdout)
    assert result.returncode == 0, result.stderr
    assert "would delete 3 jobs (dry run" in result.stderr
    assert "not found" not in result.stderr
    assert {r.method for r in server.requests} == {"GET"}


def test_results_that_are_empty_say_so_on_the_table() -> None:
    from tests.rawserver import send, serving

    job = {"id": "a", "status": "completed", "stats": {"qubits": 2}}
    with serving(send(200, job), send(200, {})) as srv:
        result = run_at(srv.base_url, "results", "a", "--format", "table")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "  (no states: the results are empty)\n"


def test_stdin_rows_without_their_header_name_no_job(server: MockIonQServer) -> None:
    """Split on commas, a CSV row without its header (an export resumed with --resume) or
    without an id column had its parent_job_id cell taken for a job to delete."""
    child = next(j for j in server.jobs if j.get("parent_job_id"))
    fields = "id,status,parent_job_id"
    for exported in (
        run(
            server,
            "list",
            "--id",
            child["id"],
            "--fields",
            fields,
            "--format",
            "csv",
            "--no-header",
        ),
        run(
            server, "list", "--id", child["id"], "--fields", "name,parent_job_id", "--format", "csv"
        ),
    ):
        assert child["parent_job_id"] in exported.stdout
        server.requests.clear()
        result = run(server, "delete", "-", "--dry-run", stdin=exported.stdout)
        assert result.returncode == 2, result.stderr
        assert "stdin is CSV without an id column (first line" in result.stderr
        assert server.requests == []
    mixed = run(server, "cost", "-", stdin=f"{child['id']}\n{child['id']},x\n")
    assert mixed.returncode == 2
    assert "a line of stdin holds commas:" in mixed.stderr


def test_long_lines_on_stdin_are_read_whole(server: MockIonQServer) -> None:
    """A JSON line (or CSV cell) past 128 KiB met the csv module's field limit: exit 70."""
    job_id = server.jobs[0]["id"]
    lines = [json.dumps({"id": job_id, "zz_new": "x" * 140_000}), json.dumps({"id": job_id})]
    jsonl = run(server, "cost", "-", "--format", "json", stdin="\n".join(lines) + "\n")
    assert jsonl.returncode == 0, jsonl.stderr
    as_csv = run(
        server, "cost", "-", "--format", "json", stdin=f"id,note\n{job_id},{'x' * 140_000}\n"
    )
    assert as_csv.returncode == 0, as_csv.stderr
    assert [job["id"] for job in json.loads(as_csv.stdout)["jobs"]] == [job_id]


def test_a_preview_on_a_server_ignoring_the_ids_filter_stops_reading() -> None:
    """The preview listed by ids with iter_jobs: a server (or proxy) that drops `ids` had it read
    the whole project for one id, and forever for one it never lists. It now reads as the
    write does: until every id is answered, and no more than a few pages that answer none."""
    import urllib.parse

    from tests.rawserver import Request, response_bytes, serving

    def project(request: Request, conn: Any) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.target).query)
        at = int(query.get("next", ["0"])[0])
        jobs = [{"id": f"job-{at:04d}", "status": "started"}]  # limit=1: one id asked for
        body = json.dumps({"jobs": jobs, "next": str(at + 1)}).encode()  # without end
        conn.sendall(response_bytes(200, body, {"Content-Type": "application/json"}))

    with serving(project) as srv:
        found = run_at(srv.base_url, "delete", "job-0002", "--dry-run", "--format", "json")
        found_gets = len(srv.requests)
    with serving(project) as srv:
        never = run_at(srv.base_url, "delete", "gone", "--dry-run", "--format", "json")
        never_gets = len(srv.requests)
    assert found.returncode == 0, found.stderr
    assert [job["id"] for job in json.loads(found.stdout)] == ["job-0002"]
    assert found_gets == 3
    assert never.returncode == 8, never.stderr
    assert "does not apply the ids filter" in never.stderr
    assert never_gets == 5


@pytest.mark.parametrize("command", ["show", "results"])
@pytest.mark.parametrize("given", ["a,b", "-"])
def test_a_one_job_command_refuses_a_list_or_stdin(command: str, given: str) -> None:
    """`show A,B` and `show -` were sent as the job id `A,B` or `-`: a 404, exit 7, where every
    other command reads a comma list, and `-` as stdin."""
    from tests.rawserver import serving

    with serving() as srv:
        result = run_at(srv.base_url, command, given, stdin="a\n")
    assert result.returncode == 2, result.stderr
    assert f"{command} takes one job id, not " in result.stderr
    assert "ionq-jobs list --id A,B" in result.stderr
    assert srv.requests == []


def test_wait_on_a_server_it_cannot_reach_fails_at_once() -> None:
    """It retried every interval for the whole --timeout (an hour by default), then exit 11."""
    with socket.socket() as sock:  # a port nothing listens on: refused at once
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_at(f"http://127.0.0.1:{port}/v0.4", "wait", "a", "--max-retries", "0")
    assert result.returncode == 6, result.stderr
    assert result.stderr.startswith("ionq-jobs: error: connection failed")


def test_wait_with_timeout_0_on_a_server_it_cannot_reach_fails_too() -> None:
    """`--timeout 0` checks once: a refused connection was 'time ran out' (11), not 6."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    args = ("wait", "a", "--timeout", "0", "--max-retries", "0")
    result = run_at(f"http://127.0.0.1:{port}/v0.4", *args)
    assert result.returncode == 6, result.stderr


def test_csv_quotes_a_lone_carriage_return_and_a_childs_odd_id() -> None:
    """A name holding a bare `\\r` went out unquoted (the csv module quotes what its line
    terminator holds, `\\n` alone): every reader split the row there. `results --format csv`
    wrote a child's id without any quoting: `kid,"1` made a row of the wrong width."""
    import csv
    import io

    from tests.rawserver import page, send, serving

    jobs = [
        {"id": "j1", "status": "completed", "name": "cr\rret"},
        {"id": "j2", "status": "failed"},
    ]
    with serving(page(jobs)) as srv:  # bytes: text mode would read the \r as a line end
        env = subprocess_env(IONQ_BASE_URL=srv.base_url, IONQ_API_KEY="fake-key-for-tests")
        command = [sys.executable, "-m", "ionq_facade.cli", "list", "--all", "--format", "csv"]
        listed = subprocess.run(  # noqa: S603
            [*command, "--fields", "id,name"], capture_output=True, env=env, timeout=60, check=True
        ).stdout.decode()
    rows = list(csv.reader(io.StringIO(listed, newline="")))
    assert rows == [["id", "name"], ["j1", "cr\rret"], ["j2", ""]]
    assert listed == 'id,name\nj1,"cr\rret"\nj2,\n'  # rows end in \n, as before
    child = 'kid,"1'
    parent = {"id": "p", "status": "completed", "child_job_ids": [child]}
    with serving(send(200, parent), send(200, {"0": 1.0})) as srv:
        shown = run_at(srv.base_url, "results", "p", "--format", "csv")
    assert shown.returncode == 0, shown.stderr
    assert list(csv.reader(io.StringIO(shown.stdout))) == [
        ["job_id", "state", "probability"], [child, "0", "1.0"]
    ]  # fmt: skip


@pytest.mark.parametrize("odd", ["\u2028", "\u0085"])
def test_a_listed_name_holding_a_unicode_line_break_reads_back_as_one_line(odd: str) -> None:
    """JSON lines keep U+2028 (and U+0085) raw; stdin was split with str.splitlines,
    which breaks there too: `list | delete - --dry-run` refused the README's own pipeline."""
    from tests.rawserver import page, serving

    jobs = [{"id": "j1", "status": "failed", "name": f"a{odd}b"}, {"id": "j2", "status": "failed"}]
    with serving(page(jobs)) as srv:
        listed = run_at(srv.base_url, "list", "--all", "--format", "jsonl")
        assert odd in listed.stdout
        preview = run_at(srv.base_url, "delete", "-", "--dry-run", "--format", "json",
                         stdin=listed.stdout)  # fmt: skip
    assert preview.returncode == 0, preview.stderr
    assert [job["id"] for job in json.loads(preview.stdout)] == ["j1", "j2"]


def test_show_of_a_job_nested_as_deep_as_orjson_reads_shows_it_whole() -> None:
    """orjson reads 1,024 levels; `show` walked them as dotted rows, one Python frame each: a
    RecursionError, exit 70 (the tool's own bug) for what a server sent; then exit 8 on Python
    3.11 (its JSON encoder stops at the recursion limit). Now the job: as JSON, and as a table
    whose rows stop at MAX_DOTTED_DEPTH, the rest one JSON value."""
    from ionq_facade.cli._jobs import MAX_DOTTED_DEPTH
    from tests.rawserver import send, serving

    deep = '{"a": ' * 1000 + "1" + "}" * 1000
    body = '{"id": "j", "status": "completed", "stats": ' + deep + "}"
    with serving(send(200, body, Content_Type="application/json")) as srv:
        shown = run_at(srv.base_url, "show", "j", "--format", "table")
        whole = run_at(srv.base_url, "show", "j", "--format", "json")
    assert whole.returncode == 0, whole.stderr
    assert "".join(whole.stdout.split()) == "".join(body.split())  # (== on dicts would stop)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    at = lines[0].index("value")  # the value column starts there
    rows = lines[lines.index(next(line for line in lines if line.startswith("stats"))) :]
    name = "".join(line[:at].strip() for line in rows)
    value = "".join(line[at:].strip() for line in rows)
    levels = name.count(".a")
    assert name == "stats" + ".a" * levels
    assert levels == MAX_DOTTED_DEPTH
    assert value == '{"a":' * (1000 - levels) + "1" + "}" * (1000 - levels)  # the rest, whole


def test_a_table_whose_ids_are_too_wide_to_show_says_so() -> None:
    """An id is never cut (people copy it): wider than the terminal, its column was left out
    without a word, and rows of the same backend and time looked like one job."""
    from tests.rawserver import page, serving

    wide = [{"id": "x" * 200 + str(n), "status": "completed"} for n in range(2)]
    narrow = [{"id": "job-1", "status": "completed"}]
    with serving(page(wide), page(narrow)) as srv:
        cut = run_at(srv.base_url, "list", "--format", "table")
        whole = run_at(srv.base_url, "list", "--format", "table")
    assert cut.returncode == 0, cut.stderr
    assert cut.stdout.splitlines()[0].split()[0] == "status"  # no id column
    assert cut.stderr == "(not shown for width: id; --format jsonl shows every field)\n"
    assert whole.stdout.splitlines()[0].split()[:2] == ["id", "status"]
    assert whole.stderr == ""  # the default columns left out for width are not news


@pytest.mark.parametrize("read", [False, True])
def test_the_live_wait_table_is_erased_by_an_error_before_any_job_was_read(
    read: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wait that fails at once (a wrong URL: exit 6) left a table of `…` above its error;
    once a poll has read a job, the table stays, as the state last seen."""
    import io

    from ionq_facade.cli import _waiting
    from ionq_facade.cli._table import PlainConsole

    out = io.StringIO()
    monkeypatch.setattr(
        _waiting, "PlainConsole", lambda: PlainConsole(file=out, force_terminal=True, width=80)
    )
    view = _waiting.WaitView(["a", "b"], live=True)

    def fail_after_polls() -> None:
        with view:
            if read:
                view.poll({"a": {"status": "started"}})
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_after_polls()
    erased = "\x1b[1A\x1b[2K" * 3  # the header and both rows, cleared from the bottom up
    assert out.getvalue().endswith(erased) != read


def test_list_and_summary_show_only_jobs_the_filters_match() -> None:
    """A server or proxy that drops a filter: `list --status failed` printed every job, and the
    README's `list ... | delete -` would have deleted them; `summary` counted them. The jobs
    are checked as a write checks them: those left out are counted on stderr."""
    from tests.rawserver import page, serving

    jobs = [
        {"id": f"j{n}", "status": status, "backend": backend}
        for n, (status, backend) in enumerate(
            [("failed", "qpu.aria-1"), ("completed", "qpu.aria-1"), ("failed", "simulator")]
        )
    ]
    warning = "warning: left out {} the server listed that the filters do not match\n"
    with serving(page(jobs[:2], "c1"), page(jobs[2:]), page(jobs)) as srv:
        listed = run_at(srv.base_url, "list", "--status", "failed", "--all", "--format", "jsonl")
        summary = run_at(srv.base_url, "summary", "--target", "qpu.aria-1", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == ["j0", "j2"]
    assert listed.stderr == warning.format("1 job")
    assert summary.returncode == 0, summary.stderr
    assert json.loads(summary.stdout)["jobs"] == 2
    assert summary.stderr == warning.format("1 job")


@pytest.mark.parametrize(
    ("status", "code", "said"), [(403, 4, "403 Forbidden"), (400, 7, "400 Bad Request")]
)
def test_a_write_refused_for_every_job_says_why_and_exits_as_that_error(
    server: MockIonQServer, status: int, code: int, said: str
) -> None:
    """A key without write permission: the table said `error` for each job, the reason was in
    `--format json` only, and the exit was 10 (a job did not end as asked), not 4."""
    ids = active(server)[:2]
    server.inject(Fault.http_status(status), times=None, when=lambda r: r.method == "PUT")
    result = run(server, "cancel", *ids, "--yes", "--format", "table")
    assert result.returncode == code, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-2] == "2 jobs not canceled (error)"
    assert lines[-1].startswith(f"  2 jobs: {said}")  # one bulk request: one error, told once


def test_jobs_not_done_for_different_reasons_exit_unsuccessful(server: MockIonQServer) -> None:
    """A 403 for one job and a job that is gone: no one error explains both."""
    ids = active(server)[:1]
    server.inject(Fault.http_status(403), times=None, when=lambda r: r.method == "PUT")
    result = run(server, "cancel", *ids, "00000000-0000-4000-8000-00000000dead", "--yes")
    assert result.returncode == EXIT_UNSUCCESSFUL, result.stderr
    assert "1 job: 403 Forbidden" in result.stderr


def test_ctrl_c_during_a_chunks_read_stops_before_its_write() -> None:
    """The first Ctrl-C stopped after the next write: one during a chunk's read (before the
    write went out) still cancelled the chunk, or, for 100 ids or fewer, was never heard. The
    server signals the command while it holds that read's answer, so the interrupt is there
    before the answer is."""
    import signal
    import threading

    from ionq_facade.testing._mock_data import generate_jobs

    jobs = [{**job, "status": "submitted"} for job in generate_jobs(3, seed=7)]
    started: list[subprocess.Popen[str]] = []
    ready, reads = threading.Event(), []

    def interrupt_second_read(request: Any) -> bool:
        if request.method == "GET" and request.args.getlist("ids"):
            reads.append(request)
            if len(reads) == 2:  # the preview's read was the first; this is the chunk's own
                assert ready.wait(60)
                started[0].send_signal(signal.SIGINT)
        return False  # no fault: the answer is the mock's own

    with MockIonQServer(jobs, include_seed_job=False) as server:
        server.inject(Fault.delay(0), times=None, when=interrupt_second_read)
        env = subprocess_env(IONQ_BASE_URL=server.base_url, IONQ_API_KEY=server.api_key)
        started.append(subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", "import signal; signal.signal(signal.SIGINT, "
             "signal.default_int_handler); from ionq_facade.cli._app import run_entry; "
             "run_entry()",
             "cancel", *(job["id"] for job in jobs), "--yes", "--format", "jsonl"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        ))  # fmt: skip
        ready.set()
        stdout, stderr = started[0].communicate(timeout=60)
        methods = [r.method for r in server.requests]
        statuses = {job["status"] for job in server.jobs}
    assert started[0].returncode == 130, stderr
    assert "PUT" not in methods
    assert statuses == {"submitted"}
    outcomes = [json.loads(line)["outcome"] for line in stdout.splitlines()]
    assert outcomes == ["not-sent"] * 3
    assert "interrupted: 0 of 3 done" in stderr


@pytest.mark.parametrize("columns", [30, 40, 60, 80])
def test_show_narrower_than_80_columns_loses_no_character(columns: int) -> None:
    """Below 80 columns the table was laid out for 80 and printed at the terminal's width:
    rich cut each line there, so ids looked whole without their last characters and words
    vanished from the middle of a message. Every line fits; every value is there, folded."""
    from tests.rawserver import send, serving

    job = {
        "id": "6b27fa69-e245-4eb5-8d02-2e445a790edd",
        "status": "failed",
        "backend": "qpu.forte-enterprise-1",
        "predicted_execution_duration_ms": 20711,
        "failure": {"code": "QuotaExhaustedError", "message": "The project has no quantum "
                    "compute time left."},
    }  # fmt: skip
    with serving(send(200, job)) as srv:
        env = subprocess_env(IONQ_BASE_URL=srv.base_url, IONQ_API_KEY="k", COLUMNS=str(columns))
        shown = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "ionq_facade.cli", "show", job["id"], "--format", "table"],
            capture_output=True, text=True, env=env, timeout=60, check=False,
        )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert max(map(len, shown.stdout.splitlines())) <= columns
    lines = shown.stdout.splitlines()
    at = lines[0].index("value")  # where the value column starts
    names = "".join(line[:at].strip() for line in lines)
    values = "".join(line[at:].replace(" ", "") for line in lines)
    assert "predicted_execution_duration_ms" in names
    for value in (job["id"], job["backend"], "20711", "QuotaExhaustedError",
                  "Theprojecthasnoquantumcomputetimeleft."):  # fmt: skip
        assert value in values


def test_wait_says_not_found_for_an_id_no_poll_ever_found(server: MockIonQServer) -> None:
    """An id that never existed (a typo) was "gone", as if deleted while waited for; cancel,
    delete and cost call it not found."""
    from ionq_facade.cli._waiting import WaitView

    done = next(j["id"] for j in server.jobs if j["status"] == "completed")
    typo = "00000000-0000-4000-8000-00000000beef"
    result = run(server, "wait", done, typo, "--timeout", "0", "--format", "json")
    assert result.returncode == EXIT_UNSUCCESSFUL, result.stderr
    assert json.loads(result.stdout) == {done: "completed", typo: "not-found"}
    assert f"not completed: {typo} not-found" in result.stderr
    view = WaitView(["a", "b"], live=False)
    view.poll({"a": {"status": "started"}, "b": None})
    view.poll({"a": None, "b": None})
    assert view.status == {"a": "gone", "b": "not-found"}  # deleted while waited for; never


def test_a_parent_or_session_uuid_in_upper_case_matches_its_jobs() -> None:
    """list left out every child of `--parent-job-id UPPER` (the jobs name it in lower case,
    and the check compared the text): a UUID in any case is one, here as for ids."""
    from tests.rawserver import page, serving

    parent = "0a1b2c3d-0000-4000-8000-00000000abcd"
    jobs = [{"id": f"c{n}", "status": "completed", "parent_job_id": parent, "session_id": parent}
            for n in range(3)]  # fmt: skip
    with serving(page(jobs)) as srv:
        for option in ("--parent-job-id", "--session-id"):
            listed = run_at(srv.base_url, "list", option, parent.upper(), "--format", "jsonl")
            assert listed.returncode == 0, listed.stderr
            assert len(listed.stdout.splitlines()) == 3
            assert listed.stderr == ""
    sent = [request.target for request in srv.requests]
    assert all(parent in target and parent.upper() not in target for target in sent)


def test_a_server_ignoring_a_filter_is_not_followed_through_the_project() -> None:
    """Jobs the filters do not match are left out, so the limit was never met: `list --status
    failed` read all 300 pages of a server ignoring the filter (and a --since listing's look
    past its limit, all 400). Five pages in a row without a match end it (exit 8); the look
    past a limit reads a few pages at most."""
    from ionq_facade.cli._listing import PAGES_WITHOUT_A_MATCH, PEEKED_PAGES
    from tests.rawserver import page, serving

    def jobs(status: str, n: int) -> list[dict[str, Any]]:
        return [{"id": f"{status}-{n}-{k}", "status": status,
                 "submitted_at": f"2026-01-01T00:{59 - n // 60:02d}:{59 - n % 60:02d}Z"}
                for k in range(2)]  # fmt: skip

    others = [page(jobs("completed", n), f"c{n + 1}") for n in range(300)]
    with serving(*others) as srv:
        ignored = run_at(srv.base_url, "list", "--status", "failed", "--format", "jsonl")
        requests = len(srv.requests)
    assert ignored.returncode == 8, ignored.stderr
    assert requests == PAGES_WITHOUT_A_MATCH
    assert "pages in a row held no job the filters match" in ignored.stderr
    first = page(jobs("completed", 0), "c1")
    rest = [page(jobs("failed", n), f"c{n + 1}") for n in range(1, 400)]
    with serving(first, *rest) as srv:
        cut = run_at(srv.base_url, "list", "--until", "2026-02-01", "--status", "completed",
                     "--limit", "2", "--page-size", "2", "--format", "jsonl")  # fmt: skip
        requests = len(srv.requests)
    assert cut.returncode == 0, cut.stderr
    assert len(cut.stdout.splitlines()) == 2
    assert requests <= 1 + PEEKED_PAGES + 1  # (a prefetch may have one more in flight)
    assert "more exist" in cut.stderr  # not known within the pages read: said as before
