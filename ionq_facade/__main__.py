"""`python -m ionq_facade`: the `ionq-jobs` command line."""

from .cli import entry

entry()
