"""The `ionq-jobs` command line against the mock server, over real HTTP."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ionq_facade import JobStatus
from ionq_facade.cli import _app as cli
from ionq_facade.cli._output import documented_fields
from ionq_facade.cli._progress import Progress
from ionq_facade.testing import Fault, MockIonQServer
from tests.conftest import interrupt_at_page, subprocess_env


@pytest.fixture(scope="module")
def server() -> Iterator[MockIonQServer]:
    with MockIonQServer(jobs=120) as started:
        yield started
        started.check()


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli.main, ["--max-retries", "0", *args], catch_exceptions=False)


def run_script(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed entry point, as a user runs it (one-line errors, exit codes)."""
    code = "import sys; from ionq_facade.cli import entry; sys.argv[0] = 'ionq-jobs'; entry()"
    environment = subprocess_env(**(env or {}))
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


def test_demo_runs_without_key_or_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IONQ_API_KEY", raising=False)
    result = CliRunner().invoke(cli.main, ["demo", "--jobs", "60"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for expected in (
        "$ ionq-jobs list",
        "jobs by backend and status",
        "failures by code",
        "billed",
    ):
        assert expected in result.stdout
    assert result.stderr == ""


def test_csv_export_reads_back_every_job(server: MockIonQServer, env: dict[str, str]) -> None:
    result = invoke("list", "--all", "--format", "csv", "--page-size", "25")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["id"] for row in rows] == [job["id"] for job in server.jobs]
    assert list(rows[0]) == [*documented_fields(), "extra"]
    by_id = {job["id"]: job for job in server.jobs}
    for row in rows:
        job = by_id[row["id"]]
        assert row["submitted_at"] == job["submitted_at"]  # ISO 8601, as sent
        assert row["status"] == job["status"]
        if job.get("stats") is not None:
            assert json.loads(row["stats"]) == job["stats"]
    assert result.stderr == ""  # no progress off a terminal


def test_jsonl_and_json_are_complete(server: MockIonQServer, env: dict[str, str]) -> None:
    lines = invoke("list", "--all", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == server.jobs
    array = json.loads(invoke("list", "--format", "json").stdout)
    assert array == server.jobs[: cli.SCREENFUL_OFF_TERMINAL]


def test_fields_and_limit(server: MockIonQServer, env: dict[str, str]) -> None:
    result = invoke("list", "--limit", "3", "--fields", "id,status", "--format", "csv")
    assert result.stdout.splitlines()[0] == "id,status"
    assert len(result.stdout.splitlines()) == 4
    for output in ("jsonl", "json"):
        text = invoke("list", "--limit", "3", "--fields", "status,id", "--format", output).stdout
        records = (
            json.loads(text) if output == "json" else [json.loads(x) for x in text.splitlines()]
        )
        assert [list(record) for record in records] == [["status", "id"]] * 3


def test_table_shows_jobs(server: MockIonQServer, env: dict[str, str]) -> None:
    result = invoke("list", "--limit", "5", "--format", "table")
    for job in server.jobs[:5]:
        assert job["id"] in result.stdout


def test_every_filter_reaches_the_server(server: MockIonQServer, env: dict[str, str]) -> None:
    args = "list --status FAILED --target simulator --target qpu.aria-1,qpu.forte-1 --id a --id b"
    args += " --parent-job-id p --session-id s --submitter-id u --page-size 7 --format jsonl"
    invoke(*args.split())
    assert server.requests[-1].query == {
        "status": "failed",
        "target": "simulator,qpu.aria-1,qpu.forte-1",
        "ids": ["a", "b"],
        "parent_job_id": "p",
        "session_id": "s",
        "submitter_id": "u",
        "limit": 7,
    }


def test_since_until_window(server: MockIonQServer, env: dict[str, str]) -> None:
    stamps = sorted(job["submitted_at"] for job in server.jobs)
    since, until = stamps[30], stamps[90]
    result = invoke(
        "list",
        "--all",
        "--since",
        since,
        "--until",
        until,
        "--format",
        "jsonl",
        "--page-size",
        "10",
    )
    got = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert got == [j["id"] for j in server.jobs if since <= j["submitted_at"] < until]
    assert len(server.requests) < 13  # stopped once a whole page was older than --since


def test_resume_continues_a_listing(server: MockIonQServer, env: dict[str, str]) -> None:
    with server.jobs_client() as client:
        first = client.get_page(page_size=50)
    result = invoke(
        "list",
        "--all",
        "--resume",
        first.next_cursor or "",
        "--format",
        "jsonl",
        "--page-size",
        "50",
    )
    got = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert got == [job["id"] for job in server.jobs[50:]]


def test_summary_counts(server: MockIonQServer, env: dict[str, str]) -> None:
    data = json.loads(invoke("summary", "--format", "json").stdout)
    jobs = server.jobs
    assert data["jobs"] == len(jobs)
    failed = [j for j in jobs if j["status"] == "failed"]
    assert sum(data["failures_by_code"].values()) == len(failed)
    billed = sum(j["stats"]["billed_quantum_compute_time_us"] for j in jobs)
    assert data["billed_quantum_compute_time_us"]["total"] == billed
    assert data["shots"]["total"] == sum(j.get("shots", 0) for j in jobs)
    assert data["oldest_submitted_at"] == min(j["submitted_at"] for j in jobs)
    assert data["newest_submitted_at"] == max(j["submitted_at"] for j in jobs)
    cell = next(c for c in data["by_status_backend"] if c["status"] == "completed")
    assert cell["jobs"] == sum(
        1 for j in jobs if j["status"] == "completed" and j["backend"] == cell["backend"]
    )
    table = invoke("summary").stdout
    assert f"{len(jobs)} jobs by backend and status" in table


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["list", "--status", "bogus"],
            2,
            f"--status: invalid job status 'bogus'; allowed: {JobStatus.allowed()}",
        ),
        (["list", "--since", "someday"], 2, "--since 'someday' is not an ISO 8601 date"),
        (["list", "--fields", "id status"], 2, "--fields: 'id status' is not a field name"),
        (["list", "--fields", " , "], 2, "--fields names no field; the documented ones: id,"),
        (["list", "--page-size", "0"], 2, "--page-size"),
        (["list", "--id", ""], 2, "--id must contain only non-empty strings"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], code: int, message: str) -> None:
    result = run_script(*args, env={"IONQ_API_KEY": "fake-key"})
    assert result.returncode == code
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_key_exit_3() -> None:
    result = run_script("list")
    assert result.returncode == cli.EXIT_NO_KEY
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "IONQ_API_KEY" in result.stderr


