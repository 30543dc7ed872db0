"""Aggregates for `ionq-jobs summary`, computed in one streaming pass over raw job dicts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeGuard

from .._window import parse_timestamp

MAX_COUNT = 2**53  # exact as a float: no sum of job counts comes near it


@dataclass
class Summary:
    jobs: int = 0
    by_status_backend: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures_by_code: Counter[str] = field(default_factory=Counter)
    billed_us_by_backend: Counter[str] = field(default_factory=Counter)
    shots_by_backend: Counter[str] = field(default_factory=Counter)
    oldest: str | None = None  # submitted_at as the server wrote it; unreadable ones left out
    newest: str | None = None
    span: tuple[datetime, datetime] | None = field(default=None, repr=False)  # as times

    def add(self, job: dict[str, Any]) -> None:
        """Count one job; missing or odd fields count as "?" rather than failing the summary."""
        status = _label(job.get("status"))
        backend = _label(job.get("backend"))
        self.jobs += 1
        self.by_status_backend[status, backend] += 1
        failure = job.get("failure")
        if isinstance(failure, dict) or status == "failed":
            code = failure.get("code") if isinstance(failure, dict) else None
            self.failures_by_code[_label(code)] += 1
        stats = job.get("stats")
        billed = stats.get("billed_quantum_compute_time_us") if isinstance(stats, dict) else None
        if _count(billed):
            self.billed_us_by_backend[backend] += round(billed)
        shots = job.get("shots")
        if _count(shots):
            self.shots_by_backend[backend] += round(shots)
        submitted = job.get("submitted_at")
        when = _in_utc(parse_timestamp(submitted))  # `10:00+05:00` is before `06:00Z`
        if when is not None:
            if self.span is None:
                self.span = (when, when)
            if when <= self.span[0]:
                self.span, self.oldest = (when, self.span[1]), submitted
            if when >= self.span[1]:
                self.span, self.newest = (self.span[0], when), submitted

    @property
    def statuses(self) -> list[str]:
        return sorted({status for status, _ in self.by_status_backend})

    @property
    def backends(self) -> list[str]:
        return sorted({backend for _, backend in self.by_status_backend})

    def to_dict(self) -> dict[str, Any]:
        return {
            "jobs": self.jobs,
            "by_status_backend": [
                {"status": s, "backend": b, "jobs": n}
                for (s, b), n in sorted(self.by_status_backend.items())
            ],
            "failures_by_code": dict(self.failures_by_code.most_common()),
            "billed_quantum_compute_time_us": {
                "total": sum(self.billed_us_by_backend.values()),
                "by_backend": dict(sorted(self.billed_us_by_backend.items())),
            },
            "shots": {
                "total": sum(self.shots_by_backend.values()),
                "by_backend": dict(sorted(self.shots_by_backend.items())),
            },
            "oldest_submitted_at": self.oldest,
            "newest_submitted_at": self.newest,
        }


def _in_utc(when: datetime | None) -> datetime | None:
    """`when` in UTC; None when it has no UTC time (`0001-01-01T00:00+05:00` is before year 1)."""
    try:
        return when.astimezone(UTC) if when is not None else None
    except OverflowError:
        return None


def _count(value: object) -> TypeGuard[int | float]:
    """A number to add up: an int or a float (`2.5e6`) from 0 to 2**53; a bool, NaN or a
    400-digit int is not one (summing it would overflow every column it reaches)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return 0 <= value <= MAX_COUNT  # NaN compares false


def _label(value: object) -> str:
    return value if isinstance(value, str) and value else "?"
