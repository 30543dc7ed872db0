"""What a user's type checker sees (`nox -s typecheck` runs mypy --strict on this file too; pytest
does not collect it): each `assert_type` fails the check when an overload is lost or widened."""

from __future__ import annotations

from typing import Any, assert_type

from ionq_jobs_api.models import Failure, Job, JobDetail
from ionq_jobs_api.types import Unset

from ionq_facade import AsyncJobsClient, JobsClient, JobsPage


def sync_usage(client: JobsClient) -> None:
    assert_type(client.get_job("id"), JobDetail)
    assert_type(client.get_job("id", raw=True), dict[str, Any])
    assert_type(client.wait_for_jobs(["id"]), dict[str, Job | None])
    assert_type(client.wait_for_jobs(["id"], raw=True), dict[str, dict[str, Any] | None])
    assert_type(client.get_page(), JobsPage[Job])
    assert_type(client.get_page(raw=True), JobsPage[dict[str, Any]])
    for job in client.iter_jobs(status="failed"):
        assert_type(job, Job)
        failure = job.failure  # the README's reading of a failure
        assert_type(failure.message if isinstance(failure, Failure) else None, str | Unset | None)


async def async_usage(client: AsyncJobsClient) -> None:
    assert_type(await client.get_job("id"), JobDetail)
    assert_type(await client.get_job("id", raw=True), dict[str, Any])
    assert_type(await client.wait_for_jobs(["id"]), dict[str, Job | None])
    assert_type(await client.wait_for_jobs(["id"], raw=True), dict[str, dict[str, Any] | None])
    async for job in client.iter_jobs(raw=True):
        assert_type(job, dict[str, Any])
