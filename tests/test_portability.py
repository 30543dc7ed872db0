"""The CLI where Unix-only calls are missing, and ISO 8601 only for --since/--until."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from ionq_facade.testing import MockIonQServer
from tests.conftest import subprocess_env

WITHOUT_SIGMASK = """
import signal, sys
del signal.pthread_sigmask
from ionq_facade.cli import entry
sys.argv[0] = 'ionq-jobs'
entry()
"""


def test_listing_works_without_pthread_sigmask() -> None:
    with MockIonQServer(jobs=30) as server:
        env = subprocess_env(IONQ_BASE_URL=server.base_url, IONQ_API_KEY=server.api_key)
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", WITHOUT_SIGMASK, "list", "--all", "--format", "jsonl"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(server.jobs)


def test_fuzzy_dates_are_usage_errors() -> None:
    for when in ("2026", "monday", "5"):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "ionq_facade.cli", "list", "--since", when],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env=subprocess_env(IONQ_API_KEY="zz-fake-key"),
        )
        assert result.returncode == 2
        assert f"--since {when!r} is not an ISO 8601 date" in result.stderr


def test_output_whose_encoding_cannot_hold_a_name_is_written_as_utf8() -> None:
    """A file on a cp1252 Windows (here PYTHONIOENCODING) could not take a job named in
    Japanese: a UnicodeEncodeError, exit 70, and the page lost. Files and pipes get UTF-8."""
    import json

    from tests.rawserver import page, serving

    job = {"id": "j1", "status": "completed", "name": "日本語 ✓", "backend": "qpu.aria-1"}
    other = {"id": "j2", "status": "failed", "backend": "simulator"}  # a `·` in the summary
    with serving(page([job]), page([job]), page([job, other])) as srv:
        results = [
            subprocess.run(  # noqa: S603
                [sys.executable, "-m", "ionq_facade.cli", *args],
                capture_output=True,
                env=subprocess_env(
                    IONQ_BASE_URL=srv.base_url, IONQ_API_KEY="fake-key", PYTHONIOENCODING=coding
                ),
                timeout=60,
                check=False,
            )
            for args, coding in [
                (["list", "--format", "csv", "--fields", "id,name"], "cp1252"),
                (["list", "--format", "jsonl"], "ascii"),
                (["summary"], "ascii"),
            ]
        ]
    for result in results:
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert results[0].stdout.decode("utf-8") == "id,name\nj1,日本語 ✓\n"
    assert json.loads(results[1].stdout.decode("utf-8"))["name"] == "日本語 ✓"
    summary = results[2].stdout.decode("utf-8")
    assert summary.startswith("2 jobs by backend and status\n")
    assert "·" in summary  # the summary's own marks, as UTF-8


def test_what_list_writes_is_read_back_by_delete_in_any_locale() -> None:
    """`list` writes UTF-8 to a pipe whatever the locale; `delete -` read stdin in the locale's
    encoding, where the UTF-8 of a name like "Ángel" holds bytes cp1252 does not define: the
    README's `list | delete -` was exit 2."""
    import json

    from tests.rawserver import page, serving

    job = {"id": "j1", "status": "completed", "name": "Ángel Í Ð Ý"}
    with serving(page([job]), page([job])) as srv:
        env = subprocess_env(
            IONQ_BASE_URL=srv.base_url, IONQ_API_KEY="fake-key", PYTHONIOENCODING="cp1252"
        )
        listed = subprocess.run(
            [sys.executable, "-m", "ionq_facade.cli", "list", "--format", "jsonl"],
            capture_output=True, env=env, timeout=60, check=False,
        )  # fmt: skip
        preview = subprocess.run(
            [sys.executable, "-m", "ionq_facade.cli", "delete", "-", "--dry-run", "--format",
             "json"],
            input=listed.stdout, capture_output=True, env=env, timeout=60, check=False,
        )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert preview.returncode == 0, preview.stderr.decode("utf-8", "replace")
    assert [j["id"] for j in json.loads(preview.stdout.decode("utf-8"))] == ["j1"]


def test_no_symlink_is_shipped() -> None:
    """A Windows checkout makes a symlink a small text file: the test kit's contract read
    `ionq_facade/_data/openapi.yaml`, a link to the spec, and would have parsed its target's
    path. It reads the spec the generated package ships."""
    root = Path(__file__).parent.parent
    shipped = [*(root / "ionq_facade").rglob("*"), *(root / "generated").rglob("*")]
    assert len(shipped) > 50  # the packages are there
    assert [path for path in shipped if path.is_symlink()] == []


@pytest.mark.parametrize("platform", ["win32", "linux"])
def test_progress_erases_its_line_without_escape_codes_on_windows(
    platform: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A legacy Windows console prints ESC [K as text (`←[K`): there the line is blanked with
    spaces. Every line the CLI rewrites in place goes through `erase_line`."""
    from ionq_facade.cli._progress import Progress

    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("COLUMNS", "40")
    out = io.StringIO()
    progress = Progress(out, enabled=True)
    progress.page(3)
    progress.clear()
    written = out.getvalue()
    assert ("\x1b" in written) == (platform != "win32")
    blank = f"\r{' ' * 39}\r" if platform == "win32" else "\r\x1b[K"
    assert written.startswith(f"{blank}1 page, 3 jobs, ")
    assert written.endswith(blank)
    cli = Path(__file__).parent.parent / "ionq_facade" / "cli"
    raw = [f.name for f in cli.glob("*.py") if "\\x1b[K" in f.read_text()]
    assert raw == ["_progress.py"]  # erase_line's, alone


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_on_windows_the_line_blanked_is_as_wide_as_stderrs_terminal() -> None:
    """It measured stdout: with stdout a file (an export), 79 spaces on a 60-column console
    wrapped, and every progress update went down a line."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 60, 0, 0))
    code = "import sys; sys.platform = 'win32'; from ionq_facade.cli._progress import erase_line; "
    code += "print(repr(erase_line()))"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=terminal, text=True,
        env=subprocess_env(), timeout=60, check=True,
    )  # fmt: skip
    os.close(terminal)
    os.close(controller)
    assert result.stdout.strip() == repr("\r" + " " * 59 + "\r")
