"""Timestamps as aware datetimes, and a listing cut to a time window (`since=`, `until=`).

Jobs keep the server's timestamp strings (exact round trips, by design of the spec);
`parse_timestamp` reads one as an aware datetime. The window is applied to `submitted_at` on the
client: IonQ's API has no date filter. It relies on the listing being newest first (IonQ's order):
a whole page older than `since` ends the listing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._pagination import JobsPage


def parse_timestamp(value: object) -> datetime | None:
    """An API timestamp (`2025-05-28T20:47:05.440Z`) as an aware datetime (UTC when it has no
    offset); None for None, UNSET or a value that is not an ISO 8601 date-time."""
    if not isinstance(value, str):
        return None
    try:  # RFC 3339 allows `t` and `z` in lower case; fromisoformat takes upper case only
        parsed = datetime.fromisoformat(value.upper())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def window_bound(name: str, value: object) -> datetime | None:
    """`since=`/`until=`: a datetime (naive is UTC), a date (its midnight, UTC), or an ISO 8601
    string of either; anything else is a ValueError naming the accepted forms."""
    if value is None:
        return None
    if isinstance(value, str):
        parsed = parse_timestamp(value.strip())
        if parsed is None:
            raise ValueError(
                f"{name} {value!r} is not an ISO 8601 date or date-time; use for example "
                "2026-11-17, 2026-11-17T08:00 or 2026-11-17T08:00:00+01:00 (UTC unless an offset "
                "is given)"
            )
        return parsed
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise ValueError(f"{name} must be a datetime, a date or an ISO 8601 string, got {value!r}")


@dataclass(frozen=True, slots=True)
class Window:
    """[since, until) on `submitted_at`. Jobs without a readable time are kept."""

    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def build(cls, since: object, until: object, names: tuple[str, str]) -> Window | None:
        window = cls(window_bound(names[0], since), window_bound(names[1], until))
        if window.since and window.until and window.since >= window.until:
            raise ValueError(
                f"{names[0]} must be before {names[1]}, got {names[0]} {since!r} and "
                f"{names[1]} {until!r}"
            )
        return window if window.since or window.until else None

    def cut(self, page: JobsPage[Any]) -> tuple[JobsPage[Any], bool]:
        """(the page's jobs inside the window, whether the whole page is older than it)."""
        places = [self._place(job) for job in page.jobs]
        keep = [index for index, place in enumerate(places) if place == 0]
        inside = dataclasses.replace(
            page, jobs=[page.jobs[i] for i in keep], ids=[page.ids[i] for i in keep]
        )
        return inside, bool(places) and all(place < 0 for place in places)

    def _place(self, job: Any) -> int:
        """-1 before the window, 0 inside, 1 after."""
        raw = job.get("submitted_at") if isinstance(job, dict) else job.submitted_at
        submitted = parse_timestamp(raw)
        if submitted is None:
            return 0
        if self.since is not None and submitted < self.since:
            return -1
        if self.until is not None and submitted >= self.until:
            return 1
        return 0
