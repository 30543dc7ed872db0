"""What `ionq-jobs wait` shows while it waits.

On a terminal (stdout, table format): a live table, one line per job with its status and the
time waited, redrawn as it polls and left on the screen as the final table. Elsewhere: one
stderr line per change of status, so a log shows when each job ended.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import Any

from rich.live import Live
from rich.table import Table
from rich.text import Text

from ..enums import settled
from ._app import say
from ._output import cell, printable
from ._table import PlainConsole

REFRESHES_PER_SECOND = 2
UNREAD = "…"  # a job's status before a poll has read it


def status_of(job: dict[str, Any] | None, found_before: bool = True) -> str:
    """A raw job's status as shown: for None "gone" (a poll had found it) or "not-found" (as
    cancel and delete say: never there, or a typo), "no status" when it has none."""
    if job is None:
        return "gone" if found_before else "not-found"
    status = job.get("status")
    return "no status" if status is None else status if isinstance(status, str) else cell(status)


class WaitView:
    def __init__(self, ids: list[str], live: bool) -> None:
        self.ids = list(dict.fromkeys(ids))
        self.started = time.monotonic()
        self.status: dict[str, str] = dict.fromkeys(self.ids, UNREAD)
        self.ended: dict[str, float] = {}
        self.found: set[str] = set()  # the jobs a poll has found: missing later, they are gone
        self._live = (
            Live(
                get_renderable=self.table,
                console=PlainConsole(),
                refresh_per_second=REFRESHES_PER_SECOND,
            )
            if live
            else None
        )

    def __enter__(self) -> WaitView:
        self.started = time.monotonic()
        if self._live is not None:
            self._live.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        unread = all(status == UNREAD for status in self.status.values())
        if exc is not None and self._live is not None and unread:
            self._live.transient = True  # an error before any job was read: it alone is shown
        self.stop()

    def stop(self) -> None:
        """End the live view (again: a no-op); its last frame stays, as the final table."""
        if self._live is not None:
            self._live.refresh()
            self._live.stop()

    @property
    def shown(self) -> bool:
        """True when the final table is already on the screen."""
        return self._live is not None

    def poll(self, states: dict[str, dict[str, Any] | None]) -> None:
        now = time.monotonic()
        for job_id, job in states.items():
            if job is not None:
                self.found.add(job_id)
            status = status_of(job, job_id in self.found)
            if status == self.status.get(job_id):
                continue
            self.status[job_id] = status
            if job is None or settled(status):
                self.ended.setdefault(job_id, now)  # done, as the wait counts it
            if self._live is None:
                say(f"{job_id} {printable(status)} after {self.waited(job_id, now)}")
        if self._live is not None:
            self._live.refresh()

    def waited(self, job_id: str, now: float | None = None) -> str:
        seconds = self.ended.get(job_id, now if now is not None else time.monotonic())
        total = int(seconds - self.started)
        return f"{total // 60}m{total % 60:02d}s" if total >= 60 else f"{total}s"

    def table(self) -> Table:
        table = Table(box=None, header_style="bold", pad_edge=False)
        for name in ("job", "status", "waited"):
            table.add_column(name, overflow="fold", justify="right" if name == "waited" else "left")
        for job_id in self.ids:
            table.add_row(
                Text(printable(job_id)), Text(printable(self.status[job_id])), self.waited(job_id)
            )
        return table
