"""The command line takes what people type: options anywhere, several statuses, resuming, the
standalone mock, CLI words in errors; and what a lean install without extras says."""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from ionq_jobs_api.models import Job

from ionq_facade.cli import _app as cli
from ionq_facade.cli._progress import Progress
from ionq_facade.testing import MockIonQServer
from tests.conftest import interrupt_at_page, subprocess_env


@pytest.fixture(scope="module")
def server() -> Iterator[MockIonQServer]:
    with MockIonQServer(jobs=90) as started:
        yield started
        started.check()


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


def script(
    *args: str, env: dict[str, str] | None = None, code: str | None = None
) -> subprocess.CompletedProcess[str]:
    code = (
        code or "import sys; from ionq_facade.cli import entry; sys.argv[0] = 'ionq-jobs'; entry()"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=subprocess_env(**(env or {})),
        timeout=60,
    )


def ids(result: Result) -> list[str]:
    return [json.loads(line)["id"] for line in result.stdout.splitlines()]


def test_global_options_after_the_subcommand(
    server: MockIonQServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IONQ_API_KEY", server.api_key)
    monkeypatch.delenv("IONQ_BASE_URL", raising=False)
    result = invoke("list", "--base-url", server.base_url, "--max-retries", "0", "-v",
                    "--limit", "3", "--format", "jsonl")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert ids(result) == [job["id"] for job in server.jobs[:3]]
    before = invoke("--base-url", server.base_url, "summary", "--format", "json")
    assert json.loads(before.stdout)["jobs"] == len(server.jobs)


def test_no_arguments_prints_the_help() -> None:
    result = script()
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: ionq-jobs")
    assert "list" in result.stdout
    assert "summary" in result.stdout
    assert result.stderr == ""
    assert result.stdout == script("--help").stdout  # as wide, -h listed (it was narrower)


def test_several_statuses_merge_newest_first(server: MockIonQServer, env: dict[str, str]) -> None:
    result = invoke("list", "--status", "failed,canceled", "--status", "completed", "--all",
                    "--format", "jsonl", "--page-size", "9")  # fmt: skip
    assert result.exit_code == 0, result.output
    wanted = {"failed", "canceled", "completed"}
    assert ids(result) == [job["id"] for job in server.jobs if job["status"] in wanted]
    asked = {r.query["status"] for r in server.requests if r.query and "status" in r.query}
    assert asked == wanted  # one cursor per status


def test_several_statuses_with_a_limit_say_more_exist(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    result = invoke("list", "--status", "failed,completed", "--limit", "4", "--format", "jsonl")
    wanted = {"failed", "completed"}
    assert ids(result) == [job["id"] for job in server.jobs if job["status"] in wanted][:4]
    assert "showing 4 jobs; more exist: --all or --limit N" in result.stderr
    assert "--resume" not in result.stderr  # no single cursor for several statuses


def test_a_cut_listing_says_so_on_stderr_also_into_a_pipe(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    result = invoke("list", "--format", "csv", "--limit", "5")
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 5
    assert result.stderr.startswith("showing 5 jobs; more exist: --all or --limit N; to continue")
    whole = invoke("list", "--all", "--format", "csv")
    assert "more exist" not in whole.stderr


def test_limit_zero_claims_nothing_about_jobs_it_did_not_ask_for(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    """`--limit 0` (a CSV header alone) sends no request: its note cannot say "more exist"
    (the filter may match none)."""
    result = invoke("list", "--limit", "0", "--format", "csv", "--target", "no.such-backend")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(",".join(Job.JSON_FIELDS))  # the header alone
    assert result.stdout.count("\n") == 1
    assert "more exist" not in result.stderr
    assert result.stderr == "--limit 0: no jobs listed; --all or --limit N lists them\n"
    assert not [r for r in server.requests if r.path.endswith("/jobs")]


def test_a_window_cut_at_its_last_job_says_nothing_more_exists(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    """`--since` with a limit that took the window's last job on a page's end said "more
    exist" and gave a command that listed nothing: the next pages are read to see."""
    since = server.jobs[9]["submitted_at"]  # newest first: ten jobs from there on
    assert server.jobs[10]["submitted_at"] < since
    args = ("list", "--since", since, "--format", "csv", "--page-size", "5")
    whole = invoke(*args, "--limit", "10")
    assert len(list(csv.DictReader(io.StringIO(whole.stdout)))) == 10
    assert whole.stderr == ""
    part = invoke(*args, "--limit", "5")
    assert part.stderr.startswith("showing 5 jobs; more exist")


def test_the_cut_notes_cursor_resumes_after_what_was_shown(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    first = invoke("list", "--format", "jsonl", "--limit", "7")
    cursor = first.stderr.split("--resume ")[1].split()[0]
    rest = invoke("list", "--format", "jsonl", "--all", "--resume", cursor)
    assert ids(first) + ids(rest) == [job["id"] for job in server.jobs]


def test_interrupted_csv_resumes_into_one_valid_csv(
    server: MockIonQServer, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The advice is a command to copy, appending (`>>`): followed literally, one valid CSV."""
    restore = interrupt_at_page(monkeypatch, 3)
    first = invoke("list", "--all", "--format", "csv", "--page-size", "10")
    assert first.exit_code == cli.EXIT_INTERRUPTED
    (line,) = first.stderr.splitlines()
    assert line.startswith("ionq-jobs: interrupted after 20 jobs; to continue, appending")
    advice = line.split(": ", 3)[-1].strip()
    assert advice.startswith("ionq-jobs list --all --format csv --page-size 10 --resume ")
    assert advice.endswith(" >> FILE")
    restore()
    command = shlex.split(advice.removesuffix(" >> FILE"))
    rest = invoke(*command[1:])
    rows = list(csv.DictReader(io.StringIO(first.stdout + rest.stdout)))
    assert [row["id"] for row in rows] == [job["id"] for job in server.jobs]


def test_an_interrupted_json_export_is_a_closed_document(
    server: MockIonQServer, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupt_at_page(monkeypatch, 3)
    result = invoke("list", "--all", "--format", "json", "--page-size", "10")
    assert result.exit_code == cli.EXIT_INTERRUPTED
    assert [job["id"] for job in json.loads(result.stdout)] == [j["id"] for j in server.jobs[:20]]
    assert "--format jsonl or csv" in result.stderr
    refused = invoke("list", "--format", "json", "--resume", "c1")
    assert refused.exit_code == 2
    assert "--resume cannot continue a JSON document" in refused.stderr


def test_interrupted_table_shows_what_was_fetched(
    server: MockIonQServer, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupt_at_page(monkeypatch, 2)
    result = invoke("list", "--all", "--format", "table", "--page-size", "10")
    assert result.exit_code == cli.EXIT_INTERRUPTED
    shown = [job["id"] for job in server.jobs if job["id"] in result.stdout]
    assert shown == [job["id"] for job in server.jobs[:10]]
    assert (
        "interrupted after 10 jobs; to continue: ionq-jobs list --all --format table "
        "--page-size 10 --resume " in result.stderr
    )


def test_ctrl_c_while_a_whole_table_is_drawn_says_not_all_was_shown(
    server: MockIonQServer, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page fetched, a Ctrl-C while the table was drawn (rich renders thousands of rows
    for seconds) said "interrupted after N jobs; nothing more to resume", over no rows."""
    from ionq_facade.cli import _table

    def interrupted(*args: object, **kwargs: object) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(_table, "print_jobs", interrupted)
    for cut, count in ((("--all",), len(server.jobs)), (("--limit", "10"), 10)):
        result = invoke("list", *cut, "--format", "table", "--page-size", "5")
        assert result.exit_code == cli.EXIT_INTERRUPTED
        assert result.stderr == (  # never a --resume: after the jobs fetched, it skips the rest
            f"ionq-jobs: interrupted while drawing the table of {count} jobs, not all "
            "shown; run it again, or export them: --format jsonl or csv\n"
        )


def test_a_table_that_fails_part_way_shows_what_was_fetched(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    """A later page's error drew no table: the jobs already fetched were lost, and the resume
    advice (after them) skipped them for good."""
    from ionq_facade.testing import Fault

    server.inject(Fault.http_status(503), times=None, when=lambda request: "next" in request.args)
    args = ("list", "--all", "--format", "table", "--page-size", "10", "--max-retries", "0")
    result = invoke(*args)
    assert result.exit_code == cli.EXIT_API
    shown = [job["id"] for job in server.jobs if job["id"] in result.stdout]
    assert shown == [job["id"] for job in server.jobs[:10]]
    resume = result.stderr.split("--resume ")[1].split()[0]
    server.clear_faults()
    rest = invoke("list", "--all", "--format", "jsonl", "--page-size", "10", "--resume", resume)
    assert ids(rest) == [job["id"] for job in server.jobs[10:]]


def test_a_table_cut_by_an_error_is_drawn_as_a_whole_one_is(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    """The partial table showed a status column that one --status makes the same on every row
    (the whole table leaves it out)."""
    from ionq_facade.testing import Fault

    args = ("list", "--all", "--format", "table", "--status", "completed", "--page-size", "5")
    whole = invoke(*args)
    server.inject(Fault.http_status(503), times=None, when=lambda request: "next" in request.args)
    cut = invoke(*args, "--max-retries", "0")
    assert cut.exit_code == cli.EXIT_API
    assert cut.stdout.split("\n")[0].split() == whole.stdout.split("\n")[0].split()
    assert "status" not in cut.stdout.split("\n")[0].split()
    ids_cut = [line.split()[0] for line in cut.stdout.splitlines()[1:]]
    assert ids_cut == [line.split()[0] for line in whole.stdout.splitlines()[1:6]]


def test_a_merged_table_cut_by_an_error_says_it_cannot_be_resumed(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    """Several statuses have no one cursor: Ctrl-C said so, an error after some rows did not
    (the rows, then the error alone, as if nothing could be done about the rest)."""
    from ionq_facade.testing import Fault

    server.inject(Fault.http_status(503), times=None, when=lambda request: "next" in request.args)
    args = ("list", "--all", "--format", "table", "--status", "completed,failed")
    result = invoke(*args, "--page-size", "5", "--max-retries", "0")
    assert result.exit_code == cli.EXIT_API
    assert len(result.stdout.splitlines()) > 1  # a header and the rows fetched
    assert result.stderr.startswith("ionq-jobs: error: 503")
    assert " (this command cannot be resumed; run it again)" in result.stderr
    assert "--resume" not in result.stderr


def test_a_table_whose_first_page_fails_shows_no_table(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    from ionq_facade.testing import Fault

    server.inject(Fault.http_status(503), times=None)
    result = invoke("list", "--all", "--format", "table", "--max-retries", "0")
    assert result.exit_code == cli.EXIT_API
    assert result.stdout == ""
    assert result.stderr.startswith("ionq-jobs: error: 503")


def test_interrupted_summary_does_not_offer_resume(
    server: MockIonQServer, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(self: Progress, jobs: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Progress, "page", interrupt)
    result = invoke("summary", "--page-size", "10")
    assert result.exit_code == cli.EXIT_INTERRUPTED
    assert "--resume" not in result.stderr
    assert "cannot be resumed" in result.stderr


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_cleared_before_the_table_on_a_shared_terminal(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    screen = FakeTerminal()
    settings = cli.Settings(base_url=server.base_url, api_key=server.api_key)
    listing = cli.make_listing(page_size=5)
    progress = Progress(screen)
    sys_stdout = sys.stdout
    sys.stdout = screen
    try:
        cli.show_table(settings, listing, 12, None, progress)
    finally:
        sys.stdout = sys_stdout
    text = screen.getvalue()
    assert "3 pages, 15 jobs" in text  # progress was shown (whole pages fetched)...
    visible = text.rsplit("\r\x1b[K", 1)[1]  # ...and erased before the table
    assert visible.startswith("\x1b[1mid ")  # the bold header, at the start of the line
    assert "pages" not in visible
    assert len(visible.splitlines()) == 13


@pytest.mark.parametrize(
    ("args", "env_extra", "words"),
    [
        (["--base-url", "http://example.com/v0.4", "list"], {}, "--base-url"),
        (["list"], {"IONQ_BASE_URL": "https://api.ionq.co/v0.4\n"}, "IONQ_BASE_URL"),
        (["list", "--timeout", "inf"], {}, "--request-timeout"),
        (["list", "--timeout", "1e300"], {}, "--request-timeout"),
        (["list", "--resume", ""], {}, "--resume"),
        (["list", "--page-size", "3000000000"], {}, "--page-size"),
    ],
)
def test_errors_speak_cli(args: list[str], env_extra: dict[str, str], words: str) -> None:
    result = script(*args, env={"IONQ_API_KEY": "fake-key", **env_extra})
    assert result.returncode == cli.EXIT_USAGE, result.stderr
    (line,) = result.stderr.splitlines()
    assert words in line
    for python_words in ("base_url", "page_size", "Traceback"):
        assert python_words not in line


def test_a_bad_key_file_names_the_option(tmp_path: os.PathLike[str]) -> None:
    key_file = os.path.join(tmp_path, "key")
    with open(key_file, "w") as handle:
        handle.write("a key with spaces")
    result = script("--api-key-file", key_file, "list")
    assert result.returncode == cli.EXIT_NO_KEY
    assert "--api-key-file" in result.stderr
    assert "a key with spaces" not in result.stderr


@pytest.mark.parametrize("jobs", [25, cli.MOCK_SAYS_GENERATING])
def test_mock_command_serves_another_process(jobs: int) -> None:
    """Many jobs take a while to generate (1,000,000: minutes), and a line says so first."""
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-c", "import signal, sys; from ionq_facade.cli import entry; "
         # Ctrl-C as a terminal delivers it (a backgrounded test run inherits SIGINT ignored)
         "signal.signal(signal.SIGINT, signal.default_int_handler); "
         "sys.argv[0] = 'ionq-jobs'; entry()", "mock", "--jobs", str(jobs), "--seed", "4"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        exports = dict(line.removeprefix("export ").strip().split("=", 1) for line in lines[1:])
        listed = script("list", "--all", "--format", "jsonl", env=exports)
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.splitlines()) == jobs + 1  # the docs page's job and more
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "Traceback" not in stderr
    generating = f"generating {jobs:,} jobs…\n"
    assert stderr.startswith(generating) == (jobs >= cli.MOCK_SAYS_GENERATING)


# --- a lean install ----------------------------------------------------------------------------

HIDE = "import sys\nfor name in {names}: sys.modules[name] = None\n"


def test_without_the_cli_extra_the_script_says_what_to_install() -> None:
    code = HIDE.format(names=["click", "rich"]) + "from ionq_facade.cli import entry; entry()"
    result = script("list", code=code)
    assert result.returncode == cli.EXIT_USAGE
    assert result.stderr.strip() == (
        "ionq-jobs: error: this needs the [cli] extra (click, rich not installed): "
        "pip install '.[cli]' in a clone of ionq-jobs "
        "(or pip install 'ionq-jobs[cli]' once it is published)"
    )


def test_without_the_testing_extra_the_kit_says_what_to_install() -> None:
    code = HIDE.format(names=["pytest_httpserver"]) + "from ionq_facade.testing import Fault"
    result = script(code=code)
    assert result.returncode == 1
    assert "ImportError: ionq_facade.testing: this needs the [testing] extra" in result.stderr
    assert "pip install '.[testing]' in a clone of ionq-jobs" in result.stderr


def test_the_pytest_plugin_and_the_client_load_no_test_tooling() -> None:
    # (click and rich are left out of the check: httpx imports them for its own CLI when they
    # happen to be installed; the core install has neither)
    code = (
        "import sys, ionq_facade.testing.pytest_plugin, ionq_facade\n"
        "from ionq_facade import JobsClient, errors\n"
        "heavy = [m for m in ('ionq_facade.testing._server', 'werkzeug', 'pytest_httpserver',"
        " 'openapi_core', 'yaml') if m in sys.modules]\n"
        "print(heavy)"
    )
    result = script(code=code)
    assert result.stdout.strip() == "[]", result.stderr


def test_jobs_client_reads_ionq_base_url(
    server: MockIonQServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ionq_facade import JobsClient

    monkeypatch.setenv("IONQ_BASE_URL", server.base_url)
    with JobsClient(api_key=server.api_key) as client:
        assert client.base_url == server.base_url
        assert len(client.get_page(page_size=2)) == 2
    monkeypatch.setenv("IONQ_BASE_URL", "http://example.com/v0.4")
    with pytest.raises(ValueError, match="refusing plain http"):
        JobsClient(api_key="fake-key")


def test_errors_on_a_narrow_terminal_wrap_at_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    from ionq_facade.cli._app import wrapped

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("COLUMNS", "40")
    line = "ionq-jobs: error: 2 jobs still running: 983b6497-8d56-4a9a-91c3-388153a4a4c2 and more"
    lines = wrapped(line, Terminal()).splitlines()
    assert all(len(row) <= 40 for row in lines if "983b6497" not in row)
    assert any(row.strip().startswith("983b6497-8d56-4a9a-91c3-388153a4a4c2") for row in lines)
    assert " ".join(row.strip() for row in lines) == line
    assert wrapped(line, io.StringIO()) == line  # not a terminal: one line for logs


def test_help_lists_only_what_the_command_takes() -> None:
    demo = invoke("demo", "--help").stdout
    assert "--base-url" not in demo
    assert "--api-key-file" not in demo
    verify = invoke("verify", "--help").stdout
    assert "--since" not in verify
    assert "--until" not in verify
    assert "--jobs" in verify
    mock = invoke("mock", "--help").stdout
    assert "How many fake jobs" in mock
    for command in ("demo", "mock"):  # it was ignored
        remote = script("--base-url", "http://127.0.0.1:9/v0.4", command)
        assert remote.returncode == 2
        assert f"{command} runs on its own mock server" in remote.stderr


def test_verify_checks_its_record_path_before_any_request(
    server: MockIonQServer, env: dict[str, str], tmp_path: Path
) -> None:
    result = invoke("verify", "--record", str(tmp_path / "missing" / "x.json"))
    assert result.exit_code == 2
    assert "--record: cannot write" in result.stderr
    assert server.requests == []


@pytest.mark.parametrize(
    ("path", "said"),
    [("-", "--record takes a file name, not '-'"), ("", "--record: the path is empty")],
)
def test_verify_names_a_record_path_that_is_no_file_name(
    server: MockIonQServer,
    env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    said: str,
) -> None:
    """`--record -` wrote a file named `-`; `--record ""` was refused as the folder '.'."""
    monkeypatch.chdir(tmp_path)
    result = invoke("verify", "--record", path)
    assert result.exit_code == 2
    assert said in result.stderr
    assert server.requests == []
    assert list(tmp_path.iterdir()) == []


def test_the_cut_notes_command_keeps_the_filters(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    """It said `--resume CURSOR` alone: run as said, the next ones were of every status."""
    first = invoke("list", "--status", "completed", "--format", "jsonl", "--limit", "5",
                   "--page-size", "5")  # fmt: skip
    command = first.stderr.split("to continue")[1].split(": ", 1)[1].split(" >> ")[0]
    words = shlex.split(command)
    assert words[:7] == ["ionq-jobs", "list", "--status", "completed", "--format", "jsonl",
                         "--page-size"]  # fmt: skip
    assert words[words.index("--limit") + 1] == "5"  # as many again (not the default 20)
    rest = invoke(*words[1:], "--all")
    completed = [job["id"] for job in server.jobs if job["status"] == "completed"]
    assert len(completed) > 5
    assert ids(first) + ids(rest) == completed


def test_one_job_is_one_job(server: MockIonQServer, env: dict[str, str]) -> None:
    assert invoke("list", "--format", "jsonl", "--limit", "1").stderr.startswith(
        "showing 1 job; more exist"
    )


def test_export_progress_is_for_a_file_not_a_pipe(tmp_path: Path) -> None:
    """`> jobs.csv` shows progress on the terminal; `| head` does not (head prints there too)."""
    with (tmp_path / "jobs.csv").open("w") as file:
        assert cli.to_a_file(file)
    reader, writer = os.pipe()
    with os.fdopen(writer, "w") as pipe:
        assert not cli.to_a_file(pipe)
    os.close(reader)
    assert not cli.to_a_file(io.StringIO())


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_retry_shows_on_a_terminal_and_not_in_a_log() -> None:
    import pty

    from ionq_facade.testing import Fault

    with MockIonQServer(jobs=5) as server:
        env = subprocess_env(IONQ_BASE_URL=server.base_url, IONQ_API_KEY=server.api_key)
        command = [sys.executable, "-m", "ionq_facade.cli", "list", "--format", "jsonl"]
        server.inject(Fault.http_status(503), times=1)
        controller, terminal = pty.openpty()
        on_terminal = subprocess.run(  # noqa: S603
            command, stdout=subprocess.PIPE, stderr=terminal, env=env, timeout=60, check=False
        )
        os.close(terminal)
        screen = os.read(controller, 65536).decode()
        os.close(controller)
        server.inject(Fault.http_status(503), times=1)
        in_a_log = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, env=env, timeout=60, check=False
        )
    assert on_terminal.returncode == 0
    assert "ionq-jobs: retrying GET /v0.4/jobs after HTTP 503" in screen
    assert in_a_log.returncode == 0
    assert "retrying" not in in_a_log.stderr


def test_a_cursor_that_fails_at_once_gets_no_advice_to_retry_it(
    server: MockIonQServer, env: dict[str, str]
) -> None:
    result = invoke("list", "--format", "jsonl", "--resume", "zz-not-a-cursor")
    assert result.exit_code != 0
    assert "--resume zz-not-a-cursor" not in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_every_help_fits_80_columns() -> None:
    for command in ["", *cli.main.commands]:
        args = [command, "--help"] if command else ["--help"]
        result = CliRunner(env={"COLUMNS": "80"}).invoke(cli.main, args)
        assert result.exit_code == 0, command
        wide = [line for line in result.stdout.splitlines() if len(line) > 80]
        assert wide == [], f"ionq-jobs {command} --help"


def test_resume_advice_keeps_what_is_left_of_the_limit(
    server: MockIonQServer, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupt_at_page(monkeypatch, 2)
    args = ("list", "--limit", "25", "--format", "csv", "--header", "--page-size", "10")
    result = invoke(*args)
    assert result.exit_code == cli.EXIT_INTERRUPTED
    command = result.stderr.split(": ", 3)[-1]
    assert " --limit 15 " in command  # 10 listed of 25
    assert "--header" not in command  # the appended part must not repeat the header
