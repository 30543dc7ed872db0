from __future__ import annotations

import re

import pytest
from ionq_jobs_api.models import JobStatus as GeneratedJobStatus

from ionq_facade import JobStatus
from ionq_facade.enums import settled


def test_terminal_and_active_partition_the_statuses() -> None:
    terminal = {s for s in JobStatus if s.is_terminal}
    assert terminal >= {JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELED}
    assert not terminal & {JobStatus.SUBMITTED, JobStatus.READY, JobStatus.STARTED}
    assert {s for s in JobStatus if s.is_active} == set(JobStatus) - terminal


def test_values_are_the_generated_enums() -> None:
    # that the facade has every status of the spec is pinned, with the place to edit, in
    # tests/contract/test_restated.py; here: it invents none
    assert {s.value for s in JobStatus} <= {s.value for s in GeneratedJobStatus}
    assert GeneratedJobStatus.FAILED == JobStatus.FAILED


@pytest.mark.parametrize("raw", ["failed", "FAILED", "Failed ", GeneratedJobStatus.FAILED])
def test_parse_any_case(raw: str) -> None:
    assert JobStatus.parse(raw) is JobStatus.FAILED


@pytest.mark.parametrize("raw", ["zz-not-a-status", "", None, 3])
def test_parse_rejects_with_the_allowed_values(raw: object) -> None:
    with pytest.raises(ValueError, match=f"allowed: {re.escape(JobStatus.allowed())}$"):
        JobStatus.parse(raw)


def test_try_parse_tells_known_from_unknown() -> None:
    assert JobStatus.try_parse("completed") is JobStatus.COMPLETED
    assert JobStatus.try_parse("zz-not-a-status") is None
    from ionq_jobs_api.types import UNSET

    assert JobStatus.try_parse(UNSET) is None


@pytest.mark.parametrize(
    ("status", "over"),
    [("submitted", False), ("ready", False), ("started", False), ("completed", True),
     ("COMPLETED", True), (" started", True), (["started"], True), ({}, True), (None, True)],
)  # fmt: skip
def test_a_wait_goes_on_only_for_an_active_status_as_ionq_writes_it(
    status: object, over: bool
) -> None:
    assert settled(status) is over
