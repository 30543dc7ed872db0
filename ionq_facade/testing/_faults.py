"""Scripted misbehaviour for the mock server: what an API, a proxy or a network does badly."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from werkzeug import Request


@dataclass(frozen=True)
class Fault:
    """One kind of misbehaviour. Build them with the class methods; inject with
    `MockIonQServer.inject(fault, times=N, when=...)`."""

    kind: str
    status: int = 200
    retry_after: str | None = None
    seconds: float = 0.0

    @classmethod
    def http_status(cls, status: int, retry_after: float | datetime | None = None) -> Fault:
        """An error status with IonQ's error body; `Retry-After` in seconds or as an HTTP date."""
        if type(status) is not int or not 100 <= status <= 599:
            raise ValueError(f"status must be an HTTP status code (100-599), got {status!r}")
        if isinstance(retry_after, datetime) and retry_after.utcoffset() is not None:
            header: str | None = format_datetime(retry_after.astimezone(UTC), usegmt=True)
        elif isinstance(retry_after, int | float) and not isinstance(retry_after, bool):
            if not 0 <= retry_after < math.inf:
                raise ValueError(f"retry_after must be seconds >= 0, got {retry_after!r}")
            header = str(int(retry_after)) if float(retry_after).is_integer() else str(retry_after)
        elif retry_after is None:
            header = None
        else:
            raise ValueError(
                "retry_after must be seconds >= 0 or an aware datetime (an HTTP date), got "
                f"{retry_after!r:.60}"
            )
        return cls("status", status=status, retry_after=header)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Serve the page normally, `seconds` late (timeouts, slow links)."""
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not 0 <= seconds < 1e6
        ):
            raise ValueError(f"seconds must be a number >= 0, got {seconds!r}")
        return cls("delay", seconds=seconds)

    @classmethod
    def drop_connection(cls) -> Fault:
        """Close the connection without answering."""
        return cls("drop")

    @classmethod
    def drop_after_acting(cls) -> Fault:
        """Do what the request asks (a cancel, a delete), then close the connection unanswered:
        the client cannot know it was done."""
        return cls("drop_after")

    @classmethod
    def truncated_body(cls) -> Fault:
        """Announce the whole page, send half of it, close the connection."""
        return cls("truncate")

    @classmethod
    def invalid_json(cls) -> Fault:
        """A complete response whose body is half a JSON document."""
        return cls("invalid_json")

    @classmethod
    def html_page(cls) -> Fault:
        """A proxy's HTML maintenance page, with status 200."""
        return cls("html")

    @classmethod
    def repeated_cursor(cls) -> Fault:
        """The page's `next` is the cursor the request was made with (an endless loop)."""
        return cls("repeat_cursor")

    @classmethod
    def empty_page(cls) -> Fault:
        """No jobs, and a fresh cursor pointing where this request pointed."""
        return cls("empty_page")

    @classmethod
    def jobs_null(cls) -> Fault:
        """`"jobs": null`."""
        return cls("jobs_null")

    @classmethod
    def next_missing(cls) -> Fault:
        """A page without its `next` key."""
        return cls("next_missing")


RequestPredicate = Callable[[Request], bool]
PAGE_FAULTS = frozenset({"repeat_cursor", "empty_page", "jobs_null", "next_missing"})


@dataclass
class ScheduledFault:
    fault: Fault
    remaining: int | None  # None: every matching request
    when: RequestPredicate | None

    def matches(self, request: Request) -> bool:
        return self.remaining != 0 and (self.when is None or self.when(request))

    def take(self) -> bool:
        """Use one of its times (under the server's lock); False when none is left."""
        if self.remaining == 0:
            return False
        if self.remaining is not None:
            self.remaining -= 1
        return True
