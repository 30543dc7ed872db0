"""The `ionq_mock_server` fixture comes from the package's pytest11 entry point (no conftest)."""

from __future__ import annotations

from ionq_facade.testing import MockIonQServer


def test_fixture_is_a_started_checked_server(ionq_mock_server: MockIonQServer) -> None:
    assert ionq_mock_server.base_url.startswith("http://127.0.0.1:")
    with ionq_mock_server.jobs_client() as client:
        jobs = list(client.iter_jobs(status="completed"))
    assert jobs
    assert all(job.status == "completed" for job in jobs)
    assert len(ionq_mock_server.jobs) == 101  # the seed job and 100 generated
