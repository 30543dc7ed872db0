"""Property-based: documents generated from the spec's own schemas survive the whole path.

hypothesis-jsonschema draws jobs from the `Job` schema of openapi.yaml (refs inlined, OpenAPI-only
keywords dropped); the mock serves them over HTTP and they come back through the generated models
and the facade with every field intact (`to_dict()` equals what was served)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from ionq_jobs_api.models import Job, JobsPage

from ionq_facade.testing import MockIonQServer
from tests.conftest import SPEC_PATH

OPENAPI_ONLY = {"example", "examples", "description", "summary", "format"}
INT32 = {"minimum": -(2**31), "maximum": 2**31 - 1}


def json_schema(name: str) -> dict[str, Any]:
    """A component schema as plain JSON Schema for hypothesis-jsonschema."""
    components = yaml.safe_load(SPEC_PATH.read_text())["components"]["schemas"]

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(components[node["$ref"].rsplit("/", 1)[-1]])
            plain = {
                key: inline(value)
                for key, value in node.items()
                if not key.startswith("x-") and key not in OPENAPI_ONLY
            }
            if node.get("format") == "int32":  # an OpenAPI format JSON Schema tools do not know
                plain.update(INT32)
            return plain
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return inline(components[name])  # type: ignore[no-any-return]


def sendable(document: object) -> bool:
    """What a JSON API can send and the facade promises to read back exactly: no lone surrogates
    (not Unicode) and integers within 64 bits (orjson, the facade's decoder, reads larger ones
    as floats; README, Known limitations)."""
    try:
        json.dumps(document, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return False
    return all(-(2**63) <= n < 2**64 for n in _integers(document))


def _integers(node: object) -> Iterator[int]:
    if isinstance(node, bool):
        return
    if isinstance(node, int):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _integers(value)
    elif isinstance(node, list):
        for value in node:
            yield from _integers(value)


JOBS = from_schema(json_schema("Job")).filter(sendable)
PAGES = from_schema(json_schema("JobsPage")).filter(sendable)


# How many examples comes from the profile (tests/conftest.py): few by default, more in CI. Each
# test keeps what is its own: drawing from the spec's schemas is slow, so no deadline and no
# too_slow health check.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGES)
def test_generated_models_round_trip_any_valid_page(page: dict[str, Any]) -> None:
    assert JobsPage.from_dict(page).to_dict() == page


@pytest.fixture(scope="module")
def server() -> Iterator[MockIonQServer]:
    with MockIonQServer(include_seed_job=False) as started:
        yield started


# the function-scoped fixtures (conftest's autouse `_no_real_key`) hold nothing an example
# could leave behind; the module's server is cleared by each example
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(JOBS, min_size=1, max_size=6, unique_by=lambda job: job["id"]))
def test_served_jobs_come_back_through_the_facade(
    server: MockIonQServer, jobs: list[dict[str, Any]]
) -> None:
    # the mock orders by (submitted_at, id): give the jobs a total order the test can predict
    for index, job in enumerate(jobs):
        job["submitted_at"] = f"2026-01-01T00:00:{59 - index:02d}.000Z"
    assume(all(job["id"] for job in jobs))
    server.clear_jobs()
    server.add_jobs(jobs)
    with server.jobs_client(max_retries=0) as client:
        listed = list(client.iter_jobs(page_size=4))
    assert all(isinstance(job, Job) for job in listed)
    assert [job.to_dict() for job in listed] == jobs
    assert server.take_violations() == []
