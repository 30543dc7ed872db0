"""The CLI where Unix-only calls are missing, and ISO 8601 only for --since/--until."""

from __future__ import annotations

import subprocess
import sys

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