def test_api_key_file(server: MockIonQServer, env: dict[str, str], tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("IONQ_API_KEY")
    key_file = tmp_path / "key"
    key_file.write_text(server.api_key + "\n")
    assert invoke("--api-key-file", str(key_file), "list", "--limit", "1").exit_code == 0
    missing = invoke("--api-key-file", str(tmp_path / "nope"), "list")
    assert missing.exit_code == cli.EXIT_NO_KEY
    folder = invoke("--api-key-file", str(tmp_path), "list")  # unreadable too (it exited 2)
    assert folder.exit_code == cli.EXIT_NO_KEY, folder.output
    assert "cannot read --api-key-file" in folder.output
    endless = "/dev/zero" if Path("/dev/zero").exists() else None  # read whole, it never ended
    huge = tmp_path / "huge"
    huge.write_bytes(b"k" * 5000)
    for path in filter(None, (endless, str(huge))):
        result = invoke("--api-key-file", path, "list")
        assert result.exit_code == cli.EXIT_NO_KEY, result.output
        assert "holds more than 4,096 bytes: not a key file" in result.output


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"])
def test_a_key_file_windows_tools_wrote_is_read(  # type: ignore[no-untyped-def]
    server: MockIonQServer, env: dict[str, str], tmp_path, monkeypatch, codec: str
) -> None:
    """A BOM (Notepad's UTF-8) or UTF-16 (PowerShell 5.1's `echo KEY > file`) was refused as
    characters a header cannot carry; `--api-key-file ''` was read as the folder `.`."""
    monkeypatch.delenv("IONQ_API_KEY")
    key_file = tmp_path / "key"
    text = server.api_key + "\r\n"
    if codec.endswith("-bom"):
        name = codec.removesuffix("-bom")
        key_file.write_bytes("\ufeff".encode(name) + text.encode(name))
    else:
        key_file.write_bytes(text.encode(codec))
    result = invoke("--api-key-file", str(key_file), "list", "--limit", "1")
    assert result.exit_code == 0, result.output
    empty = invoke("--api-key-file", "", "list")
    assert empty.exit_code == cli.EXIT_USAGE
    assert "--api-key-file': needs a file name, got ''" in empty.output


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (Fault.http_status(429, retry_after=1), cli.EXIT_RATE_LIMIT),
        (Fault.http_status(500), cli.EXIT_API),
        (Fault.http_status(403), cli.EXIT_AUTH),
        (Fault.html_page(), cli.EXIT_MALFORMED),
        (Fault.drop_connection(), cli.EXIT_NETWORK),
    ],
)
def test_api_failures_have_distinct_exit_codes(
    server: MockIonQServer, env: dict[str, str], fault: Fault, code: int
) -> None:
    server.inject(fault, times=None, when=lambda request: "next" in request.args)
    result = run_script(
        "--max-retries", "1", "list", "--all", "--format", "jsonl", "--page-size", "30", env=env
    )
    server.clear_faults()
    assert result.returncode == code, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("ionq-jobs: error: ")
    assert "--resume mck1." in line  # the failed page's cursor
    assert len(result.stdout.splitlines()) == 30  # the first page made it out


