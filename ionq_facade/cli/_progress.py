"""Progress of a listing on stderr: transient, and only where a person is watching."""

from __future__ import annotations

import os
import shutil
import sys
import time
from typing import IO

from ._output import plural


class Progress:
    """`N pages, M jobs, Ts` on one stderr line, rewritten in place.

    Shown only when stderr is a terminal, and never while data streams to that same terminal
    (the data is the progress then). `clear()` erases the line; call it before printing anything,
    so progress never shares a line with data or with a message.
    """

    def __init__(self, stream: IO[str] | None = None, *, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = _isatty(self.stream) if enabled is None else enabled
        self.started = time.monotonic()
        self.pages = self.jobs = 0
        self._shown = False

    def page(self, jobs: int) -> None:
        self.pages += 1
        self.jobs += jobs
        if self.enabled:
            elapsed = time.monotonic() - self.started
            done = f"{plural(self.pages, 'page')}, {plural(self.jobs, 'job')}, {elapsed:.1f}s"
            self.stream.write(f"{erase_line()}{done}")
            self.stream.flush()
            self._shown = True

    def clear(self) -> None:
        if self._shown:
            self.stream.write(erase_line())
            self.stream.flush()
            self._shown = False


def erase_line() -> str:
    """Back to the start of the line, and erase it (ESC [K). A legacy Windows console prints
    escape codes as text (`←[K`): there the line is blanked with spaces."""
    if sys.platform != "win32":
        return "\r\x1b[K"
    try:  # the line is stderr's: stdout may be a file (`list --all --format csv > jobs.csv`)
        width = os.get_terminal_size(sys.stderr.fileno()).columns
    except (AttributeError, OSError, ValueError):
        width = shutil.get_terminal_size().columns
    return "\r" + " " * (width - 1) + "\r"


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False
