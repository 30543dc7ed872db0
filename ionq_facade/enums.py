"""Job statuses as a `str` enum with the questions people ask of them.

The generated models hold a status as the generated `JobStatus` for documented values and as a
plain `str` for anything new. `JobStatus.try_parse(job.status)` is the documented way to tell the
two apart: it returns `None` for a status this library does not know yet.
"""

from __future__ import annotations

from enum import StrEnum


class JobStatus(StrEnum):
    """The statuses IonQ documents for v0.4 jobs (openapi.yaml's enum), in lifecycle order."""

    SUBMITTED = "submitted"
    READY = "ready"
    STARTED = "started"
    CANCELED = "canceled"
    FAILED = "failed"
    COMPLETED = "completed"

    @property
    def is_terminal(self) -> bool:
        """The job will not change status again."""
        return self in _TERMINAL

    @property
    def is_active(self) -> bool:
        """The job is still queued or running."""
        return self not in _TERMINAL

    @classmethod
    def allowed(cls) -> str:
        return ", ".join(member.value for member in cls)

    @classmethod
    def parse(cls, value: object) -> JobStatus:
        """`value` as a JobStatus, in any case; ValueError naming the value and the choices."""
        known = cls.try_parse(value)
        if known is None:
            raise ValueError(f"invalid job status {value!r}; allowed: {cls.allowed()}")
        return known

    @classmethod
    def try_parse(cls, value: object) -> JobStatus | None:
        """The JobStatus for `value`, or None when it is not one of the documented statuses.

        Accepts this enum, the generated enum and strings in any case; anything else (an unknown
        status from the server, UNSET, None) gives None.
        """
        if isinstance(value, str):
            return _BY_VALUE.get(value.strip().lower())
        return None


_TERMINAL = frozenset({JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELED})
_BY_VALUE = {member.value: member for member in JobStatus}


TERMINAL_STATUSES = frozenset(status.value for status in _TERMINAL)  # the strings, for raw jobs


def is_terminal(status: object) -> bool:
    """A raw job's status is final (any value the server sent, a list or an object included)."""
    return isinstance(status, str) and status in TERMINAL_STATUSES


ACTIVE_STATUSES = frozenset(status.value for status in JobStatus if status.is_active)


def settled(status: object) -> bool:
    """A wait for this job is over: its status is anything but one of the active statuses as
    IonQ writes them: final, or one this library does not know (`COMPLETED` included, as
    everywhere a raw job's status is read: kept as it is, never taken for completed)."""
    return not (isinstance(status, str) and status in ACTIVE_STATUSES)  # a list is no status
