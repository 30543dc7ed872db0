"""`ionq-jobs`, the command line (extra `[cli]`): parsing and rendering only; every request goes
through `JobsClient`. The console script is `entry`."""

from __future__ import annotations

import sys
from importlib.util import find_spec

from .._extras import missing_extra_message

_NEEDS = ("click", "rich")


def entry() -> None:
    """The console script. Without the `[cli]` extra, one line says what to install."""
    missing = [name for name in _NEEDS if find_spec(name) is None]
    if missing:
        sys.stderr.write(f"ionq-jobs: error: {missing_extra_message('cli', missing)}\n")
        sys.exit(2)
    from ._app import run_entry

    run_entry()


__all__ = ["entry"]
