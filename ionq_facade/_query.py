"""Listing filters, checked and normalised before any request is sent.

`JobFilters` names every query parameter of `GET /jobs` except the cursor (which is a separate
argument of each method): the drift test compares it with openapi.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypedDict, TypeVar
from urllib.parse import quote, urlencode

from ionq_jobs_api.api.default import get_jobs
from ionq_jobs_api.models import JobStatus as GeneratedJobStatus
from ionq_jobs_api.types import UNSET, Unset

from .enums import JobStatus

DEFAULT_PAGE_SIZE = 100
INT32_MAX = 2**31 - 1  # `limit` is an int32 in the spec
# What one request's query may spend on ids, and a cursor may take: well under the 8 KiB request
# line many servers and proxies accept (httpx itself refuses URLs past 64 KiB).
MAX_IDS_QUERY_CHARS = 6_000
MAX_CURSOR_CHARS = 2_000
_T = TypeVar("_T")


class JobFilters(TypedDict, total=False):
    """Keyword arguments shared by `get_page`, `iter_pages` and `iter_jobs`."""

    ids: Iterable[str] | None
    parent_job_id: str | None
    status: JobStatus | str | None
    target: str | Iterable[str] | None
    session_id: str | None
    submitter_id: str | None
    page_size: int


@dataclass(frozen=True, slots=True)
class JobQuery:
    """Validated filters of one listing; every page of it is requested with the same ones."""

    ids: tuple[str, ...] | None = None
    parent_job_id: str | None = None
    status: JobStatus | None = None
    target: str | None = None
    session_id: str | None = None
    submitter_id: str | None = None
    page_size: int = DEFAULT_PAGE_SIZE

    @classmethod
    def build(
        cls,
        *,
        ids: Iterable[str] | None = None,
        parent_job_id: str | None = None,
        status: JobStatus | str | None = None,
        target: str | Iterable[str] | None = None,
        session_id: str | None = None,
        submitter_id: str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> JobQuery:
        return cls(
            ids=_ids(ids),
            parent_job_id=_text("parent_job_id", parent_job_id),
            status=None if status is None else _status(status),
            target=_target(target),
            session_id=_text("session_id", session_id),
            submitter_id=_text("submitter_id", submitter_id),
            page_size=check_count("page_size", page_size, minimum=1, maximum=INT32_MAX),
        )

    def request_kwargs(self, cursor: str | None, limit: int | None = None) -> dict[str, Any]:
        """httpx request arguments, built by the generated client (same encoding as its API)."""
        return get_jobs._get_kwargs(
            ids=_or_unset(list(self.ids) if self.ids is not None else None),
            parent_job_id=_or_unset(self.parent_job_id),
            status=GeneratedJobStatus(self.status.value) if self.status else UNSET,
            target=_or_unset(self.target),
            session_id=_or_unset(self.session_id),
            submitter_id=_or_unset(self.submitter_id),
            limit=limit if limit is not None else self.page_size,
            next_=_or_unset(cursor),
        )


def _or_unset(value: _T | None) -> _T | Unset:
    return UNSET if value is None else value


def check_count(name: str, value: object, *, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be an integer <= {maximum}, got {value!r}")
    return value


def url_text_problem(value: str) -> str | None:
    """Why `value` cannot travel in a URL, or None. Checked on the server's `next` (a cursor we
    could not send back is a malformed page), the caller's `cursor=` and every text filter."""
    try:
        encoded = quote(value, safe="")
    except UnicodeEncodeError:
        return "it holds a lone surrogate, which is not text"
    if len(encoded) > MAX_CURSOR_CHARS:
        return f"it takes {len(encoded):,} characters in a URL; at most {MAX_CURSOR_CHARS:,} fit"
    return None


def check_cursor(cursor: object) -> str | None:
    if cursor is None:
        return None
    if not isinstance(cursor, str) or not cursor:
        raise ValueError(
            f"cursor must be a non-empty string from a page's next_cursor, got {cursor!r}"
        )
    problem = url_text_problem(cursor)
    if problem:
        raise ValueError(f"cursor cannot be sent: {problem}")
    return cursor


def _text(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    problem = url_text_problem(value)
    if problem:
        raise ValueError(f"{name} cannot be sent: {problem}")
    return value.strip()


def _status(value: object) -> JobStatus:
    if not isinstance(value, str):
        raise ValueError(f"invalid job status {value!r}; allowed: {JobStatus.allowed()}")
    return JobStatus.parse(value)


def _strings(name: str, values: object) -> tuple[str, ...]:
    """A tuple of non-empty strings from an iterable; a bare string is refused (it would split)."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ValueError(f"{name} must be a list (or other iterable) of strings, got {values!r}")
    items = tuple(values)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{name} must contain only non-empty strings, got {item!r}")
    if not items:
        raise ValueError(f"{name} is empty; pass None to leave it out")
    for item in items:
        problem = url_text_problem(item)
        if problem:
            raise ValueError(f"{name}: {item[:40]!r}… cannot be sent: {problem}")
    return tuple(item.strip() for item in items)


def _ids(values: Iterable[str] | None) -> tuple[str, ...] | None:
    """The ids, once each, refused before any request when they would not fit one URL."""
    if values is None:
        return None
    ids = tuple(dict.fromkeys(_strings("ids", values)))
    size = len(urlencode([("ids", job_id) for job_id in ids]))
    if size > MAX_IDS_QUERY_CHARS:
        raise ValueError(
            f"ids: {len(ids):,} ids take {size:,} characters of query; at most "
            f"{MAX_IDS_QUERY_CHARS:,} fit one request (about 150 UUIDs). Ask in batches."
        )
    return ids


def _target(value: str | Iterable[str] | None) -> str | None:
    """One backend, a comma-separated string or an iterable of backends: one joined string."""
    if value is None:
        return None
    if isinstance(value, str):
        parts = tuple(part.strip() for part in value.split(","))
        if not all(parts):
            raise ValueError(f"target must name backends separated by commas, got {value!r}")
        joined = ",".join(parts)
    else:
        joined = ",".join(_strings("target", value))
    problem = url_text_problem(joined)
    if problem:
        raise ValueError(f"target cannot be sent: {problem}")
    return joined