def test_wrong_key_exit_4_and_never_printed(server: MockIonQServer, env: dict[str, str]) -> None:
    secret = "fake-but-secret-key-value-123"
    result = run_script("--verbose", "list", env={**env, "IONQ_API_KEY": secret})
    assert result.returncode == cli.EXIT_AUTH
    assert secret not in result.stdout + result.stderr


def test_verbose_logs_retries_without_the_key(server: MockIonQServer, env: dict[str, str]) -> None:
    server.inject(Fault.http_status(503, retry_after=0), times=1)
    result = run_script("--verbose", "list", "--limit", "2", env=env)
    assert result.returncode == 0, result.stderr
    assert "retrying GET /v0.4/jobs after HTTP 503" in result.stderr
    assert server.api_key not in result.stdout + result.stderr


def test_network_down_exit_6() -> None:
    result = run_script(
        "--max-retries",
        "0",
        "--base-url",
        "http://127.0.0.1:9/v0.4",
        "list",
        env={"IONQ_API_KEY": "fake"},
    )
    assert result.returncode == cli.EXIT_NETWORK
    assert "connection failed" in result.stderr


def test_ctrl_c_prints_the_cursor_to_resume(
    server: MockIonQServer, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    restore = interrupt_at_page(monkeypatch, 3)
    result = invoke("list", "--all", "--format", "jsonl", "--page-size", "10")
    assert result.exit_code == cli.EXIT_INTERRUPTED
    assert len(result.stdout.splitlines()) == 20
    cursor = result.stderr.split("--resume ")[1].split()[0]
    restore()
    rest = invoke("list", "--all", "--format", "jsonl", "--page-size", "10", "--resume", cursor)
    got = result.stdout.splitlines() + rest.stdout.splitlines()
    assert [json.loads(line)["id"] for line in got] == [job["id"] for job in server.jobs]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal() -> None:
    terminal, pipe = FakeTerminal(), io.StringIO()
    for stream in (terminal, pipe):
        progress = Progress(stream)
        progress.page(100)
        progress.page(50)
        progress.clear()
    assert "2 pages, 150 jobs" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\x1b[K")  # erased: the next output starts clean
    assert pipe.getvalue() == ""


@pytest.mark.parametrize("command", [[], ["list"], ["summary"], ["demo"]])
def test_help_has_examples(command: list[str]) -> None:
    result = CliRunner().invoke(cli.main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert "Exit codes" in result.stdout or command == ["demo"]


def test_a_screenful_costs_one_small_request(server: MockIonQServer, env: dict[str, str]) -> None:
    result = invoke("list", "--limit", "5", "--format", "jsonl")
    assert len(result.stdout.splitlines()) == 5
    assert [r.query["limit"] for r in server.requests if r.query] == [5]


def test_fields_selects_a_field_the_spec_does_not_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """A field IonQ adds is selectable before the spec has it; a note (with the documented name a
    typo resembles) goes to stderr, never into the export."""
    with MockIonQServer(jobs=3) as mock:
        newest = {**mock.jobs[0], "id": "00000000-0000-4000-8000-0000000000ff"}
        newest["submitted_at"] = "2099-01-01T00:00:00Z"
        mock.add_jobs([{**newest, "queue_position": 7}])
        monkeypatch.setenv("IONQ_API_KEY", mock.api_key)
        monkeypatch.setenv("IONQ_BASE_URL", mock.base_url)
        result = invoke("list", "--format", "jsonl", "--fields", "id,queue_position,sttaus,ID")
        listed = len(mock.jobs)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0] == {"id": newest["id"], "queue_position": 7, "sttaus": None, "ID": None}
    assert [list(record) for record in records] == [
        ["id", "queue_position", "sttaus", "ID"]
    ] * listed
    assert result.stderr == (
        "ionq-jobs: note: not documented job fields, shown only where the server sends them: "
        "queue_position, sttaus (did you mean status?), ID (did you mean id?)\n"
    )
