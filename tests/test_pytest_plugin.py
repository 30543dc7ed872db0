"""The `ionq_mock_server` fixture comes from the package's pytest11 entry point (no conftest)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from ionq_facade.testing import MockIonQServer


def test_fixture_is_a_started_checked_server(ionq_mock_server: MockIonQServer) -> None:
    assert ionq_mock_server.base_url.startswith("http://127.0.0.1:")
    with ionq_mock_server.jobs_client() as client:
        jobs = list(client.iter_jobs(status="completed"))
    assert jobs
    assert all(job.status == "completed" for job in jobs)
    assert len(ionq_mock_server.jobs) == 101  # the seed job and 100 generated


def test_the_recording_marker_needs_its_path(tmp_path: Path) -> None:
    """`@pytest.mark.ionq_recording` without a path raised a bare IndexError."""
    test = tmp_path / "test_marker.py"
    test.write_text(
        "import pytest\n\n@pytest.mark.ionq_recording\ndef test_it(ionq_mock_server):\n    pass\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert "ionq_recording takes one path" in result.stdout + result.stderr
    assert "IndexError" not in result.stdout + result.stderr


@pytest.mark.ionq_mock(jobs=3, seed=7, default_page_size=2)
def test_the_mock_marker_passes_its_options(ionq_mock_server: MockIonQServer) -> None:
    """The fixture could not be configured: 100 jobs, no drift, no rate, whatever the test."""
    assert len(ionq_mock_server.jobs) == 4  # the seed job and 3 generated
    auth = {"Authorization": f"apiKey {ionq_mock_server.api_key}"}
    page = httpx.get(f"{ionq_mock_server.base_url}/jobs", headers=auth).json()  # no limit sent
    assert len(page["jobs"]) == 2


def test_a_bad_mock_marker_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    test = tmp_path / "test_marker.py"
    test.write_text(
        "import pytest\n\n@pytest.mark.ionq_mock(jobs=-1)\ndef test_a(ionq_mock_server):\n"
        "    pass\n\n@pytest.mark.ionq_mock(5)\ndef test_b(ionq_mock_server):\n    pass\n"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    out = result.stdout + result.stderr
    assert "@pytest.mark.ionq_mock: jobs must be a count >= 0, got -1" in out
    assert "ionq_mock takes MockIonQServer's keyword options only" in out
