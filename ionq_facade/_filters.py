"""The listing's filters as keyword arguments: their names, types and one-line help.

Light on purpose (no httpx, no generated code): the command line builds its options and help from
`JobFilters` at start-up. `_query.JobQuery` checks the values; the drift test compares the names
with openapi.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, TypedDict, get_type_hints

from .enums import JobStatus


class JobFilters(TypedDict, total=False):
    """Keyword arguments shared by `get_page`, `iter_pages` and `iter_jobs`; each one's help is
    its annotation's text (the methods' docstrings and the CLI's options read it)."""

    ids: Annotated[
        Iterable[str] | None, "only these job ids (an iterable of strings; as many as fit one URL)"
    ]
    parent_job_id: Annotated[str | None, "only the children of this job"]
    status: Annotated[
        JobStatus | str | Iterable[JobStatus | str] | None,
        "only jobs in this status (a JobStatus or a string in any case); iter_jobs takes several",
    ]
    target: Annotated[
        str | Iterable[str] | None,
        "only jobs on this backend: one, a comma-separated string, or an iterable",
    ]
    session_id: Annotated[str | None, "only jobs run inside this session"]
    submitter_id: Annotated[str | None, "only jobs this member of a shared project submitted"]
    page_size: Annotated[int, "jobs per request (sent as `limit`; default 100)"]


def filter_help() -> dict[str, str]:
    """Each filter's one-line help, from JobFilters' annotations."""
    hints = get_type_hints(JobFilters, include_extras=True)
    return {name: hint.__metadata__[0] for name, hint in hints.items()}
