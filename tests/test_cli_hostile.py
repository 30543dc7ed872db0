"""The command line against hostile servers and input: one line, a documented exit code, never a
traceback; JSON output that is always valid JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ionq_facade.cli import _app as cli
from tests.conftest import make_job, subprocess_env
from tests.rawserver import page, send, serving

SCRIPT = "import sys; from ionq_facade.cli import entry; sys.argv[0] = 'ionq-jobs'; entry()"
# Ctrl-C as a terminal delivers it: a test run started in the background by a shell without job
# control inherits SIGINT *ignored*, and so would the child without this.
WITH_CTRL_C = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "


def run(
    *args: str, base_url: str = "http://127.0.0.1:9/v0.4", code: str = SCRIPT
) -> subprocess.CompletedProcess[str]:
    env = subprocess_env(IONQ_API_KEY="fake-key", IONQ_BASE_URL=base_url)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, "--max-retries", "0", *args],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def body(next_json: str, job: str | None = None) -> str:
    return f'{{"jobs": [{job or json.dumps(make_job("b"))}], "next": {next_json}}}'


@pytest.mark.parametrize(
    ("second", "words"),
    [
        (send(200, b"[" * 100_000, Content_Type="application/json"), "nested too deeply"),
        (
            send(200, body(json.dumps("c" * 70_000)), Content_Type="application/json"),
            "at most 65,536",
        ),
        (send(200, body('"\\udc80x"'), Content_Type="application/json"), "lone surrogate"),
        (
            send(
                200, body("null", '{"id": "\\ud83d", "name": "x"}'), Content_Type="application/json"
            ),
            "lone surrogate",
        ),
    ],
)
def test_hostile_pages_exit_8_in_one_line(second: object, words: str) -> None:
    with serving(page([make_job("a")], "c1"), second) as srv:  # type: ignore[arg-type]
        result = run("list", "--all", "--format", "jsonl", base_url=srv.base_url)
    assert result.returncode == cli.EXIT_MALFORMED
    line = one_line(result)
    assert words in line
    assert "--resume c1" in line
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["a"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["list", "--resume", "c" * 70_000], "--resume cannot be sent"),
        (
            ["list", *[arg for n in range(2000) for arg in ("--id", f"{n:036d}")]],
            "at most 6,000 fit",
        ),
        (["list", "--timeout", "inf"], "--request-timeout"),
        (["list", "--timeout", "nan"], "--request-timeout"),
    ],
)
def test_hostile_input_exits_2_in_one_line(args: list[str], words: str) -> None:
    result = run(*args)
    assert result.returncode == cli.EXIT_USAGE
    assert words in one_line(result)


def test_a_repeated_cursor_offers_no_resume() -> None:
    answers = [page([make_job("a")], "c1"), page([make_job("b")], "c1")]
    with serving(*answers) as srv:
        result = run("list", "--all", "--format", "jsonl", base_url=srv.base_url)
    assert result.returncode == cli.EXIT_MALFORMED
    line = one_line(result)
    assert "a second time" in line
    assert "--resume" not in line


@pytest.mark.parametrize("output", ["json", "jsonl"])
def test_non_finite_numbers_are_written_as_null(output: str) -> None:
    job = '{"id": "a", "shots": NaN, "stats": {"x": Infinity, "y": [1e999, -1e999]}}'
    raw = f'{{"jobs": [{job}], "next": null}}'
    with serving(send(200, raw, Content_Type="application/json")) as srv:
        result = run("list", "--all", "--format", output, base_url=srv.base_url)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout) if output == "json" else [json.loads(result.stdout)]
    assert records == [{"id": "a", "shots": None, "stats": {"x": None, "y": [None, None]}}]
    assert "NaN" not in result.stdout
    assert "Infinity" not in result.stdout


def test_an_internal_error_is_one_line_and_debug_shows_the_traceback() -> None:
    code = (
        "import sys\n"
        "from ionq_facade.cli import _app\n"
        "def broken(*args, **kwargs):\n"
        "    raise ZeroDivisionError('a bug of ours')\n"
        "_app.make_listing = broken\n"
        "sys.argv[0] = 'ionq-jobs'\n"
        "_app.run_entry()\n"
    )
    quiet = run("list", code=code)
    assert quiet.returncode == cli.EXIT_INTERNAL
    line = one_line(quiet)
    assert "internal error (ZeroDivisionError)" in line
    assert "--debug" in line
    loud = run("list", "--debug", code=code)
    assert "Traceback" in loud.stderr
    assert "a bug of ours" in loud.stderr
    assert loud.returncode == cli.EXIT_INTERNAL  # it was 1: Python's, for the raise
    assert loud.stderr.rstrip().endswith("internal error (ZeroDivisionError); please report it")
    env = subprocess_env(IONQ_API_KEY="fake-key", IONQ_BASE_URL="http://127.0.0.1:9/v0.4")
    values = [("0", False), ("false", False), ("", False), ("Off", False), ("1", True),
              ("yes", True), ("2", True), ("debug", True)]  # fmt: skip
    for value, shown in values:
        told = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code, "list"], capture_output=True, text=True, timeout=60,
            env={**env, "IONQ_DEBUG": value},
        )  # fmt: skip
        assert ("Traceback" in told.stderr) == shown, value  # IONQ_DEBUG=0 turned it on
        assert told.returncode == cli.EXIT_INTERNAL


def test_the_key_never_appears_with_odd_characters() -> None:
    env = subprocess_env(IONQ_API_KEY="sec\x0bret-key-42")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT, "list"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == cli.EXIT_NO_KEY
    assert "ret-key-42" not in result.stderr + result.stdout
    assert "IONQ_API_KEY" in one_line(result)


def test_ctrl_c_during_a_prefetch_is_prompt_and_sends_no_retry() -> None:
    import signal
    import time

    from tests.rawserver import hang

    first = page([make_job("a"), make_job("b")], "c1")
    with serving(first, hang(30)) as srv:
        env = subprocess_env(IONQ_API_KEY="fake-key", IONQ_BASE_URL=srv.base_url)
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", WITH_CTRL_C + SCRIPT, "--max-retries", "3", "--timeout", "20",
             "list", "--all", "--format", "jsonl", "--page-size", "2"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        while len(srv.requests) < 2:  # page 2 is in flight (prefetched) and hangs
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        # Prompt: the process ends without waiting out the 20 s timeout of the hung request and
        # then its retries (which would take longer than this wait).
        stdout, stderr = process.communicate(timeout=30)
        assert len(srv.requests) == 2  # no retry after the interrupt
    assert process.returncode == cli.EXIT_INTERRUPTED
    assert [json.loads(line)["id"] for line in stdout.splitlines()] == ["a", "b"]
    assert "--resume c1" in stderr
    assert "Traceback" not in stderr


# --- found by a review of listing and export (each failed before its fix) -------------------------


def test_list_and_summary_write_a_job_repeated_across_pages_once() -> None:
    """Pages that shift under concurrent inserts repeat a job at the boundary: iter_jobs drops
    it, and list and summary (which read pages) wrote it twice."""
    first, second = (
        page([make_job("j1"), make_job("j2")], "c2"),
        page([make_job("j2"), make_job("j3")]),
    )
    with serving(first, second) as srv:
        listed = run("list", "--all", "--format", "csv", "--fields", "id", base_url=srv.base_url)
    with serving(first, second) as srv:
        summary = run("summary", "--format", "json", base_url=srv.base_url)
    assert listed.stdout.split() == ["id", "j1", "j2", "j3"]
    assert json.loads(summary.stdout)["jobs"] == 3


def test_a_cursor_in_advice_is_one_exact_shell_word_with_no_raw_control_character() -> None:
    """A `next` holding `$(...)`, an escape sequence and a newline was printed raw in the
    'more exist' note: the screen was cleared and the command ran `touch` when copied."""
    cursor = "c2 $(touch PWNED) \x1b[2J\nsecond-line"
    with serving(page([make_job("j1"), make_job("j2")], cursor)) as srv:
        result = run("list", "--limit", "2", "--format", "csv", base_url=srv.base_url)
    note = result.stderr.strip()
    assert "\n" not in note
    assert "\x1b" not in note
    word = note.split("--resume ", 1)[1].split(" >> ")[0]
    shell = ["bash", "-c", f"printf %s {word}"]
    assert subprocess.run(shell, capture_output=True, check=True).stdout.decode() == cursor  # noqa: S603


def test_summary_of_odd_labels_and_numbers_ends_and_counts_what_it_can() -> None:
    """Labels equal once escaped (or a status named 'total') made summary loop forever at 80
    columns; a 400-digit billed time exited 70; a billed time of 2.5e6 was not counted."""
    from ionq_facade.cli._summary import Summary
    from ionq_facade.cli._table import print_summary, shorten_unique

    assert shorten_unique(["x\\n", "x\\n", "longer-label"], 3) == ["x\\n", "x\\n", "lo…"]
    summary = Summary()
    odd = [("qpu.a\n", "total", 10**400, 5), ("qpu.a\\n", "done", 2.5e6, 10**4300)]
    for backend, status, billed, shots in odd:
        stats = {"billed_quantum_compute_time_us": billed}
        summary.add(
            {"id": "j", "backend": backend, "status": status, "shots": shots, "stats": stats}
        )
    out = __import__("io").StringIO()
    print_summary(summary, out, width=80)
    assert "2.500" in out.getvalue()  # seconds: the float counted, the 400 digits not
    assert json.loads(json.dumps(summary.to_dict()))["shots"]["total"] == 5


def test_a_csv_part_that_met_only_empty_pages_has_its_header() -> None:
    """A resumed part is appended without a header; the part before it wrote none when its
    pages were empty (a window that skipped them), so the file had no header at all."""
    from ionq_facade.cli._output import Writer

    out = __import__("io").StringIO()
    writer = Writer(out, "csv", ("id", "status"))
    writer.write([])
    assert out.getvalue() == "id,status\n"
    writer.write([{"id": "j1", "status": "ready"}])
    writer.close()
    assert out.getvalue() == "id,status\nj1,ready\n"


def test_summary_into_a_pipe_closed_early_exits_0() -> None:
    """rich ends a broken pipe with exit 1; the commands end it quietly with 0, as list does."""
    from ionq_facade.cli._table import PlainConsole

    with pytest.raises(BrokenPipeError):
        PlainConsole().on_broken_pipe()


def test_a_json_listing_cut_does_not_offer_a_resume_it_would_refuse() -> None:
    with serving(page([make_job("j1"), make_job("j2")], "c2")) as srv:
        result = run("list", "--limit", "2", "--format", "json", base_url=srv.base_url)
    assert "more exist" in result.stderr
    assert "--resume" not in result.stderr


@pytest.mark.parametrize(
    "text", ["a\x85b", "soft\xadhyphen", "c2 \x1b[2J\nline", "q'\\z", "e\U000e0001"]
)
def test_a_shell_word_is_the_exact_text(text: str) -> None:
    """U+0080-U+00FF were written as \\xHH, which bash reads as one raw byte, not the character."""
    word = cli.shell_word(text)
    assert "\x1b" not in word
    assert "\n" not in word
    shell = ["bash", "-c", f"printf %s {word}"]
    assert subprocess.run(shell, capture_output=True, check=True).stdout.decode() == text  # noqa: S603


def test_summary_span_compares_times_not_strings() -> None:
    """`10:00+05:00` (05:00Z) was the newest of three jobs by string order, and an unreadable
    time could be the newest."""
    from ionq_facade.cli._summary import Summary
    from ionq_facade.cli._table import print_summary

    summary = Summary()
    for submitted in ("2026-11-20T10:00:00+05:00", "2026-11-20T06:00:00Z", "not a time",
                      "2026-11-20T07:00:00-03:00", None, "0001-01-01T00:00:00+05:00",
                      "9999-12-31T23:30:00-05:00"):  # fmt: skip  # no UTC time: not a span's
        summary.add({"id": "j", "status": "completed", "submitted_at": submitted})
    assert (summary.oldest, summary.newest) == (
        "2026-11-20T10:00:00+05:00",
        "2026-11-20T07:00:00-03:00",
    )
    assert summary.to_dict()["oldest_submitted_at"] == "2026-11-20T10:00:00+05:00"
    out = __import__("io").StringIO()
    print_summary(summary, out, width=80)  # the server's text cut to the minute read backwards
    assert (
        out.getvalue().splitlines()[-1] == "submitted from 2026-11-20 05:00 to 2026-11-20 10:00 UTC"
    )


def test_a_value_error_of_ours_is_an_internal_error_not_a_usage_error() -> None:
    """Every input is checked before the request; a ValueError after it is a bug of ours. The
    commands caught every ValueError as a usage error (exit 2), which hid such a bug."""
    job = json.dumps(make_job("00000000-0000-4000-8000-000000000001"))
    code = (
        "import sys\n"
        "from ionq_facade.cli import _app, _jobs\n"
        "def broken(*args, **kwargs):\n"
        "    raise ValueError('a bug of ours')\n"
        "_jobs._field_rows = broken\n"
        "sys.argv[0] = 'ionq-jobs'\n"
        "_app.run_entry()\n"
    )
    with serving(send(200, job, Content_Type="application/json")) as srv:
        result = run(
            "show",
            "00000000-0000-4000-8000-000000000001",
            "--format",
            "table",
            base_url=srv.base_url,
            code=code,
        )
    assert result.returncode == cli.EXIT_INTERNAL
    assert "internal error (ValueError)" in one_line(result)


GOOD = "44444444-4444-4444-8444-444444444444"


@pytest.mark.parametrize("verb", ["cancel", "delete"])
def test_by_filters_a_listed_id_no_request_can_name_is_left_alone(verb: str) -> None:
    """A server listing `{"id": "bad id"}` among the jobs to act on: the real run was an
    internal error (exit 70) with nothing done, though `--dry-run` had said it would act."""
    listed = page([{"id": "bad id", "status": "submitted"}, {"id": GOOD, "status": "submitted"}])
    done = {"cancel": "canceled", "delete": "deleted"}[verb]
    answer = send(200, json.dumps({"id": GOOD, "status": done}), Content_Type="application/json")
    with serving(listed, page([{"id": GOOD, "status": "submitted"}]), answer) as srv:
        result = run(verb, "--status", "submitted", "--yes", "--format", "jsonl",
                     base_url=srv.base_url)  # fmt: skip
        writes = [r for r in srv.requests if r.method in ("PUT", "DELETE")]
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [GOOD]
    assert "left alone 1 job whose id no request can name: 'bad id'" in result.stderr
    assert [r.target.rsplit("/", 3)[1:] for r in writes] == (
        [[GOOD, "status", "cancel"]] if verb == "cancel" else [["v0.4", "jobs", GOOD]]
    )


def test_cancel_takes_a_status_that_is_not_a_string_as_unknown() -> None:
    """`"status": {"phase": "odd"}`: cancel was an internal error (unhashable type: 'dict')."""
    job = {"id": GOOD, "status": {"phase": "odd"}}
    answer = send(200, json.dumps({"id": GOOD, "status": "canceled"}),
                  Content_Type="application/json")  # fmt: skip
    with serving(page([job]), page([job]), answer) as srv:
        result = run("cancel", GOOD, "--yes", "--format", "jsonl", base_url=srv.base_url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["outcome"] == "canceled"
    assert "may still be billed" in result.stderr  # not known to be queued: it may have run
