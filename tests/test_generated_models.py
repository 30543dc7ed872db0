"""The generated models parse what the API sends, including what it is not documented to send."""

from __future__ import annotations

from typing import Any

import pytest
from ionq_jobs_api.client import AuthenticatedClient
from ionq_jobs_api.models import Job, JobsPage, JobStatus
from ionq_jobs_api.types import UNSET


def test_seed_page_round_trips_exactly(seed_page: dict[str, Any]) -> None:
    page = JobsPage.from_dict(seed_page)
    assert page.to_dict() == seed_page
    job = page.jobs[0]
    assert job.status is JobStatus.COMPLETED
    assert job.submitted_at == "2025-05-28T20:47:05.440Z"
    assert job.stats["gate_counts"] == {"1q": 1028, "2q": 110}  # a plain dict, no wrapper


def test_undocumented_values_parse_and_are_kept(seed_page: dict[str, Any]) -> None:
    raw = seed_page["jobs"][0]
    raw.update(
        status="zz-not-a-status",
        cost_model="zz-not-a-cost-model",
        type="zz-not-a-type",
        backend="qpu.zz-not-a-backend",
        noise={"model": "zz-not-a-noise-model", "seed": 7, "zz_not_a_noise_key": True},
        failure={"code": "ZzNotAFailureCode", "message": "x", "zz_not_a_failure_key": False},
        zz_not_a_field={"nested": [1, 2]},
        project_id=None,  # required-and-nullable in IonQ's spec, sent as null
        results={"format": "changed shape", "items": []},
    )
    page = JobsPage.from_dict(seed_page)
    job = page.jobs[0]
    assert job.status == "zz-not-a-status"
    assert not isinstance(job.status, JobStatus)
    assert job.cost_model == "zz-not-a-cost-model"
    assert job.type_ == "zz-not-a-type"
    assert not isinstance(job.noise, type(UNSET))
    assert job.noise is not None
    assert job.noise.model == "zz-not-a-noise-model"
    assert job.additional_properties == {"zz_not_a_field": {"nested": [1, 2]}}
    assert job.project_id is None
    assert page.to_dict() == seed_page


@pytest.mark.parametrize(
    "absent", ["status", "project_id", "started_at", "failure", "settings", "shots", "noise"]
)
def test_fields_the_published_spec_requires_may_be_absent(
    seed_page: dict[str, Any], absent: str
) -> None:
    del seed_page["jobs"][0][absent]
    job = Job.from_dict(seed_page["jobs"][0])
    assert getattr(job, absent) is UNSET
    assert absent not in job.to_dict()


@pytest.mark.parametrize("field", ["noise", "failure", "metadata", "stats", "results"])
def test_nested_objects_of_another_shape_are_kept_as_sent(
    seed_page: dict[str, Any], field: str
) -> None:
    seed_page["jobs"][0][field] = "now a string"
    job = Job.from_dict(seed_page["jobs"][0])
    assert getattr(job, field) == "now a string"


def test_authenticated_client_repr_hides_the_key() -> None:
    key = "fake-key-0123456789-do-not-use"
    client = AuthenticatedClient(base_url="https://api.ionq.co/v0.4", token=key, prefix="apiKey")
    http = client.get_httpx_client()  # the header is built on first use
    assert http.headers["Authorization"] == f"apiKey {key}"
    assert key not in repr(client)
    assert key not in str(client)
    assert key not in repr(http.headers)
