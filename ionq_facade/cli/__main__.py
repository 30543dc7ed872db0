"""`python -m ionq_facade.cli`: the same as the `ionq-jobs` script."""

from . import entry

entry()
